#include "runtime/str.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <new>

#include "runtime/exceptions.h"
#include "runtime/unicode/case_tables.inc"
#include "runtime/unicode/codecs.h"
#include "runtime/unicode/unicode.h"
#include "runtime/unicode/utf8.h"

namespace kiln::rt::str {
namespace {

using unicode::append_utf8;
using unicode::decode_utf8;
constexpr int64_t kMaxSize = std::numeric_limits<int64_t>::max();

// Python's whitespace; ASCII (\t-\r, \x1c-\x1f, space) without the table.
constexpr bool is_ascii_space(char32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F);
}
bool is_space(char32_t cp) {
  return cp < 0x80 ? is_ascii_space(cp) : unicode::is_space(cp);
}

// ---- code points over UTF-8 ------------------------------------------------------------------------

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

[[gnu::noinline]] char32_t decode_cp(std::string_view s, std::size_t& i) {
  const unicode::Decoded d = decode_utf8(s, i);
  i += d.length ? d.length : 1;
  return d.cp;
}

// The code point starting at byte `i`, and the byte after it. Inline for ASCII, most text.
inline char32_t next_cp(std::string_view s, std::size_t& i) {
  if (static_cast<unsigned char>(s[i]) < 0x80) return static_cast<unsigned char>(s[i++]);
  return decode_cp(s, i);
}

// The code point ending just before byte `i`; `i` moves to its first byte.
char32_t prev_cp(std::string_view s, std::size_t& i) {
  do --i;
  while (i > 0 && is_continuation(s[i]));
  std::size_t j = i;
  return next_cp(s, j);
}

// The first byte at or after `i` whose code point fails `pred`.
template <typename Pred>
std::size_t skip_forward(std::string_view s, std::size_t i, Pred pred) {
  for (std::size_t j = i; j < s.size() && pred(next_cp(s, j));) i = j;
  return i;
}

// skip_forward over whitespace (`space`) or over anything else: ASCII bytes by table, not decoded.
std::size_t skip_spaces(std::string_view s, std::size_t i, bool space) {
  static constexpr auto kSpace = [] {
    std::array<bool, 0x80> table{};
    for (char32_t c = 0; c < 0x80; ++c) table[c] = is_ascii_space(c);
    return table;
  }();
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t next = i;
    if ((b < 0x80 ? kSpace[b] : is_space(next_cp(s, next))) != space) break;
    i = b < 0x80 ? i + 1 : next;
  }
  return i;
}

// The start of the run of code points satisfying `pred` that ends just before byte `i`.
template <typename Pred>
std::size_t skip_backward(std::string_view s, std::size_t i, Pred pred, std::size_t floor = 0) {
  for (std::size_t j = i; j > floor && pred(prev_cp(s, j));) i = j;
  return i;
}

std::u32string decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) out.push_back(next_cp(s, i));
  return out;
}

std::string encode_cps(std::u32string_view cps) {
  std::string out;
  out.reserve(cps.size());
  for (char32_t cp : cps) append_utf8(out, cp);
  return out;
}

int64_t cp_length(std::string_view s) {
  return static_cast<int64_t>(unicode::count_code_points(s));
}

// Byte offset of code point `n` (0 <= n <= length); ASCII text is its own index.
std::size_t byte_offset(std::string_view s, int64_t n, bool ascii) {
  if (ascii) return static_cast<std::size_t>(n);
  std::size_t i = 0;
  for (; n > 0 && i < s.size(); --n) next_cp(s, i);
  return i;
}

bool all_ascii(std::string_view s) {
  // Eight bytes at a time, with no early exit per byte: the common all-ASCII text is read at memory speed.
  uint64_t high = 0;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, sizeof word);
    high |= word;
  }
  for (; i < s.size(); ++i) high |= static_cast<unsigned char>(s[i]);
  return (high & 0x8080808080808080ULL) == 0;
}

// ---- search bounds --------------------------------------------------------------------------------

