// Python's dict: a shared reference (copies of a Dict alias one table, reference counted), with
// dict's methods, CPython 3.11's results and exception messages. Keys are hashed and compared with
// Hash<K> and Eq<K> (runtime/hash.h); a KeyError's message is repr(key), as str(KeyError(key)) is.
//
// The table is CPython's compact dict: entries in insertion order in a vector (a deletion leaves a
// hole, so order survives), found through a power-of-two index probed as CPython probes. Its growth
// policy is CPython 3.11's, so entry positions, and with them what a loop that mutates its dict
// sees, follow CPython's. Loops check as CPython's do: a change of size raises RuntimeError at the
// next step, and so does finding more keys than there were. Iteration yields copies.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "runtime/exceptions.h"
#include "runtime/hash.h"

namespace kiln::rt::detail {

// The table under Dict and Set (whose values are Unit).
template <class K, class V>
class OrderedTable {
 public:
  struct Entry {
    K key;
    V value;
  };

  int64_t size() const { return used_; }
  std::size_t end_pos() const { return slots_.size(); }
  std::size_t first_pos() const { return head_; }  // every entry before it is deleted
  const std::optional<Entry>& at(std::size_t pos) const { return slots_[pos].entry; }

  // `hash` is Hash<K>{}(key): callers that go on to insert hash once.
  const Entry* find(Lookup<K> key, std::size_t hash) const {
    const std::optional<std::size_t> pos = lookup(key, hash);
    return pos ? &*slots_[*pos].entry : nullptr;
  }
  Entry* find(Lookup<K> key, std::size_t hash) {
    return const_cast<Entry*>(std::as_const(*this).find(key, hash));
  }
  const Entry* find(Lookup<K> key) const { return find(key, Hash<K>{}(key)); }
  Entry* find(Lookup<K> key) { return find(key, Hash<K>{}(key)); }

  // The entry for `key`, inserted with `value` if absent (else given it if `overwrite`); `.second`
  // says whether it was inserted.
  std::pair<Entry*, bool> insert(K key, V value, bool overwrite = false) {
    const std::size_t hash = Hash<K>{}(key);
    if (Entry* entry = find(key, hash)) {
      if (overwrite) entry->value = std::move(value);
      return {entry, false};
    }
    return {insert_absent(std::move(key), std::move(value), hash), true};
  }
  // A new entry for a key that find(key, hash) did not find.
  Entry* insert_absent(K key, V value, std::size_t hash) {
    if (usable_ <= 0) rebuild(used_ * 3);
    if (slots_.size() >= kMaxEntries) throw MemoryError();
    index_[free_slot(hash)] = static_cast<Position>(slots_.size());
    slots_.push_back({hash, Entry{std::move(key), std::move(value)}});
    ++used_;
    --usable_;
    return &*slots_.back().entry;
  }

  std::optional<Entry> take(const K& key) {
    const std::optional<std::size_t> pos = lookup(key, Hash<K>{}(key));
    if (!pos) return std::nullopt;
    return take_at(*pos);
  }
  // The last entry (dict.popitem) and the first (set.pop); the table must not be empty.
  Entry take_last() {
    while (!slots_.back().entry) slots_.pop_back();
    Entry entry = *take_at(slots_.size() - 1);
    slots_.pop_back();  // as CPython, which does not give back the usable slot
    head_ = std::min(head_, slots_.size());
    return entry;
  }
  Entry take_first() {
    while (!slots_[head_].entry) ++head_;
    return *take_at(head_);
  }

  void clear() { *this = OrderedTable(); }

