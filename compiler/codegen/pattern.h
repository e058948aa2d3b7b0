// C++ patterns with numbered holes, as the op library and the fused kernels write them: "{0} + {1}".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kiln::codegen {

// How an operand goes into its hole: as it is, or in parentheses (for operands that may be any
// expression, so that `{0} * 2` with `a + b` stays `(a + b) * 2`).
enum class Holes { AsIs, Parenthesised };

// `pattern` with each {N} (N a digit) replaced by operands[N].
std::string fill_holes(std::string_view pattern, const std::vector<std::string>& operands, Holes holes);

}  // namespace kiln::codegen