// CPython's ADJUST_INDICES: bounds clamped into [0, length], negatives counted from the end.
void adjust_indices(int64_t& start, int64_t& end, int64_t length) {
  if (end > length) {
    end = length;
  } else if (end < 0) {
    end = std::max<int64_t>(end + length, 0);
  }
  if (start < 0) start = std::max<int64_t>(start + length, 0);
}

// The part of `s` a search with start/end looks at, and the code point where it begins.
struct Window {
  std::string_view text;
  int64_t start = 0;  // code point index of text[0] in s
  int64_t end = 0;    // code point index just past text
  bool ascii = false;
};

Window window(std::string_view s, Index start, Index end) {
  const bool ascii = all_ascii(s);
  const int64_t length = ascii ? static_cast<int64_t>(s.size()) : cp_length(s);
  int64_t lo = start.value_or(0), hi = end.value_or(kMaxSize);
  adjust_indices(lo, hi, length);
  if (lo >= hi) return {std::string_view(), lo, hi, ascii};
  const std::size_t b_lo = byte_offset(s, lo, ascii);
  const std::size_t b_hi = b_lo + byte_offset(s.substr(b_lo), hi - lo, ascii);
  return {s.substr(b_lo, b_hi - b_lo), lo, hi, ascii};
}

int64_t cp_index_of(const Window& w, std::size_t byte) {
  return w.start + (w.ascii ? static_cast<int64_t>(byte) : cp_length(w.text.substr(0, byte)));
}

// A search for `sub` in the window; -1 when absent. Needs end - start >= len(sub), as CPython does.
int64_t search(std::string_view s, std::string_view sub, Index start, Index end, bool reverse) {
  const Window w = window(s, start, end);
  if (w.end - w.start < cp_length(sub)) return -1;
  if (sub.empty()) return reverse ? w.end : w.start;
  const std::size_t at = reverse ? w.text.rfind(sub) : w.text.find(sub);
  return at == std::string_view::npos ? -1 : cp_index_of(w, at);
}

// CPython's tailmatch: does `part` occur at the start (or end) of s[start:end]?
bool tailmatch(std::string_view s, std::string_view part, Index start, Index end, bool at_end) {
  const Window w = window(s, start, end);
  if (w.end - w.start < cp_length(part)) return false;
  return at_end ? w.text.ends_with(part) : w.text.starts_with(part);
}

// ---- case mapping ---------------------------------------------------------------------------------

namespace ct = unicode::case_tables;
enum class Mapping { kLower, kUpper, kTitle, kFold };

bool in_ranges(char32_t cp, const ct::CodePointRange* begin, const ct::CodePointRange* end) {
  const auto* it = std::upper_bound(begin, end, cp, [](char32_t c, const auto& r) { return c < r.first; });
  return it != begin && cp <= (it - 1)->last;
}
bool is_cased(char32_t cp) {
  return in_ranges(cp, std::begin(ct::kCasedRanges), std::end(ct::kCasedRanges));
}
bool is_case_ignorable(char32_t cp) {
  return in_ranges(cp, std::begin(ct::kCaseIgnorableRanges), std::end(ct::kCaseIgnorableRanges));
}

// Appends the full mapping of `cp` (one to three code points).
void append_mapped(std::u32string& out, char32_t cp, Mapping m) {
  const auto* begin = std::begin(ct::kCaseRecords);
  const auto* end = std::end(ct::kCaseRecords);
  const auto* it = std::lower_bound(begin, end, cp, [](const auto& r, char32_t c) { return r.cp < c; });
  uint16_t offset = 0;
  if (it != end && it->cp == cp) {
    const uint16_t offsets[] = {it->lower, it->upper, it->title, it->fold};
    offset = offsets[static_cast<int>(m)];
  }
  if (offset == 0) {
    out.push_back(cp);
    return;
  }
  const uint32_t* data = ct::kCaseData + offset;
  out.append(data + 1, data + 1 + data[0]);
}

