"""Fixtures for the client tests: artifacts compiled from functions.py by the real compiler, once per
session and only when a test asks for them."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

import pytest
from client_support import FUNCTIONS, KILN, compile_function


@pytest.fixture(scope="session")
def models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models directory: artifact `<models>/NAME` is function NAME of functions.py."""
    if not KILN.exists():
        pytest.fail(f"{KILN} is not built; run scripts/setup first")
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def artifact(models: Path) -> Callable[[str], Path]:
    """artifact(NAME): the artifact directory of functions.NAME, compiled on first use."""
    lock = threading.Lock()

    def build(name: str) -> Path:
        out = models / name
        with lock:
            if not (out / f"{name}.json").exists():  # a failed build leaves no manifest
                run = compile_function(FUNCTIONS, name, out)
                assert run.returncode == 0, f"kiln compile -f {name} failed:\n{run.stderr}"
        return out

    return build
