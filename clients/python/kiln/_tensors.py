"""Tensors across the ABI.

In: a numpy array or any typed buffer (array.array, memoryview) becomes a tensor. A C-contiguous,
writable buffer is lent to Kiln without a copy (kiln_value_tensor_borrow) and kept alive until Kiln
releases it; any other buffer is copied. Out: a numpy array when numpy is installed, else nested
lists (numpy is optional)."""

from __future__ import annotations

import array
import ctypes
import itertools
import math
import struct
import sys
from typing import Any, Optional

from kiln import _abi
from kiln._abi import check
from kiln.errors import make_error

try:  # optional: tensors as arrays
    import numpy
except ImportError:  # pragma: no cover - exercised where numpy is absent
    numpy = None  # type: ignore[assignment]

# struct format character → element category; with the item size it names the dtype.
_CATEGORIES = {**dict.fromkeys("efd", "float"), **dict.fromkeys("bhilqn", "int"), "B": "uint", "?": "bool"}
# dtype → struct format character, for reading a tensor back without numpy.
_FORMATS = {"float16": "e", "float32": "f", "float64": "d", "int8": "b", "int16": "h", "int32": "i", "int64": "q",
            "uint8": "B", "bool": "?"}
_SIZES = {name: struct.calcsize(fmt) for name, fmt in _FORMATS.items()}  # bytes per element
_NATIVE_ORDER = "@=" + ("<" if sys.byteorder == "little" else ">!")

# Buffers lent to Kiln, by the context number Kiln hands back when it is done with one.
_lent: dict[int, Any] = {}
_next_context = itertools.count(1)


def _forget(context: Optional[int]) -> None:
    _lent.pop(context or 0, None)


_release = _abi.RELEASE_FN(_forget)  # one C function pointer for the process's lifetime


def is_bool_scalar(v: Any) -> bool:
    return numpy is not None and isinstance(v, numpy.bool_)


def is_tensor(v: Any) -> bool:
    """Whether `v` crosses as a tensor: it exposes a typed buffer (bytes and bytearray cross as bytes)."""
    if numpy is not None and isinstance(v, numpy.ndarray):
        return True
    return isinstance(v, (memoryview, array.array))


def _dtype_of(view: memoryview) -> int:
    fmt = view.format.lstrip(_NATIVE_ORDER)
    category = _CATEGORIES.get(fmt)
    name = "bool" if category == "bool" else f"{category}{8 * view.itemsize}"
    if category is None or name not in _abi.DTYPES:
        raise make_error("TypeError", f"a tensor of format {view.format!r} cannot cross the Kiln ABI "
                                      f"(element types: {', '.join(_abi.DTYPES)})")
    return _abi.DTYPES.index(name)


def to_tensor(lib: ctypes.CDLL, v: Any) -> int:
    """A new tensor kiln_value the caller owns."""
    if numpy is not None and isinstance(v, numpy.ndarray) and not v.flags.c_contiguous:
        v = numpy.ascontiguousarray(v)  # one copy, then lent like any contiguous array
    view = memoryview(v)
    dtype = _dtype_of(view)
    shape = (ctypes.c_int64 * view.ndim)(*(view.shape or ()))
    out, error = ctypes.c_void_p(), ctypes.c_void_p()
    if view.readonly or not view.c_contiguous:
        data = view.tobytes()  # C order
        check(lib, lib.kiln_value_tensor_copy(dtype, shape, view.ndim, data, ctypes.byref(out), ctypes.byref(error)),
              error)
        return out.value or 0
    # from_buffer holds an export on `v` (an array.array cannot resize while Kiln reads it).
    buffer = (ctypes.c_char * view.nbytes).from_buffer(view)
    context = next(_next_context)
    _lent[context] = buffer
    status = lib.kiln_value_tensor_borrow(dtype, shape, view.ndim, ctypes.addressof(buffer), _release, context,
                                          ctypes.byref(out), ctypes.byref(error))
    if status != _abi.KILN_OK:
        _lent.pop(context, None)  # Kiln did not take it
    check(lib, status, error)
    return out.value or 0


def lent_count() -> int:
    """How many buffers Kiln holds right now (for tests: 0 once every value is released)."""
    return len(_lent)


def _nest(flat: list[Any], dims: list[int]) -> Any:
    """Row-major `flat` as nested lists of shape `dims` (a scalar for no dims)."""
    if not dims:
        return flat[0]
    if len(dims) == 1:
        return flat
    step = len(flat) // dims[0] if dims[0] else 0
    return [_nest(flat[i * step:(i + 1) * step], dims[1:]) for i in range(dims[0])]


def _describe(lib: ctypes.CDLL, v: int) -> tuple[list[int], str, ctypes.c_void_p]:
    """A tensor kiln_value's shape, dtype name and data pointer."""
    dtype, ndim = ctypes.c_int(), ctypes.c_size_t()
    shape, data, error = ctypes.POINTER(ctypes.c_int64)(), ctypes.c_void_p(), ctypes.c_void_p()
    check(lib, lib.kiln_value_get_tensor(v, ctypes.byref(dtype), ctypes.byref(ndim), ctypes.byref(shape),
                                         ctypes.byref(data), ctypes.byref(error)), error)
    return [shape[i] for i in range(ndim.value)], _abi.DTYPES[dtype.value], data


class _Release:
    """Owns a kiln_value; releases it when garbage-collected (the last array viewing its data is gone)."""

    __slots__ = ("_lib", "_value")

    def __init__(self, lib: ctypes.CDLL, value: int) -> None:
        self._lib, self._value = lib, value

    def __del__(self) -> None:
        self._lib.kiln_value_release(self._value)


# Result arrays this large are lent to numpy rather than copied: below it a copy costs less than the
# ctypes buffer and the release hook that lending needs (tens of microseconds).
LEND_BYTES = 1 << 18


def adopt_tensor(lib: ctypes.CDLL, v: int) -> Any:
    """A tensor kiln_value the caller owns, as a numpy array. Of LEND_BYTES or more: over its data,
    without a copy, the array (through its base) taking the value over and releasing it when it is
    garbage-collected. Smaller (or without numpy): a copy, and the value released at once."""
    dims, name, data = _describe(lib, v)
    nbytes = _SIZES[name] * math.prod(dims)
    if numpy is None or nbytes < LEND_BYTES or not data.value:
        try:
            return _copied(dims, name, data)
        finally:
            lib.kiln_value_release(v)
    buffer = (ctypes.c_char * nbytes).from_address(data.value)
    buffer.kiln_value = _Release(lib, v)  # the buffer (the array's base) keeps the value alive
    return numpy.frombuffer(buffer, dtype=name).reshape(dims)


def from_tensor(lib: ctypes.CDLL, v: int) -> Any:
    """A tensor kiln_value as a numpy array (a copy), or as nested lists without numpy."""
    return _copied(*_describe(lib, v))


def _copied(dims: list[int], name: str, data: ctypes.c_void_p) -> Any:
    """A copy of a tensor's data: a numpy array, or nested lists without numpy."""
    if numpy is not None:
        array = numpy.empty(dims, dtype=name)
        if array.nbytes:
            ctypes.memmove(array.ctypes.data, data, array.nbytes)
        return array
    count = math.prod(dims)
    fmt = "<" + _FORMATS[name]  # Kiln's tensors are little-endian, like the machines it runs on
    raw = ctypes.string_at(data.value, count * struct.calcsize(fmt)) if count else b""
    return _nest([x for (x,) in struct.iter_unpack(fmt, raw)], dims)