// CPython's handle_capital_sigma: U+03A3 lowercases to final sigma when it ends a cased word.
char32_t lower_sigma(std::u32string_view s, std::size_t i) {
  std::size_t j = i;
  while (j > 0 && is_case_ignorable(s[j - 1])) --j;
  bool final_sigma = j > 0 && is_cased(s[j - 1]);
  if (final_sigma) {
    std::size_t k = i + 1;
    while (k < s.size() && is_case_ignorable(s[k])) ++k;
    final_sigma = k == s.size() || !is_cased(s[k]);
  }
  return final_sigma ? 0x3C2 : 0x3C3;
}

// CPython's lower_ucs4: the lowercase of s[i], which for capital sigma depends on its neighbours.
void append_lower(std::u32string& out, std::u32string_view s, std::size_t i) {
  if (s[i] == 0x3A3) {
    out.push_back(lower_sigma(s, i));
  } else {
    append_mapped(out, s[i], Mapping::kLower);
  }
}

// ASCII case mapping: a byte in [first, last] moves by `shift` (a loop the compiler vectorises).
std::string map_ascii_range(std::string_view s, char first, char last, int shift) {
  std::string out(s);
  for (char& c : out) c = c >= first && c <= last ? static_cast<char>(c + shift) : c;
  return out;
}
std::string ascii_lower(std::string_view s) {
  return map_ascii_range(s, 'A', 'Z', 32);
}
std::string ascii_upper(std::string_view s) {
  return map_ascii_range(s, 'a', 'z', -32);
}

// Rewrites every code point of `s` with `step(out, cps, i)`.
template <typename Step>
std::string map_cps(std::string_view s, Step step) {
  const std::u32string cps = decode(s);
  std::u32string out;
  out.reserve(cps.size());
  for (std::size_t i = 0; i < cps.size(); ++i) step(out, std::u32string_view(cps), i);
  return encode_cps(out);
}

// ---- predicates -----------------------------------------------------------------------------------

// Py_UNICODE_ISTITLE (category Lt); unicode::is_title is str.istitle of the lone character, which an
// uppercase letter also passes.
bool is_titlecase(char32_t cp) {
  return unicode::category(cp) == "Lt";
}

template <typename Pred>
bool all_cps(std::string_view s, Pred pred) {
  for (std::size_t i = 0; i < s.size();) {
    if (!pred(next_cp(s, i))) return false;
  }
  return true;
}

// A non-empty string whose every code point satisfies `pred` (isdigit, isalpha, ...).
template <typename Pred>
bool nonempty_all(std::string_view s, Pred pred) {
  return !s.empty() && all_cps(s, pred);
}

bool is_linebreak(char32_t cp) {
  return (cp >= 0x0A && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1E) || cp == 0x85 || cp == 0x2028 ||
         cp == 0x2029;
}

// ---- splitting and stripping ----------------------------------------------------------------------

int64_t max_count(int64_t n) {
  return n < 0 ? kMaxSize : n;
}

bool not_space(char32_t cp) {
  return !is_space(cp);
}

Strings rsplit_whitespace(std::string_view s, int64_t maxsplit) {
  Strings out;
  std::size_t i = s.size();  // everything before byte i is still to split
  for (int64_t left = max_count(maxsplit); left > 0; --left) {
    i = skip_backward(s, i, is_space);
    if (i == 0) break;
    const std::size_t word_end = i;
    i = skip_backward(s, i, not_space);
    out.emplace_back(s.substr(i, word_end - i));
  }
  i = skip_backward(s, i, is_space);
  if (i > 0) out.emplace_back(s.substr(0, i));
  std::reverse(out.begin(), out.end());
  return out;
}

void check_separator(std::string_view sep) {
  if (sep.empty()) throw ValueError("empty separator");
}

// Does `cp` belong to the strip set (whitespace when chars is None)?
bool strip_member(char32_t cp, const std::optional<std::u32string>& set) {
  return set ? set->find(cp) != std::u32string::npos : is_space(cp);
}

bool is_ascii(char c) {
  return static_cast<unsigned char>(c) < 0x80;
}

