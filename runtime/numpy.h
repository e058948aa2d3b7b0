// numpy's operations on NdArray, with numpy 2's semantics: broadcasting, type promotion (NEP 50:
// a Python scalar takes the array's kind where it can), views for slicing and reshaping, and
// numpy's error messages. Results that numpy gives as scalars (a.sum(), a[i, j]) are 0-d arrays.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "runtime/list.h"
#include "runtime/ndarray.h"

namespace kiln::rt::np {

// A dtype as Python code names it: "float32", "int64", "bool", ... (np.float32 is such a name).
DType parse_dtype(const std::string& name);
std::string dtype_name(DType t);

// ---- creation ----
NdArray zeros(const List<int64_t>& shape, const std::optional<std::string>& dtype);
NdArray zeros(int64_t n, const std::optional<std::string>& dtype);
NdArray ones(const List<int64_t>& shape, const std::optional<std::string>& dtype);
NdArray ones(int64_t n, const std::optional<std::string>& dtype);
NdArray full(const List<int64_t>& shape, double value, const std::optional<std::string>& dtype);
NdArray full(int64_t n, double value, const std::optional<std::string>& dtype);
NdArray arange(double start, std::optional<double> stop, double step, const std::optional<std::string>& dtype,
               bool integral);
NdArray linspace(double start, double stop, int64_t num);
NdArray eye(int64_t n, const std::optional<std::string>& dtype);
NdArray zeros_like(const NdArray& a);
NdArray ones_like(const NdArray& a);
// np.array / np.asarray of nested lists: the element type gives the dtype (int → int64, float →
// float64, bool → bool) unless `dtype` says.
NdArray array(const List<int64_t>& v, const std::optional<std::string>& dtype);
NdArray array(const List<double>& v, const std::optional<std::string>& dtype);
NdArray array(const List<bool>& v, const std::optional<std::string>& dtype);
NdArray array(const List<List<int64_t>>& v, const std::optional<std::string>& dtype);
NdArray array(const List<List<double>>& v, const std::optional<std::string>& dtype);
NdArray array(const NdArray& a, const std::optional<std::string>& dtype);

// ---- shape ----
List<int64_t> shape(const NdArray& a);
std::string dtype(const NdArray& a);
NdArray astype(const NdArray& a, const std::string& dtype);
NdArray copy(const NdArray& a);  // C-contiguous
NdArray reshape(const NdArray& a, const List<int64_t>& shape);
NdArray reshape(const NdArray& a, int64_t n);
NdArray transpose(const NdArray& a);
NdArray ravel(const NdArray& a);
NdArray expand_dims(const NdArray& a, int64_t axis);
NdArray squeeze(const NdArray& a, std::optional<int64_t> axis);
NdArray concatenate(const List<NdArray>& arrays, int64_t axis);
NdArray stack(const List<NdArray>& arrays, int64_t axis);
// np.split into equal sections, or at the given indices: views of `a`.
List<NdArray> split(const NdArray& a, int64_t sections, int64_t axis);
List<NdArray> split(const NdArray& a, const List<int64_t>& boundaries, int64_t axis);

// ---- elementwise: binary operators with broadcasting; `op` is the Python operator's name ----
NdArray binary(const std::string& op, const NdArray& a, const NdArray& b);
NdArray binary(const std::string& op, const NdArray& a, double b, bool b_is_float);
NdArray binary(const std::string& op, double a, bool a_is_float, const NdArray& b);
NdArray unary(const std::string& op, const NdArray& a);  // neg, abs, exp, log, sqrt, tanh, ...
// np.clip(a, lo, hi): a bound of None leaves that side open; a float bound makes an integer array float.
NdArray clip(const NdArray& a, std::optional<double> lo, bool lo_is_float, std::optional<double> hi,
             bool hi_is_float);
NdArray where(const NdArray& condition, const NdArray& x, const NdArray& y);
NdArray where(const NdArray& condition, double x, double y);

// ---- reductions over all elements (axis None) or one axis ----
NdArray reduce(const std::string& op, const NdArray& a, std::optional<int64_t> axis, bool keepdims);
NdArray cumsum(const NdArray& a, std::optional<int64_t> axis);
NdArray sort(const NdArray& a, int64_t axis);
NdArray argsort(const NdArray& a, int64_t axis);
NdArray argpartition(const NdArray& a, int64_t kth, int64_t axis);
NdArray unique(const NdArray& a);  // sorted, flattened, NaNs as one

// ---- linear algebra ----
NdArray matmul(const NdArray& a, const NdArray& b);
NdArray norm(const NdArray& a, std::optional<int64_t> axis, bool keepdims);

// ---- indexing ----
// One position of a subscript a[...]: an integer, a slice, np.newaxis (None), `...`, or an index
// array (integer or boolean). An Index is a sequence of them: a[1:, None, i] is three.
struct IndexPart {
  enum class Kind : uint8_t { Integer, Range, NewAxis, Ellipsis, Array };
  Kind kind = Kind::Integer;
  int64_t integer = 0;
  std::optional<int64_t> start, stop, step;
  std::optional<NdArray> array;
};

class Index {
 public:
  Index(int64_t i) : parts_{IndexPart{IndexPart::Kind::Integer, i, {}, {}, {}, {}}} {}  // NOLINT: implicit
  Index(const NdArray& array)  // NOLINT: implicit, as a[arr]
      : parts_{IndexPart{IndexPart::Kind::Array, 0, {}, {}, {}, array}} {}
  Index(const List<int64_t>& items);  // NOLINT: a[[0, 2]]
  Index(const List<bool>& items);     // NOLINT: a[[True, False]]
  static Index range(std::optional<int64_t> start, std::optional<int64_t> stop, std::optional<int64_t> step);
  static Index new_axis();
  static Index ellipsis();
  // a[x, y, z]: the parts of each, in order.
  static Index join(std::initializer_list<Index> items);
  template <class... T>
  static Index of(const std::tuple<T...>& items) {
    return std::apply([](const auto&... x) { return join({Index(x)...}); }, items);
  }
  const std::vector<IndexPart>& parts() const { return parts_; }

