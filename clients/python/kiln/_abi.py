"""The C ABI of a Kiln artifact (include/kiln/kiln.h) through ctypes: every artifact exports the same
kiln_* entry points, so one binding serves any compiled function."""

from __future__ import annotations

import ctypes
from typing import Any

ABI_VERSION = 1

# kiln_kind and kiln_dtype, as the header numbers them.
KIND_NULL, KIND_BOOL, KIND_INT, KIND_FLOAT, KIND_STRING, KIND_BYTES, KIND_LIST, KIND_DICT, KIND_TENSOR = range(9)
DTYPES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"]


class PredictorParams(ctypes.Structure):
    _fields_ = [("n_threads", ctypes.c_int32)]


class RunInfo(ctypes.Structure):
    _fields_ = [("latency_ns", ctypes.c_uint64), ("tokens", ctypes.c_uint64)]


_vp = ctypes.c_void_p
_pvp = ctypes.POINTER(ctypes.c_void_p)
_status = ctypes.c_int
_size = ctypes.c_size_t

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
    "kiln_value_tensor_copy": (_status, [ctypes.c_int, ctypes.POINTER(ctypes.c_int64), _size, _vp, _pvp, _pvp]),
    "kiln_value_list_append": (_status, [_vp, _vp, _pvp]),
    "kiln_value_dict_set": (_status, [_vp, ctypes.c_char_p, _size, _vp, _pvp]),
    "kiln_value_kind": (ctypes.c_int, [_vp]),
    "kiln_value_get_bool": (_status, [_vp, ctypes.POINTER(ctypes.c_bool), _pvp]),
    "kiln_value_get_int": (_status, [_vp, ctypes.POINTER(ctypes.c_int64), _pvp]),
    "kiln_value_get_float": (_status, [_vp, ctypes.POINTER(ctypes.c_double), _pvp]),
    "kiln_value_get_string": (_status, [_vp, ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(_size), _pvp]),
    "kiln_value_get_bytes": (_status, [_vp, _pvp, ctypes.POINTER(_size), _pvp]),
    "kiln_value_length": (_size, [_vp]),
    "kiln_value_list_get": (_vp, [_vp, _size]),
    "kiln_value_dict_value_at": (_vp, [_vp, _size, ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(_size)]),
    "kiln_value_get_tensor": (_status, [_vp, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(_size),
                                        ctypes.POINTER(ctypes.POINTER(ctypes.c_int64)), _pvp, _pvp]),
    "kiln_value_release": (None, [_vp]),
    "kiln_predictor_default_params": (PredictorParams, []),
    "kiln_predictor_open": (_status, [ctypes.c_char_p, PredictorParams, _pvp, _pvp]),
    "kiln_predictor_signature": (ctypes.c_char_p, [_vp]),
    "kiln_predictor_run": (_status, [_vp, _vp, _pvp, _pvp]),
    "kiln_predictor_run_with_info": (_status, [_vp, _vp, _pvp, ctypes.POINTER(RunInfo), _pvp]),
    "kiln_predictor_release": (None, [_vp]),
}


def bind(path: str) -> ctypes.CDLL:
    """Loads the artifact's library (its own copy of the runtime) and declares the entry points."""
    lib = ctypes.CDLL(path)
    for name, (restype, argtypes) in _FUNCTIONS.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib
