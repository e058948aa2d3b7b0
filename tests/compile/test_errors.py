"""Bad input to `kiln compile` and `kiln run` is a clear error, never a crash or a C++ error."""

from __future__ import annotations

import re

import pytest

SOURCE = '''
def f(x: int, y: float = 1.0) -> float:
    return x / y
'''

UNSUPPORTED = [
    ("def f(x: int) -> int:\n    x.append(1)\n    return x\n", "no method append() of 'int'"),
    ("def f(x: int) -> int:\n    with x:\n        pass\n    return x\n", "only `with torch.no_grad():`"),
    ("def f(x: int) -> int:\n    return y\n", "name 'y' is not defined"),
    ("def f(x: int) -> str:\n    return x\n", "declared to return str but this returns int"),
    ("def f(x: int) -> int:\n    return x + 'a'\n", "unsupported operand type(s) for '+': 'int' and 'str'"),
    ("def f(x: int) -> int:\n    if x:\n        y = 1\n    return y\n", "'y' may be used before it is assigned"),
    ("def f(x: int) -> int:\n    y = 1 if x else 'a'\n    return 0\n", "different types"),
    ("def f(x: int) -> int:\n    return g(x)\ndef g(a: int, b: int) -> int:\n    return a\n", "g() missing 1 required positional argument: 'b'"),
    ("def f(x: int) -> int:\n    xs = []\n    return len(xs)\n", "cannot tell what 'xs' holds"),
    ("def f(x: int) -> int:\n    g = lambda y: y\n    return g\n", "holds a lambda, which can only be called or passed"),
    ("def f(x: int) -> int:\n    ys = [1, 'a']\n    return x\n", "the items here have different types"),
    ("def f(x: list[int]) -> int:\n    e = enumerate(x)\n    return 0\n", "lazy iterator"),
    ("def f(x: int) -> int:\n    raise Foo('a')\n", "only Python's built-in exceptions"),
    ("def f(x: tuple[int, str], i: int) -> int:\n    return x[i]\n", "indexed with a constant"),
    ("class P:\n    def __init__(self, a: int):\n        self.a = a\ndef f(x: int) -> int:\n    return P(x).b\n",
     "'P' object has no attribute 'b'"),
    ("def fact(n):\n    return 1 if n < 2 else n * fact(n - 1)\ndef f(x: int) -> int:\n    return fact(x)\n",
     "'fact' calls itself before its return type is known"),
    ("def f(x: int) -> int:\n    def g() -> int:\n        return x\n    return g\n",
     "'g' is a function nested in another: it can only be called here"),
    ("def f(x: int) -> int:\n    def g() -> None:\n        nonlocal x\n        x = 'a'\n    g()\n    return x\n",
     "nonlocal 'x' is 'int' in the enclosing function"),
    ("def f(x: int) -> int:\n    def g() -> None:\n        nonlocal y\n        y = 1\n    g()\n    return x\n",
     "no binding for nonlocal 'y' found"),
    ("from typing import Iterator\ndef f(x: int) -> list[int]:\n    def g() -> Iterator[int]:\n        yield x\n"
     "    return list(g())\n", "a nested generator function cannot use the enclosing function's variables"),
    ("def f(xs: list[int], k: int) -> list[int]:\n    def g() -> int:\n        return k\n    return [g() for k in xs]\n",
     "'g' uses the enclosing function's 'k', which a variable of the same name hides here"),
    ("from numpy import ndarray\ndef f(x: ndarray) -> int:\n    y = x.tolist()\n    return len(y)\n",
     "cannot tell what 'y' holds (list[?])"),
    ("class P(Exception):\n    pass\ndef f(x: int) -> int:\n    p = P()\n    return x\n", "base classes are not supported"),
    ("def f(x) -> int:\n    return x\n", "has no type annotation"),
]


@pytest.mark.parametrize("source,message", UNSUPPORTED, ids=range(len(UNSUPPORTED)))
def test_unsupported_code_is_a_diagnostic(kiln, tmp_path, source, message):
    path = tmp_path / "mod.py"
    path.write_text(source)
    compiled, _ = kiln.compile(path, "f")
    assert compiled.returncode == 1
    assert "internal error" not in compiled.stderr
    assert re.search(r"mod\.py:\d+:\d+: error: ", compiled.stderr), compiled.stderr
    assert message in compiled.stderr
    assert "^" in compiled.stderr


@pytest.fixture(scope="module")
def artifact(kiln, tmp_path_factory):
    path = tmp_path_factory.mktemp("src") / "divide.py"
    path.write_text(SOURCE)
    compiled, out = kiln.compile(path, "f")
    assert compiled.returncode == 0, compiled.stderr
    return out


@pytest.mark.parametrize(
    "inputs,expected",
    [
        ({}, "TypeError: f() missing 1 required positional argument: 'x'"),
        ({"x": 1, "z": 2}, "TypeError: f() got an unexpected keyword argument 'z'"),
        ({"x": "a"}, "TypeError: f() argument 'x' must be int, not str"),
        ({"x": 1, "y": None}, "TypeError: f() argument 'y' must be float, not NoneType"),
        ({"x": 1, "y": 0}, "ZeroDivisionError: float division by zero"),
    ],
)
def test_bad_arguments_are_python_exceptions(kiln, artifact, inputs, expected):
    run = kiln.run(artifact, inputs)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines()[-1] == expected


def test_exceptions_name_the_python_line(kiln, artifact):
    run = kiln.run(artifact, {"x": 1, "y": 0})
    assert re.search(r'File ".*divide\.py", line 3', run.stderr), run.stderr


def test_json_int_is_accepted_for_a_float(kiln, artifact):
    run = kiln.run(artifact, {"x": 3, "y": 2})
    assert run.returncode == 0 and run.stdout.strip() == "1.5"


def test_not_an_artifact_and_bad_json_are_usage_errors(kiln, artifact, tmp_path):
    import subprocess
    from conftest import KILN

    for args in ([str(tmp_path)], [str(artifact), "--inputs", "{not json"], [str(artifact), "--inputs", "[1]"]):
        run = subprocess.run([str(KILN), "run", *args], capture_output=True, text=True, timeout=60)
        assert run.returncode == 2, run
        assert run.stderr.startswith("kiln: ")
