// Assignment and deletion targets: parsed as expressions, then checked and given their context.
#include "compiler/parse/parser.h"

namespace kiln::parse {

using namespace kiln::ast;

std::string_view expression_description(const Expr* e) {
  switch (e->kind) {
    case ExprKind::Attribute: return "attribute";
    case ExprKind::Subscript: return "subscript";
    case ExprKind::Starred: return "starred";
    case ExprKind::Name: return "name";
    case ExprKind::List: return "list";
    case ExprKind::Tuple: return "tuple";
    case ExprKind::Lambda: return "lambda";
    case ExprKind::Call: return "function call";
    case ExprKind::BoolOp:
    case ExprKind::BinOp:
    case ExprKind::UnaryOp: return "expression";
    case ExprKind::GeneratorExp: return "generator expression";
    case ExprKind::Yield:
    case ExprKind::YieldFrom: return "yield expression";
    case ExprKind::Await: return "await expression";
    case ExprKind::ListComp: return "list comprehension";
    case ExprKind::SetComp: return "set comprehension";
    case ExprKind::DictComp: return "dict comprehension";
    case ExprKind::Dict: return "dict literal";
    case ExprKind::Set: return "set display";
    case ExprKind::JoinedStr:
    case ExprKind::FormattedValue: return "f-string expression";
    case ExprKind::Compare: return "comparison";
    case ExprKind::IfExp: return "conditional expression";
    case ExprKind::NamedExpr: return "named expression";
    case ExprKind::Slice: return "slice";
    case ExprKind::Constant:
      switch (static_cast<const Constant*>(e)->value.kind) {
        case ConstantValue::Kind::None: return "None";
        case ConstantValue::Kind::True: return "True";
        case ConstantValue::Kind::False: return "False";
        case ConstantValue::Kind::Ellipsis: return "ellipsis";
        default: return "literal";
      }
  }
  return "expression";
}

void Parser::set_context(Expr* target, Ctx ctx, const char* verb) {
  switch (target->kind) {
    case ExprKind::Name:
      static_cast<Name*>(target)->ctx = ctx;
      return;
    case ExprKind::Attribute:
      static_cast<Attribute*>(target)->ctx = ctx;
      return;
    case ExprKind::Subscript:
      static_cast<Subscript*>(target)->ctx = ctx;
      return;
    case ExprKind::Starred: {
      auto* s = static_cast<Starred*>(target);
      if (ctx == Ctx::Del) fail_span(target->span, "cannot delete starred");
      s->ctx = ctx;
      set_context(s->value, ctx, verb);
      return;
    }
    case ExprKind::Tuple: {
      auto* t = static_cast<Tuple*>(target);
      t->ctx = ctx;
      for (Expr* e : t->elts) set_context(e, ctx, verb);
      return;
    }
    case ExprKind::List: {
      auto* l = static_cast<ListExpr*>(target);
      l->ctx = ctx;
      for (Expr* e : l->elts) set_context(e, ctx, verb);
      return;
    }
    default:
      fail_span(target->span, std::string("cannot ") + verb + " " + std::string(expression_description(target)));
  }
}

Expr* Parser::parse_single_star_target() {
  if (!at(TokenKind::Star)) return parse_binary(0);
  Nesting nesting(*this);
  const Token& star = advance();
  Starred* s = make<Starred>(star.span);
  s->value = parse_single_star_target();
  s->span = span_from(star);
  return s;
}

Expr* Parser::parse_star_targets() {
  Expr* target = parse_tuple_rest(parse_single_star_target(), &Parser::parse_single_star_target);
  set_context(target, Ctx::Store, "assign to");
  return target;
}

}  // namespace kiln::parse
