#include "compiler/codegen/pattern.h"

#include <cctype>

namespace kiln::codegen {

std::string fill_holes(std::string_view pattern, const std::vector<std::string>& operands, Holes holes) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' &&
        std::isdigit(static_cast<unsigned char>(pattern[i + 1]))) {
      const std::string& operand = operands[static_cast<std::size_t>(pattern[i + 1] - '0')];
      out += holes == Holes::Parenthesised ? "(" + operand + ")" : operand;
      i += 2;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

}  // namespace kiln::codegen