  // dict.copy() and dict.update(other) as CPython 3.11 does them: a clone where CPython clones (so
  // entry positions match), else insertions into a table sized for the result.
  OrderedTable copy() const {
    if (used_ >= static_cast<int64_t>(slots_.size()) * 2 / 3) return *this;
    OrderedTable out;
    out.merge(*this);
    return out;
  }
  void merge(const OrderedTable& other) {
    if (other.used_ == 0) return;
    const bool other_clean = other.used_ == static_cast<int64_t>(other.slots_.size());
    if (used_ == 0 && other_clean && (other.capacity() == 8 || other.capacity() / 2 * 2 / 3 < other.used_)) {
      *this = other;
      return;
    }
    if (capacity() * 2 / 3 < other.used_) {
      rebuild(((used_ + other.used_) * 3 + 1) / 2);
    }
    for (const Slot& slot : other.slots_) {
      if (slot.entry) insert(slot.entry->key, slot.entry->value, true);
    }
  }

 private:
  // Entry positions are 32-bit, as CPython's are below 2**31 entries: half the index to keep in cache.
  using Position = int32_t;
  static constexpr std::size_t kMaxEntries = INT32_MAX;
  static constexpr Position kEmpty = -1;
  static constexpr Position kDummy = -2;  // a deleted entry's index slot: probing goes on past it
  struct Slot {
    std::size_t hash;
    std::optional<Entry> entry;  // nullopt once deleted
  };

  // CPython's probe sequence: every slot is visited, and all of the hash's bits get used.
  template <class Visit>  // by reference: a lambda copied onto the stack is read back with a stall
  std::size_t probe(std::size_t hash, const Visit& stop_at) const {
    const std::size_t mask = index_.size() - 1;
    std::size_t i = hash & mask;
    for (std::size_t perturb = hash; !stop_at(index_[i]); i = (i * 5 + perturb + 1) & mask) perturb >>= 5;
    return i;
  }
  // The index's size; CPython's empty dict counts as 8.
  int64_t capacity() const { return index_.empty() ? 8 : static_cast<int64_t>(index_.size()); }
  std::optional<std::size_t> lookup(Lookup<K> key, std::size_t hash) const {
    if (index_.empty()) return std::nullopt;
    const int64_t ix = index_[probe(hash, [&](int64_t ix) {
      return ix == kEmpty || (ix >= 0 && slots_[ix].hash == hash && Eq<K>{}(slots_[ix].entry->key, key));
    })];
    if (ix == kEmpty) return std::nullopt;
    return static_cast<std::size_t>(ix);
  }
  std::size_t free_slot(std::size_t hash) const {
    return probe(hash, [](int64_t ix) { return ix < 0; });
  }
  std::optional<Entry> take_at(std::size_t pos) {
    const int64_t target = static_cast<int64_t>(pos);
    const std::size_t i = probe(slots_[pos].hash, [target](int64_t ix) { return ix == target; });
    index_[i] = kDummy;
    --used_;
    return std::exchange(slots_[pos].entry, std::nullopt);
  }

  // Drops deleted entries and re-indexes into 2**n slots, n as CPython 3.11's calculate_log2_keysize
  // computes it (quirks included: a minimum of 6 gives 16 slots, one of 16 gives 32).
  void rebuild(int64_t min_size) {
    const uint64_t bits = ((static_cast<uint64_t>(min_size) | 8) - 1) | 7;
    const std::size_t size = std::size_t{1} << std::bit_width(bits);
    std::vector<Slot> live;
    live.reserve(used_);
    for (Slot& slot : slots_) {
      if (slot.entry) live.push_back(std::move(slot));
    }
    slots_ = std::move(live);
    head_ = 0;
    index_.assign(size, kEmpty);
    for (std::size_t pos = 0; pos < slots_.size(); ++pos)
      index_[free_slot(slots_[pos].hash)] = static_cast<Position>(pos);
    usable_ = static_cast<int64_t>(size * 2 / 3) - used_;
  }

