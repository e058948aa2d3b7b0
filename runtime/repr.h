// repr() of Python's literal types, exactly as CPython 3.11 prints them.
#pragma once

#include <string>
#include <string_view>

namespace kiln::runtime {

std::string repr_str(std::string_view utf8);  // lone surrogates may appear in their 3-byte form
std::string repr_bytes(std::string_view bytes);
std::string repr_float(double value);  // shortest round-trip, 'r' format: 1e+16, 1e-05, 0.0001
std::string repr_complex(double real, double imag);

// `s` as a JSON string literal (quotes, backslash and control characters escaped; UTF-8 kept).
void append_json_string(std::string& out, std::string_view s);

// The decimal digits of an arbitrarily large non-negative integer written in `base` (2, 8, 10, 16),
// as repr(int) prints it; `digits` has no prefix and no underscores.
std::string int_literal_to_decimal(std::string_view digits, int base);

}  // namespace kiln::runtime
