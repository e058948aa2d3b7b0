#include "runtime/abi/entry.h"

#include <algorithm>

#include "runtime/abi/internal.h"
#include "runtime/builtins.h"

namespace kiln::abi {
const char* kind_name(kiln_kind kind) {
  switch (kind) {
    case KILN_KIND_NULL:
      return "NoneType";
    case KILN_KIND_BOOL:
      return "bool";
    case KILN_KIND_INT:
      return "int";
    case KILN_KIND_FLOAT:
      return "float";
    case KILN_KIND_STRING:
      return "str";
    case KILN_KIND_BYTES:
      return "bytes";
    case KILN_KIND_LIST:
      return "list";
    case KILN_KIND_DICT:
      return "dict";
    case KILN_KIND_TENSOR:
      return "ndarray";
  }
  return "object";
}

void wrong_type(const kiln_value* v, const Place& place, const std::string& expected) {
  throw rt::TypeError(place.function + "() " + place.where + " must be " + expected + ", not " +
                      kind_name(kiln_value_kind(v)));
}

// Containers adopt their items; a failure here is out of memory or invalid UTF-8 in a key.
void append(kiln_value* list, ValuePtr item) {
  kiln_error* error = nullptr;
  if (kiln_value_list_append(list, item.get(), &error) != KILN_OK) {
    kiln_error_release(error);
    throw std::bad_alloc();
  }
  item.release();
}

void set_key(kiln_value* dict, const std::string& key, ValuePtr value) {
  kiln_error* error = nullptr;
  if (kiln_value_dict_set(dict, key.data(), key.size(), value.get(), &error) != KILN_OK) {
    std::string message = kiln_error_message(error);
    kiln_error_release(error);
    throw rt::UnicodeEncodeError(message);
  }
  value.release();
}

const kiln_value* Arguments::take(std::string_view name) {
  taken_.emplace_back(name);
  return kiln_value_dict_get(inputs_, name.data(), name.size());
}

void Arguments::finish() const {
  for (std::size_t i = 0; i < kiln_value_length(inputs_); ++i) {
    const char* key = nullptr;
    std::size_t size = 0;
    kiln_value_dict_value_at(inputs_, i, &key, &size);
    std::string name(key, size);
    if (std::find(taken_.begin(), taken_.end(), name) == taken_.end()) {
      throw rt::TypeError(function_ + "() got an unexpected keyword argument '" + name + "'");
    }
  }
}

int64_t Convert<int64_t>::from(const kiln_value* v, const Place& place) {
  if (v->kind == KILN_KIND_INT) return v->integer;
  if (v->kind == KILN_KIND_BOOL) return v->boolean;
  wrong_type(v, place, "int");
}

double Convert<double>::from(const kiln_value* v, const Place& place) {
  if (v->kind == KILN_KIND_FLOAT) return v->floating;
  if (v->kind == KILN_KIND_INT)
    return static_cast<double>(v->integer);  // as Python accepts an int for a float
  if (v->kind == KILN_KIND_BOOL) return v->boolean;
  wrong_type(v, place, "float");
}

bool Convert<bool>::from(const kiln_value* v, const Place& place) {
  if (v->kind == KILN_KIND_BOOL) return v->boolean;
  wrong_type(v, place, "bool");
}

std::string Convert<std::string>::from(const kiln_value* v, const Place& place) {
  if (v->kind == KILN_KIND_STRING) return v->text;
  wrong_type(v, place, "str");
}

ValuePtr Convert<std::string>::to(const std::string& v) {
  kiln_value* out = nullptr;
  // Runtime strings are UTF-8 by construction (lone surrogates aside, which the check reports).
  kiln_error* error = nullptr;
  if (kiln_value_string(v.data(), v.size(), &out, &error) != KILN_OK) {
    std::string message = kiln_error_message(error);
    kiln_error_release(error);
    throw rt::UnicodeEncodeError(message);
  }
  return own(out);
}

kiln_status fail_with(const rt::BaseException& e, const char* source_file, kiln_error** error) {
  if (error) {
    *error =
        new (std::nothrow) kiln_error{std::string(e.type_name()), e.message(), source_file, e.python_line()};
  }
  return KILN_FAILED;
}

kiln_status fail_with(const char* type, const char* message, kiln_error** error) {
  if (error) *error = new (std::nothrow) kiln_error{type, message, "", 0};
  return KILN_FAILED;
}

}  // namespace kiln::abi
