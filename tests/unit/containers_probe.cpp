// Runs scripts of operations on the runtime's List<int64_t>, Dict<std::string, int64_t> and
// Set<int64_t>, one script per stdin line, so tests/unit/test_runtime_containers.py can replay them
// in CPython and compare. A line is `list|dict|set OP;OP;...`; each OP is space-separated tokens.
// Every OP prints one line, `RESULT | STATE`: the repr of its result (or `!Type: message`) and the
// container's repr (a set's as a sorted list). Loops that mutate print what they saw first.
//
// Arguments: integers; `N` for a None slice bound; int lists `[1,-2]`; dict keys as `x` + hex of
// UTF-8; dicts as `{x61=1,x62=2}`.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/dict.h"
#include "runtime/list.h"
#include "runtime/set.h"

namespace {

using namespace kiln::rt;
using IntList = List<int64_t>;
using StrDict = Dict<std::string, int64_t>;
using IntSet = Set<int64_t>;
using Tokens = std::vector<std::string>;

constexpr const char* kNone = "None";

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

int64_t num(const std::string& s) { return std::stoll(s); }
SliceArg bound(const std::string& s) { return s == "N" ? SliceArg() : SliceArg(num(s)); }
std::string inner(const std::string& s) { return s.substr(1, s.size() - 2); }  // drops [] or {}

IntList ints(const std::string& s) {
  IntList out;
  for (const std::string& v : split(inner(s), ',')) out.append(num(v));
  return out;
}

std::string key(const std::string& s) {
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size(); i += 2) {
    out += static_cast<char>(std::stoi(s.substr(i, 2), nullptr, 16));
  }
  return out;
}

StrDict dict_literal(const std::string& s) {
  StrDict out;
  for (const std::string& item : split(inner(s), ',')) {
    const std::size_t eq = item.find('=');
    out.setitem(key(item.substr(0, eq)), num(item.substr(eq + 1)));
  }
  return out;
}

IntSet int_set(const std::string& s) {
  IntSet out;
  for (int64_t v : ints(s)) out.add(v);
  return out;
}

std::string sorted_repr(const IntSet& s) {
  IntList items;
  for (int64_t v : s) items.append(v);
  items.sort();
  return repr(items);
}

std::string error_text(const BaseException& e) {
  return "!" + std::string(e.type_name()) + ": " + e.message();
}

// A loop over `c` that records each item and runs `body` on it; prints what it saw, then any error.
template <class Container, class Body>
std::string loop(const Container& c, Body body) {
  IntList seen_ints;
  List<std::string> seen_keys;
  int64_t count = 0;
  auto record = [&](const auto& item) {
    ++count;
    if constexpr (std::is_same_v<std::decay_t<decltype(item)>, std::string>) {
      seen_keys.append(item);
    } else {
      seen_ints.append(item);
    }
  };
  std::string error;
  try {
    for (auto item : c) {
      record(item);
      body(item, count);
    }
  } catch (const BaseException& e) {
    error = " " + error_text(e);
  }
  if constexpr (std::is_same_v<Container, IntSet>) return std::to_string(count) + error;  // order-free
  return (seen_keys.len() > 0 ? repr(seen_keys) : repr(seen_ints)) + error;
}

int64_t sort_key(const std::string& name, int64_t x) {
  if (name == "mod3") return ((x % 3) + 3) % 3;
  if (name == "abs") return x < 0 ? -x : x;
  return -x;
}

std::string cmp_flags(bool eq, bool lt, bool le, bool gt, bool ge) {
  std::string out;
  for (bool b : {eq, lt, le, gt, ge}) out += b ? 'T' : 'F';
  return out;
}

