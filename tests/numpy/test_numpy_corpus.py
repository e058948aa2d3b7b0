"""The numpy corpus (corpus_numpy.py): each function compiled by Kiln and called through the Python
client, against CPython running it with numpy. Values must agree (float32 within 1e-6 relative,
float64 within 1e-12, integers and booleans exactly), and so must dtypes, shapes and exceptions
(type and message)."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import numpy
import pytest

import corpus_numpy

REPO = Path(__file__).resolve().parents[2]
KILN = Path(os.environ.get("KILN_BIN", REPO / "build" / "bin" / "kiln"))
sys.path.insert(0, str(REPO / "clients" / "python"))
import kiln  # noqa: E402

CORPUS = Path(corpus_numpy.__file__)
CALLS = [(name, i) for name, inputs in corpus_numpy.CASES.items() for i in range(len(inputs))]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    root = tmp_path_factory.mktemp("numpy")
    cache: dict[str, object] = {}

    def get(name: str):
        if name not in cache:
            run = subprocess.run([str(KILN), "compile", str(CORPUS), "-f", name, "-o", str(root / name)],
                                 capture_output=True, text=True, timeout=300)
            assert run.returncode == 0, run.stderr
            cache[name] = kiln.load(root / name)
        return cache[name]

    return get


def arguments(name: str, inputs: dict) -> dict:
    """Lists become arrays where the parameter is an ndarray."""
    params = inspect.signature(getattr(corpus_numpy, name)).parameters
    out = {}
    for key, value in inputs.items():
        annotation = str(params[key].annotation)
        if "ndarray" in annotation or "NDArray" in annotation:
            dtype = corpus_numpy.ARRAY_DTYPES.get(name, "float64")
            value = numpy.asarray(value, dtype=dtype.get(key, "float64") if isinstance(dtype, dict) else dtype)
        out[key] = value
    return out


def outcome(call):
    try:
        return ("ok", call())
    except Exception as e:  # the comparison is the point: any exception type
        message = getattr(e, "message", str(e))
        return ("raise", type(e).__name__, message.split("\n  raised by")[0])


def assert_same(got, want, where: str) -> None:
    if isinstance(want, list) and want and isinstance(want[0], numpy.ndarray):
        assert isinstance(got, list) and len(got) == len(want), f"{where}: {got} != {want}"
        for k, (g, w) in enumerate(zip(got, want)):
            assert_same(g, w, f"{where}[{k}]")
    elif isinstance(want, numpy.ndarray) or isinstance(got, numpy.ndarray):
        want, got = numpy.asarray(want), numpy.asarray(got)
        assert got.dtype == want.dtype, f"{where}: dtype {got.dtype} != {want.dtype}"
        assert got.shape == want.shape, f"{where}: shape {got.shape} != {want.shape}"
        if want.dtype.kind == "f":
            rtol = 1e-6 if want.dtype == numpy.float32 else 1e-12
            numpy.testing.assert_allclose(got, want, rtol=rtol, atol=rtol, equal_nan=True, err_msg=where)
        else:
            assert numpy.array_equal(got, want), f"{where}: {got} != {want}"
    elif isinstance(want, float):
        assert got == pytest.approx(want, rel=1e-12, nan_ok=True), where
    elif isinstance(want, list) and want and isinstance(want[0], float):
        assert got == pytest.approx(want, rel=1e-12, nan_ok=True), where
    else:
        assert got == want, where


@pytest.mark.parametrize("name, index", CALLS, ids=[f"{n}-{i}" for n, i in CALLS])
def test_matches_numpy(compiled, name, index):
    inputs = corpus_numpy.CASES[name][index]
    want = outcome(lambda: getattr(corpus_numpy, name)(**arguments(name, inputs)))
    got = outcome(lambda: compiled(name)(**arguments(name, inputs)))
    assert got[0] == want[0], f"{name}{inputs}: kiln {got}, numpy {want}"
    if want[0] == "raise":
        assert got[1:] == want[1:], f"{name}{inputs}"
    else:
        assert_same(got[1], want[1], f"{name}{inputs}")


def test_the_corpus_is_large_enough():
    assert len(corpus_numpy.CASES) >= 120
