#include "compiler/resolve/resolve.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "compiler/resolve/annotations.h"
#include "compiler/resolve/python_expression.h"

namespace kiln::resolve {

using namespace kiln::ast;

namespace {

std::optional<Constant> evaluate_items(const List<Expr>& elts, Constant::Kind kind) {
  Constant c;
  c.kind = kind;
  for (const Expr* e : elts) {
    auto item = evaluate_constant(*e);
    if (!item) return std::nullopt;
    c.items.push_back(std::move(*item));
  }
  return c;
}

std::optional<Constant> evaluate_literal(const ConstantValue& v) {
  Constant c;
  switch (v.kind) {
    case ConstantValue::Kind::None:
      c.kind = Constant::Kind::None;
      return c;
    case ConstantValue::Kind::True:
    case ConstantValue::Kind::False:
      c.kind = Constant::Kind::Bool;
      c.boolean = v.kind == ConstantValue::Kind::True;
      return c;
    case ConstantValue::Kind::Int: {
      c.kind = Constant::Kind::Int;
      auto [end, ec] = std::from_chars(v.text.data(), v.text.data() + v.text.size(), c.integer);
      if (ec != std::errc() || end != v.text.data() + v.text.size()) return std::nullopt;  // beyond int64
      return c;
    }
    case ConstantValue::Kind::Float:
      c.kind = Constant::Kind::Float;
      c.floating = v.number;
      return c;
    case ConstantValue::Kind::Str:
      c.kind = Constant::Kind::Str;
      c.text = v.text;
      return c;
    case ConstantValue::Kind::Bytes:
      c.kind = Constant::Kind::Bytes;
      c.text = v.text;
      return c;
    default:
      return std::nullopt;  // Ellipsis, complex
  }
}

std::optional<Constant> negate(Constant c) {
  if (c.kind == Constant::Kind::Int && c.integer != INT64_MIN) {
    c.integer = -c.integer;
    return c;
  }
  if (c.kind == Constant::Kind::Float) {
    c.floating = -c.floating;
    return c;
  }
  return std::nullopt;
}

void collect_import(Module& m, const Stmt& s) {
  if (s.kind == StmtKind::Import) {
    for (const Alias* a : static_cast<const Import&>(s).names) {
      std::string name(a->name);
      // `import a.b` binds `a`; `import a.b as c` binds c to a.b.
      if (a->asname) {
        m.imports[std::string(*a->asname)] = name;
      } else {
        std::string head = name.substr(0, name.find('.'));
        m.imports[head] = head;
      }
    }
  } else if (s.kind == StmtKind::ImportFrom) {
    const auto& from = static_cast<const ImportFrom&>(s);
    if (from.level != 0 || !from.module) return;  // relative imports name nothing Kiln knows
    for (const Alias* a : from.names) {
      m.imports[std::string(a->asname ? *a->asname : a->name)] =
          std::string(*from.module) + "." + std::string(a->name);
    }
  }
}

// Names bound more than once at module level are variables, not constants.
std::set<std::string> names_assigned_more_than_once(const ast::Module& tree) {
  std::set<std::string> seen, repeated;
  for (const Stmt* s : tree.body) {
    if (s->kind != StmtKind::Assign && s->kind != StmtKind::AnnAssign && s->kind != StmtKind::AugAssign)
      continue;
    std::vector<const Expr*> targets;
    if (s->kind == StmtKind::Assign) {
      for (const Expr* t : static_cast<const Assign*>(s)->targets) targets.push_back(t);
    } else if (s->kind == StmtKind::AnnAssign) {
      targets.push_back(static_cast<const AnnAssign*>(s)->target);
    } else {
      targets.push_back(static_cast<const AugAssign*>(s)->target);
    }
    for (const Expr* t : targets) {
      if (t->kind != ExprKind::Name) continue;
      std::string name(static_cast<const Name*>(t)->id);
      if (!seen.insert(name).second || s->kind == StmtKind::AugAssign) repeated.insert(name);
    }
  }
  return repeated;
}

void collect_constant(Module& m, const Stmt& s, const std::set<std::string>& variables) {
  const Expr* target = nullptr;
  const Expr* value = nullptr;
  if (s.kind == StmtKind::Assign) {
    const auto& assign = static_cast<const Assign&>(s);
    if (assign.targets.size() != 1) return;
    target = assign.targets[0];
    value = assign.value;
  } else if (s.kind == StmtKind::AnnAssign) {
    const auto& ann = static_cast<const AnnAssign&>(s);
    target = ann.target;
    value = ann.value;
  }
  if (!target || !value || target->kind != ExprKind::Name) return;
  std::string name(static_cast<const Name*>(target)->id);
  if (variables.count(name)) return;
  if (auto c = evaluate_constant(*value)) m.constants.push_back({name, std::move(*c), s.span});
}

void collect_assigned(Module& m, const Stmt& s, const std::set<std::string>& variables) {
  if (s.kind != StmtKind::Assign) return;
  const auto& assign = static_cast<const Assign&>(s);
  if (assign.targets.size() != 1 || assign.targets[0]->kind != ExprKind::Name) return;
  const std::string name(static_cast<const Name*>(assign.targets[0])->id);
  if (!variables.count(name)) m.assigned[name] = assign.value;
}

// llama_cpp's pooling constants, as llama.cpp numbers them.
constexpr std::pair<std::string_view, int64_t> kPooling[] = {
    {"LLAMA_POOLING_TYPE_UNSPECIFIED", -1}, {"LLAMA_POOLING_TYPE_NONE", 0}, {"LLAMA_POOLING_TYPE_MEAN", 1},
    {"LLAMA_POOLING_TYPE_CLS", 2},          {"LLAMA_POOLING_TYPE_LAST", 3},
};

std::string qualified(const Module& m, const Expr* e) {
  if (e->kind == ExprKind::Name) {
    auto it = m.imports.find(std::string(static_cast<const Name*>(e)->id));
    return it == m.imports.end() ? std::string(static_cast<const Name*>(e)->id) : it->second;
  }
  if (e->kind == ExprKind::Attribute) {
    const auto* a = static_cast<const Attribute*>(e);
    return qualified(m, a->value) + "." + std::string(a->attr);
  }
  return {};
}

// The model class a constructor call names ("llama_cpp.Llama"; transformers' `AutoModel.from_pretrained`
// as "transformers.AutoModel"), or "" for any other call.
std::string model_kind(const Module& m, const Call& call) {
  std::string kind = qualified(m, call.func);
  if (kind == "transformers.AutoTokenizer.from_pretrained" ||
      kind == "transformers.AutoModel.from_pretrained")
    return kind.substr(0, kind.rfind('.'));
  return kind == "llama_cpp.Llama" || kind == "sentence_transformers.SentenceTransformer" ? kind : "";
}

// `name = Llama(model_path="...", embedding=True, n_ctx=..., pooling_type=...)`,
// `name = SentenceTransformer("DIR")` or `name = AutoModel.from_pretrained("DIR")` (AutoTokenizer
// too) at module level.
void collect_model(Module& m, const Stmt& s) {
  if (s.kind != StmtKind::Assign) return;
  const auto& assign = static_cast<const Assign&>(s);
  if (assign.targets.size() != 1 || assign.targets[0]->kind != ExprKind::Name ||
      assign.value->kind != ExprKind::Call)
    return;
  const auto& call = static_cast<const Call&>(*assign.value);
  const std::string kind = model_kind(m, call);
  if (kind.empty()) return;
  ModelConstant model;
  model.name = static_cast<const Name*>(assign.targets[0])->id;
  model.kind = kind;
  model.cls = kind.substr(kind.rfind('.') + 1);
  model.embedding = model.cls != "Llama";
  model.span = s.span;
  auto set_path = [&](const Expr& e) {
    if (auto c = evaluate_constant(e); c && c->kind == Constant::Kind::Str) {
      model.path = c->text;
    } else if (auto py = python_expression(m, e)) {
      model.path_expression = py->expression;
      model.path_imports = py->imports;
    }
  };
  if (!call.args.empty()) set_path(*call.args[0]);
  for (const Keyword* k : call.keywords) {
    if (!k->arg) continue;
    const std::string key(*k->arg);
    auto c = evaluate_constant(*k->value);
    if (key == "model_path" || key == "model_name_or_path" || key == "pretrained_model_name_or_path")
      set_path(*k->value);
    if (key == "n_ctx" && c && c->kind == Constant::Kind::Int) model.n_ctx = c->integer;
    if (key == "embedding" && c && c->kind == Constant::Kind::Bool) model.embedding = c->boolean;
    if (key == "pooling_type") {
      if (c && c->kind == Constant::Kind::Int) model.pooling_type = c->integer;
      const std::string named = qualified(m, k->value);
      for (const auto& [n, v] : kPooling) {
        if (named.ends_with(n)) model.pooling_type = v;
      }
    }
  }
  m.models.push_back(std::move(model));
}

// The defs directly in top-level functions' bodies, when their names clash with nothing else.
void collect_nested(Module& m) {
  std::map<std::string, int> seen;
  std::vector<const FunctionDef*> found;
  for (const FunctionDef* f : m.functions) {
    seen[std::string(f->name)] += 1;
    for (const Stmt* s : f->body) {
      if (s->kind != StmtKind::FunctionDef) continue;
      found.push_back(static_cast<const FunctionDef*>(s));
      seen[std::string(found.back()->name)] += 1;
    }
  }
  for (const FunctionDef* def : found) {
    if (seen[std::string(def->name)] != 1) continue;
    m.nested.push_back(def);
    m.functions.push_back(def);
  }
  for (const FunctionDef* f : m.functions) {
    for (const Stmt* s : f->body) {
      const auto* def = static_cast<const FunctionDef*>(s);
      if (s->kind == StmtKind::FunctionDef && std::count(m.nested.begin(), m.nested.end(), def))
        m.enclosing[std::string(def->name)] = f;
    }
  }
}

std::string docstring(const FunctionDef& def) {
  if (def.body.empty() || def.body[0]->kind != StmtKind::ExprStmt) return {};
  const Expr* e = static_cast<const ExprStmt*>(def.body[0])->value;
  if (e->kind != ExprKind::Constant) return {};
  const auto& c = static_cast<const ast::Constant&>(*e);
  return c.value.kind == ConstantValue::Kind::Str ? std::string(c.value.text) : std::string();
}

const char* kind_name(ParameterKind k) {
  switch (k) {
    case ParameterKind::PositionalOnly:
      return "positional_only";
    case ParameterKind::PositionalOrKeyword:
      return "positional_or_keyword";
    case ParameterKind::KeywordOnly:
      return "keyword_only";
  }
  return "?";
}

}  // namespace

std::optional<Constant> evaluate_constant(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Constant:
      return evaluate_literal(static_cast<const ast::Constant&>(e).value);
    case ExprKind::UnaryOp: {
      const auto& u = static_cast<const UnaryOp&>(e);
      auto operand = evaluate_constant(*u.operand);
      if (!operand || (u.op != UnaryOperator::USub && u.op != UnaryOperator::UAdd)) return std::nullopt;
      if (u.op == UnaryOperator::UAdd) {
        bool numeric = operand->kind == Constant::Kind::Int || operand->kind == Constant::Kind::Float;
        return numeric ? operand : std::nullopt;
      }
      return negate(std::move(*operand));
    }
    case ExprKind::List:
      return evaluate_items(static_cast<const ListExpr&>(e).elts, Constant::Kind::List);
    case ExprKind::Tuple:
      return evaluate_items(static_cast<const Tuple&>(e).elts, Constant::Kind::Tuple);
    case ExprKind::Set:
      return evaluate_items(static_cast<const Set&>(e).elts, Constant::Kind::Set);
    case ExprKind::Dict: {
      const auto& d = static_cast<const Dict&>(e);
      Constant c;
      c.kind = Constant::Kind::Dict;
      for (std::size_t i = 0; i < d.keys.size(); ++i) {
        if (!d.keys[i]) return std::nullopt;  // `**other`
        auto key = evaluate_constant(*d.keys[i]);
        auto value = evaluate_constant(*d.values[i]);
        if (!key || !value) return std::nullopt;
        c.entries.emplace_back(std::move(*key), std::move(*value));
      }
      return c;
    }
    default:
      return std::nullopt;
  }
}

