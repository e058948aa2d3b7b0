// Elementwise fusion: a chain of elementwise operations on float arrays, such as
// `np.maximum(np.minimum(x2, x2[i]) - np.maximum(x1, x1[i]), 0.0)`, evaluated in one pass over its
// operands with no array in between (compiler/codegen/fused.cpp finds the chains). Each operation on
// its own costs an allocation and a pass over a thousand floats; the fused loop keeps each element in
// registers from the first operation to the last.
//
// The fused loop runs when every array operand has the same float dtype (booleans where a logical
// operator takes them), is C-contiguous, and is either of the result's shape, a single element, one
// row repeated for every row, or one element per row (FusedRole). Anything else (integer or mixed
// dtypes, other broadcasting) runs the expression as written, operation by operation, on the operands
// already evaluated, so numpy's promotions and errors stay where they are. On float dtypes the fused
// kernel performs the same IEEE operations in the same dtype as the unfused ones, so results are equal
// to the bit.
#pragma once

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "runtime/exceptions.h"
#include "runtime/ndarray.h"

namespace kiln::rt::np {

// np.maximum and np.minimum on two elements, for the fused kernels and numpy.cpp's alike: a NaN
// operand wins, from either side.
namespace kernels {
template <class T>
T maximum(T x, T y) {
  return (x != x || x > y) ? x : y;
}
template <class T>
T minimum(T x, T y) {
  return (x != x || x < y) ? x : y;
}
}  // namespace kernels

// How the fused kernel reads an operand: as the expression's float dtype, or as booleans.
enum class FusedKind : uint8_t { Numeric, Bool };

// An operand array: a variable's (borrowed) or one the expression computed (owned).
class FusedInput {
 public:
  FusedInput(FusedKind kind, const NdArray& a) : kind_(kind), borrowed_(&a) {}
  FusedInput(FusedKind kind, NdArray&& a) : kind_(kind), owned_(std::move(a)) {}
  FusedKind kind() const { return kind_; }
  const NdArray& array() const { return owned_ ? *owned_ : *borrowed_; }

