#include "compiler/ir/lower.h"

#include <map>
#include <set>

namespace kiln::ir {
namespace {

using namespace kiln::ast;

constexpr std::pair<Operator, const char*> kBinaryOps[] = {
    {Operator::Add, "add"},       {Operator::Sub, "sub"},       {Operator::Mult, "mul"},
    {Operator::Div, "truediv"},   {Operator::FloorDiv, "floordiv"}, {Operator::Mod, "mod"},
    {Operator::Pow, "pow"},       {Operator::LShift, "lshift"}, {Operator::RShift, "rshift"},
    {Operator::BitAnd, "bitand"}, {Operator::BitOr, "bitor"},   {Operator::BitXor, "bitxor"},
    {Operator::MatMult, "matmul"},
};
constexpr std::pair<CmpOperator, const char*> kCompareOps[] = {
    {CmpOperator::Eq, "eq"}, {CmpOperator::NotEq, "ne"}, {CmpOperator::Lt, "lt"}, {CmpOperator::LtE, "le"},
    {CmpOperator::Gt, "gt"}, {CmpOperator::GtE, "ge"}, {CmpOperator::In, "contains"}, {CmpOperator::NotIn, "not_contains"},
    {CmpOperator::Is, "is"}, {CmpOperator::IsNot, "is_not"},
};
// Builtins callable in this subset; their name is the op's name.
const std::set<std::string> kBuiltins = {"len", "abs", "min", "max", "int", "float", "str", "bool", "round", "ord", "chr"};

template <class Table, class Key>
const char* lookup(const Table& table, Key key) {
  for (const auto& [k, name] : table) {
    if (k == key) return name;
  }
  return nullptr;
}

class Lowering {
 public:
  Lowering(Function& f, const resolve::Module& module, std::vector<diag::Diagnostic>& errors)
      : f_(f), module_(module), errors_(errors) {}

  std::vector<Stmt*> block(const Body& body) {
    std::vector<Stmt*> out;
    for (const ast::Stmt* s : body) {
      if (Stmt* lowered = statement(*s)) out.push_back(lowered);
    }
    return out;
  }

  void collect_locals(const Body& body) {
    for (const ast::Stmt* s : body) collect_locals(*s);
  }
  void add_local(const std::string& name) { locals_.insert(name); }

 private:
  void unsupported(diag::Span span, std::string what, std::string hint = {}) {
    diag::Diagnostic d = diag::error(span, std::move(what));
    if (!hint.empty()) d.hints.push_back(std::move(hint));
    errors_.push_back(std::move(d));
  }

  // Names assigned anywhere in the function are its locals (Python's scoping rule).
  void collect_locals(const ast::Stmt& s) {
    auto name_of = [](const ast::Expr* e) -> std::optional<std::string> {
      if (e && e->kind == ast::ExprKind::Name) return std::string(static_cast<const Name*>(e)->id);
      return std::nullopt;
    };
    std::optional<std::string> target;
    switch (s.kind) {
      case ast::StmtKind::Assign:
        for (const ast::Expr* t : static_cast<const Assign&>(s).targets) {
          if (auto n = name_of(t)) locals_.insert(*n);
        }
        break;
      case ast::StmtKind::AugAssign: target = name_of(static_cast<const AugAssign&>(s).target); break;
      case ast::StmtKind::AnnAssign: target = name_of(static_cast<const AnnAssign&>(s).target); break;
      case ast::StmtKind::For: target = name_of(static_cast<const For&>(s).target); break;
      default: break;
    }
    if (target) locals_.insert(*target);
    visit(s, [&](const auto& node) {
      node.fields([&](std::string_view field, const auto& value) {
        if constexpr (std::is_same_v<std::decay_t<decltype(value)>, Body>) {
          if (field == "body" || field == "orelse") collect_locals(value);
        }
      });
    });
  }

