#include "compiler/codegen/emit.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "compiler/types/propagate.h"
#include "runtime/repr.h"

namespace kiln::codegen {
namespace {

using types::Kind;

std::string cpp_type(const types::Type* t) {
  switch (t->kind) {
    case Kind::Int: return "int64_t";
    case Kind::Float: return "double";
    case Kind::Bool: return "bool";
    case Kind::Str: return "std::string";
    case Kind::None: return "void";
    default: return "/* unsupported */ void";
  }
}

// A C string literal for UTF-8 text (escaped byte by byte, so any content is safe).
std::string c_literal(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7F && c != '?') {  // '?' could start a trigraph
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
    }
  }
  return out + "\"";
}

// A std::string of exactly these bytes (NULs included).
std::string cpp_string(std::string_view s) {
  return "std::string(" + c_literal(s) + ", " + std::to_string(s.size()) + ")";
}

std::string cpp_double(double v) {
  if (std::isnan(v)) return "std::numeric_limits<double>::quiet_NaN()";
  if (std::isinf(v)) return v > 0 ? "std::numeric_limits<double>::infinity()" : "-std::numeric_limits<double>::infinity()";
  std::string r = runtime::repr_float(v);
  return r;
}

std::string substitute(std::string_view pattern, const std::vector<std::string>& operands) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}') {
      out += "(" + operands[pattern[i + 1] - '0'] + ")";
      i += 2;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

class FunctionEmitter {
 public:
  FunctionEmitter(const ir::Function& f, const std::string& source) : f_(f), source_(source) {}

  static std::string declaration(const ir::Function& f) {
    std::string out = cpp_type(f.signature.returns) + " " + f.name + "(";
    for (std::size_t i = 0; i < f.params.size(); ++i) {
      const ir::Var& v = f.vars[f.params[i]];
      out += (i ? ", " : "") + cpp_type(v.type) + " " + var_name(f, f.params[i]);
    }
    return out + ")";
  }

  std::string emit() {
    // `line` follows execution; an exception passing through notes it (try costs nothing until a throw).
    out_ = "#line " + std::to_string(f_.line) + " \"" + source_ + "\"\n" + declaration(f_) + " {\n  int line = " +
           std::to_string(f_.line) + ";\n  try {\n";
    for (std::size_t id = 0; id < f_.vars.size(); ++id) {
      if (types::canonical(f_, id) != static_cast<ir::VarId>(id) || f_.vars[id].is_param || !f_.vars[id].type) continue;
      out_ += "    " + cpp_type(f_.vars[id].type) + " " + var_name(f_, id) + "{};\n";
    }
    block(f_.body, 2);
    if (f_.signature.returns->kind != Kind::None) {  // falling off the end returns None in Python
      out_ += "    throw kiln::rt::TypeError(\"" + f_.name + "() ended without a return, so it returned None, not " +
              types::to_string(f_.signature.returns) + "\");\n";
    }
    out_ += "  } catch (kiln::rt::BaseException& e) {\n    e.note_line(line);\n    throw;\n  }\n}\n";
    return out_;
  }

  static std::string var_name(const ir::Function& f, ir::VarId id) {
    id = types::canonical(f, id);
    // The first variable of a name keeps the name; later renames add their number.
    for (ir::VarId other = 0; other < id; ++other) {
      if (f.vars[other].name == f.vars[id].name && types::canonical(f, other) == other) {
        return "py_" + f.vars[id].name + "_" + std::to_string(id);
      }
    }
    return "py_" + f.vars[id].name;
  }

 private:
  void line(const ir::Stmt& s, int depth) {
    out_ += "#line " + std::to_string(s.span.line) + "\n";
    indent(depth);
    out_ += "line = " + std::to_string(s.span.line) + ";\n";
  }
  void indent(int depth) { out_.append(2 * depth, ' '); }

  void block(const std::vector<ir::Stmt*>& body, int depth) {
    for (const ir::Stmt* s : body) statement(*s, depth);
  }

  void statement(const ir::Stmt& s, int depth) {
    line(s, depth);
    indent(depth);
    switch (s.kind) {
      case ir::StmtKind::Assign:
        if (is_append(s)) {  // s = s + t appends in place, as CPython does, instead of copying s
          out_ += var_name(f_, s.target) + " += " + expr(*s.value->args[1]) + ";\n";
        } else {
          out_ += var_name(f_, s.target) + " = " + expr(*s.value) + ";\n";
        }
        return;
      case ir::StmtKind::Return:
        if (!s.value || f_.signature.returns->kind == Kind::None) {
          out_ += s.value ? expr(*s.value) + ";\n" : "";
          if (s.value) indent(depth);
          out_ += "return;\n";
        } else {
          out_ += "return " + convert(*s.value, f_.signature.returns) + ";\n";
        }
        return;
      case ir::StmtKind::If:
        out_ += "if (" + truth(*s.value) + ") {\n";
        block(s.body, depth + 1);
        indent(depth);
        if (!s.orelse.empty()) {
          out_ += "} else {\n";
          block(s.orelse, depth + 1);
          indent(depth);
        }
        out_ += "}\n";
        return;
      case ir::StmtKind::While:
        out_ += "while (" + truth(*s.value) + ") {\n";
        block(s.body, depth + 1);
        indent(depth);
        out_ += "}\n";
        return;
      case ir::StmtKind::ForRange: return for_range(s, depth);
      case ir::StmtKind::Break: out_ += "break;\n"; return;
      case ir::StmtKind::Continue: out_ += "continue;\n"; return;
      case ir::StmtKind::Eval: out_ += "(void)(" + expr(*s.value) + ");\n"; return;
      case ir::StmtKind::Pass: out_ += ";\n"; return;
    }
  }

