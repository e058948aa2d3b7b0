// The recursive-descent parser for Python 3.11 (internal to compiler/parse).
//
// It follows CPython's PEG grammar (Grammar/python.gram) rule by rule where the tree shape depends
// on it; assignment targets are parsed as expressions and then checked and given Store/Del context,
// as CPython's invalid_* rules effectively do. The parser stops at the first error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/lex/token.h"
#include "compiler/parse/ast.h"
#include "compiler/parse/parse.h"

namespace kiln::parse {

using lex::Token;
using lex::TokenKind;

// Thrown to abandon the parse (or one speculative alternative); caught in parse_file_bytes.
struct SyntaxError {
  diag::Diagnostic diagnostic;
  std::size_t token_index = 0;  // how far the module's parser had got (set by parse_module)
};

// How CPython names an expression in "cannot assign to ..." messages (_PyPegen_get_expr_name).
std::string_view expression_description(const ast::Expr* e);

class Parser {
 public:
  // `text` must outlive the tree (it is the module's source, or an arena copy for f-string parts).
  Parser(std::string_view text, std::vector<Token> tokens, Arena& arena, const ParseOptions& options, int depth = 0);

  ast::Body parse_module();
  // The inside of an f-string replacement field, given as "(expr)".
  ast::Expr* parse_fstring_expression();

 private:
  friend class StringParser;

  // ---- tokens --------------------------------------------------------------------------------
  const Token& peek(std::size_t ahead = 0) const {
    std::size_t i = pos_ + ahead;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();
  }
  bool at(TokenKind kind) const { return peek().kind == kind; }
  bool at_soft_keyword(std::string_view word) const { return at(TokenKind::Name) && text_of(peek()) == word; }
  bool accept(TokenKind kind) {
    if (!at(kind)) return false;
    ++pos_;
    return true;
  }
  const Token& advance() { return tokens_[pos_++]; }
  const Token& expect(TokenKind kind);
  const Token& expect(TokenKind kind, const char* message);
  std::string_view text_of(const Token& t) const { return text_.substr(t.begin, t.end - t.begin); }
  ast::Identifier identifier(const Token& t);
  const Token& expect_name();

  [[noreturn]] void fail(const Token& at, std::string message, const char* kind = "SyntaxError") const;
  [[noreturn]] void fail_span(diag::Span span, std::string message) const;
  [[noreturn]] void fail_here() const;

  // Runs `parse`; on a SyntaxError rewinds and returns null (PEG-style ordered choice).
  template <class F>
  auto attempt(F&& parse) -> decltype(parse()) {
    std::size_t saved = pos_;
    try {
      return parse();
    } catch (const SyntaxError&) {
      pos_ = saved;
      return nullptr;
    }
  }

  // Counts recursion so pathological nesting is an error, not a stack overflow.
  class Nesting {
   public:
    explicit Nesting(Parser& p);
    ~Nesting() { --p_.depth_; }

   private:
    Parser& p_;
  };

  template <class T>
  T* make(diag::Span span) {
    T* node = arena_.make<T>();
    node->span = span;
    if constexpr (requires { T::kKind; }) node->kind = T::kKind;
    return node;
  }
  static diag::Span join(diag::Span a, diag::Span b) { return {a.line, a.col, b.end_line, b.end_col}; }
  diag::Span span_from(const Token& first) const { return join(first.span, tokens_[pos_ - 1].span); }
  diag::Span span_from(diag::Span first) const { return join(first, tokens_[pos_ - 1].span); }

