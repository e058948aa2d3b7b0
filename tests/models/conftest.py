"""The model tests compile and run functions as the corpus tests do: the same `kiln` fixture."""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("compile_conftest", Path(__file__).parents[1] / "compile" / "conftest.py")
_compile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_compile)

kiln = _compile.kiln
