// Python's iteration protocol for generated code: what a `for` loop walks (iterate), the lazy
// streams builtins return (range, enumerate, zip, reversed, map, filter), and the builtins that
// consume any iterable (list(), set(), dict(), sum, min, max, any, all, sorted, `in`), with CPython's
// results and exception messages.
//
// A stream is a C++ range whose items are values; iterate(x) makes any supported value one. Strings
// iterate by code point, dicts by key, homogeneous tuples by item.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "runtime/builtins.h"
#include "runtime/dict.h"
#include "runtime/exceptions.h"
#include "runtime/list.h"
#include "runtime/set.h"
#include "runtime/unicode/utf8.h"

namespace kiln::rt {

// A caught exception bound by `except E as name`.
struct CaughtException {
  std::string type;
  std::string message;
};
inline CaughtException capture(const BaseException& e) {
  return {std::string(e.type_name()), e.message()};
}
inline std::string repr(const CaughtException& e) {
  // KeyError keeps its key's repr as its message; others show their message's repr.
  if (e.message.empty()) return e.type + "()";
  return e.type + "(" + (e.type == "KeyError" ? e.message : repr(e.message)) + ")";
}

// --- Walking values -----------------------------------------------------------------------------

// A str's characters, each a one-code-point str.
class CodePoints {
 public:
  explicit CodePoints(std::string text) : text_(std::move(text)) {}
  struct End {};
  class Iterator {
   public:
    explicit Iterator(const std::string* text) : text_(text) {}
    std::string operator*() const { return text_->substr(pos_, width()); }
    Iterator& operator++() {
      pos_ += width();
      return *this;
    }
    friend bool operator==(const Iterator& it, End) { return it.pos_ >= it.text_->size(); }

   private:
    std::size_t width() const {
      const auto lead = static_cast<unsigned char>((*text_)[pos_]);
      return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    }
    const std::string* text_;
    std::size_t pos_ = 0;
  };
  Iterator begin() const { return Iterator(&text_); }
  End end() const { return {}; }

 private:
  std::string text_;
};

inline CodePoints iterate(const std::string& s) {
  return CodePoints(s);
}
template <class T>
const List<T>& iterate(const List<T>& v) {
  return v;
}
template <class T>
const Set<T>& iterate(const Set<T>& v) {
  return v;
}
template <class K, class V>
const Dict<K, V>& iterate(const Dict<K, V>& v) {
  return v;
}
template <class T, class... Ts>
requires(std::is_same_v<T, Ts>&&...) std::array<T, 1 + sizeof...(Ts)> iterate(const std::tuple<T, Ts...>& t) {
  return std::apply([](const auto&... items) { return std::array<T, 1 + sizeof...(Ts)>{items...}; }, t);
}
// Streams (anything else with begin/end) are walked as they are.
template <class Stream>
requires requires(const Stream& s) {
  s.begin();
}
const Stream& iterate(const Stream& s) {
  return s;
}

template <class X>
using ItemOf = std::decay_t<decltype(*std::declval<const X&>().begin())>;
template <class X>
using ElementOf = ItemOf<std::decay_t<decltype(iterate(std::declval<const X&>()))>>;

// --- Streams ------------------------------------------------------------------------------------

// A stream computed by `next` (which returns nullopt at the end), stored by value.
template <class Item, class Next>
class Stream {
 public:
  explicit Stream(Next next) : next_(std::move(next)) {}
  struct End {};
  class Iterator {
   public:
    explicit Iterator(Next next) : next_(std::move(next)), item_(next_()) {}
    const Item& operator*() const { return *item_; }
    Iterator& operator++() {
      item_ = next_();
      return *this;
    }
    friend bool operator==(const Iterator& it, End) { return !it.item_.has_value(); }

   private:
    Next next_;
    std::optional<Item> item_;
  };
  Iterator begin() const { return Iterator(next_); }
  End end() const { return {}; }

