// Tokens of Python 3.11, as CPython's tokenizer produces them (Grammar/Tokens), with keywords given
// their own kinds so the parser can compare kinds instead of text.
#pragma once

#include <cstdint>
#include <string_view>

#include "compiler/diagnostics/source.h"

namespace kiln::lex {

#define KILN_TOKEN_KINDS(X)                                                                             \
  X(EndOfFile, "end of file") X(Newline, "newline") X(Indent, "indent") X(Dedent, "dedent")              \
  X(Name, "name") X(Number, "number") X(String, "string")                                                 \
  /* punctuation and operators */                                                                          \
  X(LPar, "(") X(RPar, ")") X(LSqb, "[") X(RSqb, "]") X(LBrace, "{") X(RBrace, "}") X(Colon, ":")        \
  X(Comma, ",") X(Semi, ";") X(Plus, "+") X(Minus, "-") X(Star, "*") X(Slash, "/") X(VBar, "|")          \
  X(Amper, "&") X(Less, "<") X(Greater, ">") X(Equal, "=") X(Dot, ".") X(Percent, "%") X(Tilde, "~")     \
  X(Circumflex, "^") X(At, "@") X(EqEqual, "==") X(NotEqual, "!=") X(LessEqual, "<=")                     \
  X(GreaterEqual, ">=") X(LeftShift, "<<") X(RightShift, ">>") X(DoubleStar, "**") X(PlusEqual, "+=")   \
  X(MinEqual, "-=") X(StarEqual, "*=") X(SlashEqual, "/=") X(PercentEqual, "%=") X(AmperEqual, "&=")     \
  X(VBarEqual, "|=") X(CircumflexEqual, "^=") X(LeftShiftEqual, "<<=") X(RightShiftEqual, ">>=")          \
  X(DoubleStarEqual, "**=") X(DoubleSlash, "//") X(DoubleSlashEqual, "//=") X(AtEqual, "@=")              \
  X(RArrow, "->") X(Ellipsis, "...") X(ColonEqual, ":=") X(LessGreater, "<>")                             \
  /* keywords */                                                                                           \
  X(KwFalse, "False") X(KwNone, "None") X(KwTrue, "True") X(KwAnd, "and") X(KwAs, "as")                  \
  X(KwAssert, "assert") X(KwAsync, "async") X(KwAwait, "await") X(KwBreak, "break") X(KwClass, "class")  \
  X(KwContinue, "continue") X(KwDef, "def") X(KwDel, "del") X(KwElif, "elif") X(KwElse, "else")          \
  X(KwExcept, "except") X(KwFinally, "finally") X(KwFor, "for") X(KwFrom, "from") X(KwGlobal, "global")  \
  X(KwIf, "if") X(KwImport, "import") X(KwIn, "in") X(KwIs, "is") X(KwLambda, "lambda")                  \
  X(KwNonlocal, "nonlocal") X(KwNot, "not") X(KwOr, "or") X(KwPass, "pass") X(KwRaise, "raise")          \
  X(KwReturn, "return") X(KwTry, "try") X(KwWhile, "while") X(KwWith, "with") X(KwYield, "yield")

enum class TokenKind : uint8_t {
#define KILN_TOKEN_ENUM(name, text) name,
  KILN_TOKEN_KINDS(KILN_TOKEN_ENUM)
#undef KILN_TOKEN_ENUM
};

// How the token is spelled in source ("(", "def") or what it is ("name", "newline").
std::string_view token_text(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::EndOfFile;
  uint32_t begin = 0;  // byte offsets of the token's text in the source
  uint32_t end = 0;
  diag::Span span;
};

inline bool is_keyword(TokenKind k) { return k >= TokenKind::KwFalse; }

}  // namespace kiln::lex
