#include "runtime/numpy.h"
#include "runtime/numpy_fused.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <type_traits>
#include <utility>

#include "runtime/builtins.h"
#include "runtime/numpy_detail.h"

namespace kiln::rt::np {
namespace detail {

bool is_float(DType t) {
  return t == DType::Float32 || t == DType::Float64;
}

int rank(DType t) {
  return static_cast<int>(t);
}  // the enum lists kinds from narrowest to widest

// numpy 2's promotion of two array dtypes.
DType promote(DType a, DType b) {
  if (a == b || b == DType::Bool) return a;
  if (a == DType::Bool) return b;
  if (is_float(a) && is_float(b)) return DType::Float64;
  if (is_float(a) || is_float(b)) {
    const DType f = is_float(a) ? a : b, i = is_float(a) ? b : a;
    return f == DType::Float64 || i != DType::UInt8 ? DType::Float64 : DType::Float32;
  }
  return rank(a) > rank(b) ? a : b;
}

// NEP 50: a Python int takes the array's integer or float kind; a Python float takes a float
// array's dtype and makes other arrays float64.
DType promote_scalar(DType array, bool scalar_is_float) {
  if (scalar_is_float) return is_float(array) ? array : DType::Float64;
  return array == DType::Bool ? DType::Int64 : array;
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string out = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? "," : "") + std::to_string(shape[i]);
  return out + (shape.size() == 1 ? ",)" : ")");
}

int64_t normalize_axis(int64_t axis, int64_t ndim) {
  if (axis < -ndim || axis >= ndim)
    throw IndexError("axis " + std::to_string(axis) + " is out of bounds for array of dimension " +
                     std::to_string(ndim));
  return axis < 0 ? axis + ndim : axis;
}

// out[k] = f(element k of a), in C order; out is C-contiguous.
template <class S, class O, class F>
void map_elements(const NdArray& a, NdArray& out, F f) {
  const S* src = a.base<S>();
  O* dst = out.base<O>();
  if (a.contiguous()) {
    src += a.offset();
    for (int64_t k = 0, n = a.size(); k < n; ++k) dst[k] = static_cast<O>(f(src[k]));
    return;
  }
  int64_t k = 0;
  for_each_offset(a, [&](int64_t off) { dst[k++] = static_cast<O>(f(src[off])); });
}

// A C-contiguous copy of `a` with elements converted to `to`.
NdArray converted(const NdArray& a, DType to) {
  NdArray out(to, a.shape(), NdArray::Uninitialized{});
  with_dtype(to, [&](auto t) {
    using T = decltype(t);
    with_dtype(a.dtype(), [&](auto s) {
      using S = decltype(s);
      map_elements<S, T>(a, out, [](S x) {
        if constexpr (std::is_same_v<T, bool>)
          return x != S{};
        else
          return x;
      });
    });
  });
  return out;
}

NdArray as_dtype(const NdArray& a, DType to) {
  return a.dtype() == to ? a : converted(a, to);
}

// The broadcast shape of two shapes, numpy's rules; ValueError naming both otherwise.
std::vector<int64_t> broadcast_shape(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  const std::size_t n = std::max(a.size(), b.size());
  std::vector<int64_t> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const int64_t x = i < n - a.size() ? 1 : a[i - (n - a.size())];
    const int64_t y = i < n - b.size() ? 1 : b[i - (n - b.size())];
    if (x != y && x != 1 && y != 1)
      throw ValueError("operands could not be broadcast together with shapes " + shape_text(a) + " " +
                       shape_text(b) + " ");
    out[i] = x == 1 ? y : x;
  }
  return out;
}

// `a` viewed with `shape` (broadcast): stride 0 along the dimensions it repeats.
std::vector<int64_t> broadcast_strides(const NdArray& a, const std::vector<int64_t>& shape) {
  std::vector<int64_t> out(shape.size(), 0);
  const std::size_t lead = shape.size() - a.shape().size();
  for (std::size_t i = 0; i < a.shape().size(); ++i) out[lead + i] = a.shape()[i] == 1 ? 0 : a.strides()[i];
  return out;
}

template <class T>
T python_floordiv(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (b == 0) return a / b;  // inf or nan, as numpy gives
    const T m = std::fmod(a, b);
    T q = (a - m) / b;
    if (m != 0 && ((b < 0) != (m < 0))) q -= 1;
    return q;
  } else {
    if (b == 0) return 0;  // numpy: 0, with a warning
    T q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
  }
}

template <class T>
T python_mod(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (b == 0) return std::fmod(a, b);
    T m = std::fmod(a, b);
    if (m != 0 && ((b < 0) != (m < 0))) m += b;
    return m;
  } else {
    if (b == 0) return 0;
    T m = a % b;
    if (m != 0 && ((b < 0) != (m < 0))) m += b;
    return m;
  }
}

template <class T>
T integer_power(T base, T exponent) {
  if (exponent < 0) throw ValueError("Integers to negative integer powers are not allowed.");
  T out = 1;
  for (; exponent > 0; exponent >>= 1, base *= base) {
    if (exponent & 1) out *= base;
  }
  return out;
}

// The type integer arithmetic runs in so that overflow wraps (unsigned), floats as they are.
template <class T, bool = std::is_integral_v<T>>
struct Wrapping {
  using type = T;
};
template <class T>
struct Wrapping<T, true> {
  using type = std::make_unsigned_t<T>;
};

bool comparison(const std::string& op) {
  return op == "lt" || op == "le" || op == "gt" || op == "ge" || op == "eq" || op == "ne";
}

