// Unicode character properties, normalisation and names, exactly as CPython 3.11 has them
// (tables generated from CPython's unicodedata by scripts/gen_unicode_tables.py).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kiln::unicode {

// Per-code-point predicates: each equals the Python str method applied to chr(cp).
bool is_printable(char32_t cp);     // str.isprintable
bool is_xid_start(char32_t cp);     // may start an identifier (str.isidentifier; '_' included)
bool is_xid_continue(char32_t cp);  // may continue an identifier
bool is_decimal(char32_t cp);
bool is_digit(char32_t cp);
bool is_numeric(char32_t cp);
bool is_alpha(char32_t cp);
bool is_space(char32_t cp);
bool is_lower(char32_t cp);
bool is_upper(char32_t cp);
bool is_title(char32_t cp);
bool is_cased(char32_t cp);
std::string_view category(char32_t cp);  // unicodedata.category: "Lu", "Nd", ...
int combining_class(char32_t cp);         // unicodedata.combining

enum class NormalForm { NFC, NFD, NFKC, NFKD };
// unicodedata.normalize(form, text) for UTF-8 text.
std::string normalize(NormalForm form, std::string_view utf8);

// The code point named `name` (case-insensitive, aliases included), as "\N{...}" accepts it.
std::optional<char32_t> lookup_name(std::string_view name);

}  // namespace kiln::unicode
