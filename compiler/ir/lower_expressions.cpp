// Lowering expressions: operators, calls (builtins, methods, this module's functions), subscripts,
// displays, comprehensions, lambdas and f-strings.
#include <algorithm>

#include "compiler/ir/lower.h"
#include "compiler/ir/lowering.h"
#include "compiler/ops/library.h"

namespace kiln::ir {

using namespace kiln::ast;

namespace {

constexpr std::pair<Operator, const char*> kBinaryOps[] = {
    {Operator::Add, "add"},        {Operator::Sub, "sub"},           {Operator::Mult, "mul"},
    {Operator::Div, "truediv"},    {Operator::FloorDiv, "floordiv"}, {Operator::Mod, "mod"},
    {Operator::Pow, "pow"},        {Operator::LShift, "lshift"},     {Operator::RShift, "rshift"},
    {Operator::BitAnd, "bitand"},  {Operator::BitOr, "bitor"},       {Operator::BitXor, "bitxor"},
    {Operator::MatMult, "matmul"},
};
constexpr std::pair<CmpOperator, const char*> kCompareOps[] = {
    {CmpOperator::Eq, "eq"},       {CmpOperator::NotEq, "ne"},
    {CmpOperator::Lt, "lt"},       {CmpOperator::LtE, "le"},
    {CmpOperator::Gt, "gt"},       {CmpOperator::GtE, "ge"},
    {CmpOperator::In, "contains"}, {CmpOperator::NotIn, "not_contains"},
    {CmpOperator::Is, "is"},       {CmpOperator::IsNot, "is_not"},
};
// The math module's constants.
constexpr std::pair<std::string_view, double> kMathConstants[] = {
    {"pi", 3.141592653589793}, {"e", 2.718281828459045},   {"tau", 6.283185307179586},
    {"inf", __builtin_inf()},  {"nan", __builtin_nan("")},
};
// Types isinstance() may test against.
constexpr std::string_view kTypeNames[] = {"int",  "float", "bool", "str",  "bytes",
                                           "list", "dict",  "set",  "tuple"};

template <class Table, class Key>
const char* lookup(const Table& table, Key key) {
  for (const auto& [k, name] : table) {
    if (k == key) return name;
  }
  return nullptr;
}

std::string_view expression_kind_name(const ast::Expr& e) {
  return visit(e, [](const auto& n) { return n.kName; });
}

}  // namespace

const char* binary_op_name(ast::Operator op) {
  return lookup(kBinaryOps, op);
}

Expr* Lowering::op(const char* name, diag::Span span, std::vector<Expr*> args) {
  Expr* e = f_.new_expr(ir::ExprKind::Op, span);
  e->name = name;
  e->keywords.assign(args.size(), "");
  e->args = std::move(args);
  return e;
}

// Stands in for an expression already reported as unsupported, so lowering can go on and report
// every problem of the function at once.
Expr* Lowering::placeholder(diag::Span span) {
  return none_constant(span);
}

Expr* Lowering::none_constant(diag::Span span) {
  Expr* c = f_.new_expr(ir::ExprKind::Constant, span);
  c->constant.kind = resolve::Constant::Kind::None;
  return c;
}

// Reading it twice is harmless: names, constants, and subscripts and arithmetic of them.
bool Lowering::is_pure(const Expr* e) const {
  if (e->kind == ir::ExprKind::Constant || e->kind == ir::ExprKind::Load) return true;
  if (e->kind != ir::ExprKind::Op || e->name.starts_with(".")) return false;
  return std::all_of(e->args.begin(), e->args.end(), [&](const Expr* a) { return is_pure(a); });
}

Expr* Lowering::expr(const ast::Expr& e) {
  switch (e.kind) {
    case ast::ExprKind::Constant:
      return constant(e);
    case ast::ExprKind::Name:
      return name(static_cast<const Name&>(e));
    case ast::ExprKind::Attribute:
      return attribute(static_cast<const Attribute&>(e));
    case ast::ExprKind::BinOp: {
      const auto& b = static_cast<const BinOp&>(e);
      return op(lookup(kBinaryOps, b.op), e.span, {expr(*b.left), expr(*b.right)});
    }
    case ast::ExprKind::UnaryOp: {
      const auto& u = static_cast<const UnaryOp&>(e);
      if (u.op == UnaryOperator::USub && u.operand->kind == ast::ExprKind::Constant)
        return constant(e);  // -1
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
    case ast::ExprKind::Compare:
      return compare(static_cast<const Compare&>(e));
    case ast::ExprKind::IfExp: {
      const auto& i = static_cast<const IfExp&>(e);
      Expr* out = f_.new_expr(ir::ExprKind::IfExp, e.span);
      out->args = {expr(*i.test), expr(*i.body), expr(*i.orelse)};
      return out;
    }
    case ast::ExprKind::Call:
      return call(static_cast<const Call&>(e));
    case ast::ExprKind::Subscript:
      return subscript(static_cast<const Subscript&>(e));
    case ast::ExprKind::List:
      return display(DisplayKind::List, static_cast<const ListExpr&>(e).elts, e.span);
    case ast::ExprKind::Tuple:
      return display(DisplayKind::Tuple, static_cast<const ast::Tuple&>(e).elts, e.span);
    case ast::ExprKind::Set:
      return display(DisplayKind::Set, static_cast<const ast::Set&>(e).elts, e.span);
    case ast::ExprKind::Dict:
      return dict_display(static_cast<const ast::Dict&>(e));
    case ast::ExprKind::ListComp: {
      const auto& c = static_cast<const ListComp&>(e);
      return comprehension(DisplayKind::List, c.generators, {c.elt}, e.span);
    }
    case ast::ExprKind::SetComp: {
      const auto& c = static_cast<const SetComp&>(e);
      return comprehension(DisplayKind::Set, c.generators, {c.elt}, e.span);
    }
    case ast::ExprKind::GeneratorExp: {
      const auto& c = static_cast<const GeneratorExp&>(e);
      return comprehension(DisplayKind::Tuple, c.generators, {c.elt}, e.span);
    }
    case ast::ExprKind::DictComp: {
      const auto& c = static_cast<const DictComp&>(e);
      return comprehension(DisplayKind::Dict, c.generators, {c.key, c.value}, e.span);
    }
    case ast::ExprKind::Lambda:
      return lambda(static_cast<const ast::Lambda&>(e));
    case ast::ExprKind::JoinedStr:
      return fstring(static_cast<const JoinedStr&>(e));
    default:
      unsupported(e.span,
                  "this expression (" + std::string(expression_kind_name(e)) + ") is not supported yet");
      return placeholder(e.span);
  }
}

Expr* Lowering::constant(const ast::Expr& e) {
  auto c = resolve::evaluate_constant(e);
  if (!c) {
    unsupported(e.span,
                "this literal is not supported (integers are 64-bit; complex and ... are not supported)");
    return placeholder(e.span);
  }
  Expr* out = f_.new_expr(ir::ExprKind::Constant, e.span);
  out->constant = std::move(*c);
  return out;
}

Expr* Lowering::name(const Name& n) {
  std::string id(n.id);
  if (lambdas_.count(id) && !scoped_.count(id)) {
    unsupported(n.span, "'" + id + "' holds a lambda, which can only be called or passed to a builtin here",
                "define a module-level function instead");
    return placeholder(n.span);
  }
  if (enclosing_ && !is_local(id) && enclosing_->count(id)) add_capture(id);  // read at call time
  if (is_local(id)) {
    Expr* load = f_.new_expr(ir::ExprKind::Load, n.span);
    load->name = id;
    return load;
  }
  if (module_.enclosing.count(id)) return nested_function_value(id, n.span);
  if (const resolve::ModelConstant* m = module_.model(id))
    return op(("model:" + m->cls + ":" + id).c_str(), n.span, {});
  for (const resolve::ModuleConstant& c : module_.constants) {
    if (c.name == id) {
      Expr* out = f_.new_expr(ir::ExprKind::Constant, n.span);
      out->constant = c.value;
      out->name = id;
      return out;
    }
  }
  unsupported(n.span, "name '" + id + "' is not defined (or not a constant Kiln can evaluate)");
  return placeholder(n.span);
}

// A nested def named as a value (`return g`, `h = g`): it would outlive, or alias, the frame whose
// variables it reads by reference.
Expr* Lowering::nested_function_value(const std::string& name, diag::Span span) {
  unsupported(span,
              "'" + name +
                  "' is a function nested in another: it can only be called here, or passed to a "
                  "builtin (key=, map, filter)",
              "Kiln cannot store or return functions yet; return what calling it computes instead");
  return placeholder(span);
}

// A call of a nested def also passes the enclosing function's variables it uses (by keyword, each
// its own name). In a nested def they are its own captures; a variable of the same name hiding
// one would pass the wrong value.
void Lowering::pass_captures(Expr* call) {
  const auto it = module_.captures.find(call->name);
  if (it == module_.captures.end()) return;
  for (const std::string& name : it->second) {
    if (scoped_.count(name) || (enclosing_ && locals_.count(name) && !captures_.count(name))) {
      unsupported(call->span,
                  "'" + call->name + "' uses the enclosing function's '" + name +
                      "', which a variable of the same name hides here",
                  "rename this '" + name + "'");
    } else if (enclosing_) {
      add_capture(name);  // calling a sibling that uses it: this def uses it too
    }
    Expr* load = f_.new_expr(ir::ExprKind::Load, call->span);
    load->name = name;
    call->args.push_back(load);
    call->keywords.push_back(name);
  }
}

// np.float32 and the other dtypes numpy's functions take: their names, which numpy also accepts
// (`dtype="float32"`), and which `a.dtype` equals.
Expr* Lowering::numpy_dtype(const Attribute& a) {
  static constexpr std::string_view kDTypes[] = {"float32", "float64", "int32", "int64", "uint8", "bool_"};
  for (std::string_view name : kDTypes) {
    if (name != a.attr) continue;
    Expr* out = f_.new_expr(ir::ExprKind::Constant, a.span);
    out->constant.kind = resolve::Constant::Kind::Str;
    out->constant.text = name == "bool_" ? "bool" : std::string(name);
    return out;
  }
  return nullptr;
}

Expr* Lowering::attribute(const Attribute& a) {
  if (a.value->kind == ast::ExprKind::Name) {
    auto module = module_.imports.find(std::string(static_cast<const Name*>(a.value)->id));
    if (module != module_.imports.end() && module->second == "numpy") {
      if (Expr* dtype = numpy_dtype(a)) return dtype;
    }
    if (module != module_.imports.end() && (module->second == "math" || module->second == "numpy")) {
      for (const auto& [name, value] : kMathConstants) {
        if (name == a.attr) {
          Expr* out = f_.new_expr(ir::ExprKind::Constant, a.span);
          out->constant.kind = resolve::Constant::Kind::Float;
          out->constant.floating = value;
          return out;
        }
      }
    }
  }
  return attribute_access(ir::ExprKind::GetAttr, a, {});
}

// obj.attr (GetAttr) or obj.attr = value (SetAttr, `extra` holding the value).
Expr* Lowering::attribute_access(ir::ExprKind kind, const Attribute& a, std::vector<Expr*> extra) {
  Expr* out = f_.new_expr(kind, a.span);
  out->name = a.attr;
  out->args = {expr(*a.value)};
  out->args.insert(out->args.end(), extra.begin(), extra.end());
  return out;
}

// a < b < c is (a < b) and (b < c), with b evaluated once: allowed when the middle operands are
// names or constants, whose second evaluation is harmless.
Expr* Lowering::compare(const Compare& c) {
  std::vector<Expr*> operands{expr(*c.left)};
  for (std::size_t i = 0; i < c.comparators.size(); ++i) {
    const ast::Expr* middle = c.comparators[i];
    if (i + 1 < c.comparators.size() && middle->kind != ast::ExprKind::Name &&
        middle->kind != ast::ExprKind::Constant) {
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

// A function passed by name (`key=len`, `key=helper`) becomes `lambda x: f(x)`.
Expr* Lowering::callable_argument(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::Name) {
    auto stored = lambdas_.find(std::string(static_cast<const Name&>(e).id));
    if (stored != lambdas_.end() && !scoped_.count(stored->first)) return lambda(*stored->second);
  }
  if (e.kind != ast::ExprKind::Name || is_local(std::string(static_cast<const Name&>(e).id))) return expr(e);
  const std::string fn(static_cast<const Name&>(e).id);
  const bool is_function = std::any_of(module_.functions.begin(), module_.functions.end(),
                                       [&](const FunctionDef* d) { return d->name == fn; });
  if (!is_function && !ops::has_op(fn)) return expr(e);
  Expr* out = f_.new_expr(ir::ExprKind::Lambda, e.span);
  Target param;
  param.span = e.span;
  param.name = "arg_" + std::to_string(f_.expr_storage.size());
  out->params.push_back(param);
  Expr* load = f_.new_expr(ir::ExprKind::Load, e.span);
  load->name = param.name;
  Expr* body = is_function ? f_.new_expr(ir::ExprKind::Call, e.span) : op("", e.span, {});
  body->name = fn;
  body->args = {load};
  body->keywords = {""};
  if (is_function) pass_captures(body);
  out->args = {body};
  return out;
}

// `unpack_mapping`: a call of a model constant, where `**inputs` passes the tokenizer's whole
// output (keyword "**", which the op table's entries name as a parameter).
bool Lowering::call_arguments(const Call& c, std::vector<Expr*>& args, std::vector<std::string>& keywords,
                              bool unpack_mapping) {
  for (const ast::Expr* a : c.args) {
    if (a->kind == ast::ExprKind::Starred) {
      unsupported(a->span, "`*args` in a call is not supported yet");
      return false;
    }
    args.push_back(callable_argument(*a));
    keywords.emplace_back();
  }
  for (const Keyword* k : c.keywords) {
    if (!k->arg && !unpack_mapping) {
      unsupported(k->span, "`**kwargs` in a call is not supported yet");
      return false;
    }
    args.push_back(callable_argument(*k->value));
    keywords.emplace_back(k->arg ? std::string(*k->arg) : "**");
  }
  return true;
}

Expr* Lowering::call(const Call& c) {
  if (c.func->kind == ast::ExprKind::Attribute) return method_call(c, static_cast<const Attribute&>(*c.func));
  if (c.func->kind != ast::ExprKind::Name) {
    unsupported(c.span, "only calls of builtins, methods and this module's functions are supported");
    return placeholder(c.span);
  }
  const std::string callee(static_cast<const Name*>(c.func)->id);
  if (auto stored = lambdas_.find(callee); stored != lambdas_.end() && !scoped_.count(callee)) {
    Expr* out = op("apply", c.span, {lambda(*stored->second)});  // f(x) with f = lambda ...
    std::vector<Expr*> args;
    std::vector<std::string> keywords;
    if (!call_arguments(c, args, keywords) || !c.keywords.empty()) {
      unsupported(c.span, "a lambda takes positional arguments only");
      return placeholder(c.span);
    }
    out->args.insert(out->args.end(), args.begin(), args.end());
    out->keywords.assign(out->args.size(), "");
    return out;
  }
  if (is_local(callee)) {
    unsupported(c.func->span, "calling a variable ('" + callee + "') is not supported yet");
    return placeholder(c.span);
  }
  if (module_.model(callee)) {  // tokenizer(texts, ...), model(**inputs)
    Expr* out = op("__call__", c.span, {name(static_cast<const Name&>(*c.func))});
    if (!call_arguments(c, out->args, out->keywords, true)) return placeholder(c.span);
    return out;
  }
  if (resolve::find_class(module_, callee)) {
    Expr* out = f_.new_expr(ir::ExprKind::New, c.span);
    out->name = callee;
    if (!call_arguments(c, out->args, out->keywords)) return placeholder(c.span);
    return out;
  }
  for (const FunctionDef* def : module_.functions) {
    if (def->name != callee) continue;
    Expr* out = f_.new_expr(ir::ExprKind::Call, c.span);
    out->name = callee;
    if (!call_arguments(c, out->args, out->keywords)) return placeholder(c.span);
    pass_captures(out);
    return out;
  }
  return builtin_call(callee, c);
}

Expr* Lowering::builtin_call(const std::string& callee, const Call& c) {
  if ((callee == "list" || callee == "set" || callee == "dict" || callee == "tuple") && c.args.empty() &&
      c.keywords.empty()) {
    const DisplayKind kind = callee == "list"   ? DisplayKind::List
                             : callee == "set"  ? DisplayKind::Set
                             : callee == "dict" ? DisplayKind::Dict
                                                : DisplayKind::Tuple;
    return display(kind, {}, c.span);
  }
  if (callee == "isinstance" && c.args.size() == 2 && c.args[1]->kind == ast::ExprKind::Name) {
    const std::string_view type = static_cast<const Name*>(c.args[1])->id;
    if (std::find(std::begin(kTypeNames), std::end(kTypeNames), type) != std::end(kTypeNames)) {
      return op(("isinstance:" + std::string(type)).c_str(), c.span, {expr(*c.args[0])});
    }
  }
  if (!ops::has_op(callee)) {
    unsupported(c.func->span, "'" + callee + "' is not a function Kiln knows",
                "Kiln compiles Python's builtins and this module's functions");
    return placeholder(c.span);
  }
  Expr* out = op(callee.c_str(), c.span, {});
  out->keywords.clear();
  if (!call_arguments(c, out->args, out->keywords)) return placeholder(c.span);
  // min(a, b, c) is min(min(a, b), c): the first of equal values wins either way.
  if ((callee == "min" || callee == "max") && out->args.size() > 2 && c.keywords.empty()) {
    Expr* folded = op(callee.c_str(), c.span, {out->args[0], out->args[1]});
    for (std::size_t i = 2; i < out->args.size(); ++i)
      folded = op(callee.c_str(), c.span, {folded, out->args[i]});
    return folded;
  }
  return out;
}

// The qualified module an expression names (`np` → "numpy", `np.linalg` → "numpy.linalg"), or "".
std::string Lowering::module_path(const ast::Expr& e) const {
  if (e.kind == ast::ExprKind::Attribute) {
    const auto& a = static_cast<const Attribute&>(e);
    const std::string base = module_path(*a.value);
    return base.empty() ? "" : base + "." + std::string(a.attr);
  }
  if (e.kind != ast::ExprKind::Name || is_local(std::string(static_cast<const Name&>(e).id))) return "";
  auto module = module_.imports.find(std::string(static_cast<const Name&>(e).id));
  return module == module_.imports.end() ? "" : module->second;
}

Expr* Lowering::method_call(const Call& c, const Attribute& method) {
  std::string name = "." + std::string(method.attr);
  std::vector<Expr*> receiver;
  if (const std::string module = module_path(*method.value); !module.empty()) {
    name = module + name;  // math.sqrt(...), np.linalg.norm(...)
  }
  if (name.starts_with(".")) receiver.push_back(expr(*method.value));
  if (!ops::has_op(name) && name != ".format" && !(name.starts_with(".") && !module_.classes.empty())) {
    unsupported(method.span, "'" + name.substr(name.starts_with(".") ? 1 : 0) +
                                 "' is not a method or function Kiln knows");
    return placeholder(c.span);
  }
  Expr* out = op(name.c_str(), c.span, receiver);
  if (!call_arguments(c, out->args, out->keywords)) return placeholder(c.span);
  return out;
}

Expr* Lowering::subscript(const Subscript& s) {
  if (s.slice->kind == ast::ExprKind::Slice) return slice_operands("slice", s, {}, {});
  return op("getitem", s.span, {expr(*s.value), subscript_index(*s.slice)});
}

namespace {

bool is_constant(const ast::Expr& e, ast::ConstantValue::Kind kind) {
  return e.kind == ast::ExprKind::Constant && static_cast<const ast::Constant&>(e).value.kind == kind;
}

}  // namespace

// np.newaxis (None) and `...` mark a numpy subscript, as a slice does inside a tuple: only numpy
// arrays take those (a dict key may be a tuple, but not one holding a slice).
bool Lowering::is_numpy_part(const ast::Expr& e) const {
  return e.kind == ast::ExprKind::Slice || is_constant(e, ast::ConstantValue::Kind::None) ||
         is_constant(e, ast::ConstantValue::Kind::Ellipsis) || module_path(e) == "numpy.newaxis";
}

// x[...]'s index: the expression itself, or for a numpy subscript (a[1:, None], a[..., 0]) its
// parts joined into one numpy index.
Expr* Lowering::subscript_index(const ast::Expr& slice) {
  std::vector<const ast::Expr*> items;
  if (slice.kind == ast::ExprKind::Tuple) {
    for (const ast::Expr* item : static_cast<const ast::Tuple&>(slice).elts) items.push_back(item);
  } else {
    items.push_back(&slice);
  }
  if (std::none_of(items.begin(), items.end(), [&](const ast::Expr* e) { return is_numpy_part(*e); }))
    return expr(slice);
  if (items.size() > 8) {
    unsupported(slice.span, "a numpy subscript of more than 8 parts is not supported");
    return placeholder(slice.span);
  }
  std::vector<Expr*> parts;
  for (const ast::Expr* item : items) {
    if (item->kind == ast::ExprKind::Slice) {
      const auto& range = static_cast<const Slice&>(*item);
      std::vector<Expr*> bounds;
      for (const ast::Expr* bound : {range.lower, range.upper, range.step})
        bounds.push_back(bound ? expr(*bound) : none_constant(item->span));
      parts.push_back(op("numpy.index_slice", item->span, std::move(bounds)));
    } else if (is_constant(*item, ast::ConstantValue::Kind::Ellipsis)) {
      parts.push_back(op("numpy.index_ellipsis", item->span, {}));
    } else if (is_numpy_part(*item)) {
      parts.push_back(op("numpy.index_newaxis", item->span, {}));
    } else {
      parts.push_back(op("numpy.index_part", item->span, {expr(*item)}));
    }
  }
  return op("numpy.index", slice.span, std::move(parts));
}

// x[a:b:c] as an op over x, a, b, c (None for an omitted bound), with extra operands around.
Expr* Lowering::slice_operands(const char* name, const Subscript& s, std::vector<Expr*> before,
                               std::vector<Expr*> after) {
  const auto& slice = static_cast<const Slice&>(*s.slice);
  std::vector<Expr*> args = std::move(before);
  args.push_back(expr(*s.value));
  for (const ast::Expr* bound : {slice.lower, slice.upper, slice.step}) {
    args.push_back(bound ? expr(*bound) : none_constant(s.slice->span));
  }
  args.insert(args.end(), after.begin(), after.end());
  return op(name, s.span, std::move(args));
}

Expr* Lowering::display(DisplayKind kind, const ast::List<ast::Expr>& elements, diag::Span span) {
  Expr* out = f_.new_expr(ir::ExprKind::Display, span);
  out->display = kind;
  for (const ast::Expr* e : elements) {
    if (e->kind == ast::ExprKind::Starred) {
      unsupported(e->span, "`*x` in a display is not supported yet", "concatenate with + instead");
      return placeholder(span);
    }
    out->args.push_back(expr(*e));
  }
  return out;
}

Expr* Lowering::dict_display(const ast::Dict& d) {
  Expr* out = f_.new_expr(ir::ExprKind::Display, d.span);
  out->display = DisplayKind::Dict;
  for (std::size_t i = 0; i < d.keys.size(); ++i) {
    if (!d.keys[i]) {
      unsupported(d.values[i]->span, "`**mapping` in a dict display is not supported yet", "use d | other");
      return placeholder(d.span);
    }
    out->args.push_back(expr(*d.keys[i]));
    out->args.push_back(expr(*d.values[i]));
  }
  return out;
}

Expr* Lowering::comprehension(DisplayKind kind, const ast::List<ast::Comprehension>& generators,
                              std::vector<const ast::Expr*> elements, diag::Span span) {
  Expr* out = f_.new_expr(ir::ExprKind::Comprehension, span);
  out->display = kind;
  std::vector<std::string> scoped;
  for (const ast::Comprehension* g : generators) {
    Generator* lowered = f_.new_generator();
    lowered->iter = expr(*g->iter);  // evaluated before this clause's variables exist
    auto t = target(g->target);
    if (!t) return placeholder(span);
    lowered->target = std::move(*t);
    std::vector<const Target*> pending{&lowered->target};
    while (!pending.empty()) {
      const Target* next = pending.back();
      pending.pop_back();
      if (!next->is_unpack()) scoped.push_back(next->name), scoped_.insert(next->name);
      for (const Target& inner : next->elements) pending.push_back(&inner);
    }
    for (const ast::Expr* condition : g->ifs) lowered->conditions.push_back(expr(*condition));
    out->generators.push_back(lowered);
  }
  for (const ast::Expr* e : elements) out->args.push_back(expr(*e));
  for (const std::string& name : scoped) scoped_.erase(scoped_.find(name));
  return out;
}

Expr* Lowering::lambda(const ast::Lambda& l) {
  const Arguments& a = *l.args;
  if (!a.posonlyargs.empty() || a.vararg || !a.kwonlyargs.empty() || a.kwarg || !a.defaults.empty()) {
    unsupported(l.span, "only lambdas with plain parameters are supported");
    return placeholder(l.span);
  }
  Expr* out = f_.new_expr(ir::ExprKind::Lambda, l.span);
  for (const Arg* p : a.args) {
    Target t;
    t.span = p->span;
    t.name = p->arg;
    out->params.push_back(t);
    scoped_.insert(t.name);
  }
  out->args = {expr(*l.body)};
  for (const Target& t : out->params) scoped_.erase(scoped_.find(t.name));
  return out;
}

// f"a{x!r:>10}b" is "a" + format(repr(x), ">10") + "b".
Expr* Lowering::fstring(const JoinedStr& j) {
  Expr* result = nullptr;
  for (const ast::Expr* part : j.values) {
    Expr* piece = part->kind == ast::ExprKind::FormattedValue
                      ? formatted_value(static_cast<const FormattedValue&>(*part))
                      : expr(*part);
    result = result ? op("add", j.span, {result, piece}) : piece;
  }
  if (result) return result;
  Expr* empty = f_.new_expr(ir::ExprKind::Constant, j.span);
  empty->constant.kind = resolve::Constant::Kind::Str;
  return empty;
}

Expr* Lowering::formatted_value(const FormattedValue& v) {
  Expr* value = expr(*v.value);
  if (v.conversion == 'a') {
    unsupported(v.span, "`!a` is not supported", "use !r");
    return placeholder(v.span);
  }
  if (v.conversion == 'r') value = op("repr", v.span, {value});
  if (v.conversion == 's') value = op("str", v.span, {value});
  if (!v.format_spec) return v.conversion == -1 ? op("str", v.span, {value}) : value;
  return op("format", v.span, {value, expr(*v.format_spec)});
}

}  // namespace kiln::ir