  std::vector<Slot> slots_;
  std::vector<Position> index_;  // entry positions, kEmpty or kDummy; empty until the first insertion
  int64_t used_ = 0;
  int64_t usable_ = 0;  // insertions left before a rebuild
  std::size_t head_ = 0;
};

// A loop over a table, checked as CPython's dict and set iterators check: a change of size raises
// RuntimeError at the next step; so does (for dicts) finding more entries than there were.
template <class Table, class Project, bool kDictChecks>
class TableIterator {
 public:
  struct End {};
  explicit TableIterator(std::shared_ptr<Table> table)
      : table_(std::move(table)), pos_(table_->first_pos()), used_(table_->size()), left_(used_) {
    settle();
  }
  decltype(auto) operator*() const { return Project{}(*table_->at(pos_)); }
  TableIterator& operator++() {
    ++pos_;
    settle();
    return *this;
  }
  friend bool operator==(const TableIterator& it, End) { return it.pos_ >= it.table_->end_pos(); }

 private:
  void settle() {
    if (table_->size() != used_) {
      throw RuntimeError(kDictChecks ? "dictionary changed size during iteration"
                                     : "Set changed size during iteration");
    }
    while (pos_ < table_->end_pos() && !table_->at(pos_)) ++pos_;
    if (pos_ >= table_->end_pos()) return;
    if (kDictChecks && left_ == 0) throw RuntimeError("dictionary keys changed during iteration");
    --left_;
  }

  std::shared_ptr<Table> table_;
  std::size_t pos_;
  int64_t used_, left_;
};

// keys(), values(), items(): live views that iterate over the table.
template <class Table, class Project, bool kDictChecks>
class TableView {
 public:
  using Iterator = TableIterator<Table, Project, kDictChecks>;
  explicit TableView(std::shared_ptr<Table> table) : table_(std::move(table)) {}
  int64_t len() const { return table_->size(); }
  Iterator begin() const { return Iterator(table_); }
  typename Iterator::End end() const { return {}; }

 private:
  std::shared_ptr<Table> table_;
};

struct ProjectKey {
  template <class Entry>
  auto operator()(const Entry& e) const {
    return e.key;
  }
};
struct ProjectValue {
  template <class Entry>
  auto operator()(const Entry& e) const {
    return e.value;
  }
};
struct ProjectItem {
  template <class Entry>
  auto operator()(const Entry& e) const {
    return std::tuple(e.key, e.value);
  }
};

}  // namespace kiln::rt::detail

namespace kiln::rt {

template <class K, class V>
class Dict {
  using Table = detail::OrderedTable<K, V>;
  template <class Project>
  using View = detail::TableView<Table, Project, true>;

 public:
  using key_type = K;
  using mapped_type = V;
  using Iterator = typename View<detail::ProjectKey>::Iterator;

  Dict() : table_(std::make_shared<Table>()) {}
  Dict(std::initializer_list<std::pair<K, V>> items) : Dict() {
    for (const auto& [key, value] : items) setitem(key, value);
  }

  // `a is b`.
  bool is(const Dict& other) const { return table_ == other.table_; }
  int64_t len() const { return table_->size(); }
  bool contains(Lookup<K> key) const { return table_->find(key) != nullptr; }

  // d[key], d[key] = value, del d[key].
  const V& getitem(Lookup<K> key) const { return found(table_->find(key), key)->value; }
  // The key is copied only when it is new (an existing entry keeps its key, as in CPython).
  void setitem(const K& key, V value) { assign(key, std::move(value)); }
  void setitem(K&& key, V value) { assign(std::move(key), std::move(value)); }
  void delitem(const K& key) {
    if (!table_->take(key)) throw KeyError(repr(key));
  }

  // d[key] = combine(d[key]) and d[key] = combine(d.get(key, fallback)) (as `d[k] += 1` and
  // `d[k] = d.get(k, 0) + 1` compile), hashing `key` once. `combine` must not change the dict.
  template <class Combine>
  void combine_item(Lookup<K> key, Combine combine) {
    const std::size_t hash = Hash<K>{}(key);
    auto* entry = found(table_->find(key, hash), key);
    entry->value = combine(entry->value);
  }
  template <class Combine>
  void combine_item(Lookup<K> key, V fallback, Combine combine) {
    const std::size_t hash = Hash<K>{}(key);
    if (auto* entry = table_->find(key, hash)) {
      entry->value = combine(entry->value);
    } else {
      V value = combine(std::move(fallback));  // before inserting: if it raises, the dict is as it was
      table_->insert_absent(K(key), std::move(value), hash);
    }
  }

