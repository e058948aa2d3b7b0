#include "runtime/format.h"

#include <charconv>
#include <cmath>
#include <optional>

#include "runtime/builtins.h"
#include "runtime/exceptions.h"
#include "runtime/repr.h"
#include "runtime/unicode/utf8.h"

namespace kiln::rt {
namespace {

// [[fill]align][sign][z][#][0][width][grouping][.precision][type]
struct Spec {
  std::string fill = " ";
  char align = 0;
  char sign = '-';
  bool alternate = false, zero = false;
  int64_t width = -1, precision = -1;
  char grouping = 0;
  char type = 0;
};

std::size_t utf8_width(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

int64_t read_number(std::string_view s, std::size_t& i) {
  int64_t n = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    if (n > 1000000000) throw ValueError("Too many decimal digits in format string");
    n = n * 10 + (s[i++] - '0');
  }
  return n;
}

Spec parse_spec(std::string_view s) {
  Spec spec;
  std::size_t i = 0;
  auto is_align = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
  if (!s.empty()) {
    const std::size_t w = utf8_width(static_cast<unsigned char>(s[0]));
    if (w < s.size() && is_align(s[w])) {
      spec.fill = std::string(s.substr(0, w));
      spec.align = s[w];
      i = w + 1;
    } else if (is_align(s[0])) {
      spec.align = s[0];
      i = 1;
    }
  }
  if (i < s.size() && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) spec.sign = s[i++];
  if (i < s.size() && s[i] == 'z') ++i;
  if (i < s.size() && s[i] == '#') spec.alternate = true, ++i;
  if (i < s.size() && s[i] == '0') spec.zero = true, ++i;
  if (i < s.size() && s[i] >= '0' && s[i] <= '9') spec.width = read_number(s, i);
  if (i < s.size() && (s[i] == ',' || s[i] == '_')) spec.grouping = s[i++];
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (i >= s.size() || s[i] < '0' || s[i] > '9') throw ValueError("Format specifier missing precision");
    spec.precision = read_number(s, i);
  }
  if (i < s.size()) spec.type = s[i++];
  if (i < s.size()) throw ValueError("Invalid format specifier");
  if (spec.zero && !spec.align) {
    spec.fill = "0";
    spec.align = '=';
  }
  return spec;
}

// Pads `body` (after `prefix`: sign and base prefix) to the width, as the alignment says.
std::string pad(const std::string& prefix, const std::string& body, const Spec& spec, char default_align) {
  const int64_t length =
      static_cast<int64_t>(unicode::count_code_points(prefix) + unicode::count_code_points(body));
  if (spec.width <= length) return prefix + body;
  const int64_t missing = spec.width - length;
  std::string left, right;
  auto fill = [&](int64_t n) {
    std::string out;
    for (int64_t k = 0; k < n; ++k) out += spec.fill;
    return out;
  };
  switch (spec.align ? spec.align : default_align) {
    case '<':
      return prefix + body + fill(missing);
    case '^':
      return fill(missing / 2) + prefix + body + fill(missing - missing / 2);
    case '=':
      return prefix + fill(missing) + body;
    default:
      return fill(missing) + prefix + body;
  }
}

// Inserts `separator` every `every` digits from the right of the integer part of `digits`.
std::string group(const std::string& digits, char separator, int every) {
  if (!separator) return digits;
  std::size_t end = digits.find_first_not_of("0123456789abcdefABCDEF");
  if (end == std::string::npos) end = digits.size();
  std::string out;
  for (std::size_t i = 0; i < end; ++i) {
    if (i > 0 && (end - i) % every == 0) out += separator;
    out += digits[i];
  }
  return out + digits.substr(end);
}

std::string sign_of(bool negative, char sign) {
  if (negative) return "-";
  return sign == '+' ? "+" : sign == ' ' ? " " : "";
}

[[noreturn]] void unknown_code(char type, const char* kind) {
  throw ValueError(std::string("Unknown format code '") + type + "' for object of type '" + kind + "'");
}

std::string format_float_body(double v, const Spec& spec) {
  char buf[512];
  const int precision = spec.precision < 0 ? 6 : static_cast<int>(std::min<int64_t>(spec.precision, 400));
  char type = spec.type;
  if (std::isinf(v) || std::isnan(v)) {
    std::string s = std::isnan(v) ? "nan" : "inf";
    if (type == 'F' || type == 'E' || type == 'G')
      for (char& c : s) c = static_cast<char>(std::toupper(c));
    return s + (type == '%' ? "%" : "");
  }
  if (type == 0 && spec.precision < 0) return runtime::repr_float(v);
  std::to_chars_result r{};
  switch (type) {
    case 'f':
    case 'F':
      r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, precision);
      break;
    case '%': {
      r = std::to_chars(buf, buf + sizeof buf, v * 100, std::chars_format::fixed, precision);
      *r.ptr++ = '%';
      break;
    }
    case 'e':
    case 'E':
      r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific, precision);
      break;
    case 'g':
    case 'G':
    case 0: {
      // %g: precision significant digits; trailing zeros go unless '#'; none-type keeps one decimal.
      const int p = precision == 0 ? 1 : precision;
      r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific, p - 1);
      const std::string sci(buf, r.ptr);
      const int exponent = std::stoi(sci.substr(sci.find('e') + 1));
      if (exponent >= -4 && exponent < p) {
        r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, p - 1 - exponent);
      }
      std::string out(buf, r.ptr);
      if (!spec.alternate) {
        const std::size_t e = out.find('e');
        std::string mantissa = out.substr(0, e), tail = e == std::string::npos ? "" : out.substr(e);
        if (mantissa.find('.') != std::string::npos) {
          while (mantissa.back() == '0') mantissa.pop_back();
          if (mantissa.back() == '.') mantissa.pop_back();
        }
        out = mantissa + tail;
        if (type == 0 && out.find_first_of(".e") == std::string::npos) out += ".0";
      }
      if (type == 'G')
        for (char& c : out) c = static_cast<char>(std::toupper(c));
      return out;
    }
    default:
      unknown_code(type, "float");
  }
  std::string out(buf, r.ptr);
  if (type == 'E' || type == 'F')
    for (char& c : out) c = static_cast<char>(std::toupper(c));
  return out;
}

}  // namespace

