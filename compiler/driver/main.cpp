// kiln: the command-line driver.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/driver/commands.h"
#include "compiler/parse/parse.h"
#include "compiler/resolve/resolve.h"

namespace {

constexpr const char* kUsage =
    "usage: kiln <command> [options]\n"
    "\n"
    "commands:\n"
    "  parse FILE.py [--dump-ast]      parse FILE.py; with --dump-ast print the tree exactly as\n"
    "                                  CPython's ast.dump() prints it\n"
    "  signature FILE.py -f FUNCTION   print FUNCTION's typed signature as JSON (name, docstring,\n"
    "                                  parameters with type, kind and default, return type), as a\n"
    "                                  compiled artifact's manifest states it\n"
    "  compile FILE.py -f FUNCTION -o OUT_DIR [-v]\n"
    "                                  compile FUNCTION into an artifact in OUT_DIR (its library,\n"
    "                                  manifest, generated C++ and the model files it uses, in\n"
    "                                  resources/); prints each stage's time, and\n"
    "                                  with -v the generated C++'s path\n"
    "  run OUT_DIR [--inputs JSON]     call the artifact with named arguments (a JSON object) and\n"
    "                                  print the result as JSON; a Python exception prints\n"
    "                                  'ExcType: message' as the last line of stderr (exit 1)\n"
    "  help                            show this text\n"
    "\n"
    "Errors are reported as FILE:LINE:COL: error: MESSAGE with the source line and a caret; the exit\n"
    "status is 1 for an error in the input and 2 for a usage error.\n";

struct Options {
  std::string path;
  std::string function;
  std::string out_dir;
  std::string inputs = "{}";
  bool dump_ast = false;
  bool verbose = false;
};

int usage_error(const std::string& message) {
  std::fprintf(stderr, "kiln: %s\n%s", message.c_str(), kUsage);
  return 2;
}

// Parses the command's arguments; prints the problem and returns nullopt on a usage error.
std::optional<Options> parse_options(const std::string& command, const std::vector<std::string>& args) {
  Options o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--dump-ast" && command == "parse") {
      o.dump_ast = true;
    } else if ((a == "-f" || a == "--function") && (command == "signature" || command == "compile") &&
               i + 1 < args.size()) {
      o.function = args[++i];
    } else if (a == "-o" && command == "compile" && i + 1 < args.size()) {
      o.out_dir = args[++i];
    } else if (a == "-v" && command == "compile") {
      o.verbose = true;
    } else if (a == "--inputs" && command == "run" && i + 1 < args.size()) {
      o.inputs = args[++i];
    } else if (!a.empty() && a[0] == '-') {
      usage_error(command + ": unknown option '" + a + "'");
      return std::nullopt;
    } else if (o.path.empty()) {
      o.path = a;
    } else {
      usage_error(command + ": expected one file, got '" + a + "' as well");
      return std::nullopt;
    }
  }
  if (o.path.empty()) {
    usage_error(command + (command == "run" ? ": missing OUT_DIR" : ": missing FILE.py"));
    return std::nullopt;
  }
  if ((command == "signature" || command == "compile") && o.function.empty()) {
    usage_error(command + ": missing -f FUNCTION");
    return std::nullopt;
  }
  if (command == "compile" && o.out_dir.empty()) {
    usage_error("compile: missing -o OUT_DIR");
    return std::nullopt;
  }
  return o;
}

void print_diagnostic(const kiln::diag::Diagnostic& d, const kiln::diag::SourceFile& source) {
  std::string message = kiln::diag::render(d, source);
  std::fwrite(message.data(), 1, message.size(), stderr);
}

// Reads and parses `path`; on failure prints why and returns a result without a module.
kiln::parse::ParseResult load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "kiln: cannot read '%s': %s\n", path.c_str(), std::strerror(errno));
    return {};
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  kiln::parse::ParseResult result = kiln::parse::parse_file_bytes(buffer.str(), path);
  if (result.error) print_diagnostic(*result.error, *result.source);
  return result;
}

int run_parse(const Options& o) {
  kiln::parse::ParseResult parsed = load(o.path);
  if (!parsed.module) return 1;
  if (o.dump_ast) std::cout << kiln::parse::dump(*parsed.module) << '\n';
  return 0;
}

int run_signature(const Options& o) {
  kiln::parse::ParseResult parsed = load(o.path);
  if (!parsed.module) return 1;
  kiln::resolve::Module module = kiln::resolve::collect(*parsed.module);
  for (const kiln::ast::FunctionDef* def : module.functions) {
    if (def->name != o.function) continue;
    kiln::types::TypeTable table;
    std::vector<kiln::diag::Diagnostic> errors;
    auto sig = kiln::resolve::signature(module, *def, table, errors);
    for (const auto& e : errors) print_diagnostic(e, *parsed.source);
    if (!sig) return 1;
    std::cout << kiln::resolve::to_json(*sig) << '\n';
    return 0;
  }
  std::fprintf(stderr, "%s: error: no top-level function named '%s'\n", o.path.c_str(), o.function.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command != "parse" && command != "signature" && command != "compile" && command != "run") {
    return usage_error("unknown command '" + command + "'");
  }
  std::optional<Options> options = parse_options(command, args);
  if (!options) return 2;
  if (command == "compile") {
    return kiln::driver::compile({options->path, options->function, options->out_dir, options->verbose});
  }
  if (command == "run") return kiln::driver::run({options->path, options->inputs});
  return command == "parse" ? run_parse(*options) : run_signature(*options);
}
