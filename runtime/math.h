// Python's math module on float (double) and int (int64_t), with CPython's errors: a domain error
// is ValueError("math domain error"), a result too large is OverflowError("math range error").
#pragma once

#include <cmath>
#include <cstdint>
#include <numeric>

#include "runtime/builtins.h"
#include "runtime/exceptions.h"

namespace kiln::rt::math {

[[noreturn]] inline void domain_error() {
  throw ValueError("math domain error");
}

inline double sqrt(double x) {
  if (x < 0) domain_error();
  return std::sqrt(x);
}
inline double exp(double x) {
  const double r = std::exp(x);
  if (std::isinf(r) && std::isfinite(x)) throw OverflowError("math range error");
  return r;
}
inline double log(double x) {
  if (x <= 0) domain_error();
  return std::log(x);
}
inline double log(double x, double base) {
  if (x <= 0 || base <= 0) domain_error();
  const double denominator = std::log(base);
  if (denominator == 0) throw ZeroDivisionError("float division by zero");
  return std::log(x) / denominator;
}
inline double log2(double x) {
  if (x <= 0) domain_error();
  return std::log2(x);
}
inline double log10(double x) {
  if (x <= 0) domain_error();
  return std::log10(x);
}
inline double pow(double x, double y) {
  if (x == 0 && y < 0) domain_error();
  if (x < 0 && std::isfinite(x) && std::isfinite(y) && y != std::floor(y)) domain_error();
  const double r = std::pow(x, y);
  if (std::isinf(r) && std::isfinite(x) && std::isfinite(y)) throw OverflowError("math range error");
  return r;
}
// floor/ceil return int: infinities and NaN cannot convert, as in CPython.
inline int64_t floor(double x) {
  return to_int(std::floor(x));
}
inline int64_t ceil(double x) {
  return to_int(std::ceil(x));
}
inline int64_t gcd(int64_t a, int64_t b) {
  return std::gcd(abs(a), abs(b));
}
inline bool isclose(double a, double b, double rel_tol, double abs_tol) {
  if (rel_tol < 0 || abs_tol < 0) throw ValueError("tolerances must be non-negative");
  if (a == b) return true;
  if (std::isinf(a) || std::isinf(b)) return false;
  const double diff = std::fabs(b - a);
  return diff <= std::fabs(rel_tol * b) || diff <= std::fabs(rel_tol * a) || diff <= abs_tol;
}

}  // namespace kiln::rt::math
