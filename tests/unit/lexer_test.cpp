#include <gtest/gtest.h>

#include "compiler/lex/lexer.h"

namespace kiln::lex {
namespace {

std::vector<TokenKind> kinds(std::string_view text) {
  LexResult r = tokenize(text);
  EXPECT_FALSE(r.error) << (r.error ? r.error->message : "");
  std::vector<TokenKind> out;
  for (const Token& t : r.tokens) out.push_back(t.kind);
  return out;
}

std::string error_of(std::string_view text) {
  LexResult r = tokenize(text);
  return r.error ? r.error->python_kind + ": " + r.error->message : "";
}

using K = TokenKind;

TEST(Lexer, IndentationProducesIndentAndDedent) {
  EXPECT_EQ(kinds("if x:\n  y\nz\n"), (std::vector<K>{K::KwIf, K::Name, K::Colon, K::Newline, K::Indent, K::Name,
                                                       K::Newline, K::Dedent, K::Name, K::Newline, K::EndOfFile}));
}

TEST(Lexer, BlankLinesCommentsAndBracketsDoNotAffectIndentation) {
  EXPECT_EQ(kinds("x = (1,\n   2)\n\n   # c\ny\n"),
            (std::vector<K>{K::Name, K::Equal, K::LPar, K::Number, K::Comma, K::Number, K::RPar, K::Newline, K::Name,
                            K::Newline, K::EndOfFile}));
}

TEST(Lexer, MissingFinalNewlineIsAdded) {
  EXPECT_EQ(kinds("def f():\n  return"), (std::vector<K>{K::KwDef, K::Name, K::LPar, K::RPar, K::Colon, K::Newline,
                                                          K::Indent, K::KwReturn, K::Newline, K::Dedent, K::EndOfFile}));
}

TEST(Lexer, LongestOperatorWins) {
  EXPECT_EQ(kinds("a **= b // c -> ... := d"),
            (std::vector<K>{K::Name, K::DoubleStarEqual, K::Name, K::DoubleSlash, K::Name, K::RArrow, K::Ellipsis,
                            K::ColonEqual, K::Name, K::Newline, K::EndOfFile}));
}

TEST(Lexer, StringPrefixesAndSpans) {
  LexResult r = tokenize("x = rb'a' + f'''b\nc'''\n");
  ASSERT_FALSE(r.error);
  EXPECT_EQ(r.tokens[2].kind, K::String);
  EXPECT_EQ(r.tokens[4].kind, K::String);
  EXPECT_EQ(r.tokens[4].span.line, 1);
  EXPECT_EQ(r.tokens[4].span.end_line, 2);
  EXPECT_EQ(r.tokens[4].span.end_col, 4);
}

TEST(Lexer, ErrorsNameTheirPythonClass) {
  EXPECT_EQ(error_of("if x:\n\ta\n        b\n"), "TabError: inconsistent use of tabs and spaces in indentation");
  EXPECT_EQ(error_of("if x:\n    a\n  b\n"), "IndentationError: unindent does not match any outer indentation level");
  EXPECT_EQ(error_of("x = (]\n"), "SyntaxError: closing parenthesis ']' does not match opening parenthesis '('");
  EXPECT_EQ(error_of("x = 'abc\n"), "SyntaxError: unterminated string literal (detected at line 1)");
  EXPECT_EQ(error_of("x = 1__0\n"), "SyntaxError: invalid decimal literal");
}

TEST(Lexer, NestingLimitsAreErrorsNotCrashes) {
  EXPECT_EQ(error_of(std::string(300, '(')), "SyntaxError: too many nested parentheses");
  std::string deep;
  for (int i = 0; i < 120; ++i) deep += std::string(i, ' ') + "if x:\n";
  EXPECT_EQ(error_of(deep), "IndentationError: too many levels of indentation");
}

}  // namespace
}  // namespace kiln::lex
