"""Compiling test functions with the real `kiln` binary, shared by the client tests (and importable at
collection time, for skip conditions)."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KILN = Path(os.environ.get("KILN_BIN", REPO / "build" / "bin" / "kiln"))
FUNCTIONS = Path(__file__).with_name("functions.py")

sys.path.insert(0, str(REPO / "clients" / "python"))  # the client under test, not an installed copy

_LIST_PROBE = "def probe(texts: list[str]) -> list[list[float]]:\n    return [[float(len(t))] for t in texts]\n"


def compile_function(source: Path, function: str, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(KILN), "compile", str(source), "-f", function, "-o", str(out)],
                          capture_output=True, text=True, timeout=300)


@functools.lru_cache(maxsize=None)
def compiler_supports_lists() -> bool:
    """Whether this compiler builds a list[str] -> list[list[float]] function (embedding-like models)."""
    if not KILN.exists():
        return False
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "probe.py"
        source.write_text(_LIST_PROBE)
        return compile_function(source, "probe", Path(tmp) / "probe").returncode == 0


needs_lists = pytest.mark.skipif(not compiler_supports_lists(),
                                 reason="this kiln cannot compile list[str] -> list[list[float]] functions yet")
