// Models inside compiled functions, as llama-cpp-python's `Llama` (GGUF files on llama.cpp): the
// model loads once per file and process, is shared by every call and thread, and its ops report the
// tokens they process (runtime/counters.h). This header needs nothing of llama.cpp; llama.cpp is
// linked only into artifacts that use a model.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/list.h"
#include "runtime/ndarray.h"

namespace kiln::rt::llama {

struct Options {
  int64_t n_ctx = 512;        // the context (and batch) size: longer inputs are truncated
  int64_t pooling_type = -1;  // llama.cpp's enum: -1 the model's own, 0 none, 1 mean, 2 cls, 3 last
  bool embedding = false;
  // sentence-transformers: its max_seq_length (0: n_ctx), and whether a Normalize module follows
  // pooling. Its truncation keeps the final special token ([SEP]), as Hugging Face tokenizers do.
  int64_t max_seq_length = 0;
  bool normalize = false;
  // sentence-transformers' prompts (config_sentence_transformers.json): name → text, and the name
  // encode uses when given neither a prompt nor a prompt_name (empty: none).
  std::vector<std::pair<std::string, std::string>> prompts;
  std::string default_prompt_name;
};

class Model;
using ModelRef = std::shared_ptr<Model>;

// The model in GGUF file `path` (loaded on first use; RuntimeError naming the file if it cannot be).
ModelRef load(const std::string& path, const Options& options);

// llm.tokenize(text, add_bos=True, special=False): token ids of UTF-8 bytes.
List<int64_t> tokenize(const ModelRef& m, const std::string& text, bool add_bos, bool special);
// llm.detokenize(tokens): the bytes those tokens spell.
std::string detokenize(const ModelRef& m, const List<int64_t>& tokens);
// llm.embed(input, normalize=True): one pooled vector per text (L2-normalised when asked).
List<double> embed(const ModelRef& m, const std::string& text, bool normalize);
List<List<double>> embed(const ModelRef& m, const List<std::string>& texts, bool normalize);

// SentenceTransformer.encode(sentences, prompt=None, batch_size=32, normalize_embeddings=False,
// prompt_name=None): float32 embeddings, shape (n, dim) for a list and (dim,) for one text. Without a
// prompt, prompt_name picks one of the model's prompts (ValueError if it has no such one), else the
// default prompt applies.
NdArray encode(const ModelRef& m, const List<std::string>& texts, const std::optional<std::string>& prompt,
               int64_t batch_size, bool normalize, const std::optional<std::string>& prompt_name);
NdArray encode(const ModelRef& m, const std::string& text, const std::optional<std::string>& prompt,
               int64_t batch_size, bool normalize, const std::optional<std::string>& prompt_name);
int64_t max_seq_length(const ModelRef& m);
int64_t embedding_dimension(const ModelRef& m);
// model.tokenizer.encode(text, add_special_tokens=True): token ids as Hugging Face's tokenizer gives
// them (special tokens written in the text are recognised; no truncation).
List<int64_t> tokenizer_encode(const ModelRef& m, const std::string& text, bool add_special_tokens);

// Hugging Face's tokenizer(texts) before padding: each text's ids (special tokens written in the text
// recognised), cut to `max_length` tokens (0: no limit) keeping the final special token last.
std::vector<std::vector<int64_t>> encode_texts(const ModelRef& m, const std::vector<std::string>& texts,
                                               bool add_special_tokens, int64_t max_length);
// The id padding positions hold (the vocabulary's [PAD], else 0).
int64_t pad_token(const ModelRef& m);
// The model's last hidden state for each input (a context without pooling): per input, its tokens'
// vectors one after another (n_embd floats each).
std::vector<std::vector<float>> token_states(const ModelRef& m, const std::vector<std::vector<int64_t>>& ids);

}  // namespace kiln::rt::llama
