#include "runtime/unicode/codecs.h"

#include <cctype>
#include <cstdio>
#include <cstring>

#include "runtime/unicode/tables.inc"
#include "runtime/unicode/utf8.h"

namespace kiln::unicode {
namespace {

// Python's encodings.normalize_encoding, after codecs.lookup's lower-casing: runs of characters
// other than letters, digits and '.' become one '_'.
std::string normalize_name(std::string_view name) {
  std::string out;
  bool pending_underscore = false;
  for (char c : name) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '.') {
      if (pending_underscore && !out.empty()) out += '_';
      pending_underscore = false;
      out += static_cast<char>(std::tolower(u));
    } else {
      pending_underscore = true;
    }
  }
  return out;
}

const char* find_codec(std::string_view encoding) {
  std::string name = normalize_name(encoding);
  for (const std::string& candidate : {name, [&] {
         std::string dotted = name;
         for (char& c : dotted) c = c == '.' ? '_' : c;
         return dotted;
       }()}) {
    for (const tables::CodecAlias& a : tables::kCodecAliases) {
      if (candidate == a.alias) return a.codec;
    }
  }
  return nullptr;
}

std::string byte_error(const char* codec, unsigned char byte, std::size_t position, const char* reason) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "'%s' codec can't decode byte 0x%02x in position %zu: %s", codec, byte, position, reason);
  return buf;
}

DecodeResult decode_utf8_strict(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size();) {
    Decoded d = decode_utf8(bytes, i, false);
    if (d.length == 0) return {DecodeStatus::DecodeError, {}, utf8_error_message(bytes, i)};
    i += d.length;
  }
  return {DecodeStatus::Ok, std::string(bytes), {}};
}

DecodeResult decode_charmap(int table, std::string_view bytes) {
  const bool ascii = std::strcmp(tables::kCodecNames[table], "ascii") == 0;
  DecodeResult r;
  r.text.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const unsigned char b = bytes[i];
    const uint32_t cp = tables::kCodecTables[table][b];
    if (cp == 0xFFFFFFFF) {
      r.status = DecodeStatus::DecodeError;
      r.error = ascii ? byte_error("ascii", b, i, "ordinal not in range(128)")
                      : byte_error("charmap", b, i, "character maps to <undefined>");
      return r;
    }
    append_utf8(r.text, cp);
  }
  return r;
}

}  // namespace

std::string utf8_error_message(std::string_view bytes, std::size_t position) {
  const Decoded d = decode_utf8(bytes, position, false);
  if (d.invalid_length <= 1) return byte_error("utf-8", bytes[position], position, d.error);
  return "'utf-8' codec can't decode bytes in position " + std::to_string(position) + "-" +
         std::to_string(position + d.invalid_length - 1) + ": " + d.error;
}

DecodeResult decode_to_utf8(std::string_view encoding, std::string_view bytes) {
  const char* codec = find_codec(encoding);
  if (codec == nullptr) return {DecodeStatus::UnknownEncoding, {}, "unknown encoding: " + std::string(encoding)};
  if (std::strcmp(codec, "utf_8") == 0) return decode_utf8_strict(bytes);
  for (int i = 0; i < static_cast<int>(std::size(tables::kCodecNames)); ++i) {
    if (std::strcmp(codec, tables::kCodecNames[i]) == 0) return decode_charmap(i, bytes);
  }
  return {DecodeStatus::UnknownEncoding, {}, "unknown encoding: " + std::string(encoding)};
}

}  // namespace kiln::unicode
