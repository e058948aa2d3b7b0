// Closures: which of the enclosing function's variables each nested def uses. A nested def is
// compiled as a function of its own that takes them by reference, so it reads (and, `nonlocal`,
// writes) the enclosing frame's variables as they are when it runs, as a Python closure does.
#include "compiler/ir/lower.h"
#include "compiler/ir/lowering.h"

namespace kiln::ir {
namespace {

std::vector<std::string> parameter_names(const ast::FunctionDef& def) {
  std::vector<std::string> out;
  const ast::Arguments& a = *def.args;
  for (const auto* list : {&a.posonlyargs, &a.args, &a.kwonlyargs}) {
    for (const ast::Arg* p : *list) out.emplace_back(p->arg);
  }
  for (const ast::Arg* p : {a.vararg, a.kwarg}) {
    if (p) out.emplace_back(p->arg);
  }
  return out;
}

// What lowering `def` reads of `enclosing` (its diagnostics are the real lowering's to report).
std::set<std::string> used_variables(const resolve::Module& module, const ast::FunctionDef& def,
                                     const std::set<std::string>& enclosing, types::TypeTable& table) {
  Function scratch;
  std::vector<diag::Diagnostic> ignored;
  Lowering lowering(scratch, module, table, ignored);
  for (const std::string& name : parameter_names(def)) lowering.add_local(name);
  lowering.set_enclosing(&enclosing);
  lowering.collect_locals(def.body);
  lowering.block(def.body);
  return lowering.captures();
}

}  // namespace

std::set<std::string> enclosing_variables(const resolve::Module& module, const ast::FunctionDef& def,
                                          types::TypeTable& table) {
  const auto it = module.enclosing.find(std::string(def.name));
  if (it == module.enclosing.end()) return {};
  Function scratch;
  std::vector<diag::Diagnostic> ignored;
  Lowering lowering(scratch, module, table, ignored);
  for (const std::string& name : parameter_names(*it->second)) lowering.add_local(name);
  lowering.collect_locals(it->second->body);
  return lowering.locals();
}

void find_captures(resolve::Module& module, types::TypeTable& table) {
  // A def that calls a sibling uses what the sibling uses: repeat until nothing more is found.
  for (std::size_t pass = 0; pass <= module.nested.size(); ++pass) {
    bool changed = false;
    for (const ast::FunctionDef* def : module.nested) {
      const std::set<std::string> used =
          used_variables(module, *def, enclosing_variables(module, *def, table), table);
      std::vector<std::string>& captures = module.captures[std::string(def->name)];
      changed |= captures.size() != used.size();
      captures.assign(used.begin(), used.end());
    }
    if (!changed) return;
  }
}

}  // namespace kiln::ir
