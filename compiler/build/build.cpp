#include "compiler/build/build.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace kiln::build {
namespace {

// Single-quoted for the shell: paths may hold spaces.
std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string run(const std::string& command, bool& ok) {
  std::string output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) {
    ok = false;
    return "cannot run the C++ compiler";
  }
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  ok = pclose(pipe) == 0;
  return output;
}

// The model runtime and llama.cpp's static libraries, grouped (they refer to each other).
std::string model_libraries() {
#ifdef KILN_MODEL_LIB
  std::string out = " -Wl,--start-group " + quote(KILN_MODEL_LIB);
  std::string libs = KILN_LLAMA_LIBS;
  for (std::size_t start = 0; start <= libs.size();) {
    const std::size_t bar = std::min(libs.find('|', start), libs.size());
    out += " " + quote(libs.substr(start, bar - start));
    start = bar + 1;
  }
  return out + " -Wl,--end-group -lpthread";
#else
  return "";
#endif
}

}  // namespace

bool models_available() {
#ifdef KILN_MODEL_LIB
  return true;
#else
  return false;
#endif
}

BuildResult compile_library(const std::string& cpp_path, const std::string& library_path, bool with_models) {
  const std::filesystem::path exports = std::filesystem::path(library_path).parent_path() / "exports.map";
  std::ofstream(exports) << "{ global: kiln_*; local: *; };\n";
  BuildResult r;
  r.command = std::string(KILN_CXX) + " -std=c++20 -O2 -fPIC -shared -fvisibility=hidden -w -I" +
              quote(KILN_SOURCE_DIR) + " " + quote(cpp_path) + " -Wl,--whole-archive " + quote(KILN_ABI_LIB) +
              " -Wl,--no-whole-archive " + (with_models ? model_libraries() + " " : std::string()) +
              // OpenBLAS last: its members are pulled in only when matmul is linked.
              quote(KILN_RUNTIME_LIB) + " " + quote(KILN_BLAS_LIB) + " -lpthread" +
              " -static-libstdc++ -static-libgcc -Wl,--version-script=" + quote(exports.string()) + " -o " +
              quote(library_path);
  r.output = run(r.command, r.ok);
  std::filesystem::remove(exports);
  return r;
}

}  // namespace kiln::build
