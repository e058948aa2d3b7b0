// A Hugging Face .safetensors file, memory-mapped: an 8-byte header length, a JSON header naming
// each tensor's dtype, shape and byte range, then the raw little-endian data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kiln::models {

struct SafeTensor {
  std::string name;
  std::string dtype;           // "F32", "F16", "BF16", ...
  std::vector<int64_t> shape;  // row-major, outermost first (as numpy reports it)
  std::span<const std::byte> data;
};

class SafeTensorsFile {
 public:
  // Maps and indexes `file`; nullopt with `error` set when it is not a well-formed safetensors file.
  static std::optional<SafeTensorsFile> open(const std::filesystem::path& file, std::string& error);

  const std::vector<SafeTensor>& tensors() const { return tensors_; }

 private:
  struct Mapping;
  std::shared_ptr<Mapping> mapping_;
  std::vector<SafeTensor> tensors_;
};

}  // namespace kiln::models