// Calls run(kernel) with the kernel for operator `op` on two T's (T the promoted type; bool as numpy
// treats it). Each kernel is a lambda of its own type, so the loop run() instantiates inlines it
// and vectorises where the operation allows.
template <class T, class Run>
void with_kernel(const std::string& op, Run&& run) {
  if (op == "lt") return run([](T x, T y) { return x < y; });
  if (op == "le") return run([](T x, T y) { return x <= y; });
  if (op == "gt") return run([](T x, T y) { return x > y; });
  if (op == "ge") return run([](T x, T y) { return x >= y; });
  if (op == "eq") return run([](T x, T y) { return x == y; });
  if (op == "ne") return run([](T x, T y) { return x != y; });
  if constexpr (std::is_same_v<T, bool>) {
    if (op == "add" || op == "bitor" || op == "maximum") return run([](T x, T y) -> T { return x || y; });
    if (op == "mul" || op == "bitand" || op == "minimum") return run([](T x, T y) -> T { return x && y; });
    if (op == "bitxor") return run([](T x, T y) -> T { return x != y; });
  } else {
    // Integers wrap around, as numpy's do.
    using Wide = typename Wrapping<T>::type;
    if (op == "add")
      return run([](T x, T y) { return static_cast<T>(static_cast<Wide>(x) + static_cast<Wide>(y)); });
    if (op == "sub")
      return run([](T x, T y) { return static_cast<T>(static_cast<Wide>(x) - static_cast<Wide>(y)); });
    if (op == "mul")
      return run([](T x, T y) { return static_cast<T>(static_cast<Wide>(x) * static_cast<Wide>(y)); });
    if (op == "floordiv") return run([](T x, T y) { return python_floordiv(x, y); });
    if (op == "mod") return run([](T x, T y) { return python_mod(x, y); });
    if (op == "maximum") return run([](T x, T y) { return kernels::maximum(x, y); });
    if (op == "minimum") return run([](T x, T y) { return kernels::minimum(x, y); });
    if constexpr (std::is_floating_point_v<T>) {
      if (op == "truediv") return run([](T x, T y) { return x / y; });
      if (op == "pow") return run([](T x, T y) { return static_cast<T>(std::pow(x, y)); });
    } else {
      if (op == "pow") return run([](T x, T y) { return integer_power(x, y); });
      if (op == "bitand") return run([](T x, T y) -> T { return x & y; });
      if (op == "bitor") return run([](T x, T y) -> T { return x | y; });
      if (op == "bitxor") return run([](T x, T y) -> T { return x ^ y; });
    }
  }
  throw TypeError("unsupported operand type for ndarray: " + op);
}

// out[j] = kernel(x[j * sx], y[j * sy]) for j < n; the common stride patterns (both contiguous, one a
// repeated scalar) are loops of their own so that they vectorise.
template <class T, class R, class K>
void binary_run(int64_t n, const T* x, int64_t sx, const T* y, int64_t sy, R* out, K kernel) {
  if (sx == 1 && sy == 1) {
    for (int64_t j = 0; j < n; ++j) out[j] = static_cast<R>(kernel(x[j], y[j]));
  } else if (sx == 1 && sy == 0) {
    const T v = *y;
    for (int64_t j = 0; j < n; ++j) out[j] = static_cast<R>(kernel(x[j], v));
  } else if (sx == 0 && sy == 1) {
    const T v = *x;
    for (int64_t j = 0; j < n; ++j) out[j] = static_cast<R>(kernel(v, y[j]));
  } else {
    for (int64_t j = 0; j < n; ++j) out[j] = static_cast<R>(kernel(x[j * sx], y[j * sy]));
  }
}

// Whether `strides` walk `shape` as one C-contiguous run (size-1 dimensions may have any stride).
bool is_c_run(const std::vector<int64_t>& shape, const std::vector<int64_t>& strides) {
  int64_t expected = 1;
  for (std::size_t d = shape.size(); d-- > 0;) {
    if (shape[d] != 1 && strides[d] != expected) return false;
    expected *= shape[d];
  }
  return true;
}

bool all_zero(const std::vector<int64_t>& strides) {
  return std::all_of(strides.begin(), strides.end(), [](int64_t s) { return s == 0; });
}

// Runs op elementwise over a and b (both already of dtype `compute`) into `out` (C-contiguous, of the
// broadcast shape): the last dimension as a run, the others in C order. Operands that are each one
// contiguous run or one repeated value make the whole array a single run.
void apply_binary(const std::string& op, const NdArray& a, const NdArray& b, DType compute, NdArray& out) {
  std::vector<int64_t> shape, sa, sb;
  const auto single_run = [&](const NdArray& x) {
    return x.size() == 1 || (x.contiguous() && x.shape() == out.shape());
  };
  if (single_run(a) && single_run(b)) {  // the common case, settled without building strides
    sa = {a.size() == 1 ? 0 : 1}, sb = {b.size() == 1 ? 0 : 1}, shape = {out.size()};
  } else {
    shape = out.shape(), sa = broadcast_strides(a, shape), sb = broadcast_strides(b, shape);
  }
  if ((is_c_run(shape, sa) || all_zero(sa)) && (is_c_run(shape, sb) || all_zero(sb))) {
    sa = {all_zero(sa) ? 0 : 1}, sb = {all_zero(sb) ? 0 : 1}, shape = {out.size()};
  }
  if (shape.empty()) shape = {1}, sa = {0}, sb = {0};
  const std::size_t last = shape.size() - 1;
  const int64_t n = shape[last], outer = out.size() / std::max<int64_t>(n, 1);
  if (n == 0) return;
  with_dtype(compute, [&](auto t) {
    using T = decltype(t);
    const T* pa = a.base<T>();
    const T* pb = b.base<T>();
    with_kernel<T>(op, [&](auto kernel) {
      using R = decltype(kernel(T{}, T{}));  // the result's dtype: bool for comparisons, else T
      R* po = out.base<R>();
      std::vector<int64_t> at(last, 0);
      int64_t oa = a.offset(), ob = b.offset();
      for (int64_t k = 0; k < outer; ++k) {
        binary_run(n, pa + oa, sa[last], pb + ob, sb[last], po + k * n, kernel);
        for (std::size_t d = last; d-- > 0;) {  // the next row, odometer style
          if (++at[d] < shape[d]) {
            oa += sa[d], ob += sb[d];
            break;
          }
          oa -= sa[d] * (shape[d] - 1), ob -= sb[d] * (shape[d] - 1);
          at[d] = 0;
        }
      }
    });
  });
}

NdArray binary_typed(const std::string& op, const NdArray& a, const NdArray& b, DType promoted) {
  DType compute = promoted, result = promoted;
  if (op == "truediv") {
    compute = result = is_float(promoted) ? promoted : DType::Float64;
  } else if (comparison(op)) {
    result = DType::Bool;
  } else if (promoted == DType::Bool && (op == "sub" || op == "truediv" || op == "floordiv" || op == "pow")) {
    compute = result = DType::Int64;  // numpy refuses `-` on booleans; arithmetic on them counts
    if (op == "sub")
      throw TypeError(
          "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` "
          "operator, or the logical_xor function instead.");
  }
  NdArray out(result, a.shape() == b.shape() ? a.shape() : broadcast_shape(a.shape(), b.shape()),
              NdArray::Uninitialized{});
  if (a.dtype() == compute && b.dtype() == compute) {
    apply_binary(op, a, b, compute, out);  // no conversion: no copies of the operands' descriptions
  } else {
    apply_binary(op, as_dtype(a, compute), as_dtype(b, compute), compute, out);
  }
  return out;
}

NdArray scalar_array(double value, DType dtype) {
  NdArray out(dtype, {});
  with_dtype(dtype, [&](auto t) {
    using T = decltype(t);
    out.base<T>()[0] = static_cast<T>(value);
  });
  return out;
}

