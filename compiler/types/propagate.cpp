#include "compiler/types/propagate.h"

#include <algorithm>
#include <map>
#include <set>

#include "compiler/ir/lower.h"
#include "compiler/ops/library.h"
#include "compiler/ops/pattern.h"
#include "compiler/resolve/annotations.h"

namespace kiln::types {
namespace {

using Env = std::map<std::string, ir::VarId>;
// What later uses say an empty container holds: name → its full type.
using Hints = std::map<std::string, const Type*>;

std::string type_name(const Type* t) {
  return "'" + to_string(t) + "'";
}

// Whether a value of type `from` can be stored where `to` is expected: the same type, a number
// widening (bool → int → float), a value into `T | None`, or an empty container into a typed one.
bool fits(const Type* from, const Type* to) {
  if (from == to || from->kind == Kind::Unknown) return true;
  if (to->kind == Kind::Float) return from->kind == Kind::Int || from->kind == Kind::Bool;
  if (to->kind == Kind::Int) return from->kind == Kind::Bool;
  if (to->kind == Kind::Union && to->args.size() == 2 && to->args[1]->kind == Kind::None) {
    return from->kind == Kind::None || fits(from, to->args[0]);
  }
  if (to->kind == Kind::Union) {  // a value of one of the alternatives (exactly: the variant records which)
    return std::find(to->args.begin(), to->args.end(), from) != to->args.end();
  }
  if (from->kind == Kind::Tuple && to->kind == Kind::Tuple && from->args.size() == to->args.size()) {
    for (std::size_t i = 0; i < from->args.size(); ++i) {
      if (!fits(from->args[i], to->args[i])) return false;
    }
    return true;
  }
  if (from->kind != to->kind || from->args.size() != to->args.size() || !has_unknown(from)) return false;
  for (std::size_t i = 0; i < from->args.size(); ++i) {
    if (from->args[i]->kind != Kind::Unknown && !fits(from->args[i], to->args[i])) return false;
  }
  return true;
}

class Propagation {
 public:
  Propagation(ir::Function& f, TypeTable& table, const SignatureLookup& callees, const ClassLookup& classes,
              const Specializer& specialize, std::vector<diag::Diagnostic>& errors, const Hints& hints)
      : f_(f),
        table_(table),
        callees_(callees),
        classes_(classes),
        specialize_(specialize),
        errors_(errors),
        hints_(hints) {}

  // What the function's `return` statements return, when its return type is not annotated.
  const Type* inferred_returns() const { return inferred_returns_; }

  void run() {
    for (const resolve::Parameter& p : f_.signature.params) {
      ir::VarId id = new_var(p.name, p.type);
      f_.vars[id].is_param = true;
      f_.vars[id].captured = p.captured;
      f_.params.push_back(id);
      env_[p.name] = id;
    }
    block(f_.body, env_);
  }

  const Hints& learned() const { return learned_; }
  std::vector<ir::VarId> take_merges() { return std::move(merged_into_); }

 private:
  void error(diag::Span span, std::string message, std::string hint = {}) {
    diag::Diagnostic d = diag::error(span, std::move(message));
    if (!hint.empty()) d.hints.push_back(std::move(hint));
    errors_.push_back(std::move(d));
  }

  ir::VarId new_var(const std::string& name, const Type* type, diag::Span span = {}) {
    f_.vars.push_back(ir::Var{name, type, false, span});
    merged_into_.push_back(static_cast<ir::VarId>(f_.vars.size() - 1));
    return static_cast<ir::VarId>(f_.vars.size() - 1);
  }

  ir::VarId find(ir::VarId id) {
    while (merged_into_[id] != id) id = merged_into_[id];
    return id;
  }

  // Binds `name` to a value of type `t`: the current variable when its type matches, else a new one
  // (always a new one when `fresh`: comprehension and lambda variables shadow the function's).
  ir::VarId bind(Env& env, const std::string& name, const Type* t, diag::Span span, bool fresh = false) {
    if (t->kind == Kind::Iterator) {
      error(span, "'" + name + "' would hold a lazy iterator, which Kiln cannot store",
            "wrap it in list(...) to keep the items");
    }
    auto it = env.find(name);
    if (!fresh && it != env.end()) {
      const Type* current = f_.vars[find(it->second)].type;
      if (current == t) return find(it->second);
      if (has_unknown(current) && fits(current, t)) learn(name, t);  // `xs = []` ... `xs = [1]`
      if (has_unknown(t) && fits(t, current)) return find(it->second);
      if (f_.vars[find(it->second)].captured) {  // a new variable would leave the enclosing one as it was
        const std::string where =
            "nonlocal '" + name + "' is " + type_name(current) + " in the enclosing function";
        error(span, where + "; it cannot be given a value of type " + type_name(t) + " here",
              "give it one type throughout, or use another name");
      }
    }
    // One name with one type is one variable, however many paths bind it (a name bound before a
    // `break` and in the loop's `else` is the same variable after the loop).
    for (std::size_t id = 0; !fresh && id < f_.vars.size(); ++id) {
      const ir::Var& v = f_.vars[id];
      if (v.name == name && v.type == t && !v.is_param && !fresh_vars_.count(static_cast<ir::VarId>(id))) {
        env[name] = find(static_cast<ir::VarId>(id));
        return env[name];
      }
    }
    ir::VarId id = new_var(name, t, span);
    if (fresh) fresh_vars_.insert(id);
    env[name] = id;
    return id;
  }