  bool is_append(const ir::Stmt& s) const {
    const ir::Expr& v = *s.value;
    return v.kind == ir::ExprKind::Op && v.cpp.starts_with("kiln::rt::concat(") &&
           v.args[0]->kind == ir::ExprKind::Load && types::canonical(f_, v.args[0]->var) == types::canonical(f_, s.target);
  }

  // range(start, stop, step) is evaluated once; the loop variable takes each value in turn.
  void for_range(const ir::Stmt& s, int depth) {
    const std::string n = std::to_string(loop_count_++);
    out_ += "{\n";
    indent(depth + 1);
    out_ += "const int64_t start_" + n + " = " + convert(*s.range[0], nullptr) + ", stop_" + n + " = " +
            convert(*s.range[1], nullptr) + ", step_" + n + " = " + convert(*s.range[2], nullptr) + ";\n";
    indent(depth + 1);
    out_ += "if (step_" + n + " == 0) throw kiln::rt::ValueError(\"range() arg 3 must not be zero\");\n";
    indent(depth + 1);
    out_ += "for (int64_t i_" + n + " = start_" + n + "; step_" + n + " > 0 ? i_" + n + " < stop_" + n + " : i_" + n +
            " > stop_" + n + "; i_" + n + " = kiln::rt::range_next(i_" + n + ", step_" + n + ", stop_" + n + ")) {\n";
    indent(depth + 2);
    out_ += var_name(f_, s.target) + " = i_" + n + ";\n";
    block(s.body, depth + 2);
    indent(depth + 1);
    out_ += "}\n";
    indent(depth);
    out_ += "}\n";
  }

  // `e` as a value of type `to` (int and bool widen as Python's numeric tower does).
  std::string convert(const ir::Expr& e, const types::Type* to) {
    std::string value = expr(e);
    if (!to || to == e.type) return value;
    if (to->kind == Kind::Float) return "static_cast<double>(" + value + ")";
    if (to->kind == Kind::Int) return "static_cast<int64_t>(" + value + ")";
    return value;
  }

  std::string truth(const ir::Expr& e) {
    return e.type->kind == Kind::Bool ? expr(e) : "kiln::rt::truth(" + expr(e) + ")";
  }

  std::string expr(const ir::Expr& e) {
    switch (e.kind) {
      case ir::ExprKind::Constant: return constant(e.constant);
      case ir::ExprKind::Load: return var_name(f_, e.var);
      case ir::ExprKind::Op: {
        std::vector<std::string> operands;
        for (std::size_t i = 0; i < e.args.size(); ++i) operands.push_back(convert(*e.args[i], e.operand_types[i]));
        return in_order(e.args, operands, [&](const std::vector<std::string>& ops) { return substitute(e.cpp, ops); });
      }
      case ir::ExprKind::Not: return "(!" + truth(*e.args[0]) + ")";
      case ir::ExprKind::And:
      case ir::ExprKind::Or: return short_circuit(e);
      case ir::ExprKind::IfExp:
        return "(" + truth(*e.args[0]) + " ? " + expr(*e.args[1]) + " : " + expr(*e.args[2]) + ")";
      case ir::ExprKind::Call: {
        std::vector<std::string> operands;
        for (const ir::Expr* a : e.args) operands.push_back(expr(*a));
        return in_order(e.args, operands, [&](const std::vector<std::string>& ops) {
          std::string out = e.name + "(";
          for (std::size_t i = 0; i < ops.size(); ++i) out += (i ? ", " : "") + ops[i];
          return out + ")";
        });
      }
    }
    return "";
  }

