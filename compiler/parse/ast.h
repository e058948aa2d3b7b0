// Python's abstract syntax tree, node for node and field for field as CPython 3.11's `ast` module
// defines it (Parser/Python.asdl), so `dump()` can print exactly what `ast.dump` prints.
//
// Every node type lists its fields once, in `fields(f)`, in CPython's `_fields` order; the dumper
// and later stages walk the tree through that one list. A null pointer or an empty optional is
// Python's None. Nodes live in the Module's arena; identifiers and string data point into it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "compiler/diagnostics/source.h"
#include "compiler/parse/arena.h"

namespace kiln::ast {

using diag::Span;
using Identifier = std::string_view;
using OptIdentifier = std::optional<std::string_view>;

enum class Ctx : uint8_t { Load, Store, Del };
enum class BoolOperator : uint8_t { And, Or };
enum class Operator : uint8_t { Add, Sub, Mult, MatMult, Div, Mod, Pow, LShift, RShift, BitOr, BitXor, BitAnd, FloorDiv };
enum class UnaryOperator : uint8_t { Invert, Not, UAdd, USub };
enum class CmpOperator : uint8_t { Eq, NotEq, Lt, LtE, Gt, GtE, Is, IsNot, In, NotIn };

// A literal's value. Integers keep their decimal digits (Python ints are unbounded); strings are
// UTF-8 (lone surrogates in their 3-byte form); bytes are raw.
struct ConstantValue {
  enum class Kind : uint8_t { None, True, False, Ellipsis, Int, Float, Complex, Str, Bytes };
  Kind kind = Kind::None;
  std::string_view text;  // Int: decimal digits; Str/Bytes: the value
  double number = 0;      // Float: the value; Complex: the imaginary part
};

// ---- Node kinds ---------------------------------------------------------------------------------
#define KILN_AST_EXPRS(X)                                                                           \
  X(BoolOp) X(NamedExpr) X(BinOp) X(UnaryOp) X(Lambda) X(IfExp) X(Dict) X(Set) X(ListComp) X(SetComp) \
  X(DictComp) X(GeneratorExp) X(Await) X(Yield) X(YieldFrom) X(Compare) X(Call) X(FormattedValue)    \
  X(JoinedStr) X(Constant) X(Attribute) X(Subscript) X(Starred) X(Name) X(List) X(Tuple) X(Slice)
#define KILN_AST_STMTS(X)                                                                             \
  X(FunctionDef) X(AsyncFunctionDef) X(ClassDef) X(Return) X(Delete) X(Assign) X(AugAssign) X(AnnAssign) \
  X(For) X(AsyncFor) X(While) X(If) X(With) X(AsyncWith) X(Match) X(Raise) X(Try) X(TryStar) X(Assert)  \
  X(Import) X(ImportFrom) X(Global) X(Nonlocal) X(ExprStmt) X(Pass) X(Break) X(Continue)
#define KILN_AST_PATTERNS(X) \
  X(MatchValue) X(MatchSingleton) X(MatchSequence) X(MatchMapping) X(MatchClass) X(MatchStar) X(MatchAs) X(MatchOr)

#define KILN_AST_ENUM_ENTRY(name) name,
enum class ExprKind : uint8_t { KILN_AST_EXPRS(KILN_AST_ENUM_ENTRY) };
enum class StmtKind : uint8_t { KILN_AST_STMTS(KILN_AST_ENUM_ENTRY) };
enum class PatternKind : uint8_t { KILN_AST_PATTERNS(KILN_AST_ENUM_ENTRY) };
#undef KILN_AST_ENUM_ENTRY

struct Node {
  Span span;
};
struct Expr : Node {
  ExprKind kind;
};
struct Stmt : Node {
  StmtKind kind;
};
struct Pattern : Node {
  PatternKind kind;
};

template <class T>
using List = std::vector<T*>;
using Body = List<Stmt>;

// ---- Helper nodes (no kind enum: their place in the tree fixes their type) -----------------------
struct Arg : Node {
  static constexpr std::string_view kName = "arg";
  Identifier arg;
  Expr* annotation = nullptr;
  template <class F> void fields(F&& f) const { f("arg", arg); f("annotation", annotation); }
};
struct Arguments : Node {  // carries no position in CPython; `span` is ours
  static constexpr std::string_view kName = "arguments";
  List<Arg> posonlyargs, args;
  Arg* vararg = nullptr;
  List<Arg> kwonlyargs;
  List<Expr> kw_defaults;  // null entries: keyword-only parameters without a default
  Arg* kwarg = nullptr;
  List<Expr> defaults;
  template <class F> void fields(F&& f) const {
    f("posonlyargs", posonlyargs); f("args", args); f("vararg", vararg); f("kwonlyargs", kwonlyargs);
    f("kw_defaults", kw_defaults); f("kwarg", kwarg); f("defaults", defaults);
  }
};
struct Keyword : Node {
  static constexpr std::string_view kName = "keyword";
  OptIdentifier arg;  // None for **kwargs
  Expr* value = nullptr;
  template <class F> void fields(F&& f) const { f("arg", arg); f("value", value); }
};
struct Alias : Node {
  static constexpr std::string_view kName = "alias";
  Identifier name;
  OptIdentifier asname;
  template <class F> void fields(F&& f) const { f("name", name); f("asname", asname); }
};
struct WithItem : Node {
  static constexpr std::string_view kName = "withitem";
  Expr* context_expr = nullptr;
  Expr* optional_vars = nullptr;
  template <class F> void fields(F&& f) const { f("context_expr", context_expr); f("optional_vars", optional_vars); }
};
struct Comprehension : Node {
  static constexpr std::string_view kName = "comprehension";
  Expr* target = nullptr;
  Expr* iter = nullptr;
  List<Expr> ifs;
  int is_async = 0;
  template <class F> void fields(F&& f) const {
    f("target", target); f("iter", iter); f("ifs", ifs); f("is_async", is_async);
  }
};
struct ExceptHandler : Node {
  static constexpr std::string_view kName = "ExceptHandler";
  Expr* type = nullptr;
  OptIdentifier name;
  Body body;
  template <class F> void fields(F&& f) const { f("type", type); f("name", name); f("body", body); }
};
struct MatchCase : Node {
  static constexpr std::string_view kName = "match_case";
  Pattern* pattern = nullptr;
  Expr* guard = nullptr;
  Body body;
  template <class F> void fields(F&& f) const { f("pattern", pattern); f("guard", guard); f("body", body); }
};

// ---- Expressions ---------------------------------------------------------------------------------
#define KILN_AST_NODE(Base, KindEnum, Name, PyName) \
  static constexpr KindEnum kKind = KindEnum::Name;  \
  static constexpr std::string_view kName = PyName;
#define KILN_EXPR(Name) KILN_AST_NODE(Expr, ExprKind, Name, #Name)

struct BoolOp : Expr {
  KILN_EXPR(BoolOp)
  BoolOperator op;
  List<Expr> values;
  template <class F> void fields(F&& f) const { f("op", op); f("values", values); }
};
struct NamedExpr : Expr {
  KILN_EXPR(NamedExpr)
  Expr* target = nullptr;
  Expr* value = nullptr;
  template <class F> void fields(F&& f) const { f("target", target); f("value", value); }
};
struct BinOp : Expr {
  KILN_EXPR(BinOp)
  Expr* left = nullptr;
  Operator op;
  Expr* right = nullptr;
  template <class F> void fields(F&& f) const { f("left", left); f("op", op); f("right", right); }
};
struct UnaryOp : Expr {
  KILN_EXPR(UnaryOp)
  UnaryOperator op;
  Expr* operand = nullptr;
  template <class F> void fields(F&& f) const { f("op", op); f("operand", operand); }
};
struct Lambda : Expr {
  KILN_EXPR(Lambda)
  Arguments* args = nullptr;
  Expr* body = nullptr;
  template <class F> void fields(F&& f) const { f("args", args); f("body", body); }
};
struct IfExp : Expr {
  KILN_EXPR(IfExp)
  Expr* test = nullptr;
  Expr* body = nullptr;
  Expr* orelse = nullptr;
  template <class F> void fields(F&& f) const { f("test", test); f("body", body); f("orelse", orelse); }
};
struct Dict : Expr {
  KILN_EXPR(Dict)
  List<Expr> keys;  // null key: a `**mapping` entry
  List<Expr> values;
  template <class F> void fields(F&& f) const { f("keys", keys); f("values", values); }
};
struct Set : Expr {
  KILN_EXPR(Set)
  List<Expr> elts;
  template <class F> void fields(F&& f) const { f("elts", elts); }
};
struct ListComp : Expr {
  KILN_EXPR(ListComp)
  Expr* elt = nullptr;
  List<Comprehension> generators;
  template <class F> void fields(F&& f) const { f("elt", elt); f("generators", generators); }
};
struct SetComp : Expr {
  KILN_EXPR(SetComp)
  Expr* elt = nullptr;
  List<Comprehension> generators;
  template <class F> void fields(F&& f) const { f("elt", elt); f("generators", generators); }
};
struct DictComp : Expr {
  KILN_EXPR(DictComp)
  Expr* key = nullptr;
  Expr* value = nullptr;
  List<Comprehension> generators;
  template <class F> void fields(F&& f) const { f("key", key); f("value", value); f("generators", generators); }
};
struct GeneratorExp : Expr {
  KILN_EXPR(GeneratorExp)
  Expr* elt = nullptr;
  List<Comprehension> generators;
  template <class F> void fields(F&& f) const { f("elt", elt); f("generators", generators); }
};
struct Await : Expr {
  KILN_EXPR(Await)
  Expr* value = nullptr;
  template <class F> void fields(F&& f) const { f("value", value); }
};
struct Yield : Expr {
  KILN_EXPR(Yield)
  Expr* value = nullptr;
  template <class F> void fields(F&& f) const { f("value", value); }
};
struct YieldFrom : Expr {
  KILN_EXPR(YieldFrom)
  Expr* value = nullptr;
  template <class F> void fields(F&& f) const { f("value", value); }
};
struct Compare : Expr {
  KILN_EXPR(Compare)
  Expr* left = nullptr;
  std::vector<CmpOperator> ops;
  List<Expr> comparators;
  template <class F> void fields(F&& f) const { f("left", left); f("ops", ops); f("comparators", comparators); }
};
struct Call : Expr {
  KILN_EXPR(Call)
  Expr* func = nullptr;
  List<Expr> args;
  List<Keyword> keywords;
  template <class F> void fields(F&& f) const { f("func", func); f("args", args); f("keywords", keywords); }
};
struct FormattedValue : Expr {
  KILN_EXPR(FormattedValue)
  Expr* value = nullptr;
  int conversion = -1;  // -1, or the code of 's', 'r', 'a'
  Expr* format_spec = nullptr;
  template <class F> void fields(F&& f) const {
    f("value", value); f("conversion", conversion); f("format_spec", format_spec);
  }
};
struct JoinedStr : Expr {
  KILN_EXPR(JoinedStr)
  List<Expr> values;
  template <class F> void fields(F&& f) const { f("values", values); }
};
struct Constant : Expr {
  KILN_EXPR(Constant)
  ConstantValue value;
  OptIdentifier string_kind;  // "u" for u-prefixed strings
  template <class F> void fields(F&& f) const { f("value", value); f("kind", string_kind); }
};
struct Attribute : Expr {
  KILN_EXPR(Attribute)
  Expr* value = nullptr;
  Identifier attr;
  Ctx ctx = Ctx::Load;
  template <class F> void fields(F&& f) const { f("value", value); f("attr", attr); f("ctx", ctx); }
};
struct Subscript : Expr {
  KILN_EXPR(Subscript)
  Expr* value = nullptr;
  Expr* slice = nullptr;
  Ctx ctx = Ctx::Load;
  template <class F> void fields(F&& f) const { f("value", value); f("slice", slice); f("ctx", ctx); }
};
struct Starred : Expr {
  KILN_EXPR(Starred)
  Expr* value = nullptr;
  Ctx ctx = Ctx::Load;
  template <class F> void fields(F&& f) const { f("value", value); f("ctx", ctx); }
};
struct Name : Expr {
  KILN_EXPR(Name)
  Identifier id;
  Ctx ctx = Ctx::Load;
  template <class F> void fields(F&& f) const { f("id", id); f("ctx", ctx); }
};
struct ListExpr : Expr {
  KILN_AST_NODE(Expr, ExprKind, List, "List")
  List<Expr> elts;
  Ctx ctx = Ctx::Load;
  template <class F> void fields(F&& f) const { f("elts", elts); f("ctx", ctx); }
};
struct Tuple : Expr {
  KILN_EXPR(Tuple)
  List<Expr> elts;
  Ctx ctx = Ctx::Load;
  template <class F> void fields(F&& f) const { f("elts", elts); f("ctx", ctx); }
};
struct Slice : Expr {
  KILN_EXPR(Slice)
  Expr* lower = nullptr;
  Expr* upper = nullptr;
  Expr* step = nullptr;
  template <class F> void fields(F&& f) const { f("lower", lower); f("upper", upper); f("step", step); }
};
#undef KILN_EXPR

// ---- Statements ----------------------------------------------------------------------------------
#define KILN_STMT(Name) KILN_AST_NODE(Stmt, StmtKind, Name, #Name)

struct FunctionDef : Stmt {  // also AsyncFunctionDef, told apart by `kind`
  KILN_STMT(FunctionDef)
  Identifier name;
  Arguments* args = nullptr;
  Body body;
  List<Expr> decorator_list;
  Expr* returns = nullptr;
  template <class F> void fields(F&& f) const {
    f("name", name); f("args", args); f("body", body); f("decorator_list", decorator_list); f("returns", returns);
  }
};
struct ClassDef : Stmt {
  KILN_STMT(ClassDef)
  Identifier name;
  List<Expr> bases;
  List<Keyword> keywords;
  Body body;
  List<Expr> decorator_list;
  template <class F> void fields(F&& f) const {
    f("name", name); f("bases", bases); f("keywords", keywords); f("body", body); f("decorator_list", decorator_list);
  }
};
struct Return : Stmt {
  KILN_STMT(Return)
  Expr* value = nullptr;
  template <class F> void fields(F&& f) const { f("value", value); }
};
struct Delete : Stmt {
  KILN_STMT(Delete)
  List<Expr> targets;
  template <class F> void fields(F&& f) const { f("targets", targets); }
};
struct Assign : Stmt {
  KILN_STMT(Assign)
  List<Expr> targets;
  Expr* value = nullptr;
  template <class F> void fields(F&& f) const { f("targets", targets); f("value", value); }
};
struct AugAssign : Stmt {
  KILN_STMT(AugAssign)
  Expr* target = nullptr;
  Operator op;
  Expr* value = nullptr;
  template <class F> void fields(F&& f) const { f("target", target); f("op", op); f("value", value); }
};
struct AnnAssign : Stmt {
  KILN_STMT(AnnAssign)
  Expr* target = nullptr;
  Expr* annotation = nullptr;
  Expr* value = nullptr;
  int simple = 0;  // 1 for a bare name target
  template <class F> void fields(F&& f) const {
    f("target", target); f("annotation", annotation); f("value", value); f("simple", simple);
  }
};
struct For : Stmt {  // also AsyncFor
  KILN_STMT(For)
  Expr* target = nullptr;
  Expr* iter = nullptr;
  Body body, orelse;
  template <class F> void fields(F&& f) const {
    f("target", target); f("iter", iter); f("body", body); f("orelse", orelse);
  }
};
struct While : Stmt {
  KILN_STMT(While)
  Expr* test = nullptr;
  Body body, orelse;
  template <class F> void fields(F&& f) const { f("test", test); f("body", body); f("orelse", orelse); }
};
struct If : Stmt {
  KILN_STMT(If)
  Expr* test = nullptr;
  Body body, orelse;
  template <class F> void fields(F&& f) const { f("test", test); f("body", body); f("orelse", orelse); }
};
struct With : Stmt {  // also AsyncWith
  KILN_STMT(With)
  List<WithItem> items;
  Body body;
  template <class F> void fields(F&& f) const { f("items", items); f("body", body); }
};
struct Match : Stmt {
  KILN_STMT(Match)
  Expr* subject = nullptr;
  List<MatchCase> cases;
  template <class F> void fields(F&& f) const { f("subject", subject); f("cases", cases); }
};
struct Raise : Stmt {
  KILN_STMT(Raise)
  Expr* exc = nullptr;
  Expr* cause = nullptr;
  template <class F> void fields(F&& f) const { f("exc", exc); f("cause", cause); }
};
struct Try : Stmt {  // also TryStar
  KILN_STMT(Try)
  Body body;
  List<ExceptHandler> handlers;
  Body orelse, finalbody;
  template <class F> void fields(F&& f) const {
    f("body", body); f("handlers", handlers); f("orelse", orelse); f("finalbody", finalbody);
  }
};
struct Assert : Stmt {
  KILN_STMT(Assert)
  Expr* test = nullptr;
  Expr* msg = nullptr;
  template <class F> void fields(F&& f) const { f("test", test); f("msg", msg); }
};
struct Import : Stmt {
  KILN_STMT(Import)
  List<Alias> names;
  template <class F> void fields(F&& f) const { f("names", names); }
};
struct ImportFrom : Stmt {
  KILN_STMT(ImportFrom)
  OptIdentifier module;
  List<Alias> names;
  int level = 0;
  template <class F> void fields(F&& f) const { f("module", module); f("names", names); f("level", level); }
};
struct Global : Stmt {  // also Nonlocal
  KILN_STMT(Global)
  std::vector<Identifier> names;
  template <class F> void fields(F&& f) const { f("names", names); }
};
struct ExprStmt : Stmt {
  KILN_AST_NODE(Stmt, StmtKind, ExprStmt, "Expr")
  Expr* value = nullptr;
  template <class F> void fields(F&& f) const { f("value", value); }
};
struct Pass : Stmt {  // also Break, Continue
  KILN_STMT(Pass)
  template <class F> void fields(F&&) const {}
};
#undef KILN_STMT

// ---- Patterns ------------------------------------------------------------------------------------
#define KILN_PATTERN(Name) KILN_AST_NODE(Pattern, PatternKind, Name, #Name)

struct MatchValue : Pattern {
  KILN_PATTERN(MatchValue)
  Expr* value = nullptr;
  template <class F> void fields(F&& f) const { f("value", value); }
};
struct MatchSingleton : Pattern {
  KILN_PATTERN(MatchSingleton)
  ConstantValue value;
  template <class F> void fields(F&& f) const { f("value", value); }
};
struct MatchSequence : Pattern {
  KILN_PATTERN(MatchSequence)
  List<Pattern> patterns;
  template <class F> void fields(F&& f) const { f("patterns", patterns); }
};
struct MatchMapping : Pattern {
  KILN_PATTERN(MatchMapping)
  List<Expr> keys;
  List<Pattern> patterns;
  OptIdentifier rest;
  template <class F> void fields(F&& f) const { f("keys", keys); f("patterns", patterns); f("rest", rest); }
};
struct MatchClass : Pattern {
  KILN_PATTERN(MatchClass)
  Expr* cls = nullptr;
  List<Pattern> patterns;
  std::vector<Identifier> kwd_attrs;
  List<Pattern> kwd_patterns;
  template <class F> void fields(F&& f) const {
    f("cls", cls); f("patterns", patterns); f("kwd_attrs", kwd_attrs); f("kwd_patterns", kwd_patterns);
  }
};
struct MatchStar : Pattern {
  KILN_PATTERN(MatchStar)
  OptIdentifier name;
  template <class F> void fields(F&& f) const { f("name", name); }
};
struct MatchAs : Pattern {
  KILN_PATTERN(MatchAs)
  Pattern* pattern = nullptr;
  OptIdentifier name;
  template <class F> void fields(F&& f) const { f("pattern", pattern); f("name", name); }
};
struct MatchOr : Pattern {
  KILN_PATTERN(MatchOr)
  List<Pattern> patterns;
  template <class F> void fields(F&& f) const { f("patterns", patterns); }
};
#undef KILN_PATTERN
#undef KILN_AST_NODE

// ---- The module ----------------------------------------------------------------------------------
struct Module {
  static constexpr std::string_view kName = "Module";
  parse::Arena arena;
  Body body;
  template <class F> void fields(F&& f) const {
    f("body", body);
    f("type_ignores", std::vector<Identifier>{});  // type comments are off: always empty
  }
};

// Some node kinds share one C++ type (FunctionDef/AsyncFunctionDef, For/AsyncFor, With/AsyncWith,
// Try/TryStar, Global/Nonlocal, Pass/Break/Continue); the kind tells them apart.
std::string_view python_name(StmtKind kind);

// Calls `f(static_cast<const T&>(node))` with the node's concrete type.
template <class F> decltype(auto) visit(const Expr& e, F&& f);
template <class F> decltype(auto) visit(const Stmt& s, F&& f);
template <class F> decltype(auto) visit(const Pattern& p, F&& f);

// The C++ type of each kind, for `visit`.
template <ExprKind K> struct ExprType;
template <StmtKind K> struct StmtType;
template <PatternKind K> struct PatternType;
#define KILN_AST_MAP(Kind, Type) template <> struct Kind##Type<Kind::K> { using type = Type; };
// clang-format off
template <> struct ExprType<ExprKind::List> { using type = ListExpr; };
#define KILN_AST_EXPR_TYPE(N) template <> struct ExprType<ExprKind::N> { using type = N; };
KILN_AST_EXPR_TYPE(BoolOp) KILN_AST_EXPR_TYPE(NamedExpr) KILN_AST_EXPR_TYPE(BinOp) KILN_AST_EXPR_TYPE(UnaryOp)
KILN_AST_EXPR_TYPE(Lambda) KILN_AST_EXPR_TYPE(IfExp) KILN_AST_EXPR_TYPE(Dict) KILN_AST_EXPR_TYPE(Set)
KILN_AST_EXPR_TYPE(ListComp) KILN_AST_EXPR_TYPE(SetComp) KILN_AST_EXPR_TYPE(DictComp)
KILN_AST_EXPR_TYPE(GeneratorExp) KILN_AST_EXPR_TYPE(Await) KILN_AST_EXPR_TYPE(Yield)
KILN_AST_EXPR_TYPE(YieldFrom) KILN_AST_EXPR_TYPE(Compare) KILN_AST_EXPR_TYPE(Call)
KILN_AST_EXPR_TYPE(FormattedValue) KILN_AST_EXPR_TYPE(JoinedStr) KILN_AST_EXPR_TYPE(Constant)
KILN_AST_EXPR_TYPE(Attribute) KILN_AST_EXPR_TYPE(Subscript) KILN_AST_EXPR_TYPE(Starred) KILN_AST_EXPR_TYPE(Name)
KILN_AST_EXPR_TYPE(Tuple) KILN_AST_EXPR_TYPE(Slice)
#undef KILN_AST_EXPR_TYPE
#define KILN_AST_STMT_TYPE(K, T) template <> struct StmtType<StmtKind::K> { using type = T; };
KILN_AST_STMT_TYPE(FunctionDef, FunctionDef) KILN_AST_STMT_TYPE(AsyncFunctionDef, FunctionDef)
KILN_AST_STMT_TYPE(ClassDef, ClassDef) KILN_AST_STMT_TYPE(Return, Return) KILN_AST_STMT_TYPE(Delete, Delete)
KILN_AST_STMT_TYPE(Assign, Assign) KILN_AST_STMT_TYPE(AugAssign, AugAssign) KILN_AST_STMT_TYPE(AnnAssign, AnnAssign)
KILN_AST_STMT_TYPE(For, For) KILN_AST_STMT_TYPE(AsyncFor, For) KILN_AST_STMT_TYPE(While, While)
KILN_AST_STMT_TYPE(If, If) KILN_AST_STMT_TYPE(With, With) KILN_AST_STMT_TYPE(AsyncWith, With)
KILN_AST_STMT_TYPE(Match, Match) KILN_AST_STMT_TYPE(Raise, Raise) KILN_AST_STMT_TYPE(Try, Try)
KILN_AST_STMT_TYPE(TryStar, Try) KILN_AST_STMT_TYPE(Assert, Assert) KILN_AST_STMT_TYPE(Import, Import)
KILN_AST_STMT_TYPE(ImportFrom, ImportFrom) KILN_AST_STMT_TYPE(Global, Global) KILN_AST_STMT_TYPE(Nonlocal, Global)
KILN_AST_STMT_TYPE(ExprStmt, ExprStmt) KILN_AST_STMT_TYPE(Pass, Pass) KILN_AST_STMT_TYPE(Break, Pass)
KILN_AST_STMT_TYPE(Continue, Pass)
#undef KILN_AST_STMT_TYPE
#define KILN_AST_PATTERN_TYPE(N) template <> struct PatternType<PatternKind::N> { using type = N; };
KILN_AST_PATTERNS(KILN_AST_PATTERN_TYPE)
#undef KILN_AST_PATTERN_TYPE
// clang-format on
#undef KILN_AST_MAP

template <class F>
decltype(auto) visit(const Expr& e, F&& f) {
  switch (e.kind) {
#define KILN_AST_CASE(N) \
  case ExprKind::N:      \
    return f(static_cast<const ExprType<ExprKind::N>::type&>(e));
    KILN_AST_EXPRS(KILN_AST_CASE)
#undef KILN_AST_CASE
  }
  __builtin_unreachable();
}
template <class F>
decltype(auto) visit(const Stmt& s, F&& f) {
  switch (s.kind) {
#define KILN_AST_CASE(N) \
  case StmtKind::N:      \
    return f(static_cast<const StmtType<StmtKind::N>::type&>(s));
    KILN_AST_STMTS(KILN_AST_CASE)
#undef KILN_AST_CASE
  }
  __builtin_unreachable();
}
template <class F>
decltype(auto) visit(const Pattern& p, F&& f) {
  switch (p.kind) {
#define KILN_AST_CASE(N) \
  case PatternKind::N:   \
    return f(static_cast<const PatternType<PatternKind::N>::type&>(p));
    KILN_AST_PATTERNS(KILN_AST_CASE)
#undef KILN_AST_CASE
  }
  __builtin_unreachable();
}

}  // namespace kiln::ast
