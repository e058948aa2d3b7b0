// The op library and the runtime cannot drift apart: every entry's C++, instantiated with operands
// of its declared types, must compile and have its declared result type.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "compiler/ops/library.h"

namespace {

std::string cpp_type(kiln::types::Kind k) {
  switch (k) {
    case kiln::types::Kind::Int: return "int64_t";
    case kiln::types::Kind::Float: return "double";
    case kiln::types::Kind::Bool: return "bool";
    case kiln::types::Kind::Str: return "std::string";
    default: return "void";
  }
}

// The entry's pattern with each {i} replaced by a value of the declared parameter type.
std::string instantiate(const kiln::ops::Entry& e) {
  std::string out;
  for (std::size_t i = 0; i < e.cpp.size(); ++i) {
    if (e.cpp[i] == '{' && i + 2 < e.cpp.size() && e.cpp[i + 2] == '}') {
      out += "std::declval<" + cpp_type(e.params[e.cpp[i + 1] - '0']) + ">()";
      i += 2;
    } else {
      out += e.cpp[i];
    }
  }
  return out;
}

TEST(OpLibrary, EveryEntryCompilesWithItsDeclaredTypes) {
  std::string source = "#include <algorithm>\n#include <type_traits>\n#include <utility>\n#include \"runtime/builtins.h\"\n#include \"runtime/str.h\"\n";
  int n = 0;
  for (const kiln::ops::Entry& e : kiln::ops::entries()) {
    source += "static_assert(std::is_same_v<std::decay_t<decltype(" + instantiate(e) + ")>, " + cpp_type(e.result) +
              ">, \"" + std::string(e.name) + " #" + std::to_string(n++) + "\");\n";
  }
  const std::string path = testing::TempDir() + "/ops_table_check.cpp";
  std::ofstream(path) << source;
  const std::string command = std::string(KILN_CXX) + " -std=c++20 -fsyntax-only -I" + KILN_SOURCE_DIR + " " + path + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (std::size_t got = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, got);
  EXPECT_EQ(pclose(pipe), 0) << output;
  EXPECT_GT(n, 50);
}

}  // namespace
