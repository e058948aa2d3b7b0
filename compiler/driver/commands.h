// The kiln subcommands that go past parsing.
#pragma once

#include <string>

namespace kiln::driver {

struct CompileOptions {
  std::string path;
  std::string function;
  std::string out_dir;
  bool verbose = false;
};
int compile(const CompileOptions& options);

struct RunOptions {
  std::string artifact_dir;
  std::string inputs_json = "{}";
};
int run(const RunOptions& options);

}  // namespace kiln::driver
