// kiln run: load an artifact through its C entry points, call it with JSON arguments, print JSON.
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "compiler/driver/commands.h"
#include "compiler/driver/json.h"
#include "include/kiln/kiln.hpp"

namespace kiln::driver {
namespace {

// A Python exception: where it happened, then "ExcType: message" as the last line, as CPython ends
// a traceback.
void report(const kiln::Error& e) {
  if (e.line() > 0) std::fprintf(stderr, "  File \"%s\", line %d\n", e.file().c_str(), e.line());
  std::fprintf(stderr, "%s: %s\n", e.type().c_str(), e.message().c_str());
}

}  // namespace

int run(const RunOptions& o) {
  std::optional<kiln::Predictor> predictor;
  try {
    predictor.emplace(kiln::Predictor::open(o.artifact_dir));
  } catch (const kiln::Error& e) {
    // A library that cannot load is a usage problem (exit 2); an error the artifact reports, a failure.
    if (e.type() == "ImportError" || e.type() == "FileNotFoundError") {
      std::fprintf(stderr, "kiln: %s\n", e.message().c_str());
      return 2;
    }
    report(e);
    return 1;
  }
  std::string error;
  std::unique_ptr<kiln_value, void (*)(kiln_value*)> inputs(parse_json(o.inputs_json, error),
                                                            kiln_value_release);
  if (!inputs || kiln_value_kind(inputs.get()) != KILN_KIND_DICT) {
    std::fprintf(stderr, "kiln: --inputs must be a JSON object of arguments: %s\n",
                 inputs ? "got another JSON value" : error.c_str());
    return 2;
  }
  try {
    const kiln::Value output = predictor->run(inputs.get());
    std::cout << to_json(output.get()) << '\n';
  } catch (const kiln::Error& e) {
    report(e);
    return 1;
  }
  return 0;
}

}  // namespace kiln::driver
