#include "runtime/model/llama.h"

#include <llama.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "runtime/counters.h"
#include "runtime/exceptions.h"
#include "runtime/model/wordpiece.h"
#include "runtime/repr.h"

namespace kiln::rt::llama {

// One loaded model and its context; calls take turns on the context.
class Model {
 public:
  Model(llama_model* model, llama_context* context, const Options& options)
      : model_(model),
        context_(context),
        options_(options),
        wordpiece_(llama_vocab_type(llama_model_get_vocab(model)) == LLAMA_VOCAB_TYPE_WPM),
        strips_accents_(wordpiece_ && normaliser_strips_accents(model)) {}
  ~Model() {
    llama_free(context_);
    llama_model_free(model_);
  }
  const llama_vocab* vocab() const { return llama_model_get_vocab(model_); }
  llama_model* model() const { return model_; }
  llama_context* context() const { return context_; }
  std::mutex& lock() { return lock_; }
  const Options& options() const { return options_; }
  bool wordpiece() const { return wordpiece_; }
  bool strips_accents() const { return strips_accents_; }

 private:
  llama_model* model_;
  llama_context* context_;
  Options options_;
  bool wordpiece_, strips_accents_;
  std::mutex lock_;

  // BertNormalizer's strip_accents (unset: as lowercase), as the GGUF file records it.
  static bool normaliser_strips_accents(const llama_model* model) {
    char value[8] = {};
    if (llama_model_meta_val_str(model, "tokenizer.ggml.normalizer.strip_accents", value, sizeof value) >= 0)
      return std::string_view(value) == "true";
    return llama_model_meta_val_str(model, "tokenizer.ggml.normalizer.lowercase", value, sizeof value) >= 0 &&
           std::string_view(value) == "true";
  }
};

namespace {

constexpr uint32_t kMaxSequences = 64;

int thread_count() {
  if (const char* env = std::getenv("KILN_THREADS")) {
    const int n = std::atoi(env);
    if (n > 0) return n;
  }
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void quiet_log(ggml_log_level, const char*, void*) {}

std::vector<llama_token> tokens_of(Model& m, const std::string& raw, bool add_bos, bool special) {
  const std::string text = m.wordpiece() ? wordpiece::prepare(raw, m.strips_accents()) : raw;
  std::vector<llama_token> out(text.size() + 8);
  int32_t n = llama_tokenize(m.vocab(), text.data(), static_cast<int32_t>(text.size()), out.data(),
                             static_cast<int32_t>(out.size()), add_bos, special);
  if (n < 0) {
    out.resize(static_cast<std::size_t>(-n));
    n = llama_tokenize(m.vocab(), text.data(), static_cast<int32_t>(text.size()), out.data(),
                       static_cast<int32_t>(out.size()), add_bos, special);
  }
  if (n < 0) throw RuntimeError("the model could not tokenize the input");
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// Cuts `tokens` to `limit` (0: no limit); `keep_last` keeps the final special token ([SEP]) last, as
// Hugging Face tokenizers truncate.
void cut(const Model& m, std::vector<llama_token>& tokens, std::size_t limit, bool keep_last) {
  if (tokens.size() <= limit || limit == 0) return;
  const llama_token last = tokens.back();
  tokens.resize(limit);
  if (keep_last && (llama_vocab_get_add_sep(m.vocab()) || llama_vocab_get_add_eos(m.vocab())))
    tokens.back() = last;
}

// Inputs longer than the context are cut, as llama-cpp-python does; with a max_seq_length, the
// final special token stays last, as sentence-transformers' tokenizer keeps [SEP].
void truncate(const Model& m, std::vector<llama_token>& tokens) {
  const int64_t max_seq = m.options().max_seq_length;
  const auto n_ctx = static_cast<std::size_t>(llama_n_ctx(m.context()));
  const std::size_t limit = max_seq > 0 ? std::min(n_ctx, static_cast<std::size_t>(max_seq)) : n_ctx;
  cut(m, tokens, limit, max_seq > 0);
}

// A model's input: a text's tokens, truncated. sentence-transformers' Hugging Face tokenizer
// matches special tokens written in the text; llama-cpp-python's embed does not.
std::vector<llama_token> input_tokens(Model& m, const std::string& text) {
  std::vector<llama_token> tokens = tokens_of(m, text, true, m.options().max_seq_length > 0);
  truncate(m, tokens);
  count_tokens(tokens.size());
  return tokens;
}

// Frees a llama_batch on every path out.
struct Batch {
  explicit Batch(std::size_t tokens) : b(llama_batch_init(static_cast<int32_t>(tokens), 0, 1)) {}
  ~Batch() { llama_batch_free(b); }
  llama_batch b;
};

// Runs inputs[first, last) in one llama_decode, each its own sequence.
void decode(Model& m, const std::vector<std::vector<llama_token>>& inputs, std::size_t first,
            std::size_t last) {
  std::size_t total = 0;
  for (std::size_t i = first; i < last; ++i) total += inputs[i].size();
  llama_memory_clear(llama_get_memory(m.context()), true);
  Batch batch(total);
  for (std::size_t i = first; i < last; ++i) {
    for (std::size_t t = 0; t < inputs[i].size(); ++t) {
      const int32_t k = batch.b.n_tokens++;
      batch.b.token[k] = inputs[i][t];
      batch.b.pos[k] = static_cast<llama_pos>(t);
      batch.b.n_seq_id[k] = 1;
      batch.b.seq_id[k][0] = static_cast<llama_seq_id>(i - first);
      batch.b.logits[k] = true;
    }
  }
  if (const int32_t status = llama_decode(m.context(), batch.b); status != 0)
    throw RuntimeError("the model failed to process the input (llama_decode returned " +
                       std::to_string(status) + ")");
}

// Runs inputs[first, last) and writes one vector per input to `out` (rows of n_embd): the
// context's pooling, or the mean of the token vectors.
void decode_pooled(Model& m, const std::vector<std::vector<llama_token>>& inputs, std::size_t first,
                   std::size_t last, double* out) {
  decode(m, inputs, first, last);
  const int n_embd = llama_model_n_embd(m.model());
  int32_t token = 0;
  for (std::size_t i = first; i < last; ++i, out += n_embd) {
    if (llama_pooling_type(m.context()) != LLAMA_POOLING_TYPE_NONE) {
      const float* pooled = llama_get_embeddings_seq(m.context(), static_cast<llama_seq_id>(i - first));
      for (int k = 0; pooled && k < n_embd; ++k) out[k] = pooled[k];
      continue;
    }
    const double n = static_cast<double>(inputs[i].size());
    for (std::size_t t = 0; t < inputs[i].size(); ++t) {
      const float* row = llama_get_embeddings_ith(m.context(), token++);
      for (int k = 0; row && k < n_embd; ++k) out[k] += row[k] / n;
    }
  }
}

// Calls run(first, last) over consecutive, non-empty groups of inputs, each as many as one
// llama_decode holds (tokens and sequence count).
template <class Run>
void for_each_batch(const Model& m, const std::vector<std::vector<llama_token>>& inputs, Run&& run) {
  const std::size_t max_tokens = llama_n_batch(m.context()), max_seqs = llama_n_seq_max(m.context());
  for (std::size_t first = 0, last = 0; first < inputs.size(); first = last) {
    std::size_t tokens = inputs[first].size();
    for (last = first + 1;
         last < inputs.size() && last - first < max_seqs && tokens + inputs[last].size() <= max_tokens;
         ++last) {
      tokens += inputs[last].size();
    }
    if (tokens > 0) run(first, last);
  }
}

void normalize_rows(std::vector<double>& values, std::size_t width) {
  for (std::size_t r = 0; r + width <= values.size(); r += width) {
    double norm = 0;
    for (std::size_t k = r; k < r + width; ++k) norm += values[k] * values[k];
    norm = std::sqrt(norm);
    if (norm > 0) {
      for (std::size_t k = r; k < r + width; ++k) values[k] /= norm;
    }
  }
}

// One pooled vector per text, row after row.
std::vector<double> embed_texts(Model& m, const std::vector<std::string>& texts, bool normalize) {
  std::vector<std::vector<llama_token>> inputs;
  for (const std::string& text : texts) inputs.push_back(input_tokens(m, text));
  const auto n_embd = static_cast<std::size_t>(llama_model_n_embd(m.model()));
  std::vector<double> out(inputs.size() * n_embd, 0.0);
  for_each_batch(m, inputs, [&](std::size_t first, std::size_t last) {
    decode_pooled(m, inputs, first, last, out.data() + first * n_embd);
  });
  if (normalize) normalize_rows(out, n_embd);
  return out;
}

// The prompt encode prefixes, as sentence-transformers picks it: `prompt`, else the one named
// `prompt_name`, else the default one.
std::optional<std::string> chosen_prompt(const Options& options, const std::optional<std::string>& prompt,
                                         const std::optional<std::string>& prompt_name) {
  if (prompt) return prompt;
  const std::string& name = prompt_name ? *prompt_name : options.default_prompt_name;
  std::string keys;
  for (const auto& [key, text] : options.prompts) {
    if (key == name) return text;
    keys += (keys.empty() ? "" : ", ") + kiln::runtime::repr_str(key);
  }
  if (prompt_name)
    throw ValueError("Prompt name '" + *prompt_name +
                     "' not found in the configured prompts dictionary with keys [" + keys + "].");
  return std::nullopt;
}

}  // namespace

ModelRef load(const std::string& path, const Options& options) {
  static std::mutex registry_lock;
  static std::map<std::string, ModelRef> registry;
  std::lock_guard<std::mutex> guard(registry_lock);
  const std::string key = path + "|" + std::to_string(options.n_ctx) + "|" +
                          std::to_string(options.pooling_type) + "|" + std::to_string(options.embedding) +
                          "|" + std::to_string(options.max_seq_length) + "|" +
                          std::to_string(options.normalize);
  if (auto it = registry.find(key); it != registry.end()) return it->second;
  static std::once_flag backend;
  std::call_once(backend, [] {
    llama_log_set(quiet_log, nullptr);
    llama_backend_init();
  });
  llama_model_params model_params = llama_model_default_params();
  llama_model* model = llama_model_load_from_file(path.c_str(), model_params);
  if (!model) throw RuntimeError("cannot load the model file '" + path + "' (missing, or not a GGUF model)");
  llama_context_params params = llama_context_default_params();
  params.n_ctx = static_cast<uint32_t>(options.n_ctx);
  params.n_batch = params.n_ubatch = static_cast<uint32_t>(options.n_ctx);
  // sentence-transformers' encoders take several texts per call, each its own sequence.
  if (options.max_seq_length > 0) params.n_seq_max = kMaxSequences;
  params.embeddings = options.embedding;
  params.n_threads = params.n_threads_batch = thread_count();
  if (options.pooling_type >= 0)
    params.pooling_type = static_cast<enum llama_pooling_type>(options.pooling_type);
  llama_context* context = llama_init_from_model(model, params);
  if (!context) {
    llama_model_free(model);
    throw RuntimeError("cannot create a context for the model '" + path + "'");
  }
  return registry[key] = std::make_shared<Model>(model, context, options);
}

List<int64_t> tokenize(const ModelRef& m, const std::string& text, bool add_bos, bool special) {
  std::lock_guard<std::mutex> guard(m->lock());
  const std::vector<llama_token> tokens = tokens_of(*m, text, add_bos, special);
  count_tokens(tokens.size());
  return List<int64_t>(std::vector<int64_t>(tokens.begin(), tokens.end()));
}

std::string detokenize(const ModelRef& m, const List<int64_t>& tokens) {
  std::lock_guard<std::mutex> guard(m->lock());
  std::string out;
  char piece[256];
  const int32_t n_vocab = llama_vocab_n_tokens(m->vocab());
  for (int64_t t : tokens.vector()) {
    if (t < 0 || t >= n_vocab)
      throw ValueError("token id " + std::to_string(t) + " is not in the vocabulary");
    const int32_t n =
        llama_token_to_piece(m->vocab(), static_cast<llama_token>(t), piece, sizeof piece, 0, false);
    if (n > 0) out.append(piece, static_cast<std::size_t>(n));
  }
  return out;
}

List<double> embed(const ModelRef& m, const std::string& text, bool normalize) {
  std::lock_guard<std::mutex> guard(m->lock());
  return List<double>(embed_texts(*m, {text}, normalize));
}

List<List<double>> embed(const ModelRef& m, const List<std::string>& texts, bool normalize) {
  std::lock_guard<std::mutex> guard(m->lock());
  const std::vector<double> values = embed_texts(*m, texts.vector(), normalize);
  const auto n_embd = static_cast<std::ptrdiff_t>(llama_model_n_embd(m->model()));
  std::vector<List<double>> rows;
  for (auto row = values.begin(); row != values.end(); row += n_embd)
    rows.emplace_back(std::vector<double>(row, row + n_embd));
  return List<List<double>>(std::move(rows));
}

NdArray encode(const ModelRef& m, const List<std::string>& texts, const std::optional<std::string>& prompt,
               int64_t batch_size, bool normalize, const std::optional<std::string>& prompt_name) {
  if (batch_size <= 0) throw ValueError("batch_size must be positive");
  const bool unit = normalize || m->options().normalize;
  std::vector<std::string> inputs = texts.vector();
  if (const auto prefix = chosen_prompt(m->options(), prompt, prompt_name)) {
    for (std::string& text : inputs) text.insert(0, *prefix);
  }
  NdArray out(DType::Float32, {static_cast<int64_t>(inputs.size()), llama_model_n_embd(m->model())});
  std::lock_guard<std::mutex> guard(m->lock());
  const std::vector<double> values = embed_texts(*m, inputs, unit);
  std::copy(values.begin(), values.end(),
            out.elements<float>().begin());  // float32, as sentence-transformers returns
  return out;
}

NdArray encode(const ModelRef& m, const std::string& text, const std::optional<std::string>& prompt,
               int64_t batch_size, bool normalize, const std::optional<std::string>& prompt_name) {
  NdArray rows = encode(m, List<std::string>{text}, prompt, batch_size, normalize, prompt_name);
  return NdArray(DType::Float32, {rows.shape()[1]}, rows.buffer());
}

int64_t max_seq_length(const ModelRef& m) {
  const int64_t n = m->options().max_seq_length;
  return n > 0 ? n : m->options().n_ctx;
}

int64_t embedding_dimension(const ModelRef& m) {
  return llama_model_n_embd(m->model());
}

List<int64_t> tokenizer_encode(const ModelRef& m, const std::string& text, bool add_special_tokens) {
  std::lock_guard<std::mutex> guard(m->lock());
  const std::vector<llama_token> tokens = tokens_of(*m, text, add_special_tokens, true);
  count_tokens(tokens.size());
  return List<int64_t>(std::vector<int64_t>(tokens.begin(), tokens.end()));
}

std::vector<std::vector<int64_t>> encode_texts(const ModelRef& m, const std::vector<std::string>& texts,
                                               bool add_special_tokens, int64_t max_length) {
  std::lock_guard<std::mutex> guard(m->lock());
  std::vector<std::vector<int64_t>> out;
  for (const std::string& text : texts) {
    std::vector<llama_token> tokens = tokens_of(*m, text, add_special_tokens, true);
    cut(*m, tokens, static_cast<std::size_t>(std::max<int64_t>(max_length, 0)), add_special_tokens);
    count_tokens(tokens.size());
    out.emplace_back(tokens.begin(), tokens.end());
  }
  return out;
}

int64_t pad_token(const ModelRef& m) {
  const llama_token pad = llama_vocab_pad(m->vocab());
  return pad < 0 ? 0 : pad;
}

std::vector<std::vector<float>> token_states(const ModelRef& m,
                                             const std::vector<std::vector<int64_t>>& ids) {
  const int32_t n_vocab = llama_vocab_n_tokens(m->vocab());
  std::vector<std::vector<llama_token>> inputs;
  for (const auto& row : ids) {
    if (static_cast<int64_t>(row.size()) > m->options().n_ctx)
      throw ValueError("an input of " + std::to_string(row.size()) + " tokens is longer than the model's " +
                       std::to_string(m->options().n_ctx) + " positions (tokenize with truncation=True)");
    for (int64_t t : row) {
      if (t < 0 || t >= n_vocab)
        throw ValueError("token id " + std::to_string(t) + " is not in the vocabulary");
    }
    inputs.emplace_back(row.begin(), row.end());
  }
  const auto n_embd = static_cast<std::size_t>(llama_model_n_embd(m->model()));
  std::vector<std::vector<float>> out(inputs.size());
  std::lock_guard<std::mutex> guard(m->lock());
  for_each_batch(*m, inputs, [&](std::size_t first, std::size_t last) {
    decode(*m, inputs, first, last);
    int32_t token = 0;
    for (std::size_t i = first; i < last; ++i) {
      for (std::size_t t = 0; t < inputs[i].size(); ++t) {
        const float* row = llama_get_embeddings_ith(m->context(), token++);
        if (!row) throw RuntimeError("the model gave no hidden state for a token");
        out[i].insert(out[i].end(), row, row + n_embd);
      }
    }
  });
  return out;
}

}  // namespace kiln::rt::llama
