"""The model tests compile and run functions as the corpus tests do: the same `kiln` fixture; and they
compile model-using sources with a conversion cache of their own and load them with the Python client."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "clients" / "python"))
import kiln as kiln_client  # noqa: E402  (the client under test, not an installed copy)

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


@pytest.fixture(scope="session")
def compile_predictors(compile_model_source) -> Callable[..., dict[str, Any]]:
    """Writes SOURCE (Python text) into ROOT, compiles each of FUNCTIONS from it (converted models cached
    in CACHE, so a checkpoint converts once for all of them) and loads each with the Python client."""

    def build(source_text: str, functions: list[str], root: Path, cache: Path) -> dict[str, Any]:
        source = root / "functions.py"
        source.write_text(source_text)
        out = {}
        for function in functions:
            run = compile_model_source(source, function, root / function, cache)
            assert run.returncode == 0, run.stderr
            out[function] = kiln_client.load(root / function)
        return out

    return build
