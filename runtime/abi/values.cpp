// The value and error half of include/kiln/kiln.h. Nothing here lets a C++ exception escape: each
// entry point catches everything and reports it as a kiln_error (or a NULL result).
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <unordered_map>
#include <vector>

#include "include/kiln/kiln.h"
#include "runtime/abi/internal.h"
#include "runtime/unicode/codecs.h"
#include "runtime/unicode/utf8.h"

namespace {

kiln_status fail(kiln_error** error, const char* type, std::string message) {
  if (error) {
    *error = new (std::nothrow) kiln_error{type, std::move(message), "", 0};
  }
  return KILN_FAILED;
}

// Runs `body`, turning any escaping C++ exception into a failure (memory exhaustion in practice).
template <class F>
kiln_status guarded(kiln_error** error, F&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return fail(error, "MemoryError", "out of memory");
  } catch (...) {
    return fail(error, "SystemError", "unexpected internal error");
  }
}

template <class F>
kiln_value* make(F&& init) {
  try {
    auto v = std::make_unique<kiln_value>();
    init(*v);
    return v.release();
  } catch (...) {
    return nullptr;
  }
}

const char* kind_name(kiln_kind kind) {
  static constexpr const char* kNames[] = {"null",  "bool", "int",  "float", "string",
                                           "bytes", "list", "dict", "tensor"};
  return static_cast<unsigned>(kind) < std::size(kNames) ? kNames[kind] : "unknown";
}

// Checks that `v` exists and is of `kind`; otherwise fails with a TypeError naming `function`.
bool check_kind(const kiln_value* v, kiln_kind kind, const char* function, kiln_error** error) {
  if (v == nullptr) {
    fail(error, "TypeError", std::string(function) + ": the value is NULL");
    return false;
  }
  if (v->kind != kind) {
    fail(error, "TypeError",
         std::string(function) + ": expected a " + kind_name(kind) + " value, got " + kind_name(v->kind));
    return false;
  }
  return true;
}

// Empty when `text` is valid UTF-8; otherwise CPython's UnicodeDecodeError message.
std::string utf8_problem(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    uint64_t word;  // ASCII, the common case, is checked 8 bytes at a time
    if (i + 8 <= text.size() &&
        (std::memcpy(&word, text.data() + i, 8), (word & 0x8080808080808080ULL) == 0)) {
      i += 8;
      continue;
    }
    kiln::unicode::Decoded d = kiln::unicode::decode_utf8(text, i, false);
    if (d.length == 0) return kiln::unicode::utf8_error_message(text, i);
    i += d.length;
  }
  return {};
}

// The number of elements of `shape`, or -1 when a dimension is negative or the count overflows.
int64_t element_count(const int64_t* shape, std::size_t ndim) {
  int64_t count = 1;
  for (std::size_t i = 0; i < ndim; ++i) {
    if (shape[i] < 0) return -1;
    if (shape[i] != 0 && count > std::numeric_limits<int64_t>::max() / shape[i]) return -1;
    count *= shape[i];
  }
  return count;
}

// The checks and the value both tensor constructors share; `bytes` is the data's size.
kiln_status make_tensor(const char* function, kiln_dtype dtype, const int64_t* shape, std::size_t ndim,
                        const void* data, kiln_value** out, kiln_error** error, std::size_t& bytes) {
  if (out == nullptr) return fail(error, "TypeError", "tensor: `out` is NULL");
  *out = nullptr;
  const std::size_t item = kiln_dtype_size(dtype);
  if (item == 0)
    return fail(error, "ValueError", "tensor: unknown dtype " + std::to_string(static_cast<int>(dtype)));
  if (ndim > 0 && shape == nullptr) return fail(error, "TypeError", "tensor: `shape` is NULL");
  const int64_t count = element_count(shape, ndim);
  if (count < 0 || static_cast<uint64_t>(count) > std::numeric_limits<std::size_t>::max() / item) {
    return fail(error, "ValueError", "tensor: invalid shape (negative dimension or too many elements)");
  }
  bytes = static_cast<std::size_t>(count) * item;
  if (data == nullptr && bytes != 0)
    return fail(error, "TypeError", std::string(function) + ": `data` is NULL");
  auto v = std::make_unique<kiln_value>();
  v->kind = KILN_KIND_TENSOR;
  v->dtype = dtype;
  v->shape.assign(shape, shape + ndim);
  *out = v.release();
  return KILN_OK;
}

// A string value of `text`, or nullptr with a UnicodeDecodeError when it is not valid UTF-8.
std::unique_ptr<kiln_value> string_value(std::string_view text, kiln_error** error) {
  if (std::string problem = utf8_problem(text); !problem.empty()) {
    fail(error, "UnicodeDecodeError", problem);
    return nullptr;
  }
  auto v = std::make_unique<kiln_value>();
  v->kind = KILN_KIND_STRING;
  v->text.assign(text);
  return v;
}

}  // namespace

