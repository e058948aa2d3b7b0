#include "compiler/lex/lexer.h"

#include <array>
#include <cstring>

#include "runtime/unicode/codecs.h"
#include "runtime/unicode/unicode.h"
#include "runtime/unicode/utf8.h"

namespace kiln::lex {
namespace {

constexpr int kTabSize = 8;
constexpr int kMaxIndent = 100;      // CPython's MAXINDENT
constexpr int kMaxParenLevel = 200;  // CPython's MAXLEVEL

struct Keyword {
  std::string_view text;
  TokenKind kind;
};
constexpr std::array kKeywords = {
    Keyword{"False", TokenKind::KwFalse},     Keyword{"None", TokenKind::KwNone},
    Keyword{"True", TokenKind::KwTrue},       Keyword{"and", TokenKind::KwAnd},
    Keyword{"as", TokenKind::KwAs},           Keyword{"assert", TokenKind::KwAssert},
    Keyword{"async", TokenKind::KwAsync},     Keyword{"await", TokenKind::KwAwait},
    Keyword{"break", TokenKind::KwBreak},     Keyword{"class", TokenKind::KwClass},
    Keyword{"continue", TokenKind::KwContinue}, Keyword{"def", TokenKind::KwDef},
    Keyword{"del", TokenKind::KwDel},         Keyword{"elif", TokenKind::KwElif},
    Keyword{"else", TokenKind::KwElse},       Keyword{"except", TokenKind::KwExcept},
    Keyword{"finally", TokenKind::KwFinally}, Keyword{"for", TokenKind::KwFor},
    Keyword{"from", TokenKind::KwFrom},       Keyword{"global", TokenKind::KwGlobal},
    Keyword{"if", TokenKind::KwIf},           Keyword{"import", TokenKind::KwImport},
    Keyword{"in", TokenKind::KwIn},           Keyword{"is", TokenKind::KwIs},
    Keyword{"lambda", TokenKind::KwLambda},   Keyword{"nonlocal", TokenKind::KwNonlocal},
    Keyword{"not", TokenKind::KwNot},         Keyword{"or", TokenKind::KwOr},
    Keyword{"pass", TokenKind::KwPass},       Keyword{"raise", TokenKind::KwRaise},
    Keyword{"return", TokenKind::KwReturn},   Keyword{"try", TokenKind::KwTry},
    Keyword{"while", TokenKind::KwWhile},     Keyword{"with", TokenKind::KwWith},
    Keyword{"yield", TokenKind::KwYield},
};

TokenKind name_kind(std::string_view text) {
  if (text.size() < 2 || text.size() > 8) return TokenKind::Name;
  for (const Keyword& k : kKeywords) {
    if (k.text == text) return k.kind;
  }
  return TokenKind::Name;
}

struct Operator {
  std::string_view text;
  TokenKind kind;
};
// Longest first, so the first match is the longest one.
constexpr std::array kOperators = {
    Operator{"**=", TokenKind::DoubleStarEqual}, Operator{"...", TokenKind::Ellipsis},
    Operator{"//=", TokenKind::DoubleSlashEqual}, Operator{"<<=", TokenKind::LeftShiftEqual},
    Operator{">>=", TokenKind::RightShiftEqual}, Operator{"!=", TokenKind::NotEqual},
    Operator{"%=", TokenKind::PercentEqual},    Operator{"&=", TokenKind::AmperEqual},
    Operator{"**", TokenKind::DoubleStar},      Operator{"*=", TokenKind::StarEqual},
    Operator{"+=", TokenKind::PlusEqual},       Operator{"-=", TokenKind::MinEqual},
    Operator{"->", TokenKind::RArrow},          Operator{"//", TokenKind::DoubleSlash},
    Operator{"/=", TokenKind::SlashEqual},      Operator{":=", TokenKind::ColonEqual},
    Operator{"<<", TokenKind::LeftShift},       Operator{"<=", TokenKind::LessEqual},
    Operator{"<>", TokenKind::LessGreater},     Operator{"==", TokenKind::EqEqual},
    Operator{">=", TokenKind::GreaterEqual},    Operator{">>", TokenKind::RightShift},
    Operator{"@=", TokenKind::AtEqual},         Operator{"^=", TokenKind::CircumflexEqual},
    Operator{"|=", TokenKind::VBarEqual},       Operator{"(", TokenKind::LPar},
    Operator{")", TokenKind::RPar},             Operator{"[", TokenKind::LSqb},
    Operator{"]", TokenKind::RSqb},             Operator{"{", TokenKind::LBrace},
    Operator{"}", TokenKind::RBrace},           Operator{":", TokenKind::Colon},
    Operator{",", TokenKind::Comma},            Operator{";", TokenKind::Semi},
    Operator{"+", TokenKind::Plus},             Operator{"-", TokenKind::Minus},
    Operator{"*", TokenKind::Star},             Operator{"/", TokenKind::Slash},
    Operator{"|", TokenKind::VBar},             Operator{"&", TokenKind::Amper},
    Operator{"<", TokenKind::Less},             Operator{">", TokenKind::Greater},
    Operator{"=", TokenKind::Equal},            Operator{".", TokenKind::Dot},
    Operator{"%", TokenKind::Percent},          Operator{"~", TokenKind::Tilde},
    Operator{"^", TokenKind::Circumflex},       Operator{"@", TokenKind::At},
};

bool is_ascii_ident_start(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ascii_ident_char(unsigned char c) { return is_ascii_ident_start(c) || (c >= '0' && c <= '9'); }
// CPython's is_potential_identifier_char: any non-ASCII byte may continue an identifier.
bool is_potential_ident_char(unsigned char c) { return is_ascii_ident_char(c) || c >= 128; }
bool is_potential_ident_start(unsigned char c) { return is_ascii_ident_start(c) || c >= 128; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// Thrown inside the lexer to stop at the first error; never escapes `tokenize`.
struct LexError {
  diag::Diagnostic diagnostic;
};

class Lexer {
 public:
  Lexer(std::string_view text, int32_t first_line, int32_t first_col)
      : text_(text), line_(first_line), col_base_(first_col) {}

  LexResult run() {
    LexResult result;
    try {
      while (lex_line()) {
      }
      finish();
      result.tokens = std::move(tokens_);
    } catch (LexError& e) {
      result.tokens = std::move(tokens_);
      result.error = std::move(e.diagnostic);
    }
    return result;
  }

 private:
  // ---- positions ---------------------------------------------------------------------------------
  int32_t col_of(std::size_t pos) const {
    return static_cast<int32_t>(pos - line_start_) + (line_ == first_line_of_text() ? col_base_ : 0);
  }
  int32_t first_line_of_text() const { return first_line_; }
  diag::Span span_at(std::size_t begin, std::size_t end) const {
    return {line_, col_of(begin), line_, col_of(end)};
  }
  [[noreturn]] void fail(std::size_t pos, std::string message, std::string kind = "SyntaxError") const {
    throw LexError{diag::error(span_at(pos, pos + 1), std::move(message), std::move(kind))};
  }
  [[noreturn]] void fail_span(diag::Span span, std::string message) const {
    throw LexError{diag::error(span, std::move(message))};
  }
  unsigned char at(std::size_t i) const { return i < text_.size() ? static_cast<unsigned char>(text_[i]) : 0; }
  bool at_end(std::size_t i) const { return i >= text_.size(); }

  void emit(TokenKind kind, std::size_t begin, std::size_t end) {
    tokens_.push_back({kind, static_cast<uint32_t>(begin), static_cast<uint32_t>(end), span_at(begin, end)});
  }
  void emit_multiline(TokenKind kind, std::size_t begin, int32_t begin_line, int32_t begin_col, std::size_t end) {
    tokens_.push_back({kind, static_cast<uint32_t>(begin), static_cast<uint32_t>(end),
                       {begin_line, begin_col, line_, col_of(end)}});
  }
  void new_line(std::size_t next_line_start) {
    ++line_;
    line_start_ = next_line_start;
  }

  // ---- lines and indentation -----------------------------------------------------------------------
  // Lexes one logical line (or what remains of the text); false at end of text.
  bool lex_line() {
    if (at_end(pos_)) return false;
    if (paren_stack_.empty()) {
      if (!handle_indentation()) return true;  // blank or comment-only line
    }
    while (!at_end(pos_)) {
      unsigned char c = at(pos_);
      if (c == ' ' || c == '\t' || c == '\f') {
        ++pos_;
      } else if (c == '#') {
        while (!at_end(pos_) && at(pos_) != '\n') ++pos_;
      } else if (c == '\n') {
        if (paren_stack_.empty()) emit(TokenKind::Newline, pos_, pos_ + 1);
        ++pos_;
        new_line(pos_);
        if (paren_stack_.empty()) return true;
        if (at_end(pos_)) return false;
      } else if (c == '\\') {
        lex_continuation();  // the logical line goes on
      } else {
        lex_token();
      }
    }
    return false;
  }

  void lex_continuation() {
    if (at(pos_ + 1) != '\n') {
      if (at_end(pos_ + 1)) fail(pos_, "unexpected EOF while parsing");
      fail(pos_ + 1, "unexpected character after line continuation character");
    }
    pos_ += 2;
    new_line(pos_);
    if (at_end(pos_)) fail(pos_, "unexpected EOF while parsing");
  }

  // Measures the indentation of the line at pos_ and emits INDENT/DEDENT; false for a line that
  // holds nothing but whitespace and a comment (such lines do not affect indentation).
  bool handle_indentation() {
    int col = 0, altcol = 0;
    std::size_t p = pos_;
    for (;; ++p) {
      unsigned char c = at(p);
      if (c == ' ') {
        ++col, ++altcol;
      } else if (c == '\t') {
        col = (col / kTabSize + 1) * kTabSize;
        altcol = altcol + 1;
      } else if (c == '\f') {
        col = altcol = 0;
      } else {
        break;
      }
    }
    unsigned char c = at(p);
    if (c == '#' || c == '\n' || (c == '\\' && at(p + 1) == '\n') || at_end(p)) {
      // Blank line: skip it whole. A backslash-continued blank line joins the next physical line.
      if (c == '\\') {
        pos_ = p;
        lex_continuation();
        return handle_indentation();
      }
      while (!at_end(p) && at(p) != '\n') ++p;
      if (at_end(p)) {
        pos_ = p;
        return false;
      }
      pos_ = p + 1;
      new_line(pos_);
      return false;
    }
    pos_ = p;
    apply_indentation(col, altcol);
    return true;
  }

  void apply_indentation(int col, int altcol) {
    if (col == indents_.back()) {
      if (altcol != alt_indents_.back()) fail_indent("inconsistent use of tabs and spaces in indentation", "TabError");
    } else if (col > indents_.back()) {
      if (static_cast<int>(indents_.size()) >= kMaxIndent) fail_indent("too many levels of indentation", "IndentationError");
      if (altcol <= alt_indents_.back()) fail_indent("inconsistent use of tabs and spaces in indentation", "TabError");
      indents_.push_back(col);
      alt_indents_.push_back(altcol);
      emit(TokenKind::Indent, line_start_, pos_);
    } else {
      while (indents_.size() > 1 && col < indents_.back()) {
        indents_.pop_back();
        alt_indents_.pop_back();
        emit(TokenKind::Dedent, pos_, pos_);
      }
      if (col != indents_.back()) {
        fail_indent("unindent does not match any outer indentation level", "IndentationError");
      }
      if (altcol != alt_indents_.back()) fail_indent("inconsistent use of tabs and spaces in indentation", "TabError");
    }
  }
  [[noreturn]] void fail_indent(const char* message, const char* kind) {
    throw LexError{diag::error(span_at(pos_, pos_ + 1), message, kind)};
  }

  void finish() {
    if (!paren_stack_.empty()) {
      const Token& open = tokens_[paren_stack_.back()];
      fail_span(open.span, "'" + std::string(token_text(open.kind)) + "' was never closed");
    }
    // A file that does not end in a newline gets one, as in CPython.
    if (!tokens_.empty() && tokens_.back().kind != TokenKind::Newline && tokens_.back().kind != TokenKind::Dedent &&
        tokens_.back().kind != TokenKind::Indent) {
      emit(TokenKind::Newline, pos_, pos_);
    }
    for (std::size_t i = 1; i < indents_.size(); ++i) emit(TokenKind::Dedent, pos_, pos_);
    emit(TokenKind::EndOfFile, pos_, pos_);
  }

  // ---- tokens ------------------------------------------------------------------------------------
  void lex_token() {
    unsigned char c = at(pos_);
    if (is_potential_ident_start(c)) return lex_name_or_string();
    if (is_digit(c) || (c == '.' && is_digit(at(pos_ + 1)))) return lex_number();
    if (c == '\'' || c == '"') return lex_string(pos_, pos_);
    lex_operator();
  }

  void lex_operator() {
    std::string_view rest = text_.substr(pos_, 3);
    for (const Operator& op : kOperators) {
      if (rest.substr(0, op.text.size()) == op.text) {
        track_brackets(op.kind);
        emit(op.kind, pos_, pos_ + op.text.size());
        pos_ += op.text.size();
        return;
      }
    }
    unsigned char c = at(pos_);
    if (c == '!' || c == '$' || c == '?' || c == '`') fail(pos_, "invalid syntax");
    fail(pos_, "invalid character");
  }

  void track_brackets(TokenKind kind) {
    switch (kind) {
      case TokenKind::LPar:
      case TokenKind::LSqb:
      case TokenKind::LBrace:
        if (paren_stack_.size() >= kMaxParenLevel) fail(pos_, "too many nested parentheses");
        paren_stack_.push_back(tokens_.size());
        return;
      case TokenKind::RPar:
      case TokenKind::RSqb:
      case TokenKind::RBrace: {
        std::string close(1, text_[pos_]);
        if (paren_stack_.empty()) fail(pos_, "unmatched '" + close + "'");
        const Token& open = tokens_[paren_stack_.back()];
        TokenKind expected = open.kind == TokenKind::LPar   ? TokenKind::RPar
                             : open.kind == TokenKind::LSqb ? TokenKind::RSqb
                                                            : TokenKind::RBrace;
        if (kind != expected) {
          std::string message = "closing parenthesis '" + close + "' does not match opening parenthesis '" +
                                std::string(token_text(open.kind)) + "'";
          if (open.span.line != line_) message += " on line " + std::to_string(open.span.line);
          fail(pos_, message);
        }
        paren_stack_.pop_back();
        return;
      }
      default:
        return;
    }
  }

  void lex_name_or_string() {
    std::size_t begin = pos_;
    bool ascii = true;
    while (!at_end(pos_) && is_potential_ident_char(at(pos_))) {
      ascii = ascii && at(pos_) < 128;
      ++pos_;
    }
    std::string_view word = text_.substr(begin, pos_ - begin);
    if ((at(pos_) == '\'' || at(pos_) == '"') && is_string_prefix(word)) return lex_string(begin, pos_);
    if (!ascii) {
      validate_utf8(begin, pos_);
      verify_identifier(begin, word);
    }
    emit(name_kind(word), begin, pos_);
  }

  static bool is_string_prefix(std::string_view word) {
    if (word.size() > 2) return false;
    bool b = false, r = false, u = false, f = false;
    for (char ch : word) {
      switch (ch | 0x20) {  // lower-case
        case 'b': if (b || u || f) return false; b = true; break;
        case 'r': if (r || u) return false; r = true; break;
        case 'u': if (u || b || r || f) return false; u = true; break;
        case 'f': if (f || b || u) return false; f = true; break;
        default: return false;
      }
    }
    return true;
  }

  // Non-ASCII identifiers must be valid after NFKC normalisation (PEP 3131).
  void verify_identifier(std::size_t begin, std::string_view word) {
    std::size_t i = 0;
    bool first = true;
    while (i < word.size()) {
      unicode::Decoded d = unicode::decode_utf8(word, i, false);
      if (d.length == 0) fail(begin + i, "invalid character in identifier");
      bool ok = first ? (d.cp == '_' || unicode::is_xid_start(d.cp)) : unicode::is_xid_continue(d.cp);
      if (!ok && d.cp >= 128) {
        // NFKC may turn an invalid-looking character into a valid one (e.g. U+2160 ROMAN NUMERAL ONE).
        std::string normalized = unicode::normalize(unicode::NormalForm::NFKC, word);
        if (is_valid_identifier(normalized)) return;
        fail_invalid_character(begin + i, d.cp);
      }
      first = false;
      i += d.length;
    }
  }
  static bool is_valid_identifier(std::string_view s) {
    std::size_t i = 0;
    bool first = true;
    while (i < s.size()) {
      unicode::Decoded d = unicode::decode_utf8(s, i, false);
      if (d.length == 0) return false;
      bool ok = first ? (d.cp == '_' || unicode::is_xid_start(d.cp)) : unicode::is_xid_continue(d.cp);
      if (!ok) return false;
      first = false;
      i += d.length;
    }
    return !s.empty();
  }
  [[noreturn]] void fail_invalid_character(std::size_t pos, char32_t cp) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp));
    if (!unicode::is_printable(cp)) fail(pos, std::string("invalid non-printable character ") + hex);
    std::string ch;
    unicode::append_utf8(ch, cp);
    fail(pos, "invalid character '" + ch + "' (" + hex + ")");
  }

