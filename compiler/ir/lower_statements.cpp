// Lowering statements: assignment (with unpacking and subscript targets), loops, try/raise/assert.
#include <algorithm>
#include <array>

#include "compiler/ir/lower.h"
#include "compiler/ir/lowering.h"

namespace kiln::ir {

using namespace kiln::ast;

namespace {

constexpr std::array kExceptionClasses = {
    "BaseException",  "Exception",      "ArithmeticError",     "OverflowError",      "ZeroDivisionError",
    "AssertionError", "AttributeError", "LookupError",         "IndexError",         "KeyError",
    "NameError",      "RuntimeError",   "NotImplementedError", "RecursionError",     "StopIteration",
    "TypeError",      "ValueError",     "UnicodeError",        "UnicodeDecodeError", "UnicodeEncodeError",
    "MemoryError",    "OSError",        "SystemError",
};

bool is_range_call(const ast::Expr* e) {
  if (e->kind != ast::ExprKind::Call) return false;
  const auto* call = static_cast<const Call*>(e);
  return call->func->kind == ast::ExprKind::Name && static_cast<const Name*>(call->func)->id == "range" &&
         !call->args.empty() && call->args.size() <= 3 && call->keywords.empty();
}

}  // namespace

bool is_exception_class(std::string_view name) {
  return std::find(kExceptionClasses.begin(), kExceptionClasses.end(), name) != kExceptionClasses.end();
}

void Lowering::unsupported(diag::Span span, std::string what, std::string hint) {
  diag::Diagnostic d = diag::error(span, std::move(what));
  if (!hint.empty()) d.hints.push_back(std::move(hint));
  errors_.push_back(std::move(d));
}

std::vector<Stmt*> Lowering::block(const Body& body) {
  std::vector<Stmt*> out;
  for (const ast::Stmt* s : body) {
    if (Stmt* lowered = statement(*s)) out.push_back(lowered);
  }
  return out;
}

void Lowering::collect_locals(const Body& body) {
  for (const ast::Stmt* s : body) collect_locals(*s);
  for (auto it = lambdas_.begin(); it != lambdas_.end();) {  // a name rebound elsewhere is a plain variable
    it = assignments_[it->first] == 1 ? std::next(it) : lambdas_.erase(it);
  }
}

void Lowering::collect_target(const ast::Expr* e) {
  if (!e) return;
  if (e->kind == ast::ExprKind::Name) {
    locals_.insert(std::string(static_cast<const Name*>(e)->id));
    ++assignments_[std::string(static_cast<const Name*>(e)->id)];
  }
  if (e->kind == ast::ExprKind::Tuple) {
    for (const ast::Expr* item : static_cast<const ast::Tuple*>(e)->elts) collect_target(item);
  }
  if (e->kind == ast::ExprKind::List) {
    for (const ast::Expr* item : static_cast<const ListExpr*>(e)->elts) collect_target(item);
  }
}

// Names assigned anywhere in the function are its locals (Python's scoping rule).
void Lowering::collect_locals(const ast::Stmt& s) {
  switch (s.kind) {
    case ast::StmtKind::Assign: {
      const auto& a = static_cast<const Assign&>(s);
      for (const ast::Expr* t : a.targets) collect_target(t);
      if (a.targets.size() == 1 && a.targets[0]->kind == ast::ExprKind::Name &&
          a.value->kind == ast::ExprKind::Lambda) {
        lambdas_[std::string(static_cast<const Name*>(a.targets[0])->id)] =
            static_cast<const ast::Lambda*>(a.value);
      }
      break;
    }
    case ast::StmtKind::AugAssign:
      collect_target(static_cast<const AugAssign&>(s).target);
      break;
    case ast::StmtKind::AnnAssign:
      collect_target(static_cast<const AnnAssign&>(s).target);
      break;
    case ast::StmtKind::For:
      collect_target(static_cast<const For&>(s).target);
      break;
    case ast::StmtKind::Try:
      for (const ExceptHandler* h : static_cast<const ast::Try&>(s).handlers) {
        if (h->name) locals_.insert(std::string(*h->name));
        collect_locals(h->body);
      }
      break;
    case ast::StmtKind::Nonlocal:  // the enclosing function's variable, which assignments here change
      for (std::string_view name : static_cast<const Global&>(s).names) {
        if (enclosing_ && enclosing_->count(std::string(name))) add_capture(std::string(name));
      }
      break;
    default:
      break;
  }
  if (s.kind == ast::StmtKind::FunctionDef || s.kind == ast::StmtKind::ClassDef)
    return;  // a scope of its own
  visit(s, [&](const auto& node) {
    node.fields([&](std::string_view field, const auto& value) {
      if constexpr (std::is_same_v<std::decay_t<decltype(value)>, Body>) {
        if (field == "body" || field == "orelse" || field == "finalbody") collect_locals(value);
      }
    });
  });
}

Stmt* Lowering::statement(const ast::Stmt& s) {
  switch (s.kind) {
    case ast::StmtKind::Assign:
      return assign(static_cast<const Assign&>(s));
    case ast::StmtKind::AugAssign:
      return aug_assign(static_cast<const AugAssign&>(s));
    case ast::StmtKind::AnnAssign: {
      const auto& a = static_cast<const AnnAssign&>(s);
      if (!a.value) return f_.new_stmt(ir::StmtKind::Pass, s.span);
      Stmt* out = assign_to(a.target, expr(*a.value), s.span);
      if (out && out->kind == ir::StmtKind::Assign) {
        resolve::AnnotationReader reader(module_, table_, errors_);
        out->declared = reader.read(*a.annotation);
      }
      return out;
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
      Stmt* out = f_.new_stmt(ir::StmtKind::While, s.span);
      out->value = expr(*w.test);
      out->body = block(w.body);
      out->orelse = block(w.orelse);
      return out;
    }
    case ast::StmtKind::For:
      return for_loop(static_cast<const For&>(s));
    case ast::StmtKind::Break:
      return f_.new_stmt(ir::StmtKind::Break, s.span);
    case ast::StmtKind::Continue:
      return f_.new_stmt(ir::StmtKind::Continue, s.span);
    case ast::StmtKind::Pass:
      return f_.new_stmt(ir::StmtKind::Pass, s.span);
    case ast::StmtKind::Global:
      return nullptr;  // reading module constants needs no declaration
    case ast::StmtKind::Nonlocal:
      for (std::string_view name : static_cast<const Global&>(s).names) {
        if (!enclosing_ || !enclosing_->count(std::string(name)))
          unsupported(s.span, "no binding for nonlocal '" + std::string(name) + "' found",
                      "nonlocal names a variable of the enclosing function");
      }
      return nullptr;
    case ast::StmtKind::Raise:
      return raise(static_cast<const Raise&>(s));
    case ast::StmtKind::Try:
      return try_statement(static_cast<const ast::Try&>(s));
    case ast::StmtKind::Delete:
      return delete_statement(static_cast<const Delete&>(s));
    case ast::StmtKind::With:
      return with_statement(static_cast<const With&>(s));
    case ast::StmtKind::Assert: {
      const auto& a = static_cast<const Assert&>(s);
      Stmt* out = f_.new_stmt(ir::StmtKind::Assert, s.span);
      out->value = expr(*a.test);
      if (a.msg) out->message = expr(*a.msg);
      return out;
    }
    case ast::StmtKind::ExprStmt: {
      const ast::Expr* v = static_cast<const ExprStmt&>(s).value;
      if (v->kind == ast::ExprKind::Constant) return nullptr;  // docstrings and other bare literals
      if (v->kind == ast::ExprKind::Yield || v->kind == ast::ExprKind::YieldFrom) {
        const ast::Expr* item = v->kind == ast::ExprKind::Yield ? static_cast<const Yield*>(v)->value
                                                                : static_cast<const YieldFrom*>(v)->value;
        Stmt* out = f_.new_stmt(ir::StmtKind::Yield, s.span);
        out->value = item ? expr(*item) : none_constant(v->span);
        if (v->kind == ast::ExprKind::YieldFrom) out->name = "from";
        f_.is_generator = true;
        return out;
      }
      Stmt* out = f_.new_stmt(ir::StmtKind::Eval, s.span);
      out->value = expr(*v);
      return out;
    }
    case ast::StmtKind::FunctionDef:
      if (std::find(module_.nested.begin(), module_.nested.end(), &s) != module_.nested.end()) {
        return nullptr;  // compiled as a helper of its own (resolve::collect_nested)
      }
      unsupported(s.span,
                  "a function defined inside a function is not supported here (its name is used elsewhere)",
                  "give it a unique name, or define the helper at module level");
      return nullptr;
    default:
      unsupported(s.span, "this statement (" + std::string(python_name(s.kind)) + ") is not supported yet");
      return nullptr;
  }
}

// A name, or a (nested) tuple or list of names to unpack into.
std::optional<Target> Lowering::target(const ast::Expr* e) {
  Target t;
  t.span = e->span;
  if (e->kind == ast::ExprKind::Name) {
    t.name = static_cast<const Name*>(e)->id;
    return t;
  }
  const ast::List<ast::Expr>* elements = nullptr;
  if (e->kind == ast::ExprKind::Tuple) elements = &static_cast<const ast::Tuple*>(e)->elts;
  if (e->kind == ast::ExprKind::List) elements = &static_cast<const ListExpr*>(e)->elts;
  if (!elements || elements->empty()) {
    unsupported(e->span, "only names and tuples of names can be assigned to here",
                "assign to a variable first");
    return std::nullopt;
  }
  for (const ast::Expr* item : *elements) {
    if (item->kind == ast::ExprKind::Starred) {
      unsupported(item->span, "starred unpacking (`a, *rest = ...`) is not supported yet",
                  "slice the list instead");
      return std::nullopt;
    }
    auto inner = target(item);
    if (!inner) return std::nullopt;
    t.elements.push_back(std::move(*inner));
  }
  return t;
}

Stmt* Lowering::assign_to(const ast::Expr* target_expr, Expr* value, diag::Span span) {
  if (target_expr->kind == ast::ExprKind::Subscript) {
    const auto& s = static_cast<const Subscript&>(*target_expr);
    Stmt* out = f_.new_stmt(ir::StmtKind::Eval, span);
    if (s.slice->kind == ast::ExprKind::Slice) {
      out->value = slice_operands("setslice", s, {}, {value});
    } else {
      out->value = op("setitem", span, {expr(*s.value), subscript_index(*s.slice), value});
    }
    return out;
  }
  if (target_expr->kind == ast::ExprKind::Attribute) {
    Stmt* out = f_.new_stmt(ir::StmtKind::Eval, span);
    out->value =
        attribute_access(ir::ExprKind::SetAttr, static_cast<const Attribute&>(*target_expr), {value});
    return out;
  }
  auto t = target(target_expr);
  if (!t) return nullptr;
  Stmt* out = f_.new_stmt(ir::StmtKind::Assign, span);
  out->target = std::move(*t);
  out->value = value;
  return out;
}

Stmt* Lowering::assign(const Assign& a) {
  if (a.targets.size() == 1 && a.targets[0]->kind == ast::ExprKind::Name &&
      lambdas_.count(std::string(static_cast<const Name*>(a.targets[0])->id))) {
    return nullptr;  // `f = lambda ...`: f is the lambda itself where it is used
  }
  if (a.targets.size() == 1) return assign_to(a.targets[0], expr(*a.value), a.span);
  // a = b = value: the value is computed once, then bound to each target from the first.
  const bool all_names = std::all_of(a.targets.begin(), a.targets.end(),
                                     [](const ast::Expr* t) { return t->kind == ast::ExprKind::Name; });
  if (!all_names) {
    unsupported(a.span, "chained assignment to anything but names is not supported yet",
                "assign each target separately");
    return nullptr;
  }
  Stmt* group = Lowering::group(a.span);  // holding the assignments
  group->body.push_back(assign_to(a.targets[0], expr(*a.value), a.span));
  for (std::size_t i = 1; i < a.targets.size(); ++i) {
    Expr* first = f_.new_expr(ir::ExprKind::Load, a.targets[0]->span);
    first->name = static_cast<const Name*>(a.targets[0])->id;
    group->body.push_back(assign_to(a.targets[i], first, a.span));
  }
  return group;
}

Stmt* Lowering::aug_assign(const AugAssign& a) {
  const char* name = binary_op_name(a.op);
  if (a.target->kind == ast::ExprKind::Subscript) {
    // x[i] op= v reads and writes x[i]: x and i are evaluated twice, so they must have no effects.
    const auto& s = static_cast<const Subscript&>(*a.target);
    // x[a:b] op= v is x[a:b] = x[a:b] op v, as Python runs it for lists and numpy arrays alike.
    const bool is_slice = s.slice->kind == ast::ExprKind::Slice;
    Expr* current = is_slice ? slice_operands("slice", s, {}, {}) : subscript(s);
    if (!is_pure(current)) {
      unsupported(a.target->span, "in `x[i] op= v`, x and i must be names, constants or subscripts of them",
                  "assign the index to a variable first");
      return nullptr;
    }
    Expr* updated = op(name, a.span, {current, expr(*a.value)});
    Stmt* out = f_.new_stmt(ir::StmtKind::Eval, a.span);
    out->value = is_slice ? slice_operands("setslice", s, {}, {updated})
                          : op("setitem", a.span, {expr(*s.value), subscript_index(*s.slice), updated});
    return out;
  }
  if (a.target->kind == ast::ExprKind::Attribute) {  // obj.x op= v: obj is read twice
    const auto& attr = static_cast<const Attribute&>(*a.target);
    Expr* current = attribute_access(ir::ExprKind::GetAttr, attr, {});
    if (!is_pure(current->args[0])) {
      unsupported(a.target->span, "in `obj.x op= v`, obj must be a name",
                  "assign the object to a variable first");
      return nullptr;
    }
    Stmt* out = f_.new_stmt(ir::StmtKind::Eval, a.span);
    out->value = attribute_access(ir::ExprKind::SetAttr, attr, {op(name, a.span, {current, expr(*a.value)})});
    return out;
  }
  // Lists and sets change in place (`xs += ys` extends xs, which every alias sees).
  Expr* value = op(name, a.span, {expr(*a.target), expr(*a.value)});
  value->name = std::string("i") + name;
  return assign_to(a.target, value, a.span);
}

Stmt* Lowering::for_loop(const For& loop) {
  if (is_range_call(loop.iter) && loop.target->kind == ast::ExprKind::Name && !is_local("range")) {
    return for_range(loop, static_cast<const Call&>(*loop.iter));
  }
  auto t = target(loop.target);
  if (!t) return nullptr;
  Stmt* out = f_.new_stmt(ir::StmtKind::For, loop.span);
  out->target = std::move(*t);
  out->value = expr(*loop.iter);
  out->body = block(loop.body);
  out->orelse = block(loop.orelse);
  return out;
}

// `for NAME in range(...)`: a counting loop, with no range object.
Stmt* Lowering::for_range(const For& loop, const Call& call) {
  Stmt* out = f_.new_stmt(ir::StmtKind::ForRange, loop.span);
  out->target.span = loop.target->span;
  out->target.name = static_cast<const Name*>(loop.target)->id;
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
  out->orelse = block(loop.orelse);
  return out;
}

Stmt* Lowering::raise(const Raise& r) {
  Stmt* out = f_.new_stmt(ir::StmtKind::Raise, r.span);
  if (!r.exc) return out;  // a bare `raise` re-raises what is being handled
  const ast::Expr* exc = r.exc;
  const ast::Call* call = exc->kind == ast::ExprKind::Call ? static_cast<const Call*>(exc) : nullptr;
  const ast::Expr* cls = call ? call->func : exc;
  if (cls->kind != ast::ExprKind::Name || !is_exception_class(static_cast<const Name*>(cls)->id) ||
      (call && (call->args.size() > 1 || !call->keywords.empty()))) {
    unsupported(exc->span, "only Python's built-in exceptions can be raised, with at most one message",
                "raise ValueError(\"...\") or another built-in exception");
    return nullptr;
  }
  out->name = static_cast<const Name*>(cls)->id;
  if (call && !call->args.empty()) out->value = expr(*call->args[0]);
  return out;
}

Stmt* Lowering::try_statement(const ast::Try& t) {
  if (t.kind == ast::StmtKind::TryStar) {
    unsupported(t.span, "`except*` is not supported");
    return nullptr;
  }
  Stmt* out = f_.new_stmt(ir::StmtKind::Try, t.span);
  out->body = block(t.body);
  for (const ExceptHandler* h : t.handlers) {
    Handler handler;
    handler.span = h->span;
    std::vector<const ast::Expr*> classes;
    if (h->type && h->type->kind == ast::ExprKind::Tuple) {
      for (const ast::Expr* c : static_cast<const ast::Tuple*>(h->type)->elts) classes.push_back(c);
    } else if (h->type) {
      classes.push_back(h->type);
    }
    for (const ast::Expr* c : classes) {
      if (c->kind != ast::ExprKind::Name || !is_exception_class(static_cast<const Name*>(c)->id)) {
        unsupported(c->span, "only Python's built-in exception classes can be caught");
        continue;
      }
      handler.types.emplace_back(static_cast<const Name*>(c)->id);
    }
    if (h->name) {
      handler.name.name = std::string(*h->name);
      handler.name.span = h->span;
    }
    handler.body = block(h->body);
    out->handlers.push_back(std::move(handler));
  }
  out->orelse = block(t.orelse);
  out->finally = block(t.finalbody);
  return out;
}

// `if True:` around statements that run as one: a group.
Stmt* Lowering::group(diag::Span span) {
  Stmt* out = f_.new_stmt(ir::StmtKind::If, span);
  out->value = f_.new_expr(ir::ExprKind::Constant, span);
  out->value->constant.kind = resolve::Constant::Kind::Bool;
  out->value->constant.boolean = true;
  return out;
}

// `with torch.no_grad():` (and inference_mode): a compiled function records no gradients, so these
// contexts do nothing and their body runs as a group.
Stmt* Lowering::with_statement(const With& w) {
  const auto no_grad = [&](const WithItem& item) {
    if (item.optional_vars || item.context_expr->kind != ast::ExprKind::Call) return false;
    const std::string f = module_path(*static_cast<const Call*>(item.context_expr)->func);
    return f == "torch.no_grad" || f == "torch.inference_mode";
  };
  for (const WithItem* item : w.items) {
    if (!no_grad(*item)) {
      unsupported(item->context_expr->span,
                  "only `with torch.no_grad():` and `with torch.inference_mode():` are supported",
                  "call the context's work directly");
      return nullptr;
    }
  }
  Stmt* out = group(w.span);
  out->body = block(w.body);
  return out;
}

Stmt* Lowering::delete_statement(const Delete& d) {
  Stmt* group = Lowering::group(d.span);  // holding one deletion per target
  for (const ast::Expr* target : d.targets) {
    if (target->kind != ast::ExprKind::Subscript) {
      unsupported(target->span, "only `del x[i]`, `del d[key]` and `del x[a:b]` are supported");
      continue;
    }
    const auto& s = static_cast<const Subscript&>(*target);
    Stmt* one = f_.new_stmt(ir::StmtKind::Eval, target->span);
    one->value = s.slice->kind == ast::ExprKind::Slice
                     ? slice_operands("delslice", s, {}, {})
                     : op("delitem", target->span, {expr(*s.value), expr(*s.slice)});
    group->body.push_back(one);
  }
  return group;
}

std::optional<Function> lower(const FunctionDef& def, resolve::Signature signature,
                              const resolve::Module& module, types::TypeTable& table,
                              std::vector<diag::Diagnostic>& errors) {
  const std::size_t errors_before = errors.size();
  Function f;
  f.name = def.name;
  f.line = def.span.line;
  f.signature = std::move(signature);
  Lowering lowering(f, module, table, errors);
  const std::set<std::string> enclosing = enclosing_variables(module, def, table);
  if (module.enclosing.count(f.name)) lowering.set_enclosing(&enclosing);
  for (const resolve::Parameter& p : f.signature.params) {
    lowering.add_local(p.name);
    if (p.captured) lowering.add_capture(p.name);
  }
  lowering.collect_locals(def.body);
  f.body = lowering.block(def.body);
  if (f.is_generator && !lowering.captures().empty()) {
    // Its coroutine could outlive the frame whose variables it reads by reference.
    const std::string first = *lowering.captures().begin();
    errors.push_back(diag::error(
        def.span,
        "a nested generator function cannot use the enclosing function's variables yet ('" + first + "')"));
    errors.back().hints.push_back("pass them as arguments, or make it a module-level generator");
  }
  if (errors.size() != errors_before) return std::nullopt;
  return f;
}

}  // namespace kiln::ir
