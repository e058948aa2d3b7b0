#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/parse/parse.h"

namespace kiln::parse {
namespace {

std::string dump_of(std::string_view source) {
  ParseResult r = parse_file_bytes(source, "t.py");
  if (r.error) return "error: " + r.error->message;
  return dump(*r.module);
}

TEST(Parser, SpansFollowCpythonConventions) {
  ParseResult r = parse_file_bytes("x = foo(a, b)\n", "t.py");
  ASSERT_FALSE(r.error);
  const ast::Stmt* s = r.module->body[0];
  EXPECT_EQ(s->span.line, 1);
  EXPECT_EQ(s->span.col, 0);
  EXPECT_EQ(s->span.end_col, 13);
  const auto* assign = static_cast<const ast::Assign*>(s);
  EXPECT_EQ(assign->value->span.col, 4);
}

TEST(Parser, DeepNestingIsAnErrorNotACrash) {
  EXPECT_NE(dump_of(std::string(100000, '-') + "1").find("error: too many nested"), std::string::npos);
  std::string chain = "a";
  for (int i = 0; i < 5000; ++i) chain += " + a";
  EXPECT_NE(dump_of(chain).find("error: expression is nested too deeply"), std::string::npos);
}

TEST(Parser, ErrorsCarryPositions) {
  ParseResult r = parse_file_bytes("x = 1\ny = (1 +)\n", "t.py");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->span.line, 2);
  EXPECT_EQ(r.error->span.col, 8);  // the ")"
}

// Every standard-library file parses or is a clean diagnostic; under the sanitizer build this walks
// the whole parser over 30 MB of real code looking for memory errors.
TEST(Parser, StandardLibraryCorpusParsesCleanly) {
  const std::filesystem::path root = KILN_STDLIB_DIR;
  if (root.empty() || !std::filesystem::exists(root)) GTEST_SKIP() << "no CPython standard library found";
  int parsed = 0, rejected = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(root); it != std::filesystem::recursive_directory_iterator(); ++it) {
    if (it->is_directory() && (it->path().filename() == "site-packages" || it->path().filename() == "dist-packages")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->path().extension() != ".py") continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    ParseResult r = parse_file_bytes(bytes.str(), it->path().string());
    if (r.error) {
      ++rejected;
      EXPECT_FALSE(render(*r.error, *r.source).empty());
    } else {
      ++parsed;
      EXPECT_EQ(dump(*r.module).rfind("Module(body=", 0), 0u);
    }
  }
  EXPECT_GT(parsed, 1000);
  // The standard library's deliberately broken files (bad encodings, Python 2 syntax) are few.
  EXPECT_LT(rejected, 20);
}

}  // namespace
}  // namespace kiln::parse
