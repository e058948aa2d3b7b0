// Python's tagged unions (`int | str`): std::variant, None as std::monostate. isinstance() tests the
// alternative held; containers hash, compare and print unions by what they hold.
#pragma once

#include <cstddef>
#include <string>
#include <variant>

#include "runtime/hash.h"

namespace kiln::rt {

template <std::size_t I, class... Ts>
bool holds(const std::variant<Ts...>& v) {
  return v.index() == I;
}

template <>
struct Hash<std::monostate> {
  std::size_t operator()(std::monostate) const { return 0; }
};

template <class... Ts>
struct Hash<std::variant<Ts...>> {
  std::size_t operator()(const std::variant<Ts...>& v) const {
    return mix_hash(v.index() ^
                    std::visit([](const auto& x) { return Hash<std::decay_t<decltype(x)>>{}(x); }, v));
  }
};

}  // namespace kiln::rt