 private:
  Next next_;
};

template <class Item, class Next>
Stream<Item, Next> make_stream(Next next) {
  return Stream<Item, Next>(std::move(next));
}

// A cursor over iterate(x) that keeps what it walks alive.
template <class X>
auto cursor(const X& x) {
  using Source = std::decay_t<decltype(iterate(x))>;
  struct Cursor {
    std::shared_ptr<Source> source;
    decltype(std::declval<const Source&>().begin()) it;
    std::optional<ElementOf<X>> next() {
      if (it == source->end()) return std::nullopt;
      std::optional<ElementOf<X>> item(*it);
      ++it;
      return item;
    }
  };
  auto source = std::make_shared<Source>(iterate(x));
  auto it = source->begin();
  return Cursor{std::move(source), std::move(it)};
}

inline auto range(int64_t start, int64_t stop, int64_t step) {
  if (step == 0) throw ValueError("range() arg 3 must not be zero");
  return make_stream<int64_t>([i = start, stop, step, done = false]() mutable -> std::optional<int64_t> {
    if (done || (step > 0 ? i >= stop : i <= stop)) return std::nullopt;
    const int64_t value = i;
    if (__builtin_add_overflow(i, step, &i)) done = true;
    return value;
  });
}

template <class X>
auto enumerate(const X& x, int64_t start) {
  using Item = std::tuple<int64_t, ElementOf<X>>;
  return make_stream<Item>([c = cursor(x), i = start]() mutable -> std::optional<Item> {
    auto item = c.next();
    if (!item) return std::nullopt;
    return Item(i++, std::move(*item));
  });
}

template <class... Xs>
auto zip(const Xs&... xs) {
  using Item = std::tuple<ElementOf<Xs>...>;
  return make_stream<Item>([cs = std::tuple(cursor(xs)...)]() mutable -> std::optional<Item> {
    auto items = std::apply([](auto&... c) { return std::tuple(c.next()...); }, cs);
    const bool all = std::apply([](const auto&... i) { return (i.has_value() && ...); }, items);
    if (!all) return std::nullopt;
    return std::apply([](auto&... i) { return Item(std::move(*i)...); }, items);
  });
}

template <class T>
auto reversed(const List<T>& list) {
  return make_stream<T>([list, i = list.len()]() mutable -> std::optional<T> {
    if (i > list.len()) i = list.len();  // the list shrank: CPython's reverse iterator stops too
    if (i <= 0) return std::nullopt;
    return list.getitem(--i);
  });
}
inline auto reversed(const std::string& s) {
  std::vector<std::string> chars;
  for (std::string c : CodePoints(s)) chars.push_back(std::move(c));
  return make_stream<std::string>([chars = std::move(chars)]() mutable -> std::optional<std::string> {
    if (chars.empty()) return std::nullopt;
    std::string c = std::move(chars.back());
    chars.pop_back();
    return c;
  });
}

template <class F, class X>
auto map(F f, const X& x) {
  using Item = std::decay_t<std::invoke_result_t<F&, const ElementOf<X>&>>;
  return make_stream<Item>([f, c = cursor(x)]() mutable -> std::optional<Item> {
    auto item = c.next();
    if (!item) return std::nullopt;
    return f(*item);
  });
}

template <class F, class X>
auto filter(F f, const X& x) {
  using Item = ElementOf<X>;
  return make_stream<Item>([f, c = cursor(x)]() mutable -> std::optional<Item> {
    while (auto item = c.next()) {
      if (truth(f(*item))) return item;
    }
    return std::nullopt;
  });
}

// --- Consumers ----------------------------------------------------------------------------------

template <class X>
List<ElementOf<X>> to_list(const X& x) {
  std::vector<ElementOf<X>> items;
  for (auto&& item : iterate(x)) items.push_back(std::forward<decltype(item)>(item));
  return List<ElementOf<X>>(std::move(items));
}
// list(a_list) is a copy, as in Python.
template <class T>
List<T> to_list(const List<T>& x) {
  return x.copy();
}

template <class X>
Set<ElementOf<X>> to_set(const X& x) {
  Set<ElementOf<X>> out;
  for (auto&& item : iterate(x)) out.add(std::forward<decltype(item)>(item));
  return out;
}
template <class T>
Set<T> to_set(const Set<T>& x) {
  return x.copy();
}

template <class X>
auto to_dict(const X& x) {
  using Item = ElementOf<X>;
  Dict<std::tuple_element_t<0, Item>, std::tuple_element_t<1, Item>> out;
  for (auto&& item : iterate(x)) out.setitem(std::get<0>(item), std::get<1>(item));
  return out;
}

template <class X>
std::vector<std::string> to_strings(const X& x) {
  std::vector<std::string> out;
  for (auto&& item : iterate(x)) out.push_back(std::forward<decltype(item)>(item));
  return out;
}
inline const std::vector<std::string>& to_strings(const List<std::string>& x) {
  return x.vector();
}

template <class X, class Total>
Total sum(const X& x, Total total) {
  for (auto&& item : iterate(x)) {
    if constexpr (std::is_same_v<Total, int64_t>) {
      total = add(total, static_cast<int64_t>(item));
    } else {
      total += item;
    }
  }
  return total;
}

template <class X>
bool any_of(const X& x) {
  for (auto&& item : iterate(x)) {
    if (truth(item)) return true;
  }
  return false;
}
template <class X>
bool all_of(const X& x) {
  for (auto&& item : iterate(x)) {
    if (!truth(item)) return false;
  }
  return true;
}

template <class X, class T>
bool iter_contains(const X& x, const T& value) {
  for (auto&& item : iterate(x)) {
    if (Eq<T>{}(item, value)) return true;
  }
  return false;
}

// min/max keep the first of equal items, as CPython's do.
template <class X, class Key, class Better>
std::optional<ElementOf<X>> extreme(const X& x, Key key, Better better) {
  std::optional<ElementOf<X>> best;
  std::optional<std::decay_t<std::invoke_result_t<Key&, const ElementOf<X>&>>> best_key;
  for (auto&& item : iterate(x)) {
    auto k = key(item);
    if (!best || better(k, *best_key)) {
      best = item;
      best_key = std::move(k);
    }
  }
  return best;
}
inline constexpr auto kIdentity = [](const auto& v) { return v; };
inline constexpr auto kLess = [](const auto& a, const auto& b) { return a < b; };
inline constexpr auto kGreater = [](const auto& a, const auto& b) { return b < a; };

template <class X, class Key = decltype(kIdentity)>
ElementOf<X> min_of(const X& x, Key key = kIdentity) {
  auto best = extreme(x, key, kLess);
  if (!best) throw ValueError("min() arg is an empty sequence");
  return *best;
}
template <class X, class Key = decltype(kIdentity)>
ElementOf<X> max_of(const X& x, Key key = kIdentity) {
  auto best = extreme(x, key, kGreater);
  if (!best) throw ValueError("max() arg is an empty sequence");
  return *best;
}
template <class X>
ElementOf<X> min_of_or(const X& x, ElementOf<X> fallback) {
  return extreme(x, kIdentity, kLess).value_or(std::move(fallback));
}
template <class X>
ElementOf<X> max_of_or(const X& x, ElementOf<X> fallback) {
  return extreme(x, kIdentity, kGreater).value_or(std::move(fallback));
}
inline std::string min2(const std::string& a, const std::string& b) {
  return b < a ? b : a;
}
inline std::string max2(const std::string& a, const std::string& b) {
  return a < b ? b : a;
}

template <class X>
auto sorted(const X& x, bool reverse) {
  auto out = to_list(x);
  out.sort(reverse);
  return out;
}
template <class X, class Key>
auto sorted(const X& x, Key key, bool reverse) {
  auto out = to_list(x);
  out.sort(key, reverse);
  return out;
}

// `x += y`, `x *= n`, `x |= y`: the same object, changed.
template <class T, class X>
List<T> extend_in_place(List<T> list, const X& items) {
  list.extend(to_list(items));
  return list;
}
template <class T>
List<T> repeat_in_place(List<T> list, int64_t n) {
  list *= n;
  return list;
}
template <class C>
C update_in_place(C container, const C& other) {
  container.update(other);
  return container;
}

// --- Small helpers the op library names -----------------------------------------------------------

// Another handle to the same list, dict or set (one that may be changed through).
template <class C>
C handle(const C& container) {
  return container;
}

// `a, b = xs` needs exactly as many items as targets.
inline void check_unpack(int64_t have, int64_t want) {
  if (have < want) {
    throw ValueError("not enough values to unpack (expected " + std::to_string(want) + ", got " +
                     std::to_string(have) + ")");
  }
  if (have > want) throw ValueError("too many values to unpack (expected " + std::to_string(want) + ")");
}

// str methods take an optional separator as a string_view.
inline std::optional<std::string_view> chars(const std::optional<std::string>& s) {
  return s ? std::optional<std::string_view>(*s) : std::nullopt;
}
inline std::optional<std::string_view> chars(std::string_view literal) {  // a literal, passed as is
  return literal;
}
inline std::tuple<std::string, std::string, std::string> as_tuple(const std::array<std::string, 3>& a) {
  return {a[0], a[1], a[2]};
}

template <class T>
bool has_value(const std::optional<T>& v) {
  return v.has_value();
}
template <class T>
bool has_value(const T&) {
  return true;
}

template <class T>
bool truth(const List<T>& v) {
  return v.len() != 0;
}
template <class T>
bool truth(const Set<T>& v) {
  return v.len() != 0;
}
template <class K, class V>
bool truth(const Dict<K, V>& v) {
  return v.len() != 0;
}
template <class... Ts>
bool truth(const std::tuple<Ts...>&) {
  return sizeof...(Ts) != 0;
}
template <class T>
bool truth(const std::optional<T>& v) {
  return v.has_value() && truth(*v);
}

// A variadic tuple (stored as a List) prints as a tuple.
template <class T>
std::string repr_tuple(const List<T>& t) {
  std::string inner = repr(t);
  inner = inner.substr(1, inner.size() - 2);
  return "(" + inner + (t.len() == 1 ? ",)" : ")");
}

inline std::tuple<int64_t, int64_t> divmod(int64_t a, int64_t b) {
  return {floordiv(a, b), mod(a, b)};
}
inline std::tuple<double, double> divmod(double a, double b) {
  if (b == 0) throw ZeroDivisionError("float divmod()");
  return {floordiv(a, b), mod(a, b)};
}

}  // namespace kiln::rt
