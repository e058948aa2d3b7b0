// Resolve: what a parsed module declares — its imports, its module-level constants (evaluated at
// compile time) and its functions — and the typed signature of a function from its annotations.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/parse/ast.h"
#include "compiler/resolve/constant.h"
#include "compiler/types/type.h"

namespace kiln::resolve {

struct ModuleConstant {
  std::string name;
  Constant value;
  diag::Span span;
};

// A module-level model, constructed once at compile time (`llm = Llama(model_path=..., ...)`):
// the compiler locates its file and the artifact loads it at run time.
struct ModelConstant {
  std::string name;
  std::string kind;  // "llama_cpp.Llama", "sentence_transformers.SentenceTransformer",
                     // "transformers.AutoTokenizer" or "transformers.AutoModel"
  std::string cls;   // the class alone: "Llama", "SentenceTransformer", "AutoTokenizer", "AutoModel"
  std::string path;  // the model's file (Llama) or directory, as written: relative to the source
                     // file, absolute, or (a directory) inside an installed Python package
  // A path given as an expression (`str(pkg.get_model_path())`): Python source that CPython
  // evaluates at compile time, after `path_imports`. Empty for a literal path.
  std::string path_expression, path_imports;
  int64_t n_ctx = 512;
  int64_t pooling_type = -1;  // llama.cpp's enum; -1 the model's own
  bool embedding = false;
  diag::Span span;
};

struct Module {
  // Local name → qualified name: `import numpy as np` gives np → numpy; `from typing import
  // Optional` gives Optional → typing.Optional.
  std::map<std::string, std::string> imports;
  std::vector<ModuleConstant> constants;           // names assigned exactly once, to a constant value
  std::vector<const ast::FunctionDef*> functions;  // top-level `def`s, in source order
  std::vector<const ast::ClassDef*> classes;       // top-level classes, in source order
  // `def`s nested in a top-level function's body whose name is unique in the module: compiled as
  // helpers of their own. The enclosing function's variables one uses (its captures, filled in by
  // ir::find_captures) are passed to it by reference, so it sees their values at call time.
  std::vector<const ast::FunctionDef*> nested;
  std::map<std::string, const ast::FunctionDef*> enclosing;  // nested def's name → its function
  std::map<std::string, std::vector<std::string>> captures;  // nested def's name → captured names
  std::vector<ModelConstant> models;
  // Names assigned exactly once at module level (`DIR = str(pkg.get_model_path())`) → the value: a
  // model constructor's argument may name one.
  std::map<std::string, const ast::Expr*> assigned;
  const ModelConstant* model(std::string_view name) const;
};

// A class of the module: its fields (a dataclass's annotated class attributes, or what a plain
// class's __init__ assigns to `self`) and its methods.
struct Field {
  std::string name;
  const types::Type* type = nullptr;
  std::optional<Constant> default_value;
};
struct ClassInfo {
  std::string name;
  bool dataclass = false;
  std::vector<Field> fields;
  std::vector<const ast::FunctionDef*> methods;
  const ast::FunctionDef* method(std::string_view name) const;
};

const ast::ClassDef* find_class(const Module& module, std::string_view name);
// The class's fields and methods; diagnostics for what Kiln cannot compile in it.
std::optional<ClassInfo> class_info(const Module& module, const ast::ClassDef& cls, types::TypeTable& table,
                                    std::vector<diag::Diagnostic>& errors);

enum class ParameterKind { PositionalOnly, PositionalOrKeyword, KeywordOnly };

struct Parameter {
  std::string name;
  const types::Type* type = nullptr;
  ParameterKind kind = ParameterKind::PositionalOrKeyword;
  std::optional<Constant> default_value;
  diag::Span span;
  std::string dtype;      // an ndarray annotated `NDArray[np.float32]`: the dtype an argument must have
  bool captured = false;  // an enclosing function's variable a nested def uses: passed by reference
};

struct Signature {
  std::string name;
  std::string doc;  // the docstring as written (CPython's __doc__), empty when there is none
  std::vector<Parameter> params;
  const types::Type* returns = nullptr;
};

Module collect(const ast::Module& tree);

// The typed signature of `def`; on an unsupported or missing annotation, or a default that is not a
// constant of the parameter's type, a diagnostic is added to `errors` and nullopt returned.
// A method's first parameter (self) takes `self_type` without an annotation.
std::optional<Signature> signature(const Module& module, const ast::FunctionDef& def, types::TypeTable& table,
                                   std::vector<diag::Diagnostic>& errors,
                                   const types::Type* self_type = nullptr);

// The signature as the artifact's manifest states it (JSON).
std::string to_json(const Signature& s);

// Evaluates a constant expression (literals, containers, unary +/-); nullopt if it is not one.
std::optional<Constant> evaluate_constant(const ast::Expr& e);

}  // namespace kiln::resolve
