"""The `kiln` fixture: runs the kiln binary on Python snippets."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KILN = Path(os.environ.get("KILN_BIN", REPO / "build" / "bin" / "kiln"))


class KilnRunner:
    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.count = 0

    def write(self, source: bytes | str) -> Path:
        self.count += 1
        path = self.tmp_path / f"snippet_{self.count}.py"
        path.write_bytes(source.encode() if isinstance(source, str) else source)
        return path

    def parse(self, source: bytes | str, timeout: float = 60) -> subprocess.CompletedProcess:
        path = self.write(source)
        return subprocess.run([str(KILN), "parse", str(path), "--dump-ast"], capture_output=True, timeout=timeout)


@pytest.fixture
def kiln(tmp_path):
    if not KILN.exists():
        pytest.fail(f"{KILN} is not built; run scripts/setup first")
    return KilnRunner(tmp_path)
