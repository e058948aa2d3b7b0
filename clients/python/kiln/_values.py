"""Python values ↔ kiln_values (addresses as ints).

In: None, bool, int (64-bit), float, str, bytes/bytearray, list/tuple/set, dict (str keys) and any
Mapping, numpy scalars, and tensors (see _tensors). Out: the same Python types (a list for a tuple, as
JSON does), tensors as numpy arrays or nested lists."""

from __future__ import annotations

import array
import ctypes
import numbers
from collections.abc import Mapping
from typing import Any, Callable, Optional

from kiln import _abi, _tensors
from kiln._abi import check
from kiln.errors import make_error

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _owned(v: Optional[int]) -> int:
    if not v:  # the constructors return NULL only when memory runs out
        raise make_error("MemoryError", "Kiln could not allocate a value")
    return v


def _utf8(text: str, what: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as e:  # a lone surrogate: UTF-8 has no encoding for it
        raise make_error("UnicodeEncodeError", f"{what}: {e}") from None


def _string(lib: ctypes.CDLL, v: str) -> int:
    data = _utf8(v, "a str argument")
    out, error = ctypes.c_void_p(), ctypes.c_void_p()
    check(lib, lib.kiln_value_string(data, len(data), ctypes.byref(out), ctypes.byref(error)), error)
    return _owned(out.value)


def _int(lib: ctypes.CDLL, v: int) -> int:
    if not _INT64_MIN <= v <= _INT64_MAX:
        raise make_error("OverflowError", f"int {v} does not fit in 64 bits, the size of a compiled function's int")
    return _owned(lib.kiln_value_int(v))


def _scalars(kind: int, typecode: str) -> Callable[[ctypes.CDLL, Any], Optional[int]]:
    def build(lib: ctypes.CDLL, items: Any) -> Optional[int]:
        try:
            packed = array.array(typecode, items)
        except OverflowError:  # an int beyond 64 bits: item by item, which says which
            return None
        out, error = ctypes.c_void_p(), ctypes.c_void_p()
        check(lib, lib.kiln_value_list_of_scalars(kind, packed.buffer_info()[0], len(packed), ctypes.byref(out),
                                                  ctypes.byref(error)), error)
        return _owned(out.value)
    return build


def _strings(lib: ctypes.CDLL, items: Any) -> Optional[int]:
    encoded = [_utf8(item, "a str argument") for item in items]
    sizes = array.array("Q", map(len, encoded))  # size_t
    out, error = ctypes.c_void_p(), ctypes.c_void_p()
    check(lib, lib.kiln_value_list_of_strings(b"".join(encoded), sizes.buffer_info()[0], len(sizes), ctypes.byref(out),
                                              ctypes.byref(error)), error)
    return _owned(out.value)


# Lists whose items are all of one of these exact types cross in one call, not one or more per item.
_UNIFORM_LISTS: dict[type, Callable[[ctypes.CDLL, Any], Optional[int]]] = {
    bool: _scalars(_abi.KIND_BOOL, "b"), int: _scalars(_abi.KIND_INT, "q"), float: _scalars(_abi.KIND_FLOAT, "d"),
    str: _strings,
}


def _list(lib: ctypes.CDLL, items: Any) -> int:
    if isinstance(items, (list, tuple)) and items and lib.kiln_value_list_of_scalars is not None:
        first = type(items[0])
        build = _UNIFORM_LISTS.get(first)
        if build is not None and all(type(item) is first for item in items):
            built = build(lib, items)
            if built is not None:
                return built
    out, error = _owned(lib.kiln_value_list()), ctypes.c_void_p()
    try:
        for item in items:
            # The list adopts the item even when appending fails, so it is never released here.
            check(lib, lib.kiln_value_list_append(out, to_value(lib, item), ctypes.byref(error)), error)
    except BaseException:
        lib.kiln_value_release(out)  # with what it holds so far
        raise
    return out


def _dict(lib: ctypes.CDLL, mapping: Mapping[Any, Any]) -> int:
    out, error = _owned(lib.kiln_value_dict()), ctypes.c_void_p()
    try:
        for key, value in mapping.items():
            if not isinstance(key, str):
                raise make_error("TypeError", f"dict keys must be str to cross the Kiln ABI, not {type(key).__name__}")
            data = _utf8(key, "a dict key")
            check(lib, lib.kiln_value_dict_set(out, data, len(data), to_value(lib, value), ctypes.byref(error)), error)
    except BaseException:
        lib.kiln_value_release(out)
        raise
    return out


def to_value(lib: ctypes.CDLL, v: Any) -> int:
    """A new kiln_value the caller owns (and releases with kiln_value_release)."""
    write = _EXACT.get(type(v))  # the common types without walking the isinstance checks below
    if write is not None:
        return write(lib, v)
    if v is None:
        return _owned(lib.kiln_value_null())
    if isinstance(v, bool) or _tensors.is_bool_scalar(v):
        return _owned(lib.kiln_value_bool(bool(v)))
    if isinstance(v, str):
        return _string(lib, v)
    if isinstance(v, (bytes, bytearray)):
        return _owned(lib.kiln_value_bytes(bytes(v), len(v)))
    if isinstance(v, numbers.Integral):
        return _int(lib, int(v))
    if isinstance(v, numbers.Real):
        return _owned(lib.kiln_value_float(float(v)))
    if isinstance(v, Mapping):
        return _dict(lib, v)
    if isinstance(v, (list, tuple, set, frozenset)):
        return _list(lib, v)
    if _tensors.is_tensor(v):
        return _tensors.to_tensor(lib, v)
    raise make_error("TypeError", f"a {type(v).__name__} cannot be passed to a compiled function")


_EXACT: dict[type, Callable[[ctypes.CDLL, Any], int]] = {
    int: _int,
    float: lambda lib, v: _owned(lib.kiln_value_float(v)),
    str: _string,
    bool: lambda lib, v: _owned(lib.kiln_value_bool(v)),
    dict: _dict,
    list: _list,
}


def _bytes_at(address: Optional[int], size: int) -> bytes:
    return ctypes.string_at(address, size) if address and size else b""


def _read_text(getter: str) -> Callable[[ctypes.CDLL, int], bytes]:
    def read(lib: ctypes.CDLL, v: int) -> bytes:
        data, size, error = ctypes.c_void_p(), ctypes.c_size_t(), ctypes.c_void_p()
        check(lib, getattr(lib, getter)(v, ctypes.byref(data), ctypes.byref(size), ctypes.byref(error)), error)
        return _bytes_at(data.value, size.value)
    return read


def _read_scalar(ctype: Any, getter: str) -> Callable[[ctypes.CDLL, int], Any]:
    def read(lib: ctypes.CDLL, v: int) -> Any:
        out, error = ctype(), ctypes.c_void_p()
        check(lib, getattr(lib, getter)(v, ctypes.byref(out), ctypes.byref(error)), error)
        return out.value
    return read


_SCALAR_CTYPES: dict[int, Any] = {_abi.KIND_BOOL: ctypes.c_bool, _abi.KIND_INT: ctypes.c_int64,
                                   _abi.KIND_FLOAT: ctypes.c_double}


def _read_list(lib: ctypes.CDLL, v: int) -> list[Any]:
    n = lib.kiln_value_length(v)
    bulk = n and lib.kiln_value_list_scalars is not None
    kind = lib.kiln_value_kind(lib.kiln_value_list_get(v, 0)) if bulk else None
    ctype = _SCALAR_CTYPES.get(kind) if kind is not None else None
    if ctype is not None:  # a list of scalars of one kind in one call, not three per item
        out, error = (ctype * n)(), ctypes.c_void_p()
        if lib.kiln_value_list_scalars(v, kind, out, n, ctypes.byref(error)) == _abi.KILN_OK:
            return out[:]
        lib.kiln_error_release(error)  # items of several kinds (a list of a union): one at a time
    return [from_value(lib, lib.kiln_value_list_get(v, i)) for i in range(n)]


def _read_dict(lib: ctypes.CDLL, v: int) -> dict[str, Any]:
    out = {}
    for i in range(lib.kiln_value_length(v)):
        key, size = ctypes.c_void_p(), ctypes.c_size_t()
        item = lib.kiln_value_dict_value_at(v, i, ctypes.byref(key), ctypes.byref(size))
        out[_bytes_at(key.value, size.value).decode()] = from_value(lib, item)
    return out


_read_string, _read_bytes = _read_text("kiln_value_get_string"), _read_text("kiln_value_get_bytes")
_READERS: dict[int, Callable[[ctypes.CDLL, int], Any]] = {
    _abi.KIND_NULL: lambda lib, v: None,
    _abi.KIND_BOOL: _read_scalar(ctypes.c_bool, "kiln_value_get_bool"),
    _abi.KIND_INT: _read_scalar(ctypes.c_int64, "kiln_value_get_int"),
    _abi.KIND_FLOAT: _read_scalar(ctypes.c_double, "kiln_value_get_float"),
    _abi.KIND_STRING: lambda lib, v: _read_string(lib, v).decode(),
    _abi.KIND_BYTES: _read_bytes,
    _abi.KIND_LIST: _read_list,
    _abi.KIND_DICT: _read_dict,
    _abi.KIND_TENSOR: _tensors.from_tensor,
}


def from_value(lib: ctypes.CDLL, v: int) -> Any:
    """The Python value of a kiln_value (which stays the caller's to release)."""
    kind = lib.kiln_value_kind(v)
    reader = _READERS.get(kind)
    if reader is None:
        raise make_error("TypeError", f"a kiln_value of unknown kind {kind} (a newer ABI?)")
    return reader(lib, v)
