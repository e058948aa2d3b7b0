"""The OpenAI-style client: responses have exactly the fields of the `openai` package's own types, with
the values CPython computes for the same function."""

from __future__ import annotations

import base64
import math
import shutil
import struct
from pathlib import Path
from typing import Any, Callable

import functions
import kiln
import openai.types
import pytest
from client_support import needs_lists

Artifact = Callable[[str], Path]


def fields(model: Any) -> set[str]:
    return set(model.model_fields)


def assert_openai_shape(response: kiln.CreateEmbeddingResponse) -> Any:
    """Validates with openai's CreateEmbeddingResponse and checks no field is missing or extra."""
    types = openai.types
    body = response.to_dict()
    parsed = types.CreateEmbeddingResponse.model_validate(body)
    assert set(body) == fields(types.CreateEmbeddingResponse)
    assert set(body["usage"]) == fields(types.create_embedding_response.Usage)
    assert all(set(item) == fields(types.Embedding) for item in body["data"])
    assert parsed.model_dump() == body  # nothing dropped or converted
    return parsed


def unit(v: list[float]) -> list[float]:
    norm = math.sqrt(sum(x * x for x in v))
    return [x / norm for x in v]


@pytest.fixture
def client(artifact: Artifact, models: Path) -> kiln.Kiln:
    artifact("add_one")
    return kiln.Kiln(models_dir=models)


@pytest.fixture
def embedder(client: kiln.Kiln, artifact: Artifact) -> kiln.Kiln:
    """The client, with the embedding-like models of functions.py compiled."""
    for name in ("letter_embedding", "length_embedding"):
        artifact(name)
    return client


# ---- embeddings --------------------------------------------------------------------------------
@needs_lists
def test_embeddings_have_openai_shape_and_cpython_values(embedder: kiln.Kiln) -> None:
    texts = ["Hello world", "kiln compiles python", ""]
    parsed = assert_openai_shape(embedder.embeddings.create(model="letter_embedding", input=texts))
    assert parsed.object == "list" and parsed.model == "letter_embedding"
    assert [d.index for d in parsed.data] == [0, 1, 2] and {d.object for d in parsed.data} == {"embedding"}
    assert [d.embedding for d in parsed.data] == functions.letter_embedding(texts)
    assert parsed.usage.prompt_tokens == parsed.usage.total_tokens == 0  # no model ops, no tokens


@needs_lists
def test_one_text(embedder: kiln.Kiln) -> None:
    response = embedder.embeddings.create(model="letter_embedding", input="Hello world")
    assert_openai_shape(response)
    assert [d.embedding for d in response.data] == functions.letter_embedding(["Hello world"])


@needs_lists
def test_model_taking_one_str(embedder: kiln.Kiln) -> None:
    texts = ["a e i", "xyz"]
    response = embedder.embeddings.create(model="length_embedding", input=texts)
    assert_openai_shape(response)
    assert [d.embedding for d in response.data] == [functions.length_embedding(t) for t in texts]


@needs_lists
def test_base64_is_little_endian_float32(embedder: kiln.Kiln) -> None:
    texts = ["abc", "hello"]
    response = embedder.embeddings.create(model="letter_embedding", input=texts, encoding_format="base64")
    for item, expected in zip(response.data, functions.letter_embedding(texts)):
        assert isinstance(item.embedding, str)
        raw = base64.b64decode(item.embedding)
        assert raw == struct.pack(f"<{len(expected)}f", *expected)  # float32 of CPython's floats


@needs_lists
@pytest.mark.parametrize("dimensions", [1, 3, 8])
def test_dimensions_truncate_then_renormalise(embedder: kiln.Kiln, dimensions: int) -> None:
    text = "abcdefgh abc"
    response = embedder.embeddings.create(model="letter_embedding", input=[text], dimensions=dimensions)
    expected = unit(functions.letter_embedding([text])[0][:dimensions])
    assert response.data[0].embedding == pytest.approx(expected, rel=1e-12)
    assert_openai_shape(response)


@needs_lists
@pytest.mark.parametrize("kwargs,error", [
    ({"input": ["a"], "encoding_format": "int8"}, ValueError),
    ({"input": ["a"], "dimensions": 0}, ValueError),
    ({"input": ["a"], "dimensions": 9}, ValueError),
    ({"input": ["a"], "dimensions": True}, ValueError),
    ({"input": []}, ValueError),
    ({"input": [1, 2]}, TypeError),
    ({"input": None}, TypeError),
])
def test_bad_embedding_requests(embedder: kiln.Kiln, kwargs: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error) as raised:
        embedder.embeddings.create(model="letter_embedding", **kwargs)
    assert isinstance(raised.value, kiln.KilnError)


def test_model_without_a_text_parameter(client: kiln.Kiln) -> None:
    with pytest.raises(TypeError, match="no str or list\\[str\\] parameter"):
        client.embeddings.create(model="add_one", input=["a"])


@pytest.mark.parametrize("name", ["", ".", "..", "../add_one", "a/b", None])
def test_invalid_model_names(client: kiln.Kiln, name: Any) -> None:
    with pytest.raises(ValueError, match="invalid model name"):
        client.predictions.create(model=name, inputs={"x": 1})


def test_missing_model(client: kiln.Kiln) -> None:
    with pytest.raises(FileNotFoundError, match="no Kiln artifact"):
        client.embeddings.create(model="no_such_model", input=["a"])


# ---- predictions -------------------------------------------------------------------------------
def test_predictions_run_any_function(client: kiln.Kiln) -> None:
    prediction = client.predictions.create(model="add_one", inputs={"x": 41})
    assert prediction.output == functions.add_one(41)
    assert prediction.to_dict() == {"object": "prediction", "model": "add_one", "output": functions.add_one(41),
                                    "usage": {"prompt_tokens": 0, "total_tokens": 0}}
    assert prediction.model_dump() == prediction.to_dict()
    with pytest.raises(TypeError):
        client.predictions.create(model="add_one", inputs={"y": 1})


@needs_lists
def test_predictions_with_containers(client: kiln.Kiln, artifact: Artifact) -> None:
    artifact("pairs")  # compiled into the client's models directory
    prediction = client.predictions.create(model="pairs", inputs={"words": ["a", "bcd"]})
    assert prediction.output == [list(p) for p in functions.pairs(["a", "bcd"])]


def test_models_are_loaded_once_and_closed_with_the_client(artifact: Artifact) -> None:
    with kiln.Kiln(models_dir=artifact("add_one").parent) as client:
        client.predictions.create(model="add_one", inputs={"x": 1})
        first = client._models.get("add_one")
        client.predictions.create(model="add_one", inputs={"x": 2})
        assert client._models.get("add_one") is first
    with pytest.raises(ValueError, match="closed"):
        first(x=1)


# ---- where models live -------------------------------------------------------------------------
def test_models_dir_argument_then_env_then_home(artifact: Artifact, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    shutil.copytree(artifact("add_one"), home / ".kiln" / "models" / "add_one")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("KILN_MODELS", raising=False)
    assert kiln.models_dir() == str(home / ".kiln" / "models")
    assert kiln.Kiln().predictions.create(model="add_one", inputs={"x": 1}).output == functions.add_one(1)
    monkeypatch.setenv("KILN_MODELS", str(tmp_path / "env"))
    assert kiln.models_dir() == str(tmp_path / "env") and kiln.Kiln().models_dir == str(tmp_path / "env")
    assert kiln.models_dir(tmp_path / "arg") == str(tmp_path / "arg")
    assert kiln.Kiln(models_dir=tmp_path / "arg").models_dir == str(tmp_path / "arg")
