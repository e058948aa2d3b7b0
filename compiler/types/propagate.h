// Type propagation: gives every IR expression and variable its static type, resolving each op
// against the op library, and renames a Python name rebound to another type (SSA-style).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/ir/ir.h"

namespace kiln::types {

// The signature of a module function a call names (null when there is none).
using SignatureLookup = std::function<const resolve::Signature*(const std::string& name)>;

// The class of the module a name denotes (null when there is none, or it cannot be compiled).
using ClassLookup = std::function<const resolve::ClassInfo*(const std::string& name)>;

// Types `f` in place; false after adding diagnostics to `errors`.
bool propagate(ir::Function& f, TypeTable& table, const SignatureLookup& callees, const ClassLookup& classes,
               std::vector<diag::Diagnostic>& errors);

// The variable `id` stands for after renames merged it with another (codegen emits this one).
ir::VarId canonical(const ir::Function& f, ir::VarId id);

}  // namespace kiln::types
