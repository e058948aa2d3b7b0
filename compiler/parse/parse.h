// The front end's entry point: bytes of a Python file in, a CPython-identical AST (or one diagnostic) out.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/parse/ast.h"

namespace kiln::parse {

struct ParseOptions {
  // Deepest nesting of expressions/statements accepted; deeper input is a clear SyntaxError rather
  // than a stack overflow.
  int max_nesting = 200;
  // Deepest tree accepted (long operator chains such as `a + a + ... + a` nest without recursing
  // in the parser); later stages walk trees recursively and rely on this bound.
  int max_tree_depth = 1000;
};

struct ParseResult {
  // The decoded source (always set, so a diagnostic can always be rendered).
  std::unique_ptr<diag::SourceFile> source;
  // The tree, or null when `error` is set. It points into `source` and its own arena.
  std::unique_ptr<ast::Module> module;
  std::optional<diag::Diagnostic> error;
};

// Decodes `bytes` as Python does (BOM, coding cookie, UTF-8 by default) and parses it as a module.
ParseResult parse_file_bytes(std::string_view bytes, std::string filename, const ParseOptions& options = {});

// Exactly what CPython 3.11's `ast.dump(tree)` prints.
std::string dump(const ast::Module& module);

}  // namespace kiln::parse
