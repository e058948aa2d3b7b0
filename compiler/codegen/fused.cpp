#include "compiler/codegen/fused.h"

#include <string_view>

#include "compiler/codegen/pattern.h"

namespace kiln::codegen {
namespace {

using types::Kind;

// What an operand or a result is to the kernel: a number in the expression's float type, or a bool.
enum class Value { Number, Bool };

struct Operation {
  std::string_view name;  // the runtime's name (np::binary's and np::unary's `op`)
  Value operands, result;
  std::string_view cpp;  // the kernel's C++, {0} and {1} the operands
};

// The kernels compute what runtime/numpy.cpp's do on float32 and float64, in the same type.
constexpr Operation kOperations[] = {
    {"add", Value::Number, Value::Number, "({0} + {1})"},
    {"sub", Value::Number, Value::Number, "({0} - {1})"},
    {"mul", Value::Number, Value::Number, "({0} * {1})"},
    {"truediv", Value::Number, Value::Number, "({0} / {1})"},
    {"maximum", Value::Number, Value::Number, "kiln::rt::np::kernels::maximum({0}, {1})"},
    {"minimum", Value::Number, Value::Number, "kiln::rt::np::kernels::minimum({0}, {1})"},
    {"lt", Value::Number, Value::Bool, "({0} < {1})"},
    {"le", Value::Number, Value::Bool, "({0} <= {1})"},
    {"gt", Value::Number, Value::Bool, "({0} > {1})"},
    {"ge", Value::Number, Value::Bool, "({0} >= {1})"},
    {"eq", Value::Number, Value::Bool, "({0} == {1})"},
    {"ne", Value::Number, Value::Bool, "({0} != {1})"},
    {"bitand", Value::Bool, Value::Bool, "({0} & {1})"},
    {"bitor", Value::Bool, Value::Bool, "({0} | {1})"},
    {"bitxor", Value::Bool, Value::Bool, "({0} ^ {1})"},
    {"neg", Value::Number, Value::Number, "(-{0})"},
    {"exp", Value::Number, Value::Number, "std::exp({0})"},
    {"log", Value::Number, Value::Number, "std::log({0})"},
    {"sqrt", Value::Number, Value::Number, "std::sqrt({0})"},
    {"tanh", Value::Number, Value::Number, "std::tanh({0})"},
    {"abs", Value::Number, Value::Number, "std::fabs({0})"},
    {"logical_not", Value::Bool, Value::Bool, "(!{0})"},
};

bool is_array(const ir::Expr& e) {
  return e.type && e.type->kind == Kind::NdArray;
}

// The elementwise operation `e` is, if it is one: an np::binary or np::unary call on its operands
// in order.
const Operation* operation(const ir::Expr& e) {
  if (e.kind != ir::ExprKind::Op || !is_array(e)) return nullptr;
  std::string_view cpp = e.cpp;
  for (std::string_view prefix : {"kiln::rt::np::binary(\"", "kiln::rt::np::unary(\""}) {
    if (!cpp.starts_with(prefix)) continue;
    const std::string_view rest = cpp.substr(prefix.size());
    const std::string_view name = rest.substr(0, rest.find('"'));
    const std::size_t arity = prefix.find("binary") != std::string_view::npos ? 2 : 1;
    if (e.args.size() != arity || e.sources.size() != arity) return nullptr;
    for (std::size_t i = 0; i < arity; ++i) {
      if (e.sources[i] != static_cast<int>(i)) return nullptr;
    }
    for (const Operation& op : kOperations) {
      if (op.name == name) return &op;
    }
  }
  return nullptr;
}

// An expression whose value may be computed ahead and again: variables, constants, and operations of
// the numpy library on such (which have no effect besides their value or their exception).
bool pure(const ir::Expr& e) {
  if (e.kind == ir::ExprKind::Load || e.kind == ir::ExprKind::Constant) return true;
  if (e.kind != ir::ExprKind::Op || !std::string_view(e.cpp).starts_with("kiln::rt::np::")) return false;
  for (const ir::Expr* arg : e.args) {
    if (!pure(*arg)) return false;
  }
  return true;
}

class Fuser {
 public:
  explicit Fuser(const std::function<std::string(const ir::Expr&)>& scalar) : scalar_(scalar) {}

  // The kernel's C++ for `e` as a value of kind `want`, or nullopt if `e` cannot be one.
  std::optional<std::string> kernel(const ir::Expr& e, Value want) {
    if (const Operation* op = operation(e)) {
      if (op->result != want) return std::nullopt;
      std::vector<std::string> operands;
      for (const ir::Expr* arg : e.args) {
        std::optional<std::string> operand = kernel(*arg, op->operands);
        if (!operand) return std::nullopt;
        operands.push_back(*operand);
      }
      out_.ops.push_back(&e);
      return fill_holes(op->cpp, operands, Holes::AsIs);
    }
    if (is_array(e)) {
      if (!pure(e)) return std::nullopt;
      const std::size_t k = out_.arrays.size();
      out_.arrays.push_back(&e);
      out_.read_as_bool.push_back(want == Value::Bool);
      return (want == Value::Bool ? "in.flag(" : "in.num(") + std::to_string(k) + ", j)";
    }
    if (e.kind != ir::ExprKind::Load && e.kind != ir::ExprKind::Constant) return std::nullopt;
    if (!e.type) return std::nullopt;
    if (want == Value::Bool) {
      if (e.type->kind != Kind::Bool) return std::nullopt;
      return "static_cast<uint8_t>(" + scalar_(e) + ")";
    }
    if (e.type->kind != Kind::Int && e.type->kind != Kind::Float && e.type->kind != Kind::Bool)
      return std::nullopt;
    return "static_cast<T>(" + scalar_(e) + ")";  // a Python scalar takes the array's dtype (NEP 50)
  }

  FusedExpression take() { return std::move(out_); }

 private:
  const std::function<std::string(const ir::Expr&)>& scalar_;
  FusedExpression out_;
};

}  // namespace

std::optional<FusedExpression> fuse_elementwise(const ir::Expr& root,
                                                const std::function<std::string(const ir::Expr&)>& scalar) {
  const Operation* op = operation(root);
  if (!op) return std::nullopt;
  Fuser fuser(scalar);
  std::optional<std::string> kernel = fuser.kernel(root, op->result);
  if (!kernel) return std::nullopt;
  FusedExpression out = fuser.take();
  if (out.ops.size() < 2 || out.arrays.empty()) return std::nullopt;
  out.kernel = std::move(*kernel);
  return out;
}

}  // namespace kiln::codegen
