// A bound on the depth of the finished tree, so every recursive walk over it stays shallow.
#include "compiler/parse/depth.h"

#include <type_traits>

namespace kiln::parse {
namespace {

using namespace kiln::ast;

// Walks the tree; stops descending (and reports the first node too deep) past `limit`.
class DepthCheck {
 public:
  explicit DepthCheck(int limit) : limit_(limit) {}

  std::optional<diag::Span> too_deep;

  void visit_node(const Expr& e, int depth) {
    if (enter(e, depth)) ast::visit(e, [&](const auto& n) { children(n, depth); });
  }
  void visit_node(const Stmt& s, int depth) {
    if (enter(s, depth)) ast::visit(s, [&](const auto& n) { children(n, depth); });
  }
  void visit_node(const Pattern& p, int depth) {
    if (enter(p, depth)) ast::visit(p, [&](const auto& n) { children(n, depth); });
  }
  template <class T>
  void visit_node(const T& n, int depth) {
    if (enter(n, depth)) children(n, depth);
  }

 private:
  bool enter(const Node& n, int depth) {
    if (too_deep) return false;
    if (depth > limit_) {
      too_deep = n.span;
      return false;
    }
    return true;
  }

  template <class T>
  void children(const T& n, int depth) {
    n.fields([&](std::string_view, const auto& value) { field(value, depth + 1); });
  }

  template <class T>
  void field(T* child, int depth) {
    if (child) visit_node(*child, depth);
  }
  template <class T>
  void field(const std::vector<T>& list, int depth) {
    for (const auto& item : list) field(item, depth);
  }
  template <class T>
  void field(const T&, int) {}  // identifiers, numbers, operators: leaves

  int limit_;
};

}  // namespace

std::optional<diag::Span> find_too_deep(const ast::Module& module, int limit) {
  DepthCheck check(limit);
  for (const Stmt* s : module.body) check.visit_node(*s, 1);
  return check.too_deep;
}

}  // namespace kiln::parse
