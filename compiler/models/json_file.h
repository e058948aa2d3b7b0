// Read-only access to a parsed JSON document (config.json, tokenizer.json, safetensors headers).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "include/kiln/kiln.h"

namespace kiln::models {

// A node of a document; a missing key or a wrong kind gives an empty view, so lookups chain.
class JsonView {
 public:
  JsonView() = default;
  explicit JsonView(const kiln_value* v) : v_(v) {}

  explicit operator bool() const { return v_ != nullptr && kiln_value_kind(v_) != KILN_KIND_NULL; }
  JsonView operator[](std::string_view key) const;
  JsonView at(std::size_t index) const;
  std::size_t size() const;                          // items of a list or dict; 0 otherwise
  std::string_view key_at(std::size_t index) const;  // a dict's index-th key
  std::optional<std::string> str() const;
  std::optional<int64_t> integer() const;
  std::optional<double> number() const;  // a float or an int
  std::optional<bool> boolean() const;

 private:
  const kiln_value* v_ = nullptr;
};

class JsonDocument {
 public:
  // Parses `text`; on malformed JSON returns nullopt and sets `error`.
  static std::optional<JsonDocument> parse(std::string_view text, std::string& error);
  // Reads and parses a file; `error` names the file on failure.
  static std::optional<JsonDocument> load(const std::filesystem::path& file, std::string& error);

  JsonView root() const { return JsonView(value_.get()); }

 private:
  struct Release {
    void operator()(kiln_value* v) const { kiln_value_release(v); }
  };
  std::shared_ptr<kiln_value> value_;
};

}  // namespace kiln::models