  // d.get(key) is None when absent; d.get(key, fallback).
  std::optional<V> get(Lookup<K> key) const {
    const auto* entry = table_->find(key);
    return entry ? std::optional<V>(entry->value) : std::nullopt;
  }
  V get(Lookup<K> key, V fallback) const {
    const auto* entry = table_->find(key);
    return entry ? entry->value : std::move(fallback);
  }
  V setdefault(K key, V fallback) { return table_->insert(std::move(key), std::move(fallback)).first->value; }

  V pop(const K& key) {
    auto entry = table_->take(key);
    if (!entry) throw KeyError(repr(key));
    return std::move(entry->value);
  }
  V pop(const K& key, V fallback) {
    auto entry = table_->take(key);
    return entry ? std::move(entry->value) : std::move(fallback);
  }
  // The last inserted item (LIFO).
  std::tuple<K, V> popitem() {
    if (table_->size() == 0) throw KeyError(repr("popitem(): dictionary is empty"));
    auto entry = table_->take_last();
    return {std::move(entry.key), std::move(entry.value)};
  }

  void update(const Dict& other) {
    if (!is(other)) table_->merge(*other.table_);
  }
  void clear() { table_->clear(); }
  Dict copy() const { return Dict(std::make_shared<Table>(table_->copy())); }

  // d | other is a new dict; d |= other updates d in place.
  friend Dict operator|(const Dict& a, const Dict& b) {
    Dict out = a.copy();
    out.update(b);
    return out;
  }
  Dict& operator|=(const Dict& other) {
    update(other);
    return *this;
  }

  // Equal lengths, and every key of one maps to an equal value in the other; order does not count.
  friend bool operator==(const Dict& a, const Dict& b) {
    if (a.len() != b.len()) return false;
    for (std::size_t pos = a.table_->first_pos(); pos < a.table_->end_pos(); ++pos) {
      const auto& entry = a.table_->at(pos);
      if (!entry) continue;
      const auto* other = b.table_->find(entry->key);
      if (!other || !Eq<V>{}(entry->value, other->value)) return false;
    }
    return true;
  }

  // `for key in d`, d.keys(), d.values(), d.items() (pairs as std::tuple), in insertion order.
  Iterator begin() const { return Iterator(table_); }
  typename Iterator::End end() const { return {}; }
  View<detail::ProjectKey> keys() const { return View<detail::ProjectKey>(table_); }
  View<detail::ProjectValue> values() const { return View<detail::ProjectValue>(table_); }
  View<detail::ProjectItem> items() const { return View<detail::ProjectItem>(table_); }

 private:
  explicit Dict(std::shared_ptr<Table> table) : table_(std::move(table)) {}

  template <class Key>
  void assign(Key&& key, V value) {
    const std::size_t hash = Hash<K>{}(key);
    if (auto* entry = table_->find(key, hash)) {
      entry->value = std::move(value);
    } else {
      table_->insert_absent(std::forward<Key>(key), std::move(value), hash);
    }
  }

  template <class Entry>
  static Entry* found(Entry* entry, Lookup<K> key) {
    if (!entry) throw KeyError(repr(K(key)));
    return entry;
  }

  std::shared_ptr<Table> table_;
};

template <class K, class V>
std::string repr(const Dict<K, V>& dict) {
  std::string out = "{";
  for (const auto& [key, value] : dict.items()) {
    if (out.size() > 1) out += ", ";
    out += repr(key) + ": " + repr(value);
  }
  return out + '}';
}

}  // namespace kiln::rt
