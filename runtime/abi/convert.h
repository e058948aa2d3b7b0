// Conversions between kiln_values and the runtime's C++ values, for every type a compiled
// function's parameters and result may have. Inputs are checked as Python would check them, with
// TypeErrors that name the argument and the item ("f() argument 'xs' item 2 must be int, not str").
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <variant>

#include "include/kiln/kiln.h"
#include "runtime/dict.h"
#include "runtime/exceptions.h"
#include "runtime/generator.h"
#include "runtime/list.h"
#include "runtime/ndarray.h"
#include "runtime/object.h"
#include "runtime/set.h"

namespace kiln::abi {

// Where a value sits in the inputs, for error messages: "argument 'xs'", "argument 'xs' item 2".
struct Place {
  std::string function;
  std::string where;
  Place item(std::size_t i) const { return {function, where + " item " + std::to_string(i)}; }
  Place key(std::string_view k) const { return {function, where + " key '" + std::string(k) + "'"}; }
};

[[noreturn]] void wrong_type(const kiln_value* v, const Place& place, const std::string& expected);

// The value as Python's kinds name it ("int", "list", "NoneType").
const char* kind_name(kiln_kind kind);

// Owns a kiln_value until released to a container or the caller.
using ValuePtr = std::unique_ptr<kiln_value, decltype(&kiln_value_release)>;
inline ValuePtr own(kiln_value* v) {
  if (!v) throw std::bad_alloc();
  return ValuePtr(v, &kiln_value_release);
}
void append(kiln_value* list, ValuePtr item);
void set_key(kiln_value* dict, const std::string& key, ValuePtr value);

template <class T>
struct Convert;

template <>
struct Convert<int64_t> {
  static std::string name() { return "int"; }
  static int64_t from(const kiln_value* v, const Place& place);
  static ValuePtr to(int64_t v) { return own(kiln_value_int(v)); }
};
template <>
struct Convert<double> {
  static std::string name() { return "float"; }
  static double from(const kiln_value* v, const Place& place);
  static ValuePtr to(double v) { return own(kiln_value_float(v)); }
};
template <>
struct Convert<bool> {
  static std::string name() { return "bool"; }
  static bool from(const kiln_value* v, const Place& place);
  static ValuePtr to(bool v) { return own(kiln_value_bool(v)); }
};
template <>
struct Convert<std::string> {
  static std::string name() { return "str"; }
  static std::string from(const kiln_value* v, const Place& place);
  static ValuePtr to(const std::string& v);
};

template <class T>
struct Convert<rt::List<T>> {
  static std::string name() { return "list[" + Convert<T>::name() + "]"; }
  static rt::List<T> from(const kiln_value* v, const Place& place) {
    if (kiln_value_kind(v) != KILN_KIND_LIST) wrong_type(v, place, name());
    std::vector<T> items;
    items.reserve(kiln_value_length(v));
    for (std::size_t i = 0; i < kiln_value_length(v); ++i) {
      items.push_back(Convert<T>::from(kiln_value_list_get(v, i), place.item(i)));
    }
    return rt::List<T>(std::move(items));
  }
  static ValuePtr to(const rt::List<T>& list) {
    ValuePtr out = own(kiln_value_list());
    for (const T& item : list.vector()) append(out.get(), Convert<T>::to(item));
    return out;
  }
};

template <class T>
struct Convert<rt::Set<T>> {
  static std::string name() { return "set[" + Convert<T>::name() + "]"; }
  static rt::Set<T> from(const kiln_value* v, const Place& place) {
    if (kiln_value_kind(v) != KILN_KIND_LIST) wrong_type(v, place, name());
    rt::Set<T> out;
    for (std::size_t i = 0; i < kiln_value_length(v); ++i)
      out.add(Convert<T>::from(kiln_value_list_get(v, i), place.item(i)));
    return out;
  }
  static ValuePtr to(const rt::Set<T>& set) {
    ValuePtr out = own(kiln_value_list());
    for (const T& item : set) append(out.get(), Convert<T>::to(item));
    return out;
  }
};

// Dicts cross the ABI with string keys only (JSON objects); other key types are rejected at compile time.
template <class V>
struct Convert<rt::Dict<std::string, V>> {
  static std::string name() { return "dict[str, " + Convert<V>::name() + "]"; }
  static rt::Dict<std::string, V> from(const kiln_value* v, const Place& place) {
    if (kiln_value_kind(v) != KILN_KIND_DICT) wrong_type(v, place, name());
    rt::Dict<std::string, V> out;
    for (std::size_t i = 0; i < kiln_value_length(v); ++i) {
      const char* key = nullptr;
      std::size_t size = 0;
      const kiln_value* value = kiln_value_dict_value_at(v, i, &key, &size);
      std::string k(key, size);
      out.setitem(k, Convert<V>::from(value, place.key(k)));
    }
    return out;
  }
  static ValuePtr to(const rt::Dict<std::string, V>& dict) {
    ValuePtr out = own(kiln_value_dict());
    for (const auto& [key, value] : dict.items()) set_key(out.get(), key, Convert<V>::to(value));
    return out;
  }
};

// Tuples are lists of the right length.
template <class... Ts>
struct Convert<std::tuple<Ts...>> {
  static std::string name() {
    std::string out = "tuple[";
    const char* sep = "";
    ((out += sep, out += Convert<Ts>::name(), sep = ", "), ...);
    return out + "]";
  }
  static std::tuple<Ts...> from(const kiln_value* v, const Place& place) {
    if (kiln_value_kind(v) != KILN_KIND_LIST || kiln_value_length(v) != sizeof...(Ts))
      wrong_type(v, place, name());
    return items(v, place, std::index_sequence_for<Ts...>{});
  }
  static ValuePtr to(const std::tuple<Ts...>& t) {
    ValuePtr out = own(kiln_value_list());
    std::apply([&](const Ts&... item) { (append(out.get(), Convert<Ts>::to(item)), ...); }, t);
    return out;
  }

