// Converts a Hugging Face checkpoint (config.json, model.safetensors, tokenizer.json or vocab.txt)
// to a GGUF file llama.cpp loads, natively: no Python, no PyTorch. BERT-family encoders (BertModel,
// as all-MiniLM-L6-v2 and the bge models are) for now. The result names llama.cpp's tensors and
// metadata exactly as llama.cpp's own convert_hf_to_gguf.py writes them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace kiln::models {

struct ConversionOptions {
  int64_t pooling_type = 1;  // llama.cpp's enum: 1 mean, 2 cls, 3 last
};

// The files the conversion reads (the cache key hashes them), or empty when `dir` holds no checkpoint.
std::vector<std::filesystem::path> checkpoint_files(const std::filesystem::path& dir);

// Writes `out` from the checkpoint in `dir`; false with `error` set (saying what is missing or
// unsupported) on failure.
bool convert_checkpoint(const std::filesystem::path& dir, const ConversionOptions& options,
                        const std::filesystem::path& out, std::string& error);

}  // namespace kiln::models
