// The match statement (PEP 634): its soft keywords and the pattern grammar.
#include "compiler/parse/parser.h"

namespace kiln::parse {

using namespace kiln::ast;

namespace {

bool is_imaginary(const Expr* e) {
  return e->kind == ExprKind::Constant && static_cast<const Constant*>(e)->value.kind == ConstantValue::Kind::Complex;
}

}  // namespace

// `match` is a statement only when "match SUBJECT:" and a newline follow; otherwise it is a name.
Stmt* Parser::try_parse_match() {
  const Token& keyword = peek();
  Expr* subject = attempt([&]() -> Expr* {
    advance();
    Expr* first = parse_star_named_expression();
    Expr* subj = parse_tuple_rest(first, &Parser::parse_star_named_expression);
    if (subj == first && first->kind == ExprKind::Starred) fail_here();
    expect(TokenKind::Colon);
    expect(TokenKind::Newline);
    return subj;
  });
  if (!subject) return nullptr;
  Match* m = make<Match>(keyword.span);
  m->subject = subject;
  if (!at(TokenKind::Indent)) {
    fail(peek(), "expected an indented block after 'match' statement on line " + std::to_string(keyword.span.line),
         "IndentationError");
  }
  advance();
  while (!accept(TokenKind::Dedent)) {
    if (!at_soft_keyword("case")) fail_here();
    m->cases.push_back(parse_case_block());
  }
  m->span = span_from(keyword);
  return m;
}

MatchCase* Parser::parse_case_block() {
  const Token& keyword = advance();
  MatchCase* c = make<MatchCase>(keyword.span);
  c->pattern = parse_patterns();
  if (accept(TokenKind::KwIf)) c->guard = parse_named_expression();
  c->body = parse_suite(keyword, "'case' statement");
  c->span = span_from(keyword);
  return c;
}

Pattern* Parser::parse_patterns() {
  const Token& start = peek();
  Pattern* first = parse_maybe_star_pattern();
  if (!at(TokenKind::Comma)) {
    if (first->kind == PatternKind::MatchStar) fail_span(first->span, "invalid syntax");
    return first;
  }
  MatchSequence* seq = make<MatchSequence>(start.span);
  seq->patterns.push_back(first);
  while (accept(TokenKind::Comma)) {
    if (at(TokenKind::Colon) || at(TokenKind::KwIf)) break;
    seq->patterns.push_back(parse_maybe_star_pattern());
  }
  seq->span = span_from(start);
  return seq;
}

Pattern* Parser::parse_maybe_star_pattern() {
  if (!at(TokenKind::Star)) return parse_pattern();
  const Token& star = advance();
  MatchStar* s = make<MatchStar>(star.span);
  const Token& name = expect_name();
  if (text_of(name) != "_") s->name = identifier(name);
  s->span = span_from(star);
  return s;
}

Identifier Parser::parse_capture_name(const Token& t) {
  if (text_of(t) == "_") fail(t, "cannot use '_' as a target");
  return identifier(t);
}

Pattern* Parser::parse_pattern() {
  Pattern* p = parse_or_pattern();
  if (!accept(TokenKind::KwAs)) return p;
  MatchAs* as = make<MatchAs>(p->span);
  as->pattern = p;
  as->name = parse_capture_name(expect_name());
  as->span = span_from(p->span);
  return as;
}

Pattern* Parser::parse_or_pattern() {
  Pattern* first = parse_closed_pattern();
  if (!at(TokenKind::VBar)) return first;
  MatchOr* o = make<MatchOr>(first->span);
  o->patterns.push_back(first);
  while (accept(TokenKind::VBar)) o->patterns.push_back(parse_closed_pattern());
  o->span = span_from(first->span);
  return o;
}

Pattern* Parser::parse_closed_pattern() {
  Nesting nesting(*this);
  const Token& t = peek();
  auto value_pattern = [&](Expr* value) {
    MatchValue* v = make<MatchValue>(value->span);
    v->value = value;
    return v;
  };
  auto singleton = [&](ConstantValue::Kind kind) {
    advance();
    MatchSingleton* s = make<MatchSingleton>(t.span);
    s->value.kind = kind;
    return s;
  };
  switch (t.kind) {
    case TokenKind::Number:
    case TokenKind::Minus:
      return value_pattern(parse_signed_number_or_complex());
    case TokenKind::String:  // CPython's parser accepts f-strings here; its compiler rejects them
      return value_pattern(parse_strings());
    case TokenKind::KwNone: return singleton(ConstantValue::Kind::None);
    case TokenKind::KwTrue: return singleton(ConstantValue::Kind::True);
    case TokenKind::KwFalse: return singleton(ConstantValue::Kind::False);
    case TokenKind::LPar:
    case TokenKind::LSqb: {
      advance();
      return parse_sequence_pattern(t.kind == TokenKind::LPar ? TokenKind::RPar : TokenKind::RSqb, t);
    }
    case TokenKind::LBrace:
      advance();
      return parse_mapping_pattern(t);
    case TokenKind::Name: {
      if (text_of(t) == "_") {
        advance();
        return make<MatchAs>(t.span);
      }
      if (peek(1).kind != TokenKind::Dot && peek(1).kind != TokenKind::LPar) {
        advance();
        MatchAs* capture = make<MatchAs>(t.span);
        capture->name = identifier(t);
        return capture;
      }
      Expr* name = parse_name_or_attr();
      if (at(TokenKind::LPar)) return parse_class_pattern(name);
      return value_pattern(name);
    }
    default:
      fail_here();
  }
}

// After the opening bracket: "()" and "[]", a group "(p)", or a sequence.
Pattern* Parser::parse_sequence_pattern(TokenKind close, const Token& open) {
  MatchSequence* seq = make<MatchSequence>(open.span);
  if (accept(close)) {
    seq->span = span_from(open);
    return seq;
  }
  Pattern* first = parse_maybe_star_pattern();
  if (close == TokenKind::RPar && first->kind != PatternKind::MatchStar && accept(TokenKind::RPar)) return first;
  seq->patterns.push_back(first);
  while (accept(TokenKind::Comma) && !at(close)) seq->patterns.push_back(parse_maybe_star_pattern());
  expect(close);
  seq->span = span_from(open);
  return seq;
}

Pattern* Parser::parse_mapping_pattern(const Token& open) {
  MatchMapping* m = make<MatchMapping>(open.span);
  while (!at(TokenKind::RBrace)) {
    if (accept(TokenKind::DoubleStar)) {
      m->rest = parse_capture_name(expect_name());
      accept(TokenKind::Comma);
      break;
    }
    Expr* key;
    switch (peek().kind) {
      case TokenKind::Number:
      case TokenKind::Minus: key = parse_signed_number_or_complex(); break;
      case TokenKind::String: key = parse_strings(); break;
      case TokenKind::KwNone:
      case TokenKind::KwTrue:
      case TokenKind::KwFalse: key = parse_atom(); break;
      case TokenKind::Name:
        key = parse_name_or_attr();
        if (key->kind == ExprKind::Name) fail_span(key->span, "invalid syntax");
        break;
      default: fail_here();
    }
    m->keys.push_back(key);
    expect(TokenKind::Colon);
    m->patterns.push_back(parse_pattern());
    if (!accept(TokenKind::Comma)) break;
  }
  expect(TokenKind::RBrace);
  m->span = span_from(open);
  return m;
}

Pattern* Parser::parse_class_pattern(Expr* cls) {
  expect(TokenKind::LPar);
  MatchClass* c = make<MatchClass>(cls->span);
  c->cls = cls;
  while (!at(TokenKind::RPar)) {
    if (at(TokenKind::Name) && peek(1).kind == TokenKind::Equal) {
      c->kwd_attrs.push_back(identifier(advance()));
      advance();
      c->kwd_patterns.push_back(parse_pattern());
    } else {
      Pattern* p = parse_pattern();
      if (!c->kwd_attrs.empty()) fail_span(p->span, "positional patterns follow keyword patterns");
      c->patterns.push_back(p);
    }
    if (!accept(TokenKind::Comma)) break;
  }
  expect(TokenKind::RPar);
  c->span = span_from(cls->span);
  return c;
}

// signed_number, or complex_number: signed_real_number ('+' | '-') imaginary_number.
Expr* Parser::parse_signed_number_or_complex() {
  const Token& start = peek();
  Expr* number;
  if (accept(TokenKind::Minus)) {
    UnaryOp* neg = make<UnaryOp>(start.span);
    neg->op = UnaryOperator::USub;
    const Token& n = expect(TokenKind::Number);
    neg->operand = parse_number(n);
    neg->span = span_from(start);
    number = neg;
  } else {
    number = parse_number(expect(TokenKind::Number));
  }
  if (!at(TokenKind::Plus) && !at(TokenKind::Minus)) return number;
  const Expr* real = number->kind == ExprKind::UnaryOp ? static_cast<UnaryOp*>(number)->operand : number;
  if (is_imaginary(real)) fail_span(number->span, "real number required in complex literal");
  BinOp* op = make<BinOp>(start.span);
  op->left = number;
  op->op = advance().kind == TokenKind::Plus ? Operator::Add : Operator::Sub;
  op->right = parse_number(expect(TokenKind::Number));
  if (!is_imaginary(op->right)) fail_span(op->right->span, "imaginary number required in complex literal");
  op->span = span_from(start);
  return op;
}

Expr* Parser::parse_name_or_attr() {
  const Token& first = expect_name();
  Name* n = make<Name>(first.span);
  n->id = identifier(first);
  Expr* e = n;
  while (accept(TokenKind::Dot)) {
    Attribute* a = make<Attribute>(e->span);
    a->value = e;
    a->attr = identifier(expect_name());
    a->span = span_from(e->span);
    e = a;
  }
  return e;
}

}  // namespace kiln::parse
