#include "compiler/resolve/constant.h"

#include <cmath>

#include "runtime/repr.h"

namespace kiln::resolve {
namespace {

void append_json(std::string& out, const Constant& c);

void append_items(std::string& out, const std::vector<Constant>& items) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    append_json(out, items[i]);
  }
  out += ']';
}

std::string key_text(const Constant& key) {
  if (key.kind == Constant::Kind::Str) return key.text;
  return to_json(key);
}

void append_json(std::string& out, const Constant& c) {
  switch (c.kind) {
    case Constant::Kind::None:
      out += "null";
      return;
    case Constant::Kind::Bool:
      out += c.boolean ? "true" : "false";
      return;
    case Constant::Kind::Int:
      out += std::to_string(c.integer);
      return;
    case Constant::Kind::Float:
      // JSON has no inf/nan; Python's json module writes them as these names, and so do we.
      out += std::isnan(c.floating)   ? "NaN"
             : std::isinf(c.floating) ? (c.floating > 0 ? "Infinity" : "-Infinity")
                                      : runtime::repr_float(c.floating);
      return;
    case Constant::Kind::Str:
      runtime::append_json_string(out, c.text);
      return;
    case Constant::Kind::Bytes:
      runtime::append_json_string(out, runtime::repr_bytes(c.text));
      return;
    case Constant::Kind::List:
    case Constant::Kind::Tuple:
    case Constant::Kind::Set:
      append_items(out, c.items);
      return;
    case Constant::Kind::Dict:
      out += '{';
      for (std::size_t i = 0; i < c.entries.size(); ++i) {
        if (i) out += ", ";
        runtime::append_json_string(out, key_text(c.entries[i].first));
        out += ": ";
        append_json(out, c.entries[i].second);
      }
      out += '}';
      return;
  }
}

// The union of the items' types (`list[int | str]`), or None's type for an empty container.
const types::Type* element_type(const std::vector<const types::Type*>& types, types::TypeTable& table) {
  if (types.empty()) return table.none();
  return table.union_of(types);
}

}  // namespace

std::string to_json(const Constant& c) {
  std::string out;
  append_json(out, c);
  return out;
}

const types::Type* type_of(const Constant& c, types::TypeTable& table) {
  std::vector<const types::Type*> item_types;
  for (const Constant& item : c.items) item_types.push_back(type_of(item, table));
  switch (c.kind) {
    case Constant::Kind::None:
      return table.none();
    case Constant::Kind::Bool:
      return table.boolean();
    case Constant::Kind::Int:
      return table.integer();
    case Constant::Kind::Float:
      return table.floating();
    case Constant::Kind::Str:
      return table.str();
    case Constant::Kind::Bytes:
      return table.bytes();
    case Constant::Kind::List:
      return table.list(element_type(item_types, table));
    case Constant::Kind::Set:
      return table.set(element_type(item_types, table));
    case Constant::Kind::Tuple:
      return table.tuple(item_types);
    case Constant::Kind::Dict: {
      std::vector<const types::Type*> keys, values;
      for (const auto& [k, v] : c.entries) {
        keys.push_back(type_of(k, table));
        values.push_back(type_of(v, table));
      }
      return table.dict(element_type(keys, table), element_type(values, table));
    }
  }
  return table.none();
}

}  // namespace kiln::resolve
