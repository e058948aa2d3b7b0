// The op library: every Python operation Kiln compiles is one entry here — its Python-level name,
// parameter types, result type, and the C++ it becomes. Type propagation looks ops up here; codegen
// emits their `cpp` pattern ({0}, {1}, ... are the operands); a test compiles every entry with its
// declared types, so this table and runtime/builtins.h cannot drift apart.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "compiler/types/type.h"

namespace kiln::ops {

struct Entry {
  std::string_view name;               // "add", "lt", "len", ...
  std::vector<types::Kind> params;     // scalar parameter types
  types::Kind result;
  std::string_view cpp;                // e.g. "kiln::rt::add({0}, {1})" or "({0} < {1})"
};

std::span<const Entry> entries();

// The entry for `name` whose parameters are exactly `args`; null when there is none.
const Entry* find_exact(std::string_view name, const std::vector<types::Kind>& args);

// As Python's numeric tower does: bool operands count as int, and int as float when an operand is
// a float. Returns the entry and the parameter kinds it takes (the operands to convert to).
const Entry* find(std::string_view name, const std::vector<types::Kind>& args);

// How Python words the operation in a TypeError ("unsupported operand type(s) for +").
std::string describe(std::string_view name);

}  // namespace kiln::ops
