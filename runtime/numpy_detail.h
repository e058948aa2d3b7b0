// Helpers the numpy runtime's source files share (runtime/numpy*.cpp); not part of what generated
// code calls.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/ndarray.h"

namespace kiln::rt::np::detail {

bool is_float(DType t);
// numpy 2's promotion of two array dtypes.
DType promote(DType a, DType b);
// "(2,3)", "(4,)": a shape as numpy's messages print it.
std::string shape_text(const std::vector<int64_t>& shape);
// An axis in [-ndim, ndim) as a nonnegative one; numpy's AxisError (an IndexError) otherwise.
int64_t normalize_axis(int64_t axis, int64_t ndim);
// A C-contiguous copy of `a` with elements converted to `to`.
NdArray converted(const NdArray& a, DType to);
NdArray as_dtype(const NdArray& a, DType to);
// The broadcast shape of two shapes, numpy's rules; ValueError naming both otherwise.
std::vector<int64_t> broadcast_shape(const std::vector<int64_t>& a, const std::vector<int64_t>& b);
// `a` viewed with `shape` (broadcast): stride 0 along the dimensions it repeats.
std::vector<int64_t> broadcast_strides(const NdArray& a, const std::vector<int64_t>& shape);
NdArray scalar_array(double value, DType dtype);
// A copy of `a`'s elements as doubles, in C order.
std::vector<double> values(const NdArray& a);
NdArray from_values(const std::vector<double>& v, DType dtype, std::vector<int64_t> shape);

}  // namespace kiln::rt::np::detail
