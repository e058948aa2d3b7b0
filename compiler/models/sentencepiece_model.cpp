#include "compiler/models/sentencepiece_model.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <string_view>

namespace kiln::models {
namespace {

// A cursor over protobuf's wire format: fields as (number, wire type), varints, length-delimited
// bytes and fixed 32/64-bit values.
class Wire {
 public:
  explicit Wire(std::string_view bytes) : rest_(bytes) {}
  bool done() const { return rest_.empty() || failed_; }
  bool failed() const { return failed_; }

  uint64_t varint() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64 && !rest_.empty(); shift += 7) {
      const auto byte = static_cast<uint8_t>(rest_.front());
      rest_.remove_prefix(1);
      value |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if (!(byte & 0x80)) return value;
    }
    failed_ = true;
    return 0;
  }
  std::string_view bytes(std::size_t n) {
    if (n > rest_.size()) {
      failed_ = true;
      n = rest_.size();
    }
    const std::string_view out = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return out;
  }
  // A field's value as raw bytes (a varint's value in `number`), whatever its wire type.
  std::string_view value(uint32_t wire_type, uint64_t& number) {
    switch (wire_type) {
      case 0:
        number = varint();
        return {};
      case 1:
        return bytes(8);
      case 2:
        return bytes(varint());
      case 5:
        return bytes(4);
      default:
        failed_ = true;
        return {};
    }
  }

 private:
  std::string_view rest_;
  bool failed_ = false;
};

// One SentencePiece message: piece = 1, score = 2 (float), type = 3.
bool read_piece(std::string_view message, SentencePiece& out) {
  Wire w(message);
  while (!w.done()) {
    const uint64_t tag = w.varint();
    uint64_t number = 0;
    const std::string_view raw = w.value(static_cast<uint32_t>(tag & 7), number);
    if ((tag >> 3) == 1 && (tag & 7) == 2) out.piece = std::string(raw);
    if ((tag >> 3) == 2 && (tag & 7) == 5) std::memcpy(&out.score, raw.data(), sizeof out.score);
    if ((tag >> 3) == 3 && (tag & 7) == 0) out.type = static_cast<int32_t>(number);
  }
  return !w.failed();
}

}  // namespace

std::optional<std::vector<SentencePiece>> read_sentencepiece_model(const std::filesystem::path& file,
                                                                   std::string& error) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    error = "cannot read " + file.string();
    return std::nullopt;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<SentencePiece> pieces;
  Wire w(bytes);
  while (!w.done()) {
    const uint64_t tag = w.varint();
    uint64_t number = 0;
    const std::string_view raw = w.value(static_cast<uint32_t>(tag & 7), number);
    if ((tag >> 3) != 1 || (tag & 7) != 2) continue;  // not ModelProto's `pieces` (field 1)
    if (!read_piece(raw, pieces.emplace_back())) break;
  }
  if (w.failed() || pieces.empty()) {
    error = file.string() + " is not a SentencePiece model";
    return std::nullopt;
  }
  return pieces;
}

}  // namespace kiln::models