// A copy of `a`'s elements as doubles, in C order.
std::vector<double> values(const NdArray& a) {
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(a.size()));
  with_dtype(a.dtype(), [&](auto t) {
    using T = decltype(t);
    const T* p = a.base<T>();
    for_each_offset(a, [&](int64_t off) { out.push_back(static_cast<double>(p[off])); });
  });
  return out;
}

NdArray from_values(const std::vector<double>& v, DType dtype, std::vector<int64_t> shape) {
  NdArray out(dtype, std::move(shape));
  with_dtype(dtype, [&](auto t) {
    using T = decltype(t);
    T* p = out.base<T>();
    for (std::size_t i = 0; i < v.size(); ++i) p[i] = static_cast<T>(v[i]);
  });
  return out;
}

DType dtype_or(const std::optional<std::string>& name, DType fallback) {
  return name ? parse_dtype(*name) : fallback;
}

std::vector<int64_t> checked_shape(const List<int64_t>& shape) {
  for (int64_t d : shape.vector()) {
    if (d < 0) throw ValueError("negative dimensions are not allowed");
  }
  return shape.vector();
}

// The reduction of one run of values (a contiguous copy along the reduced axis).
double reduce_run(const std::string& op, const std::vector<double>& v) {
  if (op == "sum") return std::accumulate(v.begin(), v.end(), 0.0);
  if (op == "prod") return std::accumulate(v.begin(), v.end(), 1.0, std::multiplies<>());
  if (op == "any") return std::any_of(v.begin(), v.end(), [](double x) { return x != 0; });
  if (op == "all") return std::all_of(v.begin(), v.end(), [](double x) { return x != 0; });
  if (op == "mean") return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  if (op == "var" || op == "std") {
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    double s = 0;
    for (double x : v) s += (x - mean) * (x - mean);
    const double var = s / static_cast<double>(v.size());
    return op == "var" ? var : std::sqrt(var);
  }
  const bool arg = op == "argmax" || op == "argmin";
  const bool max = op == "max" || op == "argmax";
  if (v.empty()) {
    if (arg) throw ValueError("attempt to get " + op + " of an empty sequence");
    throw ValueError("zero-size array to reduction operation " + std::string(max ? "maximum" : "minimum") +
                     " which has no identity");
  }
  std::size_t best = 0;
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (std::isnan(v[best])) break;  // nan wins, as in numpy
    if (std::isnan(v[i]) || (max ? v[i] > v[best] : v[i] < v[best])) best = i;
  }
  return arg ? static_cast<double>(best) : v[best];
}

DType reduction_dtype(const std::string& op, DType in) {
  if (op == "any" || op == "all") return DType::Bool;
  if (op == "argmax" || op == "argmin") return DType::Int64;
  if (op == "sum" || op == "prod") return is_float(in) ? in : DType::Int64;  // numpy: uint64 for uint8
  if (op == "mean" || op == "var" || op == "std") return is_float(in) ? in : DType::Float64;
  return in;  // max, min
}

}  // namespace detail
using namespace detail;

// ---- dtypes ----
DType parse_dtype(const std::string& name) {
  static const std::pair<const char*, DType> kNames[] = {
      {"float32", DType::Float32}, {"float64", DType::Float64}, {"float", DType::Float64},
      {"int32", DType::Int32},     {"int64", DType::Int64},     {"int", DType::Int64},
      {"uint8", DType::UInt8},     {"bool", DType::Bool},       {"bool_", DType::Bool},
  };
  for (const auto& [n, t] : kNames) {
    if (name == n) return t;
  }
  throw TypeError("data type '" + name + "' not understood");
}

std::string dtype_name(DType t) {
  switch (t) {
    case DType::Bool:
      return "bool";
    case DType::UInt8:
      return "uint8";
    case DType::Int32:
      return "int32";
    case DType::Int64:
      return "int64";
    case DType::Float32:
      return "float32";
    case DType::Float64:
      return "float64";
  }
  return "float64";
}

// ---- creation ----
NdArray zeros(const List<int64_t>& shape, const std::optional<std::string>& dtype) {
  return NdArray(dtype_or(dtype, DType::Float64), checked_shape(shape));
}
NdArray zeros(int64_t n, const std::optional<std::string>& dtype) {
  return zeros(List<int64_t>{n}, dtype);
}
NdArray full(const List<int64_t>& shape, double value, const std::optional<std::string>& dtype) {
  NdArray out(dtype_or(dtype, DType::Float64), checked_shape(shape));
  with_dtype(out.dtype(), [&](auto t) {
    using T = decltype(t);
    std::fill(out.elements<T>().begin(), out.elements<T>().end(), static_cast<T>(value));
  });
  return out;
}
NdArray full(int64_t n, double value, const std::optional<std::string>& dtype) {
  return full(List<int64_t>{n}, value, dtype);
}
NdArray ones(const List<int64_t>& shape, const std::optional<std::string>& dtype) {
  return full(shape, 1, dtype);
}
NdArray ones(int64_t n, const std::optional<std::string>& dtype) {
  return full(List<int64_t>{n}, 1, dtype);
}
NdArray zeros_like(const NdArray& a) {
  return NdArray(a.dtype(), a.shape());
}
NdArray ones_like(const NdArray& a) {
  return full(List<int64_t>(a.shape()), 1, dtype_name(a.dtype()));
}

