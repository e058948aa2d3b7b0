"""The model tests compile and run functions as the corpus tests do: the same `kiln` fixture."""

import importlib.util
import os
import subprocess
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("compile_conftest", Path(__file__).parents[1] / "compile" / "conftest.py")
_compile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_compile)

kiln = _compile.kiln
KILN = _compile.KILN  # for tests that `from conftest import KILN` when this conftest was imported last


@pytest.fixture(scope="session")
def compile_model_source():
    """`kiln compile SOURCE -f FUNCTION -o OUT` with converted models cached in CACHE, by the kiln under test
    ($KILN_BIN, else build/bin/kiln)."""
    binary = os.environ.get("KILN_BIN", str(Path(__file__).resolve().parents[2] / "build" / "bin" / "kiln"))

    def run(source: Path, function: str, out: Path, cache: Path) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, KILN_CACHE_DIR=str(cache))
        return subprocess.run([binary, "compile", str(source), "-f", function, "-o", str(out)],
                              capture_output=True, text=True, timeout=600, env=env)

    return run
