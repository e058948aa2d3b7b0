// kiln compile: parse → resolve → lower → types → codegen → build, timing each stage.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "compiler/build/build.h"
#include "compiler/codegen/emit.h"
#include "compiler/driver/bundle_models.h"
#include "compiler/driver/commands.h"
#include "compiler/ir/lower.h"
#include "compiler/parse/parse.h"
#include "compiler/resolve/annotations.h"
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
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "  %-8s %8.1f ms\n", stage, ms);
    return result;
  }
};

void print(const std::vector<diag::Diagnostic>& errors, const diag::SourceFile& source) {
  std::set<std::string> printed;  // a helper's version typed on two paths reports once
  for (const diag::Diagnostic& d : errors) {
    std::string text = diag::render(d, source);
    if (printed.insert(text).second) std::fwrite(text.data(), 1, text.size(), stderr);
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

  // `name` is the function's, "Class.method" for a method, or "function$N" for a version of an
  // unannotated helper (whose signature is already made).
  bool add(const ast::FunctionDef& def, const std::string& name) {
    if (functions_.count(name)) return true;
    const resolve::Signature* sig = signature(name, true);
    if (!sig) return false;
    auto lowered = ir::lower(def, *sig, module_, table_, errors_);
    if (!lowered) return false;
    lowered->name = name;
    auto& f = functions_[name] = std::make_unique<ir::Function>(std::move(*lowered));
    order_.push_back(f.get());
    auto lookup = [this](const std::string& name) { return signature(name); };
    auto classes = [this](const std::string& name) { return class_info(name); };
    auto specialize = [this](const std::string& name, const types::CallArguments& args, diag::Span span) {
      return this->specialize(name, args, span);
    };
    if (!types::propagate(*f, table_, lookup, classes, specialize, errors_)) return false;
    signatures_[name] = f->signature;  // with the return type inferred for an unannotated helper
    for (const std::string& callee : callees(*f)) {
      if (!add_named(callee)) return false;
    }
    for (const std::string& init : constructors(*f)) {
      if (!add_named(init)) return false;
    }
    return true;
  }

  bool add_named(const std::string& name) {
    if (functions_.count(name)) return true;
    const ast::FunctionDef* def = find_def(name);
    return def && add(*def, name);
  }

  const std::vector<const ir::Function*>& functions() const { return order_; }

  // The classes the functions use, in the order they were first needed.
  std::vector<const resolve::ClassInfo*> classes() const {
    std::vector<const resolve::ClassInfo*> out;
    for (const std::string& name : class_order_) out.push_back(&*classes_.at(name));
    return out;
  }

 private:
  // A function of the module, or a method ("Class.method").
  const ast::FunctionDef* find_def(std::string_view name) const {
    name = name.substr(0, name.find('$'));  // a version of a helper is that helper
    const std::size_t dot = name.find('.');
    if (dot != std::string_view::npos) {
      const resolve::ClassInfo* cls = known_class(std::string(name.substr(0, dot)));
      return cls ? cls->method(name.substr(dot + 1)) : nullptr;
    }
    for (const ast::FunctionDef* def : module_.functions) {
      if (def->name == name) return def;
    }
    return nullptr;
  }

  const resolve::ClassInfo* known_class(const std::string& name) const {
    auto it = classes_.find(name);
    return it != classes_.end() && it->second ? &*it->second : nullptr;
  }

  const resolve::ClassInfo* class_info(const std::string& name) {
    if (!classes_.count(name)) {
      const ast::ClassDef* def = resolve::find_class(module_, name);
      classes_[name] = def ? resolve::class_info(module_, *def, table_, errors_) : std::nullopt;
      if (classes_[name]) class_order_.push_back(name);
    }
    return known_class(name);
  }

  static bool fully_annotated(const ast::FunctionDef& def, bool method) {
    const ast::Arguments& a = *def.args;
    for (const auto* list : {&a.posonlyargs, &a.args, &a.kwonlyargs}) {
      for (std::size_t i = 0; i < list->size(); ++i) {
        if (!(*list)[i]->annotation && !(method && list == &a.args && i == 0)) return false;
      }
    }
    return def.returns != nullptr || (method && def.name == "__init__");
  }

  // A version of an unannotated helper for these argument types: parameters without annotations
  // take the arguments' types; the return type comes from its `return` statements.
  std::string specialize(const std::string& name, const types::CallArguments& args, diag::Span span) {
    const ast::FunctionDef* def = find_def(name);
    if (!def) {
      errors_.push_back(diag::error(span, "'" + name + "' cannot be compiled (see its diagnostics)"));
      return "";
    }
    std::string key = name + "(";
    for (const types::Type* t : args.positional) key += types::to_string(t) + ",";
    for (const auto& [k, t] : args.keywords) key += k + "=" + types::to_string(t) + ",";
    auto it = versions_.find(key);
    if (it != versions_.end()) return it->second;
    const std::string version = name + "$" + std::to_string(versions_.size());
    versions_[key] = version;
    resolve::Signature sig;
    sig.name = name;
    resolve::AnnotationReader reader(module_, table_, errors_);
    const ast::Arguments& a = *def->args;
    const std::size_t first_default = a.args.size() - a.defaults.size();
    if (!a.posonlyargs.empty() || !a.kwonlyargs.empty() || a.vararg || a.kwarg) {
      errors_.push_back(diag::error(def->span, "an unannotated helper may only take plain parameters", {}));
      return "";
    }
    for (std::size_t i = 0; i < a.args.size(); ++i) {
      const ast::Arg* p = a.args[i];
      resolve::Parameter param{std::string(p->arg), nullptr, resolve::ParameterKind::PositionalOrKeyword,
                               std::nullopt,        p->span, {}};
      if (i >= first_default)
        param.default_value = resolve::evaluate_constant(*a.defaults[i - first_default]);
      if (p->annotation) {
        param.type = reader.read(*p->annotation);
      } else if (i < args.positional.size()) {
        param.type = args.positional[i];
      } else {
        for (const auto& [k, t] : args.keywords) param.type = k == param.name ? t : param.type;
        if (!param.type && param.default_value) param.type = resolve::type_of(*param.default_value, table_);
      }
      if (!param.type) {
        errors_.push_back(
            diag::error(span, name + "() missing 1 required positional argument: '" + param.name + "'"));
        return "";
      }
      sig.params.push_back(std::move(param));
    }
    if (!add_captures(name, args, sig)) return "";
    sig.returns = def->returns ? reader.read(*def->returns) : nullptr;
    signatures_[version] = std::move(sig);
    in_progress_.insert(version);
    const bool ok = add(*def, version);
    in_progress_.erase(version);
    if (!ok) return "";
    return version;
  }

  const std::vector<std::string>& captures_of(std::string_view name) const {
    static const std::vector<std::string> none;
    const auto it = module_.captures.find(std::string(name.substr(0, name.find('$'))));
    return it == module_.captures.end() ? none : it->second;
  }

  // A closure's captures follow its parameters, typed as the caller's variables are where it calls.
  bool add_captures(const std::string& name, const types::CallArguments& args, resolve::Signature& sig) {
    for (const std::string& capture : captures_of(name)) {
      resolve::Parameter param{capture, nullptr, resolve::ParameterKind::KeywordOnly, std::nullopt, {}, {}};
      param.captured = true;
      for (const auto& [k, t] : args.keywords) param.type = k == capture ? t : param.type;
      if (!param.type) return false;  // lowering passes every capture; reported where it did not
      sig.params.push_back(std::move(param));
    }
    return true;
  }

  const resolve::Signature* signature(std::string_view name, bool report = false) {
    auto it = signatures_.find(std::string(name));
    if (it != signatures_.end()) {
      if (!report && in_progress_.count(std::string(name)) && it->second && !it->second->returns) {
        return nullptr;  // a helper calling itself before its return type is known
      }
      return it->second ? &*it->second : nullptr;
    }
    if (const ast::FunctionDef* def = find_def(name);
        def && !report &&
        (!fully_annotated(*def, name.find('.') != std::string_view::npos) || !captures_of(name).empty())) {
      return nullptr;  // an unannotated helper, or a closure: specialised per call
    }
    const std::size_t dot = name.find('.');
    if (dot != std::string_view::npos) class_info(std::string(name.substr(0, dot)));
    const ast::FunctionDef* def = find_def(name);
    const types::Type* self_type =
        dot != std::string_view::npos ? table_.class_type(std::string(name.substr(0, dot))) : nullptr;
    auto sig = def ? resolve::signature(module_, *def, table_, errors_, self_type) : std::nullopt;
    if (sig) sig->name = std::string(name);
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

 public:
  // Plain classes' __init__ methods the functions construct instances with.
  std::vector<std::string> constructors(const ir::Function& f) {
    std::vector<std::string> out;
    for (const ir::Expr& e : f.expr_storage) {
      const resolve::ClassInfo* cls = e.kind == ir::ExprKind::New ? known_class(e.name) : nullptr;
      if (cls && !cls->dataclass && cls->method("__init__")) out.push_back(e.name + ".__init__");
    }
    return out;
  }

 private:
  const resolve::Module& module_;
  types::TypeTable& table_;
  std::vector<diag::Diagnostic>& errors_;
  std::map<std::string, std::optional<resolve::Signature>> signatures_;
  std::map<std::string, std::unique_ptr<ir::Function>> functions_;
  std::map<std::string, std::optional<resolve::ClassInfo>> classes_;
  std::map<std::string, std::string> versions_;  // "helper(int,str,)" → "helper$0"
  std::set<std::string> in_progress_;
  std::vector<std::string> class_order_;
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
  for (const ast::FunctionDef* def : module.functions) {
    if (!module.enclosing.count(std::string(def->name))) entry = def->name == o.function ? def : entry;
  }
  if (!entry) {
    std::fprintf(stderr, "%s: error: no top-level function named '%s'\n", o.path.c_str(), o.function.c_str());
    return 1;
  }
  ir::find_captures(module, table);
  Program program(module, table, errors);
  const bool typed = stages.time("types", [&] { return program.add(*entry, o.function); });
  if (!typed || !errors.empty()) {  // a helper's version can fail while its caller's call still types
    print(errors, *parsed.source);
    return 1;
  }
  const std::string signature_json = resolve::to_json(program.functions()[0]->signature);
  const std::string source_path = std::filesystem::absolute(o.path).string();
  std::filesystem::create_directories(o.out_dir);
  std::vector<codegen::UsedModel> models;
  if (!bundle_models(used_models(program.functions(), module), source_path, o.out_dir, models, errors)) {
    print(errors, *parsed.source);
    return 1;
  }
  const std::string cpp = stages.time("codegen", [&] {
    return codegen::emit_module(program.functions(), program.classes(), models, source_path, signature_json);
  });
  const std::string cpp_path = (std::filesystem::path(o.out_dir) / (o.function + ".cpp")).string();
  const std::string library = "lib" + o.function + ".so";
  const std::string library_path = (std::filesystem::path(o.out_dir) / library).string();
  std::ofstream(cpp_path) << cpp;
  if (o.verbose) std::fprintf(stderr, "  generated C++: %s\n", cpp_path.c_str());
  build::BuildResult built =
      stages.time("build", [&] { return build::compile_library(cpp_path, library_path, !models.empty()); });
  if (!built.ok) {
    // Kiln's own bug, never the user's: say so plainly, with what the compiler said.
    std::fprintf(stderr, "kiln: internal error: the generated C++ did not compile (%s)\n%s\n",
                 cpp_path.c_str(), built.output.c_str());
    return 1;
  }
  std::ofstream(std::filesystem::path(o.out_dir) / (o.function + ".json"))
      << manifest(library, signature_json);
  std::fprintf(stderr, "artifact: %s (%ju bytes)\n", std::filesystem::absolute(library_path).c_str(),
               static_cast<uintmax_t>(std::filesystem::file_size(library_path)));
  return 0;
}

}  // namespace kiln::driver