NdArray arange(double start, std::optional<double> stop, double step, const std::optional<std::string>& dtype,
               bool integral) {
  if (!stop) {
    stop = start;
    start = 0;
  }
  if (step == 0) throw ZeroDivisionError("division by zero");
  const double count = std::ceil((*stop - start) / step);
  const auto n = static_cast<int64_t>(std::max(0.0, count));
  std::vector<double> v(static_cast<std::size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = start + static_cast<double>(i) * step;
  return from_values(v, dtype_or(dtype, integral ? DType::Int64 : DType::Float64), {n});
}

NdArray linspace(double start, double stop, int64_t num) {
  if (num < 0) throw ValueError("Number of samples, " + std::to_string(num) + ", must be non-negative.");
  std::vector<double> v(static_cast<std::size_t>(num));
  const double step = num > 1 ? (stop - start) / static_cast<double>(num - 1) : 0;
  for (int64_t i = 0; i < num; ++i) v[static_cast<std::size_t>(i)] = start + static_cast<double>(i) * step;
  if (num > 1) v.back() = stop;
  return from_values(v, DType::Float64, {num});
}

NdArray eye(int64_t n, const std::optional<std::string>& dtype) {
  NdArray out = zeros(List<int64_t>{n, n}, dtype);
  with_dtype(out.dtype(), [&](auto t) {
    using T = decltype(t);
    for (int64_t i = 0; i < n; ++i) out.base<T>()[i * n + i] = static_cast<T>(1);
  });
  return out;
}

namespace {

template <class T>
NdArray array_1d(const List<T>& v, const std::optional<std::string>& dtype, DType natural) {
  std::vector<double> values(v.vector().begin(), v.vector().end());
  return from_values(values, dtype_or(dtype, natural), {static_cast<int64_t>(values.size())});
}

template <class T>
NdArray array_2d(const List<List<T>>& rows, const std::optional<std::string>& dtype, DType natural) {
  const std::size_t width = rows.vector().empty() ? 0 : rows.vector()[0].vector().size();
  std::vector<double> values;
  for (const List<T>& row : rows.vector()) {
    if (row.vector().size() != width)
      throw ValueError(
          "setting an array element with a sequence. The requested array has an inhomogeneous "
          "shape after 1 dimensions. The detected shape was (" +
          std::to_string(rows.vector().size()) + ",) + inhomogeneous part.");
    values.insert(values.end(), row.vector().begin(), row.vector().end());
  }
  return from_values(values, dtype_or(dtype, natural),
                     {static_cast<int64_t>(rows.vector().size()), static_cast<int64_t>(width)});
}

}  // namespace

NdArray array(const List<int64_t>& v, const std::optional<std::string>& dtype) {
  return array_1d(v, dtype, DType::Int64);
}
NdArray array(const List<double>& v, const std::optional<std::string>& dtype) {
  return array_1d(v, dtype, DType::Float64);
}
NdArray array(const List<bool>& v, const std::optional<std::string>& dtype) {
  return array_1d(v, dtype, DType::Bool);
}
NdArray array(const List<List<int64_t>>& v, const std::optional<std::string>& dtype) {
  return array_2d(v, dtype, DType::Int64);
}
NdArray array(const List<List<double>>& v, const std::optional<std::string>& dtype) {
  return array_2d(v, dtype, DType::Float64);
}
NdArray array(const NdArray& a, const std::optional<std::string>& dtype) {
  return converted(a, dtype_or(dtype, a.dtype()));
}

// ---- shape ----
List<int64_t> shape(const NdArray& a) {
  return List<int64_t>(a.shape());
}
std::string dtype(const NdArray& a) {
  return dtype_name(a.dtype());
}
NdArray astype(const NdArray& a, const std::string& dtype) {
  return converted(a, parse_dtype(dtype));
}
NdArray copy(const NdArray& a) {
  return converted(a, a.dtype());
}

NdArray reshape(const NdArray& a, const List<int64_t>& shape) {
  std::vector<int64_t> out = shape.vector();
  int64_t known = 1, unknown = -1;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] == -1) {
      if (unknown >= 0) throw ValueError("can only specify one unknown dimension");
      unknown = static_cast<int64_t>(i);
    } else {
      known *= out[i];
    }
  }
  if (unknown >= 0 && known > 0 && a.size() % known == 0)
    out[static_cast<std::size_t>(unknown)] = a.size() / known;
  int64_t total = 1;
  for (int64_t d : out) total *= d;
  if (total != a.size() || (unknown >= 0 && out[static_cast<std::size_t>(unknown)] < 0)) {
    std::string text = "(";
    for (std::size_t i = 0; i < shape.vector().size(); ++i)
      text += (i ? "," : "") + std::to_string(shape.vector()[i]);
    throw ValueError("cannot reshape array of size " + std::to_string(a.size()) + " into shape " + text +
                     (shape.vector().size() == 1 ? ",)" : ")"));
  }
  const NdArray base = a.contiguous() ? a : copy(a);  // a view when the layout allows, as numpy
  return NdArray(base, out, NdArray::contiguous_strides(out), base.offset());
}
NdArray reshape(const NdArray& a, int64_t n) {
  return reshape(a, List<int64_t>{n});
}

NdArray transpose(const NdArray& a) {
  std::vector<int64_t> shape(a.shape().rbegin(), a.shape().rend()),
      strides(a.strides().rbegin(), a.strides().rend());
  return NdArray(a, shape, strides, a.offset());
}

NdArray ravel(const NdArray& a) {
  return reshape(a, List<int64_t>{a.size()});
}

NdArray expand_dims(const NdArray& a, int64_t axis) {
  axis = normalize_axis(axis, a.ndim() + 1);
  std::vector<int64_t> shape = a.shape(), strides = a.strides();
  shape.insert(shape.begin() + axis, 1);
  strides.insert(strides.begin() + axis, 0);
  return NdArray(a, shape, strides, a.offset());
}

NdArray squeeze(const NdArray& a, std::optional<int64_t> axis) {
  std::vector<int64_t> shape, strides;
  const int64_t only = axis ? normalize_axis(*axis, a.ndim()) : -1;
  if (axis && a.shape()[static_cast<std::size_t>(only)] != 1)
    throw ValueError("cannot select an axis to squeeze out which has size not equal to one");
  for (int64_t d = 0; d < a.ndim(); ++d) {
    const bool drop = axis ? d == only : a.shape()[static_cast<std::size_t>(d)] == 1;
    if (drop) continue;
    shape.push_back(a.shape()[static_cast<std::size_t>(d)]);
    strides.push_back(a.strides()[static_cast<std::size_t>(d)]);
  }
  return NdArray(a, shape, strides, a.offset());
}

NdArray concatenate(const List<NdArray>& arrays, int64_t axis) {
  const auto& list = arrays.vector();
  if (list.empty()) throw ValueError("need at least one array to concatenate");
  const NdArray& first = list[0];
  if (first.ndim() == 0) throw ValueError("zero-dimensional arrays cannot be concatenated");
  axis = normalize_axis(axis, first.ndim());
  DType dtype = first.dtype();
  std::vector<int64_t> shape = first.shape();
  shape[static_cast<std::size_t>(axis)] = 0;
  for (const NdArray& x : list) {
    dtype = promote(dtype, x.dtype());
    for (int64_t d = 0; d < first.ndim(); ++d) {
      if (x.ndim() != first.ndim() ||
          (d != axis && x.shape()[static_cast<std::size_t>(d)] != first.shape()[static_cast<std::size_t>(d)]))
        throw ValueError(
            "all the input array dimensions except for the concatenation axis must match exactly");
    }
    shape[static_cast<std::size_t>(axis)] += x.shape()[static_cast<std::size_t>(axis)];
  }
  NdArray out(dtype, shape);
  int64_t at = 0;
  for (const NdArray& x : list) {
    // The destination block as a view of `out`, then an elementwise copy into it.
    NdArray block(out, x.shape(), out.strides(), at * out.strides()[static_cast<std::size_t>(axis)]);
    const NdArray src = as_dtype(x, dtype);
    with_dtype(dtype, [&](auto t) {
      using T = decltype(t);
      std::vector<int64_t> dst_offsets;
      for_each_offset(block, [&](int64_t off) { dst_offsets.push_back(off); });
      std::size_t k = 0;
      for_each_offset(src, [&](int64_t off) { out.base<T>()[dst_offsets[k++]] = src.base<T>()[off]; });
    });
    at += x.shape()[static_cast<std::size_t>(axis)];
  }
  return out;
}

