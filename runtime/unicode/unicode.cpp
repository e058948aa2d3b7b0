#include "runtime/unicode/unicode.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <vector>

#include "runtime/unicode/tables.inc"
#include "runtime/unicode/utf8.h"

namespace kiln::unicode {
namespace {

enum Flag : uint16_t {
  kPrintable = 1 << 0,
  kXidStart = 1 << 1,
  kXidContinue = 1 << 2,
  kDecimal = 1 << 3,
  kDigit = 1 << 4,
  kNumeric = 1 << 5,
  kAlpha = 1 << 6,
  kSpace = 1 << 7,
  kLower = 1 << 8,
  kUpper = 1 << 9,
  kTitle = 1 << 10,
  kCased = 1 << 11,
};

const tables::PropertyRecord& record(char32_t cp) {
  if (cp > kMaxCodePoint) cp = 0x10FFFF + 0;  // out of range behaves as unassigned noncharacter
  const uint16_t block = tables::kPropertyIndex[cp / tables::kPropertyBlock];
  return tables::kPropertyRecords[tables::kPropertyData[block * tables::kPropertyBlock + cp % tables::kPropertyBlock]];
}
bool has(char32_t cp, Flag f) { return (record(cp).flags & f) != 0; }

// ---- normalisation (Unicode Standard Annex #15) ---------------------------------------------------
constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr int kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount, kSCount = kLCount * kNCount;

void decompose(char32_t cp, bool compat, std::vector<char32_t>& out) {
  if (cp >= kSBase && cp < kSBase + kSCount) {  // Hangul syllables decompose algorithmically
    const int s = static_cast<int>(cp - kSBase);
    out.push_back(kLBase + s / kNCount);
    out.push_back(kVBase + (s % kNCount) / kTCount);
    if (s % kTCount) out.push_back(kTBase + s % kTCount);
    return;
  }
  const auto* begin = std::begin(tables::kDecompositionCodePoints);
  const auto* end = std::end(tables::kDecompositionCodePoints);
  const auto* it = std::lower_bound(begin, end, static_cast<uint32_t>(cp));
  if (it != end && *it == cp) {
    const uint32_t offset = tables::kDecompositionOffsets[it - begin];
    const bool is_compat = offset >> 31;
    if (!is_compat || compat) {
      const uint32_t* d = tables::kDecompositionData + (offset & 0x7FFFFFFF);
      for (uint32_t k = 1; k <= d[0]; ++k) decompose(d[k], compat, out);
      return;
    }
  }
  out.push_back(cp);
}

// Stable sort of each run of non-starters by combining class.
void canonical_order(std::vector<char32_t>& s) {
  for (std::size_t i = 0; i < s.size();) {
    if (combining_class(s[i]) == 0) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && combining_class(s[j]) != 0) ++j;
    std::stable_sort(s.begin() + i, s.begin() + j,
                     [](char32_t a, char32_t b) { return combining_class(a) < combining_class(b); });
    i = j;
  }
}

std::optional<char32_t> compose_pair(char32_t a, char32_t b) {
  if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount) {
    return kSBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
  }
  if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 && b > kTBase && b < kTBase + kTCount) {
    return a + (b - kTBase);
  }
  const auto* begin = std::begin(tables::kCompositions);
  const auto* end = std::end(tables::kCompositions);
  const auto* it = std::lower_bound(begin, end, std::pair<uint32_t, uint32_t>(a, b), [](const auto& c, const auto& key) {
    return std::pair<uint32_t, uint32_t>(c.first, c.second) < key;
  });
  if (it != end && it->first == a && it->second == b) return it->composed;
  return std::nullopt;
}

void compose(std::vector<char32_t>& s) {
  if (s.empty()) return;
  std::size_t starter = 0, out = 1;
  bool have_starter = combining_class(s[0]) == 0;
  int last_class = have_starter ? 0 : 256;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const char32_t c = s[i];
    const int cls = combining_class(c);
    const bool blocked = last_class != 0 && last_class >= cls;
    if (have_starter && !blocked && (last_class != 0 || out == starter + 1)) {
      if (auto composed = compose_pair(s[starter], c)) {
        s[starter] = *composed;
        continue;
      }
    }
    if (cls == 0) {
      starter = out;
      have_starter = true;
    }
    last_class = cls;
    s[out++] = c;
  }
  s.resize(out);
}

std::vector<char32_t> code_points(std::string_view utf8) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < utf8.size();) {
    Decoded d = decode_utf8(utf8, i);
    if (d.length == 0) d = {static_cast<unsigned char>(utf8[i]), 1, nullptr};
    out.push_back(d.cp);
    i += d.length;
  }
  return out;
}

bool name_equal(std::string_view table_name, std::string_view wanted) {
  if (table_name.size() != wanted.size()) return false;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    if (table_name[i] != std::toupper(static_cast<unsigned char>(wanted[i]))) return false;
  }
  return true;
}

std::string_view name_at(int i) {
  const char* p = tables::kNameBlob + tables::kNameOffsets[i];
  return {p, static_cast<std::size_t>(std::strchr(p, '\n') - p)};
}

