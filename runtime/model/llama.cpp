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

namespace kiln::rt::llama {

// One loaded model and its context; calls take turns on the context.
class Model {
 public:
  Model(llama_model* model, llama_context* context) : model_(model), context_(context) {}
  ~Model() {
    llama_free(context_);
    llama_model_free(model_);
  }
  const llama_vocab* vocab() const { return llama_model_get_vocab(model_); }
  llama_model* model() const { return model_; }
  llama_context* context() const { return context_; }
  std::mutex& lock() { return lock_; }

 private:
  llama_model* model_;
  llama_context* context_;
  std::mutex lock_;
};

namespace {

int thread_count() {
  if (const char* env = std::getenv("KILN_THREADS")) {
    const int n = std::atoi(env);
    if (n > 0) return n;
  }
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void quiet_log(ggml_log_level, const char*, void*) {}

std::vector<llama_token> tokens_of(Model& m, const std::string& text, bool add_bos, bool special) {
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

// The pooled embedding of one text: the context's own pooling, or the mean of the token vectors.
std::vector<double> embed_one(Model& m, const std::string& text, bool normalize) {
  std::vector<llama_token> tokens = tokens_of(m, text, true, false);
  const auto n_ctx = static_cast<std::size_t>(llama_n_ctx(m.context()));
  if (tokens.size() > n_ctx) tokens.resize(n_ctx);  // truncated, as llama-cpp-python does
  count_tokens(tokens.size());
  const int n_embd = llama_model_n_embd(m.model());
  std::vector<double> out(static_cast<std::size_t>(n_embd), 0.0);
  if (tokens.empty()) return out;
  llama_memory_clear(llama_get_memory(m.context()), true);
  llama_batch batch = llama_batch_init(static_cast<int32_t>(tokens.size()), 0, 1);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    batch.token[i] = tokens[i];
    batch.pos[i] = static_cast<llama_pos>(i);
    batch.n_seq_id[i] = 1;
    batch.seq_id[i][0] = 0;
    batch.logits[i] = true;
  }
  batch.n_tokens = static_cast<int32_t>(tokens.size());
  const int32_t status = llama_decode(m.context(), batch);
  if (status != 0) {
    llama_batch_free(batch);
    throw RuntimeError("the model failed to process the input (llama_decode returned " +
                       std::to_string(status) + ")");
  }
  if (llama_pooling_type(m.context()) != LLAMA_POOLING_TYPE_NONE) {
    const float* pooled = llama_get_embeddings_seq(m.context(), 0);
    for (int k = 0; pooled && k < n_embd; ++k) out[k] = pooled[k];
  } else {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const float* row = llama_get_embeddings_ith(m.context(), static_cast<int32_t>(i));
      for (int k = 0; row && k < n_embd; ++k) out[k] += row[k] / static_cast<double>(tokens.size());
    }
  }
  llama_batch_free(batch);
  if (normalize) {
    double norm = 0;
    for (double x : out) norm += x * x;
    norm = std::sqrt(norm);
    if (norm > 0) {
      for (double& x : out) x /= norm;
    }
  }
  return out;
}

}  // namespace

ModelRef load(const std::string& path, const Options& options) {
  static std::mutex registry_lock;
  static std::map<std::string, ModelRef> registry;
  std::lock_guard<std::mutex> guard(registry_lock);
  const std::string key = path + "|" + std::to_string(options.n_ctx) + "|" +
                          std::to_string(options.pooling_type) + "|" + std::to_string(options.embedding);
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
  params.embeddings = options.embedding;
  params.n_threads = params.n_threads_batch = thread_count();
  if (options.pooling_type >= 0)
    params.pooling_type = static_cast<enum llama_pooling_type>(options.pooling_type);
  llama_context* context = llama_init_from_model(model, params);
  if (!context) {
    llama_model_free(model);
    throw RuntimeError("cannot create a context for the model '" + path + "'");
  }
  return registry[key] = std::make_shared<Model>(model, context);
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
  return List<double>(embed_one(*m, text, normalize));
}

List<List<double>> embed(const ModelRef& m, const List<std::string>& texts, bool normalize) {
  std::lock_guard<std::mutex> guard(m->lock());
  std::vector<List<double>> rows;
  for (const std::string& text : texts.vector()) rows.emplace_back(embed_one(*m, text, normalize));
  return List<List<double>>(std::move(rows));
}

}  // namespace kiln::rt::llama