List<NdArray> split(const NdArray& a, const List<int64_t>& boundaries, int64_t axis) {
  if (a.ndim() == 0) throw ValueError("array split does not work on 0-d arrays");
  const std::size_t ax = static_cast<std::size_t>(normalize_axis(axis, a.ndim()));
  const int64_t n = a.shape()[ax];
  List<NdArray> out;
  int64_t start = 0;
  auto piece = [&](int64_t stop) {  // a view of [start, stop) along the axis, clamped as slices are
    const int64_t b = std::clamp<int64_t>(start, 0, n), e = std::clamp<int64_t>(stop, b, n);
    std::vector<int64_t> shape = a.shape();
    shape[ax] = e - b;
    out.append(NdArray(a, shape, a.strides(), a.offset() + (e > b ? b * a.strides()[ax] : 0)));
    start = stop;
  };
  for (int64_t stop : boundaries.vector()) piece(stop < 0 ? stop + n : stop);
  piece(n);
  return out;
}

List<NdArray> split(const NdArray& a, int64_t sections, int64_t axis) {
  if (sections <= 0) throw ValueError("number sections must be larger than 0.");
  if (a.ndim() == 0) throw ValueError("array split does not work on 0-d arrays");
  const int64_t n = a.shape()[static_cast<std::size_t>(normalize_axis(axis, a.ndim()))];
  if (n % sections != 0) throw ValueError("array split does not result in an equal division");
  List<int64_t> boundaries;
  for (int64_t k = 1; k < sections; ++k) boundaries.append(k * (n / sections));
  return split(a, boundaries, axis);
}

NdArray stack(const List<NdArray>& arrays, int64_t axis) {
  if (arrays.vector().empty()) throw ValueError("need at least one array to stack");
  const std::vector<int64_t> shape = arrays.vector()[0].shape();
  std::vector<NdArray> expanded;
  for (const NdArray& x : arrays.vector()) {
    if (x.shape() != shape) throw ValueError("all input arrays must have the same shape");
    expanded.push_back(expand_dims(x, normalize_axis(axis, x.ndim() + 1)));
  }
  return concatenate(List<NdArray>(std::move(expanded)), axis);
}

// ---- elementwise ----
NdArray binary(const std::string& op, const NdArray& a, const NdArray& b) {
  return binary_typed(op, a, b, promote(a.dtype(), b.dtype()));
}
NdArray binary(const std::string& op, const NdArray& a, double b, bool b_is_float) {
  const DType t = promote_scalar(a.dtype(), b_is_float);
  return binary_typed(op, a, scalar_array(b, t), t);
}
NdArray binary(const std::string& op, double a, bool a_is_float, const NdArray& b) {
  const DType t = promote_scalar(b.dtype(), a_is_float);
  return binary_typed(op, scalar_array(a, t), b, t);
}

namespace {

// Calls run(f) with op's function on T, the result's dtype (an inline lambda, as with_kernel's).
// Integers keep exact arithmetic (no trip through double); negation wraps, as numpy's does.
template <class T, class Run>
void with_unary(const std::string& op, Run&& run) {
  if constexpr (std::is_floating_point_v<T>) {  // float32 runs in float, as numpy's float32 loops do
    if (op == "exp") return run([](T x) { return std::exp(x); });
    if (op == "log") return run([](T x) { return std::log(x); });
    if (op == "sqrt") return run([](T x) { return std::sqrt(x); });
    if (op == "tanh") return run([](T x) { return std::tanh(x); });
    if (op == "abs") return run([](T x) { return std::fabs(x); });
    if (op == "neg") return run([](T x) { return -x; });
    if (op == "sign") return run([](T x) { return x != x ? x : static_cast<T>((x > 0) - (x < 0)); });
    if (op == "floor") return run([](T x) { return std::floor(x); });
    if (op == "ceil") return run([](T x) { return std::ceil(x); });
    if (op == "round") return run([](T x) { return std::nearbyint(x); });  // half to even
  } else if constexpr (std::is_same_v<T, bool>) {
    if (op == "abs" || op == "sign" || op == "floor" || op == "ceil" || op == "round")
      return run([](T x) { return x; });
  } else {
    using Wide = typename Wrapping<T>::type;
    if (op == "abs") return run([](T x) { return x < 0 ? static_cast<T>(-static_cast<Wide>(x)) : x; });
    if (op == "neg") return run([](T x) { return static_cast<T>(-static_cast<Wide>(x)); });
    if (op == "sign") return run([](T x) { return static_cast<T>((x > 0) - (x < 0)); });
    if (op == "floor" || op == "ceil" || op == "round") return run([](T x) { return x; });
  }
  throw TypeError("unsupported operand type for ndarray: " + op);
}

}  // namespace

NdArray unary(const std::string& op, const NdArray& a) {
  if (op == "isnan" || op == "isfinite" || op == "logical_not") {
    NdArray out(DType::Bool, a.shape(), NdArray::Uninitialized{});
    with_dtype(a.dtype(), [&](auto t) {
      using T = decltype(t);
      if (op == "isnan") return map_elements<T, bool>(a, out, [](T x) { return x != x; });
      if (op == "logical_not") return map_elements<T, bool>(a, out, [](T x) { return x == T{}; });
      map_elements<T, bool>(a, out, [](T x) {
        if constexpr (std::is_floating_point_v<T>) return std::isfinite(x);
        return true;
      });
    });
    return out;
  }
  if (op == "neg" && a.dtype() == DType::Bool)
    throw TypeError(
        "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the "
        "logical_not function instead.");
  DType out_type = a.dtype();
  const bool transcendental = op == "exp" || op == "log" || op == "sqrt" || op == "tanh";
  if (transcendental && !is_float(a.dtype()))
    out_type = a.dtype() == DType::UInt8 ? DType::Float32 : DType::Float64;
  const NdArray source = as_dtype(a, out_type);
  NdArray out(out_type, a.shape(), NdArray::Uninitialized{});
  with_dtype(out_type, [&](auto t) {
    using T = decltype(t);
    with_unary<T>(op, [&](auto f) { map_elements<T, T>(source, out, f); });
  });
  return out;
}

