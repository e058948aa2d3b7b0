#include "compiler/types/propagate.h"

#include <map>

#include "compiler/ops/library.h"
#include "compiler/resolve/annotations.h"

namespace kiln::types {
namespace {

using Env = std::map<std::string, ir::VarId>;

std::string type_name(const Type* t) { return "'" + to_string(t) + "'"; }

class Propagation {
 public:
  Propagation(ir::Function& f, TypeTable& table, const SignatureLookup& callees, std::vector<diag::Diagnostic>& errors)
      : f_(f), table_(table), callees_(callees), errors_(errors) {}

  void run() {
    for (const resolve::Parameter& p : f_.signature.params) {
      ir::VarId id = new_var(p.name, p.type);
      f_.vars[id].is_param = true;
      f_.params.push_back(id);
      env_[p.name] = id;
    }
    block(f_.body, env_);
  }

 private:
  void error(diag::Span span, std::string message, std::string hint = {}) {
    diag::Diagnostic d = diag::error(span, std::move(message));
    if (!hint.empty()) d.hints.push_back(std::move(hint));
    errors_.push_back(std::move(d));
  }

  ir::VarId new_var(const std::string& name, const Type* type) {
    f_.vars.push_back(ir::Var{name, type, false});
    merged_into_.push_back(static_cast<ir::VarId>(f_.vars.size() - 1));
    return static_cast<ir::VarId>(f_.vars.size() - 1);
  }

  ir::VarId find(ir::VarId id) {
    while (merged_into_[id] != id) id = merged_into_[id];
    return id;
  }

  // Binds `name` to a value of type `t`: the current variable when its type matches, else a new one.
  ir::VarId bind(Env& env, const std::string& name, const Type* t) {
    auto it = env.find(name);
    if (it != env.end() && f_.vars[find(it->second)].type == t) return find(it->second);
    ir::VarId id = new_var(name, t);
    env[name] = id;
    return id;
  }

  // After two paths: a name bound on both to variables of one type becomes one variable; a name
  // bound on one path only, or to different types, cannot be read afterwards.
  Env merge(const Env& a, const Env& b, diag::Span span) {
    Env out;
    for (const auto& [name, id_a] : a) {
      auto it = b.find(name);
      if (it == b.end()) continue;
      ir::VarId x = find(id_a), y = find(it->second);
      if (x == y) {
        out[name] = x;
      } else if (f_.vars[x].type == f_.vars[y].type) {
        merged_into_[y] = x;
        out[name] = x;
      } else {
        conflicts_[name] = {span, "'" + name + "' is " + to_string(f_.vars[x].type) + " on one path and " +
                                      to_string(f_.vars[y].type) + " on another"};
      }
    }
    return out;
  }

  void block(std::vector<ir::Stmt*>& body, Env& env) {
    for (ir::Stmt* s : body) statement(*s, env);
  }

  void statement(ir::Stmt& s, Env& env) {
    switch (s.kind) {
      case ir::StmtKind::Assign: {
        const Type* t = expr(*s.value, env);
        if (t) s.target = bind(env, s.target_name, t);
        return;
      }
      case ir::StmtKind::Return: return return_statement(s, env);
      case ir::StmtKind::If: {
        condition(*s.value, env);
        Env then_env = env, else_env = env;
        block(s.body, then_env);
        block(s.orelse, else_env);
        env = merge(then_env, else_env, s.span);
        return;
      }
      case ir::StmtKind::While: {
        condition(*s.value, env);
        loop_body(s, env);
        return;
      }
      case ir::StmtKind::ForRange: {
        for (ir::Expr* bound : s.range) {
          const Type* t = expr(*bound, env);
          if (t && t->kind != Kind::Int && t->kind != Kind::Bool) {
            error(bound->span, "range() arguments must be int, not " + type_name(t));
          }
        }
        Env body_env = env;
        s.target = bind(body_env, s.target_name, table_.integer());
        loop_body(s, body_env, &env);
        return;
      }
      case ir::StmtKind::Eval: expr(*s.value, env); return;
      case ir::StmtKind::Break:
      case ir::StmtKind::Continue:
      case ir::StmtKind::Pass: return;
    }
  }

  // A loop body runs again with what it bound: each name must keep its variable (and type) across
  // iterations; names first bound inside may not have been bound when the loop ends.
  void loop_body(ir::Stmt& s, Env& body_env, Env* after = nullptr) {
    Env entry = body_env;
    block(s.body, body_env);
    Env merged = merge(entry, body_env, s.span);
    if (after) {
      for (auto& [name, id] : *after) {
        if (merged.count(name)) id = merged[name];
      }
      for (auto it = after->begin(); it != after->end();) {
        it = merged.count(it->first) || entry.count(it->first) == 0 ? std::next(it) : after->erase(it);
      }
    } else {
      body_env = merged;
    }
  }

  void condition(ir::Expr& e, Env& env) { expr(e, env); }

  void return_statement(ir::Stmt& s, Env& env) {
    const Type* declared = f_.signature.returns;
    const Type* t = s.value ? expr(*s.value, env) : table_.none();
    if (t && declared && !resolve::assignable(t, declared)) {
      error(s.value ? s.value->span : s.span,
            "'" + f_.name + "' is declared to return " + to_string(declared) + " but this returns " + to_string(t));
    }
  }

