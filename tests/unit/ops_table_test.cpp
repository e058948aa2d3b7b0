// The op library and the runtime cannot drift apart: every entry's C++, instantiated with operands
// of its declared types (type variables as concrete types, iterables as lists, lambdas as lambdas),
// must compile and have its declared result type — once with every operand given, once with the
// defaults the entry declares.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "compiler/ops/cpp_type.h"
#include "compiler/ops/library.h"

namespace {

using kiln::ops::Pattern;
using kiln::types::Kind;

class Instantiation {
 public:
  Instantiation() {
    bindings_ = {{'T', table_.integer()},
                 {'U', table_.str()},
                 {'K', table_.str()},
                 {'V', table_.floating()},
                 {'R', table_.integer()}};
  }

  // A C++ expression of the type the parameter takes.
  std::string operand(const kiln::ops::Param& p) {
    if (p.type.form == Pattern::Form::Function) {
      const std::string result =
          kiln::ops::cpp_type(kiln::ops::substitute(p.type.args.back(), bindings_, table_));
      return "[](const auto&) { return " + result + "{}; }";
    }
    const kiln::types::Type* t = kiln::ops::substitute(p.type, bindings_, table_);
    if (t->kind == Kind::Iterator) t = table_.list(t->args[0]);  // any iterable: a list will do
    std::string type = kiln::ops::cpp_type(t);
    for (std::size_t pos; (pos = type.find("auto")) != std::string::npos;)
      type.replace(pos, 4, "int64_t");  // `any`
    return "std::declval<" + type + ">()";
  }

  std::string expression(const kiln::ops::Entry& e, bool use_defaults) {
    const auto& params = kiln::ops::params_of(e);
    std::string out;
    for (std::size_t i = 0; i < e.cpp.size(); ++i) {
      if (e.cpp.substr(i).starts_with("{R}")) {  // the result's type, as codegen fills it in
        out +=
            kiln::ops::cpp_type(kiln::ops::substitute(kiln::ops::parse_pattern(e.result), bindings_, table_));
        i += 2;
      } else if (e.cpp[i] == '{' && i + 2 < e.cpp.size() && e.cpp[i + 2] == '}') {
        const auto& p = params[e.cpp[i + 1] - '0'];
        out += "(" + (use_defaults && p.default_cpp ? *p.default_cpp : operand(p)) + ")";
        i += 2;
      } else {
        out += e.cpp[i];
      }
    }
    return out;
  }

  // A static_assert that the expression has the entry's result type.
  std::string check(const kiln::ops::Entry& e, bool use_defaults, int n) {
    const kiln::types::Type* result =
        kiln::ops::substitute(kiln::ops::parse_pattern(e.result), bindings_, table_);
    const std::string value = expression(e, use_defaults);
    const std::string label = "\"" + std::string(e.name) + " #" + std::to_string(n) + "\"";
    if (result->kind == Kind::Iterator) {  // a stream: its items must have the element type
      return "static_assert(std::is_same_v<kiln::rt::ElementOf<decltype(" + value + ")>, " +
             kiln::ops::cpp_type(result->args[0]) + ">, " + label + ");\n";
    }
    return "static_assert(std::is_same_v<std::decay_t<decltype(" + value + ")>, " +
           kiln::ops::cpp_type(result) + ">, " + label + ");\n";
  }

 private:
  kiln::types::TypeTable table_;
  kiln::ops::Bindings bindings_;
};

std::string compile_errors(const std::string& source) {
  const std::string path = testing::TempDir() + "/ops_table_check.cpp";
  std::ofstream(path) << source;
  const std::string command =
      std::string(KILN_CXX) + " -std=c++20 -fsyntax-only -I" + KILN_SOURCE_DIR + " " + path + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return "popen failed";
  std::string output;
  char buffer[4096];
  while (std::size_t got = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, got);
  return pclose(pipe) == 0 ? "" : output.empty() ? "compiler failed" : output;
}

TEST(OpLibrary, EveryEntryCompilesWithItsDeclaredTypes) {
  std::string source = "#include <type_traits>\n#include <utility>\n#include \"runtime/generated.h\"\n";
  Instantiation inst;
  int n = 0;
  for (const kiln::ops::Entry& e : kiln::ops::entries()) {
    source += inst.check(e, false, n);
    source += inst.check(e, true, n++);
  }
  EXPECT_EQ(compile_errors(source), "");
  EXPECT_GT(n, 250);
}

TEST(OpLibrary, PatternsMatchAndBind) {
  kiln::types::TypeTable table;
  const auto none = [](std::size_t,
                       const std::vector<const kiln::types::Type*>&) -> const kiln::types::Type* {
    return nullptr;
  };
  auto m =
      kiln::ops::find(".append", {{table.list(table.floating()), ""}, {table.integer(), ""}}, table, none);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->param_types[1], table.floating());  // the int converts
  auto g = kiln::ops::find(".get", {{table.dict(table.str(), table.integer()), ""}, {table.str(), ""}}, table,
                           none);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->result, table.optional(table.integer()));
  auto s = kiln::ops::find(".split", {{table.str(), ""}, {table.integer(), "maxsplit"}}, table, none);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->sources[1], -1);  // sep takes its default
  EXPECT_FALSE(
      kiln::ops::find(".append", {{table.list(table.str()), ""}, {table.integer(), ""}}, table, none));
}

}  // namespace