NdArray clip(const NdArray& a, std::optional<double> lo, bool lo_is_float, std::optional<double> hi,
             bool hi_is_float) {
  const NdArray low = lo ? binary("maximum", a, *lo, lo_is_float) : a;
  return hi ? binary("minimum", low, *hi, hi_is_float) : low;
}

NdArray where(const NdArray& condition, const NdArray& x, const NdArray& y) {
  const DType t = promote(x.dtype(), y.dtype());
  const std::vector<int64_t> shape =
      broadcast_shape(broadcast_shape(condition.shape(), x.shape()), y.shape());
  auto spread = [&](const NdArray& a, DType to) {
    const NdArray c = as_dtype(a, to);
    NdArray view(c, shape, broadcast_strides(c, shape), c.offset());
    return values(view);
  };
  const std::vector<double> c = spread(condition, DType::Bool), xv = spread(x, t), yv = spread(y, t);
  std::vector<double> out(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) out[i] = c[i] != 0 ? xv[i] : yv[i];
  return from_values(out, t, shape);
}
NdArray where(const NdArray& condition, double x, double y) {
  return where(condition, scalar_array(x, DType::Float64), scalar_array(y, DType::Float64));
}

// ---- reductions ----
namespace {

// Calls f(run) for each run of values along `axis` (C order of the other axes).
template <class F>
void for_each_run(const NdArray& a, int64_t axis, F&& f) {
  std::vector<int64_t> outer_shape = a.shape(), outer_strides = a.strides();
  const int64_t len = a.shape()[static_cast<std::size_t>(axis)],
                stride = a.strides()[static_cast<std::size_t>(axis)];
  outer_shape.erase(outer_shape.begin() + axis);
  outer_strides.erase(outer_strides.begin() + axis);
  const NdArray outer(a, outer_shape, outer_strides, a.offset());
  with_dtype(a.dtype(), [&](auto t) {
    using T = decltype(t);
    const T* p = a.base<T>();
    std::vector<double> run(static_cast<std::size_t>(len));
    for_each_offset(outer, [&](int64_t off) {
      for (int64_t i = 0; i < len; ++i)
        run[static_cast<std::size_t>(i)] = static_cast<double>(p[off + i * stride]);
      f(run);
    });
  });
}

// Whole runs of float32 and float64, the large reductions' case, are compiled twice: for x86-64-v3
// (AVX2) and for baseline x86-64; the loader picks by the CPU it runs on (an ifunc).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define KILN_CPU_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define KILN_CPU_CLONES
#endif
// The loops below are inlined into each clone, so each is compiled for that clone's CPU.
#define KILN_INLINE_LOOP [[gnu::always_inline]] inline

template <class T>
KILN_INLINE_LOOP double sum_run(const T* p, int64_t n) {
  constexpr int64_t kLanes = 16;  // independent accumulators, so the loop pipelines and vectorises
  double lanes[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int64_t j = 0; j < kLanes; ++j) lanes[j] += static_cast<double>(p[i + j]);
  for (; i < n; ++i) lanes[0] += static_cast<double>(p[i]);
  double out = 0;
  for (double lane : lanes) out += lane;
  return out;
}

// The largest (max) or smallest element; nan if any is nan, as numpy's max is. The comparison is
// a select the vectoriser turns into max/min instructions, with nans counted on the side.
template <bool kMax, class T>
KILN_INLINE_LOOP T extreme_run(const T* p, int64_t n) {
  // GCC vector types, which the vectoriser does not turn such a loop into by itself: a compare and
  // a select per vector (maxps/minps), and an unordered compare that notes nans.
  using Mask = std::conditional_t<sizeof(T) == 4, int32_t, int64_t>;
  typedef T Vec __attribute__((vector_size(32)));
  typedef Mask Masks __attribute__((vector_size(32)));
  constexpr int64_t kWidth = 32 / sizeof(T);
  const T init = kMax ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
  Vec m0 = Vec{} + init, m1 = m0;
  Masks nan = {};
  int64_t i = 0;
  for (; i + 2 * kWidth <= n; i += 2 * kWidth) {
    Vec a, b;
    std::memcpy(&a, p + i, sizeof a);
    std::memcpy(&b, p + i + kWidth, sizeof b);
    m0 = kMax ? (a > m0 ? a : m0) : (a < m0 ? a : m0);
    m1 = kMax ? (b > m1 ? b : m1) : (b < m1 ? b : m1);
    nan |= (a != a) | (b != b);
  }
  T out = init;
  bool any_nan = false;
  for (int64_t j = 0; j < kWidth; ++j) {
    any_nan |= nan[j] != 0;
    for (T v : {m0[j], m1[j]}) out = kMax ? (v > out ? v : out) : (v < out ? v : out);
  }
  for (; i < n; ++i) {
    any_nan |= p[i] != p[i];
    out = kMax ? (p[i] > out ? p[i] : out) : (p[i] < out ? p[i] : out);
  }
  return any_nan ? std::numeric_limits<T>::quiet_NaN() : out;
}

KILN_CPU_CLONES double sum_of(const float* p, int64_t n) {
  return sum_run(p, n);
}
KILN_CPU_CLONES double sum_of(const double* p, int64_t n) {
  return sum_run(p, n);
}
KILN_CPU_CLONES float extreme_of(const float* p, int64_t n, bool max) {
  return max ? extreme_run<true>(p, n) : extreme_run<false>(p, n);
}
KILN_CPU_CLONES double extreme_of(const double* p, int64_t n, bool max) {
  return max ? extreme_run<true>(p, n) : extreme_run<false>(p, n);
}

// sum, mean, max and min of a contiguous array, viewed as (outer, len, inner) with the reduced axis in
// the middle, as typed loops over its buffer (the general path copies to doubles first). Sums of
// floats accumulate in double, of integers in int64.
template <class T, class Acc, class Step>
std::vector<Acc> reduce_blocks(const T* p, int64_t outer, int64_t len, int64_t inner, Acc init, Step step) {
  std::vector<Acc> out(static_cast<std::size_t>(outer * inner), init);
  for (int64_t o = 0; o < outer; ++o) {
    const T* block = p + o * len * inner;
    Acc* acc = out.data() + o * inner;
    if (inner > 1) {  // the inner loop runs along contiguous memory, one accumulator per element
      for (int64_t l = 0; l < len; ++l)
        for (int64_t i = 0; i < inner; ++i) acc[i] = step(acc[i], block[l * inner + i]);
      continue;
    }
    constexpr int64_t kLanes = 8;  // independent accumulators, so the loop pipelines and vectorizes
    Acc lanes[kLanes];
    std::fill(lanes, lanes + kLanes, init);
    int64_t l = 0;
    for (; l + kLanes <= len; l += kLanes)
      for (int64_t j = 0; j < kLanes; ++j) lanes[j] = step(lanes[j], block[l + j]);
    for (; l < len; ++l) lanes[0] = step(lanes[0], block[l]);
    for (const Acc& lane : lanes) acc[0] = step(acc[0], lane);
  }
  return out;
}

std::optional<NdArray> reduce_contiguous(const std::string& op, const NdArray& a, int64_t outer, int64_t len,
                                         int64_t inner, DType out_type, const std::vector<int64_t>& shape) {
  const bool sum = op == "sum" || op == "mean", max = op == "max";
  if (!a.contiguous() || a.dtype() == DType::Bool || len == 0 || (!sum && !max && op != "min"))
    return std::nullopt;
  NdArray out(out_type, shape);
  with_dtype(a.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (!std::is_same_v<T, bool>) {  // bool arrays take the general path
      const T* p = reinterpret_cast<const T*>(a.data());
      auto store = [&](const auto& acc, double divisor) {
        with_dtype(out_type, [&](auto r) {
          using R = decltype(r);
          R* o = out.base<R>();
          for (std::size_t i = 0; i < acc.size(); ++i)
            o[i] =
                divisor == 1 ? static_cast<R>(acc[i]) : static_cast<R>(static_cast<double>(acc[i]) / divisor);
        });
      };
      if constexpr (std::is_floating_point_v<T>) {
        if (outer == 1 && inner == 1) {  // the whole array, the large case: the CPU-specific loops
          if (sum)
            return store(std::vector<double>{sum_of(p, len)}, op == "mean" ? static_cast<double>(len) : 1.0);
          return store(std::vector<T>{extreme_of(p, len, max)}, 1.0);
        }
      }
      if (sum) {
        using Sum = std::conditional_t<std::is_floating_point_v<T>, double, int64_t>;
        store(reduce_blocks(p, outer, len, inner, Sum{0},
                            [](Sum x, auto y) { return x + static_cast<Sum>(y); }),
              op == "mean" ? static_cast<double>(len) : 1.0);
        return;
      }
      // nan wins, as in numpy: once an accumulator is nan it stays nan.
      const T init = std::is_floating_point_v<T>
                         ? (max ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity())
                         : (max ? std::numeric_limits<T>::lowest() : std::numeric_limits<T>::max());
      const auto acc =
          max ? reduce_blocks(p, outer, len, inner, init, [](T x, T y) { return (x != x || y <= x) ? x : y; })
              : reduce_blocks(p, outer, len, inner, init,
                              [](T x, T y) { return (x != x || y >= x) ? x : y; });
      store(acc, 1.0);
    }
  });
  return out;
}

}  // namespace

