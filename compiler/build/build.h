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

BuildResult compile_library(const std::string& cpp_path, const std::string& library_path);

}  // namespace kiln::build