Module collect(const ast::Module& tree) {
  Module m;
  const std::set<std::string> variables = names_assigned_more_than_once(tree);
  for (const Stmt* s : tree.body) {
    collect_import(m, *s);
    collect_constant(m, *s, variables);
    collect_assigned(m, *s, variables);
    collect_model(m, *s);
    if (s->kind == StmtKind::FunctionDef) m.functions.push_back(static_cast<const FunctionDef*>(s));
    if (s->kind == StmtKind::ClassDef) m.classes.push_back(static_cast<const ClassDef*>(s));
  }
  collect_nested(m);
  return m;
}

const ModelConstant* Module::model(std::string_view model_name) const {
  for (const ModelConstant& m : models) {
    if (m.name == model_name) return &m;
  }
  return nullptr;
}

const ast::ClassDef* find_class(const Module& module, std::string_view name) {
  for (const ClassDef* c : module.classes) {
    if (c->name == name) return c;
  }
  return nullptr;
}

const ast::FunctionDef* ClassInfo::method(std::string_view method_name) const {
  for (const FunctionDef* m : methods) {
    if (m->name == method_name) return m;
  }
  return nullptr;
}

namespace {

bool is_dataclass_decorator(const Module& module, const Expr* e) {
  if (e->kind == ExprKind::Call) e = static_cast<const Call*>(e)->func;
  std::string name;
  if (e->kind == ExprKind::Name) {
    auto it = module.imports.find(std::string(static_cast<const Name*>(e)->id));
    name = it == module.imports.end() ? std::string(static_cast<const Name*>(e)->id) : it->second;
  } else if (e->kind == ExprKind::Attribute) {
    name = std::string(static_cast<const Attribute*>(e)->attr);
  }
  return name == "dataclasses.dataclass" || name == "dataclass";
}

// `self.x: T = ...` or `self.x = param` (the parameter's annotation gives the type) in __init__.
void init_fields(const FunctionDef& init, AnnotationReader& reader, ClassInfo& info,
                 std::vector<diag::Diagnostic>& errors) {
  auto field_name = [](const Expr* target) -> std::string {
    if (target->kind != ExprKind::Attribute) return {};
    const auto* a = static_cast<const Attribute*>(target);
    if (a->value->kind != ExprKind::Name || static_cast<const Name*>(a->value)->id != "self") return {};
    return std::string(a->attr);
  };
  auto add = [&](const std::string& name, const types::Type* type) {
    for (const Field& f : info.fields) {
      if (f.name == name) return;
    }
    info.fields.push_back(Field{name, type, std::nullopt});
  };
  for (const Stmt* s : init.body) {
    if (s->kind == StmtKind::AnnAssign) {
      const auto& a = static_cast<const AnnAssign&>(*s);
      const std::string name = field_name(a.target);
      if (!name.empty()) add(name, reader.read(*a.annotation));
    } else if (s->kind == StmtKind::Assign) {
      const auto& a = static_cast<const Assign&>(*s);
      const std::string name = a.targets.size() == 1 ? field_name(a.targets[0]) : std::string();
      if (name.empty()) continue;
      const types::Type* type = nullptr;
      if (auto literal = evaluate_constant(*a.value); literal && literal->kind != Constant::Kind::None) {
        type = type_of(*literal, reader.table());  // self.count = 0
      } else if (a.value->kind == ExprKind::Name) {
        for (const Arg* p : init.args->args) {
          if (p->arg == static_cast<const Name*>(a.value)->id && p->annotation)
            type = reader.read(*p->annotation);
        }
      }
      if (!type) {
        diag::Diagnostic d = diag::error(s->span, "cannot tell the type of field '" + name + "'");
        d.hints.push_back("annotate it: `self." + name + ": int = ...`");
        errors.push_back(std::move(d));
        continue;
      }
      add(name, type);
    }
  }
}

}  // namespace