NdArray reduce(const std::string& op, const NdArray& a, std::optional<int64_t> axis, bool keepdims) {
  const DType out_type = reduction_dtype(op, a.dtype());
  if (!axis) {
    std::vector<int64_t> shape =
        keepdims ? std::vector<int64_t>(a.shape().size(), 1) : std::vector<int64_t>{};
    if (auto fast = reduce_contiguous(op, a, 1, a.size(), 1, out_type, shape)) return *fast;
    const double r = reduce_run(op, values(a));
    return from_values({r}, out_type, shape);
  }
  const int64_t ax = normalize_axis(*axis, a.ndim());
  std::vector<int64_t> shape = a.shape();
  if (keepdims) {
    shape[static_cast<std::size_t>(ax)] = 1;
  } else {
    shape.erase(shape.begin() + ax);
  }
  const auto dims = a.shape().begin();
  const int64_t outer = std::accumulate(dims, dims + ax, int64_t{1}, std::multiplies<>()),
                inner = std::accumulate(dims + ax + 1, a.shape().end(), int64_t{1}, std::multiplies<>());
  if (auto fast =
          reduce_contiguous(op, a, outer, a.shape()[static_cast<std::size_t>(ax)], inner, out_type, shape))
    return *fast;
  std::vector<double> out;
  for_each_run(a, ax, [&](const std::vector<double>& run) { out.push_back(reduce_run(op, run)); });
  return from_values(out, out_type, shape);
}

namespace {

// Replaces each run along `axis` by fn(run) (as long as the run), keeping the axis order.
template <class F>
NdArray map_runs(const NdArray& a, int64_t axis, DType out_type, F&& fn) {
  std::vector<double> out;
  for_each_run(a, axis, [&](const std::vector<double>& run) {
    const std::vector<double> r = fn(run);
    out.insert(out.end(), r.begin(), r.end());
  });
  std::vector<int64_t> moved = a.shape();  // the runs were written with the axis last
  moved.erase(moved.begin() + axis);
  moved.push_back(a.shape()[static_cast<std::size_t>(axis)]);
  const NdArray result = from_values(out, out_type, moved);
  std::vector<int64_t> strides = result.strides();
  const int64_t last = strides.back();
  strides.pop_back();
  strides.insert(strides.begin() + axis, last);
  return copy(NdArray(result, a.shape(), strides, 0));
}

// A value's sort key: an unsigned integer that orders like the value (numpy's order: -0.0 as 0.0,
// every nan after +inf and equal to the others). 32-bit types get 32-bit keys: half the radix passes.
template <class T>
auto sort_key(T v) {
  if constexpr (std::is_floating_point_v<T>) {
    using U = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
    if (std::isnan(v)) return std::numeric_limits<U>::max();
    if (v == 0) v = 0;
    U bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    constexpr U kSign = U{1} << (8 * sizeof(U) - 1);
    return bits & kSign ? ~bits : bits | kSign;
  } else if constexpr (std::is_signed_v<T>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<U>(static_cast<U>(v) ^ (U{1} << (8 * sizeof(T) - 1)));
  } else {
    return static_cast<uint32_t>(v);  // bool, uint8
  }
}

// Reorders `order` (indices into `keys`, initially 0..n-1) so that it sorts `keys` stably. Long runs
// take a least-significant-digit radix sort (stable, linear: one pass counts every byte position,
// then a pass per byte that varies), which is what makes argsort of a thousand logits cheap; short
// ones a comparison sort.
template <class K>
void stable_order(std::vector<K>& keys, std::vector<uint32_t>& order) {
  const std::size_t n = keys.size();
  if (n > std::numeric_limits<uint32_t>::max()) throw ValueError("array too large to sort along one axis");
  std::iota(order.begin(), order.end(), 0);
  if (n < 64) {
    std::stable_sort(order.begin(), order.end(), [&](uint32_t i, uint32_t j) { return keys[i] < keys[j]; });
    return;
  }
  constexpr int kDigits = sizeof(K);
  std::array<std::array<uint32_t, 256>, kDigits> counts{};
  for (K k : keys) {
    for (int b = 0; b < kDigits; ++b) ++counts[b][(k >> (8 * b)) & 0xFF];
  }
  std::vector<K> next_keys(n);
  std::vector<uint32_t> next_order(n);
  for (int b = 0; b < kDigits; ++b) {
    std::array<uint32_t, 256>& start = counts[b];
    if (std::find(start.begin(), start.end(), n) != start.end()) continue;  // one digit: no reorder
    uint32_t total = 0;
    for (uint32_t& c : start) total += std::exchange(c, total);  // counts → first slot of each digit
    const int shift = 8 * b;
    for (std::size_t i = 0; i < n; ++i) {
      const uint32_t to = start[(keys[i] >> shift) & 0xFF]++;
      next_keys[to] = keys[i];
      next_order[to] = order[i];
    }
    keys.swap(next_keys);
    order.swap(next_order);
  }
}

// Indices that sort `run` stably, nan last (numpy's order).
std::vector<double> sort_order(const std::vector<double>& run) {
  std::vector<uint64_t> keys(run.size());
  std::transform(run.begin(), run.end(), keys.begin(), [](double v) { return sort_key(v); });
  std::vector<uint32_t> order(run.size());
  stable_order(keys, order);
  return std::vector<double>(order.begin(), order.end());
}

// argsort along the last axis of a C-contiguous array (a 1-d array's case): keys straight from the
// elements, indices straight into the result.
NdArray argsort_rows(const NdArray& a) {
  NdArray out(DType::Int64, a.shape(), NdArray::Uninitialized{});
  const int64_t n = a.shape().back(), rows = n ? a.size() / n : 0;
  with_dtype(a.dtype(), [&](auto t) {
    using T = decltype(t);
    const T* row = a.base<T>() + a.offset();
    std::vector<decltype(sort_key(T{}))> keys(static_cast<std::size_t>(n));
    std::vector<uint32_t> order(static_cast<std::size_t>(n));
    for (int64_t r = 0; r < rows; ++r, row += n) {
      std::transform(row, row + n, keys.begin(), [](T v) { return sort_key(v); });
      stable_order(keys, order);
      std::copy(order.begin(), order.end(), out.base<int64_t>() + r * n);
    }
  });
  return out;
}

}  // namespace

