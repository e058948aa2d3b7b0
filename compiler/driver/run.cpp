// kiln run: load an artifact through its C entry points, call it with JSON arguments, print JSON.
#include <dlfcn.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "compiler/driver/commands.h"
#include "compiler/driver/json.h"

namespace kiln::driver {
namespace {

// The entry points `kiln run` takes from the artifact's library.
struct Artifact {
  void* handle = nullptr;
  uint32_t (*abi_version)() = nullptr;
  kiln_predictor_params (*default_params)() = nullptr;
  kiln_status (*open)(const char*, kiln_predictor_params, kiln_predictor**, kiln_error**) = nullptr;
  kiln_status (*run)(kiln_predictor*, const kiln_value*, kiln_value**, kiln_error**) = nullptr;
  void (*release)(kiln_predictor*) = nullptr;

  ~Artifact() {
    if (handle) dlclose(handle);
  }
};

template <class T>
bool load_symbol(void* handle, const char* name, T& out) {
  out = reinterpret_cast<T>(dlsym(handle, name));
  return out != nullptr;
}

// Finds the manifest (<function>.json) in `dir` and opens the library it names; "" or why not.
std::string open_artifact(const std::string& dir, Artifact& a) {
  std::string manifest_path;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json") manifest_path = entry.path().string();
  }
  if (ec) return "'" + dir + "' is not a directory";
  if (manifest_path.empty()) return "'" + dir + "' is not a Kiln artifact (no manifest .json in it)";
  std::ifstream in(manifest_path);
  std::stringstream text;
  text << in.rdbuf();
  std::string error;
  std::unique_ptr<kiln_value, void (*)(kiln_value*)> manifest(parse_json(text.str(), error), kiln_value_release);
  const kiln_value* library = manifest ? kiln_value_dict_get(manifest.get(), "library", 7) : nullptr;
  const char* name = nullptr;
  std::size_t size = 0;
  if (!library || kiln_value_get_string(library, &name, &size, nullptr) != KILN_OK) {
    return "'" + manifest_path + "' is not a valid Kiln manifest";
  }
  const std::string path = (std::filesystem::path(dir) / std::string(name, size)).string();
  a.handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!a.handle) return std::string("cannot load '") + path + "': " + dlerror();
  if (!load_symbol(a.handle, "kiln_abi_version", a.abi_version) ||
      !load_symbol(a.handle, "kiln_predictor_default_params", a.default_params) ||
      !load_symbol(a.handle, "kiln_predictor_open", a.open) ||
      !load_symbol(a.handle, "kiln_predictor_run", a.run) || !load_symbol(a.handle, "kiln_predictor_release", a.release)) {
    return "'" + path + "' does not export Kiln's entry points";
  }
  if (a.abi_version() != KILN_ABI_VERSION) {
    return "'" + path + "' was built for Kiln ABI " + std::to_string(a.abi_version()) + ", this kiln speaks " +
           std::to_string(KILN_ABI_VERSION) + "; recompile it";
  }
  return {};
}

// A Python exception: where it happened, then "ExcType: message" as the last line, as CPython ends
// a traceback.
void report(kiln_error* e) {
  if (kiln_error_line(e) > 0) {
    std::fprintf(stderr, "  File \"%s\", line %d\n", kiln_error_file(e), kiln_error_line(e));
  }
  std::fprintf(stderr, "%s: %s\n", kiln_error_type(e), kiln_error_message(e));
  kiln_error_release(e);
}

}  // namespace

int run(const RunOptions& o) {
  Artifact artifact;
  if (std::string problem = open_artifact(o.artifact_dir, artifact); !problem.empty()) {
    std::fprintf(stderr, "kiln: %s\n", problem.c_str());
    return 2;
  }
  std::string error;
  kiln_value* inputs = parse_json(o.inputs_json, error);
  if (!inputs || kiln_value_kind(inputs) != KILN_KIND_DICT) {
    std::fprintf(stderr, "kiln: --inputs must be a JSON object of arguments: %s\n",
                 inputs ? "got another JSON value" : error.c_str());
    kiln_value_release(inputs);
    return 2;
  }
  kiln_predictor* predictor = nullptr;
  kiln_error* e = nullptr;
  if (artifact.open(o.artifact_dir.c_str(), artifact.default_params(), &predictor, &e) != KILN_OK) {
    report(e);
    kiln_value_release(inputs);
    return 1;
  }
  kiln_value* output = nullptr;
  const kiln_status status = artifact.run(predictor, inputs, &output, &e);
  artifact.release(predictor);
  kiln_value_release(inputs);
  if (status != KILN_OK) {
    report(e);
    return 1;
  }
  std::cout << to_json(output) << '\n';
  kiln_value_release(output);
  return 0;
}

}  // namespace kiln::driver