std::string format(int64_t value, std::string_view spec_text) {
  const Spec spec = parse_spec(spec_text);
  if (spec.type == 'e' || spec.type == 'E' || spec.type == 'f' || spec.type == 'F' || spec.type == 'g' ||
      spec.type == 'G' || spec.type == '%') {
    return format(static_cast<double>(value), spec_text);
  }
  if (spec.precision >= 0) throw ValueError("Precision not allowed in integer format specifier");
  if (spec.type == 'c') return pad("", chr(value), spec, '<');
  const uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  int base = 10;
  std::string prefix;
  switch (spec.type) {
    case 0:
    case 'd':
    case 'n':
      break;
    case 'x':
      base = 16, prefix = "0x";
      break;
    case 'X':
      base = 16, prefix = "0X";
      break;
    case 'o':
      base = 8, prefix = "0o";
      break;
    case 'b':
      base = 2, prefix = "0b";
      break;
    default:
      unknown_code(spec.type, "int");
  }
  char buf[80];
  const auto r = std::to_chars(buf, buf + sizeof buf, magnitude, base);
  std::string digits(buf, r.ptr);
  if (spec.type == 'X')
    for (char& c : digits) c = static_cast<char>(std::toupper(c));
  digits = group(digits, spec.grouping, base == 10 ? 3 : 4);
  return pad(sign_of(value < 0, spec.sign) + (spec.alternate ? prefix : ""), digits, spec, '>');
}