std::optional<char32_t> parse_hex(std::string_view digits, std::size_t min_len, std::size_t max_len) {
  if (digits.size() < min_len || digits.size() > max_len) return std::nullopt;
  char32_t v = 0;
  for (char c : digits) {
    if (!std::isxdigit(static_cast<unsigned char>(c)) || std::islower(static_cast<unsigned char>(c))) return std::nullopt;
    v = v * 16 + (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : c - 'A' + 10);
  }
  return v;
}

// The algorithmically named ranges CPython 3.11 recognises (spelled in capitals, as it requires).
std::optional<char32_t> lookup_algorithmic(std::string_view upper) {
  struct Range {
    const char* prefix;
    char32_t first, last;
  };
  static constexpr Range kRanges[] = {
      {"CJK UNIFIED IDEOGRAPH-", 0x3400, 0x4DBF},   {"CJK UNIFIED IDEOGRAPH-", 0x4E00, 0x9FFF},
      {"CJK UNIFIED IDEOGRAPH-", 0x20000, 0x2A6DF}, {"CJK UNIFIED IDEOGRAPH-", 0x2A700, 0x2B738},
      {"CJK UNIFIED IDEOGRAPH-", 0x2B740, 0x2B81D}, {"CJK UNIFIED IDEOGRAPH-", 0x2B820, 0x2CEA1},
      {"CJK UNIFIED IDEOGRAPH-", 0x2CEB0, 0x2EBE0}, {"CJK UNIFIED IDEOGRAPH-", 0x30000, 0x3134A},
  };
  for (const Range& r : kRanges) {
    std::string_view p = r.prefix;
    if (upper.compare(0, p.size(), p) != 0) continue;
    auto v = parse_hex(upper.substr(p.size()), 4, 5);
    if (v && *v >= r.first && *v <= r.last) return v;
  }
  static constexpr const char* kJamoL[] = {"G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S",
                                           "SS", "", "J", "JJ", "C", "K", "T", "P", "H"};
  static constexpr const char* kJamoV[] = {"A",  "AE", "YA", "YAE", "EO", "E",  "YEO", "YE", "O", "WA", "WAE",
                                           "OE", "YO", "U",  "WEO", "WE", "WI", "YU",  "EU", "YI", "I"};
  static constexpr const char* kJamoT[] = {"",  "G", "GG", "GS", "N",  "NJ", "NH", "D", "L", "LG",
                                           "LM", "LB", "LS", "LT", "LP", "LH", "M",  "B", "BS", "S",
                                           "SS", "NG", "J",  "C",  "K",  "T",  "P",  "H"};
  constexpr std::string_view kHangul = "HANGUL SYLLABLE ";
  if (upper.compare(0, kHangul.size(), kHangul) == 0) {
    std::string_view rest = upper.substr(kHangul.size());
    for (int l = 0; l < kLCount; ++l) {
      for (int v = 0; v < kVCount; ++v) {
        for (int t = 0; t < kTCount; ++t) {
          if (std::string(kJamoL[l]) + kJamoV[v] + kJamoT[t] == rest) return kSBase + (l * kVCount + v) * kTCount + t;
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace

bool is_printable(char32_t cp) { return has(cp, kPrintable); }
bool is_xid_start(char32_t cp) { return has(cp, kXidStart); }
bool is_xid_continue(char32_t cp) { return has(cp, kXidContinue); }
bool is_decimal(char32_t cp) { return has(cp, kDecimal); }
bool is_digit(char32_t cp) { return has(cp, kDigit); }
bool is_numeric(char32_t cp) { return has(cp, kNumeric); }
bool is_alpha(char32_t cp) { return has(cp, kAlpha); }
bool is_space(char32_t cp) { return has(cp, kSpace); }
bool is_lower(char32_t cp) { return has(cp, kLower); }
bool is_upper(char32_t cp) { return has(cp, kUpper); }
bool is_title(char32_t cp) { return has(cp, kTitle); }
bool is_cased(char32_t cp) { return has(cp, kCased); }
std::string_view category(char32_t cp) { return tables::kCategoryNames[record(cp).category]; }

int combining_class(char32_t cp) {
  if (cp > kMaxCodePoint) return 0;
  const uint16_t block = tables::kCombiningIndex[cp / tables::kPropertyBlock];
  return tables::kCombiningData[block * tables::kPropertyBlock + cp % tables::kPropertyBlock];
}

std::string normalize(NormalForm form, std::string_view utf8) {
  const bool compat = form == NormalForm::NFKC || form == NormalForm::NFKD;
  std::vector<char32_t> decomposed;
  for (char32_t cp : code_points(utf8)) decompose(cp, compat, decomposed);
  canonical_order(decomposed);
  if (form == NormalForm::NFC || form == NormalForm::NFKC) compose(decomposed);
  std::string out;
  for (char32_t cp : decomposed) append_utf8(out, cp);
  return out;
}

std::optional<char32_t> lookup_name(std::string_view name) {
  std::string upper(name);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  int lo = 0, hi = tables::kNameCount;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (name_at(mid) < std::string_view(upper)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo < tables::kNameCount && name_equal(name_at(lo), upper)) return tables::kNameCodePoints[lo];
  return lookup_algorithmic(name);
}

}  // namespace kiln::unicode