  void learn(const std::string& name, const Type* t) {
    if (!has_unknown(t)) learned_.emplace(name, t);
  }

  void bind_target(Env& env, ir::Target& target, const Type* t, bool fresh = false) {
    if (!target.is_unpack()) {
      target.var = bind(env, target.name, t, target.span, fresh);
      return;
    }
    for (std::size_t i = 0; i < target.elements.size(); ++i) {
      const Type* item = unpacked_item(t, i, target.elements.size(), target.span);
      if (!item) return;
      bind_target(env, target.elements[i], item, fresh);
    }
  }

  // The type of item `i` when a value of type `t` is unpacked into `n` targets.
  const Type* unpacked_item(const Type* t, std::size_t i, std::size_t n, diag::Span span) {
    if (t->kind == Kind::Tuple) {
      if (t->args.size() != n) {
        error(span, std::string(t->args.size() < n ? "not enough" : "too many") +
                        " values to unpack (expected " + std::to_string(n) + ", got " +
                        std::to_string(t->args.size()) + ")");
        return nullptr;
      }
      return t->args[i];
    }
    if (t->kind == Kind::List || t->kind == Kind::VarTuple) return t->args[0];
    error(span, "cannot unpack a value of type " + type_name(t), "unpack a tuple or a list");
    return nullptr;
  }

