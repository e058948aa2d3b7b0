#include <gtest/gtest.h>

#include "compiler/diagnostics/diagnostic.h"

namespace kiln::diag {
namespace {

TEST(Diagnostics, RendersLocationLineAndCaret) {
  SourceFile source("f.py", "x = 1\ny = = 2\n");
  Diagnostic d = error({2, 4, 2, 5}, "invalid syntax");
  EXPECT_EQ(render(d, source), "f.py:2:5: error: invalid syntax\n    y = = 2\n        ^\n");
}

TEST(Diagnostics, ColumnsCountCodePointsAndTildesCoverTheSpan) {
  SourceFile source("f.py", "s = 'é' + x\n");
  // 'é' is two bytes: "+ x" starts at byte 9, which is code point 8 (column 9).
  Diagnostic d = error({1, 9, 1, 12}, "bad");
  EXPECT_EQ(render(d, source), "f.py:1:9: error: bad\n    s = 'é' + x\n            ^~~\n");
}

TEST(Diagnostics, TabsInTheLineAreMirroredUnderIt) {
  SourceFile source("f.py", "\tx = $\n");
  EXPECT_EQ(render(error({1, 5, 1, 6}, "m"), source), "f.py:1:6: error: m\n    \tx = $\n    \t    ^\n");
}

TEST(Diagnostics, NotesHintsAndEndOfFile) {
  SourceFile source("f.py", "x = (\n");
  Diagnostic d = error({2, 0, 2, 0}, "unexpected EOF while parsing");
  d.notes.push_back({{1, 4, 1, 5}, "opened here"});
  d.hints.push_back("close the parenthesis");
  EXPECT_EQ(render(d, source),
            "f.py:2:1: error: unexpected EOF while parsing\n    \n    ^\n"
            "f.py:1:5: note: opened here\n    x = (\n        ^\n"
            "hint: close the parenthesis\n");
}

TEST(Diagnostics, UnprintableBytesAreShownSafely) {
  SourceFile source("f.py", std::string("x = \xff\x00 1\n", 10));
  std::string out = render(error({1, 4, 1, 5}, "m"), source);
  EXPECT_NE(out.find("x = \xEF\xBF\xBD\xE2\x90\x80 1"), std::string::npos) << out;
}

}  // namespace
}  // namespace kiln::diag
