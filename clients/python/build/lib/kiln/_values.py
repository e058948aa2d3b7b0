"""Python values ↔ kiln_values. Tensors become numpy arrays when numpy is installed (and numpy
arrays become tensors); without numpy a tensor reads as nested lists."""

from __future__ import annotations

import ctypes
from typing import Any

from kiln import _abi
from kiln.errors import make_error

try:  # optional: tensors as arrays
    import numpy
except ImportError:  # pragma: no cover - exercised where numpy is absent
    numpy = None  # type: ignore[assignment]


def raise_error(lib: ctypes.CDLL, error: ctypes.c_void_p) -> None:
    """Turns a kiln_error into a KilnError (releasing it) and raises it."""
    exc = make_error(lib.kiln_error_type(error).decode(), lib.kiln_error_message(error).decode(errors="replace"),
                     (lib.kiln_error_file(error) or b"").decode(), lib.kiln_error_line(error))
    lib.kiln_error_release(error)
    raise exc


def _check(lib: ctypes.CDLL, status: int, error: ctypes.c_void_p) -> None:
    if status != 0:
        raise_error(lib, error)


def to_value(lib: ctypes.CDLL, v: Any) -> int:
    """A new kiln_value the caller owns."""
    error = ctypes.c_void_p()
    if v is None:
        return lib.kiln_value_null()
    if isinstance(v, bool):
        return lib.kiln_value_bool(v)
    if isinstance(v, int):
        if not -(2**63) <= v < 2**63:
            raise OverflowError("int too large to convert (Kiln's ints are 64-bit)")
        return lib.kiln_value_int(v)
    if isinstance(v, float):
        return lib.kiln_value_float(v)
    if isinstance(v, str):
        data = v.encode("utf-8", "surrogatepass")
        out = ctypes.c_void_p()
        _check(lib, lib.kiln_value_string(data, len(data), ctypes.byref(out), ctypes.byref(error)), error)
        return out.value
    if isinstance(v, (bytes, bytearray)):
        return lib.kiln_value_bytes(bytes(v), len(v))
    if numpy is not None and isinstance(v, numpy.ndarray):
        return _tensor(lib, v)
    if isinstance(v, (list, tuple)):
        return _container(lib, lib.kiln_value_list(), v, lambda out, item: lib.kiln_value_list_append(
            out, to_value(lib, item), ctypes.byref(error)), error)
    if isinstance(v, dict):
        def put(out: int, entry: tuple[Any, Any]) -> int:
            key, value = entry
            if not isinstance(key, str):
                raise TypeError(f"dict keys must be str to cross the Kiln ABI, not {type(key).__name__}")
            data = key.encode()
            return lib.kiln_value_dict_set(out, data, len(data), to_value(lib, value), ctypes.byref(error))
        return _container(lib, lib.kiln_value_dict(), v.items(), put, error)
    raise TypeError(f"cannot pass a {type(v).__name__} to a compiled function")


def _container(lib: ctypes.CDLL, out: int, items: Any, add: Any, error: ctypes.c_void_p) -> int:
    try:
        for item in items:
            _check(lib, add(out, item), error)
    except BaseException:
        lib.kiln_value_release(out)
        raise
    return out


def _tensor(lib: ctypes.CDLL, array: Any) -> int:
    name = "bool" if array.dtype == numpy.bool_ else array.dtype.name
    if name not in _abi.DTYPES:
        raise TypeError(f"tensor dtype {array.dtype} is not supported (use one of {', '.join(_abi.DTYPES)})")
    array = numpy.ascontiguousarray(array)
    shape = (ctypes.c_int64 * array.ndim)(*array.shape)
    out, error = ctypes.c_void_p(), ctypes.c_void_p()
    _check(lib, lib.kiln_value_tensor_copy(_abi.DTYPES.index(name), shape, array.ndim, array.ctypes.data,
                                           ctypes.byref(out), ctypes.byref(error)), error)
    return out.value


def from_value(lib: ctypes.CDLL, v: int) -> Any:
    """The Python value of a kiln_value (not released here)."""
    kind, error = lib.kiln_value_kind(v), ctypes.c_void_p()
    if kind == _abi.KIND_NULL:
        return None
    if kind == _abi.KIND_LIST:
        return [from_value(lib, lib.kiln_value_list_get(v, i)) for i in range(lib.kiln_value_length(v))]
    if kind == _abi.KIND_DICT:
        out = {}
        for i in range(lib.kiln_value_length(v)):
            key, size = ctypes.c_char_p(), ctypes.c_size_t()
            item = lib.kiln_value_dict_value_at(v, i, ctypes.byref(key), ctypes.byref(size))
            out[ctypes.string_at(key, size.value).decode()] = from_value(lib, item)
        return out
    if kind in (_abi.KIND_STRING, _abi.KIND_BYTES):
        data, size = ctypes.c_char_p(), ctypes.c_size_t()
        if kind == _abi.KIND_STRING:
            _check(lib, lib.kiln_value_get_string(v, ctypes.byref(data), ctypes.byref(size), ctypes.byref(error)), error)
            return ctypes.string_at(data, size.value).decode("utf-8", "surrogatepass")
        raw = ctypes.c_void_p()
        _check(lib, lib.kiln_value_get_bytes(v, ctypes.byref(raw), ctypes.byref(size), ctypes.byref(error)), error)
        return ctypes.string_at(raw, size.value)
    if kind == _abi.KIND_TENSOR:
        return _read_tensor(lib, v)
    scalar_type, getter = {_abi.KIND_BOOL: (ctypes.c_bool, lib.kiln_value_get_bool),
                           _abi.KIND_INT: (ctypes.c_int64, lib.kiln_value_get_int),
                           _abi.KIND_FLOAT: (ctypes.c_double, lib.kiln_value_get_float)}[kind]
    result = scalar_type()
    _check(lib, getter(v, ctypes.byref(result), ctypes.byref(error)), error)
    return result.value


def _read_tensor(lib: ctypes.CDLL, v: int) -> Any:
    dtype, ndim = ctypes.c_int(), ctypes.c_size_t()
    shape, data, error = ctypes.POINTER(ctypes.c_int64)(), ctypes.c_void_p(), ctypes.c_void_p()
    _check(lib, lib.kiln_value_get_tensor(v, ctypes.byref(dtype), ctypes.byref(ndim), ctypes.byref(shape),
                                          ctypes.byref(data), ctypes.byref(error)), error)
    dims = [shape[i] for i in range(ndim.value)]
    count = 1
    for d in dims:
        count *= d
    name = _abi.DTYPES[dtype.value]
    if numpy is not None:
        np_dtype = numpy.dtype(name)
        return numpy.frombuffer(ctypes.string_at(data, count * np_dtype.itemsize), dtype=np_dtype).reshape(dims).copy()
    import array  # without numpy: nested lists of the values
    codes = {"float32": "f", "float64": "d", "int8": "b", "int16": "h", "int32": "i", "int64": "q", "uint8": "B",
             "bool": "B"}
    if name not in codes:
        raise TypeError(f"reading a {name} tensor needs numpy")
    flat = array.array(codes[name], ctypes.string_at(data, count * array.array(codes[name]).itemsize)).tolist()
    for d in reversed(dims[1:]):
        flat = [flat[i:i + d] for i in range(0, len(flat), d)]
    return flat
