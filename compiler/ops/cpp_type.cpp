#include "compiler/ops/cpp_type.h"

namespace kiln::ops {

using types::Kind;

std::string cpp_type(const types::Type* t) {
  auto list_of = [](const std::vector<const types::Type*>& types) {
    std::string out;
    for (std::size_t i = 0; i < types.size(); ++i) out += (i ? ", " : "") + cpp_type(types[i]);
    return out;
  };
  switch (t->kind) {
    case Kind::Int:
      return "int64_t";
    case Kind::Float:
      return "double";
    case Kind::Bool:
      return "bool";
    case Kind::Str:
    case Kind::Bytes:
      return "std::string";
    case Kind::None:
      return "void";
    case Kind::List:
    case Kind::VarTuple:
      return "kiln::rt::List<" + cpp_type(t->args[0]) + ">";
    case Kind::Set:
      return "kiln::rt::Set<" + cpp_type(t->args[0]) + ">";
    case Kind::Dict:
      return "kiln::rt::Dict<" + list_of(t->args) + ">";
    case Kind::Tuple:
      return "std::tuple<" + list_of(t->args) + ">";
    case Kind::Union:
      if (t->args.size() == 2 && t->args[1]->kind == Kind::None)
        return "std::optional<" + cpp_type(t->args[0]) + ">";
      {
        std::string alternatives;  // None is std::monostate inside a variant
        for (const types::Type* a : t->args) {
          alternatives += (alternatives.empty() ? "" : ", ") +
                          (a->kind == Kind::None ? std::string("std::monostate") : cpp_type(a));
        }
        return "std::variant<" + alternatives + ">";
      }
    case Kind::Exception:
      return "kiln::rt::CaughtException";
    case Kind::NdArray:
      return "kiln::rt::NdArray";
    case Kind::NdIndex:
      return "kiln::rt::np::Index";
    case Kind::Model:  // a model, or a value of transformers' (runtime/model/transformers.h)
      if (t->name == "BatchEncoding" || t->name == "ModelOutput") return "kiln::rt::transformers::" + t->name;
      return "kiln::rt::llama::ModelRef";
    case Kind::Class:
      return "kiln::rt::Ref<kiln_module::" + t->name + ">";
    case Kind::Iterator:
    case Kind::Unknown:
      return "auto";
  }
  return "void";
}

}  // namespace kiln::ops