std::optional<ClassInfo> class_info(const Module& module, const ClassDef& cls, types::TypeTable& table,
                                    std::vector<diag::Diagnostic>& errors) {
  const std::size_t errors_before = errors.size();
  ClassInfo info;
  info.name = cls.name;
  for (const Expr* d : cls.decorator_list) {
    if (is_dataclass_decorator(module, d)) {
      info.dataclass = true;
    } else {
      errors.push_back(diag::error(d->span, "only the @dataclass decorator is supported on a class"));
    }
  }
  if (!cls.bases.empty() || !cls.keywords.empty()) {
    errors.push_back(diag::error(cls.span, "classes with base classes are not supported yet"));
  }
  AnnotationReader reader(module, table, errors);
  for (const Stmt* s : cls.body) {
    if (s->kind == StmtKind::FunctionDef) {
      info.methods.push_back(static_cast<const FunctionDef*>(s));
    } else if (s->kind == StmtKind::AnnAssign && info.dataclass) {
      const auto& a = static_cast<const AnnAssign&>(*s);
      if (a.target->kind != ExprKind::Name) continue;
      Field f{std::string(static_cast<const Name*>(a.target)->id), reader.read(*a.annotation), std::nullopt};
      if (a.value) {
        Parameter as_param{f.name, f.type, ParameterKind::PositionalOrKeyword, std::nullopt, a.span, {}};
        f.default_value = reader.default_value(*a.value, as_param);
      }
      info.fields.push_back(std::move(f));
    } else if (s->kind != StmtKind::Pass && !(s->kind == StmtKind::ExprStmt)) {
      errors.push_back(diag::error(s->span, "only fields and methods are supported in a class body"));
    }
  }
  if (!info.dataclass) {
    if (const FunctionDef* init = info.method("__init__")) init_fields(*init, reader, info, errors);
  }
  if (errors.size() != errors_before) return std::nullopt;
  return info;
}