std::string_view strip_sides(std::string_view s, const Chars& chars, bool left, bool right) {
  // ASCII ends are tested byte by byte: an ASCII byte is a whole character, in `s` and in `chars`.
  auto ascii_member = [&](char c) {
    return is_ascii(c) && (chars ? std::find(chars->begin(), chars->end(), c) != chars->end() : is_space(c));
  };
  std::size_t lo = 0, hi = s.size();
  while (left && lo < hi && ascii_member(s[lo])) ++lo;
  while (right && hi > lo && ascii_member(s[hi - 1])) --hi;
  if ((left && lo < hi && !is_ascii(s[lo])) || (right && hi > lo && !is_ascii(s[hi - 1]))) {
    // Another character at an end: decode from there on.
    const std::optional<std::u32string> set = chars ? std::optional(decode(*chars)) : std::nullopt;
    auto member = [&](char32_t cp) { return strip_member(cp, set); };
    if (left) lo = skip_forward(s, lo, member);
    if (right) hi = skip_backward(s, hi, member, lo);
  }
  return s.substr(lo, hi - lo);
}

// ---- padding --------------------------------------------------------------------------------------

std::string fill_char(std::string_view fill) {
  if (cp_length(fill) != 1) throw TypeError("The fill character must be exactly one character long");
  return std::string(fill);
}

std::string pad(std::string_view s, int64_t left, int64_t right, std::string_view fill) {
  std::string out;
  out.reserve(s.size() + (left + right) * fill.size());
  for (int64_t i = 0; i < left; ++i) out += fill;
  out += s;
  for (int64_t i = 0; i < right; ++i) out += fill;
  return out;
}

// How many fill characters `s` needs to reach `width` (0 when it is already as wide).
int64_t margin(std::string_view s, int64_t width) {
  return std::max<int64_t>(width - cp_length(s), 0);
}

std::string escaped_char(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf,
                cp < 0x100     ? "\\x%02x"
                : cp < 0x10000 ? "\\u%04x"
                               : "\\U%08x",
                static_cast<unsigned>(cp));
  return buf;
}

}  // namespace

// ---- indexing -------------------------------------------------------------------------------------

std::string getitem(std::string_view s, int64_t i) {
  // Within an ASCII prefix (or suffix, for negative i) a byte is a character: s[0] and s[-1] are O(1).
  const auto size = static_cast<int64_t>(s.size());
  if (i >= 0 && i < size && all_ascii(s.substr(0, i + 1))) return std::string(1, s[i]);
  if (i < 0 && -i <= size && all_ascii(s.substr(size + i))) return std::string(1, s[size + i]);
  const bool ascii = all_ascii(s);
  const int64_t length = ascii ? static_cast<int64_t>(s.size()) : cp_length(s);
  if (i < 0) i += length;
  if (i < 0 || i >= length) throw IndexError("string index out of range");
  if (ascii) return std::string(1, s[i]);
  std::size_t at = byte_offset(s, i, false), end = at;
  next_cp(s, end);
  return std::string(s.substr(at, end - at));
}

std::string slice(std::string_view s, Index start_arg, Index stop_arg, Index step_arg) {
  int64_t step = step_arg.value_or(1);
  if (step == 0) throw ValueError("slice step cannot be zero");
  step = std::max(step, -kMaxSize);  // as PySlice_Unpack clamps it
  const bool ascii = all_ascii(s);
  const int64_t length = ascii ? static_cast<int64_t>(s.size()) : cp_length(s);
  // PySlice_AdjustIndices
  auto adjust = [&](Index v, int64_t fallback) {
    int64_t x = v.value_or(fallback);
    if (x < 0) {
      x += length;
      if (x < 0) x = step < 0 ? -1 : 0;
    } else if (x >= length) {
      x = step < 0 ? length - 1 : length;
    }
    return x;
  };
  const int64_t start = adjust(start_arg, step < 0 ? kMaxSize : 0);
  const int64_t stop = adjust(stop_arg, step < 0 ? -kMaxSize - 1 : kMaxSize);
  if (step > 0 ? start >= stop : stop >= start) return {};
  if (step == 1) {
    const std::size_t lo = byte_offset(s, start, ascii);
    return std::string(s.substr(lo, byte_offset(s.substr(lo), stop - start, ascii)));
  }
  // Counting the items first keeps `start + k * step` inside [-1, length].
  const int64_t n = step > 0 ? (stop - start - 1) / step + 1 : (start - stop - 1) / -step + 1;
  if (ascii) {
    std::string out;
    for (int64_t k = 0; k < n; ++k) out.push_back(s[start + k * step]);
    return out;
  }
  const std::u32string cps = decode(s);
  std::u32string out;
  for (int64_t k = 0; k < n; ++k) out.push_back(cps[start + k * step]);
  return encode_cps(out);
}