  // Python evaluates operands left to right; C++ leaves the order of function arguments open. When
  // more than one operand can have an effect (raise, call), the earlier ones are bound first.
  template <class Build>
  std::string in_order(const std::vector<ir::Expr*>& args, const std::vector<std::string>& operands, Build build) {
    auto trivial = [](const ir::Expr* a) { return a->kind == ir::ExprKind::Constant || a->kind == ir::ExprKind::Load; };
    const auto effects = std::count_if(args.begin(), args.end(), [&](const ir::Expr* a) { return !trivial(a); });
    if (effects < 2) return build(operands);
    std::string out = "([&]() { ";
    std::vector<std::string> names = operands;
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
      if (trivial(args[i])) continue;
      names[i] = "arg" + std::to_string(temp_count_++);
      out += "auto " + names[i] + " = " + operands[i] + "; ";
    }
    return out + "return " + build(names) + "; }())";
  }

  // Python's `a and b` / `a or b` yield an operand, not a bool; `a` is evaluated once.
  std::string short_circuit(const ir::Expr& e) {
    const bool is_and = e.kind == ir::ExprKind::And;
    if (e.type->kind == Kind::Bool) return "(" + expr(*e.args[0]) + (is_and ? " && " : " || ") + expr(*e.args[1]) + ")";
    const std::string a = expr(*e.args[0]), b = expr(*e.args[1]);
    return "([&]() { auto v = " + a + "; return kiln::rt::truth(v) ? " + (is_and ? b + " : v" : "v : " + b) + "; }())";
  }

  static std::string constant(const resolve::Constant& c) {
    switch (c.kind) {
      case resolve::Constant::Kind::Bool: return c.boolean ? "true" : "false";
      case resolve::Constant::Kind::Int:
        return c.integer == INT64_MIN ? "INT64_MIN" : "int64_t{" + std::to_string(c.integer) + "}";
      case resolve::Constant::Kind::Float: return cpp_double(c.floating);
      case resolve::Constant::Kind::Str: return cpp_string(c.text);
      default: return "/* unsupported constant */";
    }
  }

  const ir::Function& f_;
  const std::string& source_;
  std::string out_;
  int loop_count_ = 0;
  int temp_count_ = 0;
};

// The C ABI entry: named arguments in (as a dict value), the result out, exceptions as errors.
std::string emit_entry(const ir::Function& f, const std::string& source_path) {
  std::string out = "extern \"C\" KILN_API kiln_status kiln_generated_call(const kiln_value* inputs, kiln_value** output,\n"
                    "                                                   kiln_error** error) {\n"
                    "  return kiln::abi::call_entry(\"" + f.name + "\", " + c_literal(source_path) +
                    ", inputs, output, error, [&](kiln::abi::Arguments& args) {\n";
  for (std::size_t i = 0; i < f.params.size(); ++i) {
    const resolve::Parameter& p = f.signature.params[i];
    const ir::Var& v = f.vars[f.params[i]];
    out += "    const " + cpp_type(v.type) + " " + FunctionEmitter::var_name(f, f.params[i]) + " = args.get<" +
           cpp_type(v.type) + ">(\"" + p.name + "\"";
    if (p.default_value) out += ", " + std::string("kiln_module::default_") + f.name + "_" + std::to_string(i) + "()";
    out += ");\n";
  }
  out += "    args.finish();\n";
  std::string call = "kiln_module::" + f.name + "(";
  for (std::size_t i = 0; i < f.params.size(); ++i) call += (i ? ", " : "") + FunctionEmitter::var_name(f, f.params[i]);
  call += ")";
  if (f.signature.returns->kind == Kind::None) {
    out += "    " + call + ";\n    return kiln_value_null();\n";
  } else {
    out += "    return kiln::abi::to_value(" + call + ");\n";
  }
  out += "  });\n}\n";
  return out;
}

std::string emit_defaults(const ir::Function& f) {
  std::string out;
  for (std::size_t i = 0; i < f.signature.params.size(); ++i) {
    const resolve::Parameter& p = f.signature.params[i];
    if (!p.default_value) continue;
    const std::string type = cpp_type(f.vars[f.params[i]].type);
    std::string value;
    switch (p.default_value->kind) {
      case resolve::Constant::Kind::Bool: value = p.default_value->boolean ? "true" : "false"; break;
      case resolve::Constant::Kind::Int: value = std::to_string(p.default_value->integer); break;
      case resolve::Constant::Kind::Float: value = cpp_double(p.default_value->floating); break;
      case resolve::Constant::Kind::Str: value = cpp_string(p.default_value->text); break;
      default: value = "{}";
    }
    out += "inline " + type + " default_" + f.name + "_" + std::to_string(i) + "() { return " + type + "(" + value + "); }\n";
  }
  return out;
}

}  // namespace

std::string emit_module(const std::vector<const ir::Function*>& functions, const std::string& source_path,
                        const std::string& signature_json) {
  std::string out = "// Generated by kiln from " + source_path + ". Do not edit: rerun `kiln compile`.\n"
                    "#include \"runtime/abi/entry.h\"\n#include \"runtime/builtins.h\"\n#include \"runtime/str.h\"\n\nnamespace kiln_module {\n\n";
  for (const ir::Function* f : functions) out += FunctionEmitter::declaration(*f) + ";\n";
  out += "\n";
  for (const ir::Function* f : functions) out += FunctionEmitter(*f, source_path).emit() + "\n";
  out += emit_defaults(*functions[0]);
  out += "\n}  // namespace kiln_module\n\n";
  out += "extern \"C\" KILN_API const char* kiln_generated_signature(void) {\n  return " + c_literal(signature_json) +
         ";\n}\n\n" + emit_entry(*functions[0], source_path);
  return out;
}

}  // namespace kiln::codegen