extern "C" {

uint32_t kiln_abi_version(void) {
  return KILN_ABI_VERSION;
}

const char* kiln_error_type(const kiln_error* e) {
  return e ? e->type.c_str() : "";
}
const char* kiln_error_message(const kiln_error* e) {
  return e ? e->message.c_str() : "";
}
const char* kiln_error_file(const kiln_error* e) {
  return e ? e->file.c_str() : "";
}
int32_t kiln_error_line(const kiln_error* e) {
  return e ? e->line : 0;
}
void kiln_error_release(kiln_error* e) {
  delete e;
}

size_t kiln_dtype_size(kiln_dtype dtype) {
  switch (dtype) {
    case KILN_DTYPE_I8:
    case KILN_DTYPE_U8:
    case KILN_DTYPE_BOOL:
      return 1;
    case KILN_DTYPE_F16:
    case KILN_DTYPE_I16:
      return 2;
    case KILN_DTYPE_F32:
    case KILN_DTYPE_I32:
      return 4;
    case KILN_DTYPE_F64:
    case KILN_DTYPE_I64:
      return 8;
  }
  return 0;
}

kiln_value* kiln_value_null(void) {
  return make([](kiln_value&) {});
}
kiln_value* kiln_value_bool(bool b) {
  return make([b](kiln_value& v) { v.kind = KILN_KIND_BOOL, v.boolean = b; });
}
kiln_value* kiln_value_int(int64_t i) {
  return make([i](kiln_value& v) { v.kind = KILN_KIND_INT, v.integer = i; });
}
kiln_value* kiln_value_float(double f) {
  return make([f](kiln_value& v) { v.kind = KILN_KIND_FLOAT, v.floating = f; });
}
kiln_value* kiln_value_bytes(const void* data, size_t size) {
  if (data == nullptr && size != 0) return nullptr;
  return make([&](kiln_value& v) {
    v.kind = KILN_KIND_BYTES;
    if (size) v.text.assign(static_cast<const char*>(data), size);
  });
}
kiln_value* kiln_value_list(void) {
  return make([](kiln_value& v) { v.kind = KILN_KIND_LIST; });
}
kiln_value* kiln_value_dict(void) {
  return make([](kiln_value& v) { v.kind = KILN_KIND_DICT; });
}

kiln_status kiln_value_string(const char* utf8, size_t size, kiln_value** out, kiln_error** error) {
  return guarded(error, [&] {
    if (out == nullptr) return fail(error, "TypeError", "kiln_value_string: `out` is NULL");
    *out = nullptr;
    if (utf8 == nullptr && size != 0) return fail(error, "TypeError", "kiln_value_string: `utf8` is NULL");
    std::unique_ptr<kiln_value> v = string_value(std::string_view(utf8 ? utf8 : "", size), error);
    if (!v) return KILN_FAILED;
    *out = v.release();
    return KILN_OK;
  });
}

kiln_status kiln_value_list_of_scalars(kiln_kind kind, const void* items, size_t count, kiln_value** out,
                                       kiln_error** error) {
  return guarded(error, [&] {
    if (out == nullptr) return fail(error, "TypeError", "kiln_value_list_of_scalars: `out` is NULL");
    *out = nullptr;
    if (kind != KILN_KIND_BOOL && kind != KILN_KIND_INT && kind != KILN_KIND_FLOAT)
      return fail(error, "TypeError", "kiln_value_list_of_scalars: `kind` is not bool, int or float");
    if (items == nullptr && count != 0)
      return fail(error, "TypeError", "kiln_value_list_of_scalars: `items` is NULL");
    auto list = std::make_unique<kiln_value>();
    list->kind = KILN_KIND_LIST;
    list->items.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      auto& item = *list->items.emplace_back(std::make_unique<kiln_value>());
      item.kind = kind;
      if (kind == KILN_KIND_BOOL) item.boolean = static_cast<const bool*>(items)[i];
      if (kind == KILN_KIND_INT) item.integer = static_cast<const int64_t*>(items)[i];
      if (kind == KILN_KIND_FLOAT) item.floating = static_cast<const double*>(items)[i];
    }
    *out = list.release();
    return KILN_OK;
  });
}

