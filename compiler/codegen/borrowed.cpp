#include "compiler/codegen/borrowed.h"

#include <algorithm>
#include <map>
#include <vector>

#include "compiler/types/propagate.h"

namespace kiln::codegen {
namespace {

constexpr std::string_view kStrips[] = {"kiln::rt::str::strip(", "kiln::rt::str::lstrip(",
                                        "kiln::rt::str::rstrip("};

bool is_strip(const ir::Expr& e) {
  return e.kind == ir::ExprKind::Op && std::any_of(std::begin(kStrips), std::end(kStrips),
                                                   [&](std::string_view p) { return e.cpp.starts_with(p); });
}

// A dict with str keys, which it looks up by view (hash.h's Lookup).
bool is_str_keyed_dict(const ir::Expr& e) {
  return e.type && e.type->kind == types::Kind::Dict && e.type->args[0]->kind == types::Kind::Str;
}

// Does the C++ of `consumer` take its operand `i` as a std::string_view? The runtime's str functions
// take their first parameter so (all but SplitParts, which keeps a copy of its text); str
// comparisons, len and dict lookups by key take views too.
bool takes_view(const ir::Expr& consumer, std::size_t i) {
  const auto source = std::find(consumer.sources.begin(), consumer.sources.end(), static_cast<int>(i));
  if (source == consumer.sources.end()) return false;
  const auto param = source - consumer.sources.begin();  // the pattern's {param}
  const std::string& p = consumer.cpp;
  if (p == "kiln::rt::str::equal({0}, {1})" || p == "(!kiln::rt::str::equal({0}, {1}))") return true;
  if (param == 0 && (p == "kiln::rt::len({0})" ||
                     (p.starts_with("kiln::rt::str::") && !p.starts_with("kiln::rt::str::SplitParts") &&
                      p.find("({0}") != std::string::npos && p.find("({0}") == p.find('('))))
    return true;
  const bool dict_key = p == "({0}).getitem({1})" || p == "({0}).get({1})" || p == "({0}).get({1}, {2})";
  if (dict_key) return param == 1 && is_str_keyed_dict(*consumer.args[consumer.sources[0]]);
  return p == "({1}).contains({0})" && param == 0 && is_str_keyed_dict(*consumer.args[consumer.sources[1]]);
}

struct Load {
  const ir::Expr* expr;
  std::vector<const ir::Stmt*> loops;  // the `for` loops around it
  bool in_closure;                     // in a lambda or comprehension, which may run later
  bool in_call;                        // an argument of a module function (it may take it by reference)
  bool as_view;                        // its consumer takes a view
};

// How a variable is bound and read.
struct Binding {
  const ir::Stmt* loop = nullptr;  // the `for` over a split that binds it
  int loops = 0;                   // how many such `for`s bind it
  bool other = false;              // bound any other way
  // Its `v = v.strip(...)` assignments, with the `for` loops around each.
  std::vector<std::pair<const ir::Stmt*, std::vector<const ir::Stmt*>>> strips;
  std::vector<Load> loads;
};

class Collector {
 public:
  Collector(const ir::Function& f, std::string_view split_pattern) : f_(f), split_(split_pattern) {}

  std::map<ir::VarId, Binding> run() {
    for (ir::VarId p : f_.params) at(p).other = true;
    block(f_.body);
    return std::move(vars_);
  }

 private:
  Binding& at(ir::VarId v) { return vars_[types::canonical(f_, v)]; }

  void block(const std::vector<ir::Stmt*>& body) {
    for (const ir::Stmt* s : body) statement(*s);
  }

  void bind(const ir::Target& t) {
    if (!t.is_unpack()) {
      if (t.var >= 0) at(t.var).other = true;
      return;
    }
    for (const ir::Target& e : t.elements) bind(e);
  }

