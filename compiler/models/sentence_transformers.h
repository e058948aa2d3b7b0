// sentence-transformers model directories: what `SentenceTransformer(PATH)` loads (modules.json,
// the pooling and normalisation modules, max_seq_length), and the GGUF file the artifact runs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kiln::models {

struct SentenceTransformerConfig {
  std::filesystem::path transformer_dir;  // the Transformer module's files (usually the directory itself)
  int64_t max_seq_length = 512;           // longer inputs are truncated, as sentence-transformers does
  int64_t pooling_type = 1;               // llama.cpp's enum: 1 mean, 2 cls, 3 last token
  bool normalize = false;                 // a Normalize module follows pooling
  // config_sentence_transformers.json's prompts (name → text) and default_prompt_name ("" for none).
  std::vector<std::pair<std::string, std::string>> prompts;
  std::string default_prompt_name;
};

// Reads the directory's modules; nullopt with `error` for a layout Kiln cannot run (say, max pooling).
std::optional<SentenceTransformerConfig> read_sentence_transformer(const std::filesystem::path& dir,
                                                                   std::string& error);

// A Hugging Face model directory as transformers' AutoTokenizer and AutoModel load it: the
// checkpoint (converted as SentenceTransformer's is, so the cache is shared) and, as max_seq_length,
// the tokenizer's model_max_length (tokenizer_config.json), at most the model's positions.
std::optional<SentenceTransformerConfig> read_transformers_model(const std::filesystem::path& dir,
                                                                 std::string& error);

// The GGUF file for the model: a .gguf the Transformer directory holds, or its Hugging Face
// checkpoint converted once and cached under `cache_dir` by the content hash of its files.
std::optional<std::filesystem::path> prepare_gguf(const SentenceTransformerConfig& config,
                                                  const std::filesystem::path& cache_dir, std::string& error);

// Where converted models are cached: $KILN_CACHE_DIR, else $XDG_CACHE_HOME/kiln, else ~/.cache/kiln.
std::filesystem::path default_cache_dir();

}  // namespace kiln::models
