"""Compiling corpus functions with `kiln compile` and calling them with `kiln run`."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KILN = Path(os.environ.get("KILN_BIN", REPO / "build" / "bin" / "kiln"))


class Kiln:
    def __init__(self, workdir: Path):
        self.workdir = workdir

    def compile(self, source: Path, function: str) -> tuple[subprocess.CompletedProcess, Path]:
        out = self.workdir / f"{source.stem}_{function}"
        run = subprocess.run([str(KILN), "compile", str(source), "-f", function, "-o", str(out)],
                             capture_output=True, text=True, timeout=300)
        return run, out

    def run(self, artifact: Path, inputs: dict) -> subprocess.CompletedProcess:
        return subprocess.run([str(KILN), "run", str(artifact), "--inputs", json.dumps(inputs)],
                              capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="session")
def kiln(tmp_path_factory):
    if not KILN.exists():
        pytest.fail(f"{KILN} is not built; run scripts/setup first")
    return Kiln(tmp_path_factory.mktemp("artifacts"))
