// Reading type annotations (and checking defaults against them) for resolve.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/parse/ast.h"
#include "compiler/resolve/resolve.h"

namespace kiln::resolve {

class AnnotationReader {
 public:
  AnnotationReader(const Module& module, types::TypeTable& table, std::vector<diag::Diagnostic>& errors)
      : module_(module), table_(table), errors_(errors) {}

  // The annotated type of a parameter; an error (and null) when it has none or an unsupported one.
  const types::Type* parameter_type(const ast::Arg& arg, const ast::FunctionDef& def);
  const types::Type* return_type(const ast::FunctionDef& def);
  // The default's value, checked against the parameter's type.
  std::optional<Constant> default_value(const ast::Expr& e, const Parameter& p);

  // The type an annotation expression denotes, or null after reporting why it is not supported.
  const types::Type* read(const ast::Expr& annotation);
  // For `NDArray[np.float32]` (numpy.typing): "float32"; "" for any other annotation.
  std::string array_dtype(const ast::Expr& annotation) const;
  types::TypeTable& table() { return table_; }

 private:
  std::string qualified_name(const ast::Expr& e) const;
  const types::Type* read_subscript(const ast::Subscript& s);
  const types::Type* unsupported(const ast::Expr& e, std::string what);

  const Module& module_;
  types::TypeTable& table_;
  std::vector<diag::Diagnostic>& errors_;
};

// Whether a value of type `from` may be passed where `to` is declared (int where float is,
// None where `T | None` is, an empty container's list[None] where any list is).
bool assignable(const types::Type* from, const types::Type* to);

}  // namespace kiln::resolve
