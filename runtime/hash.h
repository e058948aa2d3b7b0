// What the containers need of their elements: hashing and equality (Hash<T>, Eq<T>) and Python's
// repr (the text of a KeyError and of a container's repr). New element types (a Str class, class
// instances) plug in by specializing Hash/Eq and overloading repr in kiln::rt.
//
// Static types keep a container's keys homogeneous, so 1, 1.0 and True need not hash alike. Floats
// compare by value: a NaN never equals anything, even itself (CPython finds the *same* NaN object
// by identity, which values do not have).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>

#include "runtime/repr.h"

namespace kiln::rt {

// Finalizer of splitmix64: spreads nearby integers over the whole word, since tables mask low bits.
constexpr std::size_t mix_hash(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return static_cast<std::size_t>(x);
}

template <class T>
struct Hash;

template <>
struct Hash<int64_t> {
  std::size_t operator()(int64_t v) const { return mix_hash(static_cast<uint64_t>(v)); }
};
template <>
struct Hash<bool> {
  std::size_t operator()(bool v) const { return mix_hash(v); }
};
template <>
struct Hash<double> {
  std::size_t operator()(double v) const {
    if (v == 0) v = 0;  // -0.0 == 0.0, so they must hash alike
    return mix_hash(std::hash<double>{}(v));
  }
};
// Inline, so a dict lookup of a short key costs a few loads and multiplies, not a library call.
// Strings under 8 bytes are read in at most two (overlapping) loads; longer ones 8 bytes at a time.
inline std::size_t hash_bytes(std::string_view s) {
  const char* p = s.data();
  const std::size_t n = s.size();
  auto load = [](const char* q, auto width) {
    decltype(width) v;
    std::memcpy(&v, q, sizeof v);
    return static_cast<uint64_t>(v);
  };
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
  if (n >= 8) {
    const char* last = p + n - 8;
    for (; p < last; p += 8) h = mix_hash(h ^ load(p, uint64_t{}));
    return mix_hash(h ^ load(last, uint64_t{}));
  }
  uint64_t v = 0;
  if (n >= 4) {
    v = load(p, uint32_t{}) << 32 | load(p + n - 4, uint32_t{});
  } else if (n > 0) {  // with n mixed in, the first, middle and last bytes are the whole string
    v = load(p, uint8_t{}) << 16 | load(p + n / 2, uint8_t{}) << 8 | load(p + n - 1, uint8_t{});
  }
  return mix_hash(h ^ v);
}

// s == t without a library call for short strings (dict keys, words, characters): lengths, then
// one or two overlapping loads per side; memcmp only past 16 bytes.
inline bool bytes_equal(std::string_view s, std::string_view t) {
  const std::size_t n = s.size();
  if (n != t.size()) return false;
  const char *p = s.data(), *q = t.data();
  auto same = [&](std::size_t at, auto width) {
    decltype(width) a, b;
    std::memcpy(&a, p + at, sizeof a);
    std::memcpy(&b, q + at, sizeof b);
    return a == b;
  };
  if (n >= 8) {
    if (n > 16) return std::memcmp(p, q, n) == 0;
    return same(0, uint64_t{}) && same(n - 8, uint64_t{});
  }
  if (n >= 4) return same(0, uint32_t{}) && same(n - 4, uint32_t{});
  for (std::size_t i = 0; i < n; ++i) {
    if (p[i] != q[i]) return false;
  }
  return true;
}

template <>
struct Hash<std::string> {
  std::size_t operator()(std::string_view s) const { return hash_bytes(s); }
};
template <class... Ts>
struct Hash<std::tuple<Ts...>> {
  std::size_t operator()(const std::tuple<Ts...>& t) const {
    return std::apply(
        [](const Ts&... items) {
          // The items' hashes are mixed already: a multiply per item, one mix at the end.
          uint64_t h = 0x345678;
          ((h = (h ^ Hash<Ts>{}(items)) * 0x9e3779b97f4a7c15ULL), ...);
          return mix_hash(h);
        },
        t);
  }
};

// Python's ==. Types without operator== specialize it.
template <class T>
struct Eq {
  bool operator()(const T& a, const T& b) const { return a == b; }
};
template <>
struct Eq<std::string> {
  bool operator()(std::string_view a, std::string_view b) const { return bytes_equal(a, b); }
};

// What a lookup by key takes: str keys are looked up by view, so a borrowed str (a split part, a
// strip of one) finds its entry without becoming a std::string first.
template <class K>
struct LookupKey {
  using type = const K&;
};
template <>
struct LookupKey<std::string> {
  using type = std::string_view;
};
template <class K>
using Lookup = typename LookupKey<K>::type;

// repr(), as CPython 3.11 prints it.
inline std::string repr(int64_t v) {
  return std::to_string(v);
}
inline std::string repr(double v) {
  return runtime::repr_float(v);
}
inline std::string repr(bool v) {
  return v ? "True" : "False";
}
inline std::string repr(const std::string& s) {
  return runtime::repr_str(s);
}
inline std::string repr(const char* s) {
  return runtime::repr_str(s);
}  // not the bool overload

// Declared here, before the containers' templates, so their repr of items finds these too.
inline std::string repr(std::monostate) {
  return "None";
}
template <class T>
std::string repr(const std::optional<T>& v);
template <class... Ts>
std::string repr(const std::variant<Ts...>& v);

template <class... Ts>
std::string repr(const std::tuple<Ts...>& t) {
  std::string out = "(";
  std::apply(
      [&out](const Ts&... items) {
        const char* sep = "";
        ((out += sep, out += repr(items), sep = ", "), ...);
      },
      t);
  if constexpr (sizeof...(Ts) == 1) out += ',';
  return out + ')';
}

template <class T>
std::string repr(const std::optional<T>& v) {
  return v ? repr(*v) : "None";
}
template <class... Ts>
std::string repr(const std::variant<Ts...>& v) {
  return std::visit([](const auto& x) { return repr(x); }, v);
}

}  // namespace kiln::rt