  // ---- statements (statements.cpp) -------------------------------------------------------------
  ast::Body parse_statements_until(TokenKind end);
  void parse_statement(ast::Body& out);
  ast::Stmt* parse_compound_statement();
  void parse_simple_statements(ast::Body& out);
  ast::Stmt* parse_simple_statement();
  ast::Stmt* parse_expression_statement();
  // ':' and the block of a compound statement headed by `header` (`what` names it in errors, e.g.
  // "expected an indented block after 'if' statement on line 3").
  ast::Body parse_suite(const Token& header, const std::string& what);
  ast::Body parse_block(const Token& header, const std::string& what);
  ast::Body parse_else_block();
  ast::Stmt* parse_if(const Token& keyword);
  ast::Stmt* parse_while();
  ast::Stmt* parse_for(const Token& first, bool is_async);
  ast::Stmt* parse_with(const Token& first, bool is_async);
  ast::WithItem* parse_with_item();
  ast::Stmt* parse_try();
  ast::ExceptHandler* parse_except_handler(bool& star);
  ast::Stmt* parse_function_def(const Token& first, ast::List<ast::Expr> decorators, bool is_async);
  ast::Stmt* parse_class_def(const Token& first, ast::List<ast::Expr> decorators);
  ast::Stmt* parse_decorated();
  ast::Stmt* parse_return();
  ast::Stmt* parse_raise();
  ast::Stmt* parse_global(ast::StmtKind kind);
  ast::Stmt* parse_import();
  ast::Stmt* parse_import_from();
  ast::Identifier parse_dotted_name();
  ast::Stmt* parse_assert();
  ast::Stmt* parse_del();

  // ---- match statements (patterns.cpp) -----------------------------------------------------------
  ast::Stmt* try_parse_match();
  ast::MatchCase* parse_case_block();
  ast::Pattern* parse_patterns();
  ast::Pattern* parse_pattern();
  ast::Pattern* parse_or_pattern();
  ast::Pattern* parse_closed_pattern();
  ast::Pattern* parse_maybe_star_pattern();
  ast::Pattern* parse_sequence_pattern(TokenKind close, const Token& open);
  ast::Pattern* parse_mapping_pattern(const Token& open);
  ast::Pattern* parse_class_pattern(ast::Expr* cls);
  ast::Expr* parse_signed_number_or_complex();
  ast::Expr* parse_name_or_attr();
  ast::Identifier parse_capture_name(const Token& t);

  // ---- expressions (expressions.cpp) -------------------------------------------------------------
  ast::Expr* parse_star_expressions();
  ast::Expr* parse_star_expression();
  ast::Expr* parse_star_named_expression();
  ast::Expr* parse_named_expression();
  ast::Expr* parse_expression();
  ast::Expr* parse_yield_expression();
  ast::Expr* parse_lambda();
  ast::Expr* parse_disjunction();
  ast::Expr* parse_conjunction();
  ast::Expr* parse_inversion();
  ast::Expr* parse_comparison();
  ast::Expr* parse_binary(int level);
  ast::Expr* parse_factor();
  ast::Expr* parse_power();
  ast::Expr* parse_primary();
  ast::Expr* parse_atom();
  ast::Expr* parse_paren_atom();
  ast::Expr* parse_list_atom();
  ast::Expr* parse_brace_atom();
  ast::Expr* parse_call(ast::Expr* func);
  ast::Expr* parse_slices();
  ast::Expr* parse_slice();
  ast::List<ast::Comprehension> parse_comprehension_clauses();
  ast::Expr* parse_number(const Token& t);
  ast::Expr* parse_strings();
  ast::Arguments* parse_parameters(TokenKind end, bool annotations);
  ast::Arg* parse_parameter(bool annotations, bool star_annotation);
  // A Tuple of `first` and the items after each following comma (a trailing comma is allowed);
  // `first` itself when no comma follows.
  ast::Expr* parse_tuple_rest(ast::Expr* first, ast::Expr* (Parser::*item)());
  ast::List<ast::Expr> parse_comma_items(TokenKind close, ast::Expr* (Parser::*item)());
  bool at_expression_start() const;
  bool at_sequence_end() const;

  // ---- targets (targets.cpp) ---------------------------------------------------------------------
  ast::Expr* parse_star_targets();  // for loops, comprehensions
  ast::Expr* parse_single_star_target();
  void set_context(ast::Expr* target, ast::Ctx ctx, const char* verb);

  std::string_view text_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  Arena& arena_;
  const ParseOptions& options_;
  int depth_;
};

}  // namespace kiln::parse
