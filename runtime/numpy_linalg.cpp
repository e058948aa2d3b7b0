// numpy's matmul (also np.dot and `@`). float32 and float64 products run on OpenBLAS's gemm
// (linked statically); integer and bool products use a plain loop, as numpy's do.
//
// This file is its own object in the static runtime library so that only artifacts that call
// matmul pull in OpenBLAS (about 25 MB: kernels for every x86-64 CPU, picked at load time).
#include <cblas.h>

#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "runtime/numpy.h"
#include "runtime/numpy_detail.h"

namespace kiln::rt::np {
using namespace detail;

namespace {

// How gemm reads one matrix (rows x cols, element strides rs and cs): row-major as is, or the
// transpose of a row-major matrix; nullopt when the strides fit neither and a copy is needed.
struct GemmLayout {
  bool transposed;
  int64_t ld;
};
std::optional<GemmLayout> gemm_layout(int64_t rows, int64_t cols, int64_t rs, int64_t cs) {
  // A dimension of size 1 never steps, so its stride may be anything (0 when broadcast).
  if (cols == 1) cs = 1;
  if (rows == 1) rs = std::max<int64_t>(cols, 1);
  if (cs == 1 && rs >= std::max<int64_t>(cols, 1)) return GemmLayout{false, rs};
  if (rs == 1 && cs >= std::max<int64_t>(rows, 1)) return GemmLayout{true, cs};
  return std::nullopt;
}

// `a` as `t`, its last two dimensions laid out so gemm can read them (a copy only if needed).
NdArray gemm_operand(const NdArray& a, DType t) {
  const std::size_t d = a.shape().size();
  if (a.dtype() == t &&
      gemm_layout(a.shape()[d - 2], a.shape()[d - 1], a.strides()[d - 2], a.strides()[d - 1]))
    return a;
  return converted(a, t);
}

template <class T>
void gemm(const GemmLayout& la, const GemmLayout& lb, int64_t n, int64_t k, int64_t m, const T* a, const T* b,
          T* c) {
  const auto ta = la.transposed ? CblasTrans : CblasNoTrans, tb = lb.transposed ? CblasTrans : CblasNoTrans;
  const auto i = [](int64_t v) { return static_cast<blasint>(v); };
  if constexpr (std::is_same_v<T, float>)
    cblas_sgemm(CblasRowMajor, ta, tb, i(n), i(m), i(k), 1.0f, a, i(la.ld), b, i(lb.ld), 0.0f, c, i(m));
  else
    cblas_dgemm(CblasRowMajor, ta, tb, i(n), i(m), i(k), 1.0, a, i(la.ld), b, i(lb.ld), 0.0, c, i(m));
}

// out (n x m, contiguous) = a (n x k) @ b (k x m), any strides, accumulating integers in int64.
template <class T>
void loop_product(int64_t n, int64_t k, int64_t m, const T* a, int64_t ars, int64_t acs, const T* b,
                  int64_t brs, int64_t bcs, T* out) {
  using Acc = std::conditional_t<std::is_same_v<T, bool>, int64_t, T>;
  std::vector<Acc> row(static_cast<std::size_t>(m));
  for (int64_t i = 0; i < n; ++i) {  // i-k-j order: the inner loop walks a row of b
    std::fill(row.begin(), row.end(), Acc{});
    for (int64_t p = 0; p < k; ++p) {
      const Acc v = static_cast<Acc>(a[i * ars + p * acs]);
      for (int64_t j = 0; j < m; ++j)
        row[static_cast<std::size_t>(j)] += v * static_cast<Acc>(b[p * brs + j * bcs]);
    }
    for (int64_t j = 0; j < m; ++j) out[i * m + j] = static_cast<T>(row[static_cast<std::size_t>(j)]);
  }
}

std::string remapped(const std::vector<int64_t>& shape) {
  std::string out = "(";
  for (std::size_t i = 0; i + 2 < shape.size(); ++i) out += std::to_string(shape[i]) + ",";
  return out + "newaxis,newaxis)";
}

}  // namespace

NdArray matmul(const NdArray& a, const NdArray& b) {
  if (a.ndim() == 0 || b.ndim() == 0)
    throw ValueError(
        "matmul: Input operand " + std::string(a.ndim() == 0 ? "0" : "1") +
        " does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) "
        "requires 1)");
  // numpy's rule: a 1-d operand is a row (left) or a column (right) whose dimension is dropped after.
  const NdArray x = a.ndim() == 1 ? expand_dims(a, 0) : a;
  const NdArray y = b.ndim() == 1 ? expand_dims(b, 1) : b;
  const std::size_t xd = x.shape().size(), yd = y.shape().size();
  const int64_t n = x.shape()[xd - 2], k = x.shape()[xd - 1], m = y.shape()[yd - 1];
  if (y.shape()[yd - 2] != k)
    throw ValueError(
        "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
        "(n?,k),(k,m?)->(n?,m?) (size " +
        std::to_string(y.shape()[yd - 2]) + " is different from " + std::to_string(k) + ")");
  const std::vector<int64_t> xb(x.shape().begin(), x.shape().end() - 2),
      yb(y.shape().begin(), y.shape().end() - 2);
  std::vector<int64_t> batch;
  try {
    batch = broadcast_shape(xb, yb);
  } catch (const ValueError&) {
    throw ValueError("operands could not be broadcast together with remapped shapes [original->remapped]: " +
                     shape_text(a.shape()) + "->" + remapped(a.shape()) + " " + shape_text(b.shape()) + "->" +
                     remapped(b.shape()) + "  and requested shape " + shape_text({n, m}));
  }
  const DType t = promote(a.dtype(), b.dtype());
  const bool blas = is_float(t);
  const NdArray xa = blas ? gemm_operand(x, t) : as_dtype(x, t),
                ya = blas ? gemm_operand(y, t) : as_dtype(y, t);

  std::vector<int64_t> out_shape = batch;
  out_shape.push_back(n);
  out_shape.push_back(m);
  NdArray out(t, out_shape);
  // Each batch element's offset into each operand (stride 0 along the batch dimensions it repeats).
  std::vector<int64_t> full = batch;
  full.insert(full.end(), {1, 1});
  auto offsets = [&](const NdArray& v) {
    std::vector<int64_t> out;
    for_each_offset(NdArray(v, full, broadcast_strides(v, full), v.offset()),
                    [&](int64_t off) { out.push_back(off); });
    return out;
  };
  const std::vector<int64_t> x_offsets = offsets(xa), y_offsets = offsets(ya);
  if (n > 0 && m > 0) {
    with_dtype(t, [&](auto tag) {
      using T = decltype(tag);
      const std::size_t xr = xa.strides().size(), yr = ya.strides().size();
      const int64_t ars = xa.strides()[xr - 2], acs = xa.strides()[xr - 1], brs = ya.strides()[yr - 2],
                    bcs = ya.strides()[yr - 1];
      for (std::size_t i = 0; i < x_offsets.size(); ++i) {
        const T* pa = xa.base<T>() + x_offsets[i];
        const T* pb = ya.base<T>() + y_offsets[i];
        T* pc = out.base<T>() + static_cast<int64_t>(i) * n * m;
        if constexpr (std::is_floating_point_v<T>) {
          if (k > 0) gemm<T>(*gemm_layout(n, k, ars, acs), *gemm_layout(k, m, brs, bcs), n, k, m, pa, pb, pc);
        } else {
          loop_product<T>(n, k, m, pa, ars, acs, pb, brs, bcs, pc);
        }
      }
    });
  }
  std::vector<int64_t> shape = batch;
  if (a.ndim() > 1) shape.push_back(n);
  if (b.ndim() > 1) shape.push_back(m);
  return reshape(out, List<int64_t>(std::move(shape)));
}

}  // namespace kiln::rt::np
