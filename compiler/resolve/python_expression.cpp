#include "compiler/resolve/python_expression.h"

#include <set>

#include "runtime/repr.h"

namespace kiln::resolve {
namespace {

using namespace kiln::ast;

class Writer {
 public:
  explicit Writer(const Module& m) : m_(m) {}

  bool write(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Name:
        return name(std::string(static_cast<const Name&>(e).id));
      case ExprKind::Attribute: {
        const auto& a = static_cast<const Attribute&>(e);
        if (!write(*a.value)) return false;
        out_ += "." + std::string(a.attr);
        return true;
      }
      case ExprKind::Call:
        return call(static_cast<const Call&>(e));
      case ExprKind::Constant:
        return constant(static_cast<const ast::Constant&>(e).value);
      case ExprKind::BinOp: {
        const auto& b = static_cast<const BinOp&>(e);
        if (b.op != Operator::Div && b.op != Operator::Add) return false;
        out_ += "(";
        if (!write(*b.left)) return false;
        out_ += b.op == Operator::Div ? " / " : " + ";
        if (!write(*b.right)) return false;
        out_ += ")";
        return true;
      }
      default:
        return false;
    }
  }

  PythonExpression result() const {
    std::string imports;
    for (const std::string& line : imports_) imports += line + "\n";
    return {imports, out_};
  }

 private:
  // An imported name brings its import; a module-level name assigned once stands for its value;
  // `str` is the one builtin allowed.
  bool name(const std::string& id) {
    auto it = m_.imports.find(id);
    if (auto value = m_.assigned.find(id); it == m_.imports.end() && value != m_.assigned.end()) {
      if (!expanding_.insert(id).second) return false;  // `A = B`, `B = A`
      out_ += "(";
      const bool ok = write(*value->second);
      out_ += ")";
      expanding_.erase(id);
      return ok;
    }
    out_ += id;
    if (it == m_.imports.end()) return id == "str";
    const std::string& q = it->second;
    const std::size_t dot = q.rfind('.');
    imports_.insert(dot == std::string::npos
                        ? "import " + q + " as " + id
                        : "from " + q.substr(0, dot) + " import " + q.substr(dot + 1) + " as " + id);
    return true;
  }

  bool call(const Call& c) {
    if (!write(*c.func)) return false;
    out_ += "(";
    const char* separator = "";
    for (const Expr* a : c.args) {
      out_ += separator;
      if (!write(*a)) return false;
      separator = ", ";
    }
    for (const Keyword* k : c.keywords) {
      if (!k->arg) return false;
      out_ += separator + std::string(*k->arg) + "=";
      if (!write(*k->value)) return false;
      separator = ", ";
    }
    out_ += ")";
    return true;
  }

  bool constant(const ConstantValue& v) {
    switch (v.kind) {
      case ConstantValue::Kind::Str:
        out_ += runtime::repr_str(v.text);
        return true;
      case ConstantValue::Kind::Int:
        out_ += std::string(v.text);
        return true;
      case ConstantValue::Kind::True:
      case ConstantValue::Kind::False:
      case ConstantValue::Kind::None:
        out_ += v.kind == ConstantValue::Kind::True    ? "True"
                : v.kind == ConstantValue::Kind::False ? "False"
                                                       : "None";
        return true;
      default:
        return false;
    }
  }

  const Module& m_;
  std::string out_;
  std::set<std::string> imports_;
  std::set<std::string> expanding_;  // names whose value is being written
};

}  // namespace

std::optional<PythonExpression> python_expression(const Module& m, const ast::Expr& e) {
  Writer w(m);
  if (!w.write(e)) return std::nullopt;
  return w.result();
}

}  // namespace kiln::resolve
