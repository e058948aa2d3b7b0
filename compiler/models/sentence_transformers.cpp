#include "compiler/models/sentence_transformers.h"

#include <cstdlib>

#include "compiler/models/content_hash.h"
#include "compiler/models/hf_to_gguf.h"
#include "compiler/models/json_file.h"

namespace kiln::models {
namespace {

// Bumped whenever the conversion's output changes, so stale cache entries are not reused.
constexpr std::string_view kConverterVersion = "kiln-hf-to-gguf-3";  // 3: float16 token embeddings

std::optional<int64_t> pooling_type(const std::filesystem::path& file, std::string& error) {
  if (!std::filesystem::exists(file)) return 1;  // sentence-transformers' default: mean pooling
  auto doc = JsonDocument::load(file, error);
  if (!doc) return std::nullopt;
  const JsonView c = doc->root();
  for (const char* unsupported :
       {"pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens", "pooling_mode_weightedmean_tokens"}) {
    if (c[unsupported].boolean() == true) {
      error = file.string() + ": " + unsupported + " is not supported (mean, CLS and last-token pooling are)";
      return std::nullopt;
    }
  }
  if (c["pooling_mode_cls_token"].boolean() == true) return 2;
  if (c["pooling_mode_lasttoken"].boolean() == true) return 3;
  return 1;
}

// config_sentence_transformers.json's prompts, when the file has any.
void read_prompts(const std::filesystem::path& file, SentenceTransformerConfig& out) {
  std::string ignored;  // the file is optional
  auto doc = std::filesystem::exists(file) ? JsonDocument::load(file, ignored) : std::nullopt;
  if (!doc) return;
  const JsonView prompts = doc->root()["prompts"];
  for (std::size_t i = 0; i < prompts.size(); ++i) {
    if (auto text = prompts.at(i).str()) out.prompts.emplace_back(std::string(prompts.key_at(i)), *text);
  }
  out.default_prompt_name = doc->root()["default_prompt_name"].str().value_or("");
}

}  // namespace

std::optional<SentenceTransformerConfig> read_sentence_transformer(const std::filesystem::path& dir,
                                                                   std::string& error) {
  SentenceTransformerConfig out;
  out.transformer_dir = dir;
  std::filesystem::path pooling = dir / "1_Pooling" / "config.json";
  if (std::filesystem::exists(dir / "modules.json")) {
    auto modules = JsonDocument::load(dir / "modules.json", error);
    if (!modules) return std::nullopt;
    for (std::size_t i = 0; i < modules->root().size(); ++i) {
      const JsonView m = modules->root().at(i);
      const std::string type = m["type"].str().value_or("");
      const std::filesystem::path path = dir / m["path"].str().value_or("");
      if (type.ends_with(".Transformer"))
        out.transformer_dir = path;
      else if (type.ends_with(".Pooling"))
        pooling = path / "config.json";
      else if (type.ends_with(".Normalize"))
        out.normalize = true;
      else if (type.ends_with(".Dense"))
        continue;  // converted with the model (llama.cpp applies them after pooling)
      else {
        error = dir.string() + ": the module '" + type +
                "' is not supported (Transformer, Pooling, Dense and Normalize are)";
        return std::nullopt;
      }
    }
  }
  auto pool = pooling_type(pooling, error);
  if (!pool) return std::nullopt;
  out.pooling_type = *pool;
  read_prompts(dir / "config_sentence_transformers.json", out);
  if (auto st = JsonDocument::load(out.transformer_dir / "sentence_bert_config.json", error)) {
    if (auto n = st->root()["max_seq_length"].integer()) out.max_seq_length = *n;
  } else if (auto config = JsonDocument::load(out.transformer_dir / "config.json", error)) {
    if (auto n = config->root()["max_position_embeddings"].integer()) out.max_seq_length = *n;
  }
  error.clear();
  return out;
}

std::optional<SentenceTransformerConfig> read_transformers_model(const std::filesystem::path& dir,
                                                                 std::string& error) {
  SentenceTransformerConfig out;
  out.transformer_dir = dir;
  auto config = JsonDocument::load(dir / "config.json", error);
  if (!config) return std::nullopt;
  out.max_seq_length = config->root()["max_position_embeddings"].integer().value_or(out.max_seq_length);
  // An unset model_max_length is saved as a huge float (int(1e30)): the positions limit then.
  if (auto tokenizer = JsonDocument::load(dir / "tokenizer_config.json", error)) {
    const double limit = tokenizer->root()["model_max_length"].number().value_or(1e30);
    if (limit > 0 && limit < static_cast<double>(out.max_seq_length))
      out.max_seq_length = static_cast<int64_t>(limit);
  }
  error.clear();
  return out;
}

std::optional<std::filesystem::path> prepare_gguf(const SentenceTransformerConfig& config,
                                                  const std::filesystem::path& cache_dir,
                                                  std::string& error) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(config.transformer_dir, ec)) {
    if (entry.path().extension() == ".gguf") return entry.path();
  }
  const std::vector<std::filesystem::path> files = checkpoint_files(config.transformer_dir);
  if (files.empty()) {
    error = config.transformer_dir.string() +
            " holds neither a .gguf file nor a Hugging Face checkpoint (config.json, model.safetensors, "
            "tokenizer.json or vocab.txt)";
    return std::nullopt;
  }
  const std::string salt = std::string(kConverterVersion) + ":pooling=" + std::to_string(config.pooling_type);
  auto hash = content_hash(files, salt, error);
  if (!hash) return std::nullopt;
  const std::filesystem::path out = cache_dir / (*hash + ".gguf");
  if (std::filesystem::exists(out, ec)) return out;
  std::filesystem::create_directories(cache_dir, ec);
  if (ec) {
    error = "cannot create the cache directory " + cache_dir.string() + ": " + ec.message();
    return std::nullopt;
  }
  if (!convert_checkpoint(config.transformer_dir, ConversionOptions{config.pooling_type}, out, error))
    return std::nullopt;
  return out;
}

std::filesystem::path default_cache_dir() {
  if (const char* dir = std::getenv("KILN_CACHE_DIR"); dir && *dir) return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "kiln";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : "/tmp") / ".cache" / "kiln";
}

}  // namespace kiln::models