  // ---- numbers -----------------------------------------------------------------------------------
  // Digits satisfying `is_valid`, with single underscores allowed between them.
  template <class Pred>
  void scan_digits(Pred is_valid, const char* kind) {
    while (true) {
      while (is_valid(at(pos_))) ++pos_;
      if (at(pos_) != '_') return;
      ++pos_;
      if (!is_valid(at(pos_))) fail(pos_ - 1 + (is_potential_ident_char(at(pos_)) ? 1 : 0), std::string("invalid ") + kind + " literal");
    }
  }

  void lex_number() {
    std::size_t begin = pos_;
    unsigned char c = at(pos_);
    if (c == '0' && ((at(pos_ + 1) | 0x20) == 'x' || (at(pos_ + 1) | 0x20) == 'o' || (at(pos_ + 1) | 0x20) == 'b')) {
      lex_prefixed_integer(begin);
      return;
    }
    bool is_float = false;
    if (c == '.') {
      ++pos_;
      scan_digits(is_digit, "decimal");
      is_float = true;
    } else {
      scan_digits(is_digit, "decimal");
      if (at(pos_) == '.') {
        ++pos_;
        if (is_digit(at(pos_))) scan_digits(is_digit, "decimal");
        is_float = true;
      }
    }
    if ((at(pos_) | 0x20) == 'e') {
      std::size_t e = pos_;
      ++pos_;
      if (at(pos_) == '+' || at(pos_) == '-') ++pos_;
      if (!is_digit(at(pos_))) {
        // "1else" and "1e" followed by a name: the 'e' starts the next token after all.
        pos_ = e;
        if (!is_float) check_leading_zeros(begin);
        verify_end_of_number(is_float ? "decimal" : "decimal");
        emit(TokenKind::Number, begin, pos_);
        return;
      }
      scan_digits(is_digit, "decimal");
      is_float = true;
    }
    if ((at(pos_) | 0x20) == 'j') {
      ++pos_;
      verify_end_of_number("imaginary");
    } else {
      if (!is_float) check_leading_zeros(begin);
      verify_end_of_number("decimal");
    }
    emit(TokenKind::Number, begin, pos_);
  }