std::string format(double value, std::string_view spec_text) {
  const Spec spec = parse_spec(spec_text);
  const bool negative = std::signbit(value) && !std::isnan(value);
  std::string body = format_float_body(std::fabs(value), spec);
  body = group(body, spec.grouping, 3);
  return pad(sign_of(negative, spec.sign), body, spec, '>');
}

std::string format(bool value, std::string_view spec) {
  if (spec.empty()) return value ? "True" : "False";
  return format(static_cast<int64_t>(value), spec);
}

std::string format(const std::string& value, std::string_view spec_text) {
  const Spec spec = parse_spec(spec_text);
  if (spec.type != 0 && spec.type != 's') unknown_code(spec.type, "str");
  if (spec.sign != '-') throw ValueError("Sign not allowed in string format specifier");
  if (spec.align == '=') throw ValueError("'=' alignment not allowed in string format specifier");
  std::string body = value;
  if (spec.precision >= 0 && static_cast<int64_t>(unicode::count_code_points(body)) > spec.precision) {
    std::size_t i = 0;
    for (int64_t n = 0; n < spec.precision; ++n) i += utf8_width(static_cast<unsigned char>(body[i]));
    body.resize(i);
  }
  return pad("", body, spec, '<');
}

namespace {

std::string format_arg(const FormatArg& v, std::string_view spec) {
  return std::visit([&](const auto& x) { return format(x, spec); }, v);
}
std::string repr_arg(const FormatArg& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using X = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<X, std::string>) {
          return runtime::repr_str(x);
        } else if constexpr (std::is_same_v<X, bool>) {
          return x ? "True" : "False";
        } else {
          return format(x, "");
        }
      },
      v);
}

// One replacement field's value: by index, by automatic numbering, or by name.
const FormatArg& field_value(std::string_view name, const std::vector<FormatArg>& positional,
                             const std::vector<NamedArg>& named, int& next_auto) {
  if (name.empty()) {
    if (next_auto < 0)
      throw ValueError("cannot switch from manual field specification to automatic field numbering");
    const std::size_t i = static_cast<std::size_t>(next_auto++);
    if (i >= positional.size()) {
      throw IndexError("Replacement index " + std::to_string(i) + " out of range for positional args tuple");
    }
    return positional[i];
  }
  if (std::isdigit(static_cast<unsigned char>(name[0]))) {
    if (next_auto > 0)
      throw ValueError("cannot switch from automatic field numbering to manual field specification");
    next_auto = -1;
    const std::size_t i = std::stoul(std::string(name));
    if (i >= positional.size()) {
      throw IndexError("Replacement index " + std::to_string(i) + " out of range for positional args tuple");
    }
    return positional[i];
  }
  for (const auto& [key, value] : named) {
    if (key == name) return value;
  }
  throw KeyError(runtime::repr_str(std::string(name)));
}

}  // namespace

std::string str_format(std::string_view fmt, const std::vector<FormatArg>& positional,
                       const std::vector<NamedArg>& named) {
  std::string out;
  int next_auto = 0;
  for (std::size_t i = 0; i < fmt.size(); ++i) {
    const char c = fmt[i];
    if (c == '}') {
      if (i + 1 < fmt.size() && fmt[i + 1] == '}') {
        out += '}', ++i;
        continue;
      }
      throw ValueError("Single '}' encountered in format string");
    }
    if (c != '{') {
      out += c;
      continue;
    }
    if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
      out += '{', ++i;
      continue;
    }
    const std::size_t close = fmt.find('}', i);
    if (close == std::string_view::npos) throw ValueError("Single '{' encountered in format string");
    std::string_view field = fmt.substr(i + 1, close - i - 1);
    std::string_view spec;
    char conversion = 0;
    if (const std::size_t colon = field.find(':'); colon != std::string_view::npos) {
      spec = field.substr(colon + 1);
      field = field.substr(0, colon);
    }
    if (const std::size_t bang = field.find('!'); bang != std::string_view::npos) {
      if (bang + 2 != field.size()) throw ValueError("expected ':' after conversion specifier");
      conversion = field[bang + 1];
      field = field.substr(0, bang);
      if (conversion != 'r' && conversion != 's') {
        throw ValueError(std::string("Unknown conversion specifier ") + conversion);
      }
    }
    const FormatArg& value = field_value(field, positional, named, next_auto);
    if (conversion == 'r') {
      out += format(repr_arg(value), spec);
    } else if (conversion == 's') {
      out += format(
          std::holds_alternative<std::string>(value) ? std::get<std::string>(value) : repr_arg(value), spec);
    } else {
      out += format_arg(value, spec);
    }
    i = close;
  }
  return out;
}

