// Answers calls of the runtime's str methods, one per stdin line, so that test_runtime_str.py can
// compare every answer with CPython's. A line is `method arg...`; each argument is a token:
//   s:<hex utf8>   i:<int>   n (None)   b:0|1   t:x<hex>,x<hex>,... (tuple of str)
// The answer is `ok <token>` (results: s:, i:, b:True|False, l:<hex>,... for lists and tuples,
// y:<hex> for bytes) or `err <ExceptionType> <hex message>`.
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/exceptions.h"
#include "runtime/str.h"
#include "tests/unit/probe_io.h"

namespace {

using kiln::probe::hex;
using kiln::probe::unhex;

namespace str = kiln::rt::str;

struct Arg {
  std::string token;
  std::string s() const { return unhex(token.substr(2)); }
  int64_t i() const { return std::stoll(token.substr(2)); }
  bool none() const { return token == "n"; }
  str::Index index() const { return none() ? str::Index() : str::Index(i()); }
  std::optional<std::string> opt_s() const { return none() ? std::nullopt : std::optional(s()); }
  str::Strings tuple() const {
    str::Strings out;  // each item is 'x' + hex, so that empty items survive
    for (std::size_t i = token.find('x'); i != std::string::npos;) {
      const std::size_t next = token.find('x', i + 1);
      out.push_back(unhex(std::string_view(token).substr(i + 1, next - i - 1)));
      i = next;
    }
    return out;
  }
  bool is_tuple() const { return token.starts_with("t:"); }
};
using Args = std::vector<Arg>;

// The i-th argument, or None when the call left it out.
Arg at(const Args& a, std::size_t i) {
  return i < a.size() ? a[i] : Arg{"n"};
}
str::Chars chars(const std::optional<std::string>& s) {
  return s ? str::Chars(*s) : std::nullopt;
}

std::string out_str(const std::string& s) {
  return "s:" + hex(s);
}
std::string out_int(int64_t v) {
  return "i:" + std::to_string(v);
}
std::string out_bool(bool v) {
  return v ? "b:True" : "b:False";
}
template <typename List>
std::string out_list(const List& items) {
  std::string out = "l:";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + hex(items[i]);
  return out;
}

using Handler = std::function<std::string(const Args&)>;

// Methods shaped f(s) -> str or bool.
template <typename R>
Handler unary(R (*f)(std::string_view)) {
  return [f](const Args& a) {
    if constexpr (std::is_same_v<R, bool>) {
      return out_bool(f(a[0].s()));
    } else {
      return out_str(f(a[0].s()));
    }
  };
}

// Methods shaped f(s, sub, start, end) -> int.
Handler search(int64_t (*f)(std::string_view, std::string_view, str::Index, str::Index)) {
  return [f](const Args& a) { return out_int(f(a[0].s(), a[1].s(), at(a, 2).index(), at(a, 3).index())); };
}

// startswith / endswith with a str or a tuple of str.
template <bool (*Single)(std::string_view, std::string_view, str::Index, str::Index),
          bool (*Tuple)(std::string_view, const str::Strings&, str::Index, str::Index)>
std::string tailmatch(const Args& a) {
  const str::Index start = at(a, 2).index(), end = at(a, 3).index();
  return out_bool(a[1].is_tuple() ? Tuple(a[0].s(), a[1].tuple(), start, end)
                                  : Single(a[0].s(), a[1].s(), start, end));
}

// Methods shaped f(s, width, fill).
Handler justify(std::string (*f)(std::string_view, int64_t, std::string_view)) {
  return [f](const Args& a) {
    return out_str(a.size() > 2 ? f(a[0].s(), a[1].i(), a[2].s()) : f(a[0].s(), a[1].i(), " "));
  };
}

// Methods shaped f(s, sep, maxsplit) -> list.
Handler splitter(str::Strings (*f)(std::string_view, const str::Chars&, int64_t)) {
  return [f](const Args& a) {
    const auto sep = at(a, 1).opt_s();
    return out_list(f(a[0].s(), chars(sep), a.size() > 2 ? a[2].i() : -1));
  };
}

// Methods shaped f(s, chars) -> str.
Handler stripper(std::string (*f)(std::string_view, const str::Chars&)) {
  return [f](const Args& a) { return out_str(f(a[0].s(), chars(at(a, 1).opt_s()))); };
}

const std::map<std::string, Handler>& handlers() {
  static const std::map<std::string, Handler> table = {
      {"len", [](const Args& a) { return out_int(str::len(a[0].s())); }},
      {"getitem", [](const Args& a) { return out_str(str::getitem(a[0].s(), a[1].i())); }},
      {"slice",
       [](const Args& a) { return out_str(str::slice(a[0].s(), a[1].index(), a[2].index(), a[3].index())); }},
      {"repeat", [](const Args& a) { return out_str(str::repeat(a[0].s(), a[1].i())); }},
      {"compare", [](const Args& a) { return out_int(str::compare(a[0].s(), a[1].s())); }},
      {"contains", [](const Args& a) { return out_bool(str::contains(a[0].s(), a[1].s())); }},
      {"ord", [](const Args& a) { return out_int(str::ord(a[0].s())); }},
      {"chr", [](const Args& a) { return out_str(str::chr(a[0].i())); }},
      {"split", splitter(str::split)},
      {"rsplit", splitter(str::rsplit)},
      {"splitlines",
       [](const Args& a) { return out_list(str::splitlines(a[0].s(), a.size() > 1 && a[1].i())); }},
      {"join", [](const Args& a) { return out_str(str::join(a[0].s(), a[1].tuple())); }},
      {"strip", stripper(str::strip)},
      {"lstrip", stripper(str::lstrip)},
      {"rstrip", stripper(str::rstrip)},
      {"partition", [](const Args& a) { return out_list(str::partition(a[0].s(), a[1].s())); }},
      {"rpartition", [](const Args& a) { return out_list(str::rpartition(a[0].s(), a[1].s())); }},
      {"replace",
       [](const Args& a) {
         return out_str(str::replace(a[0].s(), a[1].s(), a[2].s(), a.size() > 3 ? a[3].i() : -1));
       }},
      {"removeprefix", [](const Args& a) { return out_str(str::removeprefix(a[0].s(), a[1].s())); }},
      {"removesuffix", [](const Args& a) { return out_str(str::removesuffix(a[0].s(), a[1].s())); }},
      {"find", search(str::find)},
      {"rfind", search(str::rfind)},
      {"index", search(str::index)},
      {"rindex", search(str::rindex)},
      {"count", search(str::count)},
      {"startswith", tailmatch<str::startswith, str::startswith>},
      {"endswith", tailmatch<str::endswith, str::endswith>},
      {"upper", unary(str::upper)},
      {"lower", unary(str::lower)},
      {"casefold", unary(str::casefold)},
      {"title", unary(str::title)},
      {"capitalize", unary(str::capitalize)},
      {"swapcase", unary(str::swapcase)},
      {"isascii", unary(str::isascii)},
      {"isdigit", unary(str::isdigit)},
      {"isdecimal", unary(str::isdecimal)},
      {"isnumeric", unary(str::isnumeric)},
      {"isalpha", unary(str::isalpha)},
      {"isalnum", unary(str::isalnum)},
      {"isspace", unary(str::isspace)},
      {"isprintable", unary(str::isprintable)},
      {"isidentifier", unary(str::isidentifier)},
      {"islower", unary(str::islower)},
      {"isupper", unary(str::isupper)},
      {"istitle", unary(str::istitle)},
      {"center", justify(str::center)},
      {"ljust", justify(str::ljust)},
      {"rjust", justify(str::rjust)},
      {"zfill", [](const Args& a) { return out_str(str::zfill(a[0].s(), a[1].i())); }},
      {"expandtabs",
       [](const Args& a) { return out_str(str::expandtabs(a[0].s(), a.size() > 1 ? a[1].i() : 8)); }},
      {"encode", [](const Args& a) { return "y:" + hex(str::encode(a[0].s())); }},
  };
  return table;
}

std::string answer(const std::string& line) {
  std::istringstream in(line);
  std::string method;
  in >> method;
  Args args;
  for (std::string token; in >> token;) args.push_back({token});
  const auto it = handlers().find(method);
  if (it == handlers().end()) return "unknown method";
  try {
    return "ok " + it->second(args);
  } catch (const kiln::rt::BaseException& e) {
    return "err " + std::string(e.type_name()) + " " + hex(e.message());
  }
}

}  // namespace

int main() {
  std::string line;
  while (std::getline(std::cin, line)) {
    const std::string out = answer(line) + '\n';
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  return 0;
}
