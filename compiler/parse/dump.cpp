// ast.dump(): the tree printed exactly as CPython 3.11 prints it (annotate_fields=True,
// include_attributes=False), so the two can be compared byte for byte.
#include "compiler/parse/parse.h"
#include "runtime/repr.h"

namespace kiln::parse {
namespace {

using namespace kiln::ast;

constexpr std::string_view kOperatorNames[] = {"Add",    "Sub",    "Mult",  "MatMult", "Div",    "Mod",     "Pow",
                                               "LShift", "RShift", "BitOr", "BitXor",  "BitAnd", "FloorDiv"};
constexpr std::string_view kUnaryNames[] = {"Invert", "Not", "UAdd", "USub"};
constexpr std::string_view kCmpNames[] = {"Eq", "NotEq", "Lt", "LtE", "Gt", "GtE", "Is", "IsNot", "In", "NotIn"};
constexpr std::string_view kCtxNames[] = {"Load", "Store", "Del"};
constexpr std::string_view kBoolNames[] = {"And", "Or"};

class Dumper {
 public:
  std::string out;

  template <class T>
  void node(const T& n, std::string_view name) {
    out += name;
    out += '(';
    const bool saved = first_field_;  // nodes nest inside other nodes' fields
    first_field_ = true;
    n.fields([this](std::string_view field, const auto& value) { this->field(field, value); });
    first_field_ = saved;
    out += ')';
  }

  void value(const Expr& e) {
    visit(e, [this](const auto& n) { node(n, n.kName); });
  }
  void value(const Stmt& s) {
    visit(s, [this, &s](const auto& n) { node(n, python_name(s.kind)); });
  }
  void value(const Pattern& p) {
    visit(p, [this](const auto& n) { node(n, n.kName); });
  }
  template <class T>
  void value(const T& n) {
    node(n, T::kName);
  }

 private:
  // A None field is left out, as ast.dump does for optional fields.
  template <class T>
  static bool is_none(const T& v) {
    if constexpr (std::is_pointer_v<T>) {
      return v == nullptr;
    } else if constexpr (std::is_same_v<T, OptIdentifier>) {
      return !v.has_value();
    } else {
      return false;
    }
  }

  template <class T>
  void field(std::string_view name, const T& v) {
    if (is_none(v)) return;
    if (!first_field_) out += ", ";
    first_field_ = false;
    out += name;
    out += '=';
    print(v);
  }

  template <class T>
  void print(const T* p) {
    if (p == nullptr) {
      out += "None";
    } else {
      value(*p);
    }
  }
  template <class T>
  void print(const std::vector<T>& list) {
    out += '[';
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (i) out += ", ";
      print(list[i]);
    }
    out += ']';
  }
  void print(std::string_view s) { out += runtime::repr_str(s); }
  void print(const OptIdentifier& s) { out += runtime::repr_str(*s); }
  void print(int v) { out += std::to_string(v); }
  void print(Operator op) { enum_node(kOperatorNames[static_cast<int>(op)]); }
  void print(UnaryOperator op) { enum_node(kUnaryNames[static_cast<int>(op)]); }
  void print(CmpOperator op) { enum_node(kCmpNames[static_cast<int>(op)]); }
  void print(Ctx ctx) { enum_node(kCtxNames[static_cast<int>(ctx)]); }
  void print(BoolOperator op) { enum_node(kBoolNames[static_cast<int>(op)]); }
  void print(const ConstantValue& v) {
    switch (v.kind) {
      case ConstantValue::Kind::None: out += "None"; break;
      case ConstantValue::Kind::True: out += "True"; break;
      case ConstantValue::Kind::False: out += "False"; break;
      case ConstantValue::Kind::Ellipsis: out += "Ellipsis"; break;
      case ConstantValue::Kind::Int: out += v.text; break;
      case ConstantValue::Kind::Float: out += runtime::repr_float(v.number); break;
      case ConstantValue::Kind::Complex: out += runtime::repr_complex(0.0, v.number); break;
      case ConstantValue::Kind::Str: out += runtime::repr_str(v.text); break;
      case ConstantValue::Kind::Bytes: out += runtime::repr_bytes(v.text); break;
    }
  }
  void enum_node(std::string_view name) {
    out += name;
    out += "()";
  }

  bool first_field_ = true;
};

}  // namespace

std::string dump(const Module& module) {
  Dumper d;
  d.value(module);
  return d.out;
}

}  // namespace kiln::parse

namespace kiln::ast {

std::string_view python_name(StmtKind kind) {
  if (kind == StmtKind::ExprStmt) return "Expr";
  switch (kind) {
#define KILN_AST_STMT_NAME(N) \
  case StmtKind::N:           \
    return #N;
    KILN_AST_STMTS(KILN_AST_STMT_NAME)
#undef KILN_AST_STMT_NAME
  }
  return "?";
}

}  // namespace kiln::ast