  Stmt* statement(const ast::Stmt& s) {
    switch (s.kind) {
      case ast::StmtKind::Assign: return assign(static_cast<const Assign&>(s));
      case ast::StmtKind::AugAssign: return aug_assign(static_cast<const AugAssign&>(s));
      case ast::StmtKind::AnnAssign: {
        const auto& a = static_cast<const AnnAssign&>(s);
        if (!a.value) return f_.new_stmt(ir::StmtKind::Pass, s.span);
        return assign_name(a.target, expr(*a.value), s.span);
      }
      case ast::StmtKind::Return: {
        Stmt* r = f_.new_stmt(ir::StmtKind::Return, s.span);
        if (const ast::Expr* v = static_cast<const Return&>(s).value) r->value = expr(*v);
        return r;
      }
      case ast::StmtKind::If: {
        const auto& i = static_cast<const If&>(s);
        Stmt* out = f_.new_stmt(ir::StmtKind::If, s.span);
        out->value = expr(*i.test);
        out->body = block(i.body);
        out->orelse = block(i.orelse);
        return out;
      }
      case ast::StmtKind::While: {
        const auto& w = static_cast<const While&>(s);
        if (!w.orelse.empty()) unsupported(s.span, "a `while` loop with an `else` clause is not supported yet");
        Stmt* out = f_.new_stmt(ir::StmtKind::While, s.span);
        out->value = expr(*w.test);
        out->body = block(w.body);
        return out;
      }
      case ast::StmtKind::For: return for_range(static_cast<const For&>(s));
      case ast::StmtKind::Break: return f_.new_stmt(ir::StmtKind::Break, s.span);
      case ast::StmtKind::Continue: return f_.new_stmt(ir::StmtKind::Continue, s.span);
      case ast::StmtKind::Pass: return f_.new_stmt(ir::StmtKind::Pass, s.span);
      case ast::StmtKind::ExprStmt: {
        const ast::Expr* v = static_cast<const ExprStmt&>(s).value;
        if (v->kind == ast::ExprKind::Constant) return nullptr;  // docstrings and other bare literals
        Stmt* out = f_.new_stmt(ir::StmtKind::Eval, s.span);
        out->value = expr(*v);
        return out;
      }
      default:
        unsupported(s.span, "this statement (" + std::string(python_name(s.kind)) + ") is not supported yet");
        return nullptr;
    }
  }

  Stmt* assign_name(const ast::Expr* target, Expr* value, diag::Span span) {
    if (target->kind != ast::ExprKind::Name) {
      unsupported(target->span, "only assignment to a plain name is supported yet",
                  "assign to a variable, e.g. `x = ...`");
      return nullptr;
    }
    Stmt* out = f_.new_stmt(ir::StmtKind::Assign, span);
    out->target_name = static_cast<const Name*>(target)->id;
    out->value = value;
    return out;
  }

  Stmt* assign(const Assign& a) {
    if (a.targets.size() != 1) {
      unsupported(a.span, "chained assignment is not supported yet", "assign each name separately");
      return nullptr;
    }
    return assign_name(a.targets[0], expr(*a.value), a.span);
  }

  Stmt* aug_assign(const AugAssign& a) {
    const char* op = lookup(kBinaryOps, a.op);
    Expr* value = f_.new_expr(ir::ExprKind::Op, a.span);
    value->name = op;
    value->args = {expr(*a.target), expr(*a.value)};
    return assign_name(a.target, value, a.span);
  }

