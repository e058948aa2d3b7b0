#include "compiler/ops/library.h"

#include <algorithm>

namespace kiln::ops {
namespace {

using types::Kind;
constexpr Kind I = Kind::Int, F = Kind::Float, B = Kind::Bool, S = Kind::Str;

const std::vector<Entry>& table() {
  static const std::vector<Entry> kTable = {
      // Arithmetic.
      {"add", {I, I}, I, "kiln::rt::add({0}, {1})"},
      {"add", {F, F}, F, "({0} + {1})"},
      {"add", {S, S}, S, "kiln::rt::concat({0}, {1})"},
      {"sub", {I, I}, I, "kiln::rt::sub({0}, {1})"},
      {"sub", {F, F}, F, "({0} - {1})"},
      {"mul", {I, I}, I, "kiln::rt::mul({0}, {1})"},
      {"mul", {F, F}, F, "({0} * {1})"},
      {"mul", {S, I}, S, "kiln::rt::str::repeat({0}, {1})"},
      {"truediv", {I, I}, F, "kiln::rt::truediv({0}, {1})"},
      {"truediv", {F, F}, F, "kiln::rt::truediv({0}, {1})"},
      {"floordiv", {I, I}, I, "kiln::rt::floordiv({0}, {1})"},
      {"floordiv", {F, F}, F, "kiln::rt::floordiv({0}, {1})"},
      {"mod", {I, I}, I, "kiln::rt::mod({0}, {1})"},
      {"mod", {F, F}, F, "kiln::rt::mod({0}, {1})"},
      {"pow", {I, I}, I, "kiln::rt::pow({0}, {1})"},
      {"pow", {F, F}, F, "kiln::rt::pow({0}, {1})"},
      {"lshift", {I, I}, I, "kiln::rt::lshift({0}, {1})"},
      {"rshift", {I, I}, I, "kiln::rt::rshift({0}, {1})"},
      {"bitand", {I, I}, I, "({0} & {1})"},
      {"bitor", {I, I}, I, "({0} | {1})"},
      {"bitxor", {I, I}, I, "({0} ^ {1})"},
      {"bitand", {B, B}, B, "({0} && {1})"},
      {"bitor", {B, B}, B, "({0} || {1})"},
      {"bitxor", {B, B}, B, "({0} != {1})"},
      {"neg", {I}, I, "kiln::rt::neg({0})"},
      {"neg", {F}, F, "(-{0})"},
      {"pos", {I}, I, "(+{0})"},
      {"pos", {F}, F, "(+{0})"},
      {"invert", {I}, I, "(~{0})"},
      // Comparisons.
      {"eq", {I, I}, B, "({0} == {1})"},
      {"eq", {F, F}, B, "({0} == {1})"},
      {"eq", {S, S}, B, "({0} == {1})"},
      {"eq", {B, B}, B, "({0} == {1})"},
      {"ne", {I, I}, B, "({0} != {1})"},
      {"ne", {F, F}, B, "({0} != {1})"},
      {"ne", {S, S}, B, "({0} != {1})"},
      {"ne", {B, B}, B, "({0} != {1})"},
      {"lt", {I, I}, B, "({0} < {1})"},
      {"lt", {F, F}, B, "({0} < {1})"},
      {"lt", {S, S}, B, "({0} < {1})"},
      {"le", {I, I}, B, "({0} <= {1})"},
      {"le", {F, F}, B, "({0} <= {1})"},
      {"le", {S, S}, B, "({0} <= {1})"},
      {"gt", {I, I}, B, "({0} > {1})"},
      {"gt", {F, F}, B, "({0} > {1})"},
      {"gt", {S, S}, B, "({0} > {1})"},
      {"ge", {I, I}, B, "({0} >= {1})"},
      {"ge", {F, F}, B, "({0} >= {1})"},
      {"ge", {S, S}, B, "({0} >= {1})"},
      {"contains", {S, S}, B, "kiln::rt::contains({1}, {0})"},
      {"not_contains", {S, S}, B, "(!kiln::rt::contains({1}, {0}))"},
      // Builtins.
      {"len", {S}, I, "kiln::rt::len({0})"},
      {"abs", {I}, I, "kiln::rt::abs({0})"},
      {"abs", {F}, F, "kiln::rt::abs({0})"},
      {"min", {I, I}, I, "std::min<int64_t>({0}, {1})"},
      {"min", {F, F}, F, "std::min<double>({0}, {1})"},
      {"max", {I, I}, I, "std::max<int64_t>({0}, {1})"},
      {"max", {F, F}, F, "std::max<double>({0}, {1})"},
      {"int", {I}, I, "{0}"},
      {"int", {F}, I, "kiln::rt::to_int({0})"},
      {"int", {B}, I, "static_cast<int64_t>({0})"},
      {"float", {F}, F, "{0}"},
      {"float", {I}, F, "static_cast<double>({0})"},
      {"str", {I}, S, "kiln::rt::to_str({0})"},
      {"str", {F}, S, "kiln::rt::to_str({0})"},
      {"str", {B}, S, "kiln::rt::to_str({0})"},
      {"str", {S}, S, "{0}"},
      {"bool", {B}, B, "{0}"},
      {"bool", {I}, B, "kiln::rt::truth({0})"},
      {"bool", {F}, B, "kiln::rt::truth({0})"},
      {"bool", {S}, B, "kiln::rt::truth({0})"},
      {"round", {F}, I, "kiln::rt::round({0})"},
      {"round", {I}, I, "{0}"},
      {"ord", {S}, I, "kiln::rt::ord({0})"},
      {"chr", {I}, S, "kiln::rt::chr({0})"},
  };
  return kTable;
}

bool is_numeric(Kind k) { return k == Kind::Bool || k == Kind::Int || k == Kind::Float; }

}  // namespace

std::span<const Entry> entries() { return table(); }

const Entry* find_exact(std::string_view name, const std::vector<types::Kind>& args) {
  for (const Entry& e : table()) {
    if (e.name == name && e.params == args) return &e;
  }
  return nullptr;
}

const Entry* find(std::string_view name, const std::vector<types::Kind>& args) {
  if (const Entry* e = find_exact(name, args)) return e;
  if (!std::all_of(args.begin(), args.end(), is_numeric)) {
    // str * int also accepts a bool count.
    if (args.size() == 2 && args[0] == Kind::Str && args[1] == Kind::Bool) return find_exact(name, {Kind::Str, Kind::Int});
    return nullptr;
  }
  std::vector<Kind> as_int = args, as_float = args;
  for (Kind& k : as_int) k = k == Kind::Bool ? Kind::Int : k;
  if (const Entry* e = find_exact(name, as_int)) return e;
  for (Kind& k : as_float) k = Kind::Float;
  return find_exact(name, as_float);
}

std::string describe(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> kSymbols[] = {
      {"add", "+"},      {"sub", "-"},     {"mul", "*"},     {"truediv", "/"}, {"floordiv", "//"},
      {"mod", "%"},      {"pow", "**"},    {"lshift", "<<"}, {"rshift", ">>"}, {"bitand", "&"},
      {"bitor", "|"},    {"bitxor", "^"},  {"lt", "<"},      {"le", "<="},     {"gt", ">"},
      {"ge", ">="},      {"eq", "=="},     {"ne", "!="},     {"neg", "unary -"}, {"pos", "unary +"},
      {"invert", "unary ~"}, {"contains", "in"}, {"not_contains", "not in"}, {"matmul", "@"},
  };
  for (const auto& [op, symbol] : kSymbols) {
    if (op == name) return "'" + std::string(symbol) + "'";
  }
  return std::string(name) + "()";
}

}  // namespace kiln::ops
