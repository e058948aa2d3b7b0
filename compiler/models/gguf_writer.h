// Writes GGUF files (version 3), the format llama.cpp loads: key/value metadata, tensor
// descriptions, then the tensors' data, each aligned to 32 bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::models {

// ggml's element types, as GGUF numbers them.
enum class GgmlType : uint32_t { F32 = 0, F16 = 1 };

class GgufWriter {
 public:
  void add_string(std::string_view key, std::string_view value);
  void add_u32(std::string_view key, uint32_t value);
  void add_f32(std::string_view key, float value);
  void add_bool(std::string_view key, bool value);
  void add_strings(std::string_view key, const std::vector<std::string>& values);
  void add_i32s(std::string_view key, const std::vector<int32_t>& values);
  void add_f32s(std::string_view key, const std::vector<float>& values);
  void add_bools(std::string_view key, const std::vector<bool>& values);

  // `dims` in ggml's order (innermost first: the reverse of numpy's shape). `data` must stay
  // alive until write().
  void add_tensor(std::string_view name, std::vector<int64_t> dims, GgmlType type,
                  std::span<const std::byte> data);

  // Writes to a temporary file beside `file`, then renames it, so readers never see half a file.
  bool write(const std::filesystem::path& file, std::string& error) const;

 private:
  struct Tensor {
    std::string name;
    std::vector<int64_t> dims;
    GgmlType type;
    std::span<const std::byte> data;
  };
  void key(std::string_view name, uint32_t type);
  std::vector<std::byte> metadata_;
  uint64_t n_keys_ = 0;
  std::vector<Tensor> tensors_;
};

}  // namespace kiln::models
