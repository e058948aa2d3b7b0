// Values known at compile time: literals, and containers of them (module constants, defaults).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "compiler/types/type.h"

namespace kiln::resolve {

struct Constant {
  enum class Kind { None, Bool, Int, Float, Str, Bytes, List, Tuple, Set, Dict };
  Kind kind = Kind::None;
  bool boolean = false;
  int64_t integer = 0;
  double floating = 0;
  std::string text;                                    // Str (UTF-8) and Bytes
  std::vector<Constant> items;                         // List, Tuple, Set
  std::vector<std::pair<Constant, Constant>> entries;  // Dict, in insertion order
};

// The value as JSON (tuples and sets as arrays; dict keys must be strings, others are rendered with
// their Python repr); floats use Python's repr, so they read back exactly.
std::string to_json(const Constant& c);

// Its static type. The element type of an empty container is unknown here and reads as None.
const types::Type* type_of(const Constant& c, types::TypeTable& table);

}  // namespace kiln::resolve
