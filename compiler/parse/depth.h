#pragma once

#include <optional>

#include "compiler/parse/ast.h"

namespace kiln::parse {

// The span of a node nested deeper than `limit` levels, if there is one.
std::optional<diag::Span> find_too_deep(const ast::Module& module, int limit);

}  // namespace kiln::parse
