#include "compiler/driver/bundle_models.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "compiler/build/build.h"
#include "compiler/models/sentence_transformers.h"

namespace kiln::driver {
namespace {

namespace fs = std::filesystem;

// Tokens per llama.cpp call for Hugging Face directories' models. Attention runs over the whole call
// (masked between texts), so fewer tokens per call waste less of it: 256 measured 7% faster than 512.
constexpr int64_t kBatchTokens = 256;

bool is_identifier(const std::string& s) {
  return !s.empty() && !std::isdigit(static_cast<unsigned char>(s[0])) &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

// What a Python program prints, run by the interpreter ($KILN_PYTHON or python3) at compile time
// only; nullopt when it fails. The program goes in argv, never through a shell.
std::optional<std::string> run_python(const std::string& program) {
  const char* env = std::getenv("KILN_PYTHON");
  const std::string python = env && *env ? env : "python3";
  int fds[2];
  if (pipe(fds) != 0) return std::nullopt;
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    if (int null = open("/dev/null", O_WRONLY); null >= 0) dup2(null, STDERR_FILENO);
    execlp(python.c_str(), python.c_str(), "-c", program.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  std::string out;
  std::array<char, 4096> buffer{};
  for (ssize_t n; pid > 0 && (n = read(fds[0], buffer.data(), buffer.size())) > 0;)
    out.append(buffer.data(), n);
  close(fds[0]);
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return std::nullopt;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// The directory of an installed Python package; nullopt when there is no such package.
std::optional<fs::path> package_dir(const std::string& package) {
  if (!is_identifier(package)) return std::nullopt;
  auto dir =
      run_python("import importlib.util\ns = importlib.util.find_spec('" + package +
                 "')\nprint(s.submodule_search_locations[0] if s and s.submodule_search_locations else '')");
  if (!dir || dir->empty()) return std::nullopt;
  return fs::path(*dir);
}

// The model path a constructor names: its literal, or its expression evaluated by CPython.
std::optional<std::string> written_path(const resolve::ModelConstant& m) {
  if (m.path_expression.empty()) return m.path;
  return run_python(m.path_imports + "print(" + m.path_expression + ")");
}

// A model path as written: absolute, relative to the source file, or (its first part naming an
// installed Python package) inside that package.
std::optional<fs::path> locate(const std::string& written, const std::string& source_path) {
  if (written.empty()) return std::nullopt;
  std::error_code ec;
  const fs::path path(written);
  if (path.is_absolute()) return fs::exists(path, ec) ? std::optional(path) : std::nullopt;
  const fs::path beside = fs::path(source_path).parent_path() / path;
  if (fs::exists(beside, ec)) return beside;
  const auto package = package_dir(path.begin()->string());
  if (!package) return std::nullopt;
  fs::path inside = *package;
  for (auto part = std::next(path.begin()); part != path.end(); ++part) inside /= *part;
  return fs::exists(inside, ec) ? std::optional(inside) : std::nullopt;
}

// `file` as OUT/resources/NAME: a hard link when the file system allows (weights are large), else
// a copy; an up-to-date one is left alone.
bool place_resource(const fs::path& file, const fs::path& out_dir, std::string& error) {
  std::error_code ec;
  const fs::path resources = out_dir / "resources";
  fs::create_directories(resources, ec);
  const fs::path target = resources / file.filename();
  const bool fresh = fs::exists(target, ec) && fs::file_size(target, ec) == fs::file_size(file, ec) &&
                     fs::last_write_time(target, ec) >= fs::last_write_time(file, ec);
  if (fresh) return true;
  fs::remove(target, ec);
  fs::create_hard_link(file, target, ec);
  if (ec) {
    ec.clear();
    fs::copy_file(file, target, fs::copy_options::overwrite_existing, ec);
  }
  if (ec) error = "cannot copy the model file '" + file.string() + "': " + ec.message();
  return !ec;
}

// The path for a message: as written, or the expression and what it gave.
std::string shown_path(const resolve::ModelConstant& m, const std::optional<std::string>& written) {
  if (m.path_expression.empty()) return m.path;
  return m.path_expression + (written ? "' = '" + *written : "' (which CPython could not evaluate)");
}

diag::Diagnostic model_error(const resolve::ModelConstant& m, const std::string& message,
                             const std::string& hint) {
  diag::Diagnostic d = diag::error(m.span, message);
  if (!hint.empty()) d.hints.push_back(hint);
  return d;
}

// The model's path, found: a file (Llama) or a directory (the others); a diagnostic with
// `hint` when there is none.
std::optional<fs::path> find_model(const resolve::ModelConstant& m, const std::string& source_path,
                                   bool directory, const std::string& hint,
                                   std::vector<diag::Diagnostic>& errors) {
  const auto written = written_path(m);
  const auto path = written ? locate(*written, source_path) : std::nullopt;
  std::error_code ec;
  if (path && (directory ? fs::is_directory(*path, ec) : fs::is_regular_file(*path, ec))) return path;
  errors.push_back(model_error(m,
                               "the model " + std::string(directory ? "directory" : "file") + " '" +
                                   shown_path(m, written) + "' does not exist",
                               hint));
  return std::nullopt;
}

// A Llama's GGUF file, with the constructor's settings.
std::optional<codegen::UsedModel> prepare_llama(const resolve::ModelConstant& m,
                                                const std::string& source_path,
                                                std::vector<diag::Diagnostic>& errors) {
  const auto file = find_model(
      m, source_path, false,
      "give model_path as a path to a .gguf file (relative to this source file, or absolute)", errors);
  if (!file) return std::nullopt;
  return codegen::UsedModel{&m, file->string(), m.n_ctx, m.pooling_type, m.embedding, 0, false, {}, {}};
}

// A Hugging Face directory (SentenceTransformer's, or transformers' AutoTokenizer and AutoModel):
// its settings read, its checkpoint converted to GGUF (cached).
std::optional<codegen::UsedModel> prepare_directory(const resolve::ModelConstant& m,
                                                    const std::string& source_path,
                                                    std::vector<diag::Diagnostic>& errors) {
  const auto dir =
      find_model(m, source_path, true,
                 "give a directory relative to this source file, an absolute one, or one inside an "
                 "installed Python package ('package_name/model'); Kiln never downloads models",
                 errors);
  if (!dir) return std::nullopt;
  std::string error;
  const bool sentence_transformer = m.cls == "SentenceTransformer";
  auto config = sentence_transformer ? models::read_sentence_transformer(*dir, error)
                                     : models::read_transformers_model(*dir, error);
  auto gguf = config ? models::prepare_gguf(*config, models::default_cache_dir(), error) : std::nullopt;
  if (!gguf) {
    errors.push_back(model_error(m, "cannot prepare the model in '" + dir->string() + "': " + error, ""));
    return std::nullopt;
  }
  // Texts go to the model several at a time: the context holds at least a batch's worth of tokens.
  const int64_t n_ctx = std::max<int64_t>(kBatchTokens, config->max_seq_length);
  if (!sentence_transformer)  // transformers' model gives every token's hidden state: no pooling
    return codegen::UsedModel{&m, gguf->string(), n_ctx, 0, true, config->max_seq_length, false, {}, {}};
  return codegen::UsedModel{&m,
                            gguf->string(),
                            n_ctx,
                            config->pooling_type,
                            true,
                            config->max_seq_length,
                            config->normalize,
                            config->prompts,
                            config->default_prompt_name};
}

// Files an earlier compile into the same directory left in OUT/resources and this one does not
// use: the artifact carries only its own models.
void remove_stale_resources(const fs::path& resources, const std::vector<codegen::UsedModel>& used) {
  std::error_code ec;
  std::vector<fs::path> stale;
  for (const auto& entry : fs::directory_iterator(resources, ec)) {
    const std::string name = entry.path().filename().string();
    if (std::none_of(used.begin(), used.end(),
                     [&](const codegen::UsedModel& u) { return u.resource == name; }))
      stale.push_back(entry.path());
  }
  for (const fs::path& p : stale) fs::remove(p, ec);
}

}  // namespace

std::vector<const resolve::ModelConstant*> used_models(const std::vector<const ir::Function*>& functions,
                                                       const resolve::Module& module) {
  std::vector<const resolve::ModelConstant*> out;
  for (const ir::Function* f : functions) {
    for (const ir::Expr& e : f->expr_storage) {
      if (e.kind != ir::ExprKind::Op || !e.name.starts_with("model:")) continue;
      const resolve::ModelConstant* m = module.model(e.name.substr(e.name.find(':', 6) + 1));
      if (m && std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
    }
  }
  return out;
}

bool bundle_models(const std::vector<const resolve::ModelConstant*>& models, const std::string& source_path,
                   const std::string& out_dir, std::vector<codegen::UsedModel>& used,
                   std::vector<diag::Diagnostic>& errors) {
  for (const resolve::ModelConstant* m : models) {
    if (!build::models_available()) {
      errors.push_back(model_error(*m,
                                   "this kiln was built without llama.cpp, so it cannot compile model calls",
                                   "run scripts/setup, which builds llama.cpp, then rebuild kiln"));
      return false;
    }
    auto prepared = m->cls == "Llama" ? prepare_llama(*m, source_path, errors)
                                      : prepare_directory(*m, source_path, errors);
    if (!prepared) return false;
    std::string error;
    const fs::path file = prepared->resource;
    if (!place_resource(file, out_dir, error)) {
      errors.push_back(model_error(*m, error, ""));
      return false;
    }
    prepared->resource = file.filename().string();
    used.push_back(std::move(*prepared));
  }
  remove_stale_resources(fs::path(out_dir) / "resources", used);
  return true;
}

}  // namespace kiln::driver
