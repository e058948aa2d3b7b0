// Python's decoding of source bytes (PEP 263, PEP 3120), following CPython's tokenizer.c.
#include <algorithm>
#include <cctype>
#include <cstring>

#include "compiler/lex/lexer.h"
#include "runtime/unicode/codecs.h"
#include "runtime/unicode/utf8.h"

namespace kiln::lex {
namespace {

// CPython's get_normal_name: canonical spellings for utf-8 and latin-1, anything else unchanged.
std::string normal_encoding_name(std::string_view name) {
  std::string buf;
  for (std::size_t i = 0; i < name.size() && i < 12; ++i) {
    char c = name[i];
    buf += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  auto starts = [&](std::string_view p) { return buf.compare(0, p.size(), p) == 0; };
  if (buf == "utf-8" || starts("utf-8-")) return "utf-8";
  if (buf == "latin-1" || buf == "iso-8859-1" || buf == "iso-latin-1" || starts("latin-1-") ||
      starts("iso-8859-1-") || starts("iso-latin-1-")) {
    return "iso-8859-1";
  }
  return std::string(name);
}

enum class CookieScan { Found, NotFound, StopScanning };

// Looks for "coding[:=]NAME" in a comment-only line (CPython's get_coding_spec/check_coding_spec).
CookieScan find_cookie(std::string_view line, std::string& encoding) {
  std::size_t i = 0;
  for (; i < line.size(); ++i) {
    char c = line[i];
    if (c == '#') break;
    if (c != ' ' && c != '\t' && c != '\f') {
      bool blank = c == '\n' || c == '\r';
      return blank ? CookieScan::NotFound : CookieScan::StopScanning;
    }
  }
  if (i == line.size()) return CookieScan::NotFound;
  for (std::size_t k = i; k + 6 < line.size(); ++k) {
    if (line.compare(k, 6, "coding") != 0) continue;
    std::size_t t = k + 6;
    if (line[t] != ':' && line[t] != '=') continue;
    do ++t;
    while (t < line.size() && (line[t] == ' ' || line[t] == '\t'));
    std::size_t begin = t;
    while (t < line.size() && (std::isalnum(static_cast<unsigned char>(line[t])) || line[t] == '-' ||
                               line[t] == '_' || line[t] == '.')) {
      ++t;
    }
    if (begin < t) {
      encoding = normal_encoding_name(line.substr(begin, t - begin));
      return CookieScan::Found;
    }
  }
  return CookieScan::NotFound;
}

// The cookie of line 1, or of line 2 when line 1 is blank or a comment; only lines ended by "\n"
// are looked at, as in CPython's decode_str.
std::optional<std::string> coding_cookie(std::string_view bytes) {
  std::size_t nl1 = bytes.find('\n');
  if (nl1 == std::string_view::npos) return std::nullopt;
  std::string encoding;
  CookieScan first = find_cookie(bytes.substr(0, nl1 + 1), encoding);
  if (first == CookieScan::Found) return encoding;
  if (first == CookieScan::StopScanning) return std::nullopt;
  std::size_t nl2 = bytes.find('\n', nl1 + 1);
  if (nl2 == std::string_view::npos) return std::nullopt;
  if (find_cookie(bytes.substr(nl1 + 1, nl2 - nl1), encoding) == CookieScan::Found) return encoding;
  return std::nullopt;
}

std::string normalize_newlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Position (line, byte column) of byte offset `pos` in `text`, for decoding errors.
diag::Span span_of_offset(std::string_view text, std::size_t pos) {
  int32_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) {
    if (text[i] == '\n') ++line, line_start = i + 1;
  }
  int32_t col = static_cast<int32_t>(pos - line_start);
  return {line, col, line, col + 1};
}

}  // namespace

DecodedSource decode_source(std::string_view bytes) {
  DecodedSource out;
  const bool bom = bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0;
  if (bom) bytes.remove_prefix(3);
  std::optional<std::string> cookie = coding_cookie(bytes);
  if (bom && cookie && *cookie != "utf-8") {
    out.error = diag::error({}, "encoding problem: " + *cookie + " with BOM");
    return out;
  }
  if (!cookie || *cookie == "utf-8") {
    out.text = normalize_newlines(bytes);
  } else {
    unicode::DecodeResult r = unicode::decode_to_utf8(*cookie, bytes);
    if (r.status == unicode::DecodeStatus::UnknownEncoding) {
      out.error = diag::error({}, "unknown encoding: " + *cookie);
      return out;
    }
    if (r.status == unicode::DecodeStatus::DecodeError) {
      out.error = diag::error({}, "(unicode error) " + r.error);
      return out;
    }
    out.text = normalize_newlines(r.text);
  }
  // UTF-8 itself is checked token by token in the lexer: like CPython, bytes inside a comment are
  // never decoded.
  if (std::size_t nul = out.text.find('\0'); nul != std::string::npos) {
    out.error = diag::error(span_of_offset(out.text, nul), "source code string cannot contain null bytes");
  }
  return out;
}

}  // namespace kiln::lex
