// Statements: Python 3.11's grammar from `file` down to simple statements.
#include "compiler/parse/parser.h"

namespace kiln::parse {

using namespace kiln::ast;

namespace {

// Only operands of `|` and tighter (CPython's bitwise_or) take part in `a = b` typo detection.
bool is_bitwise_or_level(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Compare:
    case ExprKind::BoolOp:
    case ExprKind::IfExp:
    case ExprKind::Lambda:
    case ExprKind::NamedExpr:
    case ExprKind::Yield:
    case ExprKind::YieldFrom:
    case ExprKind::Starred:
    case ExprKind::Tuple:
      return false;
    case ExprKind::UnaryOp:
      return static_cast<const UnaryOp&>(e).op != UnaryOperator::Not;
    default:
      return true;
  }
}

// `f() = 1` where `==` was meant: CPython's invalid_named_expression rule, which words the error
// "cannot assign to function call here. Maybe you meant '==' instead of '='?".
bool looks_like_comparison_typo(const Expr& target, const Expr& value) {
  switch (target.kind) {
    case ExprKind::Name:
    case ExprKind::Attribute:
    case ExprKind::Subscript:
    case ExprKind::List:
    case ExprKind::GeneratorExp:
      return false;
    case ExprKind::Constant: {
      auto kind = static_cast<const ast::Constant&>(target).value.kind;
      if (kind == ConstantValue::Kind::True || kind == ConstantValue::Kind::False || kind == ConstantValue::Kind::None) {
        return false;
      }
      break;
    }
    default:
      break;
  }
  return is_bitwise_or_level(target) && is_bitwise_or_level(value);
}

bool is_simple_target(const Expr* e) {
  return e->kind == ExprKind::Name || e->kind == ExprKind::Attribute || e->kind == ExprKind::Subscript;
}

std::optional<Operator> augmented_operator(TokenKind kind) {
  switch (kind) {
    case TokenKind::PlusEqual: return Operator::Add;
    case TokenKind::MinEqual: return Operator::Sub;
    case TokenKind::StarEqual: return Operator::Mult;
    case TokenKind::AtEqual: return Operator::MatMult;
    case TokenKind::SlashEqual: return Operator::Div;
    case TokenKind::PercentEqual: return Operator::Mod;
    case TokenKind::AmperEqual: return Operator::BitAnd;
    case TokenKind::VBarEqual: return Operator::BitOr;
    case TokenKind::CircumflexEqual: return Operator::BitXor;
    case TokenKind::LeftShiftEqual: return Operator::LShift;
    case TokenKind::RightShiftEqual: return Operator::RShift;
    case TokenKind::DoubleStarEqual: return Operator::Pow;
    case TokenKind::DoubleSlashEqual: return Operator::FloorDiv;
    default: return std::nullopt;
  }
}

}  // namespace

Body Parser::parse_module() {
  try {
    Body body = parse_statements_until(TokenKind::EndOfFile);
    expect(TokenKind::EndOfFile);
    return body;
  } catch (SyntaxError& e) {
    e.token_index = pos_;
    throw;
  }
}

Body Parser::parse_statements_until(TokenKind end) {
  Body body;
  while (!at(end)) {
    if (at(TokenKind::EndOfFile)) fail_here();
    parse_statement(body);
  }
  return body;
}

void Parser::parse_statement(Body& out) {
  if (at(TokenKind::Indent)) fail(peek(), "unexpected indent", "IndentationError");
  if (Stmt* compound = parse_compound_statement()) {
    out.push_back(compound);
    return;
  }
  parse_simple_statements(out);
}

Stmt* Parser::parse_compound_statement() {
  const Token& first = peek();
  switch (first.kind) {
    case TokenKind::KwIf: return parse_if(advance());
    case TokenKind::KwWhile: return parse_while();
    case TokenKind::KwFor: return parse_for(first, false);
    case TokenKind::KwWith: return parse_with(first, false);
    case TokenKind::KwTry: return parse_try();
    case TokenKind::KwDef: return parse_function_def(first, {}, false);
    case TokenKind::KwClass: return parse_class_def(first, {});
    case TokenKind::At: return parse_decorated();
    case TokenKind::KwAsync:
      switch (peek(1).kind) {
        case TokenKind::KwDef: advance(); return parse_function_def(first, {}, true);
        case TokenKind::KwFor: advance(); return parse_for(first, true);
        case TokenKind::KwWith: advance(); return parse_with(first, true);
        default: fail(peek(1), "invalid syntax");
      }
    case TokenKind::Name:
      if (text_of(first) == "match") return try_parse_match();
      return nullptr;
    default:
      return nullptr;
  }
}

