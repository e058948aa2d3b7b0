#include "runtime/abi/entry.h"

#include <algorithm>
#include <cstring>

#include "runtime/abi/internal.h"
#include "runtime/builtins.h"
#include "runtime/numpy.h"

namespace kiln::abi {
const char* kind_name(kiln_kind kind) {
  switch (kind) {
    case KILN_KIND_NULL:
      return "NoneType";
    case KILN_KIND_BOOL:
      return "bool";
    case KILN_KIND_INT:
      return "int";
    case KILN_KIND_FLOAT:
      return "float";
    case KILN_KIND_STRING:
      return "str";
    case KILN_KIND_BYTES:
      return "bytes";
    case KILN_KIND_LIST:
      return "list";
    case KILN_KIND_DICT:
      return "dict";
    case KILN_KIND_TENSOR:
      return "ndarray";
  }
  return "object";
}

void wrong_type(const kiln_value* v, const Place& place, const std::string& expected) {
  throw rt::TypeError(place.function + "() " + place.where + " must be " + expected + ", not " +
                      kind_name(kiln_value_kind(v)));
}

// Containers adopt their items; a failure here is out of memory or invalid UTF-8 in a key.
void append(kiln_value* list, ValuePtr item) {
  kiln_error* error = nullptr;
  if (kiln_value_list_append(list, item.get(), &error) != KILN_OK) {
    kiln_error_release(error);
    throw std::bad_alloc();
  }
  item.release();
}

void set_key(kiln_value* dict, const std::string& key, ValuePtr value) {
  kiln_error* error = nullptr;
  if (kiln_value_dict_set(dict, key.data(), key.size(), value.get(), &error) != KILN_OK) {
    std::string message = kiln_error_message(error);
    kiln_error_release(error);
    throw rt::UnicodeEncodeError(message);
  }
  value.release();
}

const kiln_value* Arguments::take(std::string_view name) {
  taken_.emplace_back(name);
  return kiln_value_dict_get(inputs_, name.data(), name.size());
}

void Arguments::finish() const {
  for (std::size_t i = 0; i < kiln_value_length(inputs_); ++i) {
    const char* key = nullptr;
    std::size_t size = 0;
    kiln_value_dict_value_at(inputs_, i, &key, &size);
    std::string name(key, size);
    if (std::find(taken_.begin(), taken_.end(), name) == taken_.end()) {
      throw rt::TypeError(function_ + "() got an unexpected keyword argument '" + name + "'");
    }
  }
}

int64_t Convert<int64_t>::from(const kiln_value* v, const Place& place) {
  if (v->kind == KILN_KIND_INT) return v->integer;
  if (v->kind == KILN_KIND_BOOL) return v->boolean;
  wrong_type(v, place, "int");
}

double Convert<double>::from(const kiln_value* v, const Place& place) {
  if (v->kind == KILN_KIND_FLOAT) return v->floating;
  if (v->kind == KILN_KIND_INT)
    return static_cast<double>(v->integer);  // as Python accepts an int for a float
  if (v->kind == KILN_KIND_BOOL) return v->boolean;
  wrong_type(v, place, "float");
}

bool Convert<bool>::from(const kiln_value* v, const Place& place) {
  if (v->kind == KILN_KIND_BOOL) return v->boolean;
  wrong_type(v, place, "bool");
}

std::string Convert<std::string>::from(const kiln_value* v, const Place& place) {
  if (v->kind == KILN_KIND_STRING) return v->text;
  wrong_type(v, place, "str");
}

ValuePtr Convert<std::string>::to(const std::string& v) {
  kiln_value* out = nullptr;
  // Runtime strings are UTF-8 by construction (lone surrogates aside, which the check reports).
  kiln_error* error = nullptr;
  if (kiln_value_string(v.data(), v.size(), &out, &error) != KILN_OK) {
    std::string message = kiln_error_message(error);
    kiln_error_release(error);
    throw rt::UnicodeEncodeError(message);
  }
  return own(out);
}

namespace {

// The ABI's dtypes and the runtime's, pairwise (the ABI has more: f16, i8, i16).
constexpr std::pair<kiln_dtype, rt::DType> kDTypes[] = {
    {KILN_DTYPE_F32, rt::DType::Float32}, {KILN_DTYPE_F64, rt::DType::Float64},
    {KILN_DTYPE_I32, rt::DType::Int32},   {KILN_DTYPE_I64, rt::DType::Int64},
    {KILN_DTYPE_U8, rt::DType::UInt8},    {KILN_DTYPE_BOOL, rt::DType::Bool},
};

}  // namespace

const char* dtype_name(rt::DType dtype) {
  switch (dtype) {
    case rt::DType::Float32:
      return "float32";
    case rt::DType::Float64:
      return "float64";
    case rt::DType::Int32:
      return "int32";
    case rt::DType::Int64:
      return "int64";
    case rt::DType::UInt8:
      return "uint8";
    case rt::DType::Bool:
      return "bool";
  }
  return "?";
}

std::string Convert<Bytes>::from(const kiln_value* v, const Place& place) {
  const void* data = nullptr;
  std::size_t size = 0;
  if (kiln_value_kind(v) != KILN_KIND_BYTES || kiln_value_get_bytes(v, &data, &size, nullptr) != KILN_OK)
    wrong_type(v, place, name());
  return std::string(static_cast<const char*>(data), size);
}

namespace {
// The deleter of an argument array's buffer: the caller's tensor, which outlives the call. An array
// argument is not copied in: it aliases the caller's buffer, as a numpy argument does in Python
// (writes through it are the caller's to see). An array that leaves the call on such a buffer is
// copied on its way out (Convert::to), since the caller may free the buffer once the call returns.
struct CallerBuffer {
  void operator()(std::byte*) const {}
};
}  // namespace

rt::NdArray Convert<rt::NdArray>::from(const kiln_value* v, const Place& place) {
  kiln_dtype dtype{};
  std::size_t ndim = 0;
  const int64_t* shape = nullptr;
  const void* data = nullptr;
  if (kiln_value_kind(v) != KILN_KIND_TENSOR ||
      kiln_value_get_tensor(v, &dtype, &ndim, &shape, &data, nullptr) != KILN_OK)
    wrong_type(v, place, name());
  for (auto [abi, runtime] : kDTypes) {
    if (abi != dtype) continue;
    std::vector<int64_t> dims(shape, shape + ndim);
    if (!data || std::find(dims.begin(), dims.end(), 0) != dims.end())
      return rt::NdArray(runtime, std::move(dims));  // no elements: nothing to alias
    // The ABI's tensor data is writable memory: the caller's lent buffer, or the value's own copy.
    std::shared_ptr<std::byte[]> buffer(static_cast<std::byte*>(const_cast<void*>(data)), CallerBuffer{});
    return rt::NdArray(runtime, std::move(dims), std::move(buffer));
  }
  throw rt::TypeError(place.function + "() " + place.where +
                      " has a dtype Kiln does not support (float16, int8 or int16)");
}

ValuePtr Convert<rt::NdArray>::to(const rt::NdArray& result) {
  // Tensors are C-contiguous, and own their data or keep it alive: not the caller's argument buffer.
  const bool callers = std::get_deleter<CallerBuffer>(result.buffer()) != nullptr;
  const rt::NdArray a = result.contiguous() && !callers ? result : rt::np::copy(result);
  kiln_dtype dtype = KILN_DTYPE_F64;
  for (auto [abi, runtime] : kDTypes) {
    if (runtime == a.dtype()) dtype = abi;
  }
  auto* keep = new std::shared_ptr<std::byte[]>(a.buffer());
  kiln_value* out = nullptr;
  const kiln_status status = kiln_value_tensor_borrow(
      dtype, a.shape().data(), a.shape().size(), a.data(),
      [](void* context) { delete static_cast<std::shared_ptr<std::byte[]>*>(context); }, keep, &out, nullptr);
  if (status != KILN_OK) {
    delete keep;
    throw rt::ValueError("the array cannot be returned as a tensor");
  }
  return own(out);
}

kiln_status fail_with(const rt::BaseException& e, const char* source_file, kiln_error** error) {
  if (error) {
    *error =
        new (std::nothrow) kiln_error{std::string(e.type_name()), e.message(), source_file, e.python_line()};
  }
  return KILN_FAILED;
}

kiln_status fail_with(const char* type, const char* message, kiln_error** error) {
  if (error) *error = new (std::nothrow) kiln_error{type, message, "", 0};
  return KILN_FAILED;
}

}  // namespace kiln::abi
