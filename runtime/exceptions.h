// Python's built-in exceptions as C++ exceptions, with CPython's class names and hierarchy, so
// `except ValueError` in compiled code catches what CPython's would. Messages use CPython's wording.
// They never cross the C ABI: the boundary catches them and returns them as error values.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace kiln::rt {

// BaseException: what every Python exception is; `type_name()` is the Python class name.
class BaseException : public std::exception {
 public:
  explicit BaseException(std::string message = {}) : message_(std::move(message)) {}
  const char* what() const noexcept override { return message_.c_str(); }
  const std::string& message() const { return message_; }
  virtual std::string_view type_name() const { return "BaseException"; }

  // The Python line that raised it: the innermost compiled frame sets it as the exception passes.
  int python_line() const { return python_line_; }
  void note_line(int line) {
    if (python_line_ == 0) python_line_ = line;
  }

 private:
  std::string message_;
  int python_line_ = 0;
};

#define KILN_PY_EXCEPTION(Name, Base)                             \
  class Name : public Base {                                      \
   public:                                                        \
    using Base::Base;                                             \
    std::string_view type_name() const override { return #Name; } \
  };

KILN_PY_EXCEPTION(Exception, BaseException)
KILN_PY_EXCEPTION(ArithmeticError, Exception)
KILN_PY_EXCEPTION(OverflowError, ArithmeticError)
KILN_PY_EXCEPTION(ZeroDivisionError, ArithmeticError)
KILN_PY_EXCEPTION(AssertionError, Exception)
KILN_PY_EXCEPTION(AttributeError, Exception)
KILN_PY_EXCEPTION(LookupError, Exception)
KILN_PY_EXCEPTION(IndexError, LookupError)
KILN_PY_EXCEPTION(KeyError, LookupError)
KILN_PY_EXCEPTION(NameError, Exception)
KILN_PY_EXCEPTION(RuntimeError, Exception)
KILN_PY_EXCEPTION(NotImplementedError, RuntimeError)
KILN_PY_EXCEPTION(RecursionError, RuntimeError)
KILN_PY_EXCEPTION(StopIteration, Exception)
KILN_PY_EXCEPTION(TypeError, Exception)
KILN_PY_EXCEPTION(ValueError, Exception)
KILN_PY_EXCEPTION(UnicodeError, ValueError)
KILN_PY_EXCEPTION(UnicodeDecodeError, UnicodeError)
KILN_PY_EXCEPTION(UnicodeEncodeError, UnicodeError)
KILN_PY_EXCEPTION(MemoryError, Exception)
KILN_PY_EXCEPTION(OSError, Exception)
KILN_PY_EXCEPTION(SystemError, Exception)
// numpy's: a ufunc whose result cannot be cast to its output (`int_array += 0.5`).
KILN_PY_EXCEPTION(UFuncTypeError, TypeError)

#undef KILN_PY_EXCEPTION

}  // namespace kiln::rt