 private:
  template <std::size_t... I>
  static std::tuple<Ts...> items(const kiln_value* v, const Place& place, std::index_sequence<I...>) {
    return {Convert<Ts>::from(kiln_value_list_get(v, I), place.item(I))...};
  }
};

template <class T>
struct Convert<std::optional<T>> {
  static std::string name() { return Convert<T>::name() + " | None"; }
  static std::optional<T> from(const kiln_value* v, const Place& place) {
    if (kiln_value_kind(v) == KILN_KIND_NULL) return std::nullopt;
    return Convert<T>::from(v, place);
  }
  static ValuePtr to(const std::optional<T>& v) { return v ? Convert<T>::to(*v) : own(kiln_value_null()); }
};

template <>
struct Convert<std::monostate> {
  static std::string name() { return "None"; }
  static bool accepts(const kiln_value* v) { return kiln_value_kind(v) == KILN_KIND_NULL; }
  static std::monostate from(const kiln_value*, const Place&) { return {}; }
  static ValuePtr to(std::monostate) { return own(kiln_value_null()); }
};

// Which kinds of kiln_value a type takes (a union picks its first alternative that does).
inline bool accepts_kind(kiln_kind k, const std::string& name) {
  if (name == "int") return k == KILN_KIND_INT || k == KILN_KIND_BOOL;
  if (name == "float") return k == KILN_KIND_FLOAT || k == KILN_KIND_INT;
  if (name == "bool") return k == KILN_KIND_BOOL;
  if (name == "str") return k == KILN_KIND_STRING;
  if (name == "None") return k == KILN_KIND_NULL;
  if (name.starts_with("list[") || name.starts_with("set[") || name.starts_with("tuple["))
    return k == KILN_KIND_LIST;
  return k == KILN_KIND_DICT;
}

template <class... Ts>
struct Convert<std::variant<Ts...>> {
  static std::string name() {
    std::string out;
    ((out += (out.empty() ? "" : " | ") + Convert<Ts>::name()), ...);
    return out;
  }
  static std::variant<Ts...> from(const kiln_value* v, const Place& place) {
    std::optional<std::variant<Ts...>> out;
    // Exact kinds first (an int stays an int in `int | float`), then what converts.
    ((!out && exact<Ts>(v) ? (out = Convert<Ts>::from(v, place), 0) : 0), ...);
    ((!out && accepts_kind(kiln_value_kind(v), Convert<Ts>::name()) ? (out = Convert<Ts>::from(v, place), 0)
                                                                    : 0),
     ...);
    if (!out) wrong_type(v, place, name());
    return *out;
  }
  static ValuePtr to(const std::variant<Ts...>& v) {
    return std::visit([](const auto& x) { return Convert<std::decay_t<decltype(x)>>::to(x); }, v);
  }

