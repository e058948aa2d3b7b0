// The hex encoding the runtime probes and their pytest drivers speak: arbitrary bytes (NULs, lone
// surrogates, newlines) travel as hex digits on a line.
#pragma once

#include <string>
#include <string_view>

namespace kiln::probe {

inline std::string unhex(std::string_view h) {
  std::string out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) {
    out += static_cast<char>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16));
  }
  return out;
}

inline std::string hex(std::string_view s) {
  static constexpr const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

}  // namespace kiln::probe
