// Expressions: Python 3.11's grammar from star_expressions down to atom.
#include <cstdlib>
#include <cstring>

#include "compiler/parse/parser.h"
#include "runtime/repr.h"

namespace kiln::parse {

using namespace kiln::ast;

bool Parser::at_expression_start() const {
  switch (peek().kind) {
    case TokenKind::Name:
    case TokenKind::Number:
    case TokenKind::String:
    case TokenKind::LPar:
    case TokenKind::LSqb:
    case TokenKind::LBrace:
    case TokenKind::Minus:
    case TokenKind::Plus:
    case TokenKind::Tilde:
    case TokenKind::Star:
    case TokenKind::Ellipsis:
    case TokenKind::KwNot:
    case TokenKind::KwLambda:
    case TokenKind::KwAwait:
    case TokenKind::KwNone:
    case TokenKind::KwTrue:
    case TokenKind::KwFalse:
      return true;
    default:
      return false;
  }
}

Expr* Parser::parse_tuple_rest(Expr* first, Expr* (Parser::*item)()) {
  if (!at(TokenKind::Comma)) return first;
  Tuple* tuple = make<Tuple>(first->span);
  tuple->elts.push_back(first);
  while (accept(TokenKind::Comma)) {
    if (!at_expression_start()) break;
    tuple->elts.push_back((this->*item)());
  }
  tuple->span = span_from(first->span);
  return tuple;
}

// Items separated by commas up to (not including) `close`; a trailing comma is allowed.
List<Expr> Parser::parse_comma_items(TokenKind close, Expr* (Parser::*item)()) {
  List<Expr> items;
  while (!at(close)) {
    items.push_back((this->*item)());
    if (!accept(TokenKind::Comma)) break;
  }
  return items;
}

Expr* Parser::parse_star_expressions() { return parse_tuple_rest(parse_star_expression(), &Parser::parse_star_expression); }

Expr* Parser::parse_star_expression() {
  if (!at(TokenKind::Star)) return parse_expression();
  const Token& star = advance();
  Starred* s = make<Starred>(star.span);
  s->value = parse_binary(0);
  s->span = span_from(star);
  return s;
}

Expr* Parser::parse_star_named_expression() {
  if (at(TokenKind::Star)) return parse_star_expression();
  return parse_named_expression();
}

Expr* Parser::parse_named_expression() {
  if (at(TokenKind::Name) && peek(1).kind == TokenKind::ColonEqual) {
    const Token& name = advance();
    advance();
    NamedExpr* n = make<NamedExpr>(name.span);
    Name* target = make<Name>(name.span);
    target->id = identifier(name);
    target->ctx = Ctx::Store;
    n->target = target;
    n->value = parse_expression();
    n->span = span_from(name);
    return n;
  }
  Expr* e = parse_expression();
  if (at(TokenKind::ColonEqual)) {
    fail(peek(), "cannot use assignment expressions with " + std::string(expression_description(e)));
  }
  return e;
}

Expr* Parser::parse_expression() {
  Nesting nesting(*this);
  if (at(TokenKind::KwLambda)) return parse_lambda();
  Expr* body = parse_disjunction();
  if (!at(TokenKind::KwIf)) return body;
  advance();
  IfExp* e = make<IfExp>(body->span);
  e->body = body;
  e->test = parse_disjunction();
  expect(TokenKind::KwElse, "expected 'else' after 'if' expression");
  e->orelse = parse_expression();
  e->span = span_from(body->span);
  return e;
}

Expr* Parser::parse_yield_expression() {
  const Token& keyword = expect(TokenKind::KwYield);
  if (accept(TokenKind::KwFrom)) {
    YieldFrom* y = make<YieldFrom>(keyword.span);
    y->value = parse_expression();
    y->span = span_from(keyword);
    return y;
  }
  Yield* y = make<Yield>(keyword.span);
  if (at_expression_start()) y->value = parse_star_expressions();
  y->span = span_from(keyword);
  return y;
}

Expr* Parser::parse_lambda() {
  const Token& keyword = expect(TokenKind::KwLambda);
  Lambda* l = make<Lambda>(keyword.span);
  l->args = parse_parameters(TokenKind::Colon, false);
  expect(TokenKind::Colon);
  l->body = parse_expression();
  l->span = span_from(keyword);
  return l;
}

Expr* Parser::parse_disjunction() {
  Expr* first = parse_conjunction();
  if (!at(TokenKind::KwOr)) return first;
  BoolOp* op = make<BoolOp>(first->span);
  op->op = BoolOperator::Or;
  op->values.push_back(first);
  while (accept(TokenKind::KwOr)) op->values.push_back(parse_conjunction());
  op->span = span_from(first->span);
  return op;
}

Expr* Parser::parse_conjunction() {
  Expr* first = parse_inversion();
  if (!at(TokenKind::KwAnd)) return first;
  BoolOp* op = make<BoolOp>(first->span);
  op->op = BoolOperator::And;
  op->values.push_back(first);
  while (accept(TokenKind::KwAnd)) op->values.push_back(parse_inversion());
  op->span = span_from(first->span);
  return op;
}

Expr* Parser::parse_inversion() {
  if (!at(TokenKind::KwNot)) return parse_comparison();
  Nesting nesting(*this);
  const Token& keyword = advance();
  UnaryOp* op = make<UnaryOp>(keyword.span);
  op->op = UnaryOperator::Not;
  op->operand = parse_inversion();
  op->span = span_from(keyword);
  return op;
}

namespace {

std::optional<CmpOperator> comparison_operator(TokenKind kind) {
  switch (kind) {
    case TokenKind::EqEqual: return CmpOperator::Eq;
    case TokenKind::NotEqual: return CmpOperator::NotEq;
    case TokenKind::Less: return CmpOperator::Lt;
    case TokenKind::LessEqual: return CmpOperator::LtE;
    case TokenKind::Greater: return CmpOperator::Gt;
    case TokenKind::GreaterEqual: return CmpOperator::GtE;
    case TokenKind::KwIn: return CmpOperator::In;
    case TokenKind::KwIs: return CmpOperator::Is;
    case TokenKind::KwNot: return CmpOperator::NotIn;
    default: return std::nullopt;
  }
}

struct BinaryOperator {
  TokenKind token;
  Operator op;
  int level;  // 0 binds loosest ('|'), 5 tightest ('*')
};
constexpr BinaryOperator kBinaryOperators[] = {
    {TokenKind::VBar, Operator::BitOr, 0},       {TokenKind::Circumflex, Operator::BitXor, 1},
    {TokenKind::Amper, Operator::BitAnd, 2},     {TokenKind::LeftShift, Operator::LShift, 3},
    {TokenKind::RightShift, Operator::RShift, 3}, {TokenKind::Plus, Operator::Add, 4},
    {TokenKind::Minus, Operator::Sub, 4},        {TokenKind::Star, Operator::Mult, 5},
    {TokenKind::Slash, Operator::Div, 5},        {TokenKind::DoubleSlash, Operator::FloorDiv, 5},
    {TokenKind::Percent, Operator::Mod, 5},      {TokenKind::At, Operator::MatMult, 5},
};
constexpr int kFactorLevel = 6;

const BinaryOperator* binary_operator(TokenKind kind, int level) {
  for (const BinaryOperator& b : kBinaryOperators) {
    if (b.token == kind && b.level == level) return &b;
  }
  return nullptr;
}

}  // namespace

Expr* Parser::parse_comparison() {
  Expr* left = parse_binary(0);
  auto op = comparison_operator(peek().kind);
  if (!op || (*op == CmpOperator::NotIn && peek(1).kind != TokenKind::KwIn)) {
    if (at(TokenKind::LessGreater)) fail(peek(), "invalid syntax");
    return left;
  }
  Compare* c = make<Compare>(left->span);
  c->left = left;
  while ((op = comparison_operator(peek().kind))) {
    if (*op == CmpOperator::NotIn) {
      if (peek(1).kind != TokenKind::KwIn) break;
      advance();
    }
    advance();
    if (*op == CmpOperator::Is && accept(TokenKind::KwNot)) op = CmpOperator::IsNot;
    c->ops.push_back(*op);
    c->comparators.push_back(parse_binary(0));
  }
  c->span = span_from(left->span);
  return c;
}

Expr* Parser::parse_binary(int level) {
  if (level == kFactorLevel) return parse_factor();
  Expr* left = parse_binary(level + 1);
  while (const BinaryOperator* b = binary_operator(peek().kind, level)) {
    advance();
    BinOp* op = make<BinOp>(left->span);
    op->left = left;
    op->op = b->op;
    op->right = parse_binary(level + 1);
    op->span = span_from(left->span);
    left = op;
  }
  return left;
}

Expr* Parser::parse_factor() {
  UnaryOperator op;
  switch (peek().kind) {
    case TokenKind::Plus: op = UnaryOperator::UAdd; break;
    case TokenKind::Minus: op = UnaryOperator::USub; break;
    case TokenKind::Tilde: op = UnaryOperator::Invert; break;
    default: return parse_power();
  }
  Nesting nesting(*this);
  const Token& sign = advance();
  UnaryOp* u = make<UnaryOp>(sign.span);
  u->op = op;
  u->operand = parse_factor();
  u->span = span_from(sign);
  return u;
}

Expr* Parser::parse_power() {
  Expr* base;
  if (at(TokenKind::KwAwait)) {
    const Token& keyword = advance();
    Await* a = make<Await>(keyword.span);
    a->value = parse_primary();
    a->span = span_from(keyword);
    base = a;
  } else {
    base = parse_primary();
  }
  if (!at(TokenKind::DoubleStar)) return base;
  Nesting nesting(*this);  // `**` is right-associative: each one recurses
  advance();
  BinOp* op = make<BinOp>(base->span);
  op->left = base;
  op->op = Operator::Pow;
  op->right = parse_factor();
  op->span = span_from(base->span);
  return op;
}

Expr* Parser::parse_primary() {
  Expr* e = parse_atom();
  while (true) {
    if (accept(TokenKind::Dot)) {
      Attribute* a = make<Attribute>(e->span);
      a->value = e;
      a->attr = identifier(expect_name());
      a->span = span_from(e->span);
      e = a;
    } else if (at(TokenKind::LPar)) {
      e = parse_call(e);
    } else if (accept(TokenKind::LSqb)) {
      Subscript* s = make<Subscript>(e->span);
      s->value = e;
      s->slice = parse_slices();
      expect(TokenKind::RSqb);
      s->span = span_from(e->span);
      e = s;
    } else {
      return e;
    }
  }
}

Expr* Parser::parse_call(Expr* func) {
  const Token& open = expect(TokenKind::LPar);
  Call* call = make<Call>(func ? func->span : open.span);
  call->func = func;
  bool seen_keyword = false, seen_double_star = false;
  while (!at(TokenKind::RPar)) {
    const Token& start = peek();
    if (at(TokenKind::Star)) {
      if (seen_double_star) fail(start, "iterable argument unpacking follows keyword argument unpacking");
      advance();
      Starred* s = make<Starred>(start.span);
      s->value = parse_expression();
      s->span = span_from(start);
      call->args.push_back(s);
    } else if (at(TokenKind::DoubleStar)) {
      advance();
      Keyword* k = make<Keyword>(start.span);
      k->value = parse_expression();
      k->span = span_from(start);
      call->keywords.push_back(k);
      seen_double_star = true;
    } else if (at(TokenKind::Name) && peek(1).kind == TokenKind::Equal) {
      Keyword* k = make<Keyword>(start.span);
      k->arg = identifier(advance());
      advance();
      k->value = parse_expression();
      k->span = span_from(start);
      call->keywords.push_back(k);
      seen_keyword = true;
    } else {
      Expr* arg = parse_named_expression();
      if (at(TokenKind::KwFor) || (at(TokenKind::KwAsync) && peek(1).kind == TokenKind::KwFor)) {
        GeneratorExp* g = make<GeneratorExp>(arg->span);
        g->elt = arg;
        g->generators = parse_comprehension_clauses();
        g->span = span_from(open);
        bool alone = call->args.empty() && call->keywords.empty() && at(TokenKind::RPar);
        if (!alone) fail_span(g->span, "Generator expression must be parenthesized");
        arg = g;
      } else if (at(TokenKind::Equal)) {
        if (arg->kind == ExprKind::Constant) fail_span(arg->span, "cannot assign to " + std::string(expression_description(arg)));
        fail_span(arg->span, "expression cannot contain assignment, perhaps you meant \"==\"?");
      }
      if (seen_double_star) fail_span(arg->span, "positional argument follows keyword argument unpacking");
      if (seen_keyword) fail_span(arg->span, "positional argument follows keyword argument");
      call->args.push_back(arg);
    }
    if (!accept(TokenKind::Comma)) break;
  }
  expect(TokenKind::RPar);
  call->span = span_from(func ? func->span : open.span);
  return call;
}

Expr* Parser::parse_slices() {
  const Token& first_token = peek();
  Expr* first = at(TokenKind::Star) ? parse_star_expression() : parse_slice();
  if (!at(TokenKind::Comma) && first->kind != ExprKind::Starred) return first;
  Tuple* tuple = make<Tuple>(first->span);
  tuple->elts.push_back(first);
  while (accept(TokenKind::Comma)) {
    if (at(TokenKind::RSqb)) break;
    tuple->elts.push_back(at(TokenKind::Star) ? parse_star_expression() : parse_slice());
  }
  tuple->span = span_from(first_token);
  return tuple;
}

Expr* Parser::parse_slice() {
  const Token& start = peek();
  Expr* lower = nullptr;
  if (!at(TokenKind::Colon)) {
    lower = parse_named_expression();
    if (!at(TokenKind::Colon)) return lower;
  }
  advance();  // ':'
  Slice* s = make<Slice>(start.span);
  s->lower = lower;
  auto ends_part = [this] { return at(TokenKind::Colon) || at(TokenKind::Comma) || at(TokenKind::RSqb); };
  if (!ends_part()) s->upper = parse_expression();
  if (accept(TokenKind::Colon) && !ends_part()) s->step = parse_expression();
  s->span = span_from(start);
  return s;
}

List<Comprehension> Parser::parse_comprehension_clauses() {
  List<Comprehension> clauses;
  while (at(TokenKind::KwFor) || (at(TokenKind::KwAsync) && peek(1).kind == TokenKind::KwFor)) {
    const Token& start = peek();
    Comprehension* c = make<Comprehension>(start.span);
    c->is_async = accept(TokenKind::KwAsync) ? 1 : 0;
    expect(TokenKind::KwFor);
    c->target = parse_star_targets();
    expect(TokenKind::KwIn);
    c->iter = parse_disjunction();
    while (accept(TokenKind::KwIf)) c->ifs.push_back(parse_disjunction());
    c->span = span_from(start);
    clauses.push_back(c);
  }
  return clauses;
}

// ---- atoms ---------------------------------------------------------------------------------------

Expr* Parser::parse_atom() {
  const Token& t = peek();
  auto constant = [&](ConstantValue::Kind kind) {
    advance();
    Constant* c = make<Constant>(t.span);
    c->value.kind = kind;
    return c;
  };
  switch (t.kind) {
    case TokenKind::Name: {
      advance();
      Name* n = make<Name>(t.span);
      n->id = identifier(t);
      return n;
    }
    case TokenKind::Number:
      advance();
      return parse_number(t);
    case TokenKind::String:
      return parse_strings();
    case TokenKind::KwNone: return constant(ConstantValue::Kind::None);
    case TokenKind::KwTrue: return constant(ConstantValue::Kind::True);
    case TokenKind::KwFalse: return constant(ConstantValue::Kind::False);
    case TokenKind::Ellipsis: return constant(ConstantValue::Kind::Ellipsis);
    case TokenKind::LPar: return parse_paren_atom();
    case TokenKind::LSqb: return parse_list_atom();
    case TokenKind::LBrace: return parse_brace_atom();
    default:
      fail_here();
  }
}

Expr* Parser::parse_paren_atom() {
  Nesting nesting(*this);
  const Token& open = expect(TokenKind::LPar);
  if (accept(TokenKind::RPar)) return make<Tuple>(span_from(open));
  if (at(TokenKind::KwYield)) {
    Expr* y = parse_yield_expression();
    expect(TokenKind::RPar);
    return y;
  }
  Expr* first = parse_star_named_expression();
  if (at(TokenKind::KwFor) || (at(TokenKind::KwAsync) && peek(1).kind == TokenKind::KwFor)) {
    if (first->kind == ExprKind::Starred) fail_span(first->span, "iterable unpacking cannot be used in comprehension");
    GeneratorExp* g = make<GeneratorExp>(open.span);
    g->elt = first;
    g->generators = parse_comprehension_clauses();
    expect(TokenKind::RPar);
    g->span = span_from(open);
    return g;
  }
  if (accept(TokenKind::Comma)) {
    Tuple* tuple = make<Tuple>(open.span);
    tuple->elts.push_back(first);
    for (Expr* e : parse_comma_items(TokenKind::RPar, &Parser::parse_star_named_expression)) tuple->elts.push_back(e);
    expect(TokenKind::RPar);
    tuple->span = span_from(open);
    return tuple;
  }
  expect(TokenKind::RPar);
  if (first->kind == ExprKind::Starred) fail_span(first->span, "cannot use starred expression here");
  return first;
}

Expr* Parser::parse_list_atom() {
  Nesting nesting(*this);
  const Token& open = expect(TokenKind::LSqb);
  if (accept(TokenKind::RSqb)) return make<ListExpr>(span_from(open));
  Expr* first = parse_star_named_expression();
  if (at(TokenKind::KwFor) || (at(TokenKind::KwAsync) && peek(1).kind == TokenKind::KwFor)) {
    if (first->kind == ExprKind::Starred) fail_span(first->span, "iterable unpacking cannot be used in comprehension");
    ListComp* c = make<ListComp>(open.span);
    c->elt = first;
    c->generators = parse_comprehension_clauses();
    expect(TokenKind::RSqb);
    c->span = span_from(open);
    return c;
  }
  ListExpr* list = make<ListExpr>(open.span);
  list->elts.push_back(first);
  if (accept(TokenKind::Comma)) {
    for (Expr* e : parse_comma_items(TokenKind::RSqb, &Parser::parse_star_named_expression)) list->elts.push_back(e);
  }
  expect(TokenKind::RSqb);
  list->span = span_from(open);
  return list;
}

Expr* Parser::parse_brace_atom() {
  Nesting nesting(*this);
  const Token& open = expect(TokenKind::LBrace);
  if (accept(TokenKind::RBrace)) return make<Dict>(span_from(open));
  Dict* dict = nullptr;
  Expr* first = nullptr;
  if (accept(TokenKind::DoubleStar)) {
    dict = make<Dict>(open.span);
    dict->keys.push_back(nullptr);
    dict->values.push_back(parse_binary(0));
  } else {
    // A dict key is an `expression`; an unparenthesized `name := value` can only start a set.
    const bool named = at(TokenKind::Name) && peek(1).kind == TokenKind::ColonEqual;
    first = parse_star_named_expression();
    if (first->kind != ExprKind::Starred && !named && accept(TokenKind::Colon)) {
      Expr* value = parse_expression();
      if (at(TokenKind::KwFor) || (at(TokenKind::KwAsync) && peek(1).kind == TokenKind::KwFor)) {
        DictComp* c = make<DictComp>(open.span);
        c->key = first;
        c->value = value;
        c->generators = parse_comprehension_clauses();
        expect(TokenKind::RBrace);
        c->span = span_from(open);
        return c;
      }
      dict = make<Dict>(open.span);
      dict->keys.push_back(first);
      dict->values.push_back(value);
    }
  }
  if (dict) {
    while (accept(TokenKind::Comma) && !at(TokenKind::RBrace)) {
      if (accept(TokenKind::DoubleStar)) {
        dict->keys.push_back(nullptr);
        dict->values.push_back(parse_binary(0));
        continue;
      }
      dict->keys.push_back(parse_expression());
      expect(TokenKind::Colon, "':' expected after dictionary key");
      dict->values.push_back(parse_expression());
    }
    expect(TokenKind::RBrace);
    dict->span = span_from(open);
    return dict;
  }
  if (at(TokenKind::KwFor) || (at(TokenKind::KwAsync) && peek(1).kind == TokenKind::KwFor)) {
    if (first->kind == ExprKind::Starred) fail_span(first->span, "iterable unpacking cannot be used in comprehension");
    SetComp* c = make<SetComp>(open.span);
    c->elt = first;
    c->generators = parse_comprehension_clauses();
    expect(TokenKind::RBrace);
    c->span = span_from(open);
    return c;
  }
  Set* set = make<Set>(open.span);
  set->elts.push_back(first);
  if (accept(TokenKind::Comma)) {
    for (Expr* e : parse_comma_items(TokenKind::RBrace, &Parser::parse_star_named_expression)) set->elts.push_back(e);
  }
  expect(TokenKind::RBrace);
  set->span = span_from(open);
  return set;
}

Expr* Parser::parse_number(const Token& t) {
  std::string digits;
  for (char c : text_of(t)) {
    if (c != '_') digits += c;
  }
  Constant* c = make<Constant>(t.span);
  const char last = static_cast<char>(digits.back() | 0x20);
  const bool prefixed = digits.size() > 2 && digits[0] == '0' && std::strchr("xXoObB", digits[1]);
  if (last == 'j') {
    c->value.kind = ConstantValue::Kind::Complex;
    digits.pop_back();
    c->value.number = std::strtod(digits.c_str(), nullptr);
  } else if (prefixed) {
    const char base = static_cast<char>(digits[1] | 0x20);
    c->value.kind = ConstantValue::Kind::Int;
    c->value.text = arena_.copy(runtime::int_literal_to_decimal(std::string_view(digits).substr(2),
                                                                base == 'x' ? 16 : base == 'o' ? 8 : 2));
  } else if (digits.find_first_of(".eE") != std::string::npos) {
    c->value.kind = ConstantValue::Kind::Float;
    c->value.number = std::strtod(digits.c_str(), nullptr);
  } else {
    c->value.kind = ConstantValue::Kind::Int;
    std::size_t nonzero = digits.find_first_not_of('0');
    c->value.text = nonzero == std::string::npos ? std::string_view("0") : arena_.copy(std::string_view(digits).substr(nonzero));
  }
  return c;
}

}  // namespace kiln::parse