  // `for NAME in range(...)`, the loop this subset supports.
  Stmt* for_range(const For& loop) {
    const ast::Expr* iter = loop.iter;
    const bool is_range = iter->kind == ast::ExprKind::Call &&
                          static_cast<const Call*>(iter)->func->kind == ast::ExprKind::Name &&
                          static_cast<const Name*>(static_cast<const Call*>(iter)->func)->id == "range";
    if (!is_range || loop.target->kind != ast::ExprKind::Name || !loop.orelse.empty()) {
      unsupported(loop.span, "only `for NAME in range(...)` loops are supported yet");
      return nullptr;
    }
    const auto& call = static_cast<const Call&>(*iter);
    if (call.args.empty() || call.args.size() > 3 || !call.keywords.empty()) {
      unsupported(call.span, "range() takes 1 to 3 positional arguments");
      return nullptr;
    }
    Stmt* out = f_.new_stmt(ir::StmtKind::ForRange, loop.span);
    out->target_name = static_cast<const Name*>(loop.target)->id;
    std::vector<Expr*> args;
    for (const ast::Expr* a : call.args) args.push_back(expr(*a));
    auto constant_int = [&](int64_t v) {
      Expr* c = f_.new_expr(ir::ExprKind::Constant, call.span);
      c->constant.kind = resolve::Constant::Kind::Int;
      c->constant.integer = v;
      return c;
    };
    if (args.size() == 1) args.insert(args.begin(), constant_int(0));
    if (args.size() == 2) args.push_back(constant_int(1));
    out->range = args;
    out->body = block(loop.body);
    return out;
  }

  Expr* op(const char* name, diag::Span span, std::vector<Expr*> args) {
    Expr* e = f_.new_expr(ir::ExprKind::Op, span);
    e->name = name;
    e->args = std::move(args);
    return e;
  }

  Expr* expr(const ast::Expr& e) {
    switch (e.kind) {
      case ast::ExprKind::Constant: {
        auto c = resolve::evaluate_constant(e);
        if (!c) {
          unsupported(e.span, "this literal is not supported (integers are 64-bit; complex and ... are not supported)");
          return placeholder(e.span);
        }
        Expr* out = f_.new_expr(ir::ExprKind::Constant, e.span);
        out->constant = std::move(*c);
        return out;
      }
      case ast::ExprKind::Name: return name(static_cast<const Name&>(e));
      case ast::ExprKind::BinOp: {
        const auto& b = static_cast<const BinOp&>(e);
        return op(lookup(kBinaryOps, b.op), e.span, {expr(*b.left), expr(*b.right)});
      }
      case ast::ExprKind::UnaryOp: {
        const auto& u = static_cast<const UnaryOp&>(e);
        if (u.op == UnaryOperator::Not) {
          Expr* out = f_.new_expr(ir::ExprKind::Not, e.span);
          out->args = {expr(*u.operand)};
          return out;
        }
        const char* name = u.op == UnaryOperator::USub ? "neg" : u.op == UnaryOperator::UAdd ? "pos" : "invert";
        return op(name, e.span, {expr(*u.operand)});
      }
      case ast::ExprKind::BoolOp: {
        const auto& b = static_cast<const BoolOp&>(e);
        // a or b or c == a or (b or c): nest from the right, keeping short-circuit order.
        Expr* result = expr(*b.values.back());
        for (auto it = b.values.rbegin() + 1; it != b.values.rend(); ++it) {
          Expr* node = f_.new_expr(b.op == BoolOperator::And ? ir::ExprKind::And : ir::ExprKind::Or, e.span);
          node->args = {expr(**it), result};
          result = node;
        }
        return result;
      }
      case ast::ExprKind::Compare: return compare(static_cast<const Compare&>(e));
      case ast::ExprKind::IfExp: {
        const auto& i = static_cast<const IfExp&>(e);
        Expr* out = f_.new_expr(ir::ExprKind::IfExp, e.span);
        out->args = {expr(*i.test), expr(*i.body), expr(*i.orelse)};
        return out;
      }
      case ast::ExprKind::Call: return call(static_cast<const Call&>(e));
      default:
        unsupported(e.span, "this expression (" + std::string(expression_kind_name(e)) + ") is not supported yet");
        return placeholder(e.span);
    }
  }

  static std::string_view expression_kind_name(const ast::Expr& e) {
    return visit(e, [](const auto& n) { return n.kName; });
  }

