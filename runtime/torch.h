// PyTorch's tensor operations that inference glue uses (pooling, normalising), over the ndarray
// runtime: a compiled function's torch tensors are ndarrays (runtime/ndarray.h), so these are
// numpy's operations under torch's names and defaults.
#pragma once

#include <cstdint>
#include <optional>

#include "runtime/exceptions.h"
#include "runtime/list.h"
#include "runtime/ndarray.h"
#include "runtime/numpy.h"

namespace kiln::rt::torch {

// t.size(dim): one dimension (negative counts from the end).
inline int64_t size(const NdArray& a, int64_t dim) {
  const int64_t n = a.ndim();
  if (dim < -n || dim >= n)
    throw IndexError("Dimension out of range (expected to be in range of [" + std::to_string(-n) + ", " +
                     std::to_string(n - 1) + "], but got " + std::to_string(dim) + ")");
  return a.shape()[static_cast<std::size_t>(dim < 0 ? dim + n : dim)];
}

// t.expand(sizes): a view of `a` broadcast to `sizes` (-1 keeps a dimension), as torch's expand
// is: new and size-1 dimensions repeat the same elements (stride 0), nothing is copied.
inline NdArray expand(const NdArray& a, const List<int64_t>& sizes) {
  std::vector<int64_t> shape = sizes.vector(), strides(shape.size(), 0);
  const int64_t lead = static_cast<int64_t>(shape.size()) - a.ndim();
  if (lead < 0)
    throw RuntimeError("expand: the number of sizes provided (" + std::to_string(shape.size()) +
                       ") must be greater or equal to the number of dimensions in the tensor (" +
                       std::to_string(a.ndim()) + ")");
  for (int64_t i = lead; i < static_cast<int64_t>(shape.size()); ++i) {
    const int64_t existing = a.shape()[i - lead];
    if (shape[i] == -1) shape[i] = existing;
    if (shape[i] == existing) {
      strides[i] = a.strides()[i - lead];
    } else if (existing != 1) {
      throw RuntimeError("The expanded size of the tensor (" + std::to_string(shape[i]) +
                         ") must match the existing size (" + std::to_string(existing) +
                         ") at non-singleton dimension " + std::to_string(i));
    }
  }
  return NdArray(a, std::move(shape), std::move(strides), a.offset());
}

// torch.clamp(t, min=None, max=None): an omitted bound does not limit; a bound makes an integer
// tensor float (torch's min and max are floats here).
inline NdArray clamp(const NdArray& a, std::optional<double> lo, std::optional<double> hi) {
  if (!lo && !hi) throw RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  return np::clip(a, lo, true, hi, true);
}

// F.normalize(t, p=2.0, dim=1, eps=1e-12): t / max(||t||_p along dim, eps).
inline NdArray normalize(const NdArray& a, double p, int64_t dim, double eps) {
  const NdArray norm =
      p == 2.0
          ? np::norm(a, dim, true)
          : np::binary("pow", np::reduce("sum", np::binary("pow", np::unary("abs", a), p, true), dim, true),
                       1.0 / p, true);
  return np::binary("truediv", a, np::binary("maximum", norm, eps, true));
}

}  // namespace kiln::rt::torch
