#include "compiler/types/type.h"

#include <algorithm>

namespace kiln::types {

TypeTable::TypeTable() {
  none_ = get(Kind::None, {});
  bool_ = get(Kind::Bool, {});
  int_ = get(Kind::Int, {});
  float_ = get(Kind::Float, {});
  str_ = get(Kind::Str, {});
  bytes_ = get(Kind::Bytes, {});
  ndarray_ = get(Kind::NdArray, {});
  ndindex_ = get(Kind::NdIndex, {});
  exception_ = get(Kind::Exception, {});
  unknown_ = get(Kind::Unknown, {});
}

TypeTable::~TypeTable() = default;

const Type* TypeTable::get(Kind kind, std::vector<const Type*> args) {
  for (const auto& t : owned_) {
    if (t->kind == kind && t->args == args) return t.get();
  }
  owned_.push_back(std::make_unique<Type>(Type{kind, std::move(args), {}}));
  return owned_.back().get();
}

const Type* TypeTable::class_type(const std::string& name) {
  for (const auto& t : owned_) {
    if (t->kind == Kind::Class && t->name == name) return t.get();
  }
  owned_.push_back(std::make_unique<Type>(Type{Kind::Class, {}, name}));
  return owned_.back().get();
}

const Type* TypeTable::model(std::string_view cls) {
  for (const auto& t : owned_) {
    if (t->kind == Kind::Model && t->name == cls) return t.get();
  }
  owned_.push_back(std::make_unique<Type>(Type{Kind::Model, {}, std::string(cls)}));
  return owned_.back().get();
}

const Type* TypeTable::union_of(const std::vector<const Type*>& alternatives) {
  std::vector<const Type*> flat;
  bool has_none = false;
  for (const Type* a : alternatives) {
    const std::vector<const Type*> parts = a->kind == Kind::Union ? a->args : std::vector<const Type*>{a};
    for (const Type* p : parts) {
      if (p == none_) {
        has_none = true;
      } else if (std::find(flat.begin(), flat.end(), p) == flat.end()) {
        flat.push_back(p);
      }
    }
  }
  if (has_none) flat.push_back(none_);
  if (flat.size() == 1) return flat[0];
  return get(Kind::Union, std::move(flat));
}

namespace {

std::string join(const std::vector<const Type*>& types, const char* separator) {
  std::string out;
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (i) out += separator;
    out += to_string(types[i]);
  }
  return out;
}

}  // namespace

std::string to_string(const Type* t) {
  switch (t->kind) {
    case Kind::None:
      return "None";
    case Kind::Bool:
      return "bool";
    case Kind::Int:
      return "int";
    case Kind::Float:
      return "float";
    case Kind::Str:
      return "str";
    case Kind::Bytes:
      return "bytes";
    case Kind::NdArray:
      return "ndarray";
    case Kind::NdIndex:
      return "ndindex";
    case Kind::List:
      return "list[" + to_string(t->args[0]) + "]";
    case Kind::Set:
      return "set[" + to_string(t->args[0]) + "]";
    case Kind::Dict:
      return "dict[" + join(t->args, ", ") + "]";
    case Kind::Tuple:
      return t->args.empty() ? "tuple[()]" : "tuple[" + join(t->args, ", ") + "]";
    case Kind::VarTuple:
      return "tuple[" + to_string(t->args[0]) + ", ...]";
    case Kind::Union:
      return join(t->args, " | ");
    case Kind::Iterator:
      return "Iterator[" + to_string(t->args[0]) + "]";
    case Kind::Exception:
      return "BaseException";
    case Kind::Unknown:
      return "?";
    case Kind::Class:
    case Kind::Model:
      return t->name;
  }
  return "?";
}

bool has_unknown(const Type* t) {
  if (t->kind == Kind::Unknown) return true;
  return std::any_of(t->args.begin(), t->args.end(), has_unknown);
}

}  // namespace kiln::types

namespace kiln::types {

const Type* element_type_of(const Type* t) {
  switch (t->kind) {
    case Kind::Str:
      return t;
    case Kind::List:
    case Kind::Set:
    case Kind::Dict:
    case Kind::VarTuple:
    case Kind::Iterator:
      return t->args[0];
    case Kind::Tuple:
      return t->args.empty() ? nullptr : t->args[0];
    default:
      return nullptr;
  }
}

}  // namespace kiln::types
