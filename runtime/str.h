// Python's str methods over UTF-8 text, with CPython 3.11's results and exceptions. Every index and
// length counts code points, as Python's do; strings may hold lone surrogates in their 3-byte form.
//
// They live in kiln::rt::str so that method names (index, count, find, ...) do not collide with the
// list and dict methods of the same names. Optional arguments that Python spells `None` are
// std::nullopt; tuples come back as std::array, lists as std::vector.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/builtins.h"
#include "runtime/hash.h"

namespace kiln::rt::str {

// s == t (Python's str ==), without a library call for short strings.
inline bool equal(std::string_view s, std::string_view t) {
  return bytes_equal(s, t);
}

using Index = std::optional<int64_t>;  // a slice or search bound; nullopt is None
// sep / chars arguments that may be None. Taken by const reference: by value, the 24-byte optional
// goes through the stack, and the reload of its mixed-size stores stalls every call (store forwarding).
using Chars = std::optional<std::string_view>;
using Triple = std::array<std::string, 3>;  // partition's result
using Strings = std::vector<std::string>;

// len(s), ord(s), chr(i) and `sub in s` are the builtins' (runtime/builtins.h).
using rt::chr;
using rt::contains;
using rt::len;
using rt::ord;

// s[i] (negative i counts from the end) and s[start:stop:step].
std::string getitem(std::string_view s, int64_t i);
std::string slice(std::string_view s, Index start, Index stop, Index step = std::nullopt);

// s * n; <0, 0, >0 as a compares with b in code-point order.
std::string repeat(std::string_view s, int64_t n);
int compare(std::string_view a, std::string_view b);

Strings split(std::string_view s, const Chars& sep = std::nullopt, int64_t maxsplit = -1);

// split's parts one at a time: next() is the next part, and after the last a view of no data
// (at_end; a part, even an empty one, always points into `s`). A view comes back in registers,
// where an optional would go through memory. `sep` must not be empty (split checks).
class SplitCursor {
 public:
  SplitCursor(std::string_view s, const Chars& sep, int64_t maxsplit);
  std::string_view next();
  static bool at_end(std::string_view part) { return part.data() == nullptr; }

 private:
  std::string_view next_word();
  std::string_view s_;
  Chars sep_;
  int64_t left_;  // splits still allowed
  std::size_t pos_ = 0;
  bool done_ = false;
};

// `for part in s.split(sep, maxsplit)`: the same parts as split's list, without building it. It
// keeps its own copy of `s` and `sep`, and raises split's ValueError when made.
class SplitParts {
 public:
  SplitParts(std::string s, std::optional<std::string> sep = std::nullopt, int64_t maxsplit = -1);
  SplitParts(const SplitParts&) = delete;  // cursors point into text_
  SplitParts& operator=(const SplitParts&) = delete;

  struct End {};
  // The parts as Item: std::string, or std::string_view into text_ for a loop whose variable is a
  // borrowed str (views(); the parts live as long as this object).
  template <class Item>
  class Parts {
   public:
    explicit Parts(SplitCursor cursor) : cursor_(cursor), part_(cursor_.next()) {}
    Item operator*() const { return Item(part_); }
    Parts& operator++() {
      part_ = cursor_.next();
      return *this;
    }
    friend bool operator==(const Parts& it, End) { return SplitCursor::at_end(it.part_); }

   private:
    SplitCursor cursor_;
    std::string_view part_;
  };
  using Iterator = Parts<std::string>;
  Iterator begin() const { return Iterator(cursor()); }
  End end() const { return {}; }

  struct Views {
    const SplitParts& parts;
    Parts<std::string_view> begin() const { return Parts<std::string_view>(parts.cursor()); }
    End end() const { return {}; }
  };
  Views views() const { return {*this}; }

 private:
  SplitCursor cursor() const { return SplitCursor(text_, sep_, maxsplit_); }

  std::string text_;
  std::optional<std::string> sep_;
  int64_t maxsplit_;
};
Strings rsplit(std::string_view s, const Chars& sep = std::nullopt, int64_t maxsplit = -1);
Strings splitlines(std::string_view s, bool keepends = false);
std::string join(std::string_view sep, const Strings& parts);
std::string strip(std::string_view s, const Chars& chars = std::nullopt);
std::string lstrip(std::string_view s, const Chars& chars = std::nullopt);
std::string rstrip(std::string_view s, const Chars& chars = std::nullopt);
// The same, as the part of `s` that is left (for a borrowed str, which stays a view of its source).
std::string_view strip_view(std::string_view s, const Chars& chars = std::nullopt);
std::string_view lstrip_view(std::string_view s, const Chars& chars = std::nullopt);
std::string_view rstrip_view(std::string_view s, const Chars& chars = std::nullopt);
Triple partition(std::string_view s, std::string_view sep);
Triple rpartition(std::string_view s, std::string_view sep);
std::string replace(std::string_view s, std::string_view old, std::string_view replacement,
                    int64_t count = -1);
std::string removeprefix(std::string_view s, std::string_view prefix);
std::string removesuffix(std::string_view s, std::string_view suffix);

int64_t find(std::string_view s, std::string_view sub, Index start = std::nullopt, Index end = std::nullopt);
int64_t rfind(std::string_view s, std::string_view sub, Index start = std::nullopt, Index end = std::nullopt);
int64_t index(std::string_view s, std::string_view sub, Index start = std::nullopt, Index end = std::nullopt);
int64_t rindex(std::string_view s, std::string_view sub, Index start = std::nullopt,
               Index end = std::nullopt);
int64_t count(std::string_view s, std::string_view sub, Index start = std::nullopt, Index end = std::nullopt);
bool startswith(std::string_view s, std::string_view prefix, Index start = std::nullopt,
                Index end = std::nullopt);
bool startswith(std::string_view s, const Strings& prefixes, Index start = std::nullopt,
                Index end = std::nullopt);
bool endswith(std::string_view s, std::string_view suffix, Index start = std::nullopt,
              Index end = std::nullopt);
bool endswith(std::string_view s, const Strings& suffixes, Index start = std::nullopt,
              Index end = std::nullopt);

std::string upper(std::string_view s);
std::string lower(std::string_view s);
std::string casefold(std::string_view s);
std::string title(std::string_view s);
std::string capitalize(std::string_view s);
std::string swapcase(std::string_view s);

bool isascii(std::string_view s);
bool isdigit(std::string_view s);
bool isdecimal(std::string_view s);
bool isnumeric(std::string_view s);
bool isalpha(std::string_view s);
bool isalnum(std::string_view s);
bool isspace(std::string_view s);
bool isprintable(std::string_view s);
bool isidentifier(std::string_view s);
bool islower(std::string_view s);
bool isupper(std::string_view s);
bool istitle(std::string_view s);

// `fill` must be one character (TypeError otherwise, as in CPython).
std::string center(std::string_view s, int64_t width, std::string_view fill = " ");
std::string ljust(std::string_view s, int64_t width, std::string_view fill = " ");
std::string rjust(std::string_view s, int64_t width, std::string_view fill = " ");
std::string zfill(std::string_view s, int64_t width);
std::string expandtabs(std::string_view s, int64_t tabsize = 8);

// s.encode() (strict UTF-8): the bytes, or UnicodeEncodeError for a lone surrogate.
std::string encode(std::string_view s);

}  // namespace kiln::rt::str

namespace kiln::rt {

// bytes.decode() (strict UTF-8): the text, or UnicodeDecodeError with CPython's message.
std::string decode_utf8(std::string_view bytes);

}  // namespace kiln::rt
