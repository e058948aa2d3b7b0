"""llama.cpp's own gguf-py, from the pinned llama.cpp source scripts/build_llama unpacks: the
independent reader the conversion tests check GGUF files with. Importing this skips the importing
test module when the source is missing."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy
import pytest

REPO = Path(__file__).resolve().parents[2]


def llama_version() -> str:
    for line in (REPO / "scripts" / "versions.env").read_text().splitlines():
        if line.startswith("NODE_LLAMA_CPP_VERSION="):
            return line.split("=", 1)[1]
    raise AssertionError("no NODE_LLAMA_CPP_VERSION in scripts/versions.env")


GGUF_PY = REPO / ".cache" / f"llama.cpp-{llama_version()}" / "src" / "gguf-py"
if not GGUF_PY.is_dir():
    pytest.skip(f"{GGUF_PY} is missing: run scripts/build_llama", allow_module_level=True)
sys.path.insert(0, str(GGUF_PY))
import gguf  # noqa: E402


def field(reader: gguf.GGUFReader, key: str):
    return reader.fields[key].contents()


def assert_tensors(reader: gguf.GGUFReader, expected: dict) -> None:
    """The file holds exactly `expected`'s tensors (GGUF name → numpy array in the checkpoint's layout),
    each with the array's shape (ggml lists dimensions innermost first), dtype and values."""
    written = {t.name: t for t in reader.tensors}
    assert set(written) == set(expected)
    for name, want in expected.items():
        t = written[name]
        assert list(t.shape) == list(reversed(want.shape)), name
        got = numpy.asarray(t.data).reshape(want.shape)
        assert got.dtype == want.dtype, name
        numpy.testing.assert_array_equal(got, want, err_msg=name)
