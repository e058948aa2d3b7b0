#include "compiler/models/hf_to_gguf.h"

#include <array>
#include <cstring>
#include <fstream>
#include <optional>
#include <utility>
#include <vector>

#include "compiler/models/hf_to_gguf_detail.h"

namespace kiln::models {
namespace {

using detail::kControl;
using detail::kNormal;

// Hugging Face BERT parameter names (after "bert." and before ".weight"/".bias") → llama.cpp's.
constexpr std::pair<std::string_view, std::string_view> kEmbeddingNames[] = {
    {"embeddings.word_embeddings", "token_embd"},
    {"embeddings.position_embeddings", "position_embd"},
    {"embeddings.token_type_embeddings", "token_types"},
    {"embeddings.LayerNorm", "token_embd_norm"},
};
constexpr std::pair<std::string_view, std::string_view> kLayerNames[] = {
    {"attention.self.query", "attn_q"},
    {"attention.self.key", "attn_k"},
    {"attention.self.value", "attn_v"},
    {"attention.output.dense", "attn_output"},
    {"attention.output.LayerNorm", "attn_output_norm"},
    {"intermediate.dense", "ffn_up"},
    {"output.dense", "ffn_down"},
    {"output.LayerNorm", "layer_output_norm"},
};

std::string strip_prefix(std::string name, std::string_view prefix) {
  return name.starts_with(prefix) ? name.substr(prefix.size()) : name;
}

// llama.cpp's name for a BERT tensor; "" for tensors an embedding model does not use (the pooler,
// the masked-LM head); nullopt for a name this converter does not know.
std::optional<std::string> bert_tensor_name(std::string name) {
  name = strip_prefix(std::move(name), "bert.");
  if (name == "embeddings.position_ids" || name.starts_with("pooler.") || name.starts_with("cls."))
    return std::string();
  std::string suffix;
  for (auto [hf, gguf] :
       {std::pair{".weight", ".weight"}, {".bias", ".bias"}, {".gamma", ".weight"}, {".beta", ".bias"}}) {
    if (name.ends_with(hf)) {
      name.resize(name.size() - std::string_view(hf).size());
      suffix = gguf;
      break;
    }
  }
  if (suffix.empty()) return std::nullopt;
  for (auto [hf, gguf] : kEmbeddingNames) {
    if (name == hf) return std::string(gguf) + suffix;
  }
  constexpr std::string_view kLayer = "encoder.layer.";
  if (!name.starts_with(kLayer)) return std::nullopt;
  const std::size_t dot = name.find('.', kLayer.size());
  if (dot == std::string::npos) return std::nullopt;
  const std::string block = name.substr(kLayer.size(), dot - kLayer.size());
  const std::string rest = name.substr(dot + 1);
  for (auto [hf, gguf] : kLayerNames) {
    if (rest == hf) return "blk." + block + "." + std::string(gguf) + suffix;
  }
  return std::nullopt;
}

struct Vocabulary {
  std::vector<std::string> tokens;  // in id order, in llama.cpp's "phantom space" spelling
  std::vector<int32_t> types;
  bool lowercase = true;
  std::optional<bool> strip_accents;  // unset: follows lowercase, as BertNormalizer does
  std::array<int64_t, 5> special{};   // [UNK] [CLS] [SEP] [PAD] [MASK]
};

// WordPiece's "##piece" continues a word and "piece" starts one; llama.cpp spells them "piece" and
// "▁piece" (as convert_hf_to_gguf.py does). Control tokens keep their text.
std::string phantom(const std::string& token, int32_t type) {
  if (type == kControl) return token;
  if (token.starts_with("##")) return token.substr(2);
  return "\xE2\x96\x81" + token;
}

bool read_vocabulary_json(const std::filesystem::path& file, Vocabulary& v, std::string& error) {
  auto doc = JsonDocument::load(file, error);
  if (!doc) return false;
  const JsonView model = doc->root()["model"];
  if (model["type"].str() != "WordPiece") {
    error = file.string() + ": only WordPiece tokenizers (BERT's) convert for now";
    return false;
  }
  const JsonView vocab = model["vocab"];
  v.tokens.assign(vocab.size(), {});
  v.types.assign(vocab.size(), kNormal);
  for (std::size_t i = 0; i < vocab.size(); ++i) {
    const auto id = vocab.at(i).integer();
    if (!id || *id < 0 || static_cast<std::size_t>(*id) >= vocab.size()) {
      error = file.string() + ": token ids are not 0..n-1";
      return false;
    }
    v.tokens[static_cast<std::size_t>(*id)] = std::string(vocab.key_at(i));
  }
  const JsonView added = doc->root()["added_tokens"];
  for (std::size_t i = 0; i < added.size(); ++i) {
    const auto id = added.at(i)["id"].integer();
    if (id && *id >= 0 && static_cast<std::size_t>(*id) < v.types.size() &&
        added.at(i)["special"].boolean() == true)
      v.types[static_cast<std::size_t>(*id)] = kControl;
  }
  const JsonView normalizer = doc->root()["normalizer"];
  if (auto lower = normalizer["lowercase"].boolean()) v.lowercase = *lower;
  if (auto strip = normalizer["strip_accents"].boolean()) v.strip_accents = *strip;
  return true;
}

bool read_vocabulary_txt(const std::filesystem::path& file, Vocabulary& v, std::string& error) {
  std::ifstream in(file);
  if (!in) {
    error = "cannot read " + file.string();
    return false;
  }
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const bool special =
        line.size() > 2 && line.front() == '[' && line.back() == ']' && !line.starts_with("[unused");
    v.tokens.push_back(line);
    v.types.push_back(special ? kControl : kNormal);
  }
  return true;
}

std::optional<Vocabulary> read_vocabulary(const std::filesystem::path& dir, std::string& error) {
  Vocabulary v;
  const bool ok = std::filesystem::exists(dir / "tokenizer.json")
                      ? read_vocabulary_json(dir / "tokenizer.json", v, error)
                      : read_vocabulary_txt(dir / "vocab.txt", v, error);
  if (!ok) return std::nullopt;
  constexpr std::array<std::string_view, 5> kSpecial = {"[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"};
  for (std::size_t s = 0; s < kSpecial.size(); ++s) {
    v.special[s] = -1;
    for (std::size_t id = 0; id < v.tokens.size(); ++id) {
      if (v.tokens[id] == kSpecial[s]) v.special[s] = static_cast<int64_t>(id);
    }
    if (v.special[s] < 0) {
      error = dir.string() + ": the vocabulary has no " + std::string(kSpecial[s]) + " token";
      return std::nullopt;
    }
  }
  for (std::size_t id = 0; id < v.tokens.size(); ++id) v.tokens[id] = phantom(v.tokens[id], v.types[id]);
  return v;
}

void write_vocabulary(GgufWriter& w, const Vocabulary& v, uint32_t token_type_count) {
  w.add_u32("tokenizer.ggml.token_type_count", token_type_count);
  w.add_string("tokenizer.ggml.model", "bert");
  w.add_string("tokenizer.ggml.pre", "default");
  w.add_strings("tokenizer.ggml.tokens", v.tokens);
  w.add_i32s("tokenizer.ggml.token_type", v.types);
  const auto [unk, cls, sep, pad, mask] = v.special;
  for (auto [key, id] : {std::pair{"tokenizer.ggml.unknown_token_id", unk},
                         {"tokenizer.ggml.bos_token_id", cls},
                         {"tokenizer.ggml.eos_token_id", sep},
                         {"tokenizer.ggml.seperator_token_id", sep},
                         {"tokenizer.ggml.padding_token_id", pad},
                         {"tokenizer.ggml.cls_token_id", cls},
                         {"tokenizer.ggml.mask_token_id", mask}}) {
    w.add_u32(key, static_cast<uint32_t>(id));
  }
  w.add_bool("tokenizer.ggml.add_bos_token", true);
  w.add_bool("tokenizer.ggml.add_eos_token", true);
  w.add_bool("tokenizer.ggml.normalizer.lowercase", v.lowercase);
  if (v.strip_accents) w.add_bool("tokenizer.ggml.normalizer.strip_accents", *v.strip_accents);
}

// config.json's hyperparameters as llama.cpp's "bert.*" keys.
bool write_hyperparameters(GgufWriter& w, JsonView config, const ConversionOptions& options,
                           std::string& error) {
  constexpr std::pair<std::string_view, std::string_view> kKeys[] = {
      {"max_position_embeddings", "bert.context_length"},
      {"hidden_size", "bert.embedding_length"},
      {"intermediate_size", "bert.feed_forward_length"},
      {"num_attention_heads", "bert.attention.head_count"},
      {"num_hidden_layers", "bert.block_count"},
  };
  for (auto [hf, gguf] : kKeys) {
    const auto value = config[hf].integer();
    if (!value || *value <= 0) {
      error = "config.json has no " + std::string(hf);
      return false;
    }
    w.add_u32(gguf, static_cast<uint32_t>(*value));
  }
  w.add_f32("bert.attention.layer_norm_epsilon",
            static_cast<float>(config["layer_norm_eps"].number().value_or(1e-12)));
  w.add_bool("bert.attention.causal", false);
  w.add_u32("bert.pooling_type", static_cast<uint32_t>(options.pooling_type));
  return true;
}

// BERT tensor names as hf_to_gguf_detail.h's namer gives them.
std::optional<detail::TensorTarget> bert_target(const std::string& hf_name) {
  auto name = bert_tensor_name(hf_name);
  if (!name) return std::nullopt;
  return detail::TensorTarget{std::move(*name)};
}

}  // namespace

