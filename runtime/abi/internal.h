// The structs behind the C ABI's opaque handles, shared by the ABI's implementation files only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "include/kiln/kiln.h"

struct kiln_error {
  std::string type, message, file;
  int32_t line = 0;
};

struct kiln_value {
  kiln_kind kind = KILN_KIND_NULL;
  bool boolean = false;
  int64_t integer = 0;
  double floating = 0;
  std::string text;                                // string (UTF-8) or bytes
  std::vector<std::unique_ptr<kiln_value>> items;  // list items, dict values
  std::vector<std::string> keys;                   // dict keys, parallel to items
  std::unordered_map<std::string, std::size_t> key_index;
  kiln_dtype dtype = KILN_DTYPE_F32;
  std::vector<int64_t> shape;
  std::vector<unsigned char> owned_data;  // a copied tensor's elements
  void* data = nullptr;                   // the tensor's elements (owned_data or the caller's buffer)
  kiln_release_fn release = nullptr;
  void* release_context = nullptr;

  kiln_value() = default;
  kiln_value(const kiln_value&) = delete;
  kiln_value& operator=(const kiln_value&) = delete;
  ~kiln_value() {
    if (release) release(release_context);
  }
};