NdArray cumsum(const NdArray& a, std::optional<int64_t> axis) {
  const DType t = is_float(a.dtype()) ? a.dtype() : DType::Int64;
  const NdArray source = axis ? a : ravel(a);
  return map_runs(source, axis ? normalize_axis(*axis, a.ndim()) : 0, t, [](const std::vector<double>& run) {
    std::vector<double> r(run.size());
    std::partial_sum(run.begin(), run.end(), r.begin());
    return r;
  });
}

NdArray sort(const NdArray& a, int64_t axis) {
  if (a.ndim() == 0) throw ValueError("Cannot sort a 0-d array");
  return map_runs(a, normalize_axis(axis, a.ndim()), a.dtype(), [](const std::vector<double>& run) {
    std::vector<double> r;
    for (double i : sort_order(run)) r.push_back(run[static_cast<std::size_t>(i)]);
    return r;
  });
}

NdArray argsort(const NdArray& a, int64_t axis) {
  if (a.ndim() == 0) throw ValueError("Cannot sort a 0-d array");
  const int64_t ax = normalize_axis(axis, a.ndim());
  if (ax == a.ndim() - 1 && a.contiguous()) return argsort_rows(a);
  return map_runs(a, ax, DType::Int64, sort_order);
}

// A full stable sort is one valid partition: every element before `kth` is no greater, every one
// after no smaller (numpy leaves the order within each side unspecified).
NdArray argpartition(const NdArray& a, int64_t kth, int64_t axis) {
  if (a.ndim() == 0) throw ValueError("Cannot partition a 0-d array");
  const int64_t n = a.shape()[static_cast<std::size_t>(normalize_axis(axis, a.ndim()))];
  if (kth < -n || kth >= n)
    throw ValueError("kth(=" + std::to_string(kth) + ") out of bounds (" + std::to_string(n) + ")");
  return argsort(a, axis);
}

NdArray unique(const NdArray& a) {
  std::vector<double> v = values(a);
  std::stable_sort(v.begin(), v.end(),
                   [](double x, double y) { return std::isnan(y) ? !std::isnan(x) : x < y; });
  const auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
  v.erase(std::unique(v.begin(), v.end(), same), v.end());
  return from_values(v, a.dtype(), {static_cast<int64_t>(v.size())});
}

// ---- linear algebra ----
// matmul is in runtime/numpy_linalg.cpp (its own object file: only artifacts that use it link OpenBLAS).

NdArray norm(const NdArray& a, std::optional<int64_t> axis, bool keepdims) {
  const DType t = is_float(a.dtype()) ? a.dtype() : DType::Float64;
  const NdArray squares = binary("mul", converted(a, t), converted(a, t));
  return unary("sqrt", reduce("sum", squares, axis, keepdims));
}

// ---- to Python values ----
namespace {
// The one element of a size-1 array (of any rank: every index is 0, so it sits at the offset).
double only_element(const NdArray& a) {
  return with_dtype(a.dtype(),
                    [&](auto t) { return static_cast<double>(a.base<decltype(t)>()[a.offset()]); });
}
}  // namespace

double to_float(const NdArray& a) {
  if (a.ndim() != 0) throw TypeError("only 0-dimensional arrays can be converted to Python scalars");
  return only_element(a);
}

int64_t to_int(const NdArray& a) {
  if (a.ndim() != 0) throw TypeError("only 0-dimensional arrays can be converted to Python scalars");
  return with_dtype(a.dtype(), [&](auto t) -> int64_t {
    using T = decltype(t);
    const T v = a.base<T>()[a.offset()];
    if constexpr (std::is_floating_point_v<T>) {
      return kiln::rt::to_int(static_cast<double>(v));  // int(x): truncated, Python's errors
    } else {
      return static_cast<int64_t>(v);  // integers exactly, beyond 2**53 too
    }
  });
}

bool truth(const NdArray& a) {
  if (a.size() != 1)
    throw ValueError(
        a.size() == 0
            ? "The truth value of an empty array is ambiguous. Use `array.size > 0` to check that an array "
              "is not empty."
            : "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()");
  return only_element(a) != 0;
}

List<double> tolist_float(const NdArray& a) {
  if (a.ndim() != 1) throw TypeError("tolist() of a " + std::to_string(a.ndim()) + "-d array as list[float]");
  return List<double>(values(a));
}

}  // namespace kiln::rt::np
