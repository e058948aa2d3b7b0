#include "compiler/diagnostics/diagnostic.h"

#include "runtime/unicode/utf8.h"

namespace kiln::diag {
namespace {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "error";
}

// Code points in the first `byte_col` bytes of `line` (clamped to the line).
std::size_t display_column(std::string_view line, int32_t byte_col) {
  std::size_t n = std::min<std::size_t>(byte_col < 0 ? 0 : byte_col, line.size());
  return unicode::count_code_points(line.substr(0, n));
}

// The line as it can be shown on a terminal: invalid UTF-8 becomes U+FFFD and NUL becomes U+2400,
// one code point each, so the caret stays under the right column.
std::string printable_line(std::string_view line) {
  std::string out;
  for (std::size_t i = 0; i < line.size();) {
    unicode::Decoded d = unicode::decode_utf8(line, i, false);
    if (d.length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      if (d.cp == 0) {
        out += "\xE2\x90\x80";
      } else {
        out.append(line.substr(i, d.length));
      }
      i += d.length;
    }
  }
  return out;
}

// The source line with tabs kept (so the caret line can mirror them) and the caret line under it.
// A position past the last line (an error at end of file) shows an empty line.
void render_excerpt(std::string& out, const SourceFile& source, Span span) {
  std::string_view line = source.line_text(span.line);
  out += "    ";
  out += printable_line(line);
  out += "\n    ";
  std::size_t col = display_column(line, span.col);
  std::size_t end = span.end_line == span.line ? display_column(line, span.end_col) : col + 1;
  std::size_t i = 0;
  for (std::size_t cp = 0; cp < col && i < line.size(); ++cp) {
    out += line[i] == '\t' ? '\t' : ' ';
    i += std::max<std::size_t>(1, unicode::decode_utf8(line, i).length);
  }
  out += '^';
  for (std::size_t k = col + 1; k < end; ++k) out += '~';
  out += '\n';
}

void render_location(std::string& out, const SourceFile& source, Span span) {
  out += source.name();
  if (span.line > 0) {
    std::string_view line = source.line_text(span.line);
    out += ':' + std::to_string(span.line) + ':' + std::to_string(display_column(line, span.col) + 1);
  }
  out += ": ";
}

}  // namespace

Diagnostic error(Span span, std::string message, std::string python_kind) {
  Diagnostic d;
  d.span = span;
  d.message = std::move(message);
  d.python_kind = std::move(python_kind);
  return d;
}

std::string render(const Diagnostic& d, const SourceFile& source) {
  std::string out;
  render_location(out, source, d.span);
  out += severity_name(d.severity);
  out += ": ";
  out += d.message;
  out += '\n';
  if (d.span.line > 0) render_excerpt(out, source, d.span);
  for (const Note& note : d.notes) {
    if (note.span.line > 0) render_location(out, source, note.span);
    out += "note: " + note.message + '\n';
    if (note.span.line > 0) render_excerpt(out, source, note.span);
  }
  for (const std::string& hint : d.hints) out += "hint: " + hint + '\n';
  return out;
}

}  // namespace kiln::diag
