// kiln-bench-parse: parse throughput of Kiln's front end.
//
//   kiln-bench-parse [LIST|-] [REPEATS]
//
// Reads the paths to parse, one a line, from LIST (or standard input when LIST is absent or "-"),
// loads every file into memory, parses all of them once untimed (warm-up; counts the files that do
// not parse), then REPEATS (default 3) timed times, and prints one JSON object on standard output:
//   {"files": N, "bytes": B, "repeats": R, "errors": E, "median_seconds": S, "min_seconds": M,
//    "bytes_per_second": B / S}
// A timed pass covers decoding, parsing and freeing each tree; reading files is not timed.
// Paths that failed to parse are listed on standard error.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/parse/parse.h"

namespace {

struct File {
  std::string path;
  std::string bytes;
};

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "kiln-bench-parse: " << message << "\n";
  std::exit(2);
}

std::vector<std::string> read_list(std::istream& in) {
  std::vector<std::string> paths;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) paths.push_back(line);
  }
  return paths;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot open " + path);
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) fail("cannot read " + path);
  return std::move(out).str();
}

// Parses every file once; returns how many produced a tree.
size_t parse_all(const std::vector<File>& files) {
  size_t parsed = 0;
  for (const File& f : files) {
    kiln::parse::ParseResult result = kiln::parse::parse_file_bytes(f.bytes, f.path);
    if (result.module) ++parsed;
  }
  return parsed;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 3 || (argc > 1 && (std::string(argv[1]) == "-h" || std::string(argv[1]) == "--help"))) {
    std::cerr << "usage: kiln-bench-parse [LIST|-] [REPEATS]\n"
                 "  LIST: a file of paths to parse, one a line (default: standard input)\n"
                 "  REPEATS: timed passes over all files; the median is reported (default: 3)\n";
    return argc > 3 ? 2 : 0;
  }
  std::vector<std::string> paths;
  if (argc > 1 && std::string(argv[1]) != "-") {
    std::ifstream list(argv[1]);
    if (!list) fail(std::string("cannot open list ") + argv[1]);
    paths = read_list(list);
  } else {
    paths = read_list(std::cin);
  }
  int repeats = 3;
  if (argc > 2) {
    char* end = nullptr;
    long r = std::strtol(argv[2], &end, 10);
    if (*argv[2] == '\0' || *end != '\0' || r < 1 || r > 1000) fail(std::string("bad REPEATS: ") + argv[2]);
    repeats = static_cast<int>(r);
  }
  if (paths.empty()) fail("no files to parse");

  std::vector<File> files;
  files.reserve(paths.size());
  size_t total_bytes = 0;
  for (std::string& path : paths) {
    std::string bytes = read_file(path);
    total_bytes += bytes.size();
    files.push_back(File{std::move(path), std::move(bytes)});
  }

  // Warm-up pass, which also finds the files that do not parse.
  size_t errors = 0;
  for (const File& f : files) {
    kiln::parse::ParseResult result = kiln::parse::parse_file_bytes(f.bytes, f.path);
    if (!result.module) {
      ++errors;
      std::cerr << "kiln-bench-parse: does not parse: " << f.path;
      if (result.error) std::cerr << ": " << result.error->message;
      std::cerr << "\n";
    }
  }

  std::vector<double> seconds;
  size_t parsed = 0;
  for (int r = 0; r < repeats; ++r) {
    auto start = std::chrono::steady_clock::now();
    parsed = parse_all(files);
    auto stop = std::chrono::steady_clock::now();
    seconds.push_back(std::chrono::duration<double>(stop - start).count());
  }
  if (parsed != files.size() - errors) fail("results differ between passes");
  std::sort(seconds.begin(), seconds.end());
  double median = seconds.size() % 2 == 1
                      ? seconds[seconds.size() / 2]
                      : (seconds[seconds.size() / 2 - 1] + seconds[seconds.size() / 2]) / 2;

  std::printf(
      "{\"files\": %zu, \"bytes\": %zu, \"repeats\": %d, \"errors\": %zu, \"median_seconds\": %.6f, "
      "\"min_seconds\": %.6f, \"bytes_per_second\": %.1f}\n",
      files.size(), total_bytes, repeats, errors, median, seconds.front(),
      median > 0 ? static_cast<double>(total_bytes) / median : 0.0);
  return 0;
}
