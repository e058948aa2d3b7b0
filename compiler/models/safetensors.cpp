#include "compiler/models/safetensors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <map>

#include "compiler/models/json_file.h"

namespace kiln::models {

struct SafeTensorsFile::Mapping {
  void* address = MAP_FAILED;
  std::size_t size = 0;
  ~Mapping() {
    if (address != MAP_FAILED) munmap(address, size);
  }
  std::span<const std::byte> bytes() const { return {static_cast<const std::byte*>(address), size}; }
};

namespace {

std::size_t element_size(const std::string& dtype) {
  static const std::map<std::string, std::size_t> sizes{{"F64", 8}, {"F32", 4}, {"F16", 2}, {"BF16", 2},
                                                        {"I64", 8}, {"I32", 4}, {"I16", 2}, {"I8", 1},
                                                        {"U8", 1},  {"BOOL", 1}};
  auto it = sizes.find(dtype);
  return it == sizes.end() ? 0 : it->second;
}

// One header entry: checks that its byte range lies in the data and matches its shape.
std::optional<SafeTensor> tensor_entry(std::string_view name, JsonView entry, std::span<const std::byte> data,
                                       std::string& error) {
  SafeTensor t;
  t.name = std::string(name);
  t.dtype = entry["dtype"].str().value_or("");
  int64_t count = 1;
  for (std::size_t i = 0; i < entry["shape"].size(); ++i) {
    t.shape.push_back(entry["shape"].at(i).integer().value_or(-1));
    if (t.shape.back() < 0) count = -1;
    if (count >= 0) count *= t.shape.back();
  }
  const auto begin = entry["data_offsets"].at(0).integer();
  const auto end = entry["data_offsets"].at(1).integer();
  const std::size_t width = element_size(t.dtype);
  if (!width || count < 0 || !begin || !end || *begin < 0 || *end < *begin ||
      static_cast<std::size_t>(*end) > data.size() ||
      static_cast<std::size_t>(*end - *begin) != static_cast<std::size_t>(count) * width) {
    error = "tensor '" + t.name + "' has a malformed header entry";
    return std::nullopt;
  }
  t.data = data.subspan(static_cast<std::size_t>(*begin), static_cast<std::size_t>(*end - *begin));
  return t;
}

}  // namespace

std::optional<SafeTensorsFile> SafeTensorsFile::open(const std::filesystem::path& file, std::string& error) {
  auto mapping = std::make_shared<Mapping>();
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 8) {
    mapping->size = static_cast<std::size_t>(st.st_size);
    mapping->address = mmap(nullptr, mapping->size, PROT_READ, MAP_PRIVATE, fd, 0);
  }
  if (fd >= 0) ::close(fd);
  if (mapping->address == MAP_FAILED) {
    error = "cannot map " + file.string();
    return std::nullopt;
  }
  const std::span<const std::byte> bytes = mapping->bytes();
  uint64_t header_size = 0;
  std::memcpy(&header_size, bytes.data(), 8);  // little-endian, as is every supported host
  if (header_size > bytes.size() - 8) {
    error = file.string() + " is not a safetensors file (bad header length)";
    return std::nullopt;
  }
  auto header = JsonDocument::parse(
      std::string_view(reinterpret_cast<const char*>(bytes.data()) + 8, header_size), error);
  if (!header) {
    error = file.string() + " is not a safetensors file: " + error;
    return std::nullopt;
  }
  SafeTensorsFile out;
  const std::span<const std::byte> data = bytes.subspan(8 + header_size);
  const JsonView root = header->root();
  for (std::size_t i = 0; i < root.size(); ++i) {
    if (root.key_at(i) == "__metadata__") continue;
    auto t = tensor_entry(root.key_at(i), root.at(i), data, error);
    if (!t) {
      error = file.string() + ": " + error;
      return std::nullopt;
    }
    out.tensors_.push_back(std::move(*t));
  }
  out.mapping_ = std::move(mapping);
  return out;
}

}  // namespace kiln::models