kiln_status kiln_value_list_of_strings(const char* utf8, const size_t* sizes, size_t count, kiln_value** out,
                                       kiln_error** error) {
  return guarded(error, [&] {
    if (out == nullptr) return fail(error, "TypeError", "kiln_value_list_of_strings: `out` is NULL");
    *out = nullptr;
    if (count != 0 && sizes == nullptr)
      return fail(error, "TypeError", "kiln_value_list_of_strings: `sizes` is NULL");
    auto list = std::make_unique<kiln_value>();
    list->kind = KILN_KIND_LIST;
    list->items.reserve(count);
    std::size_t at = 0;
    for (std::size_t i = 0; i < count; ++i) {
      if (utf8 == nullptr && sizes[i] != 0)
        return fail(error, "TypeError", "kiln_value_list_of_strings: `utf8` is NULL");
      std::unique_ptr<kiln_value> item =
          string_value(std::string_view(utf8 ? utf8 + at : "", sizes[i]), error);
      if (!item) return KILN_FAILED;
      list->items.push_back(std::move(item));
      at += sizes[i];
    }
    *out = list.release();
    return KILN_OK;
  });
}

kiln_status kiln_value_tensor_copy(kiln_dtype dtype, const int64_t* shape, size_t ndim, const void* data,
                                   kiln_value** out, kiln_error** error) {
  return guarded(error, [&] {
    std::size_t bytes = 0;
    if (make_tensor("kiln_value_tensor_copy", dtype, shape, ndim, data, out, error, bytes) != KILN_OK)
      return KILN_FAILED;
    (*out)->owned_data.assign(static_cast<const unsigned char*>(data),
                              static_cast<const unsigned char*>(data) + bytes);
    (*out)->data = (*out)->owned_data.data();
    return KILN_OK;
  });
}

kiln_status kiln_value_tensor_borrow(kiln_dtype dtype, const int64_t* shape, size_t ndim, void* data,
                                     kiln_release_fn release, void* release_context, kiln_value** out,
                                     kiln_error** error) {
  return guarded(error, [&] {
    std::size_t bytes = 0;
    if (make_tensor("kiln_value_tensor_borrow", dtype, shape, ndim, data, out, error, bytes) != KILN_OK) {
      return KILN_FAILED;
    }
    (*out)->data = data;
    (*out)->release = release;
    (*out)->release_context = release_context;
    return KILN_OK;
  });
}

kiln_status kiln_value_list_append(kiln_value* list, kiln_value* item, kiln_error** error) {
  std::unique_ptr<kiln_value> adopted(item);
  return guarded(error, [&] {
    if (!check_kind(list, KILN_KIND_LIST, "kiln_value_list_append", error)) return KILN_FAILED;
    if (!adopted) return fail(error, "TypeError", "kiln_value_list_append: `item` is NULL");
    list->items.push_back(std::move(adopted));
    return KILN_OK;
  });
}

kiln_status kiln_value_dict_set(kiln_value* dict, const char* key, size_t key_size, kiln_value* value,
                                kiln_error** error) {
  std::unique_ptr<kiln_value> adopted(value);
  return guarded(error, [&] {
    if (!check_kind(dict, KILN_KIND_DICT, "kiln_value_dict_set", error)) return KILN_FAILED;
    if (!adopted) return fail(error, "TypeError", "kiln_value_dict_set: `value` is NULL");
    if (key == nullptr && key_size != 0)
      return fail(error, "TypeError", "kiln_value_dict_set: `key` is NULL");
    std::string k(key ? key : "", key_size);
    if (std::string problem = utf8_problem(k); !problem.empty())
      return fail(error, "UnicodeDecodeError", problem);
    auto [it, inserted] = dict->key_index.try_emplace(k, dict->items.size());
    if (inserted) {
      dict->keys.push_back(std::move(k));
      dict->items.push_back(std::move(adopted));
    } else {
      dict->items[it->second] = std::move(adopted);
    }
    return KILN_OK;
  });
}

kiln_kind kiln_value_kind(const kiln_value* v) {
  return v ? v->kind : KILN_KIND_NULL;
}

kiln_status kiln_value_get_bool(const kiln_value* v, bool* out, kiln_error** error) {
  if (!check_kind(v, KILN_KIND_BOOL, "kiln_value_get_bool", error)) return KILN_FAILED;
  if (out == nullptr) return fail(error, "TypeError", "kiln_value_get_bool: `out` is NULL");
  *out = v->boolean;
  return KILN_OK;
}

kiln_status kiln_value_get_int(const kiln_value* v, int64_t* out, kiln_error** error) {
  if (!check_kind(v, KILN_KIND_INT, "kiln_value_get_int", error)) return KILN_FAILED;
  if (out == nullptr) return fail(error, "TypeError", "kiln_value_get_int: `out` is NULL");
  *out = v->integer;
  return KILN_OK;
}

