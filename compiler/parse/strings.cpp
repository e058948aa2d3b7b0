// String literals: prefixes, escape sequences, implicit concatenation and f-strings, following
// CPython 3.11's Parser/string_parser.c so the resulting Constant/JoinedStr nodes are identical.
#include <cstring>

#include "compiler/lex/lexer.h"
#include "compiler/parse/parser.h"
#include "runtime/unicode/unicode.h"
#include "runtime/unicode/utf8.h"

namespace kiln::parse {

using namespace kiln::ast;

namespace {

constexpr int kMaxFStringNesting = 2;  // CPython: "f-string: expressions nested too deeply"

struct StringPiece {
  bool bytes = false, raw = false, fstring = false;
  std::string_view body;  // between the quotes
};

StringPiece split_string_token(std::string_view text) {
  StringPiece piece;
  std::size_t i = 0;
  for (; text[i] != '\'' && text[i] != '"'; ++i) {
    switch (text[i] | 0x20) {
      case 'b': piece.bytes = true; break;
      case 'r': piece.raw = true; break;
      case 'f': piece.fstring = true; break;
      default: break;
    }
  }
  const std::size_t quote_len = text.size() - i >= 6 && text[i + 1] == text[i] && text[i + 2] == text[i] ? 3 : 1;
  piece.body = text.substr(i + quote_len, text.size() - i - 2 * quote_len);
  return piece;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(c | 0x20);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Escape-sequence decoding; returns an error message, or empty on success.
class EscapeDecoder {
 public:
  EscapeDecoder(std::string_view body, bool bytes) : body_(body), bytes_(bytes) {}

  std::string decode(std::string& out) {
    for (std::size_t i = 0; i < body_.size();) {
      if (body_[i] != '\\') {
        out += body_[i++];
        continue;
      }
      if (i + 1 >= body_.size()) {  // a lone trailing backslash stands for itself
        out += '\\';
        break;
      }
      std::size_t start = i;
      char c = body_[i + 1];
      i += 2;
      switch (c) {
        case '\n': break;
        case '\\': out += '\\'; break;
        case '\'': out += '\''; break;
        case '"': out += '"'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
          unsigned value = c - '0';
          for (int k = 0; k < 2 && i < body_.size() && body_[i] >= '0' && body_[i] <= '7'; ++k) {
            value = value * 8 + (body_[i++] - '0');
          }
          emit(out, bytes_ ? (value & 0xFF) : value);
          break;
        }
        case 'x':
          if (auto err = fixed_hex(out, i, start, 2, "truncated \\xXX escape"); !err.empty()) return err;
          break;
        case 'u':
        case 'U':
        case 'N':
          if (bytes_) {
            out += '\\';
            out += c;
            break;
          }
          if (c == 'N') {
            if (auto err = named(out, i, start); !err.empty()) return err;
          } else if (auto err = fixed_hex(out, i, start, c == 'u' ? 4 : 8,
                                          c == 'u' ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape");
                     !err.empty()) {
            return err;
          }
          break;
        default:  // not an escape: the backslash stays (CPython warns)
          out += '\\';
          out += c;
      }
    }
    return {};
  }

 private:
  void emit(std::string& out, unsigned value) {
    if (bytes_) {
      out += static_cast<char>(value);
    } else {
      unicode::append_utf8(out, value);
    }
  }

  std::string failure(std::size_t start, std::size_t end, const char* what) const {
    if (bytes_) return "(value error) invalid \\x escape at position " + std::to_string(start);
    return "(unicode error) 'unicodeescape' codec can't decode bytes in position " + std::to_string(start) + "-" +
           std::to_string(end - 1) + ": " + what;
  }

  std::string fixed_hex(std::string& out, std::size_t& i, std::size_t start, int digits, const char* what) {
    unsigned long value = 0;
    for (int k = 0; k < digits; ++k, ++i) {
      int h = i < body_.size() ? hex_value(body_[i]) : -1;
      if (h < 0) return failure(start, i, what);
      value = value * 16 + h;
    }
    if (value > unicode::kMaxCodePoint) return failure(start, i, "illegal Unicode character");
    emit(out, static_cast<unsigned>(value));
    return {};
  }

  std::string named(std::string& out, std::size_t& i, std::size_t start) {
    std::size_t close = body_.find('}', i);
    if (i >= body_.size() || body_[i] != '{' || close == std::string_view::npos || close == i + 1) {
      return failure(start, std::min(body_.size(), i), "malformed \\N character escape");
    }
    auto cp = unicode::lookup_name(body_.substr(i + 1, close - i - 1));
    i = close + 1;
    if (!cp) return failure(start, i, "unknown Unicode character name");
    emit(out, *cp);
    return {};
  }

  std::string_view body_;
  bool bytes_;
};

}  // namespace

// Builds the value of an implicitly concatenated string: one Constant, or a JoinedStr once an
// f-string takes part (CPython's FstringParser).
class StringParser {
 public:
  StringParser(Parser& parser, const Token& first) : p_(parser), first_(first) {
    std::string_view text = p_.text_of(first);
    u_kind_ = !text.empty() && text[0] == 'u';  // CPython checks for a lower-case 'u' only
  }