std::optional<Signature> signature(const Module& module, const FunctionDef& def, types::TypeTable& table,
                                   std::vector<diag::Diagnostic>& errors, const types::Type* self_type) {
  const std::size_t errors_before = errors.size();
  Signature sig;
  sig.name = def.name;
  sig.doc = docstring(def);
  const Arguments& args = *def.args;
  if (args.vararg || args.kwarg) {
    const Arg* star = args.vararg ? args.vararg : args.kwarg;
    diag::Diagnostic d = diag::error(star->span, "a compiled function cannot take *args or **kwargs");
    d.hints.push_back("name each parameter and give it a type annotation");
    errors.push_back(std::move(d));
  }
  AnnotationReader reader(module, table, errors);
  auto add = [&](const Arg* a, ParameterKind kind, const Expr* default_expr) {
    Parameter p{std::string(a->arg), nullptr, kind, std::nullopt, a->span, {}};
    const bool is_self = self_type && sig.params.empty() && !a->annotation;
    p.type = is_self ? self_type : reader.parameter_type(*a, def);
    if (a->annotation) p.dtype = reader.array_dtype(*a->annotation);
    if (default_expr) p.default_value = reader.default_value(*default_expr, p);
    sig.params.push_back(std::move(p));
  };
  // Defaults belong to the last positional parameters.
  const std::size_t positional = args.posonlyargs.size() + args.args.size();
  const std::size_t first_default = positional - args.defaults.size();
  for (std::size_t i = 0; i < positional; ++i) {
    const bool posonly = i < args.posonlyargs.size();
    const Arg* a = posonly ? args.posonlyargs[i] : args.args[i - args.posonlyargs.size()];
    add(a, posonly ? ParameterKind::PositionalOnly : ParameterKind::PositionalOrKeyword,
        i >= first_default ? args.defaults[i - first_default] : nullptr);
  }
  for (std::size_t i = 0; i < args.kwonlyargs.size(); ++i) {
    add(args.kwonlyargs[i], ParameterKind::KeywordOnly, args.kw_defaults[i]);
  }
  sig.returns = self_type && def.name == "__init__" && !def.returns ? table.none() : reader.return_type(def);
  if (errors.size() != errors_before) return std::nullopt;
  return sig;
}

std::string to_json(const Signature& s) {
  Constant name{Constant::Kind::Str, false, 0, 0, s.name, {}, {}};
  Constant doc{Constant::Kind::Str, false, 0, 0, s.doc, {}, {}};
  std::string out = "{\"name\": " + to_json(name) + ", \"doc\": " + to_json(doc) + ", \"params\": [";
  for (std::size_t i = 0; i < s.params.size(); ++i) {
    const Parameter& p = s.params[i];
    Constant pname{Constant::Kind::Str, false, 0, 0, p.name, {}, {}};
    if (i) out += ", ";
    const std::string type = types::to_string(p.type) + (p.dtype.empty() ? "" : "[" + p.dtype + "]");
    out += "{\"name\": " + to_json(pname) + ", \"type\": \"" + type + "\", \"kind\": \"" + kind_name(p.kind) +
           "\"";
    if (p.default_value) out += ", \"default\": " + to_json(*p.default_value);
    out += "}";
  }
  out += "], \"returns\": \"" + types::to_string(s.returns) + "\"}";
  return out;
}

}  // namespace kiln::resolve
