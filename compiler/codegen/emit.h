// Codegen: typed IR to readable C++, with #line directives back to the Python source. The module's
// functions become C++ functions; the entry function also gets the C ABI glue that converts
// kiln_value arguments and results and turns Python exceptions into kiln_error values.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace kiln::codegen {

// `functions` are every function the entry reaches, the entry first; `source_path` names the
// Python file in #line directives and error locations.
// A model the functions use, and the name of its file among the artifact's resources.
struct UsedModel {
  const resolve::ModelConstant* model;
  std::string resource;
};

std::string emit_module(const std::vector<const ir::Function*>& functions,
                        const std::vector<const resolve::ClassInfo*>& classes,
                        const std::vector<UsedModel>& models, const std::string& source_path,
                        const std::string& signature_json);

}  // namespace kiln::codegen