void Parser::parse_simple_statements(Body& out) {
  while (true) {
    out.push_back(parse_simple_statement());
    if (accept(TokenKind::Newline)) return;
    if (!accept(TokenKind::Semi)) fail_here();
    if (accept(TokenKind::Newline)) return;
  }
}

Stmt* Parser::parse_simple_statement() {
  const Token& first = peek();
  switch (first.kind) {
    case TokenKind::KwReturn: return parse_return();
    case TokenKind::KwImport: return parse_import();
    case TokenKind::KwFrom: return parse_import_from();
    case TokenKind::KwRaise: return parse_raise();
    case TokenKind::KwDel: return parse_del();
    case TokenKind::KwAssert: return parse_assert();
    case TokenKind::KwGlobal: return parse_global(StmtKind::Global);
    case TokenKind::KwNonlocal: return parse_global(StmtKind::Nonlocal);
    case TokenKind::KwPass: advance(); return make<Pass>(first.span);
    case TokenKind::KwBreak: {
      advance();
      Pass* s = make<Pass>(first.span);
      s->kind = StmtKind::Break;
      return s;
    }
    case TokenKind::KwContinue: {
      advance();
      Pass* s = make<Pass>(first.span);
      s->kind = StmtKind::Continue;
      return s;
    }
    default:
      return parse_expression_statement();
  }
}

// Expression statements and the three kinds of assignment, which all begin with an expression.
Stmt* Parser::parse_expression_statement() {
  const Token& first = peek();
  auto parse_value = [this] { return at(TokenKind::KwYield) ? parse_yield_expression() : parse_star_expressions(); };
  Expr* e = parse_value();
  if (accept(TokenKind::Colon)) {
    if (e->kind == ExprKind::Tuple) fail_span(e->span, "only single target (not tuple) can be annotated");
    if (e->kind == ExprKind::List) fail_span(e->span, "only single target (not list) can be annotated");
    if (!is_simple_target(e)) fail_span(e->span, "illegal target for annotation");
    AnnAssign* s = make<AnnAssign>(first.span);
    set_context(e, Ctx::Store, "assign to");
    s->target = e;
    s->simple = e->kind == ExprKind::Name && first.kind != TokenKind::LPar;
    s->annotation = parse_expression();
    if (accept(TokenKind::Equal)) s->value = parse_value();
    s->span = span_from(first);
    return s;
  }
  if (at(TokenKind::Equal)) {
    Assign* s = make<Assign>(first.span);
    while (accept(TokenKind::Equal)) {
      s->targets.push_back(e);
      e = parse_value();
    }
    s->value = e;
    for (Expr* target : s->targets) {
      if (target->kind == ExprKind::Yield || target->kind == ExprKind::YieldFrom) {
        fail_span(target->span, "assignment to yield expression not possible");
      }
      if (s->targets.size() == 1 && looks_like_comparison_typo(*target, *s->value)) {
        fail_span(target->span, "cannot assign to " + std::string(expression_description(target)) +
                                     " here. Maybe you meant '==' instead of '='?");
      }
      set_context(target, Ctx::Store, "assign to");
    }
    s->span = span_from(first);
    return s;
  }
  if (auto op = augmented_operator(peek().kind)) {
    if (!is_simple_target(e)) {
      fail_span(e->span, "'" + std::string(expression_description(e)) + "' is an illegal expression for augmented assignment");
    }
    advance();
    AugAssign* s = make<AugAssign>(first.span);
    set_context(e, Ctx::Store, "assign to");
    s->target = e;
    s->op = *op;
    s->value = parse_value();
    s->span = span_from(first);
    return s;
  }
  if (e->kind == ExprKind::Name && at_expression_start() && !at(TokenKind::Star) && !at(TokenKind::Minus) &&
      !at(TokenKind::Plus) && !at(TokenKind::Tilde)) {
    std::string_view name = static_cast<Name*>(e)->id;
    if (name == "print" || name == "exec") {
      fail_span(e->span, "Missing parentheses in call to '" + std::string(name) + "'. Did you mean " + std::string(name) + "(...)?");
    }
  }
  ExprStmt* s = make<ExprStmt>(first.span);
  s->value = e;
  s->span = span_from(first);
  return s;
}

Body Parser::parse_suite(const Token& header, const std::string& what) {
  // CPython names the missing ':' only when the header's line ends there.
  if (!at(TokenKind::Colon)) {
    if (at(TokenKind::Newline)) fail(peek(), "expected ':'");
    fail_here();
  }
  advance();
  return parse_block(header, what);
}

