// Python's list: a shared reference (copies of a List alias one vector, as Python names alias one
// list object; the vector is reference counted), with list's methods, CPython 3.11's results and its
// exception messages.
//
// Iteration is by index and re-reads the length on every step, as CPython's list iterator does, so a
// loop that appends to or pops from its list behaves as in Python instead of crashing. Iterators
// and getitem() hand out copies / references that stay valid only until the list next changes.
//
// Differences from CPython: items compare by value, so a NaN is never found by `in`, index(),
// count() or remove(), nor equal to itself in ==; sort() is std::stable_sort, which orders exactly
// as CPython's sort whenever `<` is a total order (everything but NaN floats).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "runtime/exceptions.h"
#include "runtime/hash.h"

namespace kiln::rt {

using SliceArg = std::optional<int64_t>;  // a slice's start, stop or step; nullopt is None

// The items a slice selects in a sequence of `length` items: start + k * step for k < count
// (PySlice_Unpack + PySlice_AdjustIndices).
struct SliceRange {
  int64_t start, step, count;
  int64_t at(int64_t k) const { return start + k * step; }
};

inline SliceRange slice_range(SliceArg start_arg, SliceArg stop_arg, SliceArg step_arg, int64_t length) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  int64_t step = step_arg.value_or(1);
  if (step == 0) throw ValueError("slice step cannot be zero");
  step = std::max(step, -kMax);  // PySlice_Unpack keeps -step representable
  auto adjust = [&](SliceArg v, int64_t fallback) {
    int64_t x = v.value_or(fallback);
    if (x < 0) {
      x = x < -length ? (step < 0 ? -1 : 0) : x + length;
    } else if (x >= length) {
      x = step < 0 ? length - 1 : length;
    }
    return x;
  };
  const int64_t start = adjust(start_arg, step < 0 ? kMax : 0);
  const int64_t stop = adjust(stop_arg, step < 0 ? -kMax - 1 : kMax);
  if (step > 0 ? start >= stop : stop >= start) return {start, step, 0};
  // Both ends are within [-1, length], so these differences cannot overflow.
  const int64_t count = step > 0 ? (stop - start - 1) / step + 1 : (start - stop - 1) / -step + 1;
  return {start, step, count};
}

template <class T>
class List {
 public:
  using value_type = T;
  using Vector = std::vector<T>;

  List() : items_(std::make_shared<Vector>()) {}
  List(std::initializer_list<T> items) : items_(std::make_shared<Vector>(items)) {}
  explicit List(Vector items) : items_(std::make_shared<Vector>(std::move(items))) {}

  // `a is b`.
  bool is(const List& other) const { return items_ == other.items_; }
  const Vector& vector() const { return *items_; }

  int64_t len() const { return size(); }

  // a[i], a[i] = v, del a[i]; negative i counts from the end.
  // A reference, except for bool: std::vector<bool> hands out proxies, not references.
  using ItemRef = std::conditional_t<std::is_same_v<T, bool>, bool, const T&>;
  ItemRef getitem(int64_t i) const { return (*items_)[checked(i, "list index out of range")]; }
  void setitem(int64_t i, T value) { (*items_)[checked(i, kAssignmentRange)] = std::move(value); }
  void delitem(int64_t i) { items_->erase(items_->begin() + checked(i, kAssignmentRange)); }

  // a[start:stop:step], a[start:stop:step] = values, del a[start:stop:step].
  List slice(SliceArg start, SliceArg stop, SliceArg step = std::nullopt) const {
    const SliceRange r = slice_range(start, stop, step, size());
    Vector out;
    out.reserve(r.count);
    for (int64_t k = 0; k < r.count; ++k) out.push_back((*items_)[r.at(k)]);
    return List(std::move(out));
  }
  void set_slice(SliceArg start, SliceArg stop, SliceArg step, const List& values) {
    const SliceRange r = slice_range(start, stop, step, size());
    const Vector copy = is(values) ? *values.items_ : Vector();  // a[::-1] = a reads the old items
    const Vector& src = is(values) ? copy : *values.items_;
    if (r.step == 1) {
      const auto at = items_->begin() + r.start;
      items_->insert(items_->erase(at, at + r.count), src.begin(), src.end());
      return;
    }
    if (static_cast<int64_t>(src.size()) != r.count) {
      throw ValueError("attempt to assign sequence of size " + std::to_string(src.size()) +
                       " to extended slice of size " + std::to_string(r.count));
    }
    for (int64_t k = 0; k < r.count; ++k) (*items_)[r.at(k)] = src[k];
  }
  void del_slice(SliceArg start, SliceArg stop, SliceArg step = std::nullopt) {
    const SliceRange r = slice_range(start, stop, step, size());
    if (r.count == 0) return;
    // The same items in ascending order: every `stride`-th from `first`.
    const int64_t stride = r.step < 0 ? -r.step : r.step;
    const int64_t first = r.step < 0 ? r.at(r.count - 1) : r.start;
    const int64_t last = first + (r.count - 1) * stride;
    int64_t out = first;
    for (int64_t i = first; i < size(); ++i) {
      if (i <= last && (i - first) % stride == 0) continue;
      (*items_)[out++] = std::move((*items_)[i]);
    }
    items_->resize(out);
  }

