// Fuzz target for the front end: any bytes must either parse (and then dump) or produce one
// diagnostic that renders; the sanitizers turn anything else into a failure.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/parse/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kiln::parse::ParseResult result = kiln::parse::parse_file_bytes(bytes, "<fuzz>");
  if (result.module) {
    std::string text = kiln::parse::dump(*result.module);
    if (text.empty()) __builtin_trap();  // ast.dump of a module is never empty.
  } else if (result.error) {
    if (!result.source) __builtin_trap();  // the source is always set, so errors can be shown.
    std::string text = kiln::diag::render(*result.error, *result.source);
    if (text.empty()) __builtin_trap();
  } else {
    __builtin_trap();  // neither a tree nor an error
  }
  return 0;
}
