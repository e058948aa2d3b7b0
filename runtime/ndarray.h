// numpy's ndarray as the runtime holds it: an element type, a shape, strides and an offset into a
// buffer shared by every view of it (slicing returns a view that aliases, assignment aliases, as in
// numpy). The operations are in runtime/numpy.h.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <numeric>
#include <span>
#include <string>
#include <vector>

#include "runtime/exceptions.h"

namespace kiln::rt {

enum class DType : uint8_t { Bool, UInt8, Int32, Int64, Float32, Float64 };

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

// Calls f with a value of the C++ type that holds `t`'s elements.
template <class F>
decltype(auto) with_dtype(DType t, F&& f) {
  switch (t) {
    case DType::Bool:
      return f(bool{});
    case DType::UInt8:
      return f(uint8_t{});
    case DType::Int32:
      return f(int32_t{});
    case DType::Int64:
      return f(int64_t{});
    case DType::Float32:
      return f(float{});
    case DType::Float64:
      break;
  }
  return f(double{});
}

namespace detail {
// Array buffers come from a per-thread cache of recently freed blocks (runtime/ndarray.cpp): code
// on small arrays frees and allocates buffers of the same few sizes over and over, and glibc's path
// for blocks above its small-object cache costs as much as the arithmetic on a thousand floats.
void* allocate_buffer(std::size_t bytes);
void free_buffer(void* block, std::size_t bytes);

template <class T>
struct BufferAllocator {
  using value_type = T;
  BufferAllocator() = default;
  template <class U>
  BufferAllocator(const BufferAllocator<U>&) {}  // NOLINT: rebinding, as allocators do
  T* allocate(std::size_t n) { return static_cast<T*>(allocate_buffer(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) { free_buffer(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const BufferAllocator<U>&) const {
    return true;
  }
};
}  // namespace detail

template <class T>
constexpr DType dtype_of() {
  if constexpr (std::is_same_v<T, bool>) return DType::Bool;
  if constexpr (std::is_same_v<T, uint8_t>) return DType::UInt8;
  if constexpr (std::is_same_v<T, int32_t>) return DType::Int32;
  if constexpr (std::is_same_v<T, int64_t>) return DType::Int64;
  if constexpr (std::is_same_v<T, float>) return DType::Float32;
  return DType::Float64;
}

class NdArray {
 public:
  NdArray() : NdArray(DType::Float64, {0}) {}
  // A new C-contiguous, zero-filled array.
  NdArray(DType dtype, std::vector<int64_t> shape)
      : dtype_(dtype),
        shape_(std::move(shape)),
        strides_(contiguous_strides(shape_)),
        data_(std::allocate_shared<std::byte[]>(detail::BufferAllocator<std::byte>{},
                                                std::max<std::size_t>(1, bytes()))) {}
  // A new C-contiguous array whose elements the caller writes, every one, before reading any (the
  // result of an elementwise operation): no pass to zero it first.
  struct Uninitialized {};
  NdArray(DType dtype, std::vector<int64_t> shape, Uninitialized)
      : dtype_(dtype),
        shape_(std::move(shape)),
        strides_(contiguous_strides(shape_)),
        data_(std::allocate_shared_for_overwrite<std::byte[]>(detail::BufferAllocator<std::byte>{},
                                                              std::max<std::size_t>(1, bytes()))) {}
  // A C-contiguous array over `data` (shared, not copied).
  NdArray(DType dtype, std::vector<int64_t> shape, std::shared_ptr<std::byte[]> data)
      : dtype_(dtype),
        shape_(std::move(shape)),
        strides_(contiguous_strides(shape_)),
        data_(std::move(data)) {}
  // A view of `base`'s buffer: strides and offset in elements.
  NdArray(const NdArray& base, std::vector<int64_t> shape, std::vector<int64_t> strides, int64_t offset)
      : dtype_(base.dtype_),
        shape_(std::move(shape)),
        strides_(std::move(strides)),
        offset_(offset),
        data_(base.data_) {}

  DType dtype() const { return dtype_; }
  const std::vector<int64_t>& shape() const { return shape_; }
  const std::vector<int64_t>& strides() const { return strides_; }
  int64_t offset() const { return offset_; }
  int64_t ndim() const { return static_cast<int64_t>(shape_.size()); }
  int64_t size() const {
    return std::accumulate(shape_.begin(), shape_.end(), int64_t{1}, std::multiplies<>());
  }
  std::size_t bytes() const { return static_cast<std::size_t>(size()) * dtype_size(dtype_); }
  bool contiguous()
      const {  // C order with no gaps (what contiguous_strides gives), checked without allocating
    int64_t expected = 1;
    for (std::size_t i = shape_.size(); i-- > 0;) {
      if (strides_[i] != expected) return false;
      expected *= std::max<int64_t>(shape_[i], 1);
    }
    return true;
  }
  // The first element (of a contiguous array: all of them, in order).
  std::byte* data() const { return data_.get() + offset_ * static_cast<int64_t>(dtype_size(dtype_)); }
  const std::shared_ptr<std::byte[]>& buffer() const { return data_; }
  template <class T>
  T* base() const {
    return reinterpret_cast<T*>(data_.get());
  }
  template <class T>
  std::span<T> elements() const {  // a contiguous array's elements
    return {reinterpret_cast<T*>(data()), static_cast<std::size_t>(size())};
  }

  static std::vector<int64_t> contiguous_strides(const std::vector<int64_t>& shape) {
    std::vector<int64_t> out(shape.size(), 1);
    for (std::size_t i = shape.size(); i-- > 1;) out[i - 1] = out[i] * std::max<int64_t>(shape[i], 1);
    return out;
  }

 private:
  DType dtype_;
  std::vector<int64_t> shape_, strides_;
  int64_t offset_ = 0;
  std::shared_ptr<std::byte[]> data_;
};

// Visits the element offsets (in elements, from the buffer's start) of `a` in C order.
template <class F>
void for_each_offset(const NdArray& a, F&& f) {
  const int64_t n = a.size();
  if (n == 0) return;
  const auto& shape = a.shape();
  const auto& strides = a.strides();
  const std::size_t nd = shape.size();
  if (a.contiguous()) {
    for (int64_t i = 0; i < n; ++i) f(a.offset() + i);
    return;
  }
  std::vector<int64_t> index(nd, 0);
  int64_t offset = a.offset();
  for (int64_t k = 0; k < n; ++k) {
    f(offset);
    for (std::size_t d = nd; d-- > 0;) {
      if (++index[d] < shape[d]) {
        offset += strides[d];
        break;
      }
      offset -= strides[d] * (shape[d] - 1);
      index[d] = 0;
    }
  }
}

// len(a): the first dimension, as numpy's len() is.
inline int64_t len(const NdArray& a) {
  if (a.shape().empty()) throw TypeError("len() of unsized object");
  return a.shape()[0];
}

}  // namespace kiln::rt