  void append(T value) {
    if (items_->size() == items_->capacity()) grow();
    items_->push_back(std::move(value));
  }
  void extend(const List& other) {
    // Indexing (not iterators) and a reserve first make a.extend(a) safe.
    const std::size_t n = other.items_->size();
    items_->reserve(items_->size() + n);
    for (std::size_t i = 0; i < n; ++i) items_->push_back((*other.items_)[i]);
  }
  void insert(int64_t i, T value) {
    const int64_t n = size();
    if (i < 0) i = std::max<int64_t>(i + n, 0);
    items_->insert(items_->begin() + std::min(i, n), std::move(value));
  }
  T pop(int64_t i = -1) {
    if (items_->empty()) throw IndexError("pop from empty list");
    const std::size_t at = checked(i, "pop index out of range");
    T value = std::move((*items_)[at]);
    items_->erase(items_->begin() + at);
    return value;
  }
  void remove(const T& value) {
    const std::optional<std::size_t> at = find(value, 0, size());
    if (!at) throw ValueError("list.remove(x): x not in list");
    items_->erase(items_->begin() + *at);
  }
  int64_t index(const T& value, int64_t start = 0, int64_t stop = std::numeric_limits<int64_t>::max()) const {
    const std::optional<std::size_t> at = find(value, clamp_bound(start), clamp_bound(stop));
    if (!at) throw ValueError(repr(value) + " is not in list");
    return static_cast<int64_t>(*at);
  }
  int64_t count(const T& value) const {
    return std::count_if(items_->begin(), items_->end(), [&](const T& item) { return Eq<T>{}(item, value); });
  }
  bool contains(const T& value) const { return find(value, 0, size()).has_value(); }
  void reverse() { std::reverse(items_->begin(), items_->end()); }
  void clear() { items_->clear(); }
  List copy() const { return List(Vector(*items_)); }

