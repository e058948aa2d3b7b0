#include "compiler/models/json_file.h"

#include <fstream>
#include <sstream>

#include "compiler/driver/json.h"

namespace kiln::models {

JsonView JsonView::operator[](std::string_view key) const {
  if (!v_ || kiln_value_kind(v_) != KILN_KIND_DICT) return {};
  return JsonView(kiln_value_dict_get(v_, key.data(), key.size()));
}

JsonView JsonView::at(std::size_t index) const {
  if (!v_ || index >= size()) return {};
  if (kiln_value_kind(v_) == KILN_KIND_LIST) return JsonView(kiln_value_list_get(v_, index));
  const char* key = nullptr;
  std::size_t key_size = 0;
  return JsonView(kiln_value_dict_value_at(v_, index, &key, &key_size));
}

std::size_t JsonView::size() const {
  if (!v_) return 0;
  const kiln_kind k = kiln_value_kind(v_);
  return k == KILN_KIND_LIST || k == KILN_KIND_DICT ? kiln_value_length(v_) : 0;
}

std::string_view JsonView::key_at(std::size_t index) const {
  if (!v_ || kiln_value_kind(v_) != KILN_KIND_DICT || index >= size()) return {};
  const char* key = nullptr;
  std::size_t key_size = 0;
  kiln_value_dict_value_at(v_, index, &key, &key_size);
  return {key, key_size};
}

std::optional<std::string> JsonView::str() const {
  const char* text = nullptr;
  std::size_t size = 0;
  if (!v_ || kiln_value_get_string(v_, &text, &size, nullptr) != KILN_OK) return std::nullopt;
  return std::string(text, size);
}

std::optional<int64_t> JsonView::integer() const {
  int64_t out = 0;
  if (!v_ || kiln_value_kind(v_) != KILN_KIND_INT || kiln_value_get_int(v_, &out, nullptr) != KILN_OK)
    return std::nullopt;
  return out;
}

std::optional<double> JsonView::number() const {
  if (auto i = integer()) return static_cast<double>(*i);
  double out = 0;
  if (!v_ || kiln_value_kind(v_) != KILN_KIND_FLOAT || kiln_value_get_float(v_, &out, nullptr) != KILN_OK)
    return std::nullopt;
  return out;
}

std::optional<bool> JsonView::boolean() const {
  bool out = false;
  if (!v_ || kiln_value_kind(v_) != KILN_KIND_BOOL || kiln_value_get_bool(v_, &out, nullptr) != KILN_OK)
    return std::nullopt;
  return out;
}

std::optional<JsonDocument> JsonDocument::parse(std::string_view text, std::string& error) {
  kiln_value* v = driver::parse_json(text, error);
  if (!v) return std::nullopt;
  JsonDocument doc;
  doc.value_ = std::shared_ptr<kiln_value>(v, Release{});
  return doc;
}

std::optional<JsonDocument> JsonDocument::load(const std::filesystem::path& file, std::string& error) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    error = "cannot read " + file.string();
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto doc = parse(text.str(), error);
  if (!doc) error = file.string() + ": " + error;
  return doc;
}

}  // namespace kiln::models