Body Parser::parse_block(const Token& header, const std::string& what) {
  if (!accept(TokenKind::Newline)) {
    Body body;
    parse_simple_statements(body);
    return body;
  }
  if (!at(TokenKind::Indent)) {
    fail(peek(), "expected an indented block after " + what + " on line " + std::to_string(header.span.line),
         "IndentationError");
  }
  advance();
  Body body = parse_statements_until(TokenKind::Dedent);
  expect(TokenKind::Dedent);
  return body;
}

Body Parser::parse_else_block() {
  if (!at(TokenKind::KwElse)) return {};
  const Token& keyword = advance();
  return parse_suite(keyword, "'else' statement");
}

Stmt* Parser::parse_if(const Token& keyword) {
  If* s = make<If>(keyword.span);
  s->test = parse_named_expression();
  s->body = parse_suite(keyword, "'" + std::string(text_of(keyword)) + "' statement");
  if (at(TokenKind::KwElif)) {
    s->orelse.push_back(parse_if(advance()));
  } else {
    s->orelse = parse_else_block();
  }
  s->span = span_from(keyword);
  return s;
}

Stmt* Parser::parse_while() {
  const Token& keyword = advance();
  While* s = make<While>(keyword.span);
  s->test = parse_named_expression();
  s->body = parse_suite(keyword, "'while' statement");
  s->orelse = parse_else_block();
  s->span = span_from(keyword);
  return s;
}

Stmt* Parser::parse_for(const Token& first, bool is_async) {
  const Token& keyword = expect(TokenKind::KwFor);
  For* s = make<For>(first.span);
  if (is_async) s->kind = StmtKind::AsyncFor;
  s->target = parse_star_targets();
  expect(TokenKind::KwIn);
  s->iter = parse_star_expressions();
  s->body = parse_suite(keyword, "'for' statement");
  s->orelse = parse_else_block();
  s->span = span_from(first);
  return s;
}

WithItem* Parser::parse_with_item() {
  const Token& start = peek();
  WithItem* item = make<WithItem>(start.span);
  item->context_expr = parse_expression();
  if (accept(TokenKind::KwAs)) {
    item->optional_vars = parse_single_star_target();
    set_context(item->optional_vars, Ctx::Store, "assign to");
    if (!at(TokenKind::Comma) && !at(TokenKind::RPar) && !at(TokenKind::Colon)) fail_here();
  }
  item->span = span_from(start);
  return item;
}

Stmt* Parser::parse_with(const Token& first, bool is_async) {
  const Token& keyword = expect(TokenKind::KwWith);
  With* s = make<With>(first.span);
  if (is_async) s->kind = StmtKind::AsyncWith;
  // `with (a as b, c):` is a parenthesized list of items; `with (a, b) as c:` is not.
  auto parenthesized = attempt([&]() -> List<WithItem>* {
    expect(TokenKind::LPar);
    auto* items = arena_.make<List<WithItem>>();
    while (!at(TokenKind::RPar)) {
      items->push_back(parse_with_item());
      if (!accept(TokenKind::Comma)) break;
    }
    if (items->empty()) fail_here();
    expect(TokenKind::RPar);
    if (!at(TokenKind::Colon)) fail_here();
    return items;
  });
  if (parenthesized) {
    s->items = std::move(*parenthesized);
  } else {
    do s->items.push_back(parse_with_item());
    while (accept(TokenKind::Comma));
  }
  s->body = parse_suite(keyword, "'with' statement");
  s->span = span_from(first);
  return s;
}

ExceptHandler* Parser::parse_except_handler(bool& star) {
  const Token& keyword = expect(TokenKind::KwExcept);
  ExceptHandler* h = make<ExceptHandler>(keyword.span);
  star = accept(TokenKind::Star);
  if (!at(TokenKind::Colon)) {
    h->type = parse_expression();
    if (at(TokenKind::Comma)) fail_span(h->type->span, "multiple exception types must be parenthesized");
    if (accept(TokenKind::KwAs)) h->name = identifier(expect_name());
  } else if (star) {
    fail(peek(), "expected one or more exception types");
  }
  h->body = parse_suite(keyword, star ? "'except*' statement" : "'except' statement");
  h->span = span_from(keyword);
  return h;
}

