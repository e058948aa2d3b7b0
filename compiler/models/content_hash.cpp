#include "compiler/models/content_hash.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

namespace kiln::models {
namespace {

// A 64-bit multiply-xorshift over 8-byte words: fast enough to hash 100 MB of weights in a
// fraction of a second, and far from any collision risk among a user's models.
class Hasher {
 public:
  void update(const char* data, std::size_t size) {
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
      uint64_t word = 0;
      std::memcpy(&word, data + i, 8);
      mix(word);
    }
    uint64_t tail = 0;
    std::memcpy(&tail, data + i, size - i);
    mix(tail ^ (static_cast<uint64_t>(size - i) << 56));
  }
  std::string hex() const {
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(state_));
    return out;
  }

 private:
  void mix(uint64_t word) {
    state_ = (state_ ^ word) * 0x9E3779B97F4A7C15ull;
    state_ ^= state_ >> 29;
  }
  uint64_t state_ = 0xCBF29CE484222325ull;
};

}  // namespace

std::optional<std::string> content_hash(const std::vector<std::filesystem::path>& files,
                                        std::string_view salt, std::string& error) {
  Hasher h;
  h.update(salt.data(), salt.size());
  std::vector<char> buffer(1 << 20);  // a multiple of 8, so chunking does not change the words
  for (const std::filesystem::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      error = "cannot read " + file.string();
      return std::nullopt;
    }
    while (in) {
      in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      h.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
  }
  return h.hex();
}

}  // namespace kiln::models
