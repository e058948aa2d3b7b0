// Python's operators and builtins on int (int64_t), float (double), bool and str (UTF-8
// std::string), with CPython's results and exceptions. Generated code calls these; the op library
// (compiler/ops) says which one each Python operation becomes.
//
// Documented differences from CPython, all consequences of int being 64-bit and of static types:
// an int result outside int64 raises OverflowError ("integer overflow"); int ** negative int raises
// ValueError (CPython returns a float); a negative float to a fractional power raises ValueError
// (CPython returns a complex).
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include "runtime/exceptions.h"
#include "runtime/repr.h"
#include "runtime/unicode/utf8.h"

namespace kiln::rt {

[[noreturn]] inline void int_overflow() {
  throw OverflowError("integer overflow");
}

inline int64_t add(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) int_overflow();
  return r;
}
inline int64_t sub(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) int_overflow();
  return r;
}
inline int64_t mul(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) int_overflow();
  return r;
}
inline int64_t neg(int64_t a) {
  return sub(0, a);
}
inline int64_t abs(int64_t a) {
  return a < 0 ? neg(a) : a;
}

inline int64_t floordiv(int64_t a, int64_t b) {
  if (b == 0) throw ZeroDivisionError("integer division or modulo by zero");
  if (a == std::numeric_limits<int64_t>::min() && b == -1) int_overflow();
  int64_t q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) --q;  // floor, not truncate
  return q;
}
inline int64_t mod(int64_t a, int64_t b) {
  if (b == 0) throw ZeroDivisionError("integer modulo by zero");
  if (b == -1) return 0;
  int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;  // the sign of the divisor
  return r;
}
inline double truediv(int64_t a, int64_t b) {
  if (b == 0) throw ZeroDivisionError("division by zero");
  return static_cast<double>(a) / static_cast<double>(b);
}
inline int64_t pow(int64_t base, int64_t exp) {
  if (exp < 0) throw ValueError("negative exponent: Kiln's int ** int needs exp >= 0 (use a float base)");
  int64_t result = 1;
  while (exp > 0) {
    if (exp & 1) result = mul(result, base);
    exp >>= 1;
    if (exp > 0) base = mul(base, base);
  }
  return result;
}
inline int64_t lshift(int64_t a, int64_t n) {
  if (n < 0) throw ValueError("negative shift count");
  if (a == 0) return 0;
  if (n >= 63 || (a > 0 ? a > (std::numeric_limits<int64_t>::max() >> n)
                        : a < (std::numeric_limits<int64_t>::min() >> n))) {
    int_overflow();
  }
  return static_cast<int64_t>(static_cast<uint64_t>(a) << n);
}
inline int64_t rshift(int64_t a, int64_t n) {
  if (n < 0) throw ValueError("negative shift count");
  return n >= 63 ? (a < 0 ? -1 : 0) : a >> n;  // arithmetic shift floors, as Python's does
}

inline double truediv(double a, double b) {
  if (b == 0) throw ZeroDivisionError("float division by zero");
  return a / b;
}
// CPython's float_divmod, which both // and % follow.
inline double mod(double a, double b) {
  if (b == 0) throw ZeroDivisionError("float modulo");
  double m = std::fmod(a, b);
  if (m != 0) {
    if ((b < 0) != (m < 0)) m += b;
  } else {
    m = std::copysign(0.0, b);
  }
  return m;
}
inline double floordiv(double a, double b) {
  if (b == 0) throw ZeroDivisionError("float floor division by zero");
  double m = std::fmod(a, b);
  double div = (a - m) / b;
  if (m != 0 && (b < 0) != (m < 0)) div -= 1.0;
  if (div == 0) return std::copysign(0.0, a / b);
  double floor_div = std::floor(div);
  if (div - floor_div > 0.5) floor_div += 1.0;
  return floor_div;
}
inline double pow(double base, double exp) {
  if (base == 0 && exp < 0) throw ZeroDivisionError("0.0 cannot be raised to a negative power");
  if (base < 0 && std::isfinite(exp) && exp != std::floor(exp)) {
    throw ValueError("a negative number to a fractional power is complex, which Kiln does not support");
  }
  double r = std::pow(base, exp);
  if (std::isinf(r) && std::isfinite(base) && std::isfinite(exp))
    throw OverflowError("(34, 'Numerical result out of range')");
  return r;
}
inline double abs(double a) {
  return std::fabs(a);
}

inline int64_t to_int(double v) {
  if (std::isnan(v)) throw ValueError("cannot convert float NaN to integer");
  if (std::isinf(v)) throw OverflowError("cannot convert float infinity to integer");
  const double t = std::trunc(v);
  if (t < -9223372036854775808.0 || t >= 9223372036854775808.0) int_overflow();
  return static_cast<int64_t>(t);
}
// round(x): to the nearest int, ties to even.
inline int64_t round(double v) {
  return to_int(std::nearbyint(v));
}