std::string repeat(std::string_view s, int64_t n) {
  if (n <= 0 || s.empty()) return {};
  if (cp_length(s) > kMaxSize / n) throw OverflowError("repeated string is too long");
  if (s.size() > std::string().max_size() / static_cast<uint64_t>(n)) throw MemoryError("");
  try {
    std::string out;
    out.reserve(s.size() * n);
    for (int64_t i = 0; i < n; ++i) out += s;
    return out;
  } catch (const std::bad_alloc&) {
    throw MemoryError("");
  } catch (const std::length_error&) {
    throw MemoryError("");
  }
}

// UTF-8's byte order is code-point order, lone surrogates (ED A0..BF ..) included.
int compare(std::string_view a, std::string_view b) {
  const int c = a.compare(b);
  return (c > 0) - (c < 0);
}

// ---- splitting, joining, stripping ----------------------------------------------------------------

Strings split(std::string_view s, const Chars& sep, int64_t maxsplit) {
  if (sep) check_separator(*sep);
  // The parts are found once to count them and once to keep them: a vector made the right size is
  // never moved while it grows.
  std::size_t n = 0;
  for (SplitCursor parts(s, sep, maxsplit); !SplitCursor::at_end(parts.next());) ++n;
  Strings out;
  out.reserve(n);
  SplitCursor parts(s, sep, maxsplit);
  for (std::string_view part = parts.next(); !SplitCursor::at_end(part); part = parts.next())
    out.emplace_back(part);
  return out;
}

SplitCursor::SplitCursor(std::string_view s, const Chars& sep, int64_t maxsplit)
    : s_(s.data() ? s : std::string_view("", 0)), sep_(sep), left_(max_count(maxsplit)) {}

std::string_view SplitCursor::next() {
  if (done_) return {};
  if (!sep_) return next_word();
  if (left_ > 0) {
    if (const std::size_t at = s_.find(*sep_, pos_); at != std::string_view::npos) {
      const std::string_view part = s_.substr(pos_, at - pos_);
      pos_ = at + sep_->size();
      --left_;
      return part;
    }
  }
  done_ = true;
  return s_.substr(pos_);
}

// CPython's split_whitespace: runs of whitespace separate words; once maxsplit words are taken, the
// rest (less its leading whitespace) is the last word.
std::string_view SplitCursor::next_word() {
  pos_ = skip_spaces(s_, pos_, true);
  if (pos_ == s_.size()) {
    done_ = true;
    return {};
  }
  const std::size_t start = pos_;
  if (left_ == 0) {
    done_ = true;
    return s_.substr(start);
  }
  pos_ = skip_spaces(s_, pos_, false);
  --left_;
  return s_.substr(start, pos_ - start);
}

SplitParts::SplitParts(std::string s, std::optional<std::string> sep, int64_t maxsplit)
    : text_(std::move(s)), sep_(std::move(sep)), maxsplit_(maxsplit) {
  if (sep_) check_separator(*sep_);
}

Strings rsplit(std::string_view s, const Chars& sep, int64_t maxsplit) {
  if (!sep) return rsplit_whitespace(s, maxsplit);
  check_separator(*sep);
  Strings out;
  std::size_t end = s.size();  // everything before byte `end` is still to split
  for (int64_t left = max_count(maxsplit); left > 0 && end >= sep->size(); --left) {
    const std::size_t at = s.substr(0, end).rfind(*sep);
    if (at == std::string_view::npos) break;
    out.emplace_back(s.substr(at + sep->size(), end - at - sep->size()));
    end = at;
  }
  out.emplace_back(s.substr(0, end));
  std::reverse(out.begin(), out.end());
  return out;
}