  // a.sort(reverse=...) and a.sort(key=..., reverse=...): stable; `key` is called once per item.
  void sort(bool reverse = false) {
    sort_detached([reverse](Vector& items) {
      if (reverse) {
        std::stable_sort(items.begin(), items.end(), [](const T& a, const T& b) { return b < a; });
      } else {
        std::stable_sort(items.begin(), items.end(), [](const T& a, const T& b) { return a < b; });
      }
    });
  }
  template <class Key>
  requires std::invocable<Key&, const T&>
  void sort(Key key, bool reverse = false) {
    sort_detached([&key, reverse](Vector& items) {
      std::vector<std::decay_t<std::invoke_result_t<Key&, const T&>>> keys;
      keys.reserve(items.size());
      for (const T& item : items) keys.push_back(std::invoke(key, item));
      std::vector<std::size_t> order(items.size());
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&keys, reverse](std::size_t a, std::size_t b) {
        return reverse ? keys[b] < keys[a] : keys[a] < keys[b];
      });
      Vector sorted;
      sorted.reserve(items.size());
      for (std::size_t i : order) sorted.push_back(std::move(items[i]));
      items = std::move(sorted);
    });
  }

  // a * n (n <= 0 gives []) and a *= n, which changes `a` in place.
  List repeat(int64_t n) const {
    List out;
    out.items_->reserve(repeat_size(n));
    for (int64_t i = 0; i < n; ++i) out.items_->insert(out.items_->end(), items_->begin(), items_->end());
    return out;
  }
  List& operator*=(int64_t n) {
    if (n <= 0) {
      clear();
      return *this;
    }
    const std::size_t n_items = items_->size();
    items_->reserve(repeat_size(n));
    for (int64_t i = 1; i < n; ++i) {
      for (std::size_t j = 0; j < n_items; ++j) items_->push_back((*items_)[j]);
    }
    return *this;
  }
  // a += b extends `a` in place (every alias sees it); a + b is a new list.
  List& operator+=(const List& other) {
    extend(other);
    return *this;
  }
  friend List operator+(const List& a, const List& b) {
    List out = a.copy();
    out.extend(b);
    return out;
  }
  friend List operator*(const List& a, int64_t n) { return a.repeat(n); }
  friend List operator*(int64_t n, const List& a) { return a.repeat(n); }

  // ==, <, ... as CPython's list_richcompare: the first differing items decide, else the lengths.
  friend bool operator==(const List& a, const List& b) {
    return a.size() == b.size() && a.first_difference(b) == a.items_->size();
  }
  friend bool operator<(const List& a, const List& b) { return a.compare(b, std::less<>{}); }
  friend bool operator<=(const List& a, const List& b) { return a.compare(b, std::less_equal<>{}); }
  friend bool operator>(const List& a, const List& b) { return a.compare(b, std::greater<>{}); }
  friend bool operator>=(const List& a, const List& b) { return a.compare(b, std::greater_equal<>{}); }

  // Yields copies; holds the list alive, so rebinding the looped-over name inside the loop is safe.
  class Iterator {
   public:
    struct End {};
    explicit Iterator(std::shared_ptr<Vector> items) : items_(std::move(items)) {}
    ItemRef operator*() const { return (*items_)[pos_]; }  // valid until the list next changes
    Iterator& operator++() {
      ++pos_;
      return *this;
    }
    friend bool operator==(const Iterator& it, End) { return it.pos_ >= it.items_->size(); }

   private:
    std::shared_ptr<Vector> items_;
    std::size_t pos_ = 0;
  };
  Iterator begin() const { return Iterator(items_); }
  typename Iterator::End end() const { return {}; }

 private:
  static constexpr const char* kAssignmentRange = "list assignment index out of range";

  int64_t size() const { return static_cast<int64_t>(items_->size()); }
  // A list's first append makes room for 4 items, as CPython's does, not for 1, then 2, then 4.
  void grow() { items_->reserve(std::max<std::size_t>(4, items_->capacity() * 2)); }

  std::size_t checked(int64_t i, const char* message) const {
    const int64_t n = size();
    if (i < 0) i += n;
    if (i < 0 || i >= n) throw IndexError(message);
    return static_cast<std::size_t>(i);
  }
  // index()'s start and stop: negative counts from the end, then clamped to [0, len].
  int64_t clamp_bound(int64_t i) const {
    if (i < 0) i = std::max<int64_t>(i + size(), 0);
    return std::min(i, size());
  }
  std::optional<std::size_t> find(const T& value, int64_t start, int64_t stop) const {
    for (int64_t i = start; i < stop && i < size(); ++i) {
      if (Eq<T>{}((*items_)[i], value)) return static_cast<std::size_t>(i);
    }
    return std::nullopt;
  }
  std::size_t repeat_size(int64_t n) const {
    if (n <= 0 || items_->empty()) return 0;
    if (static_cast<uint64_t>(n) > std::numeric_limits<int64_t>::max() / sizeof(T) / items_->size()) {
      throw MemoryError("");
    }
    return items_->size() * static_cast<std::size_t>(n);
  }

  std::size_t first_difference(const List& other) const {
    const std::size_t n = std::min(items_->size(), other.items_->size());
    std::size_t i = 0;
    while (i < n && Eq<T>{}((*items_)[i], (*other.items_)[i])) ++i;
    return i;
  }
  template <class Op>
  bool compare(const List& other, Op op) const {
    const std::size_t i = first_difference(other);
    if (i < items_->size() && i < other.items_->size()) return op((*items_)[i], (*other.items_)[i]);
    return op(items_->size(), other.items_->size());
  }

  // CPython sorts with the list emptied, so changes the key function makes are detected, not crashes.
  template <class Sorter>
  void sort_detached(Sorter sorter) {
    Vector items = std::move(*items_);
    items_->clear();
    try {
      sorter(items);
    } catch (...) {
      *items_ = std::move(items);
      throw;
    }
    const bool modified = !items_->empty();
    *items_ = std::move(items);
    if (modified) throw ValueError("list modified during sort");
  }

  std::shared_ptr<Vector> items_;
};

template <class T>
std::string repr(const List<T>& list) {
  std::string out = "[";
  for (std::size_t i = 0; i < list.vector().size(); ++i) {
    if (i > 0) out += ", ";
    out += repr(list.vector()[i]);
  }
  return out + ']';
}

}  // namespace kiln::rt
