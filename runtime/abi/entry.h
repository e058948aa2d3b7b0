// What generated code needs to meet the C ABI: reading named arguments out of a kiln_value dict
// with Python's TypeErrors, turning results into kiln_values, and catching every exception.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "include/kiln/kiln.h"
#include "runtime/abi/convert.h"
#include "runtime/exceptions.h"

namespace kiln::abi {

// The arguments of one call: `get` takes each parameter by name, in order; `finish` rejects the
// names no parameter took.
class Arguments {
 public:
  Arguments(std::string function, const kiln_value* inputs)
      : function_(std::move(function)), inputs_(inputs) {}

  // The argument `name` as a T, converted by Convert<As> (a marker such as Bytes when the Python
  // type says more than the C++ one).
  template <class T, class As = T>
  T get(std::string_view name) {
    const kiln_value* v = take(name);
    if (!v)
      throw rt::TypeError(function_ + "() missing 1 required positional argument: '" + std::string(name) +
                          "'");
    return Convert<As>::from(v, place(name));
  }
  template <class T, class As = T>
  T get(std::string_view name, T default_value) {
    const kiln_value* v = take(name);
    return v ? Convert<As>::from(v, place(name)) : default_value;
  }
  void finish() const;

 private:
  const kiln_value* take(std::string_view name);
  Place place(std::string_view name) const { return {function_, "argument '" + std::string(name) + "'"}; }

  std::string function_;
  const kiln_value* inputs_;
  std::vector<std::string> taken_;
};

// The result as a kiln_value the caller owns.
template <class As, class T>
kiln_value* to_value(const T& v) {
  return Convert<As>::to(v).release();
}
template <class T>
kiln_value* to_value(const T& v) {
  return Convert<T>::to(v).release();
}

// Runs `body` (which returns the result value) with every exception caught and turned into *error.
// `source_file` is the Python file, named in errors with the line being executed.
template <class Body>
kiln_status call_entry(const char* function, const char* source_file, const kiln_value* inputs,
                       kiln_value** output, kiln_error** error, Body&& body);

// Not for direct use: the exception-to-error conversion behind call_entry.
kiln_status fail_with(const rt::BaseException& e, const char* source_file, kiln_error** error);
kiln_status fail_with(const char* type, const char* message, kiln_error** error);

template <class Body>
kiln_status call_entry(const char* function, const char* source_file, const kiln_value* inputs,
                       kiln_value** output, kiln_error** error, Body&& body) {
  try {
    if (output == nullptr) return fail_with("TypeError", "kiln_predictor_run: `output` is NULL", error);
    *output = nullptr;
    if (kiln_value_kind(inputs) != KILN_KIND_DICT) {
      return fail_with("TypeError", "kiln_predictor_run: `inputs` must be a dict of named arguments", error);
    }
    Arguments args(function, inputs);
    *output = body(args);
    return *output ? KILN_OK : fail_with("MemoryError", "out of memory", error);
  } catch (const rt::BaseException& e) {
    return fail_with(e, source_file, error);
  } catch (const std::bad_alloc&) {
    return fail_with("MemoryError", "out of memory", error);
  } catch (...) {
    return fail_with("SystemError", "unexpected internal error", error);
  }
}

}  // namespace kiln::abi
