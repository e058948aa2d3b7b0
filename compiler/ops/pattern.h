// The type patterns op-library entries are written in: a small language over Python's type syntax.
//
//   int float bool str bytes None     a concrete type
//   T K V R U                         a type variable, bound by the first operand it meets
//   list[P] set[P] dict[P, P]         containers; tuple[P, P] and tuple[P, ...] as Python writes them
//   P?                                P | None (an operand of type P also fits: it converts)
//   iter[P]                           anything a `for` loop can walk whose items fit P: list, set,
//                                     dict (its keys), str (its characters), tuple, Iterator
//   Iterator[P]                       a lazy stream (enumerate, zip, map, ...)
//   fn[P, ... -> P]                   a lambda (or a function name) taking those and returning that
//   any                               anything, unbound
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/types/type.h"

namespace kiln::ops {

struct Pattern {
  enum class Form { Concrete, Variable, Container, Optional, Iterable, Function, Any };
  Form form = Form::Any;
  types::Kind kind = types::Kind::None;  // Concrete, Container (List/Set/Dict/Tuple/VarTuple/Iterator)
  char variable = 0;                     // Variable
  std::string model;                     // Concrete Model: the Python class ("Llama")
  std::vector<Pattern> args;  // Container elements; Optional/Iterable: [P]; Function: params..., result
};

// Parses one pattern; throws std::invalid_argument on a malformed one (a bug in the table).
Pattern parse_pattern(std::string_view text);

using Bindings = std::map<char, const types::Type*>;

// Whether `t` fits `p`, binding type variables as it goes. An Unknown type fits anything and binds
// nothing. Function patterns are matched by the caller (they need the lambda typed).
bool unify(const Pattern& p, const types::Type* t, Bindings& bindings);

// The type `p` denotes under `bindings`; an unbound variable is Unknown.
const types::Type* substitute(const Pattern& p, const Bindings& bindings, types::TypeTable& table);

// The element type a `for` loop over `t` yields, or null when `t` is not iterable.
const types::Type* element_type(const types::Type* t, types::TypeTable& table);

}  // namespace kiln::ops
