"""kiln.load against real artifacts: results equal CPython's for the same function, a Python exception
crosses as the same exception, and bad input fails with a clear KilnError."""

from __future__ import annotations

import ctypes
import gc
import json
import math
import shutil
import threading
from pathlib import Path
from typing import Any, Callable

import functions
import kiln
import pytest
from client_support import needs_lists

Artifact = Callable[[str], Path]


def cpython_exception(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> BaseException:
    """What CPython raises for fn(*args, **kwargs): the oracle for the compiled function's error."""
    try:
        fn(*args, **kwargs)
    except Exception as e:  # noqa: BLE001 - any exception is the expected one
        return e
    raise AssertionError(f"CPython raised nothing for {fn.__name__}{args}{kwargs}")


def assert_same_exception(predictor: kiln.Predictor, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> kiln.KilnError:
    expected = cpython_exception(fn, *args, **kwargs)
    with pytest.raises(type(expected)) as raised:
        predictor(*args, **kwargs)
    error = raised.value
    assert isinstance(error, kiln.KilnError)
    assert (error.type, error.message, str(error)) == (type(expected).__name__, str(expected), str(expected))
    return error


# ---- results -----------------------------------------------------------------------------------
@pytest.mark.parametrize("x", [0, -5, 41, 2**62, -(2**63)])
def test_int(artifact: Artifact, x: int) -> None:
    assert kiln.load(artifact("add_one"))(x=x) == functions.add_one(x)


@pytest.mark.parametrize("args", [
    (0, 0.0, False, ""), (-3, 0.1, True, "héllo"), (2**40, 1e300, False, "日本語 🎉"), (7, -2.5e-8, True, "a\0b"),
])
def test_scalars_of_every_kind(artifact: Artifact, args: tuple[int, float, bool, str]) -> None:
    assert kiln.load(artifact("describe"))(*args) == functions.describe(*args)


@pytest.mark.parametrize("x", [1.0, -0.0, 3, 1e-320, math.inf, -math.inf])
def test_float(artifact: Artifact, x: float) -> None:
    got, want = kiln.load(artifact("half"))(x=x), functions.half(x)
    assert got == want and math.copysign(1, got) == math.copysign(1, want) and type(got) is float


def test_nan(artifact: Artifact) -> None:
    assert math.isnan(kiln.load(artifact("half"))(math.nan))


def test_bool_and_none(artifact: Artifact) -> None:
    negate = kiln.load(artifact("negate"))
    assert [negate(b) for b in (True, False)] == [functions.negate(b) for b in (True, False)]
    assert kiln.load(artifact("nothing"))(1) is functions.nothing(1)  # type: ignore[func-returns-value]


def test_bytes(artifact: Artifact) -> None:
    echo = kiln.load(artifact("echo_bytes"))
    for data in (b"", b"\x00\xff binary", bytearray(b"ba")):
        assert echo(data) == functions.echo_bytes(bytes(data))
    with pytest.raises(TypeError, match="echo_bytes\\(\\) argument 'data' must be bytes, not str"):
        echo("text")


def test_defaults_optionals_and_keyword_only(artifact: Artifact) -> None:
    greet = kiln.load(artifact("greet"))
    assert [greet(), greet(None), greet("Ada")] == [functions.greet(), functions.greet(None), functions.greet("Ada")]
    scaled = kiln.load(artifact("scaled"))
    assert [scaled(3), scaled(3, factor=-2), scaled(a=1)] == [functions.scaled(3), functions.scaled(3, factor=-2),
                                                              functions.scaled(a=1)]
    assert_same_exception(scaled, functions.scaled, 3, 4)  # `factor` is keyword-only


@needs_lists
def test_containers(artifact: Artifact) -> None:
    summarize = kiln.load(artifact("summarize"))
    args: dict[str, Any] = {"name": "n", "scores": [0.5, 2.0, 1.25], "tags": {"a": 1, "b": 3}}
    assert summarize(**args) == functions.summarize(**args)
    assert summarize(**args, flag=True) == functions.summarize(**args, flag=True)
    assert summarize("n", (0.5, 2.0), {}) == functions.summarize("n", [0.5, 2.0], {})  # a tuple crosses as a list
    pairs = kiln.load(artifact("pairs"))
    words = ["ab", "héllo", ""]
    assert pairs(words) == [list(p) for p in functions.pairs(words)]  # tuples come back as lists, as in JSON


@needs_lists
def test_embedding_like_function(artifact: Artifact) -> None:
    embed = kiln.load(artifact("letter_embedding"))
    texts = ["Hello world", "kiln", ""]
    assert embed(texts) == functions.letter_embedding(texts)
    assert embed(texts, task="document") == functions.letter_embedding(texts, task="document")


def test_signature(artifact: Artifact) -> None:
    p = kiln.load(artifact("scaled"))
    assert p.signature == json.loads((artifact("scaled") / "scaled.json").read_text())["signature"]
    assert [(q["name"], q["type"], q["kind"]) for q in p.signature["params"]] == [
        ("a", "int", "positional_or_keyword"), ("factor", "int", "keyword_only")]
    assert p.signature["params"][1]["default"] == 10 and p.signature["returns"] == "int"
    assert "scaled(a: int, factor: int) -> int" in repr(p)


def test_run_reports_latency_and_tokens(artifact: Artifact) -> None:
    run = kiln.load(artifact("add_one")).run({"x": 1})
    assert run.output == functions.add_one(1)
    assert run.latency_ns > 0 and run.tokens == 0  # no model, no tokens


def test_calls_from_threads(artifact: Artifact) -> None:
    describe = kiln.load(artifact("describe"))
    failures: list[int] = []

    def work(n: int) -> None:
        for i in range(200):
            if describe(n, i / 7, i % 2 == 0, "t") != functions.describe(n, i / 7, i % 2 == 0, "t"):
                failures.append(n)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


# ---- exceptions --------------------------------------------------------------------------------
@pytest.mark.parametrize("fn,args", [
    ("parse_int", ("12x",)), ("parse_int", ("",)), ("divide", (1, 0)), ("require_positive", (-3,)),
])
def test_python_exceptions_cross_as_themselves(artifact: Artifact, fn: str, args: tuple[Any, ...]) -> None:
    error = assert_same_exception(kiln.load(artifact(fn)), getattr(functions, fn), *args)
    assert Path(error.file).name == "functions.py" and error.line > 0
    assert f'line {error.line}' in "".join(getattr(error, "__notes__", [f"line {error.line}"]))


@needs_lists
def test_key_error(artifact: Artifact) -> None:
    error = assert_same_exception(kiln.load(artifact("lookup")), functions.lookup, {"a": 1}, "nope")
    assert isinstance(error, KeyError) and isinstance(error, LookupError)


def test_errors_pickle(artifact: Artifact) -> None:
    import pickle

    with pytest.raises(kiln.KilnError) as raised:
        kiln.load(artifact("divide"))(1, 0)
    copy = pickle.loads(pickle.dumps(raised.value))
    assert type(copy) is type(raised.value) and isinstance(copy, ZeroDivisionError)
    assert (copy.type, copy.message, copy.file, copy.line) == (raised.value.type, raised.value.message,
                                                               raised.value.file, raised.value.line)


# ---- bad arguments: worded as CPython words them -----------------------------------------------
@pytest.mark.parametrize("args,kwargs", [
    ((), {}),                    # missing
    ((1,), {"y": 2}),            # unexpected keyword
    ((1, 2), {}),                # too many positional
    ((1,), {"x": 2}),            # twice
])
def test_bad_calls_match_cpython(artifact: Artifact, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    assert_same_exception(kiln.load(artifact("add_one")), functions.add_one, *args, **kwargs)


@pytest.mark.parametrize("value,type_name", [("1", "str"), (None, "NoneType"), (1.5, "float"), ([1], "list")])
def test_mistyped_argument(artifact: Artifact, value: Any, type_name: str) -> None:
    # CPython checks no annotations; Kiln's wording follows CPython's for built-in functions.
    with pytest.raises(TypeError) as raised:
        kiln.load(artifact("add_one"))(x=value)
    assert isinstance(raised.value, kiln.KilnError)
    assert raised.value.message == f"add_one() argument 'x' must be int, not {type_name}"


def test_int_accepted_for_float(artifact: Artifact) -> None:
    assert kiln.load(artifact("half"))(3) == functions.half(3)


@pytest.mark.parametrize("value,error", [
    (2**63, OverflowError), (-(2**63) - 1, OverflowError), (object(), TypeError), ({1: 2}, TypeError),
    ("\ud800", UnicodeEncodeError),
])
def test_values_the_abi_cannot_carry(artifact: Artifact, value: Any, error: type[Exception]) -> None:
    with pytest.raises(error) as raised:
        kiln.load(artifact("add_one"))(x=value)
    assert isinstance(raised.value, kiln.KilnError)


def test_inputs_must_be_a_mapping(artifact: Artifact) -> None:
    p = kiln.load(artifact("add_one"))
    for inputs in (None, [("x", 1)], "x"):
        with pytest.raises(TypeError, match="mapping"):
            p.run(inputs)  # type: ignore[arg-type]


# ---- bad artifacts -----------------------------------------------------------------------------
def test_not_a_directory(tmp_path: Path) -> None:
    for path in (tmp_path / "missing", tmp_path / "file", ""):
        (tmp_path / "file").write_text("x")
        with pytest.raises(FileNotFoundError, match="no Kiln artifact at") as raised:
            kiln.load(path)
        assert isinstance(raised.value, kiln.KilnError)


@pytest.mark.parametrize("path", [None, 3, b"bytes"])
def test_path_of_the_wrong_type(path: Any) -> None:
    with pytest.raises(TypeError, match="artifact path"):
        kiln.load(path)


def test_directory_without_manifest(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "other.json").write_text('{"library": 3}')
    with pytest.raises(FileNotFoundError, match="not a Kiln artifact"):
        kiln.load(tmp_path)


def _copy_artifact(artifact: Artifact, tmp_path: Path, **manifest_changes: Any) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(artifact("add_one"), copy)
    manifest = json.loads((copy / "add_one.json").read_text())
    (copy / "add_one.json").write_text(json.dumps({**manifest, **manifest_changes}))
    return copy


def test_copied_artifact_still_loads(artifact: Artifact, tmp_path: Path) -> None:
    assert kiln.load(_copy_artifact(artifact, tmp_path))(x=1) == functions.add_one(1)


@pytest.mark.parametrize("changes,message", [
    ({"abi_version": 999}, "ABI version 999"),
    ({"library": "../libadd_one.so"}, "outside"),
    ({"library": "libmissing.so"}, "cannot load"),
    ({"library": "add_one.json"}, "cannot load"),
])
def test_broken_artifacts(artifact: Artifact, tmp_path: Path, changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ImportError, match=message) as raised:
        kiln.load(_copy_artifact(artifact, tmp_path, **changes))
    assert isinstance(raised.value, kiln.KilnError)


def test_library_that_is_not_kiln(artifact: Artifact, tmp_path: Path) -> None:
    import _ctypes  # a shared library that exports no kiln_* entry point

    foreign = getattr(_ctypes, "__file__", None)
    if foreign is None:
        pytest.skip("_ctypes is built into this Python: no foreign library file at hand")
    copy = _copy_artifact(artifact, tmp_path, library="libforeign.so")
    shutil.copy(foreign, copy / "libforeign.so")
    with pytest.raises(ImportError, match="not a Kiln artifact library"):
        kiln.load(copy)


# ---- lifetime ----------------------------------------------------------------------------------
def test_closed_predictor(artifact: Artifact) -> None:
    with kiln.load(artifact("add_one")) as p:
        assert p(x=1) == functions.add_one(1)
    with pytest.raises(ValueError, match="closed"):
        p(x=1)
    p.close()  # twice is fine


def test_many_predictors_of_one_artifact(artifact: Artifact) -> None:
    predictors = [kiln.load(artifact("add_one")) for _ in range(50)]
    assert [p(x=i) for i, p in enumerate(predictors)] == [functions.add_one(i) for i in range(50)]
    for p in predictors:
        p.close()


def test_arrays_cross_as_tensors(artifact: Artifact) -> None:
    numpy = pytest.importorskip("numpy")
    facts = kiln.load(artifact("array_facts"))
    for shape in [(3,), (2, 5), (4, 1, 2), (0, 3)]:
        x = numpy.ones(shape, dtype=numpy.float32)
        assert facts(x) == functions.array_facts(x)
    same = kiln.load(artifact("same_array"))
    for dtype in ["float32", "float64", "int32", "int64", "uint8", "bool"]:
        x = (numpy.arange(6) % 3).astype(dtype).reshape(2, 3)
        got = same(x)
        assert got.dtype == x.dtype and numpy.array_equal(got, functions.same_array(x))
    assert facts.signature["params"][0]["type"] == "ndarray[float32]"


def test_an_array_argument_is_the_callers_array(artifact: Artifact) -> None:
    """An array crosses in without a copy: writes into it reach the caller's array, as in CPython. One
    that crosses back out is a copy, so the caller may free or change its own array afterwards."""
    numpy = pytest.importorskip("numpy")
    scale = kiln.load(artifact("scale_in_place"))
    want_arg = numpy.arange(6, dtype=numpy.float32).reshape(2, 3)
    got_arg = want_arg.copy()
    want = functions.scale_in_place(want_arg, 2.5)
    got = scale(got_arg, 2.5)
    assert numpy.array_equal(got_arg, want_arg) and numpy.array_equal(got, want)
    got_arg[:] = -1
    assert numpy.array_equal(got, want)  # the result does not alias the argument
    frozen = numpy.arange(3, dtype=numpy.float32)
    frozen.flags.writeable = False  # a read-only array crosses as a copy and stays as it was
    assert scale(frozen, 2.0).tolist() == [2.0, 4.0] and frozen.tolist() == [0.0, 1.0, 2.0]


def test_an_array_result_is_lent_not_copied(artifact: Artifact, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large array result views the artifact's memory (no copy) and keeps it until the array is gone."""
    numpy = pytest.importorskip("numpy")
    from kiln import _tensors

    same = kiln.load(artifact("same_array"))
    released: list[int] = []
    release = same._lib.kiln_value_release
    monkeypatch.setattr(same._lib, "kiln_value_release", lambda v: (released.append(v), release(v)))
    x = numpy.arange(_tensors.LEND_BYTES // 8 * 2, dtype=numpy.float64).reshape(2, -1)
    small = same(x[:, :3])
    assert small.flags.owndata and numpy.array_equal(small, x[:, :3])  # small results are copied
    got = same(x)
    assert numpy.array_equal(got, functions.same_array(x)) and not got.flags.owndata
    base = got
    while isinstance(base, numpy.ndarray):
        base = base.base
    assert isinstance(base, ctypes.Array)  # the artifact's buffer, not numpy's
    during = len(released)  # the arguments, released after the call
    got[0, 0] = 7.0  # the caller's array now, writable like any other
    del got, base
    gc.collect()
    assert len(released) == during + 1  # the result, once its array is gone


def test_an_array_of_the_wrong_dtype_or_kind_is_a_type_error(artifact: Artifact) -> None:
    numpy = pytest.importorskip("numpy")
    facts = kiln.load(artifact("array_facts"))
    with pytest.raises(TypeError, match=r"array_facts\(\) argument 'x' must be an ndarray of float32, not of float64"):
        facts(numpy.zeros(3))
    with pytest.raises(TypeError, match=r"array_facts\(\) argument 'x' must be ndarray, not list"):
        facts([1.0, 2.0])
    scalar = numpy.ones((), dtype=numpy.float32)  # 0-d: CPython's len() raises, and so must the artifact
    with pytest.raises(TypeError) as want:
        functions.array_facts(scalar)
    with pytest.raises(TypeError) as got:
        facts(scalar)
    assert got.value.message == str(want.value)