  void statement(const ir::Stmt& s) {
    for (ir::VarId v : {s.narrow_from, s.narrow_then, s.narrow_else}) {
      if (v >= 0) at(v).other = true;
    }
    if (s.kind == ir::StmtKind::For && !s.target.is_unpack() && s.target.var >= 0 &&
        s.value->kind == ir::ExprKind::Op && s.value->cpp == split_) {
      Binding& b = at(s.target.var);
      b.loop = &s;
      ++b.loops;
      for (const ir::Expr* a : s.value->args)
        expr(*a, nullptr, 0, false, false);  // SplitParts copies its text
    } else if (s.kind == ir::StmtKind::Assign && !s.target.is_unpack() && s.target.var >= 0 &&
               is_strip(*s.value) && s.value->args[0]->kind == ir::ExprKind::Load &&
               types::canonical(f_, s.value->args[0]->var) == types::canonical(f_, s.target.var)) {
      at(s.target.var).strips.push_back({&s, loops_});
      expr(*s.value, nullptr, 0, false, false);
    } else {
      if (s.kind == ir::StmtKind::Assign || s.kind == ir::StmtKind::For || s.kind == ir::StmtKind::ForRange)
        bind(s.target);
      const bool condition =
          s.kind == ir::StmtKind::If || s.kind == ir::StmtKind::While || s.kind == ir::StmtKind::Assert;
      if (s.value) expr(*s.value, nullptr, 0, false, false, condition);
    }
    if (s.message) expr(*s.message, nullptr, 0, false, false);
    for (const ir::Expr* e : s.range) expr(*e, nullptr, 0, false, false);
    for (const ir::Handler& h : s.handlers) {
      bind(h.name);
      block(h.body);
    }
    const bool loop = s.kind == ir::StmtKind::For;
    if (loop) loops_.push_back(&s);
    block(s.body);
    if (loop) loops_.pop_back();
    block(s.orelse);
    block(s.finally);
  }

  // `parent`'s operand `i` is `e`; `truth`: a condition, which takes a view as it is.
  void expr(const ir::Expr& e, const ir::Expr* parent, std::size_t i, bool closure, bool call,
            bool truth = false) {
    if (e.kind == ir::ExprKind::Load) {
      if (e.var < 0) return;
      const bool view = truth || (parent && parent->kind == ir::ExprKind::Op && takes_view(*parent, i));
      at(e.var).loads.push_back({&e, loops_, closure, call, view});
      return;
    }
    const bool inner = closure || e.kind == ir::ExprKind::Lambda || e.kind == ir::ExprKind::Comprehension;
    for (const ir::Target& t : e.params) bind(t);
    for (const ir::Generator* g : e.generators) {
      bind(g->target);
      expr(*g->iter, nullptr, 0, true, false);
      for (const ir::Expr* c : g->conditions) expr(*c, nullptr, 0, true, false);
    }
    for (std::size_t k = 0; k < e.args.size(); ++k) {
      const bool condition = (e.kind == ir::ExprKind::Not || e.kind == ir::ExprKind::IfExp) && k == 0;
      expr(*e.args[k], &e, k, inner, e.kind == ir::ExprKind::Call, condition);
    }
  }

  const ir::Function& f_;
  std::string_view split_;
  std::vector<const ir::Stmt*> loops_;
  std::map<ir::VarId, Binding> vars_;
};

bool inside(const std::vector<const ir::Stmt*>& loops, const ir::Stmt* loop) {
  return std::find(loops.begin(), loops.end(), loop) != loops.end();
}

bool borrowable(const ir::Function& f, ir::VarId v, const Binding& b) {
  if (b.other || b.loops != 1 || f.vars[v].captured || !f.vars[v].type ||
      f.vars[v].type->kind != types::Kind::Str)
    return false;
  for (const auto& [stmt, loops] : b.strips) {
    if (!inside(loops, b.loop)) return false;
  }
  return std::all_of(b.loads.begin(), b.loads.end(),
                     [&](const Load& l) { return inside(l.loops, b.loop) && !l.in_closure && !l.in_call; });
}

}  // namespace

BorrowedStrings find_borrowed_strings(const ir::Function& f, std::string_view split_pattern) {
  BorrowedStrings out;
  for (const auto& [v, b] : Collector(f, split_pattern).run()) {
    if (!borrowable(f, v, b)) continue;
    out.vars.insert(v);
    for (const Load& l : b.loads) {
      if (l.as_view) out.view_operands.insert(l.expr);
    }
    for (const auto& [stmt, loops] : b.strips) {
      out.view_results.insert(stmt->value);
      out.view_operands.insert(stmt->value->args[0]);
    }
  }
  return out;
}

std::string view_pattern(std::string_view strip_pattern) {
  const std::size_t paren = strip_pattern.find('(');
  return std::string(strip_pattern.substr(0, paren)) + "_view" + std::string(strip_pattern.substr(paren));
}

}  // namespace kiln::codegen
