"""Differential conformance: every corpus function, compiled by Kiln, agrees with CPython.

CPython runs the function on each input of the corpus's CASES; `kiln run` runs the compiled
artifact on the same input. Results must be equal (floats exactly), and an exception must have the
same type and message.
"""

from __future__ import annotations

import importlib.util
import json
import math
import typing
from pathlib import Path

import pytest

CORPORA = sorted(Path(__file__).parent.glob("corpus_*.py"))


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cases():
    for path in CORPORA:
        module = load(path)
        for function, inputs in module.CASES.items():
            yield pytest.param(path, function, inputs, id=f"{path.stem}.{function}")


def as_declared(fn, inputs: dict) -> dict:
    """The arguments as `kiln run` converts them: a JSON int passed for a float parameter is a float."""
    hints = typing.get_type_hints(fn)
    return {k: float(v) if hints.get(k) is float and type(v) is int else v for k, v in inputs.items()}


def cpython_outcome(fn, inputs: dict):
    try:
        return ("ok", fn(**as_declared(fn, inputs)))
    except Exception as e:  # the oracle's exception is the expected outcome
        return ("error", f"{type(e).__name__}: {e}")


def same(expected, actual) -> bool:
    if isinstance(expected, float) and isinstance(actual, float):
        return expected == actual or (math.isnan(expected) and math.isnan(actual))
    return type(expected) is type(actual) and expected == actual


@pytest.mark.parametrize("path,function,inputs", list(cases()))
def test_function_agrees_with_cpython(kiln, path, function, inputs):
    compiled, artifact = kiln.compile(path, function)
    assert compiled.returncode == 0, compiled.stderr
    assert "internal error" not in compiled.stderr
    fn = getattr(load(path), function)
    for case in inputs:
        status, expected = cpython_outcome(fn, case)
        run = kiln.run(artifact, case)
        if status == "ok":
            assert run.returncode == 0, (case, run.stderr)
            assert same(expected, json.loads(run.stdout)), (case, expected, run.stdout)
        else:
            assert run.returncode == 1, (case, run.stdout)
            assert run.stderr.strip().splitlines()[-1] == expected, case
