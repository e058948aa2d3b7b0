// Build: generated C++ to the artifact's shared library, with the system C++ compiler. The runtime
// and the C ABI are prebuilt static libraries, linked in whole so the library needs nothing beyond
// glibc; a version script exports exactly the kiln_* entry points.
#pragma once

#include <string>

namespace kiln::build {

struct BuildResult {
  bool ok = false;
  std::string command;
  std::string output;  // the compiler's messages
};

// `with_models`: the function uses a model, so the model runtime and llama.cpp are linked in too.
BuildResult compile_library(const std::string& cpp_path, const std::string& library_path,
                            bool with_models = false);

// Whether this kiln was built with llama.cpp (scripts/build_llama), so artifacts can use models.
bool models_available();

}  // namespace kiln::build
