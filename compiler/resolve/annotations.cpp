#include "compiler/resolve/annotations.h"

#include <algorithm>

namespace kiln::resolve {

using namespace kiln::ast;
using types::Kind;

namespace {

constexpr const char* kSupportedTypes =
    "supported: int, float, bool, str, bytes, None, list[T], dict[K, V], set[T], tuple[T, ...], "
    "tuple[A, B], X | None, Optional[X], Union[A, B], numpy.ndarray";

std::vector<const Expr*> subscript_arguments(const Subscript& s) {
  if (s.slice->kind == ExprKind::Tuple) {
    const auto& t = static_cast<const Tuple&>(*s.slice);
    return {t.elts.begin(), t.elts.end()};
  }
  return {s.slice};
}

bool is_ellipsis(const Expr* e) {
  return e->kind == ExprKind::Constant &&
         static_cast<const ast::Constant*>(e)->value.kind == ConstantValue::Kind::Ellipsis;
}

}  // namespace

std::string AnnotationReader::qualified_name(const Expr& e) const {
  if (e.kind == ExprKind::Name) {
    std::string id(static_cast<const Name&>(e).id);
    auto it = module_.imports.find(id);
    return it != module_.imports.end() ? it->second : id;
  }
  if (e.kind == ExprKind::Attribute) {
    const auto& a = static_cast<const Attribute&>(e);
    std::string base = qualified_name(*a.value);
    return base.empty() ? std::string() : base + "." + std::string(a.attr);
  }
  return {};
}

const types::Type* AnnotationReader::unsupported(const Expr& e, std::string what) {
  diag::Diagnostic d = diag::error(e.span, std::move(what));
  d.hints.push_back(kSupportedTypes);
  errors_.push_back(std::move(d));
  return nullptr;
}

const types::Type* AnnotationReader::read(const Expr& e) {
  if (e.kind == ExprKind::Constant &&
      static_cast<const ast::Constant&>(e).value.kind == ConstantValue::Kind::None) {
    return table_.none();
  }
  if (e.kind == ExprKind::BinOp && static_cast<const BinOp&>(e).op == Operator::BitOr) {
    const auto& b = static_cast<const BinOp&>(e);
    const types::Type* left = read(*b.left);
    const types::Type* right = read(*b.right);
    return left && right ? table_.union_of({left, right}) : nullptr;
  }
  if (e.kind == ExprKind::Subscript) return read_subscript(static_cast<const Subscript&>(e));
  const std::string name = qualified_name(e);
  if (name == "int") return table_.integer();
  if (name == "float") return table_.floating();
  if (name == "bool") return table_.boolean();
  if (name == "str") return table_.str();
  if (name == "bytes") return table_.bytes();
  // A torch tensor is an ndarray in a compiled function (runtime/torch.h).
  if (name == "numpy.ndarray" || name == "numpy.typing.NDArray" || name == "torch.Tensor")
    return table_.ndarray();
  if (find_class(module_, name)) return table_.class_type(name);
  if (name == "list" || name == "dict" || name == "set" || name == "tuple" || name.starts_with("typing.")) {
    return unsupported(e, "'" + name + "' needs its element types, e.g. list[int] or dict[str, float]");
  }
  if (e.kind == ExprKind::Constant) {
    // A forward reference to a class of the module ("Box") is the class; other strings are not read.
    const auto& c = static_cast<const ast::Constant&>(e);
    if (c.value.kind == ConstantValue::Kind::Str && find_class(module_, c.value.text)) {
      return table_.class_type(std::string(c.value.text));
    }
    return unsupported(e, "a string annotation is not supported; write the type itself");
  }
  return unsupported(
      e, "unsupported type annotation '" + (name.empty() ? std::string("expression") : name) + "'");
}

std::string AnnotationReader::array_dtype(const ast::Expr& annotation) const {
  static constexpr std::string_view kDTypes[] = {"float32", "float64", "int32", "int64", "uint8", "bool_"};
  if (annotation.kind != ExprKind::Subscript) return "";
  const auto& s = static_cast<const Subscript&>(annotation);
  if (qualified_name(*s.value) != "numpy.typing.NDArray") return "";
  const std::string dtype = qualified_name(*s.slice);
  for (std::string_view d : kDTypes) {
    if (dtype == "numpy." + std::string(d)) return d == "bool_" ? "bool" : std::string(d);
  }
  return "";
}

const types::Type* AnnotationReader::read_subscript(const Subscript& s) {
  const std::string generic = qualified_name(*s.value);
  // numpy.typing.NDArray[np.float32]: the dtype is not part of the static type (yet).
  if (generic == "numpy.typing.NDArray" || generic == "numpy.ndarray") return table_.ndarray();
  const std::vector<const Expr*> args = subscript_arguments(s);
  std::vector<const types::Type*> types;
  const bool var_tuple =
      (generic == "tuple" || generic == "typing.Tuple") && args.size() == 2 && is_ellipsis(args[1]);
  for (std::size_t i = 0; i < (var_tuple ? 1 : args.size()); ++i) {
    const types::Type* t = read(*args[i]);
    if (!t) return nullptr;
    types.push_back(t);
  }
  auto expect_count = [&](std::size_t n) {
    if (types.size() == n) return true;
    unsupported(s, "'" + generic + "' takes " + std::to_string(n) + " type argument" + (n == 1 ? "" : "s"));
    return false;
  };
  if (generic == "list" || generic == "typing.List") return expect_count(1) ? table_.list(types[0]) : nullptr;
  if (generic == "set" || generic == "typing.Set") return expect_count(1) ? table_.set(types[0]) : nullptr;
  if (generic == "dict" || generic == "typing.Dict")
    return expect_count(2) ? table_.dict(types[0], types[1]) : nullptr;
  if (generic == "typing.Optional") return expect_count(1) ? table_.optional(types[0]) : nullptr;
  // A generator's type: what it yields (Generator's send and return types must be None).
  if (generic == "typing.Iterator" || generic == "typing.Iterable" || generic == "collections.abc.Iterator" ||
      generic == "collections.abc.Iterable") {
    return expect_count(1) ? table_.iterator(types[0]) : nullptr;
  }
  if (generic == "typing.Generator" || generic == "collections.abc.Generator") {
    if (!expect_count(3)) return nullptr;
    if (types[1]->kind != types::Kind::None || types[2]->kind != types::Kind::None) {
      return unsupported(s,
                         "a generator that is sent values or returns one is not supported; use Iterator[T]");
    }
    return table_.iterator(types[0]);
  }
  if (generic == "typing.Union") return table_.union_of(types);
  if (generic == "tuple" || generic == "typing.Tuple") {
    if (var_tuple) return table_.var_tuple(types[0]);
    // `tuple[()]` is the empty tuple.
    if (args.size() == 1 && args[0]->kind == ExprKind::Tuple) return table_.tuple({});
    return table_.tuple(types);
  }
  return unsupported(
      s, "unsupported generic type '" + (generic.empty() ? std::string("expression") : generic) + "'");
}

const types::Type* AnnotationReader::parameter_type(const Arg& arg, const FunctionDef& def) {
  if (arg.annotation) return read(*arg.annotation);
  diag::Diagnostic d = diag::error(arg.span, "parameter '" + std::string(arg.arg) + "' of '" +
                                                 std::string(def.name) + "' has no type annotation");
  d.hints.push_back("annotate it, e.g. `" + std::string(arg.arg) + ": str`");
  errors_.push_back(std::move(d));
  return nullptr;
}

const types::Type* AnnotationReader::return_type(const FunctionDef& def) {
  if (def.returns) return read(*def.returns);
  diag::Diagnostic d =
      diag::error(def.span, "function '" + std::string(def.name) + "' has no return annotation");
  d.hints.push_back("annotate it, e.g. `def " + std::string(def.name) + "(...) -> list[float]:`");
  errors_.push_back(std::move(d));
  return nullptr;
}

std::optional<Constant> AnnotationReader::default_value(const Expr& e, const Parameter& p) {
  std::optional<Constant> value = evaluate_constant(e);
  if (!value) {
    errors_.push_back(diag::error(e.span, "the default of '" + p.name + "' must be a constant"));
    return std::nullopt;
  }
  const types::Type* type = type_of(*value, table_);
  if (p.type && !assignable(type, p.type)) {
    errors_.push_back(diag::error(e.span, "the default of '" + p.name + "' is " + types::to_string(type) +
                                              ", not " + types::to_string(p.type)));
  }
  return value;
}

bool assignable(const types::Type* from, const types::Type* to) {
  if (from == to) return true;
  if (from->kind == Kind::Union) {  // every alternative must fit
    return std::all_of(from->args.begin(), from->args.end(),
                       [&](const types::Type* f) { return assignable(f, to); });
  }
  if (to->kind == Kind::Union) {
    return std::any_of(to->args.begin(), to->args.end(),
                       [&](const types::Type* t) { return assignable(from, t); });
  }
  if (to->kind == Kind::Float) return from->kind == Kind::Int || from->kind == Kind::Bool;
  if (to->kind == Kind::Int) return from->kind == Kind::Bool;
  if (from->kind != to->kind)
    return from->kind == Kind::Tuple && to->kind == Kind::VarTuple &&
           std::all_of(from->args.begin(), from->args.end(),
                       [&](const types::Type* f) { return assignable(f, to->args[0]); });
  if (to->kind == Kind::Tuple) {
    if (from->args.size() != to->args.size()) return false;
    for (std::size_t i = 0; i < to->args.size(); ++i) {
      if (!assignable(from->args[i], to->args[i])) return false;
    }
    return true;
  }
  // Containers: an empty literal (element type None) fits any element type.
  for (std::size_t i = 0; i < to->args.size(); ++i) {
    const types::Type* f = from->args[i];
    if (f->kind != Kind::None && !assignable(f, to->args[i])) return false;
  }
  return true;
}

}  // namespace kiln::resolve
