"""The C ABI of a Kiln artifact (include/kiln/kiln.h) through ctypes: every artifact exports the same
kiln_* entry points, so one binding serves any compiled function."""

from __future__ import annotations

import ctypes
from typing import Any, NoReturn, Optional

from kiln.errors import make_error

ABI_VERSION = 1

# kiln_kind and kiln_dtype, as the header numbers them.
KIND_NULL, KIND_BOOL, KIND_INT, KIND_FLOAT, KIND_STRING, KIND_BYTES, KIND_LIST, KIND_DICT, KIND_TENSOR = range(9)
DTYPES = ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool")
KILN_OK = 0


class PredictorParams(ctypes.Structure):
    _fields_ = [("n_threads", ctypes.c_int32)]


class RunInfo(ctypes.Structure):
    _fields_ = [("latency_ns", ctypes.c_uint64), ("tokens", ctypes.c_uint64)]


# kiln_release_fn: called by Kiln once it no longer needs a borrowed tensor buffer.
RELEASE_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p)

_vp = ctypes.c_void_p
_pvp = ctypes.POINTER(ctypes.c_void_p)
_status = ctypes.c_int
_size = ctypes.c_size_t
_pi64 = ctypes.POINTER(ctypes.c_int64)

_FUNCTIONS: dict[str, tuple[Any, list[Any]]] = {
    "kiln_abi_version": (ctypes.c_uint32, []),
    "kiln_error_type": (ctypes.c_char_p, [_vp]),
    "kiln_error_message": (ctypes.c_char_p, [_vp]),
    "kiln_error_file": (ctypes.c_char_p, [_vp]),
    "kiln_error_line": (ctypes.c_int32, [_vp]),
    "kiln_error_release": (None, [_vp]),
    "kiln_value_null": (_vp, []),
    "kiln_value_bool": (_vp, [ctypes.c_bool]),
    "kiln_value_int": (_vp, [ctypes.c_int64]),
    "kiln_value_float": (_vp, [ctypes.c_double]),
    "kiln_value_bytes": (_vp, [ctypes.c_char_p, _size]),
    "kiln_value_list": (_vp, []),
    "kiln_value_dict": (_vp, []),
    "kiln_value_string": (_status, [ctypes.c_char_p, _size, _pvp, _pvp]),
    "kiln_value_list_of_scalars": (_status, [ctypes.c_int, _vp, _size, _pvp, _pvp]),
    "kiln_value_list_of_strings": (_status, [ctypes.c_char_p, _vp, _size, _pvp, _pvp]),
    "kiln_value_tensor_copy": (_status, [ctypes.c_int, _pi64, _size, _vp, _pvp, _pvp]),
    "kiln_value_tensor_borrow": (_status, [ctypes.c_int, _pi64, _size, _vp, RELEASE_FN, _vp, _pvp, _pvp]),
    "kiln_value_list_append": (_status, [_vp, _vp, _pvp]),
    "kiln_value_dict_set": (_status, [_vp, ctypes.c_char_p, _size, _vp, _pvp]),
    "kiln_value_kind": (ctypes.c_int, [_vp]),
    "kiln_value_get_bool": (_status, [_vp, ctypes.POINTER(ctypes.c_bool), _pvp]),
    "kiln_value_get_int": (_status, [_vp, ctypes.POINTER(ctypes.c_int64), _pvp]),
    "kiln_value_get_float": (_status, [_vp, ctypes.POINTER(ctypes.c_double), _pvp]),
    # Strings and keys are read as void* + size: c_char_p would stop at an embedded NUL.
    "kiln_value_get_string": (_status, [_vp, _pvp, ctypes.POINTER(_size), _pvp]),
    "kiln_value_get_bytes": (_status, [_vp, _pvp, ctypes.POINTER(_size), _pvp]),
    "kiln_value_length": (_size, [_vp]),
    "kiln_value_list_get": (_vp, [_vp, _size]),
    "kiln_value_list_scalars": (_status, [_vp, ctypes.c_int, _vp, _size, _pvp]),
    "kiln_value_dict_value_at": (_vp, [_vp, _size, _pvp, ctypes.POINTER(_size)]),
    "kiln_value_get_tensor": (_status, [_vp, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(_size),
                                        ctypes.POINTER(_pi64), _pvp, _pvp]),
    "kiln_value_release": (None, [_vp]),
    "kiln_predictor_default_params": (PredictorParams, []),
    "kiln_predictor_open": (_status, [ctypes.c_char_p, PredictorParams, _pvp, _pvp]),
    "kiln_predictor_signature": (ctypes.c_char_p, [_vp]),
    "kiln_predictor_run": (_status, [_vp, _vp, _pvp, _pvp]),
    "kiln_predictor_run_with_info": (_status, [_vp, _vp, _pvp, ctypes.POINTER(RunInfo), _pvp]),
    "kiln_predictor_release": (None, [_vp]),
}


# Entry points newer than some artifacts (bulk list reads and writes): absent ones are None.
_OPTIONAL = {"kiln_value_list_scalars", "kiln_value_list_of_scalars", "kiln_value_list_of_strings"}


def bind(path: str) -> ctypes.CDLL:
    """Loads the artifact's library (its own copy of the runtime) and declares the entry points.

    Raises OSError when `path` is no loadable library and AttributeError when it lacks an entry point.
    """
    lib = ctypes.CDLL(path)  # RTLD_LOCAL: artifacts loaded side by side keep their runtimes apart
    for name, (restype, argtypes) in _FUNCTIONS.items():
        if name in _OPTIONAL and not hasattr(lib, name):
            setattr(lib, name, None)  # an artifact older than the entry point: the client does without
            continue
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


def _text(data: Optional[bytes]) -> str:
    return (data or b"").decode(errors="replace")


def raise_error(lib: ctypes.CDLL, error: ctypes.c_void_p) -> NoReturn:
    """Raises a failed call's kiln_error as a KilnError, releasing it."""
    if not error.value:  # a failure that set no error (only a broken library does that)
        raise make_error("RuntimeError", "a Kiln call failed without reporting an error")
    try:
        exc = make_error(_text(lib.kiln_error_type(error)) or "Exception", _text(lib.kiln_error_message(error)),
                         _text(lib.kiln_error_file(error)), lib.kiln_error_line(error))
    finally:
        lib.kiln_error_release(error)
    raise exc


def check(lib: ctypes.CDLL, status: int, error: ctypes.c_void_p) -> None:
    """Raises the call's error unless `status` is KILN_OK."""
    if status != KILN_OK:
        raise_error(lib, error)
