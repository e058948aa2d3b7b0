#include "compiler/models/gguf_writer.h"

#include <cstring>
#include <fstream>
#include <system_error>

namespace kiln::models {
namespace {

constexpr uint64_t kAlignment = 32;  // GGUF's default (no general.alignment key)

enum : uint32_t { kU32 = 4, kI32 = 5, kF32 = 6, kBool = 7, kString = 8, kArray = 9 };

template <class T>
void put(std::vector<std::byte>& out, T value) {  // little-endian hosts only, as GGUF itself
  const auto* p = reinterpret_cast<const std::byte*>(&value);
  out.insert(out.end(), p, p + sizeof(T));
}

void put_string(std::vector<std::byte>& out, std::string_view s) {
  put<uint64_t>(out, s.size());
  const auto* p = reinterpret_cast<const std::byte*>(s.data());
  out.insert(out.end(), p, p + s.size());
}

uint64_t aligned(uint64_t n) {
  return (n + kAlignment - 1) / kAlignment * kAlignment;
}

}  // namespace

void GgufWriter::key(std::string_view name, uint32_t type) {
  put_string(metadata_, name);
  put<uint32_t>(metadata_, type);
  ++n_keys_;
}

void GgufWriter::add_string(std::string_view k, std::string_view value) {
  key(k, kString);
  put_string(metadata_, value);
}

void GgufWriter::add_u32(std::string_view k, uint32_t value) {
  key(k, kU32);
  put(metadata_, value);
}

void GgufWriter::add_f32(std::string_view k, float value) {
  key(k, kF32);
  put(metadata_, value);
}

void GgufWriter::add_bool(std::string_view k, bool value) {
  key(k, kBool);
  put<uint8_t>(metadata_, value ? 1 : 0);
}

void GgufWriter::add_strings(std::string_view k, const std::vector<std::string>& values) {
  key(k, kArray);
  put<uint32_t>(metadata_, kString);
  put<uint64_t>(metadata_, values.size());
  for (const std::string& v : values) put_string(metadata_, v);
}

void GgufWriter::add_i32s(std::string_view k, const std::vector<int32_t>& values) {
  key(k, kArray);
  put<uint32_t>(metadata_, kI32);
  put<uint64_t>(metadata_, values.size());
  for (int32_t v : values) put(metadata_, v);
}

void GgufWriter::add_f32s(std::string_view k, const std::vector<float>& values) {
  key(k, kArray);
  put<uint32_t>(metadata_, kF32);
  put<uint64_t>(metadata_, values.size());
  for (float v : values) put(metadata_, v);
}

void GgufWriter::add_bools(std::string_view k, const std::vector<bool>& values) {
  key(k, kArray);
  put<uint32_t>(metadata_, kBool);
  put<uint64_t>(metadata_, values.size());
  for (bool v : values) put<uint8_t>(metadata_, v ? 1 : 0);
}

void GgufWriter::add_tensor(std::string_view name, std::vector<int64_t> dims, GgmlType type,
                            std::span<const std::byte> data) {
  tensors_.push_back({std::string(name), std::move(dims), type, data});
}

bool GgufWriter::write(const std::filesystem::path& file, std::string& error) const {
  std::vector<std::byte> head;
  head.insert(head.end(), {std::byte{'G'}, std::byte{'G'}, std::byte{'U'}, std::byte{'F'}});
  put<uint32_t>(head, 3);
  put<uint64_t>(head, tensors_.size());
  put<uint64_t>(head, n_keys_);
  head.insert(head.end(), metadata_.begin(), metadata_.end());
  uint64_t offset = 0;
  for (const Tensor& t : tensors_) {
    put_string(head, t.name);
    put<uint32_t>(head, static_cast<uint32_t>(t.dims.size()));
    for (int64_t d : t.dims) put(head, d);
    put<uint32_t>(head, static_cast<uint32_t>(t.type));
    put<uint64_t>(head, offset);
    offset = aligned(offset + t.data.size());
  }
  head.resize(aligned(head.size()));

  const std::filesystem::path partial = file.string() + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(head.data()), static_cast<std::streamsize>(head.size()));
    const char zeros[kAlignment] = {};
    for (const Tensor& t : tensors_) {
      out.write(reinterpret_cast<const char*>(t.data.data()), static_cast<std::streamsize>(t.data.size()));
      out.write(zeros, static_cast<std::streamsize>(aligned(t.data.size()) - t.data.size()));
    }
    if (!out) {
      error = "cannot write " + partial.string();
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(partial, file, ec);
  if (ec) error = "cannot write " + file.string() + ": " + ec.message();
  return !ec;
}

}  // namespace kiln::models
