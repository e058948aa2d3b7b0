// SentencePiece's tokenizer.model (a serialised ModelProto): its pieces, scores and piece types, read
// natively (no protobuf library), as llama.cpp's converter reads them through sentencepiece.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kiln::models {

struct SentencePiece {
  std::string piece;
  float score = 0;
  int32_t type = 1;  // ModelProto's Type: 1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte
};

// The model's pieces in id order; nullopt with `error` when `file` is not a readable ModelProto.
std::optional<std::vector<SentencePiece>> read_sentencepiece_model(const std::filesystem::path& file,
                                                                   std::string& error);

}  // namespace kiln::models