kiln_status kiln_value_get_float(const kiln_value* v, double* out, kiln_error** error) {
  if (out == nullptr) return fail(error, "TypeError", "kiln_value_get_float: `out` is NULL");
  if (v && v->kind == KILN_KIND_INT) {
    constexpr int64_t kExact = int64_t{1} << 53;
    if (v->integer > kExact || v->integer < -kExact) {
      return fail(error, "OverflowError", "kiln_value_get_float: int too large to convert to float exactly");
    }
    *out = static_cast<double>(v->integer);
    return KILN_OK;
  }
  if (!check_kind(v, KILN_KIND_FLOAT, "kiln_value_get_float", error)) return KILN_FAILED;
  *out = v->floating;
  return KILN_OK;
}

kiln_status kiln_value_get_string(const kiln_value* v, const char** utf8, size_t* size, kiln_error** error) {
  if (!check_kind(v, KILN_KIND_STRING, "kiln_value_get_string", error)) return KILN_FAILED;
  if (utf8 == nullptr || size == nullptr)
    return fail(error, "TypeError", "kiln_value_get_string: an output is NULL");
  *utf8 = v->text.c_str();
  *size = v->text.size();
  return KILN_OK;
}

kiln_status kiln_value_get_bytes(const kiln_value* v, const void** data, size_t* size, kiln_error** error) {
  if (!check_kind(v, KILN_KIND_BYTES, "kiln_value_get_bytes", error)) return KILN_FAILED;
  if (data == nullptr || size == nullptr)
    return fail(error, "TypeError", "kiln_value_get_bytes: an output is NULL");
  *data = v->text.data();
  *size = v->text.size();
  return KILN_OK;
}

size_t kiln_value_length(const kiln_value* v) {
  return v && (v->kind == KILN_KIND_LIST || v->kind == KILN_KIND_DICT) ? v->items.size() : 0;
}

const kiln_value* kiln_value_list_get(const kiln_value* list, size_t index) {
  if (!list || list->kind != KILN_KIND_LIST || index >= list->items.size()) return nullptr;
  return list->items[index].get();
}

kiln_status kiln_value_list_scalars(const kiln_value* list, kiln_kind kind, void* out, size_t count,
                                    kiln_error** error) {
  if (!check_kind(list, KILN_KIND_LIST, "kiln_value_list_scalars", error)) return KILN_FAILED;
  if (kind != KILN_KIND_BOOL && kind != KILN_KIND_INT && kind != KILN_KIND_FLOAT)
    return fail(error, "TypeError", "kiln_value_list_scalars: `kind` is not bool, int or float");
  if (count != list->items.size() || (count > 0 && out == nullptr))
    return fail(error, "TypeError", "kiln_value_list_scalars: `count` is not the list's length");
  for (std::size_t i = 0; i < count; ++i) {
    const kiln_value& item = *list->items[i];
    if (item.kind != kind)
      return fail(error, "TypeError", "kiln_value_list_scalars: an item of another kind");
    if (kind == KILN_KIND_BOOL) static_cast<bool*>(out)[i] = item.boolean;
    if (kind == KILN_KIND_INT) static_cast<int64_t*>(out)[i] = item.integer;
    if (kind == KILN_KIND_FLOAT) static_cast<double*>(out)[i] = item.floating;
  }
  return KILN_OK;
}

const kiln_value* kiln_value_dict_value_at(const kiln_value* dict, size_t index, const char** key,
                                           size_t* key_size) {
  if (!dict || dict->kind != KILN_KIND_DICT || index >= dict->items.size()) return nullptr;
  if (key) *key = dict->keys[index].c_str();
  if (key_size) *key_size = dict->keys[index].size();
  return dict->items[index].get();
}

const kiln_value* kiln_value_dict_get(const kiln_value* dict, const char* key, size_t key_size) {
  if (!dict || dict->kind != KILN_KIND_DICT || (key == nullptr && key_size != 0)) return nullptr;
  try {
    auto it = dict->key_index.find(std::string(key ? key : "", key_size));
    return it == dict->key_index.end() ? nullptr : dict->items[it->second].get();
  } catch (...) {
    return nullptr;
  }
}

kiln_status kiln_value_get_tensor(const kiln_value* v, kiln_dtype* dtype, size_t* ndim, const int64_t** shape,
                                  const void** data, kiln_error** error) {
  if (!check_kind(v, KILN_KIND_TENSOR, "kiln_value_get_tensor", error)) return KILN_FAILED;
  if (!dtype || !ndim || !shape || !data)
    return fail(error, "TypeError", "kiln_value_get_tensor: an output is NULL");
  *dtype = v->dtype;
  *ndim = v->shape.size();
  *shape = v->shape.data();
  *data = v->data;
  return KILN_OK;
}

void kiln_value_release(kiln_value* v) {
  delete v;
}

}  // extern "C"
