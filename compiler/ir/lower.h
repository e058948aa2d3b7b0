// Lowering: a function's AST to IR. Constructs outside the supported subset are diagnostics with
// the construct's span and a hint, never C++ that fails to compile.
#pragma once

#include <optional>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/ir/ir.h"
#include "compiler/parse/ast.h"

namespace kiln::ir {

std::optional<Function> lower(const ast::FunctionDef& def, resolve::Signature signature,
                              const resolve::Module& module, types::TypeTable& table,
                              std::vector<diag::Diagnostic>& errors);

// Fills module.captures: the enclosing function's variables each nested def uses, directly or
// through a nested def it calls, sorted by name.
void find_captures(resolve::Module& module, types::TypeTable& table);

// Python's built-in exception classes Kiln can raise and catch (runtime/exceptions.h).
bool is_exception_class(std::string_view name);

}  // namespace kiln::ir
