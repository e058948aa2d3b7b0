// What the architectures' converters (hf_to_gguf.cpp: BERT; gemma_to_gguf.cpp: EmbeddingGemma)
// share: copying a checkpoint's tensors into the GGUF file under llama.cpp's names.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/models/gguf_writer.h"
#include "compiler/models/hf_to_gguf.h"
#include "compiler/models/json_file.h"
#include "compiler/models/safetensors.h"

namespace kiln::models::detail {

// llama.cpp's token types (llama_token_type).
constexpr int32_t kNormal = 1;
constexpr int32_t kControl = 3;
constexpr int32_t kUserDefined = 4;
constexpr int32_t kUnused = 5;

// Where a checkpoint tensor goes: llama.cpp's name ("" drops it) and a constant added to every value
// (Gemma's RMSNorm scales by 1 + weight; llama.cpp's by the weight).
struct TensorTarget {
  std::string name;
  float shift = 0;
};
// nullopt: a tensor the converter does not know (an error).
using TensorNamer = std::function<std::optional<TensorTarget>(const std::string& hf_name)>;

// Values converted while writing (halves, shifted copies), kept alive until the file is written.
struct ConvertedData {
  std::vector<std::vector<uint16_t>> halves;
  std::vector<std::vector<float>> floats;
};

// Adds every tensor of `weights` under its llama.cpp name; the layers' ("blk.*") matrices in float16,
// as llama.cpp's converter does by default. `file` names the checkpoint file in errors.
bool add_tensors(GgufWriter& w, const SafeTensorsFile& weights, const std::string& file,
                 const TensorNamer& namer, ConvertedData& data, std::string& error);

// general.name: the checkpoint directory's name (`dir` may end in a separator, as modules.json's
// Transformer path "" gives it).
std::string model_name(const std::filesystem::path& dir);

// sentence-transformers' Dense modules (modules.json) in order, as directories under `dir`.
std::vector<std::filesystem::path> dense_modules(const std::filesystem::path& dir);

// EmbeddingGemma (config.json's model_type "gemma3_text") to llama.cpp's "gemma-embedding".
bool convert_gemma_embedding(const std::filesystem::path& dir, JsonView config,
                             const ConversionOptions& options, const std::filesystem::path& out,
                             std::string& error);

}  // namespace kiln::models::detail
