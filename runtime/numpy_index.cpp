// numpy's indexing. Basic indexing (integers, slices, np.newaxis, `...`) gives views of the same
// buffer; advanced indexing (integer and boolean arrays) gives copies, and numpy's rule places the
// broadcast index dimensions: where the arrays stand when they are next to each other in the index,
// first otherwise. Integers beside an array count as 0-d index arrays, as in numpy.
#include <algorithm>
#include <cstring>

#include "runtime/numpy.h"
#include "runtime/numpy_detail.h"

namespace kiln::rt::np {
using namespace detail;

namespace {

using Kind = IndexPart::Kind;

template <class T>
NdArray vector_array(const std::vector<T>& items, DType dtype) {
  NdArray out(dtype, {static_cast<int64_t>(items.size())});
  std::copy(items.begin(), items.end(), out.base<T>());
  return out;
}

int64_t checked_index(int64_t i, int64_t size, int64_t axis) {
  if (i < -size || i >= size)
    throw IndexError("index " + std::to_string(i) + " is out of bounds for axis " + std::to_string(axis) +
                     " with size " + std::to_string(size));
  return i < 0 ? i + size : i;
}

// Python's slice.indices(n): the first position, the count of positions and the step.
struct SliceBounds {
  int64_t begin, count, step;
};

SliceBounds slice_bounds(int64_t n, std::optional<int64_t> start, std::optional<int64_t> stop,
                         std::optional<int64_t> step) {
  const int64_t st = step.value_or(1);
  if (st == 0) throw ValueError("slice step cannot be zero");
  auto clamp = [&](std::optional<int64_t> v, int64_t fallback) {
    if (!v) return fallback;
    const int64_t x = *v < 0 ? *v + n : *v;
    return st > 0 ? std::clamp<int64_t>(x, 0, n) : std::clamp<int64_t>(x, -1, n - 1);
  };
  const int64_t b = clamp(start, st > 0 ? 0 : n - 1), e = clamp(stop, st > 0 ? n : -1);
  const int64_t count =
      st > 0 ? std::max<int64_t>(0, (e - b + st - 1) / st) : std::max<int64_t>(0, (b - e - st - 1) / -st);
  return {b, count, st};
}

bool is_boolean_array(const IndexPart& p) {
  return p.kind == Kind::Array && p.array->dtype() == DType::Bool;
}

int64_t dimensions_used(const IndexPart& p) {
  if (p.kind == Kind::NewAxis || p.kind == Kind::Ellipsis) return 0;
  return is_boolean_array(p) ? p.array->ndim() : 1;
}

// A boolean mask as the integer arrays of its True positions (np.nonzero), one per dimension;
// its shape must match the dimensions it covers, from `axis` on.
std::vector<NdArray> nonzero(const NdArray& mask, const NdArray& a, int64_t axis) {
  if (mask.ndim() == 0) throw IndexError("0-d boolean indices are not supported");
  for (int64_t j = 0; j < mask.ndim(); ++j) {
    if (mask.shape()[j] != a.shape()[axis + j])
      throw IndexError("boolean index did not match indexed array along axis " + std::to_string(axis + j) +
                       "; size of axis is " + std::to_string(a.shape()[axis + j]) +
                       " but size of corresponding boolean axis is " + std::to_string(mask.shape()[j]));
  }
  std::vector<std::vector<int64_t>> positions(static_cast<std::size_t>(mask.ndim()));
  const bool* p = mask.base<bool>();
  std::vector<int64_t> at(positions.size(), 0);
  for_each_offset(mask, [&](int64_t off) {
    if (p[off]) {
      for (std::size_t d = 0; d < at.size(); ++d) positions[d].push_back(at[d]);
    }
    for (std::size_t d = at.size(); d-- > 0;) {  // the next position in C order
      if (++at[d] < mask.shape()[d]) break;
      at[d] = 0;
    }
  });
  std::vector<NdArray> out;
  for (const auto& v : positions) out.push_back(vector_array(v, DType::Int64));
  return out;
}

// The index with `...` expanded, boolean masks turned into integer arrays and every dimension of
// `a` covered; `axes` gives the dimension of `a` each part indexes (-1 for np.newaxis).
struct Resolved {
  std::vector<IndexPart> parts;
  std::vector<int64_t> axes;
  bool advanced = false;
};

Resolved resolve(const NdArray& a, const Index& index) {
  int64_t used = 0, ellipses = 0;
  for (const IndexPart& p : index.parts()) {
    used += dimensions_used(p);
    ellipses += p.kind == Kind::Ellipsis;
    if (p.kind == Kind::Array && p.array->dtype() != DType::Bool && is_float(p.array->dtype()))
      throw IndexError("arrays used as indices must be of integer (or boolean) type");
  }
  if (ellipses > 1) throw IndexError("an index can only have a single ellipsis ('...')");
  if (used > a.ndim())
    throw IndexError("too many indices for array: array is " + std::to_string(a.ndim()) +
                     "-dimensional, but " + std::to_string(used) + " were indexed");
  Resolved r;
  int64_t axis = 0;
  auto add = [&](IndexPart p, int64_t at) {
    r.advanced = r.advanced || p.kind == Kind::Array;
    r.parts.push_back(std::move(p));
    r.axes.push_back(at);
  };
  auto whole = [&] { add(IndexPart{Kind::Range, 0, {}, {}, {}, {}}, axis++); };
  for (const IndexPart& p : index.parts()) {
    if (p.kind == Kind::Ellipsis) {
      for (int64_t k = 0; k < a.ndim() - used; ++k) whole();
    } else if (p.kind == Kind::NewAxis) {
      add(p, -1);
    } else if (is_boolean_array(p)) {
      for (NdArray& positions : nonzero(*p.array, a, axis))
        add(IndexPart{Kind::Array, 0, {}, {}, {}, std::move(positions)}, axis++);
    } else {
      add(p, axis++);
    }
  }
  while (axis < a.ndim()) whole();
  return r;
}

// The basic part of an index applied to `a`: a view in which each advanced part keeps its whole
// dimension, to be indexed by `arrays` (integers become 0-d arrays there).
struct Basic {
  NdArray view;
  std::vector<std::size_t> dims;  // the view's dimensions that arrays index, in order
  std::vector<NdArray> arrays;
  std::vector<int64_t> axes;  // the dimensions of `a` they index, for error messages
};

Basic apply_basic(const NdArray& a, const Resolved& r) {
  Basic out;
  std::vector<int64_t> shape, strides;
  int64_t offset = a.offset();
  auto keep = [&](int64_t axis, const NdArray& array) {
    out.dims.push_back(shape.size());
    out.arrays.push_back(array);
    out.axes.push_back(axis);
    shape.push_back(a.shape()[axis]);
    strides.push_back(a.strides()[axis]);
  };
  for (std::size_t i = 0; i < r.parts.size(); ++i) {
    const IndexPart& p = r.parts[i];
    const int64_t axis = r.axes[i];
    switch (p.kind) {
      case Kind::Integer:
        if (r.advanced) {
          keep(axis, scalar_array(static_cast<double>(p.integer), DType::Int64));
        } else {
          offset += checked_index(p.integer, a.shape()[axis], axis) * a.strides()[axis];
        }
        break;
      case Kind::Range: {
        const SliceBounds b = slice_bounds(a.shape()[axis], p.start, p.stop, p.step);
        if (b.count > 0) offset += b.begin * a.strides()[axis];
        shape.push_back(b.count);
        strides.push_back(a.strides()[axis] * b.step);
        break;
      }
      case Kind::NewAxis:
        shape.push_back(1);
        strides.push_back(0);
        break;
      case Kind::Array:
        keep(axis, *p.array);
        break;
      case Kind::Ellipsis:
        break;  // expanded by resolve()
    }
  }
  out.view = NdArray(a, shape, strides, offset);
  return out;
}

// Where advanced indexing reads or writes: the result's shape and the buffer offset of each of its
// elements, in C order.
struct Selection {
  std::vector<int64_t> shape;
  std::vector<int64_t> offsets;
};

std::vector<int64_t> broadcast_indices(const std::vector<NdArray>& arrays) {
  std::vector<int64_t> shape;
  try {
    for (const NdArray& x : arrays) shape = broadcast_shape(shape, x.shape());
  } catch (const ValueError&) {
    std::string shapes;
    for (const NdArray& x : arrays) shapes += shape_text(x.shape()) + " ";
    throw IndexError("shape mismatch: indexing arrays could not be broadcast together with shapes " + shapes);
  }
  return shape;
}

// The offsets of a view's elements (shape and strides picked from `view`'s dimensions), from `base`.
std::vector<int64_t> offsets_of(const NdArray& view, const std::vector<std::size_t>& dims, int64_t base) {
  std::vector<int64_t> shape, strides, out;
  for (std::size_t d : dims) {
    shape.push_back(view.shape()[d]);
    strides.push_back(view.strides()[d]);
  }
  for_each_offset(NdArray(view, shape, strides, base), [&](int64_t off) { out.push_back(off); });
  return out;
}

Selection select(const Basic& b) {
  Selection s;
  const std::vector<int64_t> index_shape = broadcast_indices(b.arrays);
  // Each broadcast index position's contribution to the offset.
  std::vector<int64_t> advanced;
  for (std::size_t k = 0; k < b.arrays.size(); ++k) {
    const NdArray& x = b.arrays[k];
    const NdArray spread(x, index_shape, broadcast_strides(x, index_shape), x.offset());
    const int64_t size = b.view.shape()[b.dims[k]], stride = b.view.strides()[b.dims[k]];
    std::size_t j = 0;
    with_dtype(x.dtype(), [&](auto t) {
      using T = decltype(t);
      const T* p = x.base<T>();
      for_each_offset(spread, [&](int64_t off) {
        const int64_t at = checked_index(static_cast<int64_t>(p[off]), size, b.axes[k]) * stride;
        if (k == 0) {
          advanced.push_back(at);
        } else {
          advanced[j++] += at;
        }
      });
    });
  }
  const bool adjacent = b.dims.back() - b.dims.front() + 1 == b.dims.size();
  std::vector<std::size_t> before, after;  // the basic dimensions around the index dimensions
  for (std::size_t d = 0; d < b.view.shape().size(); ++d) {
    if (std::find(b.dims.begin(), b.dims.end(), d) != b.dims.end()) continue;
    (adjacent && d < b.dims.front() ? before : after).push_back(d);
  }
  for (std::size_t d : before) s.shape.push_back(b.view.shape()[d]);
  s.shape.insert(s.shape.end(), index_shape.begin(), index_shape.end());
  for (std::size_t d : after) s.shape.push_back(b.view.shape()[d]);
  const std::vector<int64_t> outer = offsets_of(b.view, before, b.view.offset()),
                             inner = offsets_of(b.view, after, 0);
  s.offsets.reserve(outer.size() * advanced.size() * inner.size());
  for (int64_t o : outer) {
    for (int64_t a : advanced) {
      for (int64_t i : inner) s.offsets.push_back(o + a + i);
    }
  }
  return s;
}

// `value` (converted to `dtype`) spread over `shape` by broadcasting; numpy's ValueError when it
// cannot be. Leading dimensions of size 1 beyond `shape`'s are dropped, as numpy allows.
NdArray spread_to(const NdArray& value, DType dtype, const std::vector<int64_t>& shape, bool advanced) {
  NdArray src = as_dtype(value, dtype);
  std::vector<int64_t> src_shape = src.shape(), src_strides = src.strides();
  while (src_shape.size() > shape.size() && src_shape.front() == 1) {
    src_shape.erase(src_shape.begin());
    src_strides.erase(src_strides.begin());
  }
  const NdArray trimmed(src, src_shape, src_strides, src.offset());
  bool fits = src_shape.size() <= shape.size();
  for (std::size_t i = 0; fits && i < src_shape.size(); ++i) {
    const int64_t want = shape[shape.size() - src_shape.size() + i];
    fits = src_shape[i] == want || src_shape[i] == 1;
  }
  if (!fits) {
    throw ValueError(advanced ? "shape mismatch: value array of shape " + shape_text(value.shape()) +
                                    " could not be broadcast to indexing result of shape " + shape_text(shape)
                              : "could not broadcast input array from shape " + shape_text(value.shape()) +
                                    " into shape " + shape_text(shape));
  }
  return NdArray(trimmed, shape, broadcast_strides(trimmed, shape), trimmed.offset());
}

// Copies `source`'s elements, in C order, to the buffer offsets `to` of `target`.
void write(const NdArray& target, const std::vector<int64_t>& to, const NdArray& source) {
  with_dtype(target.dtype(), [&](auto t) {
    using T = decltype(t);
    const T* src = source.base<T>();
    T* dst = target.base<T>();
    std::size_t k = 0;
    for_each_offset(source, [&](int64_t off) { dst[to[k++]] = src[off]; });
  });
}

std::vector<int64_t> all_offsets(const NdArray& a) {
  std::vector<int64_t> out;
  out.reserve(static_cast<std::size_t>(a.size()));
  for_each_offset(a, [&](int64_t off) { out.push_back(off); });
  return out;
}

// A 0-d result of basic indexing is numpy's scalar: a copy, not a view.
NdArray detached_if_scalar(NdArray view) {
  return view.ndim() == 0 ? converted(view, view.dtype()) : view;
}

}  // namespace

Index::Index(const List<int64_t>& items) : Index(vector_array(items.vector(), DType::Int64)) {}
Index::Index(const List<bool>& items) : Index(vector_array(items.vector(), DType::Bool)) {}

Index Index::range(std::optional<int64_t> start, std::optional<int64_t> stop, std::optional<int64_t> step) {
  Index out;
  out.parts_.push_back(IndexPart{Kind::Range, 0, start, stop, step, {}});
  return out;
}

Index Index::new_axis() {
  Index out;
  out.parts_.push_back(IndexPart{Kind::NewAxis, 0, {}, {}, {}, {}});
  return out;
}

Index Index::ellipsis() {
  Index out;
  out.parts_.push_back(IndexPart{Kind::Ellipsis, 0, {}, {}, {}, {}});
  return out;
}

Index Index::join(std::initializer_list<Index> items) {
  Index out;
  for (const Index& x : items) out.parts_.insert(out.parts_.end(), x.parts_.begin(), x.parts_.end());
  return out;
}

NdArray item(const NdArray& a, int64_t i) {
  return index(a, i);
}

// The commonest subscript, a[i], without building an Index: a view of row i, or a 1-d array's element
// as numpy's scalar (a 0-d copy).
NdArray index(const NdArray& a, int64_t i) {
  if (a.ndim() == 0) return index(a, Index(i));  // numpy's IndexError for a 0-d array
  const int64_t offset = a.offset() + checked_index(i, a.shape()[0], 0) * a.strides()[0];
  if (a.ndim() == 1) {
    NdArray out(a.dtype(), {}, NdArray::Uninitialized{});
    const std::size_t size = dtype_size(a.dtype());
    std::memcpy(out.data(), a.base<std::byte>() + offset * static_cast<int64_t>(size), size);
    return out;
  }
  return NdArray(a, std::vector<int64_t>(a.shape().begin() + 1, a.shape().end()),
                 std::vector<int64_t>(a.strides().begin() + 1, a.strides().end()), offset);
}

NdArray slice(const NdArray& a, std::optional<int64_t> start, std::optional<int64_t> stop,
              std::optional<int64_t> step) {
  return index(a, Index::range(start, stop, step));
}

NdArray index(const NdArray& a, const Index& index) {
  const Resolved r = resolve(a, index);
  const Basic b = apply_basic(a, r);
  if (!r.advanced) return detached_if_scalar(b.view);
  const Selection s = select(b);
  NdArray out(a.dtype(), s.shape);
  with_dtype(a.dtype(), [&](auto t) {
    using T = decltype(t);
    const T* src = a.base<T>();
    T* dst = out.base<T>();
    for (std::size_t k = 0; k < s.offsets.size(); ++k) dst[k] = src[s.offsets[k]];
  });
  return out;
}

void set_index(const NdArray& a, const Index& index, const NdArray& value) {
  const Resolved r = resolve(a, index);
  const Basic b = apply_basic(a, r);
  if (!r.advanced) {
    write(a, all_offsets(b.view), spread_to(value, a.dtype(), b.view.shape(), false));
    return;
  }
  const Selection s = select(b);
  write(a, s.offsets, spread_to(value, a.dtype(), s.shape, true));
}

void set_index(const NdArray& a, const Index& index, double value) {
  set_index(a, index, scalar_array(value, a.dtype()));
}

void set_slice(const NdArray& a, std::optional<int64_t> start, std::optional<int64_t> stop,
               std::optional<int64_t> step, const NdArray& value) {
  set_index(a, Index::range(start, stop, step), value);
}

void set_slice(const NdArray& a, std::optional<int64_t> start, std::optional<int64_t> stop,
               std::optional<int64_t> step, double value) {
  set_index(a, Index::range(start, stop, step), value);
}

namespace {

// numpy's kinds from narrowest to widest: a cast within a kind or to a wider one is "same_kind".
int kind_rank(DType t) {
  switch (t) {
    case DType::Bool:
      return 0;
    case DType::UInt8:
      return 1;
    case DType::Int32:
    case DType::Int64:
      return 2;
    case DType::Float32:
    case DType::Float64:
      break;
  }
  return 3;
}

NdArray store(const std::string& op, const NdArray& a, const NdArray& result) {
  if (kind_rank(result.dtype()) > kind_rank(a.dtype()))
    throw UFuncTypeError("Cannot cast ufunc '" + op + "' output from dtype('" + dtype_name(result.dtype()) +
                         "') to dtype('" + dtype_name(a.dtype()) + "') with casting rule 'same_kind'");
  if (result.shape() != a.shape())
    throw ValueError("non-broadcastable output operand with shape " + shape_text(a.shape()) +
                     " doesn't match the broadcast shape " + shape_text(result.shape()));
  write(a, all_offsets(a), as_dtype(result, a.dtype()));
  return a;
}

// The ufunc's name in numpy's message for an operator.
std::string ufunc_name(const std::string& op) {
  if (op == "add" || op == "subtract" || op == "multiply") return op;
  if (op == "sub") return "subtract";
  if (op == "mul") return "multiply";
  if (op == "truediv") return "divide";
  if (op == "floordiv") return "floor_divide";
  if (op == "mod") return "remainder";
  if (op == "pow") return "power";
  return "bitwise_" + op.substr(3);  // bitand, bitor, bitxor
}

}  // namespace

NdArray inplace(const std::string& op, const NdArray& a, const NdArray& b) {
  try {
    broadcast_shape(a.shape(), b.shape());
  } catch (const ValueError&) {  // numpy names the output operand too
    throw ValueError("operands could not be broadcast together with shapes " + shape_text(a.shape()) + " " +
                     shape_text(b.shape()) + " " + shape_text(a.shape()) + " ");
  }
  return store(ufunc_name(op), a, binary(op, a, b));
}

NdArray inplace(const std::string& op, const NdArray& a, double b, bool b_is_float) {
  return store(ufunc_name(op), a, binary(op, a, b, b_is_float));
}

void detail::check_tolist(const NdArray& a, int64_t depth, const char* leaf) {
  const std::string kind = a.dtype() == DType::Bool ? "bool" : is_float(a.dtype()) ? "float" : "int";
  if (a.ndim() != depth || kind != leaf) {
    std::string declared = leaf;
    for (int64_t d = 0; d < depth; ++d) declared = "list[" + declared + "]";
    throw TypeError("tolist() of a " + std::to_string(a.ndim()) + "-d " + dtype_name(a.dtype()) +
                    " array does not give " + declared);
  }
}

}  // namespace kiln::rt::np
