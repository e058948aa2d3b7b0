// numpy's operations on NdArray, with numpy 2's semantics: broadcasting, type promotion (NEP 50:
// a Python scalar takes the array's kind where it can), views for slicing and reshaping, and
// numpy's error messages. Results that numpy gives as scalars (a.sum(), a[i, j]) are 0-d arrays.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
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

// ---- elementwise: binary operators with broadcasting; `op` is the Python operator's name ----
NdArray binary(const std::string& op, const NdArray& a, const NdArray& b);
NdArray binary(const std::string& op, const NdArray& a, double b, bool b_is_float);
NdArray binary(const std::string& op, double a, bool a_is_float, const NdArray& b);
NdArray unary(const std::string& op, const NdArray& a);  // neg, abs, exp, log, sqrt, tanh, ...
NdArray clip(const NdArray& a, double lo, double hi);
NdArray where(const NdArray& condition, const NdArray& x, const NdArray& y);
NdArray where(const NdArray& condition, double x, double y);

// ---- reductions over all elements (axis None) or one axis ----
NdArray reduce(const std::string& op, const NdArray& a, std::optional<int64_t> axis, bool keepdims);
NdArray cumsum(const NdArray& a, std::optional<int64_t> axis);
NdArray sort(const NdArray& a, int64_t axis);
NdArray argsort(const NdArray& a, int64_t axis);

// ---- linear algebra ----
NdArray matmul(const NdArray& a, const NdArray& b);
NdArray norm(const NdArray& a, std::optional<int64_t> axis, bool keepdims);

// ---- indexing ----
NdArray item(const NdArray& a, int64_t i);                     // a[i]: a view, one dimension less
NdArray item(const NdArray& a, int64_t i, int64_t j);          // a[i, j]
NdArray slice(const NdArray& a, std::optional<int64_t> start,  // a[start:stop:step]: a view
              std::optional<int64_t> stop, std::optional<int64_t> step);
NdArray masked(const NdArray& a, const NdArray& mask);     // a[mask]: a copy
void set_item(const NdArray& a, int64_t i, double value);  // the handle is shared: writes go to its buffer
void set_item(const NdArray& a, int64_t i, const NdArray& value);
void set_masked(const NdArray& a, const NdArray& mask, double value);

// ---- to Python values ----
double to_float(const NdArray& a);  // float(a): size-1 arrays only
int64_t to_int(const NdArray& a);
bool truth(const NdArray& a);  // `if a:`: size-1 arrays only
List<double> tolist_float(const NdArray& a);

}  // namespace kiln::rt::np

namespace kiln::rt {
// `if a:` and `not a`: numpy's truth of a one-element array; ValueError for others.
inline bool truth(const NdArray& a) {
  return np::truth(a);
}
}  // namespace kiln::rt
