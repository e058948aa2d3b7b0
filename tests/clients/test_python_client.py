"""The Python client against real artifacts: results equal CPython's, errors are Python exceptions, and
the OpenAI-style embeddings response validates against the `openai` package's own types."""

from __future__ import annotations

import base64
import json
import struct

import functions
import kiln
import pytest


def test_calls_agree_with_cpython(artifacts):
    add_one = kiln.load(artifacts / "add_one")
    for x in [0, -5, 2**62]:
        assert add_one(x=x) == functions.add_one(x)
    assert add_one(41) == functions.add_one(41)  # positional, in the signature's order
    assert add_one.last_run["latency_ns"] > 0 and add_one.last_run["tokens"] == 0  # no model, no tokens
    summarize = kiln.load(artifacts / "summarize")
    args = {"name": "n", "scores": [0.5, 2, 1.25], "tags": {"a": 1, "b": 3}}
    assert summarize(**args) == functions.summarize(**{**args, "scores": [0.5, 2.0, 1.25]})
    assert summarize(**args, flag=True) == functions.summarize(**{**args, "scores": [0.5, 2.0, 1.25]}, flag=True)
    pairs = kiln.load(artifacts / "pairs")
    assert pairs(["ab", "héllo"]) == [list(p) for p in functions.pairs(["ab", "héllo"])]


def test_signature_describes_the_function(artifacts):
    p = kiln.load(artifacts / "summarize")
    assert p.signature["name"] == "summarize"
    assert [(q["name"], q["type"]) for q in p.signature["params"]] == [
        ("name", "str"), ("scores", "list[float]"), ("tags", "dict[str, int]"), ("flag", "bool")]
    assert p.signature["params"][3]["default"] is False
    assert p.signature["returns"] == "dict[str, float]"


def test_python_exceptions_cross_as_the_same_exception(artifacts):
    lookup = kiln.load(artifacts / "lookup")
    with pytest.raises(KeyError) as raised:
        lookup(d={"a": 1}, key="nope")
    try:
        functions.lookup({"a": 1}, "nope")
    except KeyError as e:
        expected = str(e)
    assert isinstance(raised.value, kiln.KilnError)
    assert raised.value.type == "KeyError" and raised.value.message == expected
    assert raised.value.file.endswith("functions.py") and raised.value.line > 0


@pytest.mark.parametrize("kwargs,message", [
    ({}, "add_one() missing 1 required positional argument: 'x'"),
    ({"x": 1, "y": 2}, "add_one() got an unexpected keyword argument 'y'"),
    ({"x": "1"}, "add_one() argument 'x' must be int, not str"),
    ({"x": None}, "add_one() argument 'x' must be int, not NoneType"),
])
def test_bad_arguments_are_type_errors(artifacts, kwargs, message):
    with pytest.raises(TypeError) as raised:
        kiln.load(artifacts / "add_one")(**kwargs)
    assert raised.value.message == message


def test_values_the_abi_cannot_carry_are_rejected_before_the_call(artifacts):
    add_one = kiln.load(artifacts / "add_one")
    with pytest.raises(OverflowError):
        add_one(x=2**70)
    with pytest.raises(TypeError):
        add_one(x=object())
    with pytest.raises(TypeError):
        add_one(1, 2)


def test_not_an_artifact(tmp_path, artifacts):
    with pytest.raises(kiln.KilnError, match="not a directory"):
        kiln.load(tmp_path / "missing")
    with pytest.raises(kiln.KilnError, match="not a Kiln artifact"):
        kiln.load(tmp_path)
    other = tmp_path / "other_abi"
    other.mkdir()
    manifest = json.loads((artifacts / "add_one" / "add_one.json").read_text())
    (other / "add_one.json").write_text(json.dumps({**manifest, "abi_version": 999}))
    with pytest.raises(kiln.KilnError, match="ABI version 999"):
        kiln.load(other)


def test_closed_predictor(artifacts):
    with kiln.load(artifacts / "add_one") as p:
        assert p(x=1) == 2
    with pytest.raises(kiln.KilnError, match="closed"):
        p(x=1)


def test_embeddings_match_openai_types_and_cpython(artifacts):
    openai_types = pytest.importorskip("openai.types")
    client = kiln.Kiln(models_dir=str(artifacts))
    texts = ["Hello world", "kiln compiles python", ""]
    response = client.embeddings.create(model="letter_embedding", input=texts)
    parsed = openai_types.CreateEmbeddingResponse.model_validate(response.to_dict())
    assert parsed.object == "list" and parsed.model == "letter_embedding"
    assert [d.index for d in parsed.data] == [0, 1, 2]
    assert [d.embedding for d in parsed.data] == functions.letter_embedding(texts)
    single = client.embeddings.create(model="letter_embedding", input="Hello world")
    assert single.data[0].embedding == functions.letter_embedding(["Hello world"])[0]


def test_embeddings_base64_and_dimensions(artifacts, monkeypatch):
    monkeypatch.setenv("KILN_MODELS", str(artifacts))
    client = kiln.Kiln()
    encoded = client.embeddings.create(model="letter_embedding", input=["abc"], encoding_format="base64")
    floats = struct.unpack("<8f", base64.b64decode(encoded.data[0].embedding))
    expected = functions.letter_embedding(["abc"])[0]
    assert floats == pytest.approx(expected, rel=1e-6)  # float32, as OpenAI sends
    short = client.embeddings.create(model="letter_embedding", input=["abcdefgh"], dimensions=4).data[0].embedding
    head = expected_head = functions.letter_embedding(["abcdefgh"])[0][:4]
    norm = sum(x * x for x in head) ** 0.5
    assert short == pytest.approx([x / norm for x in expected_head])
    with pytest.raises(ValueError):
        client.embeddings.create(model="letter_embedding", input=["a"], encoding_format="int8")
    with pytest.raises(kiln.KilnError):
        client.embeddings.create(model="no_such_model", input=["a"])


def test_predictions_run_any_function(artifacts):
    client = kiln.Kiln(models_dir=str(artifacts))
    prediction = client.predictions.create(model="pairs", inputs={"words": ["a", "bcd"]})
    assert prediction.output == [list(p) for p in functions.pairs(["a", "bcd"])]
    assert prediction.to_dict()["model"] == "pairs"