  void check_leading_zeros(std::size_t begin) {
    if (at(begin) != '0') return;
    for (std::size_t i = begin; i < pos_; ++i) {
      if (at(i) != '0' && at(i) != '_') {
        throw LexError{diag::error(span_at(begin, pos_),
                                   "leading zeros in decimal integer literals are not permitted; "
                                   "use an 0o prefix for octal integers")};
      }
    }
  }

  void lex_prefixed_integer(std::size_t begin) {
    char base = static_cast<char>(at(pos_ + 1) | 0x20);
    pos_ += 2;
    const char* kind = base == 'x' ? "hexadecimal" : base == 'o' ? "octal" : "binary";
    auto valid = [base](unsigned char ch) {
      if (base == 'x') return is_digit(ch) || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f');
      if (base == 'o') return ch >= '0' && ch <= '7';
      return ch == '0' || ch == '1';
    };
    if (at(pos_) == '_') ++pos_;
    if (!valid(at(pos_))) {
      if (is_digit(at(pos_))) fail(pos_, std::string("invalid digit '") + static_cast<char>(at(pos_)) + "' in " + kind + " literal");
      fail(pos_, std::string("invalid ") + kind + " literal");
    }
    scan_digits(valid, kind);
    if (is_digit(at(pos_))) fail(pos_, std::string("invalid digit '") + static_cast<char>(at(pos_)) + "' in " + kind + " literal");
    verify_end_of_number(kind);
    emit(TokenKind::Number, begin, pos_);
  }

