// Decoding a source file's bytes from the encoding its coding cookie declares.
#pragma once

#include <string>
#include <string_view>

namespace kiln::unicode {

enum class DecodeStatus { Ok, UnknownEncoding, DecodeError };

struct DecodeResult {
  DecodeStatus status = DecodeStatus::Ok;
  std::string text;   // UTF-8
  std::string error;  // CPython's wording, e.g. "'ascii' codec can't decode byte 0xe9 in position 3: ..."
};

// `encoding` as written in a coding cookie ("latin-1", "UTF8", "iso8859_15", "cp1252", "koi8-r");
// names are matched as Python's codec lookup matches them. Supported: UTF-8, ASCII, Latin-1 and
// the common single-byte code pages; others are UnknownEncoding.
DecodeResult decode_to_utf8(std::string_view encoding, std::string_view bytes);

// CPython's message for invalid UTF-8 at bytes[position]:
// "'utf-8' codec can't decode byte 0xff in position 3: invalid start byte" (or "bytes in position 3-4").
std::string utf8_error_message(std::string_view bytes, std::size_t position);

}  // namespace kiln::unicode