Strings splitlines(std::string_view s, bool keepends) {
  Strings out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t line = i;
    const std::size_t eol = skip_forward(s, i, [](char32_t cp) { return !is_linebreak(cp); });
    i = eol;
    if (i < s.size()) {  // step over the break; CRLF is one break
      const char32_t brk = next_cp(s, i);
      if (brk == '\r' && i < s.size() && s[i] == '\n') ++i;
    }
    out.emplace_back(s.substr(line, (keepends ? i : eol) - line));
  }
  return out;
}

std::string join(std::string_view sep, const Strings& parts) {
  std::size_t size = parts.empty() ? 0 : sep.size() * (parts.size() - 1);
  for (const std::string& p : parts) size += p.size();
  std::string out;
  out.reserve(size);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

std::string_view strip_view(std::string_view s, const Chars& chars) {
  return strip_sides(s, chars, true, true);
}
std::string_view lstrip_view(std::string_view s, const Chars& chars) {
  return strip_sides(s, chars, true, false);
}
std::string_view rstrip_view(std::string_view s, const Chars& chars) {
  return strip_sides(s, chars, false, true);
}
std::string strip(std::string_view s, const Chars& chars) {
  return std::string(strip_view(s, chars));
}
std::string lstrip(std::string_view s, const Chars& chars) {
  return std::string(lstrip_view(s, chars));
}
std::string rstrip(std::string_view s, const Chars& chars) {
  return std::string(rstrip_view(s, chars));
}

Triple partition(std::string_view s, std::string_view sep) {
  check_separator(sep);
  const std::size_t at = s.find(sep);
  if (at == std::string_view::npos) return {std::string(s), "", ""};
  return {std::string(s.substr(0, at)), std::string(sep), std::string(s.substr(at + sep.size()))};
}

Triple rpartition(std::string_view s, std::string_view sep) {
  check_separator(sep);
  const std::size_t at = s.rfind(sep);
  if (at == std::string_view::npos) return {"", "", std::string(s)};
  return {std::string(s.substr(0, at)), std::string(sep), std::string(s.substr(at + sep.size()))};
}

std::string replace(std::string_view s, std::string_view old, std::string_view replacement, int64_t count) {
  std::string out;
  std::size_t i = 0;
  int64_t left = max_count(count);
  if (old.empty()) {  // the replacement goes before every code point and at the end
    for (; left > 0; --left) {
      out += replacement;
      if (i == s.size()) return out;
      const std::size_t from = i;
      next_cp(s, i);
      out += s.substr(from, i - from);
    }
    out += s.substr(i);
    return out;
  }
  for (; left > 0; --left) {
    const std::size_t at = s.find(old, i);
    if (at == std::string_view::npos) break;
    out += s.substr(i, at - i);
    out += replacement;
    i = at + old.size();
  }
  out += s.substr(i);
  return out;
}

std::string removeprefix(std::string_view s, std::string_view prefix) {
  return std::string(s.starts_with(prefix) ? s.substr(prefix.size()) : s);
}

std::string removesuffix(std::string_view s, std::string_view suffix) {
  return std::string(s.ends_with(suffix) ? s.substr(0, s.size() - suffix.size()) : s);
}

// ---- searching ------------------------------------------------------------------------------------

int64_t find(std::string_view s, std::string_view sub, Index start, Index end) {
  return search(s, sub, start, end, false);
}

int64_t rfind(std::string_view s, std::string_view sub, Index start, Index end) {
  return search(s, sub, start, end, true);
}

int64_t index(std::string_view s, std::string_view sub, Index start, Index end) {
  const int64_t at = find(s, sub, start, end);
  if (at < 0) throw ValueError("substring not found");
  return at;
}

int64_t rindex(std::string_view s, std::string_view sub, Index start, Index end) {
  const int64_t at = rfind(s, sub, start, end);
  if (at < 0) throw ValueError("substring not found");
  return at;
}

int64_t count(std::string_view s, std::string_view sub, Index start, Index end) {
  const Window w = window(s, start, end);
  if (w.end - w.start < cp_length(sub)) return 0;
  if (sub.empty()) return w.end - w.start + 1;
  int64_t n = 0;
  for (std::size_t at = w.text.find(sub); at != std::string_view::npos;
       at = w.text.find(sub, at + sub.size())) {
    ++n;
  }
  return n;
}

bool startswith(std::string_view s, std::string_view prefix, Index start, Index end) {
  return tailmatch(s, prefix, start, end, false);
}

bool startswith(std::string_view s, const Strings& prefixes, Index start, Index end) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](const std::string& p) { return tailmatch(s, p, start, end, false); });
}

