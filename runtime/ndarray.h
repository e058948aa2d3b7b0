// numpy's ndarray as the runtime holds it: an element type, a shape and a C-contiguous buffer
// shared by every copy of the handle (assignment aliases, as in Python). For now the array that
// model ops return and the ABI passes as a tensor; numpy's operations build on it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <numeric>
#include <span>
#include <string>
#include <vector>

#include "runtime/exceptions.h"

namespace kiln::rt {

enum class DType : uint8_t { Float32, Float64, Int32, Int64, UInt8, Bool };

inline std::size_t dtype_size(DType t) {
  switch (t) {
    case DType::Float64:
    case DType::Int64:
      return 8;
    case DType::Float32:
    case DType::Int32:
      return 4;
    case DType::UInt8:
    case DType::Bool:
      return 1;
  }
  return 1;
}

class NdArray {
 public:
  NdArray() : NdArray(DType::Float64, {0}) {}
  // A zero-filled array.
  NdArray(DType dtype, std::vector<int64_t> shape)
      : dtype_(dtype),
        shape_(std::move(shape)),
        data_(std::shared_ptr<std::byte[]>(new std::byte[std::max<std::size_t>(1, bytes())]())) {}
  // An array over `data`, kept alive by `owner` (a caller's buffer: no copy).
  NdArray(DType dtype, std::vector<int64_t> shape, std::shared_ptr<std::byte[]> data)
      : dtype_(dtype), shape_(std::move(shape)), data_(std::move(data)) {}

  DType dtype() const { return dtype_; }
  const std::vector<int64_t>& shape() const { return shape_; }
  int64_t ndim() const { return static_cast<int64_t>(shape_.size()); }
  int64_t size() const {
    return std::accumulate(shape_.begin(), shape_.end(), int64_t{1}, std::multiplies<>());
  }
  std::size_t bytes() const { return static_cast<std::size_t>(size()) * dtype_size(dtype_); }
  std::byte* data() const { return data_.get(); }
  const std::shared_ptr<std::byte[]>& buffer() const { return data_; }
  template <class T>
  std::span<T> elements() const {
    return {reinterpret_cast<T*>(data_.get()), static_cast<std::size_t>(size())};
  }

 private:
  DType dtype_;
  std::vector<int64_t> shape_;
  std::shared_ptr<std::byte[]> data_;
};

// len(a): the first dimension, as numpy's len() is.
inline int64_t len(const NdArray& a) {
  if (a.shape().empty()) throw TypeError("len() of unsized object");
  return a.shape()[0];
}

}  // namespace kiln::rt
