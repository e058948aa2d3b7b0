// Python's set: a shared reference (copies of a Set alias one table, reference counted), with set's
// methods and operators, CPython 3.11's results and exception messages. Elements are hashed and
// compared with Hash<T> and Eq<T> (runtime/hash.h).
//
// Difference from CPython: iteration follows insertion order (the table is Dict's), where CPython's
// follows hash values; Python code cannot rely on that order, and insertion order is deterministic.
// pop() removes the first element in that order, as CPython's pops the first in its own. Results of
// the binary operations list the left operand's elements first. A loop over a set whose size
// changes raises RuntimeError at its next step, as in CPython. Iteration yields copies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "runtime/dict.h"
#include "runtime/exceptions.h"
#include "runtime/hash.h"

namespace kiln::rt {

template <class T>
class Set {
  struct Unit {
    friend bool operator==(Unit, Unit) { return true; }
  };
  using Table = detail::OrderedTable<T, Unit>;

 public:
  using value_type = T;
  using Iterator = detail::TableIterator<Table, detail::ProjectKey, false>;

  Set() : table_(std::make_shared<Table>()) {}
  Set(std::initializer_list<T> items) : Set() {
    for (const T& item : items) add(item);
  }

  // `a is b`.
  bool is(const Set& other) const { return table_ == other.table_; }
  int64_t len() const { return table_->size(); }
  bool contains(const T& item) const { return table_->find(item) != nullptr; }

  void add(T item) { table_->insert(std::move(item), Unit{}); }
  void discard(const T& item) { table_->take(item); }
  void remove(const T& item) {
    if (!table_->take(item)) throw KeyError(repr(item));
  }
  T pop() {
    if (len() == 0) throw KeyError(repr("pop from an empty set"));
    return table_->take_first().key;
  }
  void clear() { table_->clear(); }
  Set copy() const { return Set(std::make_shared<Table>(table_->copy())); }

  // New sets.
  Set union_(const Set& other) const {
    Set out = copy();
    out.update(other);
    return out;
  }
  Set intersection(const Set& other) const {
    return filtered([&other](const T& item) { return other.contains(item); });
  }
  Set difference(const Set& other) const {
    return filtered([&other](const T& item) { return !other.contains(item); });
  }
  Set symmetric_difference(const Set& other) const {
    Set out = difference(other);
    out.update(other.difference(*this));
    return out;
  }

  // In place (every alias sees the change).
  void update(const Set& other) {
    for (const T& item : other.snapshot()) add(item);
  }
  void intersection_update(const Set& other) { replace(intersection(other)); }
  void difference_update(const Set& other) {
    for (const T& item : other.snapshot()) discard(item);
  }
  void symmetric_difference_update(const Set& other) { replace(symmetric_difference(other)); }

  bool issubset(const Set& other) const {
    return len() <= other.len() && all_of([&other](const T& item) { return other.contains(item); });
  }
  bool issuperset(const Set& other) const { return other.issubset(*this); }
  bool isdisjoint(const Set& other) const {
    return all_of([&other](const T& item) { return !other.contains(item); });
  }

  friend Set operator|(const Set& a, const Set& b) { return a.union_(b); }
  friend Set operator&(const Set& a, const Set& b) { return a.intersection(b); }
  friend Set operator-(const Set& a, const Set& b) { return a.difference(b); }
  friend Set operator^(const Set& a, const Set& b) { return a.symmetric_difference(b); }
  Set& operator|=(const Set& other) { return update(other), *this; }
  Set& operator&=(const Set& other) { return intersection_update(other), *this; }
  Set& operator-=(const Set& other) { return difference_update(other), *this; }
  Set& operator^=(const Set& other) { return symmetric_difference_update(other), *this; }

  // == is equality of contents; <, <=, >, >= are the subset relations.
  friend bool operator==(const Set& a, const Set& b) { return a.len() == b.len() && a.issubset(b); }
  friend bool operator<=(const Set& a, const Set& b) { return a.issubset(b); }
  friend bool operator<(const Set& a, const Set& b) { return a.len() < b.len() && a.issubset(b); }
  friend bool operator>=(const Set& a, const Set& b) { return b.issubset(a); }
  friend bool operator>(const Set& a, const Set& b) { return b < a; }

  Iterator begin() const { return Iterator(table_); }
  typename Iterator::End end() const { return {}; }

 private:
  explicit Set(std::shared_ptr<Table> table) : table_(std::move(table)) {}

  // The elements, copied, for operations whose argument may be this very set.
  std::vector<T> snapshot() const {
    std::vector<T> items;
    items.reserve(len());
    for_each([&items](const T& item) { items.push_back(item); });
    return items;
  }
  template <class F>
  void for_each(F f) const {
    for (std::size_t pos = table_->first_pos(); pos < table_->end_pos(); ++pos) {
      if (const auto& entry = table_->at(pos)) f(entry->key);
    }
  }
  template <class Pred>
  bool all_of(Pred pred) const {
    bool all = true;
    for_each([&](const T& item) { all = all && pred(item); });
    return all;
  }
  template <class Pred>
  Set filtered(Pred keep) const {
    Set out;
    for_each([&](const T& item) {
      if (keep(item)) out.add(item);
    });
    return out;
  }
  void replace(Set contents) { *table_ = std::move(*contents.table_); }

  std::shared_ptr<Table> table_;
};

template <class T>
std::string repr(const Set<T>& set) {
  if (set.len() == 0) return "set()";
  std::string out = "{";
  for (const T& item : set) {
    if (out.size() > 1) out += ", ";
    out += repr(item);
  }
  return out + '}';
}

}  // namespace kiln::rt
