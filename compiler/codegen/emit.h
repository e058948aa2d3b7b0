// Codegen: typed IR to readable C++, with #line directives back to the Python source. The module's
// functions become C++ functions; the entry function also gets the C ABI glue that converts
// kiln_value arguments and results and turns Python exceptions into kiln_error values.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "compiler/ir/ir.h"

namespace kiln::codegen {

// `functions` are every function the entry reaches, the entry first; `source_path` names the
// Python file in #line directives and error locations.
// A model the functions use: the name of its file among the artifact's resources, and how the
// runtime opens it (kiln::rt::llama::Options).
struct UsedModel {
  const resolve::ModelConstant* model;
  std::string resource;
  int64_t n_ctx = 512;
  int64_t pooling_type = -1;
  bool embedding = false;
  int64_t max_seq_length = 0;
  bool normalize = false;
  std::vector<std::pair<std::string, std::string>> prompts;  // sentence-transformers' named prompts
  std::string default_prompt_name;
};

std::string emit_module(const std::vector<const ir::Function*>& functions,
                        const std::vector<const resolve::ClassInfo*>& classes,
                        const std::vector<UsedModel>& models, const std::string& source_path,
                        const std::string& signature_json);

}  // namespace kiln::codegen