  Expr* parse() {
    bool bytes_mode = false;
    std::string bytes;
    for (std::size_t i = 0; p_.at(TokenKind::String); ++i) {
      const Token& t = p_.advance();
      last_ = &t;
      StringPiece piece = split_string_token(p_.text_of(t));
      if (i != 0 && piece.bytes != bytes_mode) p_.fail(t, "cannot mix bytes and nonbytes literals");
      bytes_mode = piece.bytes;
      if (piece.bytes) {
        append_bytes(t, piece, bytes);
      } else if (piece.fstring) {
        fmode_ = true;
        std::size_t pos = 0;
        parse_fstring(t, piece, pos, 0);
      } else {
        std::string s;
        decode(t, piece.body, piece.raw, s);
        concat(s);
      }
    }
    if (bytes_mode) {
      Constant* c = p_.make<Constant>(p_.span_from(first_));
      c->value.kind = ConstantValue::Kind::Bytes;
      c->value.text = p_.arena_.copy(bytes);
      return c;
    }
    return finish(values_, last_str_, fmode_);
  }

 private:
  void append_bytes(const Token& t, const StringPiece& piece, std::string& out) {
    for (char c : piece.body) {
      if (static_cast<unsigned char>(c) >= 0x80) p_.fail(t, "bytes can only contain ASCII literal characters");
    }
    if (piece.raw) {
      out += piece.body;
    } else if (std::string err = EscapeDecoder(piece.body, true).decode(out); !err.empty()) {
      p_.fail(t, err);
    }
  }

  void decode(const Token& t, std::string_view body, bool raw, std::string& out) {
    if (raw) {
      out += body;
    } else if (std::string err = EscapeDecoder(body, false).decode(out); !err.empty()) {
      p_.fail(t, err);
    }
  }

  Constant* make_str(std::string& s) {
    Constant* c = p_.make<Constant>(p_.span_from(first_));
    c->value.kind = ConstantValue::Kind::Str;
    c->value.text = p_.arena_.copy(s);
    if (u_kind_) c->string_kind = "u";
    s.clear();
    return c;
  }

  void concat(const std::string& s) { last_str_ += s; }  // empty pieces vanish, as in CPython

  Expr* finish(List<Expr>& values, std::string& last_str, bool fmode) {
    if (!fmode) return make_str(last_str);
    if (!last_str.empty()) values.push_back(make_str(last_str));
    JoinedStr* j = p_.make<JoinedStr>(p_.span_from(first_));
    j->values = std::move(values);
    return j;
  }

  // One f-string (or a format spec at `level` > 0) from body[pos]; fills values_/last_str_.
  void parse_fstring(const Token& t, const StringPiece& piece, std::size_t& pos, int level) {
    std::string_view body = piece.body;
    while (true) {
      bool doubled_brace = false;
      std::string literal = find_literal(t, piece, pos, level, doubled_brace);
      concat(literal);
      if (doubled_brace) continue;
      if (pos >= body.size() || body[pos] == '}') break;
      std::string expr_text;
      FormattedValue* value = parse_replacement_field(t, piece, pos, level, expr_text);
      concat(expr_text);
      if (!last_str_.empty()) values_.push_back(make_str(last_str_));
      values_.push_back(value);
    }
    if (level == 0 && pos < body.size()) p_.fail(t, "f-string: unexpected end of string");
    if (level != 0 && (pos >= body.size() || body[pos] != '}')) p_.fail(t, "f-string: expecting '}'");
  }

