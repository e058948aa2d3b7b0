#include "runtime/repr.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "runtime/unicode/unicode.h"
#include "runtime/unicode/utf8.h"

namespace kiln::runtime {
namespace {

// CPython prefers single quotes, and uses double quotes when the text has ' but no ".
char choose_quote(std::string_view s) {
  const bool single = s.find('\'') != std::string_view::npos;
  const bool dbl = s.find('"') != std::string_view::npos;
  return single && !dbl ? '"' : '\'';
}

void append_escape(std::string& out, char32_t cp) {
  char buf[16];
  if (cp < 0x100) {
    std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(cp));
  } else if (cp < 0x10000) {
    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
  } else {
    std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(cp));
  }
  out += buf;
}

// The escapes str and bytes share: the quote, backslash, \t \n \r and other ASCII controls.
bool append_common_escape(std::string& out, char32_t c, char quote) {
  if (c == static_cast<char32_t>(quote) || c == '\\') {
    out += '\\';
    out += static_cast<char>(c);
  } else if (c == '\t') {
    out += "\\t";
  } else if (c == '\n') {
    out += "\\n";
  } else if (c == '\r') {
    out += "\\r";
  } else if (c < 0x20 || c == 0x7F) {
    append_escape(out, c);
  } else {
    return false;
  }
  return true;
}

// The shortest digits that round-trip, and the decimal exponent of the first digit.
void shortest_digits(double value, std::string& digits, int& exponent) {
  char buf[32];
  auto result = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string_view s(buf, result.ptr - buf);
  const std::size_t e = s.find('e');
  for (char c : s.substr(0, e)) {
    if (c != '.' && c != '-') digits += c;
  }
  exponent = std::stoi(std::string(s.substr(e + 1)));
}

// Python's float_repr_style 'short' with repr's rules: fixed notation for 1e-4 <= |x| < 1e16,
// otherwise scientific with a signed, at least two-digit exponent; ".0" keeps floats looking like
// floats when `add_dot_zero`.
std::string format_shortest(double value, bool add_dot_zero) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::string out = std::signbit(value) ? "-" : "";
  if (value == 0) return out + (add_dot_zero ? "0.0" : "0");
  std::string digits;
  int exp;
  shortest_digits(std::fabs(value), digits, exp);
  const int decpt = exp + 1;  // position of the decimal point after the first digit
  if (decpt > 16 || decpt < -3) {
    out += digits[0];
    if (digits.size() > 1) out.append(".").append(digits, 1);
    char e[16];
    std::snprintf(e, sizeof e, "e%c%02d", exp < 0 ? '-' : '+', std::abs(exp));
    return out + e;
  }
  if (decpt <= 0) return out.append("0.").append(-decpt, '0').append(digits);
  if (static_cast<int>(digits.size()) <= decpt) {
    out.append(digits).append(decpt - digits.size(), '0');
    return add_dot_zero ? out.append(".0") : out;
  }
  return out.append(digits, 0, decpt).append(".").append(digits, decpt);
}

}  // namespace

std::string repr_str(std::string_view s) {
  const char quote = choose_quote(s);
  std::string out(1, quote);
  for (std::size_t i = 0; i < s.size();) {
    unicode::Decoded d = unicode::decode_utf8(s, i);
    if (d.length == 0) d = {static_cast<unsigned char>(s[i]), 1, nullptr};
    if (!append_common_escape(out, d.cp, quote)) {
      if (d.cp < 0x80 || unicode::is_printable(d.cp)) {
        out.append(s.substr(i, d.length));
      } else {
        append_escape(out, d.cp);
      }
    }
    i += d.length;
  }
  out += quote;
  return out;
}

std::string repr_bytes(std::string_view s) {
  const char quote = choose_quote(s);
  std::string out = "b";
  out += quote;
  for (unsigned char c : s) {
    if (!append_common_escape(out, c, quote)) {
      if (c >= 0x80) {
        append_escape(out, c);
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  out += quote;
  return out;
}

std::string repr_float(double value) { return format_shortest(value, true); }

std::string repr_complex(double real, double imag) {
  std::string im = format_shortest(imag, false);
  // CPython leaves out a zero real part that has a positive sign, and then the parentheses too.
  if (real == 0 && !std::signbit(real)) return im.append("j");
  std::string out = "(";
  out += format_shortest(real, false);
  if (im[0] != '-') out += '+';
  out += im;
  out += "j)";
  return out;
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

std::string int_literal_to_decimal(std::string_view digits, int base) {
  constexpr uint32_t kLimb = 1000000000;
  std::vector<uint32_t> limbs{0};  // little-endian, base 1e9
  for (char c : digits) {
    uint64_t carry = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    for (uint32_t& limb : limbs) {
      const uint64_t v = static_cast<uint64_t>(limb) * base + carry;
      limb = static_cast<uint32_t>(v % kLimb);
      carry = v / kLimb;
    }
    if (carry) limbs.push_back(static_cast<uint32_t>(carry));
  }
  std::string out = std::to_string(limbs.back());
  for (auto it = limbs.rbegin() + 1; it != limbs.rend(); ++it) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%09u", *it);
    out += buf;
  }
  return out;
}

}  // namespace kiln::runtime
