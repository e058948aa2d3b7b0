// The op library: every Python operation Kiln compiles is one entry here — its Python-level name,
// its parameters as type patterns (compiler/ops/pattern.h), its result type, and the C++ it becomes.
// Type propagation looks ops up here; codegen emits their `cpp` pattern ({0}, {1}, ... are the
// operands); a test compiles every entry with its declared types, so this table and the runtime
// cannot drift apart.
//
// Names: operators by their dunder stem ("add", "lt", "getitem"), builtins by name ("len"), methods
// with a leading dot (".append", ".split": the receiver is parameter 0), module functions qualified
// ("math.sqrt").
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ops/pattern.h"
#include "compiler/types/type.h"

namespace kiln::ops {

struct Entry;
// Appends numpy's operations (compiler/ops/numpy_library.cpp) to the table.
void add_numpy_entries(std::vector<Entry>& table);
// Appends transformers' tokenizer and model calls and torch's tensor operations
// (compiler/ops/torch_library.cpp).
void add_torch_entries(std::vector<Entry>& table);

struct Entry {
  std::string_view name;
  // Each "pattern", "name: pattern" (may be passed by keyword) or "name: pattern = C++ default".
  std::vector<std::string_view> params;
  std::string_view result;  // a pattern over the parameters' variables
  std::string_view cpp;     // e.g. "kiln::rt::add({0}, {1})"
};

struct Param {
  std::string name;
  Pattern type;
  std::optional<std::string> default_cpp;
};

std::span<const Entry> entries();
const std::vector<Param>& params_of(const Entry& e);

// One operand of a call site: its type (null for a lambda, typed once an entry is chosen) and the
// keyword it was passed with (empty when positional).
struct Argument {
  const types::Type* type;
  std::string keyword;
};

struct Match {
  const Entry* entry = nullptr;
  std::vector<int> sources;                     // per parameter: the argument, or -1 for its default
  std::vector<const types::Type*> param_types;  // what each parameter takes (operands convert to it)
  const types::Type* result = nullptr;
};

// Types the lambda passed as argument `arg` when its parameters are `params`; returns its result
// type, or null after reporting an error.
using LambdaTyper =
    std::function<const types::Type*(std::size_t arg, const std::vector<const types::Type*>& params)>;

// The first entry named `name` the arguments fit. Python's numeric tower applies: when nothing
// fits as is, bool operands are tried as int, then bool and int operands as float.
std::optional<Match> find(std::string_view name, const std::vector<Argument>& args, types::TypeTable& table,
                          const LambdaTyper& type_lambda);

bool has_op(std::string_view name);

// How Python words the operation in a TypeError ("unsupported operand type(s) for +").
std::string describe(std::string_view name);

}  // namespace kiln::ops