  // Stands in for an expression already reported as unsupported, so lowering can go on and report
  // every problem of the function at once.
  Expr* placeholder(diag::Span span) {
    Expr* c = f_.new_expr(ir::ExprKind::Constant, span);
    c->constant.kind = resolve::Constant::Kind::None;
    return c;
  }

  Expr* name(const Name& n) {
    std::string id(n.id);
    if (locals_.count(id)) {
      Expr* load = f_.new_expr(ir::ExprKind::Load, n.span);
      load->name = id;
      return load;
    }
    for (const resolve::ModuleConstant& c : module_.constants) {
      if (c.name == id) {
        Expr* out = f_.new_expr(ir::ExprKind::Constant, n.span);
        out->constant = c.value;
        return out;
      }
    }
    unsupported(n.span, "name '" + id + "' is not defined (or not a constant Kiln can evaluate)");
    return placeholder(n.span);
  }

  // a < b < c is (a < b) and (b < c), with b evaluated once: allowed when the middle operands are
  // names or constants, whose second evaluation is harmless.
  Expr* compare(const Compare& c) {
    std::vector<Expr*> operands{expr(*c.left)};
    for (std::size_t i = 0; i < c.comparators.size(); ++i) {
      const ast::Expr* middle = c.comparators[i];
      if (i + 1 < c.comparators.size() && middle->kind != ast::ExprKind::Name && middle->kind != ast::ExprKind::Constant) {
        unsupported(middle->span, "a chained comparison's middle operand must be a name or a constant for now",
                    "assign it to a variable first");
      }
      operands.push_back(expr(*middle));
    }
    Expr* result = nullptr;
    for (std::size_t i = 0; i < c.ops.size(); ++i) {
      Expr* link = op(lookup(kCompareOps, c.ops[i]), c.span, {operands[i], operands[i + 1]});
      if (!result) {
        result = link;
      } else {
        Expr* both = f_.new_expr(ir::ExprKind::And, c.span);
        both->args = {result, link};
        result = both;
      }
    }
    return result;
  }

  Expr* call(const Call& c) {
    if (c.func->kind != ast::ExprKind::Name || !c.keywords.empty()) {
      unsupported(c.span, "only calls of builtins and of this module's functions, with positional arguments, are "
                          "supported yet");
      return placeholder(c.span);
    }
    std::string callee(static_cast<const Name*>(c.func)->id);
    std::vector<Expr*> args;
    for (const ast::Expr* a : c.args) {
      if (a->kind == ast::ExprKind::Starred) {
        unsupported(a->span, "`*args` in a call is not supported yet");
        return placeholder(c.span);
      }
      args.push_back(expr(*a));
    }
    if (kBuiltins.count(callee) && !locals_.count(callee)) return op(kBuiltins.find(callee)->c_str(), c.span, args);
    for (const FunctionDef* def : module_.functions) {
      if (def->name == callee) {
        Expr* out = f_.new_expr(ir::ExprKind::Call, c.span);
        out->name = callee;
        out->args = std::move(args);
        return out;
      }
    }
    unsupported(c.func->span, "'" + callee + "' is not a function Kiln knows");
    return placeholder(c.span);
  }

  Function& f_;
  const resolve::Module& module_;
  std::vector<diag::Diagnostic>& errors_;
  std::set<std::string> locals_;
};

}  // namespace

std::optional<Function> lower(const FunctionDef& def, resolve::Signature signature, const resolve::Module& module,
                              std::vector<diag::Diagnostic>& errors) {
  const std::size_t errors_before = errors.size();
  Function f;
  f.name = def.name;
  f.line = def.span.line;
  f.signature = std::move(signature);
  Lowering lowering(f, module, errors);
  for (const resolve::Parameter& p : f.signature.params) lowering.add_local(p.name);
  lowering.collect_locals(def.body);
  f.body = lowering.block(def.body);
  if (errors.size() != errors_before) return std::nullopt;
  return f;
}

}  // namespace kiln::ir
