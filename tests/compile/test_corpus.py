"""Differential conformance: every corpus function, compiled by Kiln, agrees with CPython.

CPython runs the function on each input of the corpus's CASES; `kiln run` runs the compiled
artifact on the same input. Results must be equal (floats exactly), and an exception must have the
same type and message.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib.util
import inspect
import os
from concurrent.futures import ThreadPoolExecutor
import json
import math
import types
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
    """The arguments as `kiln run` converts them: a JSON int passed for a float parameter is a float,
    a JSON object passed for a dataclass parameter is an instance."""
    hints = typing.get_type_hints(fn)

    def convert(hint, v):
        options = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else (hint,)
        if float in options and int not in options and type(v) is int:
            return float(v)
        if dataclasses.is_dataclass(hint) and isinstance(v, dict):
            field_hints = typing.get_type_hints(hint)
            return hint(**{name: convert(field_hints[name], x) for name, x in v.items()})
        if typing.get_origin(hint) is list and isinstance(v, list):
            return [convert(typing.get_args(hint)[0], x) for x in v]
        return v

    return {k: convert(hints.get(k), v) for k, v in inputs.items()}


def cpython_outcome(fn, inputs: dict):
    try:
        result = fn(**as_declared(fn, copy.deepcopy(inputs)))  # the function may mutate them
        return ("ok", list(result) if inspect.isgenerator(result) else result)  # a generator runs to the end
    except Exception as e:  # the oracle's exception is the expected outcome
        return ("error", f"{type(e).__name__}: {e}")


def same(expected, actual) -> bool:
    """Equal as JSON carries them (tuples are arrays, dataclasses objects), floats exactly, bool and
    int told apart."""
    if dataclasses.is_dataclass(expected):
        expected = {f.name: getattr(expected, f.name) for f in dataclasses.fields(expected)}
    if isinstance(expected, (list, tuple)):
        return isinstance(actual, list) and len(expected) == len(actual) and all(map(same, expected, actual))
    if isinstance(expected, dict):
        return isinstance(actual, dict) and list(expected) == list(actual) and all(
            same(expected[k], actual[k]) for k in expected)
    if isinstance(expected, float) and isinstance(actual, float):
        return expected == actual or (math.isnan(expected) and math.isnan(actual))
    return type(expected) is type(actual) and expected == actual


@pytest.fixture(scope="session")
def compiled_corpus(kiln):
    """Every corpus function compiled up front, as many at once as there are cores."""
    jobs = [(path, function) for path in CORPORA for function in load(path).CASES]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = pool.map(lambda job: kiln.compile(*job), jobs)
        return dict(zip(jobs, results))


@pytest.mark.parametrize("path,function,inputs", list(cases()))
def test_function_agrees_with_cpython(kiln, compiled_corpus, path, function, inputs):
    compiled, artifact = compiled_corpus[(path, function)]
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
            assert run.stderr.strip().splitlines()[-1] == expected.rstrip(), case
