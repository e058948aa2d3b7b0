#include "compiler/ops/library.h"

#include <algorithm>
#include <map>

namespace kiln::ops {
namespace {

using types::Kind;
using types::Type;

// The table with the numpy and torch entries (numpy_library.cpp, torch_library.cpp) appended.
std::vector<Entry> with_numpy(std::vector<Entry> entries) {
  add_numpy_entries(entries);
  add_torch_entries(entries);
  return entries;
}

// Python's operators, builtins, methods and math functions. Order matters: the first entry that
// fits wins, so exact scalar entries come before generic ones.
const std::vector<Entry>& table() {
  static const std::vector<Entry> kTable = with_numpy({
      // Arithmetic.
      {"add", {"int", "int"}, "int", "kiln::rt::add({0}, {1})"},
      {"add", {"float", "float"}, "float", "({0} + {1})"},
      {"add", {"str", "str"}, "str", "kiln::rt::concat({0}, {1})"},
      {"add", {"list[T]", "list[T]"}, "list[T]", "({0} + {1})"},
      {"sub", {"int", "int"}, "int", "kiln::rt::sub({0}, {1})"},
      {"sub", {"float", "float"}, "float", "({0} - {1})"},
      {"sub", {"set[T]", "set[T]"}, "set[T]", "({0} - {1})"},
      {"mul", {"int", "int"}, "int", "kiln::rt::mul({0}, {1})"},
      {"mul", {"float", "float"}, "float", "({0} * {1})"},
      {"mul", {"str", "int"}, "str", "kiln::rt::str::repeat({0}, {1})"},
      {"mul", {"int", "str"}, "str", "kiln::rt::str::repeat({1}, {0})"},
      {"mul", {"list[T]", "int"}, "list[T]", "({0}).repeat({1})"},
      {"mul", {"int", "list[T]"}, "list[T]", "({1}).repeat({0})"},
      {"truediv", {"int", "int"}, "float", "kiln::rt::truediv({0}, {1})"},
      {"truediv", {"float", "float"}, "float", "kiln::rt::truediv({0}, {1})"},
      {"floordiv", {"int", "int"}, "int", "kiln::rt::floordiv({0}, {1})"},
      {"floordiv", {"float", "float"}, "float", "kiln::rt::floordiv({0}, {1})"},
      {"mod", {"int", "int"}, "int", "kiln::rt::mod({0}, {1})"},
      {"mod", {"float", "float"}, "float", "kiln::rt::mod({0}, {1})"},
      {"pow", {"int", "int"}, "int", "kiln::rt::pow({0}, {1})"},
      {"pow", {"float", "float"}, "float", "kiln::rt::pow({0}, {1})"},
      {"lshift", {"int", "int"}, "int", "kiln::rt::lshift({0}, {1})"},
      {"rshift", {"int", "int"}, "int", "kiln::rt::rshift({0}, {1})"},
      {"bitand", {"int", "int"}, "int", "({0} & {1})"},
      {"bitor", {"int", "int"}, "int", "({0} | {1})"},
      {"bitxor", {"int", "int"}, "int", "({0} ^ {1})"},
      {"bitand", {"bool", "bool"}, "bool", "({0} && {1})"},
      {"bitor", {"bool", "bool"}, "bool", "({0} || {1})"},
      {"bitxor", {"bool", "bool"}, "bool", "({0} != {1})"},
      {"bitand", {"set[T]", "set[T]"}, "set[T]", "({0} & {1})"},
      {"bitor", {"set[T]", "set[T]"}, "set[T]", "({0} | {1})"},
      {"bitxor", {"set[T]", "set[T]"}, "set[T]", "({0} ^ {1})"},
      {"bitor", {"dict[K, V]", "dict[K, V]"}, "dict[K, V]", "({0} | {1})"},
      // In place (`x op= y` on a list, set or dict changes it for every alias); other types fall back
      // to the plain operator.
      {"iadd", {"list[T]", "iter[T]"}, "list[T]", "kiln::rt::extend_in_place({0}, {1})"},
      {"imul", {"list[T]", "int"}, "list[T]", "kiln::rt::repeat_in_place({0}, {1})"},
      {"ibitor", {"set[T]", "set[T]"}, "set[T]", "kiln::rt::update_in_place({0}, {1})"},
      {"ibitor", {"dict[K, V]", "dict[K, V]"}, "dict[K, V]", "kiln::rt::update_in_place({0}, {1})"},
      {"neg", {"int"}, "int", "kiln::rt::neg({0})"},
      {"neg", {"float"}, "float", "(-{0})"},
      {"pos", {"int"}, "int", "(+{0})"},
      {"pos", {"float"}, "float", "(+{0})"},
      {"invert", {"int"}, "int", "(~{0})"},
      // Comparisons: scalars, then containers (lists and tuples order lexicographically).
      {"eq", {"int", "int"}, "bool", "({0} == {1})"},
      {"eq", {"float", "float"}, "bool", "({0} == {1})"},
      {"eq", {"str", "str"}, "bool", "kiln::rt::str::equal({0}, {1})"},
      {"eq", {"bool", "bool"}, "bool", "({0} == {1})"},
      {"eq", {"T", "T"}, "bool", "({0} == {1})"},
      {"ne", {"int", "int"}, "bool", "({0} != {1})"},
      {"ne", {"float", "float"}, "bool", "({0} != {1})"},
      {"ne", {"str", "str"}, "bool", "(!kiln::rt::str::equal({0}, {1}))"},
      {"ne", {"bool", "bool"}, "bool", "({0} != {1})"},
      {"ne", {"T", "T"}, "bool", "(!({0} == {1}))"},
      {"lt", {"int", "int"}, "bool", "({0} < {1})"},
      {"lt", {"float", "float"}, "bool", "({0} < {1})"},
      {"lt", {"str", "str"}, "bool", "({0} < {1})"},
      {"lt", {"list[T]", "list[T]"}, "bool", "({0} < {1})"},
      {"lt", {"tuple[T, U]", "tuple[T, U]"}, "bool", "({0} < {1})"},
      {"lt", {"set[T]", "set[T]"}, "bool", "({0} < {1})"},
      {"le", {"int", "int"}, "bool", "({0} <= {1})"},
      {"le", {"float", "float"}, "bool", "({0} <= {1})"},
      {"le", {"str", "str"}, "bool", "({0} <= {1})"},
      {"le", {"list[T]", "list[T]"}, "bool", "({0} <= {1})"},
      {"le", {"tuple[T, U]", "tuple[T, U]"}, "bool", "({0} <= {1})"},
      {"le", {"set[T]", "set[T]"}, "bool", "({0} <= {1})"},
      {"gt", {"int", "int"}, "bool", "({0} > {1})"},
      {"gt", {"float", "float"}, "bool", "({0} > {1})"},
      {"gt", {"str", "str"}, "bool", "({0} > {1})"},
      {"gt", {"list[T]", "list[T]"}, "bool", "({0} > {1})"},
      {"gt", {"tuple[T, U]", "tuple[T, U]"}, "bool", "({0} > {1})"},
      {"gt", {"set[T]", "set[T]"}, "bool", "({0} > {1})"},
      {"ge", {"int", "int"}, "bool", "({0} >= {1})"},
      {"ge", {"float", "float"}, "bool", "({0} >= {1})"},
      {"ge", {"str", "str"}, "bool", "({0} >= {1})"},
      {"ge", {"list[T]", "list[T]"}, "bool", "({0} >= {1})"},
      {"ge", {"tuple[T, U]", "tuple[T, U]"}, "bool", "({0} >= {1})"},
      {"ge", {"set[T]", "set[T]"}, "bool", "({0} >= {1})"},
      {"contains", {"str", "str"}, "bool", "kiln::rt::contains({1}, {0})"},
      {"contains", {"T", "list[T]"}, "bool", "({1}).contains({0})"},
      {"contains", {"T", "set[T]"}, "bool", "({1}).contains({0})"},
      {"contains", {"K", "dict[K, V]"}, "bool", "({1}).contains({0})"},
      {"contains", {"T", "iter[T]"}, "bool", "kiln::rt::iter_contains({1}, {0})"},
      {"not_contains", {"str", "str"}, "bool", "(!kiln::rt::contains({1}, {0}))"},
      {"not_contains", {"T", "list[T]"}, "bool", "(!({1}).contains({0}))"},
      {"not_contains", {"T", "set[T]"}, "bool", "(!({1}).contains({0}))"},
      {"not_contains", {"K", "dict[K, V]"}, "bool", "(!({1}).contains({0}))"},
      {"not_contains", {"T", "iter[T]"}, "bool", "(!kiln::rt::iter_contains({1}, {0}))"},
      {"is", {"T?", "None"}, "bool", "(!kiln::rt::has_value({0}))"},
      {"is_not", {"T?", "None"}, "bool", "kiln::rt::has_value({0})"},
      {"is", {"list[T]", "list[T]"}, "bool", "({0}).is({1})"},
      {"is_not", {"list[T]", "list[T]"}, "bool", "(!({0}).is({1}))"},
      {"is", {"dict[K, V]", "dict[K, V]"}, "bool", "({0}).is({1})"},
      {"is_not", {"dict[K, V]", "dict[K, V]"}, "bool", "(!({0}).is({1}))"},
      // Subscripts and slices (a fixed tuple's constant index is resolved by type propagation).
      {"getitem", {"str", "int"}, "str", "kiln::rt::str::getitem({0}, {1})"},
      {"getitem", {"list[T]", "int"}, "T", "({0}).getitem({1})"},
      {"getitem", {"tuple[T, ...]", "int"}, "T", "({0}).getitem({1})"},
      {"getitem", {"dict[K, V]", "K"}, "V", "({0}).getitem({1})"},
      {"slice", {"str", "int?", "int?", "int?"}, "str", "kiln::rt::str::slice({0}, {1}, {2}, {3})"},
      {"slice", {"list[T]", "int?", "int?", "int?"}, "list[T]", "({0}).slice({1}, {2}, {3})"},
      {"slice", {"tuple[T, ...]", "int?", "int?", "int?"}, "tuple[T, ...]", "({0}).slice({1}, {2}, {3})"},
      {"setitem", {"list[T]", "int", "T"}, "None", "({0}).setitem({1}, {2})"},
      {"setitem", {"dict[K, V]", "K", "V"}, "None", "({0}).setitem({1}, {2})"},
      {"setslice",
       {"list[T]", "int?", "int?", "int?", "iter[T]"},
       "None",
       "({0}).set_slice({1}, {2}, {3}, kiln::rt::to_list({4}))"},
      {"delitem", {"list[T]", "int"}, "None", "({0}).delitem({1})"},
      {"delitem", {"dict[K, V]", "K"}, "None", "({0}).delitem({1})"},
      {"delslice", {"list[T]", "int?", "int?", "int?"}, "None", "({0}).del_slice({1}, {2}, {3})"},
      // Builtins.
      {"len", {"str"}, "int", "kiln::rt::len({0})"},
      {"len", {"list[T]"}, "int", "({0}).len()"},
      {"len", {"tuple[T, ...]"}, "int", "({0}).len()"},
      {"len", {"dict[K, V]"}, "int", "({0}).len()"},
      {"len", {"set[T]"}, "int", "({0}).len()"},
      {"len", {"bytes"}, "int", "static_cast<int64_t>(({0}).size())"},
      {"abs", {"int"}, "int", "kiln::rt::abs({0})"},
      {"abs", {"float"}, "float", "kiln::rt::abs({0})"},
      {"min", {"int", "int"}, "int", "std::min<int64_t>({0}, {1})"},
      {"min", {"float", "float"}, "float", "std::min<double>({0}, {1})"},
      {"min", {"str", "str"}, "str", "kiln::rt::min2({0}, {1})"},
      {"min", {"iter[T]"}, "T", "kiln::rt::min_of({0})"},
      {"min", {"iter[T]", "key: fn[T -> R]"}, "T", "kiln::rt::min_of({0}, {1})"},
      {"min", {"iter[T]", "default: T"}, "T", "kiln::rt::min_of_or({0}, {1})"},
      {"max", {"int", "int"}, "int", "std::max<int64_t>({0}, {1})"},
      {"max", {"float", "float"}, "float", "std::max<double>({0}, {1})"},
      {"max", {"str", "str"}, "str", "kiln::rt::max2({0}, {1})"},
      {"max", {"iter[T]"}, "T", "kiln::rt::max_of({0})"},
      {"max", {"iter[T]", "key: fn[T -> R]"}, "T", "kiln::rt::max_of({0}, {1})"},
      {"max", {"iter[T]", "default: T"}, "T", "kiln::rt::max_of_or({0}, {1})"},
      {"sum", {"iter[int]"}, "int", "kiln::rt::sum({0}, int64_t(0))"},
      {"sum", {"iter[bool]"}, "int", "kiln::rt::sum({0}, int64_t(0))"},
      {"sum", {"iter[float]"}, "float", "kiln::rt::sum({0}, 0.0)"},
      {"sum", {"iter[int]", "start: int"}, "int", "kiln::rt::sum({0}, {1})"},
      {"sum", {"iter[float]", "start: float"}, "float", "kiln::rt::sum({0}, {1})"},
      {"any", {"iter[any]"}, "bool", "kiln::rt::any_of({0})"},
      {"all", {"iter[any]"}, "bool", "kiln::rt::all_of({0})"},
      {"sorted",
       {"iter[T]", "key: fn[T -> R]", "reverse: bool = false"},
       "list[T]",
       "kiln::rt::sorted({0}, {1}, {2})"},
      {"sorted", {"iter[T]", "reverse: bool = false"}, "list[T]", "kiln::rt::sorted({0}, {1})"},
      {"reversed", {"list[T]"}, "Iterator[T]", "kiln::rt::reversed({0})"},
      {"reversed", {"str"}, "Iterator[str]", "kiln::rt::reversed({0})"},
      {"reversed", {"tuple[T, ...]"}, "Iterator[T]", "kiln::rt::reversed({0})"},
      {"enumerate",
       {"iter[T]", "start: int = 0"},
       "Iterator[tuple[int, T]]",
       "kiln::rt::enumerate({0}, {1})"},
      {"zip", {"iter[T]", "iter[U]"}, "Iterator[tuple[T, U]]", "kiln::rt::zip({0}, {1})"},
      {"zip", {"iter[T]", "iter[U]", "iter[V]"}, "Iterator[tuple[T, U, V]]", "kiln::rt::zip({0}, {1}, {2})"},
      {"range", {"int"}, "Iterator[int]", "kiln::rt::range(0, {0}, 1)"},
      {"range", {"int", "int"}, "Iterator[int]", "kiln::rt::range({0}, {1}, 1)"},
      {"range", {"int", "int", "int"}, "Iterator[int]", "kiln::rt::range({0}, {1}, {2})"},
      {"map", {"fn[T -> R]", "iter[T]"}, "Iterator[R]", "kiln::rt::map({0}, {1})"},
      {"filter", {"fn[T -> R]", "iter[T]"}, "Iterator[T]", "kiln::rt::filter({0}, {1})"},
      {"list", {"iter[T]"}, "list[T]", "kiln::rt::to_list({0})"},
      {"set", {"iter[T]"}, "set[T]", "kiln::rt::to_set({0})"},
      {"tuple", {"iter[T]"}, "tuple[T, ...]", "kiln::rt::to_list({0})"},
      {"dict", {"dict[K, V]"}, "dict[K, V]", "({0}).copy()"},
      {"dict", {"iter[tuple[K, V]]"}, "dict[K, V]", "kiln::rt::to_dict({0})"},
      {"divmod", {"int", "int"}, "tuple[int, int]", "kiln::rt::divmod({0}, {1})"},
      {"divmod", {"float", "float"}, "tuple[float, float]", "kiln::rt::divmod({0}, {1})"},
      {"pow", {"int", "int", "int"}, "int", "kiln::rt::pow_mod({0}, {1}, {2})"},
      {"int", {"int"}, "int", "{0}"},
      {"int", {"float"}, "int", "kiln::rt::to_int({0})"},
      {"int", {"bool"}, "int", "static_cast<int64_t>({0})"},
      {"int", {"str"}, "int", "kiln::rt::parse_int({0}, 10)"},
      {"int", {"str", "base: int"}, "int", "kiln::rt::parse_int({0}, {1})"},
      {"float", {"float"}, "float", "{0}"},
      {"float", {"int"}, "float", "static_cast<double>({0})"},
      {"float", {"str"}, "float", "kiln::rt::parse_float({0})"},
      {"str", {"int"}, "str", "kiln::rt::to_str({0})"},
      {"str", {"float"}, "str", "kiln::rt::to_str({0})"},
      {"str", {"bool"}, "str", "kiln::rt::to_str({0})"},
      {"str", {"str"}, "str", "{0}"},
      {"str", {"BaseException"}, "str", "({0}).message"},
      {"str", {"list[T]"}, "str", "kiln::rt::repr({0})"},
      {"str", {"dict[K, V]"}, "str", "kiln::rt::repr({0})"},
      {"str", {"set[T]"}, "str", "kiln::rt::repr({0})"},
      {"str", {"tuple[T, ...]"}, "str", "kiln::rt::repr_tuple({0})"},
      {"str", {"tuple[T, U]"}, "str", "kiln::rt::repr({0})"},
      {"str", {"T?"}, "str", "kiln::rt::repr({0})"},
      {"repr", {"int"}, "str", "kiln::rt::repr({0})"},
      {"repr", {"float"}, "str", "kiln::rt::repr({0})"},
      {"repr", {"bool"}, "str", "kiln::rt::repr({0})"},
      {"repr", {"str"}, "str", "kiln::rt::repr({0})"},
      {"repr", {"BaseException"}, "str", "kiln::rt::repr({0})"},
      {"repr", {"list[T]"}, "str", "kiln::rt::repr({0})"},
      {"repr", {"dict[K, V]"}, "str", "kiln::rt::repr({0})"},
      {"repr", {"set[T]"}, "str", "kiln::rt::repr({0})"},
      {"repr", {"tuple[T, ...]"}, "str", "kiln::rt::repr_tuple({0})"},
      {"repr", {"tuple[T, U]"}, "str", "kiln::rt::repr({0})"},
      {"repr", {"T?"}, "str", "kiln::rt::repr({0})"},
      {"format", {"int", "str"}, "str", "kiln::rt::format({0}, {1})"},
      {"format", {"float", "str"}, "str", "kiln::rt::format({0}, {1})"},
      {"format", {"bool", "str"}, "str", "kiln::rt::format({0}, {1})"},
      {"format", {"str", "str"}, "str", "kiln::rt::format({0}, {1})"},
      {"bool", {"bool"}, "bool", "{0}"},
      {"bool", {"int"}, "bool", "kiln::rt::truth({0})"},
      {"bool", {"float"}, "bool", "kiln::rt::truth({0})"},
      {"bool", {"str"}, "bool", "kiln::rt::truth({0})"},
      {"bool", {"T"}, "bool", "kiln::rt::truth({0})"},
      {"round", {"float"}, "int", "kiln::rt::round({0})"},
      {"round", {"int"}, "int", "{0}"},
      {"round", {"float", "ndigits: int"}, "float", "kiln::rt::round({0}, {1})"},
      {"round", {"int", "ndigits: int"}, "int", "kiln::rt::round({0}, {1})"},
      {"ord", {"str"}, "int", "kiln::rt::ord({0})"},
      {"chr", {"int"}, "str", "kiln::rt::chr({0})"},
      // list methods.
      {".append", {"list[T]", "T"}, "None", "({0}).append({1})"},
      {".extend", {"list[T]", "iter[T]"}, "None", "({0}).extend(kiln::rt::to_list({1}))"},
      {".insert", {"list[T]", "int", "T"}, "None", "({0}).insert({1}, {2})"},
      {".pop", {"list[T]"}, "T", "({0}).pop()"},
      {".pop", {"list[T]", "int"}, "T", "({0}).pop({1})"},
      {".remove", {"list[T]", "T"}, "None", "({0}).remove({1})"},
      {".index", {"list[T]", "T"}, "int", "({0}).index({1})"},
      {".count", {"list[T]", "T"}, "int", "({0}).count({1})"},
      {".reverse", {"list[T]"}, "None", "({0}).reverse()"},
      {".clear", {"list[T]"}, "None", "({0}).clear()"},
      {".copy", {"list[T]"}, "list[T]", "({0}).copy()"},
      {".sort", {"list[T]", "key: fn[T -> R]", "reverse: bool = false"}, "None", "({0}).sort({1}, {2})"},
      {".sort", {"list[T]", "reverse: bool = false"}, "None", "({0}).sort({1})"},
      {".index", {"tuple[T, ...]", "T"}, "int", "({0}).index({1})"},
      {".count", {"tuple[T, ...]", "T"}, "int", "({0}).count({1})"},
      // dict methods.
      {".get", {"dict[K, V]", "K"}, "V?", "({0}).get({1})"},
      {".get", {"dict[K, V]", "K", "V"}, "V", "({0}).get({1}, {2})"},
      {".setdefault", {"dict[K, V]", "K", "V"}, "V", "({0}).setdefault({1}, {2})"},
      {".pop", {"dict[K, V]", "K"}, "V", "({0}).pop({1})"},
      {".pop", {"dict[K, V]", "K", "V"}, "V", "({0}).pop({1}, {2})"},
      {".popitem", {"dict[K, V]"}, "tuple[K, V]", "({0}).popitem()"},
      {".update", {"dict[K, V]", "dict[K, V]"}, "None", "({0}).update({1})"},
      {".clear", {"dict[K, V]"}, "None", "({0}).clear()"},
      {".copy", {"dict[K, V]"}, "dict[K, V]", "({0}).copy()"},
      {".keys", {"dict[K, V]"}, "Iterator[K]", "({0}).keys()"},
      {".values", {"dict[K, V]"}, "Iterator[V]", "({0}).values()"},
      {".items", {"dict[K, V]"}, "Iterator[tuple[K, V]]", "({0}).items()"},
      // set methods.
      {".add", {"set[T]", "T"}, "None", "({0}).add({1})"},
      {".discard", {"set[T]", "T"}, "None", "({0}).discard({1})"},
      {".remove", {"set[T]", "T"}, "None", "({0}).remove({1})"},
      {".pop", {"set[T]"}, "T", "({0}).pop()"},
      {".clear", {"set[T]"}, "None", "({0}).clear()"},
      {".copy", {"set[T]"}, "set[T]", "({0}).copy()"},
      {".update", {"set[T]", "iter[T]"}, "None", "({0}).update(kiln::rt::to_set({1}))"},
      {".union", {"set[T]", "iter[T]"}, "set[T]", "({0}).union_(kiln::rt::to_set({1}))"},
      {".intersection", {"set[T]", "iter[T]"}, "set[T]", "({0}).intersection(kiln::rt::to_set({1}))"},
      {".difference", {"set[T]", "iter[T]"}, "set[T]", "({0}).difference(kiln::rt::to_set({1}))"},
      {".symmetric_difference",
       {"set[T]", "iter[T]"},
       "set[T]",
       "({0}).symmetric_difference(kiln::rt::to_set({1}))"},
      {".issubset", {"set[T]", "iter[T]"}, "bool", "({0}).issubset(kiln::rt::to_set({1}))"},
      {".issuperset", {"set[T]", "iter[T]"}, "bool", "({0}).issuperset(kiln::rt::to_set({1}))"},
      {".isdisjoint", {"set[T]", "iter[T]"}, "bool", "({0}).isdisjoint(kiln::rt::to_set({1}))"},
      // str methods.
      {".split",
       {"str", "sep: str? = std::nullopt", "maxsplit: int = -1"},
       "list[str]",
       "kiln::rt::List<std::string>(kiln::rt::str::split({0}, kiln::rt::chars({1}), {2}))"},
      {".rsplit",
       {"str", "sep: str? = std::nullopt", "maxsplit: int = -1"},
       "list[str]",
       "kiln::rt::List<std::string>(kiln::rt::str::rsplit({0}, kiln::rt::chars({1}), {2}))"},
      {".splitlines",
       {"str", "keepends: bool = false"},
       "list[str]",
       "kiln::rt::List<std::string>(kiln::rt::str::splitlines({0}, {1}))"},
      {".join", {"str", "iter[str]"}, "str", "kiln::rt::str::join({0}, kiln::rt::to_strings({1}))"},
      {".strip",
       {"str", "chars: str? = std::nullopt"},
       "str",
       "kiln::rt::str::strip({0}, kiln::rt::chars({1}))"},
      {".lstrip",
       {"str", "chars: str? = std::nullopt"},
       "str",
       "kiln::rt::str::lstrip({0}, kiln::rt::chars({1}))"},
      {".rstrip",
       {"str", "chars: str? = std::nullopt"},
       "str",
       "kiln::rt::str::rstrip({0}, kiln::rt::chars({1}))"},
      {".partition",
       {"str", "str"},
       "tuple[str, str, str]",
       "kiln::rt::as_tuple(kiln::rt::str::partition({0}, {1}))"},
      {".rpartition",
       {"str", "str"},
       "tuple[str, str, str]",
       "kiln::rt::as_tuple(kiln::rt::str::rpartition({0}, {1}))"},
      {".replace",
       {"str", "str", "str", "count: int = -1"},
       "str",
       "kiln::rt::str::replace({0}, {1}, {2}, {3})"},
      {".removeprefix", {"str", "str"}, "str", "kiln::rt::str::removeprefix({0}, {1})"},
      {".removesuffix", {"str", "str"}, "str", "kiln::rt::str::removesuffix({0}, {1})"},
      {".find",
       {"str", "str", "int? = std::nullopt", "int? = std::nullopt"},
       "int",
       "kiln::rt::str::find({0}, {1}, {2}, {3})"},
      {".rfind",
       {"str", "str", "int? = std::nullopt", "int? = std::nullopt"},
       "int",
       "kiln::rt::str::rfind({0}, {1}, {2}, {3})"},
      {".index",
       {"str", "str", "int? = std::nullopt", "int? = std::nullopt"},
       "int",
       "kiln::rt::str::index({0}, {1}, {2}, {3})"},
      {".rindex",
       {"str", "str", "int? = std::nullopt", "int? = std::nullopt"},
       "int",
       "kiln::rt::str::rindex({0}, {1}, {2}, {3})"},
      {".count",
       {"str", "str", "int? = std::nullopt", "int? = std::nullopt"},
       "int",
       "kiln::rt::str::count({0}, {1}, {2}, {3})"},
      {".startswith",
       {"str", "str", "int? = std::nullopt", "int? = std::nullopt"},
       "bool",
       "kiln::rt::str::startswith({0}, {1}, {2}, {3})"},
      {".startswith",
       {"str", "iter[str]", "int? = std::nullopt", "int? = std::nullopt"},
       "bool",
       "kiln::rt::str::startswith({0}, kiln::rt::to_strings({1}), {2}, {3})"},
      {".endswith",
       {"str", "str", "int? = std::nullopt", "int? = std::nullopt"},
       "bool",
       "kiln::rt::str::endswith({0}, {1}, {2}, {3})"},
      {".endswith",
       {"str", "iter[str]", "int? = std::nullopt", "int? = std::nullopt"},
       "bool",
       "kiln::rt::str::endswith({0}, kiln::rt::to_strings({1}), {2}, {3})"},
      {".upper", {"str"}, "str", "kiln::rt::str::upper({0})"},
      {".lower", {"str"}, "str", "kiln::rt::str::lower({0})"},
      {".casefold", {"str"}, "str", "kiln::rt::str::casefold({0})"},
      {".title", {"str"}, "str", "kiln::rt::str::title({0})"},
      {".capitalize", {"str"}, "str", "kiln::rt::str::capitalize({0})"},
      {".swapcase", {"str"}, "str", "kiln::rt::str::swapcase({0})"},
      {".isascii", {"str"}, "bool", "kiln::rt::str::isascii({0})"},
      {".isdigit", {"str"}, "bool", "kiln::rt::str::isdigit({0})"},
      {".isdecimal", {"str"}, "bool", "kiln::rt::str::isdecimal({0})"},
      {".isnumeric", {"str"}, "bool", "kiln::rt::str::isnumeric({0})"},
      {".isalpha", {"str"}, "bool", "kiln::rt::str::isalpha({0})"},
      {".isalnum", {"str"}, "bool", "kiln::rt::str::isalnum({0})"},
      {".isspace", {"str"}, "bool", "kiln::rt::str::isspace({0})"},
      {".isidentifier", {"str"}, "bool", "kiln::rt::str::isidentifier({0})"},
      {".islower", {"str"}, "bool", "kiln::rt::str::islower({0})"},
      {".isupper", {"str"}, "bool", "kiln::rt::str::isupper({0})"},
      {".istitle", {"str"}, "bool", "kiln::rt::str::istitle({0})"},
      {".center", {"str", "int", "str = \" \""}, "str", "kiln::rt::str::center({0}, {1}, {2})"},
      {".ljust", {"str", "int", "str = \" \""}, "str", "kiln::rt::str::ljust({0}, {1}, {2})"},
      {".rjust", {"str", "int", "str = \" \""}, "str", "kiln::rt::str::rjust({0}, {1}, {2})"},
      {".zfill", {"str", "int"}, "str", "kiln::rt::str::zfill({0}, {1})"},
      {".expandtabs", {"str", "tabsize: int = 8"}, "str", "kiln::rt::str::expandtabs({0}, {1})"},
      {".encode", {"str"}, "bytes", "kiln::rt::str::encode({0})"},
      {".decode", {"bytes"}, "str", "kiln::rt::decode_utf8({0})"},
      // Models: llama-cpp-python's Llama over a GGUF file (runtime/model/llama.h).
      {".embed",
       {"Llama", "str", "normalize: bool = true"},
       "list[float]",
       "kiln::rt::llama::embed({0}, {1}, {2})"},
      {".embed",
       {"Llama", "list[str]", "normalize: bool = true"},
       "list[list[float]]",
       "kiln::rt::llama::embed({0}, {1}, {2})"},
      {".tokenize",
       {"Llama", "bytes", "add_bos: bool = true", "special: bool = false"},
       "list[int]",
       "kiln::rt::llama::tokenize({0}, {1}, {2}, {3})"},
      {".detokenize", {"Llama", "list[int]"}, "bytes", "kiln::rt::llama::detokenize({0}, {1})"},
      // sentence-transformers' SentenceTransformer on the same engine; `prompt` (or the model's prompt
      // `prompt_name` names) prefixes each text.
      {".encode",
       {"SentenceTransformer", "list[str]", "prompt: str? = std::nullopt", "batch_size: int = 32",
        "show_progress_bar: bool? = std::nullopt", "normalize_embeddings: bool = false",
        "prompt_name: str? = std::nullopt"},
       "ndarray",
       "kiln::rt::llama::encode({0}, {1}, {2}, {3}, {5}, {6})"},
      {".encode",
       {"SentenceTransformer", "str", "prompt: str? = std::nullopt", "batch_size: int = 32",
        "show_progress_bar: bool? = std::nullopt", "normalize_embeddings: bool = false",
        "prompt_name: str? = std::nullopt"},
       "ndarray",
       "kiln::rt::llama::encode({0}, {1}, {2}, {3}, {5}, {6})"},
      {".get_max_seq_length", {"SentenceTransformer"}, "int", "kiln::rt::llama::max_seq_length({0})"},
      {"@max_seq_length", {"SentenceTransformer"}, "int", "kiln::rt::llama::max_seq_length({0})"},
      {".get_sentence_embedding_dimension",
       {"SentenceTransformer"},
       "int",
       "kiln::rt::llama::embedding_dimension({0})"},
      {"@tokenizer", {"SentenceTransformer"}, "Tokenizer", "({0})"},
      {".encode",
       {"Tokenizer", "str", "add_special_tokens: bool = true"},
       "list[int]",
       "kiln::rt::llama::tokenizer_encode({0}, {1}, {2})"},
      // numpy arrays (runtime/ndarray.h).
      {"len", {"ndarray"}, "int", "kiln::rt::len({0})"},
      {"@ndim", {"ndarray"}, "int", "({0}).ndim()"},
      {"@size", {"ndarray"}, "int", "({0}).size()"},
      {"@shape", {"ndarray"}, "tuple[int, ...]", "kiln::rt::List<int64_t>(({0}).shape())"},
      // The math module.
      {"math.sqrt", {"float"}, "float", "kiln::rt::math::sqrt({0})"},
      {"math.exp", {"float"}, "float", "kiln::rt::math::exp({0})"},
      {"math.log", {"float"}, "float", "kiln::rt::math::log({0})"},
      {"math.log", {"float", "float"}, "float", "kiln::rt::math::log({0}, {1})"},
      {"math.log2", {"float"}, "float", "kiln::rt::math::log2({0})"},
      {"math.log10", {"float"}, "float", "kiln::rt::math::log10({0})"},
      {"math.sin", {"float"}, "float", "std::sin({0})"},
      {"math.cos", {"float"}, "float", "std::cos({0})"},
      {"math.tan", {"float"}, "float", "std::tan({0})"},
      {"math.atan", {"float"}, "float", "std::atan({0})"},
      {"math.atan2", {"float", "float"}, "float", "std::atan2({0}, {1})"},
      {"math.tanh", {"float"}, "float", "std::tanh({0})"},
      {"math.fabs", {"float"}, "float", "std::fabs({0})"},
      {"math.hypot", {"float", "float"}, "float", "std::hypot({0}, {1})"},
      {"math.pow", {"float", "float"}, "float", "kiln::rt::math::pow({0}, {1})"},
      {"math.floor", {"int"}, "int", "{0}"},
      {"math.floor", {"float"}, "int", "kiln::rt::math::floor({0})"},
      {"math.ceil", {"int"}, "int", "{0}"},
      {"math.ceil", {"float"}, "int", "kiln::rt::math::ceil({0})"},
      {"math.trunc", {"float"}, "int", "kiln::rt::to_int({0})"},
      {"math.isnan", {"float"}, "bool", "std::isnan({0})"},
      {"math.isinf", {"float"}, "bool", "std::isinf({0})"},
      {"math.isfinite", {"float"}, "bool", "std::isfinite({0})"},
      {"math.isclose",
       {"float", "float", "rel_tol: float = 1e-09", "abs_tol: float = 0.0"},
       "bool",
       "kiln::rt::math::isclose({0}, {1}, {2}, {3})"},
      {"math.gcd", {"int", "int"}, "int", "kiln::rt::math::gcd({0}, {1})"},
      {"math.copysign", {"float", "float"}, "float", "std::copysign({0}, {1})"},
  });
  return kTable;
}

// "name: pattern = default" → its parts.
Param parse_param(std::string_view spec) {
  Param p;
  const std::size_t eq = spec.find(" = ");
  if (eq != std::string_view::npos) {
    p.default_cpp = std::string(spec.substr(eq + 3));
    spec = spec.substr(0, eq);
  }
  const std::size_t colon = spec.find(": ");
  if (colon != std::string_view::npos) {
    p.name = std::string(spec.substr(0, colon));
    spec = spec.substr(colon + 2);
  }
  p.type = parse_pattern(spec);
  return p;
}

struct Parsed {
  std::vector<Param> params;
  Pattern result;
};

const std::vector<Parsed>& parsed() {
  static const std::vector<Parsed> kParsed = [] {
    std::vector<Parsed> out;
    for (const Entry& e : table()) {
      Parsed p;
      for (std::string_view spec : e.params) p.params.push_back(parse_param(spec));
      p.result = parse_pattern(e.result);
      out.push_back(std::move(p));
    }
    return out;
  }();
  return kParsed;
}

// Which argument fills each parameter: positional ones in order, keywords by name, the rest by
// their defaults; nullopt when the call cannot bind to these parameters.
std::optional<std::vector<int>> bind_arguments(const std::vector<Param>& params,
                                               const std::vector<Argument>& args) {
  std::vector<int> sources(params.size(), -1);
  std::size_t positional = 0;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i].keyword.empty()) {
      if (positional >= params.size()) return std::nullopt;
      sources[positional++] = static_cast<int>(i);
      continue;
    }
    auto it =
        std::find_if(params.begin(), params.end(), [&](const Param& p) { return p.name == args[i].keyword; });
    if (it == params.end() || sources[it - params.begin()] != -1) return std::nullopt;
    sources[it - params.begin()] = static_cast<int>(i);
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (sources[i] == -1 && !params[i].default_cpp) return std::nullopt;
  }
  return sources;
}

