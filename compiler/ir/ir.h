// Kiln's IR: a function as structured control flow (blocks, if, loops, try) over expressions in
// which every operation is a named op ("add", "lt", "len", ".split") that type propagation resolves
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
  diag::Span span;        // where it is first bound
  bool captured = false;  // a nested def's parameter that is the enclosing function's variable
};

// What an assignment, a `for` or a comprehension binds: a name, or a tuple of targets to unpack.
struct Target {
  diag::Span span;
  std::string name;              // a name (when `elements` is empty)
  VarId var = -1;                // ... and the variable type propagation gave it
  std::vector<Target> elements;  // `a, (b, c)`: unpacked
  bool is_unpack() const { return !elements.empty(); }
};

enum class ExprKind {
  Constant,  // a literal or a module constant (`name` is the constant's name)
  Load,      // a variable
  Op,        // an op-library operation
  And,
  Or,
  Not,
  IfExp,
  Call,           // a function of this module
  Display,        // [a, b], (a, b), {a, b}, {k: v} (args alternate key, value)
  Comprehension,  // [x for ...], {x for ...}, {k: v for ...}, (x for ...)
  Lambda,
  New,      // ClassName(args): a new instance (`name` is the class)
  GetAttr,  // args[0].name
  SetAttr,  // args[0].name = args[1] (a statement's value)
};

enum class DisplayKind { List, Tuple, Set, Dict };

struct Generator;

struct Expr {
  ExprKind kind = ExprKind::Constant;
  diag::Span span;
  const types::Type* type = nullptr;  // set by type propagation
  resolve::Constant constant;         // Constant
  VarId var = -1;                     // Load: set by type propagation from `name`
  std::string name;                   // Load: the Python name; Op: the op's name; Call: the function
  std::vector<Expr*> args;  // operands; Comprehension: the element (key, value for dicts); Lambda: body
  std::vector<std::string> keywords;  // Op: per operand, the keyword it was passed with ("" = positional)
  DisplayKind display = DisplayKind::List;  // Display and Comprehension
  std::vector<Generator*> generators;       // Comprehension: its `for ... in ... if ...` clauses
  std::vector<Target> params;               // Lambda: its parameters
  // Op, once resolved: the C++ pattern, and per parameter of the entry the operand it takes (an index
  // into `args`, or -1 for the entry's default, in `defaults`) and the type it takes it as.
  std::string cpp;
  std::vector<int> sources;
  std::vector<std::string> defaults;
  std::vector<const types::Type*> operand_types;
};

struct Generator {
  Target target;
  Expr* iter = nullptr;
  std::vector<Expr*> conditions;
};

enum class StmtKind {
  Assign,  // target = value (target may unpack)
  Return,
  If,
  While,
  For,       // for target in value: body else: orelse
  ForRange,  // for name in range(...), the counting loop
  Break,
  Continue,
  Eval,
  Pass,
  Raise,  // raise name(value) / raise name / raise (value null, name empty)
  Try,
  Assert,  // assert value, message
  Yield,   // yield value (a generator's item); `yield from value` when `name` is "from"
};

struct Handler {
  diag::Span span;
  std::vector<std::string> types;  // exception class names; empty catches everything
  Target name;                     // `as name` (empty name when absent)
  std::vector<struct Stmt*> body;
};

struct Stmt {
  StmtKind kind = StmtKind::Pass;
  diag::Span span;
  Target target;  // Assign, For, ForRange
  Expr* value =
      nullptr;  // Assign, Return (may be null), If/While condition, For iterable, Eval, Raise, Assert
  Expr* message = nullptr;                // Assert's message
  std::string name;                       // Raise: the exception class
  const types::Type* declared = nullptr;  // Assign from `x: T = ...`: the annotated type
  std::vector<Expr*> range;               // ForRange: start, stop, step
  std::vector<Stmt*> body;                // If/While/For/ForRange/Try
  std::vector<Stmt*> orelse;              // If, loops' and Try's else
  std::vector<Stmt*> finally;             // Try
  std::vector<Handler> handlers;
  // If: a name narrowed from `T | None` to T in a branch (`if x is not None:`): the variable it
  // narrows from and the one it becomes, per branch (-1 when none).
  VarId narrow_from = -1, narrow_then = -1, narrow_else = -1;
};

struct Function {
  std::string name;
  int line = 0;  // of the `def`
  resolve::Signature signature;
  bool is_generator = false;  // its body yields: it returns a lazy Iterator[T]
  std::vector<VarId> params;
  std::vector<Var> vars;
  std::vector<VarId> merged_into;  // type propagation's merges of same-typed renames (a union-find)
  std::vector<Stmt*> body;
  std::deque<Expr> expr_storage;  // stable addresses
  std::deque<Stmt> stmt_storage;
  std::deque<Generator> generator_storage;

  Expr* new_expr(ExprKind kind, diag::Span span) {
    Expr& e = expr_storage.emplace_back();
    e.kind = kind;
    e.span = span;
    return &e;
  }
  Stmt* new_stmt(StmtKind kind, diag::Span span) {
    Stmt& s = stmt_storage.emplace_back();
    s.kind = kind;
    s.span = span;
    return &s;
  }
  Generator* new_generator() {
    generator_storage.emplace_back();
    return &generator_storage.back();
  }
};

}  // namespace kiln::ir
