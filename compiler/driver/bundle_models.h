// The models a compiled function uses, placed among the artifact's resources: a Llama's GGUF file
// as it is, a Hugging Face directory's model (SentenceTransformer, AutoTokenizer, AutoModel) converted to
// GGUF (cached) with its settings.
#pragma once

#include <string>
#include <vector>

#include "compiler/codegen/emit.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/ir/ir.h"
#include "compiler/resolve/resolve.h"

namespace kiln::driver {

// The model constants the functions use (the `model:CLASS:NAME` ops type propagation resolved).
std::vector<const resolve::ModelConstant*> used_models(const std::vector<const ir::Function*>& functions,
                                                       const resolve::Module& module);

// Links (or copies) each model's file into OUT/resources; a diagnostic at the constructor for a
// file that is missing or cannot be converted, or for a kiln built without llama.cpp.
bool bundle_models(const std::vector<const resolve::ModelConstant*>& models, const std::string& source_path,
                   const std::string& out_dir, std::vector<codegen::UsedModel>& used,
                   std::vector<diag::Diagnostic>& errors);

}  // namespace kiln::driver
