// A source file as every stage sees it: its name and its text decoded to UTF-8.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::diag {

// A region of source text. Lines are 1-based; columns are 0-based UTF-8 byte offsets into the line,
// exactly like CPython's `lineno`/`col_offset`/`end_lineno`/`end_col_offset`.
struct Span {
  int32_t line = 0;
  int32_t col = 0;
  int32_t end_line = 0;
  int32_t end_col = 0;
};

class SourceFile {
 public:
  SourceFile(std::string name, std::string text);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }
  // The text of 1-based line `line` without its line ending; empty when out of range.
  std::string_view line_text(int32_t line) const;
  int32_t line_count() const { return static_cast<int32_t>(line_starts_.size()); }

 private:
  std::string name_;
  std::string text_;
  std::vector<std::size_t> line_starts_;
};

}  // namespace kiln::diag