  std::string find_literal(const Token& t, const StringPiece& piece, std::size_t& pos, int level, bool& doubled) {
    std::string_view body = piece.body;
    const std::size_t start = pos;
    std::size_t s = pos;
    std::size_t literal_end = std::string_view::npos;
    while (s < body.size()) {
      char ch = body[s++];
      if (!piece.raw && ch == '\\' && s < body.size()) {
        ch = body[s++];
        if (ch == 'N') {  // skip "\N{NAME}" so its braces are not a replacement field
          if (s < body.size() && body[s++] == '{') {
            while (s < body.size() && body[s++] != '}') {
            }
          }
          continue;
        }
      }
      if (ch == '{' || ch == '}') {
        if (level == 0) {
          if (s < body.size() && body[s] == ch) {
            literal_end = s;
            pos = s + 1;
            doubled = true;
            break;
          }
          if (ch == '}') p_.fail(t, "f-string: single '}' is not allowed");
        }
        --s;
        break;
      }
    }
    if (!doubled) {
      literal_end = s;
      pos = s;
    }
    std::string out;
    if (literal_end > start) decode(t, body.substr(start, literal_end - start), piece.raw, out);
    return out;
  }

  // From a '{' to its '}': the expression, "=", "!conversion" and ":format_spec".
  FormattedValue* parse_replacement_field(const Token& t, const StringPiece& piece, std::size_t& pos, int level,
                                          std::string& expr_text) {
    std::string_view body = piece.body;
    if (level >= kMaxFStringNesting) p_.fail(t, "f-string: expressions nested too deeply");
    const std::size_t expr_start = ++pos;  // after '{'
    scan_expression(t, body, pos);
    const std::size_t expr_end = pos;
    Expr* expression = compile_expression(t, body, expr_start, expr_end);
    if (body[pos] == '=') {
      ++pos;
      while (pos < body.size() && std::strchr(" \t\n\r\f\v", body[pos])) ++pos;
      if (pos >= body.size()) p_.fail(t, "f-string: expecting '}'");
      expr_text = std::string(body.substr(expr_start, pos - expr_start));
    }
    int conversion = -1;
    if (body[pos] == '!') {
      ++pos;
      if (pos >= body.size()) p_.fail(t, "f-string: expecting '}'");
      conversion = static_cast<unsigned char>(body[pos++]);
      if (conversion != 's' && conversion != 'r' && conversion != 'a') {
        p_.fail(t, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
      }
    }
    Expr* format_spec = nullptr;
    if (pos < body.size() && body[pos] == ':') {
      ++pos;
      if (pos >= body.size()) p_.fail(t, "f-string: expecting '}'");
      format_spec = parse_format_spec(t, piece, pos, level);
    }
    if (pos >= body.size() || body[pos] != '}') p_.fail(t, "f-string: expecting '}'");
    ++pos;
    if (!expr_text.empty() && !format_spec && conversion == -1) conversion = 'r';
    FormattedValue* value = p_.make<FormattedValue>(p_.span_from(first_));
    value->value = expression;
    value->conversion = conversion;
    value->format_spec = format_spec;
    return value;
  }

  Expr* parse_format_spec(const Token& t, const StringPiece& piece, std::size_t& pos, int level) {
    List<Expr> outer_values = std::move(values_);
    std::string outer_last = std::move(last_str_);
    values_.clear();
    last_str_.clear();
    parse_fstring(t, piece, pos, level + 1);
    Expr* spec = finish(values_, last_str_, true);
    values_ = std::move(outer_values);
    last_str_ = std::move(outer_last);
    return spec;
  }

  // Advances `pos` to the end of the expression: a top-level '!', ':', '}' or '=' that is not part
  // of '!=', '==', '<=', '>='. Quotes and brackets inside the expression are skipped over.
  void scan_expression(const Token& t, std::string_view body, std::size_t& pos) {
    char quote = 0;
    int string_type = 0;
    std::string brackets;
    for (; pos < body.size(); ++pos) {
      char ch = body[pos];
      if (ch == '\\') p_.fail(t, "f-string expression part cannot include a backslash");
      if (quote) {
        if (ch == quote) {
          if (string_type == 3) {
            if (pos + 2 < body.size() && body[pos + 1] == ch && body[pos + 2] == ch) {
              pos += 2;
              quote = 0;
            }
          } else {
            quote = 0;
          }
        }
        continue;
      }
      if (ch == '\'' || ch == '"') {
        string_type = pos + 2 < body.size() && body[pos + 1] == ch && body[pos + 2] == ch ? 3 : 1;
        if (string_type == 3) pos += 2;
        quote = ch;
        continue;
      }
      if (ch == '[' || ch == '{' || ch == '(') {
        if (brackets.size() >= 200) p_.fail(t, "f-string: too many nested parenthesis");
        brackets += ch;
        continue;
      }
      if (ch == '#') p_.fail(t, "f-string expression part cannot include '#'");
      if (brackets.empty() && std::strchr("!:}=<>", ch)) {
        char next = pos + 1 < body.size() ? body[pos + 1] : 0;
        if (next == '=' && std::strchr("!=<>", ch)) {
          ++pos;
          continue;
        }
        if (ch == '<' || ch == '>') continue;
        break;
      }
      if (ch == ']' || ch == '}' || ch == ')') {
        if (brackets.empty()) p_.fail(t, std::string("f-string: unmatched '") + ch + "'");
        char open = brackets.back();
        brackets.pop_back();
        if (!((open == '(' && ch == ')') || (open == '[' && ch == ']') || (open == '{' && ch == '}'))) {
          p_.fail(t, std::string("f-string: closing parenthesis '") + ch + "' does not match opening parenthesis '" +
                         open + "'");
        }
      }
    }
    if (quote) p_.fail(t, "f-string: unterminated string");
    if (!brackets.empty()) p_.fail(t, std::string("f-string: unmatched '") + brackets.back() + "'");
    if (pos >= body.size()) p_.fail(t, "f-string: expecting '}'");
  }

  // Parses body[begin, end) as "(expression)", as CPython's fstring_compile_expr does.
  Expr* compile_expression(const Token& t, std::string_view body, std::size_t begin, std::size_t end) {
    std::string_view source = body.substr(begin, end - begin);
    if (source.find_first_not_of(" \t\n\r\f\v") == std::string_view::npos) {
      p_.fail(t, "f-string: empty expression not allowed");
    }
    std::string wrapped = "(" + std::string(source) + ")";
    std::string_view text = p_.arena_.copy(wrapped);
    auto [line, col] = position_of(t, source.data());
    lex::LexResult lexed = lex::tokenize(text, line, col - 1);
    if (lexed.error) {
      diag::Diagnostic d = std::move(*lexed.error);
      d.message = "f-string: " + d.message;
      throw SyntaxError{std::move(d)};
    }
    Parser sub(text, std::move(lexed.tokens), p_.arena_, p_.options_, p_.depth_ + 1);
    return sub.parse_fstring_expression();
  }

  // Line and column of `where`, a pointer into token `t`'s text.
  std::pair<int32_t, int32_t> position_of(const Token& t, const char* where) const {
    std::string_view text = p_.text_of(t);
    int32_t line = t.span.line, col = t.span.col;
    for (const char* c = text.data(); c < where; ++c) {
      if (*c == '\n') {
        ++line;
        col = 0;
      } else {
        ++col;
      }
    }
    return {line, col};
  }

  Parser& p_;
  const Token& first_;
  const Token* last_ = nullptr;
  bool u_kind_ = false;
  bool fmode_ = false;
  List<Expr> values_;
  std::string last_str_;
};

Expr* Parser::parse_strings() { return StringParser(*this, peek()).parse(); }

Expr* Parser::parse_fstring_expression() {
  Expr* e = parse_star_expressions();
  accept(TokenKind::Newline);
  if (!at(TokenKind::EndOfFile)) fail_here();
  return e;
}

}  // namespace kiln::parse
