// Borrowed strings: a str variable that only ever holds a part of the string a `for` loop splits
// (`for word in text.split():`) or a strip of itself (`word = word.strip(".,")`), and is read only
// inside that loop, is emitted as a std::string_view into the split's text, which the loop keeps
// alive. The loop then copies no characters per item: a consumer that takes a view (str methods,
// comparisons, len, truth, a dict lookup) reads it in place, and any other gets a std::string of it.
#pragma once

#include <set>
#include <string_view>

#include "compiler/ir/ir.h"

namespace kiln::codegen {

struct BorrowedStrings {
  std::set<ir::VarId> vars;                 // canonical ids, declared std::string_view
  std::set<const ir::Expr*> view_operands;  // loads of them that their consumer takes as views
  std::set<const ir::Expr*> view_results;   // strips of them that stay views (str::strip_view)
};

// `split_pattern`: the C++ pattern of the `.split` op that a `for` loop walks lazily.
BorrowedStrings find_borrowed_strings(const ir::Function& f, std::string_view split_pattern);

// The view-returning form of a strip pattern ("kiln::rt::str::strip(" -> "kiln::rt::str::strip_view(").
std::string view_pattern(std::string_view strip_pattern);

}  // namespace kiln::codegen
