// Everything generated code uses: the one header `kiln compile` includes (and precompiles).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>

#include "runtime/abi/entry.h"
#include "runtime/builtins.h"
#include "runtime/dict.h"
#include "runtime/exceptions.h"
#include "runtime/format.h"
#include "runtime/generator.h"
#include "runtime/iterables.h"
#include "runtime/list.h"
#include "runtime/math.h"
#include "runtime/model/llama.h"
#include "runtime/model/transformers.h"
#include "runtime/numpy.h"
#include "runtime/numpy_fused.h"
#include "runtime/object.h"
#include "runtime/resources.h"
#include "runtime/set.h"
#include "runtime/str.h"
#include "runtime/torch.h"
#include "runtime/variant.h"
