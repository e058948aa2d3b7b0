// Python's format() mini-language (f"{x:>10.3f}", format(x, spec)) for int, float, bool and str, and
// int(str) / float(str), with CPython 3.11's results and error messages.
//
// Documented difference: int(str) of a value outside int64 raises OverflowError (Kiln's ints are
// 64-bit).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

namespace kiln::rt {

std::string format(int64_t value, std::string_view spec);
std::string format(double value, std::string_view spec);
std::string format(bool value, std::string_view spec);
std::string format(const std::string& value, std::string_view spec);

// A value str.format() and `%` take: the scalar types, told apart at run time.
using FormatArg = std::variant<int64_t, double, bool, std::string>;
using NamedArg = std::pair<std::string, FormatArg>;

// fmt.format(*positional, **named): "{}", "{0}", "{name}", "!r"/"!s", a format spec, "{{" and "}}".
std::string str_format(std::string_view fmt, const std::vector<FormatArg>& positional,
                       const std::vector<NamedArg>& named = {});
// fmt % args: %s %r %d %i %f %F %e %E %g %G %x %X %o %c %%, with flags, width and precision.
std::string percent_format(std::string_view fmt, const std::vector<FormatArg>& args);

template <class... Ts>
std::vector<FormatArg> format_args(const std::tuple<Ts...>& t) {
  return std::apply([](const Ts&... v) { return std::vector<FormatArg>{FormatArg(v)...}; }, t);
}
template <class T>
std::vector<FormatArg> format_args(const T& v) {
  return {FormatArg(v)};
}

int64_t parse_int(std::string_view text, int64_t base);
double parse_float(std::string_view text);

}  // namespace kiln::rt
