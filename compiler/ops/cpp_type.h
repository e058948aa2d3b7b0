// How a Python type is spelled in generated C++ (the runtime's classes: runtime/*.h).
#pragma once

#include <string>

#include "compiler/types/type.h"

namespace kiln::ops {

// "int64_t", "kiln::rt::List<std::string>", "std::optional<double>", ...; "void" for None.
std::string cpp_type(const types::Type* t);

}  // namespace kiln::ops