  // After two paths: a name bound on both to variables of one type becomes one variable; a name
  // bound on one path only, or to different types, cannot be read afterwards. A path that ended
  // (return, raise, break, continue) does not count.
  Env merge(const Env& a, bool a_ends, const Env& b, bool b_ends, diag::Span span) {
    if (a_ends && !b_ends) return b;
    if (b_ends && !a_ends) return a;
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

  // Returns whether the block always ends in a jump (return, raise, break, continue).
  bool block(std::vector<ir::Stmt*>& body, Env& env) {
    bool ends = false;
    for (ir::Stmt* s : body) ends = statement(*s, env) || ends;
    return ends;
  }

  bool statement(ir::Stmt& s, Env& env) {
    switch (s.kind) {
      case ir::StmtKind::Assign:
        assign(s, env);
        return false;
      case ir::StmtKind::Return:
        return_statement(s, env);
        return true;
      case ir::StmtKind::If:
        return if_statement(s, env);
      case ir::StmtKind::While: {
        condition(*s.value, env);
        loop_body(s, env, nullptr);
        return false;
      }
      case ir::StmtKind::ForRange: {
        for (ir::Expr* bound : s.range) {
          const Type* t = expr(*bound, env);
          if (t && t->kind != Kind::Int && t->kind != Kind::Bool) {
            error(bound->span, "range() arguments must be int, not " + type_name(t));
          }
        }
        loop_body(s, env, table_.integer());
        return false;
      }
      case ir::StmtKind::For: {
        const Type* t = expr(*s.value, env);
        if (!t) return false;
        const Type* item = ops::element_type(t, table_);
        if (!item) {
          error(s.value->span, type_name(t) + " object is not iterable");
          return false;
        }
        loop_body(s, env, item);
        return false;
      }
      case ir::StmtKind::Eval:
        expr(*s.value, env);
        return false;
      case ir::StmtKind::Break:
      case ir::StmtKind::Continue:
        return true;
      case ir::StmtKind::Pass:
        return false;
      case ir::StmtKind::Raise:
        raise(s, env);
        return true;
      case ir::StmtKind::Try:
        return try_statement(s, env);
      case ir::StmtKind::Assert:
        condition(*s.value, env);
        if (s.message) expect_str(*s.message, env, "an assert's message");
        return false;
      case ir::StmtKind::Yield:
        yield(s, env);
        return false;
    }
    return false;
  }

  void assign(ir::Stmt& s, Env& env) {
    const Type* t = expr(*s.value, env);
    if (!t) return;
    const Type* declared = s.declared;
    if (!declared && !s.target.is_unpack() && has_unknown(t)) {
      auto hint = hints_.find(s.target.name);
      if (hint != hints_.end() && fits(t, hint->second)) declared = hint->second;
    }
    if (declared) {
      if (!fits(t, declared)) {
        error(s.value->span, "this is " + to_string(t) + ", but the annotation says " + to_string(declared));
        return;
      }
      retype(*s.value, declared);
      t = declared;
    }
    bind_target(env, s.target, t);
  }

  // An empty display (or a comprehension over one) takes the type its context expects.
  void retype(ir::Expr& e, const Type* t) {
    const bool tolist = e.kind == ir::ExprKind::Op && e.name == ".tolist";  // its depth is the array's
    if (has_unknown(e.type) &&
        (e.kind == ir::ExprKind::Display || e.kind == ir::ExprKind::Constant || tolist))
      e.type = t;
  }

  bool if_statement(ir::Stmt& s, Env& env) {
    condition(*s.value, env);
    Env then_env = env, else_env = env;
    narrow(s, then_env, else_env);
    const bool then_ends = block(s.body, then_env);
    // `if True:` groups statements lowering made of one (a = b = v; del a[i], b[j]).
    const bool always = s.value->kind == ir::ExprKind::Constant &&
                        s.value->constant.kind == resolve::Constant::Kind::Bool && s.value->constant.boolean;
    const bool else_ends = block(s.orelse, else_env) || always;
    env = merge(then_env, then_ends, else_env, else_ends, s.span);
    return then_ends && else_ends;
  }

  // `if x is None:` / `if x is not None:` on an `T | None` variable: where x cannot be None it
  // becomes a T variable (codegen unwraps it at the branch's start).
  void narrow(ir::Stmt& s, Env& then_env, Env& else_env) {
    const ir::Expr& c = *s.value;
    if (c.kind == ir::ExprKind::Op && c.name.starts_with("isinstance:"))
      return narrow_union(s, then_env, else_env);
    if (c.kind != ir::ExprKind::Op || (c.name != "is" && c.name != "is_not")) return;
    const ir::Expr& subject = *c.args[0];
    if (subject.kind != ir::ExprKind::Load || c.args[1]->kind != ir::ExprKind::Constant ||
        c.args[1]->constant.kind != resolve::Constant::Kind::None || !subject.type)
      return;
    const Type* t = subject.type;
    if (t->kind != Kind::Union || t->args.size() != 2 || t->args[1]->kind != Kind::None) return;
    Env& not_none = c.name == "is" ? else_env : then_env;
    const ir::VarId narrowed = new_var(subject.name, t->args[0]);
    not_none[subject.name] = narrowed;
    s.narrow_from = subject.var;
    (c.name == "is" ? s.narrow_else : s.narrow_then) = narrowed;
  }

  // `if isinstance(x, T):` on a union variable: x is a T inside, and the rest of the union (when that
  // is one type) in the else branch.
  void narrow_union(ir::Stmt& s, Env& then_env, Env& else_env) {
    const ir::Expr& c = *s.value;
    const ir::Expr& subject = *c.args[0];
    const Type* t = subject.type;
    if (subject.kind != ir::ExprKind::Load || !t || !is_tagged_union(t)) return;
    const Type* chosen = union_member(t, c.name.substr(std::string("isinstance:").size()));
    if (!chosen) return;
    std::vector<const Type*> rest;
    for (const Type* a : t->args) {
      if (a != chosen) rest.push_back(a);
    }
    s.narrow_from = subject.var;
    s.narrow_then = new_var(subject.name, chosen);
    then_env[subject.name] = s.narrow_then;
    if (rest.size() == 1) {
      s.narrow_else = new_var(subject.name, rest[0]);
      else_env[subject.name] = s.narrow_else;
    }
  }

  static bool is_tagged_union(const Type* t) {
    return t->kind == Kind::Union && !(t->args.size() == 2 && t->args[1]->kind == Kind::None);
  }

  // The alternative of union `t` that isinstance(..., name) selects.
  static const Type* union_member(const Type* t, const std::string& name) {
    for (const Type* a : t->args) {
      const std::string spelled = to_string(a);
      if (spelled == name || spelled.starts_with(name + "[")) return a;
    }
    return nullptr;
  }

  // A loop body runs again with what it bound: each name must keep its variable (and type) across
  // iterations; names first bound inside may not have been bound when the loop ends.
  void loop_body(ir::Stmt& s, Env& env, const Type* item) {
    Env body_env = env;
    if (item) bind_target(body_env, s.target, item);
    Env entry = body_env;
    block(s.body, body_env);
    Env merged = merge(entry, false, body_env, false, s.span);
    for (auto& [name, id] : env) {
      if (merged.count(name)) id = merged[name];
    }
    for (auto it = env.begin(); it != env.end();) {
      it = merged.count(it->first) ? std::next(it) : env.erase(it);
    }
    if (!s.orelse.empty()) block(s.orelse, env);
  }

  bool try_statement(ir::Stmt& s, Env& env) {
    Env body_env = env;
    bool ends = block(s.body, body_env);
    ends = block(s.orelse, body_env) || ends;
    Env after = body_env;
    bool after_ends = ends;
    for (ir::Handler& h : s.handlers) {
      Env handler_env = env;  // the body may have stopped anywhere: only what held before is known
      if (!h.name.name.empty()) h.name.var = bind(handler_env, h.name.name, table_.exception(), h.span, true);
      const bool handler_ends = block(h.body, handler_env);
      after = merge(after, after_ends, handler_env, handler_ends, h.span);
      after_ends = after_ends && handler_ends;
    }
    if (!s.finally.empty()) {
      Env finally_env = env;
      block(s.finally, finally_env);
    }
    env = after;
    return after_ends;
  }

  void raise(ir::Stmt& s, Env& env) {
    if (s.value) expect_str(*s.value, env, "an exception's message");
  }

  void expect_str(ir::Expr& e, Env& env, const char* what) {
    const Type* t = expr(e, env);
    if (t && t->kind != Kind::Str)
      error(e.span, std::string(what) + " must be a str here, not " + to_string(t), "use an f-string");
  }

  void condition(ir::Expr& e, Env& env) { expr(e, env); }

  // A generator yields items of the T its `-> Iterator[T]` declares.
  void yield(ir::Stmt& s, Env& env) {
    const Type* declared = f_.signature.returns;
    const Type* t = expr(*s.value, env);
    if (!t || !declared) return;
    if (declared->kind != Kind::Iterator) {
      error(s.span,
            "'" + f_.name + "' yields, so it must be declared `-> Iterator[T]`, not " + to_string(declared),
            "annotate it, e.g. `-> Iterator[str]` (from typing import Iterator)");
      return;
    }
    if (s.name == "from") t = ops::element_type(t, table_);
    if (!t || !fits(t, declared->args[0])) {
      error(s.value->span, "'" + f_.name + "' yields " + to_string(declared->args[0]) + " items, not " +
                               (t ? to_string(t) : std::string("this")));
    }
  }

  void return_statement(ir::Stmt& s, Env& env) {
    const Type* declared = f_.signature.returns ? f_.signature.returns : inferred_returns_;
    if (!declared) {  // an unannotated helper: its first return says what it returns
      inferred_returns_ = s.value ? expr(*s.value, env) : table_.none();
      return;
    }
    if (f_.is_generator) {
      if (s.value)
        error(s.value->span, "a generator's `return` cannot return a value here", "use a bare `return`");
      return;
    }
    const Type* t = s.value ? expr(*s.value, env) : table_.none();
    if (!t || !declared) return;
    if (!fits(t, declared)) {
      error(s.value ? s.value->span : s.span, "'" + f_.name + "' is declared to return " +
                                                  to_string(declared) + " but this returns " + to_string(t));
      return;
    }
    if (s.value) {
      retype(*s.value, declared);
      if (s.value->kind == ir::ExprKind::Load && has_unknown(t)) learn(s.value->name, declared);
    }
  }

  const Type* expr(ir::Expr& e, Env& env) {
    e.type = infer(e, env);
    return e.type;
  }

  const Type* infer(ir::Expr& e, Env& env) {
    switch (e.kind) {
      case ir::ExprKind::Constant:
        return resolve::type_of(e.constant, table_);
      case ir::ExprKind::Load:
        return load(e, env);
      case ir::ExprKind::Op:
        return op(e, env);
      case ir::ExprKind::Not:
        expr(*e.args[0], env);
        return table_.boolean();
      case ir::ExprKind::And:
      case ir::ExprKind::Or:
      case ir::ExprKind::IfExp:
        return same_type_operands(e, env);
      case ir::ExprKind::Call:
        return call(e, env);
      case ir::ExprKind::Display:
        return display(e, env);
      case ir::ExprKind::Comprehension:
        return comprehension(e, env);
      case ir::ExprKind::New:
        return new_instance(e, env);
      case ir::ExprKind::GetAttr:
      case ir::ExprKind::SetAttr:
        return attribute(e, env);
      case ir::ExprKind::Lambda:
        error(e.span, "a lambda can only be passed to a builtin here (key=, map, filter)",
              "define a module-level function instead");
        return nullptr;
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

  // The one type all of `items` can be stored as (int and float widen to float); null if none.
  const Type* common_type(const std::vector<const Type*>& items, diag::Span span) {
    const Type* out = table_.unknown();
    for (const Type* t : items) {
      if (fits(t, out) && out->kind != Kind::Unknown) continue;
      if (fits(out, t)) {
        out = t;
        continue;
      }
      error(span, "the items here have different types (" + to_string(out) + " and " + to_string(t) + ")",
            "Kiln needs one static type per container; convert the items to one type");
      return nullptr;
    }
    return out;
  }

  const Type* display(ir::Expr& e, Env& env) {
    std::vector<const Type*> keys, values;
    for (std::size_t i = 0; i < e.args.size(); ++i) {
      const Type* t = expr(*e.args[i], env);
      if (!t) return nullptr;
      (e.display == ir::DisplayKind::Dict && i % 2 == 1 ? values : keys).push_back(t);
    }
    switch (e.display) {
      case ir::DisplayKind::Tuple:
        return table_.tuple(keys);
      case ir::DisplayKind::List:
      case ir::DisplayKind::Set: {
        const Type* item = common_type(keys, e.span);
        if (!item) return nullptr;
        return e.display == ir::DisplayKind::List ? table_.list(item) : table_.set(item);
      }
      case ir::DisplayKind::Dict: {
        const Type* k = common_type(keys, e.span);
        const Type* v = common_type(values, e.span);
        return k && v ? table_.dict(k, v) : nullptr;
      }
    }
    return nullptr;
  }

  // Each clause binds fresh variables in a scope of its own; the element is typed inside it.
  const Type* comprehension(ir::Expr& e, Env& env) {
    Env scope = env;
    for (ir::Generator* g : e.generators) {
      const Type* t = expr(*g->iter, scope);
      if (!t) return nullptr;
      const Type* item = ops::element_type(t, table_);
      if (!item) {
        error(g->iter->span, type_name(t) + " object is not iterable");
        return nullptr;
      }
      bind_target(scope, g->target, item, true);
      for (ir::Expr* c : g->conditions) condition(*c, scope);
    }
    std::vector<const Type*> parts;
    for (ir::Expr* element : e.args) {
      const Type* t = expr(*element, scope);
      if (!t) return nullptr;
      parts.push_back(t);
    }
    switch (e.display) {
      case ir::DisplayKind::List:
        return table_.list(parts[0]);
      case ir::DisplayKind::Set:
        return table_.set(parts[0]);
      case ir::DisplayKind::Dict:
        return table_.dict(parts[0], parts[1]);
      case ir::DisplayKind::Tuple:
        return table_.iterator(parts[0]);  // a generator expression
    }
    return nullptr;
  }

  const Type* lambda(ir::Expr& e, const std::vector<const Type*>& params, Env& env) {
    if (params.size() != e.params.size()) {
      error(e.span, "this lambda takes " + std::to_string(e.params.size()) +
                        " parameters, but is called with " + std::to_string(params.size()));
      return nullptr;
    }
    Env scope = env;
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (has_unknown(params[i])) return nullptr;
      bind_target(scope, e.params[i], params[i], true);
    }
    e.type = expr(*e.args[0], scope);
    return e.type;
  }

  // A method of a class instance is a call of the class's function with the instance first.
  bool is_method_call(ir::Expr& e, Env& env) {
    if (!e.name.starts_with(".") || e.args.empty()) return false;
    const Type* receiver = expr(*e.args[0], env);
    if (!receiver || receiver->kind != Kind::Class) return false;
    e.kind = ir::ExprKind::Call;
    e.name = receiver->name + e.name;
    return true;
  }

  const Type* field_type(const Type* object, const std::string& field, diag::Span span) {
    const resolve::ClassInfo* cls = object->kind == Kind::Class ? classes_(object->name) : nullptr;
    if (cls) {
      for (const resolve::Field& f : cls->fields) {
        if (f.name == field) return f.type;
      }
    }
    error(span, "'" + to_string(object) + "' object has no attribute '" + field + "'",
          cls ? "fields come from the class's annotations (or what __init__ assigns to self)" : "");
    return nullptr;
  }

  const Type* attribute(ir::Expr& e, Env& env) {
    const Type* object = expr(*e.args[0], env);
    if (!object) return nullptr;
    if (object->kind != Kind::Class && e.kind == ir::ExprKind::GetAttr && ops::has_op("@" + e.name)) {
      e.kind =
          ir::ExprKind::Op;  // a property of a runtime type (`model.tokenizer`, `a.shape`): an op "@NAME"
      e.name = "@" + e.name;
      e.keywords.assign(e.args.size(), "");
      return op(e, env);
    }
    const Type* t = field_type(object, e.name, e.span);
    if (!t || e.kind == ir::ExprKind::GetAttr) return t;
    const Type* value = expr(*e.args[1], env);
    if (value && !fits(value, t)) {
      error(e.args[1]->span, "field '" + e.name + "' is " + to_string(t) + ", not " + to_string(value));
      return nullptr;
    }
    if (value) retype(*e.args[1], t);
    e.operand_types = {t};
    return table_.none();
  }

  // A dataclass takes its fields (in order, or by name; defaults fill the rest); a plain class
  // takes what its __init__ takes after self.
  const Type* new_instance(ir::Expr& e, Env& env) {
    const resolve::ClassInfo* cls = classes_(e.name);
    if (!cls) {
      error(e.span, "class '" + e.name + "' cannot be compiled (see its diagnostics)");
      return nullptr;
    }
    std::vector<resolve::Parameter> params;
    if (cls->dataclass) {
      for (const resolve::Field& f : cls->fields) {
        params.push_back(resolve::Parameter{
            f.name, f.type, resolve::ParameterKind::PositionalOrKeyword, f.default_value, {}, {}});
      }
    } else if (cls->method("__init__")) {
      const resolve::Signature* init = callees_(e.name + ".__init__");
      if (!init) return nullptr;
      params.assign(init->params.begin() + 1, init->params.end());
    }
    if (!bind_call_arguments(e, params, e.name, env)) return nullptr;
    return table_.class_type(e.name);
  }

  const Type* op(ir::Expr& e, Env& env) {
    if (is_method_call(e, env)) return call(e, env);
    e.defaults.clear();
    if (e.name.starts_with("isinstance:")) return isinstance(e, env);
    if (e.name == "apply") return apply(e, env);
    if (e.name.starts_with("model:")) {  // "model:CLASS:NAME", a model constant: its accessor loads it once
      const std::size_t colon = e.name.find(':', 6);
      e.cpp = "kiln_module::model_" + e.name.substr(colon + 1) + "()";
      e.sources.clear();
      e.operand_types.clear();
      return table_.model(std::string_view(e.name).substr(6, colon - 6));
    }
    std::vector<ops::Argument> args;
    for (std::size_t i = 0; i < e.args.size(); ++i) {
      const Type* t = nullptr;
      if (e.args[i]->kind != ir::ExprKind::Lambda) {
        t = expr(*e.args[i], env);
        if (!t) return nullptr;
      }
      args.push_back({t, e.keywords[i]});
    }
    if (const Type* t = fixed_tuple_item(e, args)) return t;
    if (const Type* t = string_formatting(e, args)) return t;
    const std::size_t errors_before = errors_.size();
    auto type_lambda = [&](std::size_t arg, const std::vector<const Type*>& params) {
      return lambda(*e.args[arg], params, env);
    };
    auto m = ops::find(e.name, args, table_, type_lambda);
    if (!m && e.name.size() > 1 && e.name[0] == 'i' &&
        ops::has_op(e.name.substr(1))) {  // `x += y` as `x = x + y`
      e.name = e.name.substr(1);
      m = ops::find(e.name, args, table_, type_lambda);
    }
    if (!m) {
      if (errors_.size() == errors_before) no_such_op(e, args);
      return nullptr;
    }
    e.cpp = m->entry->cpp;
    e.sources = m->sources;
    e.operand_types = m->param_types;
    const auto& params = ops::params_of(*m->entry);
    for (std::size_t i = 0; i < params.size(); ++i) e.defaults.push_back(params[i].default_cpp.value_or(""));
    // An operand that was an empty container learns its type from the entry.
    for (std::size_t i = 0; i < m->sources.size(); ++i) {
      if (m->sources[i] < 0) continue;
      ir::Expr& a = *e.args[m->sources[i]];
      if (a.type && has_unknown(a.type) && !has_unknown(m->param_types[i]) &&
          a.type->kind == m->param_types[i]->kind) {
        if (a.kind == ir::ExprKind::Load) learn(a.name, m->param_types[i]);
        retype(a, m->param_types[i]);
      }
    }
    return m->result;
  }

  void no_such_op(const ir::Expr& e, const std::vector<ops::Argument>& args) {
    std::string operands;
    for (std::size_t i = 0; i < args.size(); ++i) {
      operands += (i ? " and " : "") + (args[i].type ? type_name(args[i].type) : std::string("a lambda"));
    }
    if (e.name.starts_with("@") && !args.empty() && args[0].type) {
      error(e.span, "'" + type_name(args[0].type) + "' object has no attribute '" + e.name.substr(1) + "'");
      return;
    }
    if (e.name.starts_with(".") && !args.empty() && args[0].type) {
      error(e.span,
            "no method " + e.name.substr(1) + "() of " + type_name(args[0].type) + " takes " + operands,
            "check the method's name and arguments; Kiln supports the common methods of str, list, dict and "
            "set");
      return;
    }
    error(e.span, "unsupported operand type(s) for " + ops::describe(e.name) + ": " + operands,
          "Kiln compiles Python's operations on the types it can prove; convert an operand first");
  }

  // t[0], t[-1] on a fixed tuple: the item's own type, read with std::get.
  const Type* fixed_tuple_item(ir::Expr& e, const std::vector<ops::Argument>& args) {
    if (e.name != "getitem" || args.size() != 2 || args[0].type->kind != Kind::Tuple) return nullptr;
    const ir::Expr& index = *e.args[1];
    const auto n = static_cast<int64_t>(args[0].type->args.size());
    if (index.kind != ir::ExprKind::Constant || index.constant.kind != resolve::Constant::Kind::Int) {
      error(index.span, "a tuple of mixed types can only be indexed with a constant",
            "unpack it: `a, b = t`");
      return table_.unknown();
    }
    int64_t i = index.constant.integer < 0 ? index.constant.integer + n : index.constant.integer;
    if (i < 0 || i >= n) {
      error(index.span, "tuple index out of range");
      return table_.unknown();
    }
    e.cpp = "std::get<" + std::to_string(i) + ">({0})";
    e.sources = {0};
    e.defaults = {""};
    e.operand_types = {args[0].type};
    return args[0].type->args[i];
  }

  static bool is_scalar(const Type* t) {
    return t &&
           (t->kind == Kind::Int || t->kind == Kind::Float || t->kind == Kind::Bool || t->kind == Kind::Str);
  }

  // fmt % args and fmt.format(...): any number of scalar operands, formatted at run time.
  const Type* string_formatting(ir::Expr& e, const std::vector<ops::Argument>& args) {
    const bool percent = e.name == "mod" && args.size() == 2 && args[0].type->kind == Kind::Str;
    const bool method = e.name == ".format" && !args.empty() && args[0].type->kind == Kind::Str;
    if (!percent && !method) return nullptr;
    auto all_scalar = [](const std::vector<const Type*>& types) {
      return std::all_of(types.begin(), types.end(), is_scalar);
    };
    std::vector<const Type*> operands;
    for (std::size_t i = 1; i < args.size(); ++i) operands.push_back(args[i].type);
    if (percent && args[1].type->kind == Kind::Tuple) operands = args[1].type->args;
    if (!all_scalar(operands)) {
      error(e.span,
            "only int, float, bool and str values can be formatted with " +
                std::string(percent ? "%" : "str.format()") + " for now",
            "use an f-string with repr() or str()");
      return table_.unknown();
    }
    e.sources.clear();
    e.operand_types.clear();
    for (std::size_t i = 0; i < args.size(); ++i) {
      e.sources.push_back(static_cast<int>(i));
      e.operand_types.push_back(args[i].type);
      e.defaults.push_back("");
    }
    if (percent) {
      e.cpp = "kiln::rt::percent_format({0}, kiln::rt::format_args({1}))";
      return table_.str();
    }
    std::string positional, named;
    for (std::size_t i = 1; i < args.size(); ++i) {
      const std::string operand = "kiln::rt::FormatArg({" + std::to_string(i) + "})";
      if (args[i].keyword.empty()) {
        positional += (positional.empty() ? "" : ", ") + operand;
      } else {
        named += (named.empty() ? "" : ", ") + std::string("kiln::rt::NamedArg{\"") + args[i].keyword +
                 "\", " + operand + "}";
      }
    }
    if (args.size() > 10) {
      error(e.span, "str.format() with more than 9 arguments is not supported");
      return table_.unknown();
    }
    e.cpp = "kiln::rt::str_format({0}, {" + positional + "}, {" + named + "})";
    return table_.str();
  }

  // f(args) where f names a lambda: the lambda typed with the arguments' types, called in place.
  const Type* apply(ir::Expr& e, Env& env) {
    std::vector<const Type*> params;
    std::string cpp = "{0}(";
    e.sources = {0};
    e.operand_types = {nullptr};
    e.defaults = {""};
    for (std::size_t i = 1; i < e.args.size(); ++i) {
      const Type* t = expr(*e.args[i], env);
      if (!t) return nullptr;
      params.push_back(t);
      cpp += (i > 1 ? ", {" : "{") + std::to_string(i) + "}";
      e.sources.push_back(static_cast<int>(i));
      e.operand_types.push_back(t);
      e.defaults.push_back("");
    }
    e.cpp = cpp + ")";
    return lambda(*e.args[0], params, env);
  }

  // isinstance(x, T) is known statically, except on a union, whose value says which it holds.
  const Type* isinstance(ir::Expr& e, Env& env) {
    const Type* t = expr(*e.args[0], env);
    if (!t) return nullptr;
    const std::string type = e.name.substr(std::string("isinstance:").size());
    e.sources = {0};
    e.defaults = {""};
    e.operand_types = {t};
    if (is_tagged_union(t)) {
      const Type* member = union_member(t, type);
      e.cpp = member
                  ? "kiln::rt::holds<" +
                        std::to_string(std::find(t->args.begin(), t->args.end(), member) - t->args.begin()) +
                        ">({0})"
                  : "((void)({0}), false)";
      return table_.boolean();
    }
    const std::string actual = to_string(t);
    const bool yes =
        actual == type || actual.starts_with(type + "[") || (type == "int" && t->kind == Kind::Bool);
    e.cpp = yes ? "((void)({0}), true)" : "((void)({0}), false)";
    e.sources = {0};
    e.defaults = {""};
    e.operand_types = {t};
    return table_.boolean();
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
    if (has_unknown(ta) && fits(ta, tb)) return retype(a, tb), tb;
    if (has_unknown(tb) && fits(tb, ta)) return retype(b, ta), ta;
    error(e.span, "the operands here have different types (" + to_string(ta) + " and " + to_string(tb) + ")",
          "Kiln needs one static type per expression; convert one side");
    return nullptr;
  }

  const Type* call(ir::Expr& e, Env& env) {
    const resolve::Signature* callee = callees_(e.name);
    if (!callee) {  // not fully annotated: a version for these argument types
      CallArguments args;
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        const Type* t = expr(*e.args[i], env);
        if (!t) return nullptr;
        if (e.keywords[i].empty()) {
          args.positional.push_back(t);
        } else {
          args.keywords.emplace_back(e.keywords[i], t);
        }
      }
      const std::string version = specialize_(e.name, args, e.span);
      if (version.empty()) return nullptr;
      callee = callees_(version);
      if (!callee) {
        error(e.span, "'" + e.name + "' calls itself before its return type is known",
              "annotate the return type of '" + e.name + "'");
        return nullptr;
      }
      e.name = version;
    }
    if (!callee || !callee->returns) {
      error(e.span, "'" + e.name + "' cannot be compiled (see its diagnostics)");
      return nullptr;
    }
    if (!bind_call_arguments(e, callee->params, e.name, env)) return nullptr;
    return callee->returns;
  }

  // Arguments in call order, matched to `params` by position and keyword; each must fit its
  // parameter; a missing one needs a default.
  bool bind_call_arguments(ir::Expr& e, const std::vector<resolve::Parameter>& params,
                           const std::string& callee, Env& env) {
    e.operand_types.clear();
    std::vector<int> sources(params.size(), -1);
    std::size_t positional = 0;
    for (std::size_t i = 0; i < e.args.size(); ++i) {
      int slot = -1;
      if (e.keywords[i].empty()) {
        // A closure's captures come last, passed by keyword only.
        slot =
            positional < params.size() && !params[positional].captured ? static_cast<int>(positional++) : -1;
      } else {
        for (std::size_t p = 0; p < params.size(); ++p) {
          if (params[p].name == e.keywords[i]) slot = static_cast<int>(p);
        }
      }
      if (slot < 0 || sources[slot] >= 0) {
        error(e.args[i]->span, callee + "() got an unexpected argument here");
        return false;
      }
      sources[slot] = static_cast<int>(i);
      const Type* t = expr(*e.args[i], env);
      if (t && !fits(t, params[slot].type)) {
        error(e.args[i]->span, "argument '" + params[slot].name + "' of " + callee + "() must be " +
                                   to_string(params[slot].type) + ", not " + to_string(t));
      } else if (t) {
        retype(*e.args[i], params[slot].type);
        if (e.args[i]->kind == ir::ExprKind::Load && has_unknown(t))
          learn(e.args[i]->name, params[slot].type);
      }
    }
    for (std::size_t p = 0; p < params.size(); ++p) {
      if (sources[p] < 0 && !params[p].default_value) {
        error(e.span, callee + "() missing 1 required positional argument: '" + params[p].name + "'");
        return false;
      }
      e.operand_types.push_back(params[p].type);
    }
    e.sources = sources;
    return true;
  }

  ir::Function& f_;
  TypeTable& table_;
  const SignatureLookup& callees_;
  const ClassLookup& classes_;
  const Specializer& specialize_;
  const Type* inferred_returns_ = nullptr;
  std::vector<diag::Diagnostic>& errors_;
  const Hints& hints_;
  Hints learned_;
  std::set<ir::VarId> fresh_vars_;  // comprehension and lambda variables: never shared
  Env env_;
  std::vector<ir::VarId> merged_into_;
  std::map<std::string, std::pair<diag::Span, std::string>> conflicts_;
};

// A variable whose type still has an Unknown part: no use said what its empty container holds.
bool report_unknowns(const ir::Function& f, std::vector<diag::Diagnostic>& errors) {
  for (std::size_t id = 0; id < f.vars.size(); ++id) {
    const ir::Var& v = f.vars[id];
    if (canonical(f, static_cast<ir::VarId>(id)) != static_cast<ir::VarId>(id) || !v.type ||
        !has_unknown(v.type))
      continue;
    std::string example = to_string(v.type);
    for (std::size_t pos; (pos = example.find('?')) != std::string::npos;) example.replace(pos, 1, "int");
    diag::Diagnostic d =
        diag::error(v.span, "cannot tell what '" + v.name + "' holds (" + to_string(v.type) + ")");
    d.hints.push_back("annotate it where it is created, e.g. `" + v.name + ": " + example + " = ...`");
    errors.push_back(std::move(d));
    return true;
  }
  return false;
}

}  // namespace

bool propagate(ir::Function& f, TypeTable& table, const SignatureLookup& callees, const ClassLookup& classes,
               const Specializer& specialize, std::vector<diag::Diagnostic>& errors) {
  const bool infer_returns = f.signature.returns == nullptr;
  // Empty containers learn their type from later uses; a second pass applies what the first learned.
  Hints hints;
  for (int pass = 0; pass < 3; ++pass) {
    f.vars.clear();
    f.params.clear();
    std::vector<diag::Diagnostic> pass_errors;
    if (infer_returns) f.signature.returns = nullptr;
    Propagation p(f, table, callees, classes, specialize, pass_errors, hints);
    p.run();
    if (infer_returns) f.signature.returns = p.inferred_returns() ? p.inferred_returns() : table.none();
    f.merged_into = p.take_merges();
    Hints learned = p.learned();
    const bool more =
        std::any_of(learned.begin(), learned.end(), [&](const auto& h) { return !hints.count(h.first); });
    if (more && pass < 2) {
      hints.insert(learned.begin(), learned.end());
      continue;
    }
    if (!pass_errors.empty()) {
      for (diag::Diagnostic& d : pass_errors) {  // an expression typed twice reports once
        const bool seen = std::any_of(errors.begin(), errors.end(), [&](const diag::Diagnostic& o) {
          return o.message == d.message && o.span.line == d.span.line && o.span.col == d.span.col;
        });
        if (!seen) errors.push_back(std::move(d));
      }
      return false;
    }
    return !report_unknowns(f, errors);
  }
  return false;
}

ir::VarId canonical(const ir::Function& f, ir::VarId id) {
  while (f.merged_into[id] != id) id = f.merged_into[id];
  return id;
}

}  // namespace kiln::types
