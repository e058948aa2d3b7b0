// The lowering pass's state, shared by its statement and expression halves (lower_statements.cpp,
// lower_expressions.cpp). Internal to compiler/ir.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/ir/ir.h"
#include "compiler/parse/ast.h"
#include "compiler/resolve/annotations.h"

namespace kiln::ir {

// The op a binary operator becomes ("add" for +), for `a + b` and `a += b` alike.
const char* binary_op_name(ast::Operator op);

// The variables of the function a nested def is in (its parameters and the names it assigns);
// empty for a top-level function (captures.cpp).
std::set<std::string> enclosing_variables(const resolve::Module& module, const ast::FunctionDef& def,
                                          types::TypeTable& table);

class Lowering {
 public:
  Lowering(Function& f, const resolve::Module& module, types::TypeTable& table,
           std::vector<diag::Diagnostic>& errors)
      : f_(f), module_(module), table_(table), errors_(errors) {}

  void add_local(const std::string& name) { locals_.insert(name); }
  void collect_locals(const ast::Body& body);
  std::vector<Stmt*> block(const ast::Body& body);
  const std::set<std::string>& locals() const { return locals_; }

  // A nested def: the enclosing function's variables it may use. One it reads (or declares
  // `nonlocal`) becomes a capture: a local of its own, which its callers pass by reference.
  void set_enclosing(const std::set<std::string>* variables) { enclosing_ = variables; }
  void add_capture(const std::string& name) {
    captures_.insert(name);
    locals_.insert(name);
  }
  const std::set<std::string>& captures() const { return captures_; }

 private:
  // Statements (lower_statements.cpp).
  void collect_locals(const ast::Stmt& s);
  void collect_target(const ast::Expr* target);
  Stmt* statement(const ast::Stmt& s);
  Stmt* assign(const ast::Assign& a);
  Stmt* assign_to(const ast::Expr* target, Expr* value, diag::Span span);
  Stmt* aug_assign(const ast::AugAssign& a);
  Stmt* for_loop(const ast::For& loop);
  Stmt* for_range(const ast::For& loop, const ast::Call& range);
  Stmt* raise(const ast::Raise& r);
  Stmt* try_statement(const ast::Try& t);
  Stmt* delete_statement(const ast::Delete& d);
  Stmt* with_statement(const ast::With& w);
  Stmt* group(diag::Span span);
  std::optional<Target> target(const ast::Expr* e);

  // Expressions (lower_expressions.cpp).
 public:
  Expr* expr(const ast::Expr& e);

 private:
  Expr* op(const char* name, diag::Span span, std::vector<Expr*> args);
  Expr* constant(const ast::Expr& e);
  Expr* name(const ast::Name& n);
  Expr* attribute(const ast::Attribute& a);
  Expr* numpy_dtype(const ast::Attribute& a);
  std::string module_path(const ast::Expr& e) const;
  Expr* attribute_access(ir::ExprKind kind, const ast::Attribute& a, std::vector<Expr*> extra);
  Expr* compare(const ast::Compare& c);
  Expr* call(const ast::Call& c);
  Expr* method_call(const ast::Call& c, const ast::Attribute& method);
  Expr* builtin_call(const std::string& callee, const ast::Call& c);
  bool call_arguments(const ast::Call& c, std::vector<Expr*>& args, std::vector<std::string>& keywords,
                      bool unpack_mapping = false);
  Expr* callable_argument(const ast::Expr& e);
  void pass_captures(Expr* call);
  Expr* nested_function_value(const std::string& name, diag::Span span);
  Expr* subscript(const ast::Subscript& s);
  Expr* subscript_index(const ast::Expr& slice);
  bool is_numpy_part(const ast::Expr& e) const;
  Expr* slice_operands(const char* name, const ast::Subscript& s, std::vector<Expr*> before,
                       std::vector<Expr*> after);
  Expr* display(DisplayKind kind, const ast::List<ast::Expr>& elements, diag::Span span);
  Expr* dict_display(const ast::Dict& d);
  Expr* comprehension(DisplayKind kind, const ast::List<ast::Comprehension>& generators,
                      std::vector<const ast::Expr*> elements, diag::Span span);
  Expr* lambda(const ast::Lambda& l);
  Expr* fstring(const ast::JoinedStr& j);
  Expr* formatted_value(const ast::FormattedValue& v);
  Expr* placeholder(diag::Span span);

 public:
  Expr* none_constant(diag::Span span);

 private:
  bool is_pure(const Expr* e) const;

  void unsupported(diag::Span span, std::string what, std::string hint = {});
  bool is_local(const std::string& name) const { return locals_.count(name) || scoped_.count(name); }

  Function& f_;
  const resolve::Module& module_;
  types::TypeTable& table_;
  std::vector<diag::Diagnostic>& errors_;
  std::set<std::string> locals_;
  std::multiset<std::string> scoped_;  // comprehension and lambda variables in scope
  // `name = lambda ...` assigned once: the name stands for the lambda wherever it is called or passed.
  std::map<std::string, const ast::Lambda*> lambdas_;
  std::map<std::string, int> assignments_;
  const std::set<std::string>* enclosing_ = nullptr;  // set in a nested def
  std::set<std::string> captures_;
};

}  // namespace kiln::ir