std::optional<Match> try_entry(std::size_t index, const std::vector<const Type*>& types,
                               const std::vector<Argument>& args, types::TypeTable& types_table,
                               const LambdaTyper& type_lambda) {
  const Parsed& p = parsed()[index];
  auto sources = bind_arguments(p.params, args);
  if (!sources) return std::nullopt;
  Bindings bindings;
  for (std::size_t i = 0; i < p.params.size(); ++i) {
    const int src = (*sources)[i];
    if (src < 0 || p.params[i].type.form == Pattern::Form::Function) continue;
    if (!types[src] || !unify(p.params[i].type, types[src], bindings)) return std::nullopt;
  }
  for (std::size_t i = 0; i < p.params.size(); ++i) {  // lambdas last: their parameters come from the others
    const int src = (*sources)[i];
    const Pattern& fn = p.params[i].type;
    if (src < 0 || fn.form != Pattern::Form::Function) continue;
    if (types[src]) return std::nullopt;  // only a lambda fits
    std::vector<const Type*> lambda_params;
    for (std::size_t k = 0; k + 1 < fn.args.size(); ++k)
      lambda_params.push_back(substitute(fn.args[k], bindings, types_table));
    const Type* returns = type_lambda(static_cast<std::size_t>(src), lambda_params);
    if (!returns || !unify(fn.args.back(), returns, bindings)) return std::nullopt;
  }
  Match m;
  m.entry = &table()[index];
  m.sources = *sources;
  for (const Param& param : p.params) m.param_types.push_back(substitute(param.type, bindings, types_table));
  m.result = substitute(p.result, bindings, types_table);
  return m;
}

