#include "runtime/numpy_fused.h"

namespace kiln::rt::np {

// The fused loop's conditions (numpy_fused.h): one float dtype over the numeric operands, booleans
// where booleans are read, and each operand C-contiguous of the result's shape or a single element
// of no more dimensions than it.
FusedPlan plan_fused(std::span<const FusedInput> inputs) {
  FusedPlan plan;
  std::optional<DType> numeric;
  const NdArray* widest = nullptr;  // whose shape the result has: an operand of several elements, else
                                    // the single element of the most dimensions
  const auto wider = [&widest](const NdArray& a) {
    if (!widest) return true;
    const bool single = a.size() == 1, widest_single = widest->size() == 1;
    return single != widest_single ? !single : single && a.ndim() > widest->ndim();
  };
  for (const FusedInput& input : inputs) {
    const NdArray& a = input.array();
    if (input.kind() == FusedKind::Bool) {
      if (a.dtype() != DType::Bool) return plan;
    } else if (!numeric) {
      numeric = a.dtype();
    } else if (a.dtype() != *numeric) {
      return plan;
    }
    if (wider(a)) widest = &a;
  }
  if (numeric && *numeric != DType::Float32 && *numeric != DType::Float64) return plan;
  if (!widest) return plan;
  for (const FusedInput& input : inputs) {
    const NdArray& a = input.array();
    const bool fits =
        a.size() == 1 ? a.ndim() <= widest->ndim() : a.shape() == widest->shape() && a.contiguous();
    if (!fits) return plan;
  }
  plan.ok = true;
  plan.dtype = numeric.value_or(DType::Float32);
  plan.shape = widest->shape();
  return plan;
}

}  // namespace kiln::rt::np