std::string percent_format(std::string_view fmt, const std::vector<FormatArg>& args) {
  std::string out;
  std::size_t next = 0;
  for (std::size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') {
      out += fmt[i];
      continue;
    }
    if (++i >= fmt.size()) throw ValueError("incomplete format");
    if (fmt[i] == '%') {
      out += '%';
      continue;
    }
    // %[flags][width][.precision]type, as a format() spec.
    std::string flags;
    while (i < fmt.size() && std::string_view("-+ #0").find(fmt[i]) != std::string_view::npos)
      flags += fmt[i++];
    std::string width, precision;
    while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i]))) width += fmt[i++];
    if (i < fmt.size() && fmt[i] == '.') {
      precision = ".";
      ++i;
      while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i]))) precision += fmt[i++];
      if (precision == ".") precision = ".0";
    }
    if (i >= fmt.size()) throw ValueError("incomplete format");
    const char type = fmt[i];
    if (next >= args.size()) throw TypeError("not enough arguments for format string");
    const FormatArg& value = args[next++];
    std::string spec =
        std::string(flags.find('-') != std::string::npos ? "<" : "") +
        (flags.find('+') != std::string::npos   ? "+"
         : flags.find(' ') != std::string::npos ? " "
                                                : "") +
        (flags.find('#') != std::string::npos ? "#" : "") +
        (flags.find('0') != std::string::npos && flags.find('-') == std::string::npos ? "0" : "") + width;
    const bool is_text = std::holds_alternative<std::string>(value);
    switch (type) {
      case 's':
        out += format(is_text ? std::get<std::string>(value) : repr_arg(value),
                      (flags.find('-') != std::string::npos ? "<" : ">") + width + precision);
        break;
      case 'r':
        out +=
            format(repr_arg(value), (flags.find('-') != std::string::npos ? "<" : ">") + width + precision);
        break;
      case 'd':
      case 'i':
      case 'x':
      case 'X':
      case 'o': {
        if (is_text) throw TypeError(std::string("%") + type + " format: a real number is required, not str");
        const int64_t n = std::holds_alternative<double>(value) ? to_int(std::get<double>(value))
                          : std::holds_alternative<bool>(value) ? std::get<bool>(value)
                                                                : std::get<int64_t>(value);
        out += format(n, spec + (type == 'i' ? 'd' : type));
        break;
      }
      case 'f':
      case 'F':
      case 'e':
      case 'E':
      case 'g':
      case 'G': {
        if (is_text) throw TypeError("must be real number, not str");
        const double x = std::holds_alternative<double>(value) ? std::get<double>(value)
                         : std::holds_alternative<bool>(value)
                             ? std::get<bool>(value)
                             : static_cast<double>(std::get<int64_t>(value));
        out += format(x, spec + (precision.empty() ? ".6" : precision) + type);
        break;
      }
      case 'c':
        out += is_text ? std::get<std::string>(value) : chr(std::get<int64_t>(value));
        break;
      default:
        throw ValueError(std::string("unsupported format character '") + type + "' (0x" +
                         format(static_cast<int64_t>(static_cast<unsigned char>(type)), "x") + ") at index " +
                         std::to_string(i));
    }
  }
  if (next < args.size()) throw TypeError("not all arguments converted during string formatting");
  return out;
}

