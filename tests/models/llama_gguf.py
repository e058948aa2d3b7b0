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


def stack_qkv(tensors: dict) -> dict:
    """`tensors` (GGUF name → numpy array, checkpoint layout) with each layer's Q, K and V projections
    stacked along the output axis under llama.cpp's fused name (blk.N.attn_qkv.*), as Kiln writes them."""
    out, parts = {}, {}
    for name, array in tensors.items():
        block, dot, rest = name.partition(".attn_")
        kind, _, suffix = rest.partition(".")
        if name.startswith("blk.") and dot and kind in ("q", "k", "v"):
            parts.setdefault(f"{block}.attn_qkv.{suffix}", {})[kind] = array
        else:
            out[name] = array
    for name, qkv in parts.items():
        out[name] = numpy.concatenate([qkv["q"], qkv["k"], qkv["v"]], axis=0)
    return out


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
