"""`kiln signature` states a function's signature as CPython sees it.

CPython is the oracle: it executes each snippet, and inspect.signature plus the evaluated annotations
give the expected names, kinds, defaults, docstring and types (spelled canonically by `canon`).
"""

from __future__ import annotations

import inspect
import json
import os
import re
import subprocess
import types
import typing
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KILN = Path(os.environ.get("KILN_BIN", REPO / "build" / "bin" / "kiln"))

HEADER = "from typing import Dict, List, Optional, Set, Tuple, Union\nimport typing\n"

SIGNATURES = [
    "def f(x: int) -> int:\n    return x + 1\n",
    "def f(text: list[str], task: str = 'query') -> list[float]:\n    '''Embeds text.'''\n    return []\n",
    "def f(a: float, b: float = 1, /, c: bool = True, *, d: str = 'x', e: bytes = b'\\x00') -> None:\n    pass\n",
    "def f(m: dict[str, list[float]], s: set[int], t: tuple[int, str], v: tuple[float, ...]) -> dict[str, int]:\n"
    "    pass\n",
    "def f(a: Optional[int] = None, b: int | None = None, c: Union[int, str] = 3, d: str | int | None = 'q')"
    " -> int | None:\n    pass\n",
    "def f(a: List[int], b: Dict[str, float], c: Tuple[int, ...], d: Set[str], e: typing.Optional[str] = None)"
    " -> typing.List[str]:\n    pass\n",
    "def f(a: list[list[int]] = [[1, 2], []], b: dict[str, int] = {'x': 1, 'y': -2}, c: tuple[()] = ())"
    " -> tuple[()]:\n    pass\n",
    "def f(x: float = -1.5e-7, y: float = 1e300, z: int = -9223372036854775807, w: str = 'é\\n\"') -> str:\n"
    "    '''Line one.\n\n    Indented line.\n    '''\n",
    "def f(*, only: int) -> int:\n    pass\n",
    "def f() -> None:\n    pass\n",
]


def canon(t) -> str:
    """Python's spelling of an evaluated annotation, as Kiln prints types."""
    if t is None or t is type(None):
        return "None"
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin in (typing.Union, types.UnionType):
        names = [canon(a) for a in args]
        return " | ".join([n for n in names if n != "None"] + (["None"] if "None" in names else []))
    if origin in (list, set):
        return f"{origin.__name__}[{canon(args[0])}]"
    if origin is dict:
        return f"dict[{canon(args[0])}, {canon(args[1])}]"
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return f"tuple[{canon(args[0])}, ...]"
        return "tuple[()]" if not args else "tuple[" + ", ".join(canon(a) for a in args) + "]"
    return t.__name__


def plain(value):
    return [plain(v) for v in value] if isinstance(value, (tuple, list)) else (
        {k: plain(v) for k, v in value.items()} if isinstance(value, dict) else value)


def expected_signature(source: str) -> dict:
    namespace: dict = {}
    exec(HEADER + source, namespace)
    fn = namespace["f"]
    hints = typing.get_type_hints(fn)
    params = []
    for p in inspect.signature(fn).parameters.values():
        entry = {"name": p.name, "type": canon(hints[p.name]), "kind": p.kind.name.lower()}
        if p.default is not inspect.Parameter.empty:
            entry["default"] = plain(p.default)
        params.append(entry)
    return {"name": "f", "doc": fn.__doc__ or "", "params": params, "returns": canon(hints["return"])}


def kiln_signature(tmp_path: Path, source: str) -> subprocess.CompletedProcess:
    path = tmp_path / "module.py"
    path.write_text(HEADER + source)
    return subprocess.run([str(KILN), "signature", str(path), "-f", "f"], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("source", SIGNATURES, ids=range(len(SIGNATURES)))
def test_signature_matches_cpython(tmp_path, source):
    run = kiln_signature(tmp_path, source)
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    want = expected_signature(source)
    for param in want["params"]:  # bytes defaults travel as their repr
        if isinstance(param.get("default"), bytes):
            param["default"] = repr(param["default"])
    assert got == want


INVALID = [
    ("def f(x) -> int:\n    pass\n", "has no type annotation"),
    ("def f(x: int):\n    pass\n", "has no return annotation"),
    ("def f(*args: int) -> int:\n    pass\n", "*args or **kwargs"),
    ("def f(x: list) -> int:\n    pass\n", "needs its element types"),
    ("def f(x: Foo) -> int:\n    pass\n", "unsupported type annotation 'Foo'"),
    ("def f(x: 'int') -> int:\n    pass\n", "string annotation"),
    ("def f(x: int = 'a') -> int:\n    pass\n", "is str, not int"),
    ("def f(x: int = len('a')) -> int:\n    pass\n", "must be a constant"),
    ("def f(x: dict[str]) -> int:\n    pass\n", "takes 2 type arguments"),
]


@pytest.mark.parametrize("source,message", INVALID, ids=range(len(INVALID)))
def test_unsupported_signatures_are_diagnostics(tmp_path, source, message):
    run = kiln_signature(tmp_path, source)
    assert run.returncode == 1
    assert re.search(r"module\.py:\d+:\d+: error: ", run.stderr), run.stderr
    assert message in run.stderr
    assert "^" in run.stderr
