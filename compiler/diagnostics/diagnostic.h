// Diagnostics: one representation and one renderer for every compiler stage.
//
//   file.py:3:7: error: invalid syntax
//       x = = 1
//           ^
//   hint: ...
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostics/source.h"

namespace kiln::diag {

enum class Severity { Error, Warning, Note };

struct Note {
  Span span;  // line 0 means "no location"
  std::string message;
};

struct Diagnostic {
  Severity severity = Severity::Error;
  Span span;
  std::string message;
  // Python's name for the error class where there is one (SyntaxError, IndentationError, TabError);
  // tools that mirror CPython report it, the renderer does not need it.
  std::string python_kind = "SyntaxError";
  std::vector<Note> notes;
  std::vector<std::string> hints;
};

// Renders `d` as "FILE:LINE:COL: error: MESSAGE", the source line, a caret under the column (and
// tildes to the end of the span on the same line), then notes and hints. COL is 1-based and counts
// code points, as CPython's SyntaxError.offset does.
std::string render(const Diagnostic& d, const SourceFile& source);

// Builds an error diagnostic; the common case.
Diagnostic error(Span span, std::string message, std::string python_kind = "SyntaxError");

}  // namespace kiln::diag