 private:
  template <class T>
  static bool exact(const kiln_value* v) {
    const kiln_kind k = kiln_value_kind(v);
    const std::string n = Convert<T>::name();
    return (n == "int" && k == KILN_KIND_INT) || (n == "float" && k == KILN_KIND_FLOAT) ||
           (n == "bool" && k == KILN_KIND_BOOL);
  }
};

// ndarrays cross as tensors. Results are lent to the caller without a copy (the tensor keeps the
// buffer alive); arguments are copied, as the caller's buffer is only valid during the call.
template <>
struct Convert<rt::NdArray> {
  static std::string name() { return "ndarray"; }
  static rt::NdArray from(const kiln_value* v, const Place& place);
  static ValuePtr to(const rt::NdArray& a);
};

// Markers for Python types that share a C++ type with another: `bytes` (a std::string, as str is)
// and an ndarray whose annotation names its dtype (NDArray[np.float32]).
struct Bytes {};
template <rt::DType D>
struct ArrayOf {};

template <>
struct Convert<Bytes> {
  static std::string name() { return "bytes"; }
  static std::string from(const kiln_value* v, const Place& place);
  static ValuePtr to(const std::string& v) { return own(kiln_value_bytes(v.data(), v.size())); }
};

// The dtype's name as numpy spells it ("float32").
const char* dtype_name(rt::DType dtype);

template <rt::DType D>
struct Convert<ArrayOf<D>> {
  static std::string name() { return std::string("ndarray[") + dtype_name(D) + "]"; }
  static rt::NdArray from(const kiln_value* v, const Place& place) {
    rt::NdArray a = Convert<rt::NdArray>::from(v, place);
    if (a.dtype() != D)
      throw rt::TypeError(place.function + "() " + place.where + " must be an ndarray of " + dtype_name(D) +
                          ", not of " + dtype_name(a.dtype()));
    return a;
  }
};

// A generator's items, run to the end, as a list.
template <class T>
struct Convert<rt::Generator<T>> {
  static ValuePtr to(const rt::Generator<T>& items) {
    ValuePtr out = own(kiln_value_list());
    for (const T& item : items) append(out.get(), Convert<T>::to(item));
    return out;
  }
};

// Instances of the module's classes cross as dicts of their fields.
template <class T>
struct Convert<rt::Ref<T>> {
  static std::string name() { return T::kName; }
  static rt::Ref<T> from(const kiln_value* v, const Place& place) {
    if (kiln_value_kind(v) != KILN_KIND_DICT) wrong_type(v, place, name());
    rt::Ref<T> out = rt::Ref<T>::make();
    out->fields([&](const char* field, auto& member) {
      const kiln_value* item = kiln_value_dict_get(v, field, std::char_traits<char>::length(field));
      if (!item) throw rt::TypeError(place.function + "() " + place.where + " has no field '" + field + "'");
      member = Convert<std::decay_t<decltype(member)>>::from(item, place.key(field));
    });
    return out;
  }
  static ValuePtr to(const rt::Ref<T>& object) {
    ValuePtr out = own(kiln_value_dict());
    object->fields([&](const char* field, const auto& member) {
      set_key(out.get(), field, Convert<std::decay_t<decltype(member)>>::to(member));
    });
    return out;
  }
};

}  // namespace kiln::abi