Stmt* Parser::parse_try() {
  const Token& keyword = advance();
  Try* s = make<Try>(keyword.span);
  s->body = parse_suite(keyword, "'try' statement");
  bool any_star = false, any_plain = false;
  while (at(TokenKind::KwExcept)) {
    bool star = false;
    const Token& except = peek();
    s->handlers.push_back(parse_except_handler(star));
    (star ? any_star : any_plain) = true;
    if (any_star && any_plain) fail(except, "cannot have both 'except' and 'except*' on the same 'try'");
  }
  if (any_star) s->kind = StmtKind::TryStar;
  if (!s->handlers.empty()) s->orelse = parse_else_block();
  if (at(TokenKind::KwFinally)) {
    const Token& finally = advance();
    s->finalbody = parse_suite(finally, "'finally' statement");
  }
  if (s->handlers.empty() && s->finalbody.empty()) fail(peek(), "expected 'except' or 'finally' block");
  s->span = span_from(keyword);
  return s;
}

Stmt* Parser::parse_decorated() {
  const Token& first = peek();
  List<Expr> decorators;
  while (accept(TokenKind::At)) {
    decorators.push_back(parse_named_expression());
    expect(TokenKind::Newline);
  }
  if (at(TokenKind::KwDef)) return parse_function_def(peek(), std::move(decorators), false);
  if (at(TokenKind::KwClass)) return parse_class_def(peek(), std::move(decorators));
  if (at(TokenKind::KwAsync) && peek(1).kind == TokenKind::KwDef) {
    const Token& async = advance();
    return parse_function_def(async, std::move(decorators), true);
  }
  (void)first;
  fail_here();
}

Stmt* Parser::parse_function_def(const Token& first, List<Expr> decorators, bool is_async) {
  const Token& keyword = expect(TokenKind::KwDef);
  FunctionDef* f = make<FunctionDef>(first.span);
  if (is_async) f->kind = StmtKind::AsyncFunctionDef;
  f->name = identifier(expect_name());
  expect(TokenKind::LPar, "expected '('");
  f->args = parse_parameters(TokenKind::RPar, true);
  expect(TokenKind::RPar);
  if (accept(TokenKind::RArrow)) f->returns = parse_expression();
  f->body = parse_suite(keyword, "function definition");
  f->decorator_list = std::move(decorators);
  f->span = span_from(first);
  return f;
}

Arg* Parser::parse_parameter(bool annotations, bool star_annotation) {
  const Token& name = expect_name();
  Arg* a = make<Arg>(name.span);
  a->arg = identifier(name);
  if (annotations && accept(TokenKind::Colon)) {
    a->annotation = star_annotation ? parse_star_expression() : parse_expression();
  }
  a->span = span_from(name);
  return a;
}

Arguments* Parser::parse_parameters(TokenKind end, bool annotations) {
  Arguments* a = make<Arguments>(peek().span);
  bool seen_default = false, seen_star = false, seen_slash = false, bare_star = false;
  while (!at(end)) {
    const Token& t = peek();
    if (accept(TokenKind::Slash)) {
      if (seen_slash) fail(t, "/ may appear only once");
      if (seen_star) fail(t, "/ must be ahead of *");
      if (a->args.empty()) fail(t, "at least one argument must precede /");
      seen_slash = true;
      a->posonlyargs = std::move(a->args);
      a->args.clear();
    } else if (accept(TokenKind::Star)) {
      if (seen_star) fail(t, "* argument may appear only once");
      seen_star = true;
      bare_star = at(TokenKind::Comma) || at(end);
      if (!bare_star) a->vararg = parse_parameter(annotations, true);
      if (at(TokenKind::Equal)) fail(peek(), "var-positional argument cannot have default value");
    } else if (accept(TokenKind::DoubleStar)) {
      a->kwarg = parse_parameter(annotations, false);
      if (at(TokenKind::Equal)) fail(peek(), "var-keyword argument cannot have default value");
      accept(TokenKind::Comma);
      if (!at(end)) fail(peek(), "arguments cannot follow var-keyword argument");
      break;
    } else {
      Arg* arg = parse_parameter(annotations, false);
      Expr* default_value = accept(TokenKind::Equal) ? parse_expression() : nullptr;
      if (seen_star) {
        a->kwonlyargs.push_back(arg);
        a->kw_defaults.push_back(default_value);
      } else {
        a->args.push_back(arg);
        if (default_value) {
          a->defaults.push_back(default_value);
          seen_default = true;
        } else if (seen_default) {
          fail_span(arg->span, "non-default argument follows default argument");
        }
      }
    }
    if (!accept(TokenKind::Comma)) break;
  }
  if (bare_star && a->kwonlyargs.empty()) fail(peek(), "named arguments must follow bare *");
  return a;
}

