// kiln: the command-line driver.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/parse/parse.h"

namespace {

constexpr const char* kUsage =
    "usage: kiln <command> [options]\n"
    "\n"
    "commands:\n"
    "  parse FILE.py [--dump-ast]   parse FILE.py; with --dump-ast print the tree exactly as\n"
    "                               CPython's ast.dump() prints it. Syntax errors are reported as\n"
    "                               FILE:LINE:COL: error: MESSAGE with the line and a caret (exit 1).\n"
    "  help                         show this text\n";

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  return true;
}

int run_parse(const std::vector<std::string>& args) {
  std::string path;
  bool dump_ast = false;
  for (const std::string& a : args) {
    if (a == "--dump-ast") {
      dump_ast = true;
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "kiln parse: unknown option '%s'\n%s", a.c_str(), kUsage);
      return 2;
    } else if (path.empty()) {
      path = a;
    } else {
      std::fprintf(stderr, "kiln parse: expected one file, got '%s' as well\n", a.c_str());
      return 2;
    }
  }
  if (path.empty()) {
    std::fprintf(stderr, "kiln parse: missing FILE.py\n%s", kUsage);
    return 2;
  }
  std::string bytes;
  if (!read_file(path, bytes)) {
    std::fprintf(stderr, "kiln parse: cannot read '%s': %s\n", path.c_str(), std::strerror(errno));
    return 2;
  }
  kiln::parse::ParseResult result = kiln::parse::parse_file_bytes(bytes, path);
  if (result.error) {
    std::string message = kiln::diag::render(*result.error, *result.source);
    std::fwrite(message.data(), 1, message.size(), stderr);
    return 1;
  }
  if (dump_ast) std::cout << kiln::parse::dump(*result.module) << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  args.erase(args.begin());
  if (command == "parse") return run_parse(args);
  std::fprintf(stderr, "kiln: unknown command '%s'\n%s", command.c_str(), kUsage);
  return 2;
}