// round(x, ndigits): the decimal nearest the exact binary value (ties to even), as CPython's
// correctly rounded dtoa does; with ndigits < 0 it rounds to tens, hundreds, ...
inline double round(double v, int64_t ndigits) {
  if (!std::isfinite(v) || ndigits > 323) return v;
  if (ndigits < -308) return std::copysign(0.0, v);
  if (ndigits < 0) {
    const double scale = std::pow(10.0, static_cast<double>(-ndigits));
    const double r = std::nearbyint(v / scale) * scale;
    return std::isfinite(r) ? r : v;
  }
  char buf[400];
  const auto result =
      std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, static_cast<int>(ndigits));
  double out = 0;
  std::from_chars(buf, result.ptr, out);
  return out == 0 ? std::copysign(0.0, v) : out;
}
// round(n, ndigits) for an int: exact; ties go to the even multiple.
inline int64_t round(int64_t v, int64_t ndigits) {
  if (ndigits >= 0) return v;
  if (ndigits < -18) return 0;
  int64_t scale = 1;
  for (int64_t i = 0; i < -ndigits; ++i) scale *= 10;
  const int64_t q = floordiv(v, scale), r = mod(v, scale);
  const int64_t twice = r * 2;
  const int64_t rounded = twice > scale || (twice == scale && q % 2 != 0) ? add(q, 1) : q;
  return mul(rounded, scale);
}

// pow(base, exp, mod): the result takes the modulus' sign, as Python's does; a negative exponent
// uses the modular inverse.
inline int64_t pow_mod(int64_t base, int64_t exp, int64_t m) {
  if (m == 0) throw ValueError("pow() 3rd argument cannot be 0");
  const __int128 modulus = m < 0 ? -static_cast<__int128>(m) : m;
  __int128 b = base % modulus;
  if (b < 0) b += modulus;
  if (exp < 0) {  // extended Euclid for the inverse of b
    __int128 r0 = modulus, r1 = b, t0 = 0, t1 = 1;
    while (r1 != 0) {
      const __int128 q = r0 / r1;
      r0 -= q * r1, std::swap(r0, r1);
      t0 -= q * t1, std::swap(t0, t1);
    }
    if (r0 != 1) throw ValueError("base is not invertible for the given modulus");
    b = t0 < 0 ? t0 + modulus : t0;
    exp = exp == std::numeric_limits<int64_t>::min() ? std::numeric_limits<int64_t>::max() : -exp;
  }
  __int128 result = 1 % modulus;
  for (uint64_t e = static_cast<uint64_t>(exp); e; e >>= 1, b = b * b % modulus) {
    if (e & 1) result = result * b % modulus;
  }
  if (m < 0 && result != 0) result -= modulus;
  return static_cast<int64_t>(result);
}

// The next value of a range() loop variable; past int64's end the loop is over (stop is in range).
inline int64_t range_next(int64_t i, int64_t step, int64_t stop) {
  int64_t next;
  return __builtin_add_overflow(i, step, &next) ? stop : next;
}

inline bool truth(bool v) {
  return v;
}
inline bool truth(int64_t v) {
  return v != 0;
}
inline bool truth(double v) {
  return v != 0;
}
inline bool truth(const std::string& s) {
  return !s.empty();
}
inline bool truth(std::string_view s) {  // a borrowed str
  return !s.empty();
}

inline std::string to_str(int64_t v) {
  return std::to_string(v);
}
inline std::string to_str(double v) {
  return runtime::repr_float(v);
}
inline std::string to_str(bool v) {
  return v ? "True" : "False";
}

inline int64_t len(const std::string& s) {
  return static_cast<int64_t>(unicode::count_code_points(s));
}
inline int64_t len(std::string_view s) {  // a borrowed str
  return static_cast<int64_t>(unicode::count_code_points(s));
}
inline std::string concat(const std::string& a, const std::string& b) {
  return a + b;
}
inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

inline int64_t ord(const std::string& s) {
  const std::size_t n = unicode::count_code_points(s);
  if (n != 1)
    throw TypeError("ord() expected a character, but string of length " + std::to_string(n) + " found");
  return unicode::decode_utf8(s, 0).cp;
}
inline std::string chr(int64_t cp) {
  if (cp < 0 || cp > 0x10FFFF) throw ValueError("chr() arg not in range(0x110000)");
  std::string out;
  unicode::append_utf8(out, static_cast<char32_t>(cp));
  return out;
}

}  // namespace kiln::rt