Stmt* Parser::parse_class_def(const Token& first, List<Expr> decorators) {
  const Token& keyword = expect(TokenKind::KwClass);
  ClassDef* c = make<ClassDef>(first.span);
  c->name = identifier(expect_name());
  if (at(TokenKind::LPar)) {
    auto* call = static_cast<Call*>(parse_call(nullptr));
    c->bases = std::move(call->args);
    c->keywords = std::move(call->keywords);
  }
  c->body = parse_suite(keyword, "class definition");
  c->decorator_list = std::move(decorators);
  c->span = span_from(first);
  return c;
}

Stmt* Parser::parse_return() {
  const Token& keyword = advance();
  Return* s = make<Return>(keyword.span);
  if (at_expression_start()) s->value = parse_star_expressions();
  s->span = span_from(keyword);
  return s;
}

Stmt* Parser::parse_raise() {
  const Token& keyword = advance();
  Raise* s = make<Raise>(keyword.span);
  if (at_expression_start()) {
    s->exc = parse_expression();
    if (accept(TokenKind::KwFrom)) s->cause = parse_expression();
  }
  s->span = span_from(keyword);
  return s;
}

Stmt* Parser::parse_global(StmtKind kind) {
  const Token& keyword = advance();
  Global* s = make<Global>(keyword.span);
  s->kind = kind;
  do s->names.push_back(identifier(expect_name()));
  while (accept(TokenKind::Comma));
  s->span = span_from(keyword);
  return s;
}

Stmt* Parser::parse_assert() {
  const Token& keyword = advance();
  Assert* s = make<Assert>(keyword.span);
  s->test = parse_expression();
  if (accept(TokenKind::Comma)) s->msg = parse_expression();
  s->span = span_from(keyword);
  return s;
}

Stmt* Parser::parse_del() {
  const Token& keyword = advance();
  Delete* s = make<Delete>(keyword.span);
  do {
    if (!at_expression_start()) break;
    Expr* target = parse_binary(0);
    set_context(target, Ctx::Del, "delete");
    s->targets.push_back(target);
  } while (accept(TokenKind::Comma));
  if (s->targets.empty()) fail_here();
  if (!at(TokenKind::Newline) && !at(TokenKind::Semi)) fail_here();
  s->span = span_from(keyword);
  return s;
}

Identifier Parser::parse_dotted_name() {
  const Token& first = expect_name();
  if (!at(TokenKind::Dot)) return identifier(first);
  std::string name(identifier(first));
  while (accept(TokenKind::Dot)) {
    name += '.';
    name += identifier(expect_name());
  }
  return arena_.copy(name);
}

Stmt* Parser::parse_import() {
  const Token& keyword = advance();
  Import* s = make<Import>(keyword.span);
  do {
    const Token& start = peek();
    Alias* a = make<Alias>(start.span);
    a->name = parse_dotted_name();
    if (accept(TokenKind::KwAs)) a->asname = identifier(expect_name());
    a->span = span_from(start);
    s->names.push_back(a);
  } while (accept(TokenKind::Comma));
  s->span = span_from(keyword);
  return s;
}

Stmt* Parser::parse_import_from() {
  const Token& keyword = advance();
  ImportFrom* s = make<ImportFrom>(keyword.span);
  while (at(TokenKind::Dot) || at(TokenKind::Ellipsis)) s->level += advance().kind == TokenKind::Dot ? 1 : 3;
  if (!at(TokenKind::KwImport) || s->level == 0) s->module = parse_dotted_name();
  expect(TokenKind::KwImport);
  if (at(TokenKind::Star)) {
    const Token& star = advance();
    Alias* a = make<Alias>(star.span);
    a->name = "*";
    s->names.push_back(a);
  } else {
    const bool parenthesized = accept(TokenKind::LPar);
    while (true) {
      const Token& start = peek();
      Alias* a = make<Alias>(start.span);
      a->name = identifier(expect_name());
      if (accept(TokenKind::KwAs)) a->asname = identifier(expect_name());
      a->span = span_from(start);
      s->names.push_back(a);
      if (!accept(TokenKind::Comma)) break;
      if (parenthesized && at(TokenKind::RPar)) break;
      if (!parenthesized && !at(TokenKind::Name)) {
        fail(tokens_[pos_ - 1], "trailing comma not allowed without surrounding parentheses");
      }
    }
    if (parenthesized) expect(TokenKind::RPar);
  }
  s->span = span_from(keyword);
  return s;
}

}  // namespace kiln::parse