bool endswith(std::string_view s, std::string_view suffix, Index start, Index end) {
  return tailmatch(s, suffix, start, end, true);
}

bool endswith(std::string_view s, const Strings& suffixes, Index start, Index end) {
  return std::any_of(suffixes.begin(), suffixes.end(),
                     [&](const std::string& p) { return tailmatch(s, p, start, end, true); });
}

// ---- case -----------------------------------------------------------------------------------------

std::string upper(std::string_view s) {
  if (all_ascii(s)) return ascii_upper(s);
  return map_cps(s, [](std::u32string& out, std::u32string_view cps, std::size_t i) {
    append_mapped(out, cps[i], Mapping::kUpper);
  });
}

std::string lower(std::string_view s) {
  if (all_ascii(s)) return ascii_lower(s);
  return map_cps(s, append_lower);
}

std::string casefold(std::string_view s) {
  if (all_ascii(s)) return ascii_lower(s);
  return map_cps(s, [](std::u32string& out, std::u32string_view cps, std::size_t i) {
    append_mapped(out, cps[i], Mapping::kFold);
  });
}

// CPython's do_title: a cased character after another one is lowercased, any other titlecased.
std::string title(std::string_view s) {
  return map_cps(s, [](std::u32string& out, std::u32string_view cps, std::size_t i) {
    if (i > 0 && is_cased(cps[i - 1])) {
      append_lower(out, cps, i);
    } else {
      append_mapped(out, cps[i], Mapping::kTitle);
    }
  });
}

std::string capitalize(std::string_view s) {
  return map_cps(s, [](std::u32string& out, std::u32string_view cps, std::size_t i) {
    if (i == 0) {
      append_mapped(out, cps[i], Mapping::kTitle);
    } else {
      append_lower(out, cps, i);
    }
  });
}

std::string swapcase(std::string_view s) {
  return map_cps(s, [](std::u32string& out, std::u32string_view cps, std::size_t i) {
    if (unicode::is_upper(cps[i])) {
      append_lower(out, cps, i);
    } else if (unicode::is_lower(cps[i])) {
      append_mapped(out, cps[i], Mapping::kUpper);
    } else {
      out.push_back(cps[i]);
    }
  });
}

// ---- predicates -----------------------------------------------------------------------------------

bool isascii(std::string_view s) {
  return all_ascii(s);
}
bool isdigit(std::string_view s) {
  return nonempty_all(s, unicode::is_digit);
}
bool isdecimal(std::string_view s) {
  return nonempty_all(s, unicode::is_decimal);
}
bool isnumeric(std::string_view s) {
  return nonempty_all(s, unicode::is_numeric);
}
bool isalpha(std::string_view s) {
  return nonempty_all(s, unicode::is_alpha);
}
bool isspace(std::string_view s) {
  return nonempty_all(s, is_space);
}
bool isprintable(std::string_view s) {
  return all_cps(s, unicode::is_printable);
}

bool isalnum(std::string_view s) {
  return nonempty_all(s, [](char32_t cp) {
    return unicode::is_alpha(cp) || unicode::is_decimal(cp) || unicode::is_digit(cp) ||
           unicode::is_numeric(cp);
  });
}

bool isidentifier(std::string_view s) {
  if (s.empty()) return false;
  std::size_t i = 0;
  if (!unicode::is_xid_start(next_cp(s, i))) return false;  // is_xid_start admits '_'
  return all_cps(s.substr(i), unicode::is_xid_continue);
}

