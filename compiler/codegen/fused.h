// Elementwise fusion: an expression of two or more elementwise ndarray operations (arithmetic,
// comparisons, `&` `|` `^` `~`, np.maximum/minimum, np.exp/log/sqrt/tanh/abs) over arrays and Python
// scalars becomes one kiln::rt::np::fused call (runtime/numpy_fused.h): a kernel that computes an
// element of the result from the operands' elements, and the expression as written for the cases
// the kernel does not cover.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace kiln::codegen {

struct FusedExpression {
  std::vector<const ir::Expr*> ops;     // the operations fused
  std::vector<const ir::Expr*> arrays;  // the array operands in evaluation order: the kernel's inputs
  std::vector<bool> read_as_bool;       // per array operand: the kernel reads it as booleans
  std::string kernel;                   // C++ for element `j`, in the numeric type `T`, over `in`
};

// `root` fused, if it is an elementwise ndarray operation whose operands include another. An array
// operand is any expression that computes an ndarray without side effects (it is evaluated first,
// and again if another operand raises); a scalar operand is a constant or a variable, whose C++ (a
// double) `scalar` gives.
std::optional<FusedExpression> fuse_elementwise(const ir::Expr& root,
                                                const std::function<std::string(const ir::Expr&)>& scalar);

}  // namespace kiln::codegen
