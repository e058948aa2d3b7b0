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

// For a function without full annotations: the name of its version for these argument types
// (positional types, then (keyword, type) pairs), typed on demand; "" after reporting why not.
struct CallArguments {
  std::vector<const Type*> positional;
  std::vector<std::pair<std::string, const Type*>> keywords;
};
using Specializer =
    std::function<std::string(const std::string& name, const CallArguments& args, diag::Span span)>;

// The class of the module a name denotes (null when there is none, or it cannot be compiled).
using ClassLookup = std::function<const resolve::ClassInfo*(const std::string& name)>;

// Types `f` in place; false after adding diagnostics to `errors`.
// A function whose return is not annotated gets the type of its `return` values (None when it has none).
bool propagate(ir::Function& f, TypeTable& table, const SignatureLookup& callees, const ClassLookup& classes,
               const Specializer& specialize, std::vector<diag::Diagnostic>& errors);

// The variable `id` stands for after renames merged it with another (codegen emits this one).
ir::VarId canonical(const ir::Function& f, ir::VarId id);

}  // namespace kiln::types