bool is_scalar_number(const Type* t) {
  return t && (t->kind == Kind::Bool || t->kind == Kind::Int);
}

}  // namespace

std::span<const Entry> entries() {
  return table();
}

const std::vector<Param>& params_of(const Entry& e) {
  return parsed()[&e - table().data()].params;
}

std::optional<Match> find(std::string_view name, const std::vector<Argument>& args,
                          types::TypeTable& types_table, const LambdaTyper& type_lambda) {
  std::vector<const Type*> exact;
  for (const Argument& a : args) exact.push_back(a.type);
  std::vector<const Type*> as_int = exact, as_float = exact;
  for (const Type*& t : as_int) t = t && t->kind == Kind::Bool ? types_table.integer() : t;
  for (const Type*& t : as_float) t = is_scalar_number(t) ? types_table.floating() : t;
  for (const auto* types : {&exact, &as_int, &as_float}) {
    if (types != &exact && *types == exact) continue;
    for (std::size_t i = 0; i < table().size(); ++i) {
      if (table()[i].name != name) continue;
      if (auto m = try_entry(i, *types, args, types_table, type_lambda)) return m;
    }
  }
  return std::nullopt;
}

bool has_op(std::string_view name) {
  return std::any_of(table().begin(), table().end(), [&](const Entry& e) { return e.name == name; });
}

std::string describe(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> kSymbols[] = {
      {"add", "+"},
      {"sub", "-"},
      {"mul", "*"},
      {"truediv", "/"},
      {"floordiv", "//"},
      {"mod", "%"},
      {"pow", "**"},
      {"lshift", "<<"},
      {"rshift", ">>"},
      {"bitand", "&"},
      {"bitor", "|"},
      {"bitxor", "^"},
      {"lt", "<"},
      {"le", "<="},
      {"gt", ">"},
      {"ge", ">="},
      {"eq", "=="},
      {"ne", "!="},
      {"neg", "unary -"},
      {"pos", "unary +"},
      {"invert", "unary ~"},
      {"contains", "in"},
      {"not_contains", "not in"},
      {"matmul", "@"},
      {"is", "is"},
      {"is_not", "is not"},
      {"getitem", "[]"},
      {"setitem", "[] ="},
      {"slice", "[:]"},
  };
  for (const auto& [op, symbol] : kSymbols) {
    if (op == name) return "'" + std::string(symbol) + "'";
  }
  if (name.starts_with(".")) return std::string(name.substr(1)) + "()";
  return std::string(name) + "()";
}

}  // namespace kiln::ops