  const Type* expr(ir::Expr& e, Env& env) {
    e.type = infer(e, env);
    return e.type;
  }

  const Type* infer(ir::Expr& e, Env& env) {
    switch (e.kind) {
      case ir::ExprKind::Constant: return resolve::type_of(e.constant, table_);
      case ir::ExprKind::Load: return load(e, env);
      case ir::ExprKind::Op: return op(e, env);
      case ir::ExprKind::Not:
        expr(*e.args[0], env);
        return table_.boolean();
      case ir::ExprKind::And:
      case ir::ExprKind::Or:
      case ir::ExprKind::IfExp: return same_type_operands(e, env);
      case ir::ExprKind::Call: return call(e, env);
    }
    return nullptr;
  }

  const Type* load(ir::Expr& e, Env& env) {
    auto it = env.find(e.name);
    if (it == env.end()) {
      auto conflict = conflicts_.find(e.name);
      if (conflict != conflicts_.end()) {
        error(e.span, conflict->second.second, "give it one type on every path, or use two names");
      } else {
        error(e.span, "'" + e.name + "' may be used before it is assigned",
              "assign it on every path that reaches here (before an `if` or a loop)");
      }
      return nullptr;
    }
    e.var = find(it->second);
    return f_.vars[e.var].type;
  }

  const Type* op(ir::Expr& e, Env& env) {
    std::vector<Kind> kinds;
    std::vector<const Type*> arg_types;
    for (ir::Expr* a : e.args) {
      const Type* t = expr(*a, env);
      if (!t) return nullptr;
      kinds.push_back(t->kind);
      arg_types.push_back(t);
    }
    const ops::Entry* entry = ops::find(e.name, kinds);
    if (!entry) {
      std::string operands;
      for (std::size_t i = 0; i < arg_types.size(); ++i) operands += (i ? " and " : "") + type_name(arg_types[i]);
      error(e.span, "unsupported operand type(s) for " + ops::describe(e.name) + ": " + operands,
            "Kiln compiles Python's operations on the types it can prove; convert an operand first");
      return nullptr;
    }
    e.cpp = entry->cpp;
    // Operands the entry takes as another numeric type are converted by codegen.
    for (std::size_t i = 0; i < e.args.size(); ++i) e.operand_types.push_back(scalar(entry->params[i], arg_types[i]));
    return scalar(entry->result, nullptr);
  }

  const Type* scalar(Kind k, const Type* fallback) {
    switch (k) {
      case Kind::Int: return table_.integer();
      case Kind::Float: return table_.floating();
      case Kind::Bool: return table_.boolean();
      case Kind::Str: return table_.str();
      default: return fallback;
    }
  }

  // `a or b`, `a and b`, `x if c else y`: Python yields one of the operands, so both must have one
  // type (even int and float: the result would print differently).
  const Type* same_type_operands(ir::Expr& e, Env& env) {
    const bool is_if = e.kind == ir::ExprKind::IfExp;
    if (is_if) expr(*e.args[0], env);
    ir::Expr& a = *e.args[is_if ? 1 : 0];
    ir::Expr& b = *e.args[is_if ? 2 : 1];
    const Type* ta = expr(a, env);
    const Type* tb = expr(b, env);
    if (!ta || !tb) return nullptr;
    if (ta == tb) return ta;
    error(e.span, "the operands here have different types (" + to_string(ta) + " and " + to_string(tb) + ")",
          "Kiln needs one static type per expression; convert one side");
    return nullptr;
  }

  const Type* call(ir::Expr& e, Env& env) {
    const resolve::Signature* callee = callees_(e.name);
    if (!callee) {
      error(e.span, "'" + e.name + "' cannot be compiled (see its diagnostics)");
      return nullptr;
    }
    if (e.args.size() != callee->params.size()) {
      error(e.span, e.name + "() takes " + std::to_string(callee->params.size()) + " positional arguments but " +
                        std::to_string(e.args.size()) + " were given");
      return nullptr;
    }
    for (std::size_t i = 0; i < e.args.size(); ++i) {
      const Type* t = expr(*e.args[i], env);
      if (t && !resolve::assignable(t, callee->params[i].type)) {
        error(e.args[i]->span, "argument '" + callee->params[i].name + "' of " + e.name + "() must be " +
                                   to_string(callee->params[i].type) + ", not " + to_string(t));
      }
    }
    return callee->returns;
  }

  ir::Function& f_;
  TypeTable& table_;
  const SignatureLookup& callees_;
  std::vector<diag::Diagnostic>& errors_;
  Env env_;
  std::vector<ir::VarId> merged_into_;
  std::map<std::string, std::pair<diag::Span, std::string>> conflicts_;

 public:
  std::vector<ir::VarId> take_merges() { return std::move(merged_into_); }
};

}  // namespace

bool propagate(ir::Function& f, TypeTable& table, const SignatureLookup& callees, std::vector<diag::Diagnostic>& errors) {
  const std::size_t errors_before = errors.size();
  Propagation p(f, table, callees, errors);
  p.run();
  f.merged_into = p.take_merges();
  return errors.size() == errors_before;
}

ir::VarId canonical(const ir::Function& f, ir::VarId id) {
  while (f.merged_into[id] != id) id = f.merged_into[id];
  return id;
}

}  // namespace kiln::types