std::string list_op(IntList& a, const Tokens& t) {
  const std::string& op = t[0];
  if (op == "append") return a.append(num(t[1])), kNone;
  if (op == "extend") return a.extend(ints(t[1])), kNone;
  if (op == "insert") return a.insert(num(t[1]), num(t[2])), kNone;
  if (op == "pop") return repr(t.size() > 1 ? a.pop(num(t[1])) : a.pop());
  if (op == "remove") return a.remove(num(t[1])), kNone;
  if (op == "index") {
    return repr(t.size() > 2 ? a.index(num(t[1]), num(t[2]), num(t[3])) : a.index(num(t[1])));
  }
  if (op == "count") return repr(a.count(num(t[1])));
  if (op == "contains") return repr(a.contains(num(t[1])));
  if (op == "reverse") return a.reverse(), kNone;
  if (op == "sort") return a.sort(t.size() > 1), kNone;
  if (op == "sort_key") {
    a.sort([&](int64_t x) { return sort_key(t[1], x); }, t[2] == "1");
    return kNone;
  }
  if (op == "clear") return a.clear(), kNone;
  if (op == "len") return repr(a.len());
  if (op == "get") return repr(a.getitem(num(t[1])));
  if (op == "set") return a.setitem(num(t[1]), num(t[2])), kNone;
  if (op == "del") return a.delitem(num(t[1])), kNone;
  if (op == "slice") return repr(a.slice(bound(t[1]), bound(t[2]), bound(t[3])));
  if (op == "slice_set") return a.set_slice(bound(t[1]), bound(t[2]), bound(t[3]), ints(t[4])), kNone;
  if (op == "slice_del") return a.del_slice(bound(t[1]), bound(t[2]), bound(t[3])), kNone;
  if (op == "self_slice") return a.set_slice(bound(t[1]), bound(t[2]), bound(t[3]), a), kNone;
  if (op == "self_extend") return a.extend(a), kNone;
  if (op == "add") return repr(a + ints(t[1]));
  if (op == "mul") return repr(a * num(t[1]));
  if (op == "imul") return a *= num(t[1]), kNone;
  if (op == "iadd") return a += ints(t[1]), kNone;
  if (op == "cmp") {
    const IntList b = ints(t[1]);
    return cmp_flags(a == b, a < b, a <= b, a > b, a >= b);
  }
  if (op == "copy") {
    IntList b = a.copy();
    b.append(100);
    return repr(b);
  }
  if (op == "alias") {
    IntList b = a;
    b.append(100);
    return repr(b.is(a));
  }
  if (op == "iter_pop") return loop(a, [&](int64_t, int64_t) { a.pop(0); });
  if (op == "iter_remove") return loop(a, [&](int64_t x, int64_t) { a.remove(x); });
  if (op == "iter_append") {
    return loop(a, [&](int64_t x, int64_t n) {
      if (n <= num(t[1])) a.append(x + 1);
    });
  }
  throw std::runtime_error("unknown list op " + op);
}

std::string dict_op(StrDict& d, const Tokens& t) {
  const std::string& op = t[0];
  if (op == "set") return d.setitem(key(t[1]), num(t[2])), kNone;
  if (op == "get") return repr(d.getitem(key(t[1])));
  if (op == "del") return d.delitem(key(t[1])), kNone;
  if (op == "contains") return repr(d.contains(key(t[1])));
  if (op == "get1") {
    const std::optional<int64_t> v = d.get(key(t[1]));
    return v ? repr(*v) : kNone;
  }
  if (op == "get2") return repr(d.get(key(t[1]), num(t[2])));
  if (op == "setdefault") return repr(d.setdefault(key(t[1]), num(t[2])));
  if (op == "pop") return repr(d.pop(key(t[1])));
  if (op == "pop2") return repr(d.pop(key(t[1]), num(t[2])));
  if (op == "popitem") return repr(d.popitem());
  if (op == "update") return d.update(dict_literal(t[1])), kNone;
  if (op == "or") return repr(d | dict_literal(t[1]));
  if (op == "ior") return d |= dict_literal(t[1]), kNone;
  if (op == "len") return repr(d.len());
  if (op == "clear") return d.clear(), kNone;
  if (op == "copy") {
    StrDict c = d.copy();
    c.setitem(key(t[1]), num(t[2]));
    return repr(c);
  }
  if (op == "eq") return repr(d == dict_literal(t[1]));
  if (op == "keys") {
    List<std::string> out;
    for (const std::string& k : d.keys()) out.append(k);
    return repr(out);
  }
  if (op == "values") {
    IntList out;
    for (int64_t v : d.values()) out.append(v);
    return repr(out);
  }
  if (op == "items") {
    List<std::tuple<std::string, int64_t>> out;
    for (const auto& item : d.items()) out.append(item);
    return repr(out);
  }
  if (op == "iter_set") {
    return loop(d, [&](const std::string&, int64_t n) {
      if (n == 1) d.setitem(key(t[1]), num(t[2]));
    });
  }
  if (op == "iter_del") {
    return loop(d, [&](const std::string&, int64_t n) {
      if (n == 1) d.delitem(key(t[1]));
    });
  }
  if (op == "iter_delset") {
    return loop(d, [&](const std::string&, int64_t n) {
      if (n > num(t[3])) return;
      d.delitem(key(t[1]));
      d.setitem(key(t[2]), n);
    });
  }
  if (op == "iter_bump") {
    return loop(d, [&](const std::string& k, int64_t) { d.setitem(k, d.getitem(k) + 1); });
  }
  throw std::runtime_error("unknown dict op " + op);
}

