// JSON in and out of kiln_values, for `kiln run`.
#pragma once

#include <string>
#include <string_view>

#include "include/kiln/kiln.h"

namespace kiln::driver {

// Parses JSON text into a new value (objects become dicts, arrays lists; numbers without '.', 'e'
// or 'E' are ints). On malformed input returns null and sets `error` to what and where.
kiln_value* parse_json(std::string_view text, std::string& error);

// The value as JSON; floats with Python's repr precision (as json.dumps writes them), tensors as
// nested arrays.
std::string to_json(const kiln_value* v);

}  // namespace kiln::driver
