// A content hash of files, naming cached conversions: the same inputs give the same name, and any
// change to any byte gives another.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::models {

// 16 hex digits over `salt` and each file's bytes in order; nullopt (with `error`) if one cannot
// be read.
std::optional<std::string> content_hash(const std::vector<std::filesystem::path>& files,
                                        std::string_view salt, std::string& error);

}  // namespace kiln::models
