#include "compiler/parse/parser.h"

#include "compiler/lex/lexer.h"
#include "compiler/parse/depth.h"
#include "runtime/unicode/unicode.h"

namespace kiln::parse {

Parser::Parser(std::string_view text, std::vector<Token> tokens, Arena& arena, const ParseOptions& options, int depth)
    : text_(text), tokens_(std::move(tokens)), arena_(arena), options_(options), depth_(depth) {}

Parser::Nesting::Nesting(Parser& p) : p_(p) {
  if (++p_.depth_ > p_.options_.max_nesting) {
    --p_.depth_;
    p_.fail(p_.peek(), "too many nested expressions (the limit is " + std::to_string(p_.options_.max_nesting) + ")");
  }
}

const Token& Parser::expect(TokenKind kind) {
  if (!at(kind)) fail_here();
  return advance();
}

const Token& Parser::expect(TokenKind kind, const char* message) {
  if (!at(kind)) fail(peek(), message);
  return advance();
}

const Token& Parser::expect_name() { return expect(TokenKind::Name); }

// Identifiers are NFKC-normalised when they are not pure ASCII (PEP 3131).
ast::Identifier Parser::identifier(const Token& t) {
  std::string_view text = text_of(t);
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return arena_.copy(unicode::normalize(unicode::NormalForm::NFKC, text));
  }
  return text;
}

void Parser::fail(const Token& at, std::string message, const char* kind) const {
  throw SyntaxError{diag::error(at.span, std::move(message), kind)};
}

void Parser::fail_span(diag::Span span, std::string message) const { throw SyntaxError{diag::error(span, std::move(message))}; }

void Parser::fail_here() const {
  const Token& t = peek();
  switch (t.kind) {
    case TokenKind::EndOfFile:
      fail(t, "unexpected EOF while parsing");
    case TokenKind::Indent:
      fail(t, "unexpected indent", "IndentationError");
    case TokenKind::Dedent:
      fail(t, "unindent does not match any outer indentation level", "IndentationError");
    default:
      fail(t, "invalid syntax");
  }
}

namespace {

// Which error CPython reports when both the tokenizer and the parser fail: the parser's, if it came
// first and says something specific; a generic "invalid syntax" gives way to the tokenizer's error
// (CPython tokenizes the rest of the file to look for one), except that an unclosed bracket only
// wins when it was opened before the line of the syntax error.
bool tokenizer_error_wins(const diag::Diagnostic& lexer, const SyntaxError& parser, std::size_t lexed_count) {
  if (parser.token_index >= lexed_count) return true;
  if (parser.diagnostic.message != "invalid syntax") return false;
  if (lexer.message.ends_with("was never closed")) return parser.diagnostic.span.line > lexer.span.line;
  return true;
}

}  // namespace

ParseResult parse_file_bytes(std::string_view bytes, std::string filename, const ParseOptions& options) {
  ParseResult result;
  lex::DecodedSource decoded = lex::decode_source(bytes);
  if (decoded.error) {
    // Show the raw bytes' lines: the best we can do without a decoding.
    result.source = std::make_unique<diag::SourceFile>(std::move(filename), std::string(bytes));
    result.error = std::move(decoded.error);
    return result;
  }
  result.source = std::make_unique<diag::SourceFile>(std::move(filename), std::move(decoded.text));
  lex::LexResult lexed = lex::tokenize(result.source->text());
  const std::size_t lexed_count = lexed.tokens.size();
  if (lexed.error) {
    // Parse what was tokenized: a syntax error before the tokenizer's error is the one to report.
    diag::Span at = lexed.error->span;
    lexed.tokens.push_back({lex::TokenKind::EndOfFile, 0, 0, at});
  }
  auto module = std::make_unique<ast::Module>();
  try {
    Parser parser(result.source->text(), std::move(lexed.tokens), module->arena, options);
    module->body = parser.parse_module();
    if (lexed.error) {  // the tokens before the tokenizer's error parsed: that error it is
      result.error = std::move(lexed.error);
      return result;
    }
    if (auto deep = find_too_deep(*module, options.max_tree_depth)) {
      result.error = diag::error(*deep, "expression is nested too deeply (the limit is " +
                                            std::to_string(options.max_tree_depth) + " levels)");
      return result;
    }
    result.module = std::move(module);
  } catch (SyntaxError& e) {
    const bool lexer_wins = lexed.error && tokenizer_error_wins(*lexed.error, e, lexed_count);
    result.error = lexer_wins ? std::move(lexed.error) : std::move(e.diagnostic);
    return result;
  }
  return result;
}

}  // namespace kiln::parse
