// kiln compile: parse → resolve → lower → types → codegen → build, timing each stage.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "compiler/build/build.h"
#include "compiler/codegen/emit.h"
#include "compiler/driver/commands.h"
#include "compiler/ir/lower.h"
#include "compiler/parse/parse.h"
#include "compiler/resolve/resolve.h"
#include "compiler/types/propagate.h"
#include "include/kiln/kiln.h"

namespace kiln::driver {
namespace {

class Stages {
 public:
  template <class F>
  auto time(const char* stage, F&& f) {
    const auto start = std::chrono::steady_clock::now();
    auto result = f();
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "  %-8s %8.1f ms\n", stage, ms);
    return result;
  }
};

void print(const std::vector<diag::Diagnostic>& errors, const diag::SourceFile& source) {
  for (const diag::Diagnostic& d : errors) {
    std::string text = diag::render(d, source);
    std::fwrite(text.data(), 1, text.size(), stderr);
  }
}

std::string read_file(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Every function the entry reaches through calls, entry first, each lowered and typed once.
class Program {
 public:
  Program(const resolve::Module& module, types::TypeTable& table, std::vector<diag::Diagnostic>& errors)
      : module_(module), table_(table), errors_(errors) {}

  bool add(const ast::FunctionDef& def) {
    if (functions_.count(std::string(def.name))) return true;
    const resolve::Signature* sig = signature(def.name);
    if (!sig) return false;
    auto lowered = ir::lower(def, *sig, module_, table_, errors_);
    if (!lowered) return false;
    auto& f = functions_[std::string(def.name)] = std::make_unique<ir::Function>(std::move(*lowered));
    order_.push_back(f.get());
    auto lookup = [this](const std::string& name) { return signature(name); };
    if (!types::propagate(*f, table_, lookup, errors_)) return false;
    for (const std::string& callee : callees(*f)) {
      if (!add(*find_def(callee))) return false;
    }
    return true;
  }

  const std::vector<const ir::Function*>& functions() const { return order_; }

 private:
  const ast::FunctionDef* find_def(std::string_view name) const {
    for (const ast::FunctionDef* def : module_.functions) {
      if (def->name == name) return def;
    }
    return nullptr;
  }

  const resolve::Signature* signature(std::string_view name) {
    auto it = signatures_.find(std::string(name));
    if (it != signatures_.end()) return it->second ? &*it->second : nullptr;
    const ast::FunctionDef* def = find_def(name);
    auto sig = def ? resolve::signature(module_, *def, table_, errors_) : std::nullopt;
    auto& slot = signatures_[std::string(name)];
    slot = std::move(sig);
    return slot ? &*slot : nullptr;
  }

  static std::vector<std::string> callees(const ir::Function& f) {
    std::vector<std::string> out;
    for (const ir::Expr& e : f.expr_storage) {
      if (e.kind == ir::ExprKind::Call) out.push_back(e.name);
    }
    return out;
  }

  const resolve::Module& module_;
  types::TypeTable& table_;
  std::vector<diag::Diagnostic>& errors_;
  std::map<std::string, std::optional<resolve::Signature>> signatures_;
  std::map<std::string, std::unique_ptr<ir::Function>> functions_;
  std::vector<const ir::Function*> order_;
};

std::string manifest(const std::string& library, const std::string& signature_json) {
  return "{\"abi_version\": " + std::to_string(KILN_ABI_VERSION) + ", \"library\": \"" + library +
         "\", \"signature\": " + signature_json + "}\n";
}

}  // namespace

int compile(const CompileOptions& o) {
  Stages stages;
  bool readable = false;
  const std::string bytes = read_file(o.path, readable);
  if (!readable) {
    std::fprintf(stderr, "kiln: cannot read '%s'\n", o.path.c_str());
    return 1;
  }
  std::fprintf(stderr, "kiln compile %s -f %s\n", o.path.c_str(), o.function.c_str());
  parse::ParseResult parsed = stages.time("parse", [&] { return parse::parse_file_bytes(bytes, o.path); });
  if (!parsed.module) {
    print({*parsed.error}, *parsed.source);
    return 1;
  }
  types::TypeTable table;
  std::vector<diag::Diagnostic> errors;
  resolve::Module module = stages.time("resolve", [&] { return resolve::collect(*parsed.module); });
  const ast::FunctionDef* entry = nullptr;
  for (const ast::FunctionDef* def : module.functions) entry = def->name == o.function ? def : entry;
  if (!entry) {
    std::fprintf(stderr, "%s: error: no top-level function named '%s'\n", o.path.c_str(), o.function.c_str());
    return 1;
  }
  Program program(module, table, errors);
  const bool typed = stages.time("types", [&] { return program.add(*entry); });
  if (!typed) {
    print(errors, *parsed.source);
    return 1;
  }
  const std::string signature_json = resolve::to_json(program.functions()[0]->signature);
  const std::string source_path = std::filesystem::absolute(o.path).string();
  const std::string cpp = stages.time("codegen", [&] {
    return codegen::emit_module(program.functions(), source_path, signature_json);
  });
  std::filesystem::create_directories(o.out_dir);
  const std::string cpp_path = (std::filesystem::path(o.out_dir) / (o.function + ".cpp")).string();
  const std::string library = "lib" + o.function + ".so";
  const std::string library_path = (std::filesystem::path(o.out_dir) / library).string();
  std::ofstream(cpp_path) << cpp;
  if (o.verbose) std::fprintf(stderr, "  generated C++: %s\n", cpp_path.c_str());
  build::BuildResult built = stages.time("build", [&] { return build::compile_library(cpp_path, library_path); });
  if (!built.ok) {
    // Kiln's own bug, never the user's: say so plainly, with what the compiler said.
    std::fprintf(stderr, "kiln: internal error: the generated C++ did not compile (%s)\n%s\n", cpp_path.c_str(),
                 built.output.c_str());
    return 1;
  }
  std::ofstream(std::filesystem::path(o.out_dir) / (o.function + ".json")) << manifest(library, signature_json);
  std::fprintf(stderr, "artifact: %s (%ju bytes)\n", std::filesystem::absolute(library_path).c_str(),
               static_cast<uintmax_t>(std::filesystem::file_size(library_path)));
  return 0;
}

}  // namespace kiln::driver
