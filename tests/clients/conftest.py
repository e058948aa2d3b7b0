"""Compiles the functions in functions.py with the real compiler, once per session, and puts the
Python client (clients/python) on the path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KILN = Path(os.environ.get("KILN_BIN", REPO / "build" / "bin" / "kiln"))
sys.path.insert(0, str(REPO / "clients" / "python"))


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory):
    """A models directory holding one artifact per function, named after it."""
    root = tmp_path_factory.mktemp("models")
    source = Path(__file__).with_name("functions.py")
    for function in ["add_one", "summarize", "pairs", "lookup", "letter_embedding"]:
        run = subprocess.run([str(KILN), "compile", str(source), "-f", function, "-o", str(root / function)],
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
    return root