std::string set_op(IntSet& s, const Tokens& t) {
  const std::string& op = t[0];
  if (op == "add") return s.add(num(t[1])), kNone;
  if (op == "discard") return s.discard(num(t[1])), kNone;
  if (op == "remove") return s.remove(num(t[1])), kNone;
  if (op == "pop") return repr(s.pop());
  if (op == "contains") return repr(s.contains(num(t[1])));
  if (op == "len") return repr(s.len());
  if (op == "clear") return s.clear(), kNone;
  if (op == "copy") {
    IntSet c = s.copy();
    c.add(num(t[1]));
    return sorted_repr(c);
  }
  if (op == "iter_add") return loop(s, [&](int64_t, int64_t) { s.add(num(t[1])); });
  if (op == "iter_discard") return loop(s, [&](int64_t, int64_t) { s.discard(num(t[1])); });
  if (op == "self") return sorted_repr((s | s) ^ (s & s)) + " " + sorted_repr(s - s);
  const IntSet b = int_set(t[1]);
  static const std::map<std::string, std::function<IntSet(const IntSet&, const IntSet&)>> binary = {
      {"union", [](auto& x, auto& y) { return x | y; }},
      {"inter", [](auto& x, auto& y) { return x & y; }},
      {"diff", [](auto& x, auto& y) { return x - y; }},
      {"symdiff", [](auto& x, auto& y) { return x ^ y; }},
  };
  if (auto it = binary.find(op); it != binary.end()) return sorted_repr(it->second(s, b));
  if (op == "ior") return s |= b, kNone;
  if (op == "iand") return s &= b, kNone;
  if (op == "isub") return s -= b, kNone;
  if (op == "ixor") return s ^= b, kNone;
  if (op == "issubset") return repr(s.issubset(b));
  if (op == "issuperset") return repr(s.issuperset(b));
  if (op == "isdisjoint") return repr(s.isdisjoint(b));
  if (op == "cmp") return cmp_flags(s == b, s < b, s <= b, s > b, s >= b);
  throw std::runtime_error("unknown set op " + op);
}

template <class Container, class Op, class State>
void run(const std::vector<std::string>& ops, Op op, State state) {
  Container c;
  for (const std::string& text : ops) {
    std::string result;
    try {
      result = op(c, split(text, ' '));
    } catch (const BaseException& e) {
      result = error_text(e);
    }
    std::cout << result << " | " << state(c) << '\n';
  }
}

}  // namespace

int main() {
  std::string line;
  while (std::getline(std::cin, line)) {
    const std::size_t space = line.find(' ');
    const std::string kind = line.substr(0, space);
    const std::vector<std::string> ops = split(space == std::string::npos ? "" : line.substr(space + 1), ';');
    auto repr_of = [](const auto& c) { return repr(c); };
    if (kind == "list") run<IntList>(ops, list_op, repr_of);
    if (kind == "dict") run<StrDict>(ops, dict_op, repr_of);
    if (kind == "set") run<IntSet>(ops, set_op, sorted_repr);
    std::cout << "end\n";
  }
  return 0;
}
