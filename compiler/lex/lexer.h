// The tokenizer: UTF-8 source text in, the whole token stream out (Python's INDENT/DEDENT/NEWLINE
// included), or the first tokenizer error as a diagnostic.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/lex/token.h"

namespace kiln::lex {

struct LexResult {
  // Ends with EndOfFile when there is no error; on error, the tokens before it (CPython's parser
  // consumes tokens as they come, so a syntax error before that point is reported first).
  std::vector<Token> tokens;
  std::optional<diag::Diagnostic> error;
};

// `text` is decoded source with newlines already normalised to "\n" (see decode_source).
// `first_line`/`first_col` place the text inside a larger file (f-string replacement fields).
LexResult tokenize(std::string_view text, int32_t first_line = 1, int32_t first_col = 0);

// Python's decoding of a source file's bytes: a UTF-8 BOM, a PEP 263 coding cookie on line 1 or 2,
// UTF-8 otherwise; then "\r\n" and "\r" become "\n". On failure `error` says why, in CPython's words.
struct DecodedSource {
  std::string text;
  std::optional<diag::Diagnostic> error;
};
DecodedSource decode_source(std::string_view bytes);

}  // namespace kiln::lex