namespace detail {
namespace {

// IEEE half precision, rounded to nearest even (as numpy's astype(float16) and F16C do).
uint16_t to_half(float value) {
  uint32_t x = 0;
  std::memcpy(&x, &value, sizeof x);
  const auto sign = static_cast<uint16_t>((x >> 16) & 0x8000);
  uint32_t mantissa = x & 0x7FFFFF;
  const int32_t exponent = static_cast<int32_t>((x >> 23) & 0xFF) - 127 + 15;
  if (((x >> 23) & 0xFF) == 0xFF) return sign | 0x7C00 | (mantissa ? 0x200 : 0);  // inf, nan
  if (exponent >= 0x1F) return sign | 0x7C00;                                     // too large: inf
  uint32_t shift = 13, half = 0;
  if (exponent <= 0) {  // a subnormal half (or zero)
    if (exponent < -10) return sign;
    mantissa |= 0x800000;
    shift = static_cast<uint32_t>(14 - exponent);
  } else {
    half = static_cast<uint32_t>(exponent) << 10;
  }
  half |= mantissa >> shift;
  const uint32_t rest = mantissa & ((1u << shift) - 1), middle = 1u << (shift - 1);
  if (rest > middle || (rest == middle && (half & 1))) ++half;  // a carry into the exponent is right
  return static_cast<uint16_t>(sign | half);
}

// The layers' matrices and the token embedding table are stored in float16, as llama.cpp's
// converter does by default: half the size (EmbeddingGemma's 262,144-token table is 805 MB in
// float32), and faster on the CPU; the cosine to the float32 model stays above 0.99999. Vectors and
// the small position and token-type tables stay float32.
bool as_half(const std::string& name, const SafeTensor& t) {
  return t.dtype == "F32" && t.shape.size() == 2 && (name.starts_with("blk.") || name == "token_embd.weight");
}

std::span<const std::byte> halves(const SafeTensor& t, ConvertedData& data) {
  std::vector<uint16_t>& out = data.halves.emplace_back(t.data.size() / sizeof(float));
  for (std::size_t i = 0; i < out.size(); ++i) {
    float f = 0;
    std::memcpy(&f, t.data.data() + i * sizeof f, sizeof f);
    out[i] = to_half(f);
  }
  return std::as_bytes(std::span<const uint16_t>(out));
}

std::span<const std::byte> shifted(const SafeTensor& t, float shift, ConvertedData& data) {
  std::vector<float>& out = data.floats.emplace_back(t.data.size() / sizeof(float));
  std::memcpy(out.data(), t.data.data(), out.size() * sizeof(float));
  for (float& v : out) v += shift;
  return std::as_bytes(std::span<const float>(out));
}

}  // namespace

bool add_tensors(GgufWriter& w, const SafeTensorsFile& weights, const std::string& file,
                 const TensorNamer& namer, ConvertedData& data, std::string& error) {
  for (const SafeTensor& t : weights.tensors()) {
    const auto target = namer(t.name);
    if (!target) {
      error = file + " has a tensor this converter does not know: '" + t.name + "'";
      return false;
    }
    if (target->name.empty()) continue;
    if (t.dtype != "F32" && (t.dtype != "F16" || target->shift != 0)) {
      error = "tensor '" + t.name + "' is " + t.dtype + "; only F32 and F16 checkpoints convert for now";
      return false;
    }
    const std::vector<int64_t> dims(t.shape.rbegin(), t.shape.rend());
    if (as_half(target->name, t)) {
      w.add_tensor(target->name, dims, GgmlType::F16, halves(t, data));
    } else if (target->shift != 0) {
      w.add_tensor(target->name, dims, GgmlType::F32, shifted(t, target->shift, data));
    } else {
      w.add_tensor(target->name, dims, t.dtype == "F32" ? GgmlType::F32 : GgmlType::F16, t.data);
    }
  }
  return true;
}

std::string model_name(const std::filesystem::path& dir) {
  return (dir.has_filename() ? dir : dir.parent_path()).filename().string();
}

std::vector<std::filesystem::path> dense_modules(const std::filesystem::path& dir) {
  std::string error;  // no modules.json (or an unreadable one): no Dense modules
  auto modules = std::filesystem::exists(dir / "modules.json")
                     ? JsonDocument::load(dir / "modules.json", error)
                     : std::nullopt;
  std::vector<std::filesystem::path> out;
  for (std::size_t i = 0; modules && i < modules->root().size(); ++i) {
    const JsonView m = modules->root().at(i);
    if (m["type"].str().value_or("").ends_with(".Dense")) out.push_back(dir / m["path"].str().value_or(""));
  }
  return out;
}

}  // namespace detail

