#include "runtime/model/wordpiece.h"

#include <string_view>

#include "runtime/unicode/unicode.h"
#include "runtime/unicode/utf8.h"

namespace kiln::rt::wordpiece {
namespace {

constexpr std::size_t kMaxWordChars = 100;  // tokenizer.json's max_input_chars_per_word for BERT

// BertPreTokenizer's rules (tokenizers' bert.rs): which characters end a word.
bool is_whitespace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || unicode::category(c) == "Zs";
}
bool is_punctuation(char32_t c) {
  if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126))
    return true;
  return unicode::category(c).starts_with("P");
}
bool is_cjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
         (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}
// Characters the normaliser drops (controls, U+FFFD) or, stripping accents, the marks NFD leaves.
bool is_dropped(char32_t c, bool strip_accents) {
  if (c == '\t' || c == '\n' || c == '\r') return false;
  const std::string_view cat = unicode::category(c);
  return c == 0 || c == 0xFFFD || cat.starts_with("C") || (strip_accents && cat == "Mn");
}

// Replaces each word of more than kMaxWordChars (counted as the normaliser leaves it) by [UNK],
// which the tokenizer then reads as the special token.
std::string unk_overlong_words(const std::string& text, bool strip_accents) {
  std::string out;
  std::size_t word_start = 0, word_chars = 0;
  auto end_word = [&](std::size_t at) {
    if (word_chars > kMaxWordChars) {
      out.resize(out.size() - (at - word_start));
      out += " [UNK] ";
    }
    word_chars = 0;
  };
  for (std::size_t i = 0; i < text.size();) {
    const unicode::Decoded d = unicode::decode_utf8(text, i);
    const std::size_t n = d.length ? d.length : d.invalid_length;
    if (d.length && (is_whitespace(d.cp) || is_punctuation(d.cp) || is_cjk(d.cp))) {
      end_word(i);
      word_start = i + n;
    } else if (d.length && !is_dropped(d.cp, strip_accents)) {
      if (word_chars == 0) word_start = i;
      ++word_chars;
    }
    out.append(text, i, n);
    i += n;
  }
  end_word(text.size());
  return out;
}

}  // namespace

std::string prepare(const std::string& text, bool strip_accents) {
  std::string out = strip_accents ? unicode::normalize(unicode::NormalForm::NFD, text) : text;
  return text.size() > kMaxWordChars ? unk_overlong_words(out, strip_accents) : out;
}

}  // namespace kiln::rt::wordpiece