 private:
  Index() = default;
  std::vector<IndexPart> parts_;
};

NdArray item(const NdArray& a, int64_t i);                     // a[i]: a view, one dimension less
NdArray index(const NdArray& a, int64_t i);                    // a[i] too: the integer subscript's fast path
NdArray slice(const NdArray& a, std::optional<int64_t> start,  // a[start:stop:step]: a view
              std::optional<int64_t> stop, std::optional<int64_t> step);
// a[index]: a view when the index has no arrays (basic indexing), else a copy (advanced indexing,
// numpy's rules for where the broadcast index dimensions go).
NdArray index(const NdArray& a, const Index& index);
// a[index] = value: writes through to `a`'s buffer (every view of it sees the change).
void set_index(const NdArray& a, const Index& index, const NdArray& value);
void set_index(const NdArray& a, const Index& index, double value);
void set_slice(const NdArray& a, std::optional<int64_t> start, std::optional<int64_t> stop,
               std::optional<int64_t> step, const NdArray& value);
void set_slice(const NdArray& a, std::optional<int64_t> start, std::optional<int64_t> stop,
               std::optional<int64_t> step, double value);
// a OP= b: computes a OP b and writes it into a's buffer (numpy's "same_kind" casting: an integer
// array cannot take a float result); returns a.
NdArray inplace(const std::string& op, const NdArray& a, const NdArray& b);
NdArray inplace(const std::string& op, const NdArray& a, double b, bool b_is_float);

// ---- to Python values ----
double to_float(const NdArray& a);  // float(a): size-1 arrays only
int64_t to_int(const NdArray& a);
bool truth(const NdArray& a);  // `if a:`: size-1 arrays only
List<double> tolist_float(const NdArray& a);

namespace detail {
template <class T>
struct Nesting {  // a list type's depth and its innermost element type
  static constexpr int64_t depth = 0;
  using Leaf = T;
};
template <class T>
struct Nesting<List<T>> {
  static constexpr int64_t depth = 1 + Nesting<T>::depth;
  using Leaf = typename Nesting<T>::Leaf;
};
// TypeError unless `a` has `depth` dimensions and elements of the Python kind `leaf` names.
void check_tolist(const NdArray& a, int64_t depth, const char* leaf);

template <class L>
L tolist_rows(const NdArray& a) {
  L out;
  if constexpr (Nesting<L>::depth == 1) {
    with_dtype(a.dtype(), [&](auto t) {
      using T = decltype(t);
      const T* p = a.base<T>();
      for_each_offset(a, [&](int64_t off) { out.append(static_cast<typename L::value_type>(p[off])); });
    });
  } else {
    for (int64_t i = 0; i < a.shape()[0]; ++i) out.append(tolist_rows<typename L::value_type>(item(a, i)));
  }
  return out;
}
}  // namespace detail

// a.tolist() as the list type the code declares (list[float], list[list[int]], ...): numpy gives
// nested lists of Python scalars, so the array's rank and kind must be the declared ones.
template <class L>
L tolist(const NdArray& a) {
  using Leaf = typename detail::Nesting<L>::Leaf;
  detail::check_tolist(a, detail::Nesting<L>::depth,
                       std::is_same_v<Leaf, bool>     ? "bool"
                       : std::is_same_v<Leaf, double> ? "float"
                                                      : "int");
  return detail::tolist_rows<L>(a);
}

}  // namespace kiln::rt::np

namespace kiln::rt {
// `if a:` and `not a`: numpy's truth of a one-element array; ValueError for others.
inline bool truth(const NdArray& a) {
  return np::truth(a);
}

// `for row in a:` walks the first dimension: views of the rows (0-d copies for a 1-d array).
inline List<NdArray> iterate(const NdArray& a) {
  List<NdArray> rows;
  for (int64_t i = 0, n = len(a); i < n; ++i) rows.append(np::item(a, i));
  return rows;
}
}  // namespace kiln::rt