std::vector<std::filesystem::path> checkpoint_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out{dir / "config.json", dir / "model.safetensors"};
  for (const char* name : {"tokenizer.json", "vocab.txt"}) {
    if (std::filesystem::exists(dir / name)) {
      out.push_back(dir / name);
      break;
    }
  }
  for (const auto& f : out) {
    if (!std::filesystem::is_regular_file(f)) return {};
  }
  if (out.size() != 3) return {};
  // What else a conversion may read: the SentencePiece model, the special tokens, Dense modules.
  for (const char* name : {"tokenizer.model", "tokenizer_config.json", "modules.json"}) {
    if (std::filesystem::is_regular_file(dir / name)) out.push_back(dir / name);
  }
  for (const auto& dense : detail::dense_modules(dir)) {
    for (const char* name : {"config.json", "model.safetensors"}) {
      if (std::filesystem::is_regular_file(dense / name)) out.push_back(dense / name);
    }
  }
  return out;
}

bool convert_checkpoint(const std::filesystem::path& dir, const ConversionOptions& options,
                        const std::filesystem::path& out, std::string& error) {
  auto config = JsonDocument::load(dir / "config.json", error);
  if (!config) return false;
  const std::string type = config->root()["model_type"].str().value_or("");
  if (type == "gemma3_text") return detail::convert_gemma_embedding(dir, config->root(), options, out, error);
  if (type != "bert") {
    error = dir.string() + " holds a '" + type +
            "' model; Kiln converts BERT-family encoders and EmbeddingGemma for now";
    return false;
  }
  if (!detail::dense_modules(dir).empty()) {
    error = dir.string() + ": Dense modules after a BERT encoder are not supported (EmbeddingGemma's are)";
    return false;
  }
  auto weights = SafeTensorsFile::open(dir / "model.safetensors", error);
  auto vocabulary = weights ? read_vocabulary(dir, error) : std::nullopt;
  if (!vocabulary) return false;

  GgufWriter w;
  w.add_string("general.architecture", "bert");
  w.add_string("general.name", detail::model_name(dir));
  w.add_u32("general.file_type", 1);  // "mostly F16": the layers' matrices (see as_half)
  if (!write_hyperparameters(w, config->root(), options, error)) return false;
  write_vocabulary(w, *vocabulary,
                   static_cast<uint32_t>(config->root()["type_vocab_size"].integer().value_or(2)));
  detail::ConvertedData data;
  return detail::add_tensors(w, *weights, "model.safetensors", bert_target, data, error) &&
         w.write(out, error);
}

}  // namespace kiln::models
