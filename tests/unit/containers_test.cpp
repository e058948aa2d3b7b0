// The containers' reference semantics, stable sorting with keys, and loops that mutate what they
// loop over: what the random scripts of test_runtime_containers.py do not reach.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "runtime/dict.h"
#include "runtime/list.h"
#include "runtime/set.h"

namespace kiln::rt {
namespace {

using Pair = std::tuple<int64_t, std::string>;

template <class E, class F>
std::string raised(F f) {
  try {
    f();
  } catch (const E& e) {
    return e.message();
  }
  return "(nothing raised)";
}

TEST(ListAliasing, CopiesShareOneList) {
  List<int64_t> a{1, 2};
  List<int64_t> b = a;
  b.append(3);
  b += List<int64_t>{4};
  b *= 2;
  EXPECT_TRUE(a.is(b));
  EXPECT_EQ(repr(a), "[1, 2, 3, 4, 1, 2, 3, 4]");
  List<int64_t> c = a.copy();
  c.clear();
  EXPECT_EQ(a.len(), 8);
  EXPECT_FALSE(a.is(c));
}

TEST(ListAliasing, NestedListsAreReferences) {
  List<List<int64_t>> rows = List<List<int64_t>>{List<int64_t>{}} * 3;  // [[]] * 3: one list, thrice
  List<int64_t> first = rows.getitem(0);
  first.append(1);
  EXPECT_EQ(repr(rows), "[[1], [1], [1]]");
}

TEST(ListSort, StableWithKey) {
  List<Pair> items{{2, "a"}, {1, "b"}, {2, "c"}, {1, "d"}, {0, "e"}};
  items.sort([](const Pair& p) { return std::get<0>(p); });
  EXPECT_EQ(repr(items), "[(0, 'e'), (1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]");
  items.sort([](const Pair& p) { return std::get<0>(p) % 2; }, true);  // reverse keeps ties in order
  EXPECT_EQ(repr(items), "[(1, 'b'), (1, 'd'), (0, 'e'), (2, 'a'), (2, 'c')]");
}

TEST(ListSort, KeyCalledOncePerItem) {
  List<int64_t> a{5, 3, 9, 1};
  int calls = 0;
  a.sort([&calls](int64_t x) {
    ++calls;
    return -x;
  });
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(repr(a), "[9, 5, 3, 1]");
}

TEST(ListSort, ModifiedDuringSortRaises) {
  List<int64_t> a{3, 1, 2};
  std::vector<int64_t> lengths;
  EXPECT_EQ(raised<ValueError>([&] {
              a.sort([&](int64_t x) {
                lengths.push_back(a.len());
                a.append(x);
                return x;
              });
            }),
            "list modified during sort");
  EXPECT_EQ(lengths, (std::vector<int64_t>{0, 1, 2}));  // as in CPython, the list looks empty meanwhile
  EXPECT_EQ(repr(a), "[1, 2, 3]");                      // and what the key function added is dropped
}

TEST(ListSort, KeyErrorLeavesListIntact) {
  List<int64_t> a{3, 1, 2};
  EXPECT_EQ(raised<KeyError>([&] {
              a.sort([](int64_t x) -> int64_t {
                if (x == 2) throw KeyError("'x'");
                return x;
              });
            }),
            "'x'");
  EXPECT_EQ(repr(a), "[3, 1, 2]");
}

TEST(ListIteration, AppendingWhileLoopingSeesNewItems) {
  List<int64_t> a{1, 2};
  std::vector<int64_t> seen;
  for (int64_t x : a) {
    seen.push_back(x);
    if (x < 4) a.append(x + 2);
  }
  EXPECT_EQ(seen, (std::vector<int64_t>{1, 2, 3, 4, 5}));
}

TEST(ListIteration, RebindingTheLoopedNameKeepsTheOldList) {
  List<std::string> a{"x", "y"};
  std::string seen;
  for (const std::string& s : a) {
    a = List<std::string>{};  // the loop holds the old list alive
    seen += s;
  }
  EXPECT_EQ(seen, "xy");
}

TEST(DictAliasing, CopiesShareOneDict) {
  Dict<std::string, List<int64_t>> d;
  Dict<std::string, List<int64_t>> alias = d;
  alias.setdefault("k", List<int64_t>{}).append(1);
  EXPECT_EQ(repr(d), "{'k': [1]}");
  Dict<std::string, List<int64_t>> shallow = d.copy();
  List<int64_t> inner = shallow.getitem("k");
  inner.append(3);  // a shallow copy shares its values
  EXPECT_EQ(repr(d), "{'k': [1, 3]}");
  shallow.delitem("k");
  EXPECT_EQ(d.len(), 1);
}

TEST(DictIteration, InsertingWhileLoopingRaises) {
  Dict<int64_t, int64_t> d{{1, 1}, {2, 2}};
  EXPECT_EQ(raised<RuntimeError>([&] {
              for (int64_t k : d) d.setitem(k + 10, 0);
            }),
            "dictionary changed size during iteration");
  EXPECT_EQ(d.len(), 3);
}

TEST(DictIteration, ReplacingKeysWhileLoopingRaises) {
  Dict<int64_t, int64_t> d{{1, 1}, {2, 2}};
  EXPECT_EQ(raised<RuntimeError>([&] {
              for (int64_t k : d) {
                d.delitem(k);
                d.setitem(k + 10, 0);
              }
            }),
            "dictionary keys changed during iteration");
}

TEST(DictIteration, ChangingValuesWhileLoopingIsFine) {
  Dict<std::string, int64_t> d{{"a", 1}, {"b", 2}};
  for (const auto& [k, v] : d.items()) d.setitem(k, v * 10);
  EXPECT_EQ(repr(d), "{'a': 10, 'b': 20}");
  int64_t total = 0;
  for (int64_t v : d.values()) total += v;
  EXPECT_EQ(total, 30);
}

TEST(DictKeys, TuplesAndFloats) {
  Dict<std::tuple<int64_t, std::string>, double> d;
  d.setitem({1, "a"}, 0.5);
  d.setitem({1, "a"}, 1.5);
  EXPECT_EQ(repr(d), "{(1, 'a'): 1.5}");
  EXPECT_EQ(raised<KeyError>([&] { d.getitem({2, "it's"}); }), "(2, \"it's\")");
  Dict<double, bool> f{{-0.0, true}};
  EXPECT_TRUE(f.contains(0.0));
  EXPECT_EQ(raised<KeyError>([&] { f.pop(1e16); }), "1e+16");
}

TEST(DictGrowth, ManyInsertionsAndDeletionsKeepOrder) {
  Dict<int64_t, int64_t> d;
  for (int64_t i = 0; i < 10000; ++i) d.setitem(i, i);
  for (int64_t i = 0; i < 10000; i += 2) d.delitem(i);
  for (int64_t i = 0; i < 100; ++i) d.setitem(i * 2, -i);
  int64_t prev_odd = -1;
  int64_t n = 0;
  for (int64_t k : d) {
    if (k % 2 == 1) {
      EXPECT_GT(k, prev_odd);
      prev_odd = k;
    }
    ++n;
  }
  EXPECT_EQ(n, 5100);
  EXPECT_EQ(std::get<0>(d.popitem()), 198);
}

TEST(SetAliasing, InPlaceOperatorsMutateEveryAlias) {
  Set<int64_t> s{1, 2, 3};
  Set<int64_t> alias = s;
  alias -= Set<int64_t>{1};
  alias |= Set<int64_t>{7};
  alias &= Set<int64_t>{2, 7, 9};
  EXPECT_TRUE(s == (Set<int64_t>{2, 7}));
  Set<int64_t> fresh = s | Set<int64_t>{8};
  EXPECT_EQ(s.len(), 2);
  EXPECT_EQ(fresh.len(), 3);
  s ^= s;
  EXPECT_EQ(repr(alias), "set()");
}

TEST(SetIteration, AddingWhileLoopingRaises) {
  Set<std::string> s{"a"};
  EXPECT_EQ(raised<RuntimeError>([&] {
              for (const std::string& x : s) s.add(x + "!");
            }),
            "Set changed size during iteration");
  EXPECT_EQ(raised<KeyError>([&] { s.remove("zz"); }), "'zz'");
}

TEST(SetOrder, InsertionOrderAndPopFromTheFront) {
  Set<int64_t> s{5, 1, 4};
  s.discard(1);
  s.add(0);
  EXPECT_EQ(repr(s), "{5, 4, 0}");
  EXPECT_EQ(s.pop(), 5);
  EXPECT_EQ(s.pop(), 4);
  EXPECT_EQ(s.pop(), 0);
  EXPECT_EQ(raised<KeyError>([&] { s.pop(); }), "'pop from an empty set'");
}

}  // namespace
}  // namespace kiln::rt
