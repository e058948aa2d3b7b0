#include "compiler/codegen/emit.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <string_view>

#include "compiler/codegen/borrowed.h"
#include "compiler/codegen/fused.h"
#include "compiler/codegen/pattern.h"
#include "compiler/ops/cpp_type.h"
#include "compiler/types/propagate.h"
#include "runtime/repr.h"

namespace kiln::codegen {
namespace {

using ops::cpp_type;
using types::Kind;

// str.split's op: a `for` loop walks its parts as they are made (SplitParts).
constexpr std::string_view kSplitList =
    "kiln::rt::List<std::string>(kiln::rt::str::split({0}, kiln::rt::chars({1}), {2}))";

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

// The arguments that make a std::string of exactly these bytes (NULs included).
std::string string_args(std::string_view s) {
  return c_literal(s) + ", " + std::to_string(s.size());
}
std::string cpp_string(std::string_view s) {
  return "std::string(" + string_args(s) + ")";
}

std::string cpp_double(double v) {
  if (std::isnan(v)) return "std::numeric_limits<double>::quiet_NaN()";
  if (std::isinf(v))
    return v > 0 ? "std::numeric_limits<double>::infinity()" : "-std::numeric_limits<double>::infinity()";
  std::string r = runtime::repr_float(v);
  if (r.find_first_of(".e") == std::string::npos) r += ".0";
  return r;
}

// The C++ type of a value whose type may still hold Unknown (an empty container nothing else
// constrains): its elements are never read, so any element type will do.
std::string concrete_type(const types::Type* t) {
  std::string out = cpp_type(t);
  for (std::size_t pos; (pos = out.find("auto")) != std::string::npos;) out.replace(pos, 4, "int64_t");
  return out;
}

// A compile-time constant as a C++ value of type `t`.
std::string constant_value(const resolve::Constant& c, const types::Type* t) {
  using CK = resolve::Constant::Kind;
  auto items = [&](const std::vector<resolve::Constant>& values, auto type_of) {
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i)
      out += (i ? ", " : "") + constant_value(values[i], type_of(i));
    return out;
  };
  switch (c.kind) {
    case CK::None:
      return "std::nullopt";
    case CK::Bool:
      return c.boolean ? "true" : "false";
    case CK::Int:
      if (t && t->kind == Kind::Float) return cpp_double(static_cast<double>(c.integer));
      return c.integer == INT64_MIN ? "INT64_MIN" : "int64_t{" + std::to_string(c.integer) + "}";
    case CK::Float:
      return cpp_double(c.floating);
    case CK::Str:
    case CK::Bytes:
      return cpp_string(c.text);
    case CK::List:
    case CK::Set:
      return concrete_type(t) + "{" + items(c.items, [&](std::size_t) { return t->args[0]; }) + "}";
    case CK::Tuple:
      return concrete_type(t) + "{" +
             items(c.items, [&](std::size_t i) { return t->kind == Kind::Tuple ? t->args[i] : t->args[0]; }) +
             "}";
    case CK::Dict: {
      std::string out = concrete_type(t) + "{";
      for (std::size_t i = 0; i < c.entries.size(); ++i) {
        out += std::string(i ? ", " : "") + "{" + constant_value(c.entries[i].first, t->args[0]) + ", " +
               constant_value(c.entries[i].second, t->args[1]) + "}";
      }
      return out + "}";
    }
  }
  return "/* unsupported constant */";
}

// A method "Class.method" is the C++ function Class__method; a helper's version "f$1" is f__v1.
std::string cpp_name(std::string name) {
  if (const std::size_t dot = name.find('.'); dot != std::string::npos) name.replace(dot, 1, "__");
  if (const std::size_t dollar = name.find('$'); dollar != std::string::npos) name.replace(dollar, 1, "__v");
  return name;
}

std::string default_name(const ir::Function& f, std::size_t i) {
  return "default_" + cpp_name(f.name) + "_" + std::to_string(i) + "()";
}

class FunctionEmitter {
 public:
  FunctionEmitter(const ir::Function& f, const std::string& source,
                  std::map<std::string, std::string>& globals)
      : f_(f), source_(source), globals_(globals), borrowed_(find_borrowed_strings(f, kSplitList)) {}

  static std::string return_type(const ir::Function& f) {
    if (f.is_generator) return "kiln::rt::Generator<" + cpp_type(f.signature.returns->args[0]) + ">";
    return cpp_type(f.signature.returns);
  }

  static std::string declaration(const ir::Function& f) {
    std::string out = return_type(f) + " " + cpp_name(f.name) + "(";
    for (std::size_t i = 0; i < f.signature.params.size(); ++i) {
      const resolve::Parameter& p = f.signature.params[i];  // a closure's capture is the caller's variable
      out += (i ? ", " : "") + cpp_type(p.type) + (p.captured ? "& " : " ") + var_name(f, f.params[i]);
    }
    return out + ")";
  }

