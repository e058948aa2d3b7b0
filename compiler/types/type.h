// Kiln's static types: the Python types a compiled function may use, interned so that equal types
// are the same pointer. They come from annotations (resolve) and propagate through the IR (types).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::types {

enum class Kind {
  None,
  Bool,
  Int,
  Float,
  Str,
  Bytes,
  List,
  Dict,
  Set,
  Tuple,
  VarTuple,
  Union,
  NdArray,
  NdIndex,    // a numpy subscript's parts (`1:, None, ...` in a[1:, None, ...]): built and used in place
  Iterator,   // what enumerate(), zip(), reversed() and generators produce: consumed, not stored
  Exception,  // a caught exception (`except ValueError as e`)
  Unknown,    // an empty container's element before later use tells it (`xs = []; xs.append(1)`)
  Class,      // an instance of a class of the module (`name` says which)
  Model,      // a model constant (`llm = Llama(...)`); `name` is its Python class
};

struct Type {
  Kind kind;
  // Element types: List/Set/VarTuple [T]; Dict [K, V]; Tuple [T1, ..., Tn]; Union [alternatives, sorted
  // by first appearance with None last, as Python's `int | str | None` reads].
  std::vector<const Type*> args;
  std::string name;  // Class: the class's name
};

// Owns every type; `get` returns the one canonical instance of a structure.
class TypeTable {
 public:
  TypeTable();
  ~TypeTable();
  TypeTable(const TypeTable&) = delete;
  TypeTable& operator=(const TypeTable&) = delete;

  const Type* none() const { return none_; }
  const Type* boolean() const { return bool_; }
  const Type* integer() const { return int_; }
  const Type* floating() const { return float_; }
  const Type* str() const { return str_; }
  const Type* bytes() const { return bytes_; }
  const Type* ndarray() const { return ndarray_; }
  const Type* ndindex() const { return ndindex_; }
  const Type* exception() const { return exception_; }
  const Type* unknown() const { return unknown_; }
  const Type* iterator(const Type* element) { return get(Kind::Iterator, {element}); }
  const Type* list(const Type* element) { return get(Kind::List, {element}); }
  const Type* set(const Type* element) { return get(Kind::Set, {element}); }
  const Type* dict(const Type* key, const Type* value) { return get(Kind::Dict, {key, value}); }
  const Type* tuple(std::vector<const Type*> elements) { return get(Kind::Tuple, std::move(elements)); }
  const Type* var_tuple(const Type* element) { return get(Kind::VarTuple, {element}); }
  const Type* class_type(const std::string& name);
  // A model constant's type, named by its Python class ("Llama", "SentenceTransformer",
  // "AutoTokenizer", "AutoModel"), a part of one (a SentenceTransformer's "Tokenizer") or what one
  // returns (transformers' "BatchEncoding" and "ModelOutput").
  const Type* model(std::string_view cls);
  // `a | b | ...`: nested unions flatten, duplicates vanish, a single alternative is itself.
  const Type* union_of(const std::vector<const Type*>& alternatives);
  const Type* optional(const Type* t) { return union_of({t, none_}); }

 private:
  const Type* get(Kind kind, std::vector<const Type*> args);

  std::vector<std::unique_ptr<Type>> owned_;
  const Type *none_, *bool_, *int_, *float_, *str_, *bytes_, *ndarray_, *ndindex_, *exception_, *unknown_;
};

// How Python spells the type: "int", "list[str]", "dict[str, float]", "tuple[int, ...]", "int | None".
std::string to_string(const Type* t);

// What a `for` loop over a value of type `t` binds (str for a str); null when not iterable.
const Type* element_type_of(const Type* t);

// Whether `t` still holds an Unknown element type somewhere.
bool has_unknown(const Type* t);

}  // namespace kiln::types
