"""Values through a real artifact's own kiln_value functions, without running a function: every
Python value the client accepts comes back as itself, and tensors are lent to Kiln without a copy."""

from __future__ import annotations

import array
import ctypes
import math
import struct
from pathlib import Path
from typing import Any, Callable, Iterator

import kiln
import pytest
from kiln import _abi, _tensors, _values


@pytest.fixture(scope="module")
def lib(artifact: Callable[[str], Path]) -> ctypes.CDLL:
    return _abi.bind(str(artifact("add_one") / "libadd_one.so"))


@pytest.fixture
def without_numpy(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(_tensors, "numpy", None)
    yield


def roundtrip(lib: ctypes.CDLL, v: Any) -> Any:
    value = _values.to_value(lib, v)
    try:
        return _values.from_value(lib, value)
    finally:
        lib.kiln_value_release(value)


@pytest.mark.parametrize("v", [
    None, True, False, 0, -(2**63), 2**63 - 1, 1.5, -0.0, math.inf, "", "héllo 日本 🎉", "a\0b", b"", b"\0\xff",
    [], [1, "two", [3.0, None]], {}, {"a": [1, {"b": None}], "": True, "ключ": b"x"},
    # lists of one scalar kind are read in one call; a list that starts like one and is not, item by item
    [2**63 - 1, -(2**63), 0], [1.5, -0.0, math.inf], [True, False, True], [1, 2.5], [1.5, 2], [False, 0], [7, None],
    ["a", "", "héllo 日本 🎉", "a\0b"], ["a", 1],
])
def test_values_come_back_as_themselves(lib: ctypes.CDLL, v: Any) -> None:
    got = roundtrip(lib, v)
    assert got == v and type(got) is type(v)
    assert repr(got) == repr(v)  # items too: False is not 0, 2 is not 2.0, -0.0 is not 0.0


def test_containers_cross_as_list_and_dict(lib: ctypes.CDLL) -> None:
    from collections import OrderedDict

    assert roundtrip(lib, (1, (2, 3))) == [1, [2, 3]]
    assert roundtrip(lib, frozenset([7])) == [7]
    assert roundtrip(lib, OrderedDict([("z", 1), ("a", 2)])) == {"z": 1, "a": 2}
    assert list(roundtrip(lib, {"z": 1, "a": 2})) == ["z", "a"]  # insertion order kept


def test_lists_cross_without_the_bulk_entry_points(lib: ctypes.CDLL, monkeypatch: pytest.MonkeyPatch) -> None:
    """An artifact older than the one-call list functions still takes and gives lists, item by item."""
    for name in ("kiln_value_list_scalars", "kiln_value_list_of_scalars", "kiln_value_list_of_strings"):
        monkeypatch.setattr(lib, name, None)
    for v in ([1, 2, 3], [0.5, -0.0], [True, False], ["a", "b"], [1, "a"]):
        assert repr(roundtrip(lib, v)) == repr(v)


def test_list_items_keep_their_errors(lib: ctypes.CDLL) -> None:
    with pytest.raises(OverflowError, match="does not fit in 64 bits"):
        _values.to_value(lib, [1, 2**64])
    with pytest.raises(UnicodeEncodeError):
        _values.to_value(lib, ["a", "\ud800"])


def test_nan(lib: ctypes.CDLL) -> None:
    assert math.isnan(roundtrip(lib, math.nan))


def test_a_failed_conversion_releases_what_it_built(lib: ctypes.CDLL) -> None:
    buffer = array.array("d", [1.0])
    with pytest.raises(TypeError):
        _values.to_value(lib, [buffer, {1: "not a str key"}])
    assert _tensors.lent_count() == 0  # the list holding the lent buffer was released


# ---- tensors -----------------------------------------------------------------------------------
@pytest.mark.usefixtures("without_numpy")
@pytest.mark.parametrize("typecode,items", [
    ("f", [1.5, -2.0, 0.0]), ("d", [1e300, -0.5]), ("b", [-128, 127]), ("h", [-3, 300]), ("i", [2**31 - 1]),
    ("q", [-(2**63), 5]), ("l", [7, 8]), ("B", [0, 255]),
])
def test_typed_buffers_cross_as_tensors(lib: ctypes.CDLL, typecode: str, items: list[Any]) -> None:
    assert roundtrip(lib, array.array(typecode, items)) == items


@pytest.mark.usefixtures("without_numpy")
def test_tensor_shapes_without_numpy(lib: ctypes.CDLL) -> None:
    flat = array.array("i", range(6))
    assert roundtrip(lib, memoryview(flat).cast("B").cast("i", [2, 3])) == [[0, 1, 2], [3, 4, 5]]
    assert roundtrip(lib, memoryview(bytes(8)).cast("d", [])) == 0.0  # 0-d, read-only: copied
    assert roundtrip(lib, memoryview(bytes([1, 0])).cast("?")) == [True, False]
    assert roundtrip(lib, array.array("f")) == []


def read_tensor(lib: ctypes.CDLL, dtype: str, shape: list[int], raw: bytes) -> Any:
    """A tensor made through the ABI itself (for what no Python buffer can express), read back."""
    dims = (ctypes.c_int64 * len(shape))(*shape)
    out, error = ctypes.c_void_p(), ctypes.c_void_p()
    _abi.check(lib, lib.kiln_value_tensor_copy(_abi.DTYPES.index(dtype), dims, len(shape), raw, ctypes.byref(out),
                                               ctypes.byref(error)), error)
    try:
        return _values.from_value(lib, out.value or 0)
    finally:
        lib.kiln_value_release(out)


@pytest.mark.usefixtures("without_numpy")
def test_float16_and_empty_tensors_without_numpy(lib: ctypes.CDLL) -> None:
    halves = [1.5, -2.0, 65504.0]
    assert read_tensor(lib, "float16", [3], struct.pack("<3e", *halves)) == halves
    assert read_tensor(lib, "float32", [2, 0], b"") == [[], []]
    assert read_tensor(lib, "float32", [0, 2], b"") == []


def test_unsupported_tensor_formats(lib: ctypes.CDLL) -> None:
    for unsupported in (array.array("H", [1]), array.array("u", "x"), memoryview(bytes(8)).cast("Q")):
        with pytest.raises(TypeError, match="cannot cross the Kiln ABI"):
            _values.to_value(lib, unsupported)
    assert _tensors.lent_count() == 0


@pytest.mark.usefixtures("without_numpy")
def test_a_writable_buffer_is_lent_not_copied(lib: ctypes.CDLL) -> None:
    data = array.array("f", [1.0, 2.0])
    value = _values.to_value(lib, data)
    try:
        data[0] = 42.0  # Kiln reads the caller's memory: a copy would still say 1.0
        assert _values.from_value(lib, value) == [42.0, 2.0]
        assert _tensors.lent_count() == 1
        with pytest.raises(BufferError):
            data.append(3.0)  # lent memory cannot move
    finally:
        lib.kiln_value_release(value)
    assert _tensors.lent_count() == 0
    data.append(3.0)  # released: the array is the caller's again


def test_a_tensor_argument_is_released_after_the_call(artifact: Callable[[str], Path]) -> None:
    with pytest.raises(TypeError) as raised:
        kiln.load(artifact("add_one"))(x=array.array("f", [1.0]))
    assert isinstance(raised.value, kiln.KilnError)
    assert raised.value.message == "add_one() argument 'x' must be int, not ndarray"
    assert _tensors.lent_count() == 0


# ---- with numpy (optional) ---------------------------------------------------------------------
@pytest.mark.parametrize("dtype", _abi.DTYPES)
def test_numpy_arrays(lib: ctypes.CDLL, dtype: str) -> None:
    numpy = pytest.importorskip("numpy")
    a = (numpy.arange(12) % 3).astype(dtype).reshape(3, 4)
    for v in (a, a[:, ::2], a.T, a[0, 0], a[:0], numpy.asarray(a, order="F")):
        got = roundtrip(lib, numpy.asarray(v))
        assert isinstance(got, numpy.ndarray) and got.dtype == a.dtype and got.shape == numpy.shape(v)
        assert numpy.array_equal(got, v)
    assert roundtrip(lib, numpy.float32(2.5)) == 2.5 and roundtrip(lib, numpy.int64(-3)) == -3
    assert roundtrip(lib, numpy.bool_(True)) is True


def test_numpy_array_is_lent(lib: ctypes.CDLL) -> None:
    numpy = pytest.importorskip("numpy")
    a = numpy.zeros(3, dtype=numpy.float32)
    value = _values.to_value(lib, a)
    try:
        a[1] = 7.0
        assert _values.from_value(lib, value).tolist() == [0.0, 7.0, 0.0]
    finally:
        lib.kiln_value_release(value)
    assert _tensors.lent_count() == 0


def test_numpy_foreign_byte_order_is_refused(lib: ctypes.CDLL) -> None:
    numpy = pytest.importorskip("numpy")
    with pytest.raises(TypeError, match="cannot cross"):
        _values.to_value(lib, numpy.zeros(2, dtype=">f4" if numpy.little_endian else "<f4"))