// CPython's islower / isupper: no character of the other case or titlecase, and at least one cased.
bool islower(std::string_view s) {
  bool cased = false;
  return all_cps(s,
                 [&](char32_t cp) {
                   cased = cased || unicode::is_lower(cp);
                   return !unicode::is_upper(cp) && !is_titlecase(cp);
                 }) &&
         cased;
}

bool isupper(std::string_view s) {
  bool cased = false;
  return all_cps(s,
                 [&](char32_t cp) {
                   cased = cased || unicode::is_upper(cp);
                   return !unicode::is_lower(cp) && !is_titlecase(cp);
                 }) &&
         cased;
}

// Uppercase and titlecase characters only start words; lowercase ones only continue them.
bool istitle(std::string_view s) {
  bool cased = false, previous_is_cased = false;
  return all_cps(s,
                 [&](char32_t cp) {
                   const bool starts = unicode::is_upper(cp) || is_titlecase(cp);
                   const bool continues = !starts && unicode::is_lower(cp);
                   if ((starts && previous_is_cased) || (continues && !previous_is_cased)) return false;
                   previous_is_cased = starts || continues;
                   cased = cased || previous_is_cased;
                   return true;
                 }) &&
         cased;
}

// ---- padding and tabs -----------------------------------------------------------------------------

std::string center(std::string_view s, int64_t width, std::string_view fill) {
  const std::string f = fill_char(fill);
  const int64_t marg = margin(s, width);
  const int64_t left = marg / 2 + (marg & width & 1);  // CPython's rounding
  return pad(s, left, marg - left, f);
}

std::string ljust(std::string_view s, int64_t width, std::string_view fill) {
  return pad(s, 0, margin(s, width), fill_char(fill));
}

std::string rjust(std::string_view s, int64_t width, std::string_view fill) {
  return pad(s, margin(s, width), 0, fill_char(fill));
}

std::string zfill(std::string_view s, int64_t width) {
  const int64_t fill = margin(s, width);
  std::string out = pad(s, fill, 0, "0");
  if (fill > 0 && static_cast<std::size_t>(fill) < out.size() && (out[fill] == '+' || out[fill] == '-'))
    std::swap(out[0], out[fill]);  // sign goes first
  return out;
}

std::string expandtabs(std::string_view s, int64_t tabsize) {
  std::string out;
  int64_t column = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t from = i;
    const char32_t cp = next_cp(s, i);
    if (cp == '\t') {
      const int64_t spaces = tabsize > 0 ? tabsize - column % tabsize : 0;
      out.append(static_cast<std::size_t>(spaces), ' ');
      column += spaces;
      continue;
    }
    out += s.substr(from, i - from);
    column = (cp == '\n' || cp == '\r') ? 0 : column + 1;
  }
  return out;
}

// ---- encoding -------------------------------------------------------------------------------------

std::string encode(std::string_view s) {
  int64_t position = 0;
  for (std::size_t i = 0; i < s.size(); ++position) {
    const std::size_t at = i;
    const char32_t cp = next_cp(s, i);
    if (!unicode::is_surrogate(cp)) continue;
    // CPython reports the whole run of surrogates.
    const int64_t last =
        position + cp_length(s.substr(at, skip_forward(s, at, unicode::is_surrogate) - at)) - 1;
    const std::string where =
        last == position ? "character '" + escaped_char(cp) + "' in position " + std::to_string(position)
                         : "characters in position " + std::to_string(position) + "-" + std::to_string(last);
    throw UnicodeEncodeError("'utf-8' codec can't encode " + where + ": surrogates not allowed");
  }
  return std::string(s);
}

}  // namespace kiln::rt::str

namespace kiln::rt {

std::string decode_utf8(std::string_view bytes) {
  unicode::DecodeResult r = unicode::decode_to_utf8("utf-8", bytes);
  if (r.status != unicode::DecodeStatus::Ok) throw UnicodeDecodeError(r.error);
  return std::move(r.text);
}

}  // namespace kiln::rt
