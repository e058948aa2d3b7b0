#include "runtime/numpy_fused.h"

#include <algorithm>

namespace kiln::rt::np {
namespace {

// The dtype the kernel computes in: the numeric operands' one float dtype (float32 when all
// operands are booleans); nullopt when they differ, are not floats, or a boolean operand is not.
std::optional<DType> fused_dtype(std::span<const FusedInput> inputs) {
  std::optional<DType> numeric;
  for (const FusedInput& input : inputs) {
    const DType dtype = input.array().dtype();
    if (input.kind() == FusedKind::Bool) {
      if (dtype != DType::Bool) return std::nullopt;
    } else if (numeric && dtype != *numeric) {
      return std::nullopt;
    } else {
      numeric = dtype;
    }
  }
  if (numeric && *numeric != DType::Float32 && *numeric != DType::Float64) return std::nullopt;
  return numeric.value_or(DType::Float32);
}

// The operands' broadcast shape, or nullopt if they do not broadcast (the unfused path raises).
std::optional<std::vector<int64_t>> fused_shape(std::span<const FusedInput> inputs) {
  int64_t ndim = 0;
  for (const FusedInput& input : inputs) ndim = std::max(ndim, input.array().ndim());
  std::vector<int64_t> shape(static_cast<std::size_t>(ndim), 1);
  for (const FusedInput& input : inputs) {
    const std::vector<int64_t>& own = input.array().shape();
    const std::size_t pad = shape.size() - own.size();
    for (std::size_t d = 0; d < own.size(); ++d) {
      int64_t& dim = shape[pad + d];
      if (own[d] != 1 && dim != 1 && own[d] != dim) return std::nullopt;
      if (own[d] != 1) dim = own[d];
    }
  }
  return shape;
}

// How the loop reads an operand of `shape` laid over the result's `rows` x `last` elements.
std::optional<FusedRole> role_of(const NdArray& a, const std::vector<int64_t>& shape) {
  if (a.size() == 1) return FusedRole::Single;
  if (!a.contiguous()) return std::nullopt;
  const std::vector<int64_t>& own = a.shape();
  const std::size_t pad = shape.size() - own.size();
  const auto outer_is = [&](auto&& want) {  // every dimension but the last against the result's
    for (std::size_t d = 0; d + 1 < shape.size(); ++d) {
      const int64_t dim = d < pad ? 1 : own[d - pad];
      if (!want(dim, shape[d])) return false;
    }
    return true;
  };
  const int64_t own_last = own.empty() ? 1 : own.back();
  if (own_last == shape.back() && outer_is([](int64_t dim, int64_t full) { return dim == full; }))
    return FusedRole::Full;
  if (own_last == shape.back() && outer_is([](int64_t dim, int64_t) { return dim == 1; }))
    return FusedRole::SameRow;
  if (own_last == 1 && outer_is([](int64_t dim, int64_t full) { return dim == full; }))
    return FusedRole::PerRow;
  return std::nullopt;
}

}  // namespace

// The fused loop's conditions (numpy_fused.h): one float dtype over the numeric operands, booleans
// where booleans are read, and each operand C-contiguous and one of the roles FusedRole names.
FusedPlan plan_fused(std::span<const FusedInput> inputs) {
  FusedPlan plan;
  const std::optional<DType> dtype = fused_dtype(inputs);
  std::optional<std::vector<int64_t>> shape = fused_shape(inputs);
  if (!dtype || !shape) return plan;
  bool by_rows = false;
  for (const FusedInput& input : inputs) {
    const std::optional<FusedRole> role = role_of(input.array(), *shape);
    if (!role) return plan;
    by_rows = by_rows || *role == FusedRole::SameRow || *role == FusedRole::PerRow;
    plan.roles.push_back(*role);
  }
  int64_t size = 1;
  for (int64_t dim : *shape) size *= dim;
  // Rows shorter than a good part of a chunk would waste most of each pass: those run unfused.
  plan.last = by_rows ? shape->back() : size;
  if (by_rows && plan.last < detail::kFusedChunk / 4) return plan;
  plan.rows = plan.last == 0 ? 0 : size / plan.last;
  plan.ok = true;
  plan.dtype = *dtype;
  plan.shape = std::move(*shape);
  return plan;
}

}  // namespace kiln::rt::np
