/* Kiln's C++ wrapper over the C ABI (kiln.h), header-only: RAII ownership of values, errors and
 * predictors, and C++ exceptions instead of status codes. `kiln::Predictor::open(dir)` loads an
 * artifact's library with dlopen (each artifact carries its own copy of the ABI) and calls the
 * function through that library's entry points.
 *
 *   kiln::Predictor p = kiln::Predictor::open("out/embed");
 *   kiln::Value result = p.run(inputs);          // throws kiln::Error with the Python exception
 */
#pragma once

#include <dlfcn.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

#include "kiln.h"

namespace kiln {

/* A Python exception from a compiled function, or a problem loading an artifact. */
class Error : public std::runtime_error {
 public:
  Error(std::string type, std::string message, std::string file = {}, int line = 0)
      : std::runtime_error(type + ": " + message),
        type_(std::move(type)),
        message_(std::move(message)),
        file_(std::move(file)),
        line_(line) {}
  const std::string& type() const { return type_; }
  const std::string& message() const { return message_; }
  const std::string& file() const { return file_; }
  int line() const { return line_; }

 private:
  std::string type_, message_, file_;
  int line_;
};

/* The entry points of one artifact's library, resolved once. */
class Library {
 public:
  static std::shared_ptr<const Library> open(const std::string& path) {
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) throw Error("ImportError", "cannot load '" + path + "': " + dlerror());
    std::shared_ptr<Library> lib(new Library(handle));
    if (!lib->resolve()) throw Error("ImportError", "'" + path + "' does not export Kiln's entry points");
    if (lib->abi_version() != KILN_ABI_VERSION) {
      throw Error("ImportError", "'" + path + "' was built for Kiln ABI " +
                                     std::to_string(lib->abi_version()) + ", this program speaks " +
                                     std::to_string(KILN_ABI_VERSION) + "; recompile it");
    }
    return lib;
  }
  ~Library() { dlclose(handle_); }
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;

  uint32_t (*abi_version)(void) = nullptr;
  const char* (*error_type)(const kiln_error*) = nullptr;
  const char* (*error_message)(const kiln_error*) = nullptr;
  const char* (*error_file)(const kiln_error*) = nullptr;
  int32_t (*error_line)(const kiln_error*) = nullptr;
  void (*error_release)(kiln_error*) = nullptr;
  void (*value_release)(kiln_value*) = nullptr;
  kiln_predictor_params (*predictor_default_params)(void) = nullptr;
  kiln_status (*predictor_open)(const char*, kiln_predictor_params, kiln_predictor**, kiln_error**) = nullptr;
  const char* (*predictor_signature)(const kiln_predictor*) = nullptr;
  kiln_status (*predictor_run)(kiln_predictor*, const kiln_value*, kiln_value**, kiln_error**) = nullptr;
  void (*predictor_release)(kiln_predictor*) = nullptr;

  /* The C error as an Error (the C error is released). */
  Error take(kiln_error* e) const {
    if (!e) return Error("SystemError", "failed without an error value");
    Error out(error_type(e), error_message(e), error_file(e), error_line(e));
    error_release(e);
    return out;
  }

 private:
  explicit Library(void* handle) : handle_(handle) {}
  template <class F>
  bool get(const char* name, F& out) {
    out = reinterpret_cast<F>(dlsym(handle_, name));
    return out != nullptr;
  }
  bool resolve() {
    return get("kiln_abi_version", abi_version) && get("kiln_error_type", error_type) &&
           get("kiln_error_message", error_message) && get("kiln_error_file", error_file) &&
           get("kiln_error_line", error_line) && get("kiln_error_release", error_release) &&
           get("kiln_value_release", value_release) &&
           get("kiln_predictor_default_params", predictor_default_params) &&
           get("kiln_predictor_open", predictor_open) &&
           get("kiln_predictor_signature", predictor_signature) && get("kiln_predictor_run", predictor_run) &&
           get("kiln_predictor_release", predictor_release);
  }
  void* handle_;
};

/* An owned kiln_value (a result), released by the library that made it. */
class Value {
 public:
  Value(kiln_value* v, std::shared_ptr<const Library> lib) : value_(v), lib_(std::move(lib)) {}
  Value(Value&& other) noexcept : value_(std::exchange(other.value_, nullptr)), lib_(std::move(other.lib_)) {}
  Value& operator=(Value&& other) noexcept {
    std::swap(value_, other.value_);
    std::swap(lib_, other.lib_);
    return *this;
  }
  Value(const Value&) = delete;
  Value& operator=(const Value&) = delete;
  ~Value() {
    if (value_) lib_->value_release(value_);
  }
  const kiln_value* get() const { return value_; }

 private:
  kiln_value* value_;
  std::shared_ptr<const Library> lib_;
};

/* A compiled function, ready to run; one predictor may run on several threads at once. */
class Predictor {
 public:
  /* Opens the artifact in `dir`: its manifest (<function>.json) names the library. */
  static Predictor open(const std::string& dir, const kiln_predictor_params* params = nullptr) {
    auto lib = Library::open((std::filesystem::path(dir) / library_of(dir)).string());
    kiln_predictor* p = nullptr;
    kiln_error* e = nullptr;
    if (lib->predictor_open(dir.c_str(), params ? *params : lib->predictor_default_params(), &p, &e) !=
        KILN_OK) {
      throw lib->take(e);
    }
    return Predictor(p, std::move(lib));
  }
  Predictor(Predictor&& other) noexcept
      : predictor_(std::exchange(other.predictor_, nullptr)), lib_(std::move(other.lib_)) {}
  Predictor(const Predictor&) = delete;
  Predictor& operator=(const Predictor&) = delete;
  ~Predictor() {
    if (predictor_) lib_->predictor_release(predictor_);
  }

  /* The signature as JSON (see kiln.h). */
  std::string signature() const { return lib_->predictor_signature(predictor_); }

  /* Runs with `inputs` (a dict of named arguments); throws Error with the function's exception. */
  Value run(const kiln_value* inputs) const {
    kiln_value* out = nullptr;
    kiln_error* e = nullptr;
    if (lib_->predictor_run(predictor_, inputs, &out, &e) != KILN_OK) throw lib_->take(e);
    return Value(out, lib_);
  }

 private:
  Predictor(kiln_predictor* p, std::shared_ptr<const Library> lib) : predictor_(p), lib_(std::move(lib)) {}

  /* The "library" of the manifest in `dir` (a flat JSON object written by `kiln compile`). */
  static std::string library_of(const std::string& dir) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() != ".json") continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      const std::string json = text.str();
      const std::size_t key = json.find("\"library\": \"");
      if (key == std::string::npos) continue;
      const std::size_t start = key + 12, end = json.find('"', start);
      if (end != std::string::npos) return json.substr(start, end - start);
    }
    if (ec) throw Error("FileNotFoundError", "'" + dir + "' is not a directory");
    throw Error("FileNotFoundError", "'" + dir + "' is not a Kiln artifact (no manifest .json in it)");
  }

  kiln_predictor* predictor_;
  std::shared_ptr<const Library> lib_;
};

}  // namespace kiln