namespace {

bool is_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Digits with single underscores between them (PEP 515), underscores removed; nullopt if malformed.
std::optional<std::string> without_underscores(std::string_view s, bool allow_leading) {
  std::string out;
  bool previous_digit = allow_leading;
  for (char c : s) {
    if (c == '_') {
      if (!previous_digit) return std::nullopt;
      previous_digit = false;
      continue;
    }
    out += c;
    previous_digit = true;
  }
  if (!previous_digit && !s.empty()) return std::nullopt;
  return out;
}

}  // namespace

int64_t parse_int(std::string_view text, int64_t base) {
  if (base != 0 && (base < 2 || base > 36)) throw ValueError("int() base must be >= 2 and <= 36, or 0");
  auto invalid = [&]() -> ValueError {
    return ValueError("invalid literal for int() with base " + std::to_string(base) + ": " +
                      runtime::repr_str(std::string(text)));
  };
  std::string_view s = trim(text);
  const bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  int64_t b = base;
  bool prefixed = false;
  if (s.size() >= 2 && s[0] == '0' && (base == 0 || base == 16 || base == 8 || base == 2)) {
    const char p = static_cast<char>(std::tolower(s[1]));
    const int64_t prefix_base = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
    if (prefix_base && (base == 0 || base == prefix_base))
      b = prefix_base, prefixed = true, s.remove_prefix(2);
  }
  if (b == 0) b = 10;
  auto digits = without_underscores(s, prefixed);
  if (!digits || digits->empty()) throw invalid();
  if (base == 0 && !prefixed && digits->size() > 1 && (*digits)[0] == '0' &&
      digits->find_first_not_of('0') != std::string::npos) {
    throw invalid();
  }
  uint64_t magnitude = 0;
  for (char c : *digits) {
    const int d = c >= '0' && c <= '9'                          ? c - '0'
                  : std::isalpha(static_cast<unsigned char>(c)) ? std::tolower(c) - 'a' + 10
                                                                : 99;
    if (d >= b) throw invalid();
    if (magnitude > (UINT64_MAX - d) / static_cast<uint64_t>(b))
      throw OverflowError("int too large to convert");
    magnitude = magnitude * b + d;
  }
  if (magnitude > static_cast<uint64_t>(INT64_MAX) + (negative ? 1 : 0))
    throw OverflowError("int too large to convert");
  return negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
}

double parse_float(std::string_view text) {
  auto invalid = [&]() -> ValueError {
    return ValueError("could not convert string to float: " + runtime::repr_str(std::string(text)));
  };
  std::string_view s = trim(text);
  std::string_view unsigned_part = s;
  const bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) unsigned_part.remove_prefix(1);
  std::string lower;
  for (char c : unsigned_part) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "inf" || lower == "infinity") return negative ? -HUGE_VAL : HUGE_VAL;
  if (lower == "nan") return negative ? -std::nan("") : std::nan("");
  // Underscores may only sit between digits.
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && (i == 0 || i + 1 == s.size() || !std::isdigit(static_cast<unsigned char>(s[i - 1])) ||
                        !std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      throw invalid();
    }
  }
  std::string clean;
  for (char c : s) {
    if (c != '_') clean += c;
  }
  if (clean.empty() || clean.find_first_of("xXpP") != std::string::npos) throw invalid();
  const char* begin = clean.data() + (clean[0] == '+' ? 1 : 0);
  double out = 0;
  const auto r = std::from_chars(begin, clean.data() + clean.size(), out);
  if (r.ec == std::errc::invalid_argument || r.ptr != clean.data() + clean.size()) throw invalid();
  if (r.ec == std::errc::result_out_of_range) {
    // from_chars reports range errors; Python gives inf for overflow and 0 for underflow.
    const bool huge =
        clean.find_first_of("eE") == std::string::npos || clean[clean.find_first_of("eE") + 1] != '-';
    return (clean[0] == '-' ? -1.0 : 1.0) * (huge ? HUGE_VAL : 0.0);
  }
  return out;
}

}  // namespace kiln::rt
