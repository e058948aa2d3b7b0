// What Hugging Face's BERT tokenizer does before WordPiece that llama.cpp's WPM tokenizer does not,
// applied to the text first so token ids agree: (1) Unicode NFD in full (llama.cpp's leaves Hangul
// syllables whole, the vocabulary spells them as jamo); (2) a word longer than 100 characters is
// one [UNK] (WordPiece's max_input_chars_per_word), where llama.cpp would split it.
#pragma once

#include <string>

namespace kiln::rt::wordpiece {

// `text` prepared for a WordPiece model whose normaliser strips accents (NFD applied) or not.
std::string prepare(const std::string& text, bool strip_accents);

}  // namespace kiln::rt::wordpiece
