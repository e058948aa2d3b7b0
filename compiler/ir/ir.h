// Kiln's IR: a function as structured control flow (blocks, if, loops) over expressions in which
// every operation is a named op ("add", "lt", "len", "str.upper") that type propagation resolves
// against the op library. Python names become variables; a name rebound to a value of another type
// becomes a new variable (SSA-style renaming), so the generated C++ stays statically typed.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "compiler/diagnostics/source.h"
#include "compiler/resolve/constant.h"
#include "compiler/resolve/resolve.h"
#include "compiler/types/type.h"

namespace kiln::ir {

using VarId = int;

struct Var {
  std::string name;  // the Python name (the C++ name adds a version when there are several)
  const types::Type* type = nullptr;
  bool is_param = false;
};

enum class ExprKind { Constant, Load, Op, And, Or, Not, IfExp, Call };

struct Expr {
  ExprKind kind;
  diag::Span span;
  const types::Type* type = nullptr;  // set by type propagation
  resolve::Constant constant;         // Constant
  VarId var = -1;                     // Load: set by type propagation from `name`
  std::string name;                   // Load: the Python name; Op: the op's name; Call: the function
  std::vector<Expr*> args;            // Op/Call operands; And/Or/IfExp/Not operands
  std::string cpp;                    // Op: the C++ the op library chose ({0}, {1}: operands)
  std::vector<const types::Type*> operand_types;  // Op: what the op takes (int operands may become float)
};

enum class StmtKind { Assign, Return, If, While, ForRange, Break, Continue, Eval, Pass };

struct Stmt {
  StmtKind kind;
  diag::Span span;
  std::string target_name;  // Assign, ForRange (the loop variable): the Python name
  VarId target = -1;        // ... and the variable type propagation gave it
  Expr* value = nullptr;  // Assign, Return (may be null), If/While condition, Eval
  std::vector<Expr*> range;  // ForRange: start, stop, step
  std::vector<Stmt*> body;   // If/While/ForRange
  std::vector<Stmt*> orelse;  // If
};

struct Function {
  std::string name;
  int line = 0;  // of the `def`
  resolve::Signature signature;
  std::vector<VarId> params;
  std::vector<Var> vars;
  std::vector<VarId> merged_into;  // type propagation's merges of same-typed renames (a union-find)
  std::vector<Stmt*> body;
  std::deque<Expr> expr_storage;  // stable addresses
  std::deque<Stmt> stmt_storage;

  Expr* new_expr(ExprKind kind, diag::Span span) {
    expr_storage.push_back(Expr{kind, span, nullptr, {}, -1, {}, {}, {}, {}});
    return &expr_storage.back();
  }
  Stmt* new_stmt(StmtKind kind, diag::Span span) {
    stmt_storage.push_back(Stmt{kind, span, {}, -1, nullptr, {}, {}, {}});
    return &stmt_storage.back();
  }
};

}  // namespace kiln::ir