 private:
  FusedKind kind_;
  const NdArray* borrowed_ = nullptr;
  std::optional<NdArray> owned_;
};

// GCC, which builds artifacts, clones the fused loop for AVX2; clang (the fuzzing build) does not
// clone function templates.
#if defined(__GNUC__) && !defined(__clang__)
#define KILN_FUSED_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define KILN_FUSED_CLONES
#endif

namespace detail {
// Elements per pass of the fused loop: a fixed count, so that the loop vectorises at -O2 (which
// allows no remainder loop).
constexpr int64_t kFusedChunk = 256;
}  // namespace detail

// How the fused loop reads an operand, the result seen as `rows` rows of `last` elements (one row
// when no operand needs rows): as the result's elements (Full), one element throughout (Single), the
// same row for every row (SameRow: shape (last,) or (1, ..., last)), or one element per row (PerRow:
// the result's shape with a last dimension of 1, as a keepdims reduction gives).
enum class FusedRole : uint8_t { Full, Single, SameRow, PerRow };

// Whether the fused loop can run, and over what: the numeric operands' dtype (float32 or float64),
// the result's shape, and each operand's role.
struct FusedPlan {
  bool ok = false;
  DType dtype = DType::Float32;
  std::vector<int64_t> shape;
  std::vector<FusedRole> roles;
  int64_t rows = 0, last = 0;
};
FusedPlan plan_fused(std::span<const FusedInput> inputs);

// One chunk's view of the operands, as the kernel reads them: element j of operand k. Booleans are
// read as bytes (0 or 1): loops over C++ bools do not vectorise.
template <class T, std::size_t N>
struct FusedRow {
  std::array<const void*, N> at;
  T num(std::size_t k, int64_t j) const { return static_cast<const T*>(at[k])[j]; }
  uint8_t flag(std::size_t k, int64_t j) const { return static_cast<const uint8_t*>(at[k])[j]; }
};

namespace detail {

// An operand's element `index` repeated across a chunk's lane.
template <class T>
void repeat(const FusedInput& input, std::byte* lane, int64_t index) {
  if (input.kind() == FusedKind::Bool) {
    const uint8_t value = reinterpret_cast<const uint8_t*>(input.array().data())[index];
    std::fill_n(reinterpret_cast<uint8_t*>(lane), kFusedChunk, value);
  } else {
    std::fill_n(reinterpret_cast<T*>(lane), kFusedChunk,
                reinterpret_cast<const T*>(input.array().data())[index]);
  }
}

// One chunk of the result (its first `count` elements to `out`), in AVX2 where the CPU has it
// (artifacts otherwise target baseline x86-64): twice the elements per instruction. AVX2 alone brings
// no FMA, so no multiply-add is contracted and the results stay those of the operation-by-operation
// path. The loop writes a local buffer, which nothing else can alias, so the operands' pointers and
// captured scalars stay in registers and the loop vectorises.
template <class R, class T, std::size_t N, class Kernel>
KILN_FUSED_CLONES void compute_chunk(const Kernel& kernel, FusedRow<T, N> row, R* out, int64_t count) {
  alignas(64) R result[kFusedChunk];
  for (int64_t j = 0; j < kFusedChunk; ++j) result[j] = static_cast<R>(kernel(T{}, row, j));
  std::memcpy(out, result, static_cast<std::size_t>(count) * sizeof(R));
}

template <class T, std::size_t N, class Kernel>
NdArray run_fused(const std::array<FusedInput, N>& inputs, const FusedPlan& plan, Kernel& kernel) {
  // The kernel's value: a number of type T, or (from a comparison or a logical operator) a truth
  // value, which the result holds as a bool dtype and the loop stores as a byte.
  using Value = decltype(kernel(T{}, std::declval<const FusedRow<T, N>&>(), int64_t{}));
  using R = std::conditional_t<std::is_floating_point_v<Value>, T, uint8_t>;
  NdArray out(std::is_same_v<R, T> ? dtype_of<T>() : DType::Bool, plan.shape, NdArray::Uninitialized{});
  // Whole chunks along each row: Single and PerRow operands are repeated across their lane, and a
  // partial chunk reads copies of the other operands' tails.
  constexpr int64_t kChunk = kFusedChunk;
  struct alignas(64) Lane {
    std::byte bytes[kChunk * sizeof(T)];
  };
  std::array<Lane, N> lanes;
  std::array<const std::byte*, N> data;
  std::array<int64_t, N> width;
  for (std::size_t k = 0; k < N; ++k) {
    data[k] = inputs[k].array().data();
    width[k] = static_cast<int64_t>(dtype_size(inputs[k].array().dtype()));
    if (plan.roles[k] == FusedRole::Single) repeat<T>(inputs[k], lanes[k].bytes, 0);
  }
  R* dst = reinterpret_cast<R*>(out.data());
  for (int64_t r = 0; r < plan.rows; ++r) {
    for (std::size_t k = 0; k < N; ++k) {
      if (plan.roles[k] == FusedRole::PerRow) repeat<T>(inputs[k], lanes[k].bytes, r);
    }
    for (int64_t first = 0; first < plan.last; first += kChunk) {
      const int64_t count = std::min(kChunk, plan.last - first);
      FusedRow<T, N> row;
      for (std::size_t k = 0; k < N; ++k) {
        const FusedRole role = plan.roles[k];
        if (role == FusedRole::Single || role == FusedRole::PerRow) {
          row.at[k] = lanes[k].bytes;
          continue;
        }
        const std::byte* from = data[k] + ((role == FusedRole::Full ? r * plan.last : 0) + first) * width[k];
        if (count == kChunk) {
          row.at[k] = from;
        } else {
          const auto used = static_cast<std::size_t>(count * width[k]);  // the rest zeroed: no denormals
          std::memcpy(lanes[k].bytes, from, used);
          std::memset(lanes[k].bytes + used, 0, sizeof(Lane) - used);
          row.at[k] = lanes[k].bytes;
        }
      }
      compute_chunk<R>(kernel, row, dst + r * plan.last + first, count);
    }
  }
  return out;
}

}  // namespace detail

// The value of a fused expression of N array operands. `operand(k)` evaluates operand k (a
// FusedInput); `kernel(T{}, row, j)` computes element j from them. Where the kernel does not apply,
// `unfused(get)` computes the expression operation by operation, reading operand k as `get(k)` where
// the expression evaluates it: the operands already evaluated, or, if evaluating one raised, each
// evaluated afresh at its place, which raises what Python raises first.
template <std::size_t N, class Operand, class Kernel, class Unfused>
NdArray fused(Operand operand, Kernel kernel, Unfused unfused) {
  std::optional<std::array<FusedInput, N>> inputs;
  try {
    // Braced initialisation evaluates the operands left to right, as Python does.
    inputs.emplace([&]<std::size_t... K>(std::index_sequence<K...>) {
      return std::array<FusedInput, N>{operand(K)...};
    }(std::make_index_sequence<N>{}));
  } catch (const BaseException&) {
    std::array<std::optional<FusedInput>, N> fresh;
    return unfused([&](std::size_t k) -> const NdArray& { return fresh[k].emplace(operand(k)).array(); });
  }
  const FusedPlan plan = plan_fused(*inputs);
  if (!plan.ok) return unfused([&](std::size_t k) -> const NdArray& { return (*inputs)[k].array(); });
  if (plan.dtype == DType::Float32) return detail::run_fused<float>(*inputs, plan, kernel);
  return detail::run_fused<double>(*inputs, plan, kernel);
}

}  // namespace kiln::rt::np
