// UTF-8 encoding and decoding shared by the compiler and the runtime.
//
// Kiln stores Python `str` values as UTF-8. Python strings may hold lone surrogates (from "\ud800"
// escapes), so encoding accepts them and writes their 3-byte form ("surrogatepass", as CPython's
// internal representation allows); strict decoding of source files rejects them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace kiln::unicode {

inline constexpr char32_t kMaxCodePoint = 0x10FFFF;

// Appends the UTF-8 form of `cp` (which may be a surrogate) to `out`.
inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Result of decoding one code point: `length` bytes consumed; `length == 0` means invalid input
// (then `error` names the problem in CPython's words, e.g. "invalid start byte").
struct Decoded {
  char32_t cp = 0;
  std::size_t length = 0;
  const char* error = nullptr;
  std::size_t invalid_length = 0;  // on error: the bytes that form the invalid sequence (at least 1)
};

// Decodes the code point starting at `s[i]`. With `allow_surrogates`, 3-byte surrogate forms are
// accepted (used for strings Kiln itself produced); source text is decoded strictly.
inline Decoded decode_utf8(std::string_view s, std::size_t i, bool allow_surrogates = true) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return {b0, 1, nullptr};
  std::size_t need;
  char32_t cp;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1, cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2, cp = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3, cp = b0 & 0x07;
  } else {
    return {0, 0, "invalid start byte", 1};
  }
  for (std::size_t k = 1; k <= need; ++k) {
    if (i + k >= s.size()) return {0, 0, "unexpected end of data", k};
    const unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) return {0, 0, "invalid continuation byte", k};
    // Second-byte ranges that rule out overlong forms, surrogates and values above U+10FFFF.
    if (k == 1 && ((b0 == 0xE0 && b < 0xA0) || (b0 == 0xF0 && b < 0x90) || (b0 == 0xF4 && b > 0x8F) ||
                   (b0 == 0xED && b > 0x9F && !allow_surrogates))) {
      return {0, 0, "invalid continuation byte", 1};
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  return {cp, need + 1, nullptr};
}

// Number of code points in valid UTF-8 text.
// The number of code points: bytes that are not continuation bytes (10xxxxxx). Eight bytes at a time:
// a byte's bit 7 set and bit 6 clear marks a continuation byte; per-byte counters gather the marks
// (at most 255 words before they are summed), so a megabyte of text costs tens of microseconds.
inline std::size_t count_code_points(std::string_view s) {
  constexpr uint64_t kHigh = 0x8080808080808080ULL, kLow16 = 0x00FF00FF00FF00FFULL;
  std::size_t continuation = 0, i = 0;
  while (i + 8 <= s.size()) {
    uint64_t counters = 0;
    for (int round = 0; round < 255 && i + 8 <= s.size(); ++round, i += 8) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, sizeof w);
      counters += (w & ~(w << 1) & kHigh) >> 7;
    }
    const uint64_t pairs = (counters & kLow16) + ((counters >> 8) & kLow16);  // four 16-bit sums
    continuation += static_cast<std::size_t>((pairs * 0x0001000100010001ULL) >> 48);
  }
  for (; i < s.size(); ++i) continuation += (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
  return s.size() - continuation;
}

inline bool is_surrogate(char32_t cp) {
  return cp >= 0xD800 && cp <= 0xDFFF;
}

}  // namespace kiln::unicode