  std::string emit() {
    // `line` follows execution; an exception passing through notes it (try costs nothing until a throw).
    out_ = "#line " + std::to_string(f_.line) + " \"" + source_ + "\"\n" + declaration(f_) +
           " {\n  int line = " + std::to_string(f_.line) + ";\n  try {\n";
    for (std::size_t id = 0; id < f_.vars.size(); ++id) {
      if (types::canonical(f_, id) != static_cast<ir::VarId>(id) || f_.vars[id].is_param || !f_.vars[id].type)
        continue;
      const std::string type = borrowed_.vars.contains(id) ? "std::string_view" : cpp_type(f_.vars[id].type);
      out_ += "    " + type + " " + var_name(f_, id) + "{};\n";
    }
    block(f_.body, 2);
    if (f_.is_generator) {
      out_ += "    co_return;\n";
    } else if (f_.signature.returns->kind != Kind::None) {  // falling off the end returns None in Python
      const types::Type* r = f_.signature.returns;
      if (r->kind == Kind::Union && r->args.size() == 2 && r->args[1]->kind == Kind::None) {
        out_ += "    return std::nullopt;\n";
      } else {
        out_ += "    throw kiln::rt::TypeError(\"" + f_.name +
                "() ended without a return, so it returned None, not " +
                types::to_string(f_.signature.returns) + "\");\n";
      }
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
  void put(int depth, const std::string& text) {
    indent(depth);
    out_ += text + "\n";
  }
  std::string fresh(const char* stem) { return std::string(stem) + "_" + std::to_string(temp_count_++); }

  void block(const std::vector<ir::Stmt*>& body, int depth) {
    for (const ir::Stmt* s : body) statement(*s, depth);
  }

  void statement(const ir::Stmt& s, int depth) {
    line(s, depth);
    switch (s.kind) {
      case ir::StmtKind::Assign:
        return assign(s, depth);
      case ir::StmtKind::Return:
        return return_statement(s, depth);
      case ir::StmtKind::If:
        return if_statement(s, depth);
      case ir::StmtKind::While: {
        const std::string broke = loop_start(s, depth);
        put(depth, "while (" + truth(*s.value) + ") {");
        block(s.body, depth + 1);
        put(depth, "}");
        return loop_end(s, broke, depth);
      }
      case ir::StmtKind::ForRange:
        return for_range(s, depth);
      case ir::StmtKind::For:
        return for_loop(s, depth);
      case ir::StmtKind::Break:
        if (!loop_flags_.empty() && !loop_flags_.back().empty()) put(depth, loop_flags_.back() + " = true;");
        return jump(Jump::Break, depth);
      case ir::StmtKind::Continue:
        return jump(Jump::Continue, depth);
      case ir::StmtKind::Eval:
        if (const std::string combined = combined_item(*s.value); !combined.empty())
          return put(depth, combined);
        return put(depth, "(void)(" + expr(*s.value) + ");");
      case ir::StmtKind::Pass:
        return put(depth, ";");
      case ir::StmtKind::Raise:
        if (s.name.empty()) return put(depth, "throw;");
        return put(depth, "throw kiln::rt::" + s.name + "(" + (s.value ? expr(*s.value) : "") + ");");
      case ir::StmtKind::Try:
        return try_statement(s, depth);
      case ir::StmtKind::Yield: {
        const types::Type* item = f_.signature.returns->args[0];
        if (s.name != "from") return put(depth, "co_yield " + convert(*s.value, item) + ";");
        const std::string each = fresh("item"), source = fresh("source");
        return put(depth, "{ auto&& " + source + " = " + expr(*s.value) + "; for (auto&& " + each +
                              " : kiln::rt::iterate(" + source + ")) co_yield " +
                              (item->kind == Kind::Float ? "static_cast<double>(" + each + ")" : each) +
                              "; }");
      }
      case ir::StmtKind::Assert:
        return put(depth, "if (!" + truth(*s.value) + ") throw kiln::rt::AssertionError(" +
                              (s.message ? expr(*s.message) : "") + ");");
    }
  }

  void assign(const ir::Stmt& s, int depth) {
    if (!s.target.is_unpack()) {
      if (is_append(s)) {  // s = s + t appends in place, as CPython does, instead of copying s
        return put(depth, var_name(f_, s.target.var) + " += " + expr(*s.value->args[1]) + ";");
      }
      return put(depth,
                 var_name(f_, s.target.var) + " = " + convert(*s.value, f_.vars[s.target.var].type) + ";");
    }
    const std::string value = fresh("value");
    put(depth, "{");
    put(depth + 1, "auto " + value + " = " + expr(*s.value) + ";");
    unpack(s.target, value, s.value->type, depth + 1);
    put(depth, "}");
  }

  // Binds a target from `value` (a C++ expression of type `t`), unpacking tuples and lists.
  void unpack(const ir::Target& target, const std::string& value, const types::Type* t, int depth) {
    if (!target.is_unpack()) return put(depth, var_name(f_, target.var) + " = " + value + ";");
    const std::size_t n = target.elements.size();
    if (t->kind != Kind::Tuple)
      put(depth, "kiln::rt::check_unpack(" + value + ".len(), " + std::to_string(n) + ");");
    for (std::size_t i = 0; i < n; ++i) {
      const bool tuple = t->kind == Kind::Tuple;
      const std::string item = tuple ? "std::get<" + std::to_string(i) + ">(" + value + ")"
                                     : value + ".getitem(" + std::to_string(i) + ")";
      unpack(target.elements[i], item, tuple ? t->args[i] : t->args[0], depth);
    }
  }

  // A try with `finally` routes the return/break/continue inside it through its finally block: the
  // jump is recorded, control goes to the block (a goto out of the C++ try), and the jump is taken
  // after it (through the next enclosing finally, if any).
  enum class Jump { Return = 1, Break = 2, Continue = 3 };
  struct Finally {
    std::string label, jump, value;  // the label before the finally block; the jump and return value
    std::size_t loops;               // loop nesting where the try is: break/continue of outer loops pass
  };

  // Whether the innermost finally block intercepts this jump.
  bool intercepted(Jump kind) const {
    return !finally_.empty() && (kind == Jump::Return || finally_.back().loops == loop_flags_.size());
  }

  void jump(Jump kind, int depth) {
    if (intercepted(kind)) {
      return put(depth, finally_.back().jump + " = " + std::to_string(static_cast<int>(kind)) + "; goto " +
                            finally_.back().label + ";");
    }
    put(depth, kind == Jump::Break ? "break;" : "continue;");
  }

  // `return` with the value already in finally_.back().value (or none), after the finally block ran.
  void return_recorded(const std::string& value, int depth) {
    if (intercepted(Jump::Return)) {
      if (!value.empty()) put(depth, finally_.back().value + " = std::move(" + value + ");");
      return jump(Jump::Return, depth);
    }
    if (f_.is_generator) return put(depth, "co_return;");
    if (f_.signature.returns->kind == Kind::None) return put(depth, "return;");
    put(depth, "return *" + value + ";");
  }

  bool returns_value() const { return !f_.is_generator && f_.signature.returns->kind != Kind::None; }

  void return_statement(const ir::Stmt& s, int depth) {
    if (!finally_.empty()) {
      if (s.value && returns_value()) {
        put(depth, finally_.back().value + " = " + convert(*s.value, f_.signature.returns) + ";");
      } else if (s.value) {
        put(depth, "(void)(" + expr(*s.value) + ");");
      } else if (returns_value()) {
        put(depth, finally_.back().value + " = std::nullopt;");  // a bare return in a `T | None` function
      }
      return jump(Jump::Return, depth);
    }
    if (f_.is_generator) return put(depth, "co_return;");
    if (!s.value || f_.signature.returns->kind == Kind::None) {
      if (s.value) put(depth, "(void)(" + expr(*s.value) + ");");
      return put(depth, f_.signature.returns->kind == Kind::None ? "return;" : "return std::nullopt;");
    }
    put(depth, "return " + convert(*s.value, f_.signature.returns) + ";");
  }

  void if_statement(const ir::Stmt& s, int depth) {
    put(depth, "if (" + truth(*s.value) + ") {");
    narrowing(s, s.narrow_then, depth + 1);
    block(s.body, depth + 1);
    if (!s.orelse.empty() || s.narrow_else >= 0) {
      put(depth, "} else {");
      narrowing(s, s.narrow_else, depth + 1);
      block(s.orelse, depth + 1);
    }
    put(depth, "}");
  }

  // A narrowed variable takes the value out of the optional or union it was narrowed from.
  void narrowing(const ir::Stmt& s, ir::VarId narrowed, int depth) {
    if (narrowed < 0) return;
    const types::Type* from = f_.vars[types::canonical(f_, s.narrow_from)].type;
    const bool optional = from->args.size() == 2 && from->args[1]->kind == Kind::None;
    const std::string source = var_name(f_, s.narrow_from);
    put(depth,
        var_name(f_, narrowed) + " = " +
            (optional ? "*" + source : "std::get<" + cpp_type(f_.vars[narrowed].type) + ">(" + source + ")") +
            ";");
  }

  bool is_append(const ir::Stmt& s) const {
    const ir::Expr& v = *s.value;
    return v.kind == ir::ExprKind::Op && v.cpp.starts_with("kiln::rt::concat(") &&
           v.args[0]->kind == ir::ExprKind::Load &&
           types::canonical(f_, v.args[0]->var) == types::canonical(f_, s.target.var);
  }

  // `d[k] = d[k] op y` (as `d[k] op= y` lowers) and `d[k] = d.get(k, x) op y` look the key up once
  // (Dict::combine_item), or "" if `e` is not one. The key and the other operands must be names or
  // constants, so that nothing runs between the read and the store that could change the dict.
  std::string combined_item(const ir::Expr& e) {
    if (e.kind != ir::ExprKind::Op || e.cpp != "({0}).setitem({1}, {2})" || e.args.size() != 3) return "";
    const ir::Expr &dict = *e.args[0], &key = *e.args[1], &value = *e.args[2];
    if (dict.kind != ir::ExprKind::Load || !dict.type || dict.type->kind != Kind::Dict || !plain(key) ||
        value.kind != ir::ExprKind::Op)
      return "";
    const ir::Expr* read = nullptr;
    for (const ir::Expr* a : value.args) {
      if (!read && reads_item(*a, dict, key)) {
        read = a;
      } else if (!plain(*a)) {
        return "";
      }
    }
    if (!read) return "";
    bound_[read] = "value";
    const std::string combine = "[&](auto value) { return " + convert(value, operand_type(e, 2)) + "; }";
    bound_.erase(read);
    const std::string fallback =
        read->args.size() == 3 ? convert(*read->args[2], operand_type(*read, 2)) + ", " : "";
    // A borrowed key is looked up by view (a str-keyed dict's combine_item takes one).
    const bool by_view = is_borrowed(key) && operand_type(e, 1) && operand_type(e, 1)->kind == Kind::Str;
    const std::string key_operand = by_view ? var_name(f_, key.var) : convert(key, operand_type(e, 1));
    return "(" + expr(dict) + ").combine_item(" + key_operand + ", " + fallback + combine + ");";
  }
  static bool plain(const ir::Expr& e) {
    return e.kind == ir::ExprKind::Constant || e.kind == ir::ExprKind::Load;
  }
  // The same variable, or the same constant.
  bool same_plain(const ir::Expr& a, const ir::Expr& b) {
    if (a.kind == ir::ExprKind::Load || b.kind == ir::ExprKind::Load)
      return a.kind == b.kind && types::canonical(f_, a.var) == types::canonical(f_, b.var);
    return plain(a) && plain(b) && expr(a) == expr(b);
  }
  // Is `e` dict[key] or dict.get(key, fallback), with a plain fallback?
  bool reads_item(const ir::Expr& e, const ir::Expr& dict, const ir::Expr& key) {
    if (e.kind != ir::ExprKind::Op || e.args.size() < 2 || e.args[0]->kind != ir::ExprKind::Load ||
        types::canonical(f_, e.args[0]->var) != types::canonical(f_, dict.var) ||
        !same_plain(*e.args[1], key))
      return false;
    return (e.args.size() == 2 && e.cpp == "({0}).getitem({1})") ||
           (e.args.size() == 3 && e.cpp == "({0}).get({1}, {2})" && plain(*e.args[2]));
  }
  // The type an Op's argument `i` is converted to (nullptr when no parameter takes it).
  static const types::Type* operand_type(const ir::Expr& e, std::size_t i) {
    const auto param = std::find(e.sources.begin(), e.sources.end(), static_cast<int>(i));
    return param == e.sources.end() ? nullptr : e.operand_types[param - e.sources.begin()];
  }

  // A loop with an `else` runs it unless a `break` left the loop: a flag tells.
  std::string loop_start(const ir::Stmt& s, int depth) {
    std::string flag = s.orelse.empty() ? "" : fresh("broke");
    if (!flag.empty()) put(depth, "bool " + flag + " = false;");
    loop_flags_.push_back(flag);
    return flag;
  }
  void loop_end(const ir::Stmt& s, const std::string& flag, int depth) {
    loop_flags_.pop_back();
    if (flag.empty()) return;
    put(depth, "if (!" + flag + ") {");
    block(s.orelse, depth + 1);
    put(depth, "}");
  }

  // range(start, stop, step) is evaluated once; the loop variable takes each value in turn.
  void for_range(const ir::Stmt& s, int depth) {
    const std::string n = std::to_string(temp_count_++);
    const std::string broke = loop_start(s, depth);
    put(depth, "{");
    put(depth + 1, "const int64_t start_" + n + " = " + convert(*s.range[0], nullptr) + ", stop_" + n +
                       " = " + convert(*s.range[1], nullptr) + ", step_" + n + " = " +
                       convert(*s.range[2], nullptr) + ";");
    put(depth + 1,
        "if (step_" + n + " == 0) throw kiln::rt::ValueError(\"range() arg 3 must not be zero\");");
    put(depth + 1, "for (int64_t i_" + n + " = start_" + n + "; step_" + n + " > 0 ? i_" + n + " < stop_" +
                       n + " : i_" + n + " > stop_" + n + "; i_" + n + " = kiln::rt::range_next(i_" + n +
                       ", step_" + n + ", stop_" + n + ")) {");
    put(depth + 2, var_name(f_, s.target.var) + " = i_" + n + ";");
    block(s.body, depth + 2);
    put(depth + 1, "}");
    put(depth, "}");
    loop_end(s, broke, depth);
  }

  // The iterable is evaluated once and kept alive for the loop; each item binds the target.
  void for_loop(const ir::Stmt& s, int depth) {
    const std::string iterable = fresh("iterable"), item = fresh("item");
    const std::string broke = loop_start(s, depth);
    const bool counted = is_enumerate(s);
    put(depth, "{");
    if (counted) {  // `for i, x in enumerate(xs, start)`: a counter beside the loop, no stream of pairs
      const ir::Expr& e = *s.value;
      const std::string index = fresh("index");
      put(depth + 1, "auto&& " + iterable + " = " + expr(*e.args[e.sources[0]]) + ";");
      put(depth + 1, "int64_t " + index + " = " +
                         (e.sources[1] < 0 ? e.defaults[1] : expr(*e.args[e.sources[1]])) + ";");
      put(depth + 1, "for (auto&& " + item + " : kiln::rt::iterate(" + iterable + ")) {");
      unpack(s.target.elements[0], index + "++", nullptr, depth + 2);
      unpack(s.target.elements[1], item, s.value->type->args[0]->args[1], depth + 2);
    } else {
      const std::optional<std::string_view> lazy = lazy_form(*s.value);
      put(depth + 1, "auto&& " + iterable + " = " + (lazy ? op(*s.value, *lazy) : expr(*s.value)) + ";");
      if (!s.target.is_unpack() && borrowed_.vars.contains(types::canonical(f_, s.target.var))) {
        put(depth + 1, "for (std::string_view " + item + " : " + iterable + ".views()) {");  // parts in place
      } else {
        put(depth + 1, "for (auto&& " + item + " : kiln::rt::iterate(" + iterable + ")) {");
      }
      // An item made for the loop (not a reference into a container) is moved into the variable.
      const std::string value =
          s.target.is_unpack() ? item : "std::forward<decltype(" + item + ")>(" + item + ")";
      unpack(s.target, value, types::element_type_of(s.value->type), depth + 2);
    }
    block(s.body, depth + 2);
    put(depth + 1, "}");
    put(depth, "}");
    loop_end(s, broke, depth);
  }

  // A list-making op that a `for` loop can walk as the items are made (same items, same exceptions,
  // no list): the runtime's form of it.
  static std::optional<std::string_view> lazy_form(const ir::Expr& e) {
    static const std::map<std::string_view, std::string_view> kForms = {
        {kSplitList, "kiln::rt::str::SplitParts({0}, {1}, {2})"},
    };
    if (e.kind != ir::ExprKind::Op) return std::nullopt;
    const auto form = kForms.find(e.cpp);
    return form == kForms.end() ? std::nullopt : std::optional(form->second);
  }

  static bool is_enumerate(const ir::Stmt& s) {
    const ir::Expr& e = *s.value;
    return e.kind == ir::ExprKind::Op && e.cpp.starts_with("kiln::rt::enumerate(") &&
           s.target.elements.size() == 2 && e.sources.size() == 2 && e.sources[0] >= 0;
  }

  // except clauses test the caught exception's class in order; none matching re-raises it.
  void try_statement(const ir::Stmt& s, int depth) {
    const bool has_finally = !s.finally.empty();
    if (has_finally) {
      const std::string n = std::to_string(temp_count_++);
      finally_.push_back({"finally_" + n, "jump_" + n, "returned_" + n, loop_flags_.size()});
      put(depth, "int " + finally_.back().jump + " = 0;");
      if (returns_value())
        put(depth, "std::optional<" + cpp_type(f_.signature.returns) + "> " + finally_.back().value + ";");
      put(depth++, "try {");
    }
    const std::string ok = fresh("completed");
    if (!s.orelse.empty()) put(depth, "bool " + ok + " = true;");
    put(depth, s.handlers.empty() && s.orelse.empty() ? "{" : "try {");  // try/finally alone: a block
    block(s.body, depth + 1);
    if (!s.handlers.empty()) {
      const std::string caught = fresh("caught");
      put(depth, "} catch (kiln::rt::BaseException& " + caught + ") {");
      if (!s.orelse.empty()) put(depth + 1, ok + " = false;");
      std::string keyword = "if";
      for (const ir::Handler& h : s.handlers) {
        std::string test;
        for (const std::string& type : h.types) {
          test += (test.empty() ? "" : " || ") + std::string("dynamic_cast<kiln::rt::") + type + "*>(&" +
                  caught + ")";
        }
        put(depth + 1, test.empty() ? (keyword == "if" ? "{" : "} else {") : keyword + " (" + test + ") {");
        if (h.name.var >= 0)
          put(depth + 2, var_name(f_, h.name.var) + " = kiln::rt::capture(" + caught + ");");
        block(h.body, depth + 2);
        keyword = "} else if";
        if (test.empty()) break;
      }
      const bool catch_all = std::any_of(s.handlers.begin(), s.handlers.end(),
                                         [](const ir::Handler& h) { return h.types.empty(); });
      put(depth + 1, catch_all ? "}"
                               : "} else {\n" + std::string(2 * (depth + 2), ' ') + "throw;\n" +
                                     std::string(2 * (depth + 1), ' ') + "}");
    } else if (!s.orelse.empty()) {
      put(depth, "} catch (...) {");
      put(depth + 1, ok + " = false;");
      put(depth + 1, "throw;");
    }
    put(depth, "}");
    if (!s.orelse.empty()) {
      put(depth, "if (" + ok + ") {");
      block(s.orelse, depth + 1);
      put(depth, "}");
    }
    if (!has_finally) return;
    const Finally frame = finally_.back();
    finally_.pop_back();
    put(depth - 1, "} catch (...) {");
    block(s.finally, depth);
    put(depth, "throw;");
    put(depth - 1, "}");
    put(depth - 1, frame.label + ":;");
    block(s.finally, depth - 1);
    put(depth - 1, "if (" + frame.jump + " == 1) {");
    return_recorded(returns_value() ? frame.value : "", depth);
    if (frame.loops > 0) {  // break/continue inside the try can only target a loop around it
      put(depth - 1, "} else if (" + frame.jump + " == 2) {");
      jump(Jump::Break, depth);
      put(depth - 1, "} else if (" + frame.jump + " == 3) {");
      jump(Jump::Continue, depth);
    }
    put(depth - 1, "}");
  }

  // `e` as a value of type `to` (int and bool widen as Python's numeric tower does).
  std::string convert(const ir::Expr& e, const types::Type* to) {
    std::string value = expr(e, to);
    if (!to || to == e.type || !e.type) return value;
    if (to->kind == Kind::Float && e.type->kind != Kind::Float) return "static_cast<double>(" + value + ")";
    if (to->kind == Kind::Int && e.type->kind == Kind::Bool) return "static_cast<int64_t>(" + value + ")";
    const bool optional = to->kind == Kind::Union && to->args.size() == 2 && to->args[1]->kind == Kind::None;
    if (optional && e.kind == ir::ExprKind::Constant && e.constant.kind == resolve::Constant::Kind::Str) {
      return cpp_type(to) + "(std::in_place, " + string_args(e.constant.text) + ")";  // no string to copy
    }
    if (to->kind == Kind::Union || to->kind == Kind::Tuple) return cpp_type(to) + "(" + value + ")";
    return value;
  }

  // A borrowed str is a view: a consumer that does not take one gets a std::string of it.
  std::string load(const ir::Expr& e) {
    const std::string name = var_name(f_, e.var);
    return is_borrowed(e) && !borrowed_.view_operands.contains(&e) ? "std::string(" + name + ")" : name;
  }
  bool is_borrowed(const ir::Expr& e) const {
    return e.kind == ir::ExprKind::Load && borrowed_.vars.contains(types::canonical(f_, e.var));
  }

  std::string truth(const ir::Expr& e) {
    return e.type->kind == Kind::Bool ? expr(e) : "kiln::rt::truth(" + expr(e) + ")";
  }

  // `expected`: the type the context wants, for a constant None or an empty container.
  std::string expr(const ir::Expr& e, const types::Type* expected = nullptr) {
    if (const auto bound = bound_.find(&e); bound != bound_.end()) return bound->second;
    switch (e.kind) {
      case ir::ExprKind::Constant:
        return constant(e, expected);
      case ir::ExprKind::Load:
        return load(e);
      case ir::ExprKind::Op:
        if (std::optional<std::string> fused = fused_elementwise(e)) return *fused;
        return borrowed_.view_results.contains(&e) ? op(e, view_pattern(e.cpp)) : op(e);
      case ir::ExprKind::Not:
        return "(!" + truth(*e.args[0]) + ")";
      case ir::ExprKind::And:
      case ir::ExprKind::Or:
        return short_circuit(e);
      case ir::ExprKind::IfExp:
        return "(" + truth(*e.args[0]) + " ? " + expr(*e.args[1]) + " : " + expr(*e.args[2]) + ")";
      case ir::ExprKind::Call:
        return call(e);
      case ir::ExprKind::Display:
        return display(e);
      case ir::ExprKind::Comprehension:
        return comprehension(e);
      case ir::ExprKind::Lambda:
        return lambda(e);
      case ir::ExprKind::New:
        return new_instance(e);
      case ir::ExprKind::GetAttr:
        return "(" + expr(*e.args[0]) + ")->" + e.name;
      case ir::ExprKind::SetAttr:
        return "(" + expr(*e.args[0]) + ")->" + e.name + " = " + convert(*e.args[1], e.operand_types[0]);
    }
    return "";
  }

  // A new instance: a dataclass's fields are set in order (missing ones from their defaults); a
  // plain class's __init__ runs on it.
  std::string new_instance(const ir::Expr& e) {
    const resolve::ClassInfo* cls = nullptr;
    for (const resolve::ClassInfo* c : *classes_) cls = c->name == e.name ? c : cls;
    const std::string type = "kiln::rt::Ref<kiln_module::" + e.name + ">";
    std::string out = "([&]() { auto object = " + type + "::make(); ";
    std::vector<std::string> args;
    for (std::size_t p = 0; p < e.sources.size(); ++p) {
      if (e.sources[p] >= 0) {
        args.push_back(convert(*e.args[e.sources[p]], e.operand_types[p]));
      } else if (cls->dataclass) {
        args.push_back(constant_value(*cls->fields[p].default_value, cls->fields[p].type));
      } else {
        args.push_back("kiln_module::default_" + e.name + "____init___" + std::to_string(p + 1) + "()");
      }
    }
    if (cls->dataclass) {
      for (std::size_t p = 0; p < args.size(); ++p)
        out += "object->" + cls->fields[p].name + " = " + args[p] + "; ";
    } else if (cls->method("__init__")) {
      out += "kiln_module::" + e.name + "____init__(object";
      for (const std::string& a : args) out += ", " + a;
      out += "); ";
    }
    return out + "return object; }())";
  }

  std::string constant(const ir::Expr& e, const types::Type* expected) {
    const types::Type* t = e.type;
    if (expected && types::has_unknown(t)) t = expected;
    const bool container = e.constant.kind >= resolve::Constant::Kind::List;
    if (!container || e.name.empty()) return constant_value(e.constant, t);
    // A module constant that is a container: one object, built once, as Python's module global is.
    const std::string global = "const_" + e.name;
    globals_.emplace(
        global, "inline " + concrete_type(t) + " " + global + " = " + constant_value(e.constant, t) + ";\n");
    return global;
  }

  // An elementwise chain of array operations as one loop (codegen/fused.h); the chain as written,
  // operation by operation, is its fallback.
  std::optional<std::string> fused_elementwise(const ir::Expr& e) {
    if (unfused_.contains(&e)) return std::nullopt;
    const std::optional<FusedExpression> fused = fuse_elementwise(
        e, [&](const ir::Expr& scalar) { return "static_cast<double>(" + expr(scalar) + ")"; });
    if (!fused) return std::nullopt;
    // Operand k, evaluated: `if (k == 0) return ...; ... return <the last>;`.
    std::string operands;
    for (std::size_t k = 0; k < fused->arrays.size(); ++k) {
      const bool last = k + 1 == fused->arrays.size();
      operands += (last ? "return " : "if (k == " + std::to_string(k) + ") return ") +
                  "kiln::rt::np::FusedInput(kiln::rt::np::FusedKind::" +
                  (fused->read_as_bool[k] ? "Bool" : "Numeric") + ", " + expr(*fused->arrays[k]) + "); ";
    }
    unfused_.insert(fused->ops.begin(), fused->ops.end());
    // The chain as written, reading operand k where it evaluates it (numpy_fused.h: already
    // evaluated, or evaluated there afresh).
    for (std::size_t k = 0; k < fused->arrays.size(); ++k)
      bound_[fused->arrays[k]] = "operand(" + std::to_string(k) + ")";
    const std::string unfused = op(e);
    for (const ir::Expr* array : fused->arrays) bound_.erase(array);
    return "kiln::rt::np::fused<" + std::to_string(fused->arrays.size()) +
           ">([&](std::size_t k) -> kiln::rt::np::FusedInput { " + operands +
           "}, [&](auto t, const auto& in, int64_t j) { using T = decltype(t); return " + fused->kernel +
           "; }, [&](const auto& operand) -> kiln::rt::NdArray { return " + unfused + "; })";
  }

  std::string op(const ir::Expr& e) { return op(e, e.cpp); }
  // `e` with its operands put into `pattern` (e.cpp, or a form of it that does the same).
  std::string op(const ir::Expr& e, std::string_view pattern) {
    std::vector<std::string> operands;
    for (std::size_t i = 0; i < e.args.size(); ++i)
      operands.push_back(convert(*e.args[i], operand_type(e, i)));
    // A method that changes its receiver needs a handle it can change: a list, dict or set read out
    // of another container is one more handle to the same object.
    if (!e.args.empty() && e.args[0]->kind != ir::ExprKind::Load && e.args[0]->type &&
        (e.args[0]->type->kind == Kind::List || e.args[0]->type->kind == Kind::Dict ||
         e.args[0]->type->kind == Kind::Set)) {
      operands[0] = "kiln::rt::handle(" + operands[0] + ")";
    }
    return in_order(e.args, operands, [&](const std::vector<std::string>& ops) {
      std::vector<std::string> params;
      for (std::size_t p = 0; p < e.sources.size(); ++p) {
        params.push_back(e.sources[p] < 0 ? e.defaults[p] : ops[e.sources[p]]);
        // A literal set of characters is a view of the literal: no string made per call.
        if (const ir::Expr* chars = literal_chars(e, pattern, p))
          params.back() = "std::string_view(" + string_args(chars->constant.text) + ")";
      }
      // {R}: the result's C++ type, for ops whose result the context decides (a.tolist()).
      std::string filled(pattern);
      if (const auto at = filled.find("{R}"); at != std::string::npos)
        filled.replace(at, 3, cpp_type(e.type));
      return fill_holes(filled, params, Holes::Parenthesised);
    });
  }

  // The str literal that `pattern` passes to kiln::rt::chars as its parameter `p`, if it is one.
  static const ir::Expr* literal_chars(const ir::Expr& e, std::string_view pattern, std::size_t p) {
    if (e.sources[p] < 0) return nullptr;
    const ir::Expr* arg = e.args[e.sources[p]];
    const bool literal =
        arg->kind == ir::ExprKind::Constant && arg->constant.kind == resolve::Constant::Kind::Str;
    return literal && pattern.find("kiln::rt::chars({" + std::to_string(p) + "})") != std::string_view::npos
               ? arg
               : nullptr;
  }

  std::string call(const ir::Expr& e) {
    std::vector<std::string> operands;
    for (std::size_t i = 0; i < e.args.size(); ++i) {
      const auto param =
          std::find(e.sources.begin(), e.sources.end(), static_cast<int>(i)) - e.sources.begin();
      operands.push_back(convert(*e.args[i], e.operand_types[param]));
    }
    return in_order(e.args, operands, [&](const std::vector<std::string>& ops) {
      std::string out = "kiln_module::" + cpp_name(e.name) + "(";
      for (std::size_t p = 0; p < e.sources.size(); ++p) {
        out += (p ? ", " : "") +
               (e.sources[p] < 0 ? "kiln_module::" + default_name(*callee_of(e), p) : ops[e.sources[p]]);
      }
      return out + ")";
    });
  }

  const ir::Function* callee_of(const ir::Expr& e) const {
    for (const ir::Function* f : *functions_) {
      if (f->name == e.name) return f;
    }
    return &f_;
  }

 public:
  void set_functions(const std::vector<const ir::Function*>* functions) { functions_ = functions; }
  void set_classes(const std::vector<const resolve::ClassInfo*>* classes) { classes_ = classes; }

 private:
  // Python evaluates operands left to right; C++ leaves the order of function arguments open. When
  // more than one operand can have an effect (raise, call), the earlier ones are bound first.
  template <class Build>
  std::string in_order(const std::vector<ir::Expr*>& args, const std::vector<std::string>& operands,
                       Build build) {
    auto trivial = [](const ir::Expr* a) {
      return a->kind == ir::ExprKind::Constant || a->kind == ir::ExprKind::Load ||
             a->kind == ir::ExprKind::Lambda || is_field_read(*a);
    };
    const auto effects =
        std::count_if(args.begin(), args.end(), [&](const ir::Expr* a) { return !trivial(a); });
    if (effects < 2) return build(operands);
    std::string out = "([&]() { ";
    std::vector<std::string> names = operands;
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
      if (trivial(args[i])) continue;
      names[i] = fresh("arg");
      out += "auto " + names[i] + " = " + operands[i] + "; ";
    }
    return out + "return " + build(names) + "; }())";
  }

  // t[i] on a fixed tuple held in a variable: it neither raises nor changes anything.
  static bool is_field_read(const ir::Expr& e) {
    return e.kind == ir::ExprKind::Op && e.cpp.starts_with("std::get<") &&
           e.args[0]->kind == ir::ExprKind::Load;
  }

  // Braced initialisation evaluates the items left to right, as Python does.
  std::string display(const ir::Expr& e) {
    const types::Type* t = e.type;
    std::string out = concrete_type(t) + "{";
    for (std::size_t i = 0; i < e.args.size(); ++i) {
      const types::Type* item = t->kind == Kind::Tuple  ? t->args[i]
                                : t->kind == Kind::Dict ? t->args[i % 2]
                                                        : t->args[0];
      const bool pair_start = t->kind == Kind::Dict && i % 2 == 0;
      out += std::string(i ? ", " : "") + (pair_start ? "{" : "") + convert(*e.args[i], item) +
             (t->kind == Kind::Dict && i % 2 == 1 ? "}" : "");
    }
    return out + "}";
  }

  // A lambda that fills a new container: the clauses nest as loops, the conditions as ifs.
  std::string comprehension(const ir::Expr& e) {
    const std::string result = fresh("result");
    const types::Type* t = e.type->kind == Kind::Iterator ? nullptr : e.type;
    const std::string type = t ? concrete_type(t) : "kiln::rt::List<" + concrete_type(e.type->args[0]) + ">";
    std::string out = "([&]() {\n";
    int depth = 1;
    auto line = [&](const std::string& text) { out += std::string(2 * depth, ' ') + text + "\n"; };
    line(type + " " + result + ";");
    for (const ir::Generator* g : e.generators) {
      const std::string iterable = fresh("iterable"), item = fresh("item");
      line("auto&& " + iterable + " = " + expr(*g->iter) + ";");
      line("for (auto&& " + item + " : kiln::rt::iterate(" + iterable + ")) {");
      ++depth;
      std::swap(out, out_);
      unpack(g->target, item, types::element_type_of(g->iter->type), depth);
      std::swap(out, out_);
      for (const ir::Expr* c : g->conditions) line("if (!" + truth(*c) + ") continue;");
    }
    const types::Type* item_type = e.type->args[0];
    if (e.display == ir::DisplayKind::Dict) {
      line(result + ".setitem(" + convert(*e.args[0], e.type->args[0]) + ", " +
           convert(*e.args[1], e.type->args[1]) + ");");
    } else {
      line(result + (e.display == ir::DisplayKind::Set ? ".add(" : ".append(") +
           convert(*e.args[0], item_type) + ");");
    }
    while (depth > 1) {
      --depth;
      line("}");
    }
    return out + "  return " + result + ";\n}())";
  }

  // Parameters bind the function's variables (the lambda captures by reference).
  std::string lambda(const ir::Expr& e) {
    std::string params, binds;
    for (std::size_t i = 0; i < e.params.size(); ++i) {
      const std::string arg = fresh("param");
      params += (i ? ", " : "") + std::string("const auto& ") + arg;
      std::swap(binds, out_);
      unpack(e.params[i], arg, nullptr, 0);
      std::swap(binds, out_);
    }
    std::string body = binds;
    std::replace(body.begin(), body.end(), '\n', ' ');
    return "[&](" + params + ") { " + body + "return " + expr(*e.args[0]) + "; }";
  }

  // Python's `a and b` / `a or b` yield an operand, not a bool; `a` is evaluated once.
  std::string short_circuit(const ir::Expr& e) {
    const bool is_and = e.kind == ir::ExprKind::And;
    if (e.type->kind == Kind::Bool)
      return "(" + expr(*e.args[0]) + (is_and ? " && " : " || ") + expr(*e.args[1]) + ")";
    const std::string a = convert(*e.args[0], e.type), b = convert(*e.args[1], e.type);
    return "([&]() { auto v = " + a + "; return kiln::rt::truth(v) ? " + (is_and ? b + " : v" : "v : " + b) +
           "; }())";
  }

  const ir::Function& f_;
  const std::string& source_;
  std::map<std::string, std::string>& globals_;
  const std::vector<const ir::Function*>* functions_ = nullptr;
  const std::vector<const resolve::ClassInfo*>* classes_ = nullptr;
  std::string out_;
  std::vector<std::string> loop_flags_;           // per enclosing loop: its `broke` flag, or "" without else
  std::vector<Finally> finally_;                  // the try statements with `finally` around this point
  std::map<const ir::Expr*, std::string> bound_;  // expressions already evaluated into a C++ name
  std::set<const ir::Expr*> unfused_;  // operations a fused chain holds: its fallback emits them one by one
  BorrowedStrings borrowed_;
  int temp_count_ = 0;
};

// The C ABI entry: named arguments in (as a dict value), the result out, exceptions as errors.
// How the entry converts a parameter when its C++ type alone does not say (Convert<As> in
// runtime/abi/convert.h): ", kiln::abi::Bytes" for bytes, the dtype of an NDArray[np.float32].
std::string abi_marker(const types::Type* t, const std::string& dtype) {
  static const std::map<std::string, std::string> kDTypes{{"float32", "Float32"}, {"float64", "Float64"},
                                                          {"int32", "Int32"},     {"int64", "Int64"},
                                                          {"uint8", "UInt8"},     {"bool", "Bool"}};
  if (t->kind == Kind::Bytes) return ", kiln::abi::Bytes";
  if (t->kind == Kind::NdArray && kDTypes.count(dtype))
    return ", kiln::abi::ArrayOf<kiln::rt::DType::" + kDTypes.at(dtype) + ">";
  return "";
}

std::string emit_entry(const ir::Function& f, const std::string& source_path) {
  std::string out =
      "extern \"C\" KILN_API kiln_status kiln_generated_call(const kiln_value* inputs, kiln_value** output,\n"
      "                                                   kiln_error** error) {\n"
      "  return kiln::abi::call_entry(\"" +
      f.name + "\", " + c_literal(source_path) +
      ", inputs, output, error, [&](kiln::abi::Arguments& args) {\n";
  std::string call = "kiln_module::" + f.name + "(";
  for (std::size_t i = 0; i < f.signature.params.size(); ++i) {
    const resolve::Parameter& p = f.signature.params[i];
    const std::string type = cpp_type(p.type), name = FunctionEmitter::var_name(f, f.params[i]);
    out += "    " + type + " " + name + " = args.get<" + type + abi_marker(p.type, p.dtype) + ">(\"" +
           p.name + "\"";
    if (p.default_value) out += ", kiln_module::" + default_name(f, i);
    out += ");\n";
    call += (i ? ", " : "") + ("std::move(" + name + ")");  // a 1 MB str argument is not copied again
  }
  out += "    args.finish();\n";
  call += ")";
  if (f.signature.returns->kind == Kind::None) {
    out += "    " + call + ";\n    return kiln_value_null();\n";
  } else {
    const std::string marker = f.signature.returns->kind == Kind::Bytes ? "<kiln::abi::Bytes>" : "";
    out += "    return kiln::abi::to_value" + marker + "(" + call + ");\n";
  }
  out += "  });\n}\n";
  return out;
}

// Defaults are built on each call that needs them (a mutable default is not shared, unlike Python's).
std::string emit_defaults(const ir::Function& f) {
  std::string out;
  for (std::size_t i = 0; i < f.signature.params.size(); ++i) {
    const resolve::Parameter& p = f.signature.params[i];
    if (!p.default_value) continue;
    const std::string type = cpp_type(p.type);
    out += "inline " + type + " " + default_name(f, i) + " { return " + type + "(" +
           constant_value(*p.default_value, p.type) + "); }\n";
  }
  return out;
}

// A class of the module as a struct: its fields, what runtime/object.h asks of it, and (for a
// dataclass) field-by-field equality.
std::string emit_class(const resolve::ClassInfo& c) {
  std::string out = "struct " + c.name + " {\n  static constexpr const char* kName = " + c_literal(c.name) +
                    ";\n  static constexpr bool kValueEquality = " + (c.dataclass ? "true" : "false") + ";\n";
  std::string visits;
  for (const resolve::Field& f : c.fields) {
    out += "  " + cpp_type(f.type) + " " + f.name + "{};\n";
    visits += " visit(" + c_literal(f.name) + ", " + f.name + ");";
  }
  out += "  template <class Visit>\n  void fields(Visit&& visit) {" + visits + " }\n";
  out += "  template <class Visit>\n  void fields(Visit&& visit) const {" + visits + " }\n";
  if (c.dataclass)
    out += "  friend bool operator==(const " + c.name + "&, const " + c.name + "&) = default;\n";
  return out + "};\n";
}

}  // namespace

// A model constant's accessor: loaded on first use from the artifact's resources, then shared.
std::string emit_model(const UsedModel& m) {
  const auto b = [](bool v) { return std::string(v ? "true" : "false"); };
  std::string prompts;
  for (const auto& [name, text] : m.prompts)
    prompts += "{" + c_literal(name) + ", " + c_literal(text) + "}, ";
  return "inline kiln::rt::llama::ModelRef model_" + m.model->name +
         "() {\n  static const kiln::rt::llama::Options options{" + std::to_string(m.n_ctx) + ", " +
         std::to_string(m.pooling_type) + ", " + b(m.embedding) + ", " + std::to_string(m.max_seq_length) +
         ", " + b(m.normalize) + ", {" + prompts + "}, " + c_literal(m.default_prompt_name) +
         "};\n  return kiln::rt::llama::load(kiln::rt::resource_path(" + c_literal(m.resource) +
         "), options);\n}\n";
}

std::string emit_module(const std::vector<const ir::Function*>& functions,
                        const std::vector<const resolve::ClassInfo*>& classes,
                        const std::vector<UsedModel>& models, const std::string& source_path,
                        const std::string& signature_json) {
  std::map<std::string, std::string> globals;
  std::string bodies;
  for (const ir::Function* f : functions) {
    FunctionEmitter emitter(*f, source_path, globals);
    emitter.set_functions(&functions);
    emitter.set_classes(&classes);
    bodies += emitter.emit() + "\n";
  }
  std::string out = "// Generated by kiln from " + source_path +
                    ". Do not edit: rerun `kiln compile`.\n"
                    "#include \"runtime/generated.h\"\n\nnamespace kiln_module {\n\n";
  for (const resolve::ClassInfo* c : classes) out += "struct " + c->name + ";\n";
  for (const resolve::ClassInfo* c : classes) out += emit_class(*c);
  for (const UsedModel& m : models) out += emit_model(m);
  for (const ir::Function* f : functions) out += FunctionEmitter::declaration(*f) + ";\n";
  for (const ir::Function* f : functions) out += emit_defaults(*f);
  out += "\n";
  for (const auto& [name, definition] : globals) out += definition;
  out += "\n" + bodies;
  out += "}  // namespace kiln_module\n\n";
  out += "extern \"C\" KILN_API const char* kiln_generated_signature(void) {\n  return " +
         c_literal(signature_json) + ";\n}\n\n" + emit_entry(*functions[0], source_path);
  return out;
}

}  // namespace kiln::codegen
