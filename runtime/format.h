// Python's format() mini-language (f"{x:>10.3f}", format(x, spec)) for int, float, bool and str, and
// int(str) / float(str), with CPython 3.11's results and error messages.
//
// Documented difference: int(str) of a value outside int64 raises OverflowError (Kiln's ints are
// 64-bit).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kiln::rt {

std::string format(int64_t value, std::string_view spec);
std::string format(double value, std::string_view spec);
std::string format(bool value, std::string_view spec);
std::string format(const std::string& value, std::string_view spec);

int64_t parse_int(std::string_view text, int64_t base);
double parse_float(std::string_view text);

}  // namespace kiln::rt