  // A number directly followed by a name is an error, except before the keywords that may follow a
  // number in valid code ("1if x else 2"), which CPython still accepts.
  void verify_end_of_number(const char* kind) {
    std::string_view rest = text_.substr(pos_, 5);
    for (std::string_view kw : {"and", "else", "for", "if", "in", "is", "not", "or"}) {
      if (rest.substr(0, kw.size()) == kw) return;
    }
    if (is_potential_ident_char(at(pos_))) fail(pos_, std::string("invalid ") + kind + " literal");
  }

  // ---- strings -----------------------------------------------------------------------------------
  void lex_string(std::size_t begin, std::size_t quote_pos) {
    const int32_t begin_line = line_;
    const int32_t begin_col = col_of(begin);
    const char quote = text_[quote_pos];
    const bool triple = at(quote_pos + 1) == static_cast<unsigned char>(quote) &&
                        at(quote_pos + 2) == static_cast<unsigned char>(quote);
    pos_ = quote_pos + (triple ? 3 : 1);
    while (true) {
      if (at_end(pos_)) unterminated(begin, begin_line, begin_col, triple);
      unsigned char c = at(pos_);
      if (c == static_cast<unsigned char>(quote)) {
        if (!triple) break;
        if (at(pos_ + 1) == c && at(pos_ + 2) == c) {
          pos_ += 2;
          break;
        }
      } else if (c == '\n') {
        if (!triple) unterminated(begin, begin_line, begin_col, triple);
        new_line(pos_ + 1);
      } else if (c == '\\') {
        if (at_end(pos_ + 1)) unterminated(begin, begin_line, begin_col, triple);
        ++pos_;
        if (at(pos_) == '\n') new_line(pos_ + 1);
      }
      ++pos_;
    }
    ++pos_;
    validate_utf8(begin, pos_);
    emit_multiline(TokenKind::String, begin, begin_line, begin_col, pos_);
  }

