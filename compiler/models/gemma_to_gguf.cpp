// EmbeddingGemma (a Gemma3TextModel with bidirectional attention, then sentence-transformers' mean
// pooling, two Dense projections and Normalize) as llama.cpp's "gemma-embedding" architecture,
// written as convert_hf_to_gguf.py's EmbeddingGemma class (--sentence-transformers-dense-modules)
// writes it, except that the embedding table and the Dense matrices stay float32 (as the BERT
// converter keeps its tables) and config.json's layer_types are recorded as the sliding-window pattern.
#include <algorithm>
#include <string_view>
#include <utility>

#include "compiler/models/hf_to_gguf_detail.h"
#include "compiler/models/sentencepiece_model.h"

namespace kiln::models::detail {
namespace {

constexpr std::string_view kArch = "gemma-embedding";

// Hugging Face Gemma3 parameter names (after "layers.N." and before ".weight") → llama.cpp's; the
// norms are RMSNorms (shifted by one, see TensorTarget).
constexpr std::pair<std::string_view, std::string_view> kLayerNames[] = {
    {"input_layernorm", "attn_norm"},
    {"self_attn.q_proj", "attn_q"},
    {"self_attn.k_proj", "attn_k"},
    {"self_attn.v_proj", "attn_v"},
    {"self_attn.o_proj", "attn_output"},
    {"self_attn.q_norm", "attn_q_norm"},
    {"self_attn.k_norm", "attn_k_norm"},
    {"post_attention_layernorm", "post_attention_norm"},
    {"pre_feedforward_layernorm", "ffn_norm"},
    {"post_feedforward_layernorm", "post_ffw_norm"},
    {"mlp.gate_proj", "ffn_gate"},
    {"mlp.up_proj", "ffn_up"},
    {"mlp.down_proj", "ffn_down"},
};

TensorTarget norm_aware(std::string gguf_name, std::string_view hf_name) {
  const float shift = hf_name.ends_with("norm") ? 1.0f : 0.0f;  // Gemma3RMSNorm: x * (1 + weight)
  return {std::move(gguf_name) + ".weight", shift};
}

std::optional<TensorTarget> gemma_target(const std::string& full_name) {
  std::string_view name = full_name;
  if (name.starts_with("model.")) name.remove_prefix(6);
  if (!name.ends_with(".weight")) return std::nullopt;
  name.remove_suffix(7);
  if (name == "embed_tokens") return TensorTarget{"token_embd.weight"};
  if (name == "norm") return norm_aware("output_norm", name);
  constexpr std::string_view kLayer = "layers.";
  if (!name.starts_with(kLayer)) return std::nullopt;
  const std::size_t dot = name.find('.', kLayer.size());
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string_view block = name.substr(kLayer.size(), dot - kLayer.size()), rest = name.substr(dot + 1);
  for (auto [hf, gguf] : kLayerNames) {
    if (rest == hf) return norm_aware("blk." + std::string(block) + "." + std::string(gguf), rest);
  }
  return std::nullopt;
}

bool require(JsonView config, std::string_view key, int64_t& out, std::string& error) {
  const auto value = config[key].integer();
  if (!value || *value <= 0) {
    error = "config.json has no " + std::string(key);
    return false;
  }
  out = *value;
  return true;
}

// rope_parameters[kind].rope_theta (transformers 5), else the older flat keys.
float rope_theta(JsonView config, std::string_view kind, std::string_view flat_key, double fallback) {
  if (auto theta = config["rope_parameters"][kind]["rope_theta"].number()) return static_cast<float>(*theta);
  return static_cast<float>(config[flat_key].number().value_or(fallback));
}

// Which layers attend within the sliding window: config.json's layer_types, which transformers
// follows. Without the key llama.cpp assumes Gemma3's every-sixth-layer-global pattern.
void write_layer_types(GgufWriter& w, JsonView config) {
  const JsonView types = config["layer_types"];
  std::vector<bool> sliding;
  for (std::size_t i = 0; i < types.size(); ++i) sliding.push_back(types.at(i).str() == "sliding_attention");
  if (!sliding.empty()) w.add_bools(std::string(kArch) + ".attention.sliding_window_pattern", sliding);
}

// What llama.cpp's gemma-embedding graph hard-codes: bidirectional attention, queries scaled by
// 1/sqrt(head_dim) (Gemma3's by 1/sqrt(query_pre_attn_scalar)), tanh-approximated GELU.
bool runs_on_llama_cpp(JsonView config, std::string& error) {
  const char* problem = nullptr;
  if (config["use_bidirectional_attention"].boolean() != true)
    problem = "a causal Gemma3 model is not an embedding model llama.cpp's gemma-embedding runs";
  else if (config["query_pre_attn_scalar"].integer().value_or(0) != config["head_dim"].integer())
    problem = "query_pre_attn_scalar differs from head_dim, which llama.cpp cannot run";
  else if (config["hidden_activation"].str().value_or("gelu_pytorch_tanh") != "gelu_pytorch_tanh")
    problem = "hidden_activation is not gelu_pytorch_tanh, which llama.cpp cannot run";
  if (problem) error = std::string("config.json: ") + problem;
  return !problem;
}

// config.json's hyperparameters as llama.cpp's "gemma-embedding.*" keys.
bool write_hyperparameters(GgufWriter& w, JsonView config, const ConversionOptions& options,
                           std::string& error) {
  constexpr std::pair<std::string_view, std::string_view> kKeys[] = {
      {"max_position_embeddings", "context_length"},
      {"hidden_size", "embedding_length"},
      {"num_hidden_layers", "block_count"},
      {"intermediate_size", "feed_forward_length"},
      {"num_attention_heads", "attention.head_count"},
      {"num_key_value_heads", "attention.head_count_kv"},
      {"head_dim", "attention.key_length"},
      {"head_dim", "attention.value_length"},
      {"sliding_window", "attention.sliding_window"},
  };
  const std::string arch(kArch);
  for (auto [hf, gguf] : kKeys) {
    int64_t value = 0;
    if (!require(config, hf, value, error)) return false;
    w.add_u32(arch + "." + std::string(gguf), static_cast<uint32_t>(value));
  }
  if (!runs_on_llama_cpp(config, error)) return false;
  w.add_f32(arch + ".attention.layer_norm_rms_epsilon",
            static_cast<float>(config["rms_norm_eps"].number().value_or(1e-6)));
  w.add_f32(arch + ".rope.freq_base", rope_theta(config, "full_attention", "rope_theta", 1e6));
  // The sliding layers' own base (llama.cpp's default, 10000, is EmbeddingGemma's too).
  w.add_f32(arch + ".rope.freq_base_swa",
            rope_theta(config, "sliding_attention", "rope_local_base_freq", 1e4));
  w.add_u32(arch + ".pooling_type", static_cast<uint32_t>(options.pooling_type));
  write_layer_types(w, config);
  return true;
}

struct GemmaVocabulary {
  std::vector<std::string> tokens;
  std::vector<float> scores;
  std::vector<int32_t> types;
};

// tokenizer_config.json's "bos_token" and the like: a string, or an AddedToken's dict.
std::string token_text(JsonView value) {
  if (auto s = value.str()) return *s;
  return value["content"].str().value_or("");
}

// tokenizer_config.json's added_tokens_decoder, as the reference converter applies it: special ones
// are control tokens, others user-defined (their "▁" spelled as spaces).
void apply_added_tokens(JsonView decoder, GemmaVocabulary& v) {
  for (std::size_t i = 0; i < decoder.size(); ++i) {
    const auto id = static_cast<std::size_t>(std::stoll(std::string(decoder.key_at(i))));
    if (id >= v.tokens.size()) continue;
    std::string text = token_text(decoder.at(i));
    const bool special = decoder.at(i)["special"].boolean() == true;
    for (std::size_t at; !special && (at = text.find("\xE2\x96\x81")) != std::string::npos;)
      text.replace(at, 3, " ");
    v.tokens[id] = std::move(text);
    v.scores[id] = -1000.0f;
    v.types[id] = special ? kControl : kUserDefined;
  }
}

// tokenizer.model's pieces, padded with "[PADn]" to config.json's vocab_size, as
// convert_hf_to_gguf.py's _create_vocab_sentencepiece builds the list.
std::optional<GemmaVocabulary> read_vocabulary(const std::filesystem::path& dir, JsonView config,
                                               JsonView tokenizer_config, std::string& error) {
  auto pieces = read_sentencepiece_model(dir / "tokenizer.model", error);
  if (!pieces) return std::nullopt;
  const auto size = static_cast<std::size_t>(config["vocab_size"].integer().value_or(0));
  const std::size_t n = size > 0 ? size : pieces->size();
  GemmaVocabulary v{{}, std::vector<float>(n, -10000.0f), std::vector<int32_t>(n, kUnused)};
  for (std::size_t id = 0; id < n; ++id) v.tokens.push_back("[PAD" + std::to_string(id) + "]");
  for (std::size_t id = 0; id < std::min(n, pieces->size()); ++id) {
    v.tokens[id] = (*pieces)[id].piece;
    v.scores[id] = (*pieces)[id].score;
    v.types[id] = (*pieces)[id].type;  // sentencepiece's types are llama.cpp's numbers
  }
  apply_added_tokens(tokenizer_config["added_tokens_decoder"], v);
  return v;
}

// Whether the tokenizer adds `which` ("bos"/"eos"): tokenizer_config.json's add_bos_token, else
// tokenizer.json's post-processor template (a special token first or last), as gguf-py's SpecialVocab
// decides.
bool adds(std::string_view which, JsonView tokenizer_config, JsonView tokenizer_json) {
  if (auto flag = tokenizer_config["add_" + std::string(which) + "_token"].boolean()) return *flag;
  const JsonView single = tokenizer_json["post_processor"]["single"];
  if (single.size() < 2) return false;
  const JsonView edge = single.at(which == "bos" ? 0 : single.size() - 1);
  return static_cast<bool>(edge["SpecialToken"]);
}

bool write_vocabulary(GgufWriter& w, const std::filesystem::path& dir, JsonView config, std::string& error) {
  auto tokenizer_config = JsonDocument::load(dir / "tokenizer_config.json", error);
  auto tokenizer_json = tokenizer_config ? JsonDocument::load(dir / "tokenizer.json", error) : std::nullopt;
  auto v = tokenizer_json ? read_vocabulary(dir, config, tokenizer_config->root(), error) : std::nullopt;
  if (!v) return false;
  w.add_string("tokenizer.ggml.model", "llama");  // llama.cpp's SentencePiece tokenizer
  w.add_string("tokenizer.ggml.pre", "default");
  w.add_strings("tokenizer.ggml.tokens", v->tokens);
  w.add_f32s("tokenizer.ggml.scores", v->scores);
  w.add_i32s("tokenizer.ggml.token_type", v->types);
  for (auto [hf, gguf] : {std::pair{"bos_token", "bos"},
                          {"eos_token", "eos"},
                          {"unk_token", "unknown"},
                          {"pad_token", "padding"},
                          {"mask_token", "mask"}}) {
    const std::string text = token_text(tokenizer_config->root()[hf]);
    for (std::size_t id = 0; !text.empty() && id < v->tokens.size(); ++id) {
      if (v->tokens[id] != text) continue;
      w.add_u32("tokenizer.ggml." + std::string(gguf) + "_token_id", static_cast<uint32_t>(id));
      break;
    }
  }
  w.add_bool("tokenizer.ggml.add_bos_token", adds("bos", tokenizer_config->root(), tokenizer_json->root()));
  w.add_bool("tokenizer.ggml.add_eos_token", adds("eos", tokenizer_config->root(), tokenizer_json->root()));
  w.add_bool("tokenizer.ggml.add_space_prefix", false);  // Gemma's tokenizer adds no dummy prefix
  return true;
}

// The Dense modules (2_Dense: hidden → wider, 3_Dense: back), as llama.cpp's "dense_2"/"dense_3":
// bias-free, identity activation (what llama.cpp applies after pooling).
bool add_dense_modules(GgufWriter& w, const std::filesystem::path& dir, std::vector<SafeTensorsFile>& files,
                       ConvertedData& data, std::string& error) {
  const auto modules = dense_modules(dir);
  if (modules.size() > 2) {
    error = dir.string() + ": more than two Dense modules, which llama.cpp cannot run";
    return false;
  }
  for (std::size_t i = 0; i < modules.size(); ++i) {
    const std::string name = "dense_" + std::to_string(i + 2);
    auto config = JsonDocument::load(modules[i] / "config.json", error);
    if (!config) return false;
    const std::string activation = config->root()["activation_function"].str().value_or("");
    if (config->root()["bias"].boolean() != false || !activation.ends_with(".Identity")) {
      error = modules[i].string() + ": only Dense modules without bias and activation convert";
      return false;
    }
    for (auto [hf, gguf] : {std::pair{"in_features", "_feat_in"}, {"out_features", "_feat_out"}})
      w.add_u32(std::string(kArch) + "." + name + gguf,
                static_cast<uint32_t>(config->root()[hf].integer().value_or(0)));
    auto weights = SafeTensorsFile::open(modules[i] / "model.safetensors", error);
    if (!weights) return false;
    const SafeTensorsFile& kept = files.emplace_back(std::move(*weights));
    const auto namer = [&](const std::string& hf) -> std::optional<TensorTarget> {
      if (hf == "linear.weight") return TensorTarget{name + ".weight"};
      return std::nullopt;
    };
    if (!add_tensors(w, kept, (modules[i] / "model.safetensors").string(), namer, data, error)) return false;
  }
  return true;
}

}  // namespace

bool convert_gemma_embedding(const std::filesystem::path& dir, JsonView config,
                             const ConversionOptions& options, const std::filesystem::path& out,
                             std::string& error) {
  auto weights = SafeTensorsFile::open(dir / "model.safetensors", error);
  if (!weights) return false;
  GgufWriter w;
  w.add_string("general.architecture", kArch);
  w.add_string("general.name", model_name(dir));
  w.add_u32("general.file_type", 1);  // "mostly F16": the layers' matrices
  if (!write_hyperparameters(w, config, options, error) || !write_vocabulary(w, dir, config, error))
    return false;
  ConvertedData data;
  std::vector<SafeTensorsFile> dense_files;  // mapped until the file is written
  return add_tensors(w, *weights, "model.safetensors", gemma_target, data, error) &&
         add_dense_modules(w, dir, dense_files, data, error) && w.write(out, error);
}

}  // namespace kiln::models::detail