  // CPython decodes the text of names and strings (not comments) and reports bad UTF-8 there.
  void validate_utf8(std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end;) {
      if (at(i) < 0x80) {
        ++i;
        continue;
      }
      unicode::Decoded d = unicode::decode_utf8(text_.substr(0, end), i, false);
      if (d.length == 0) {
        std::string message = unicode::utf8_error_message(text_.substr(begin, end - begin), i - begin);
        throw LexError{diag::error(span_at(begin, begin + 1), "(unicode error) " + message)};
      }
      i += d.length;
    }
  }

  [[noreturn]] void unterminated(std::size_t, int32_t begin_line, int32_t begin_col, bool triple) {
    std::string message = triple ? "unterminated triple-quoted string literal" : "unterminated string literal";
    message += " (detected at line " + std::to_string(line_) + ")";
    throw LexError{diag::error({begin_line, begin_col, begin_line, begin_col + 1}, message)};
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_start_ = 0;
  int32_t line_;
  int32_t first_line_ = line_;
  int32_t col_base_;
  std::vector<int> indents_{0};
  std::vector<int> alt_indents_{0};
  std::vector<std::size_t> paren_stack_;  // indices of open bracket tokens
  std::vector<Token> tokens_;
};

}  // namespace

std::string_view token_text(TokenKind kind) {
  switch (kind) {
#define KILN_TOKEN_TEXT(name, text) \
  case TokenKind::name:             \
    return text;
    KILN_TOKEN_KINDS(KILN_TOKEN_TEXT)
#undef KILN_TOKEN_TEXT
  }
  return "?";
}

LexResult tokenize(std::string_view text, int32_t first_line, int32_t first_col) {
  return Lexer(text, first_line, first_col).run();
}

}  // namespace kiln::lex
