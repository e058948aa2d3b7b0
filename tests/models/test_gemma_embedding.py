"""EmbeddingGemma's layout compiled: fixtures/tiny_gemma is a tiny, randomly initialised Gemma3TextModel
with bidirectional attention and sentence-transformers' mean Pooling, two Dense modules and Normalize
(as google/embeddinggemma-300m is laid out), made by fixtures/make_tiny_gemma.py. The compiler converts
it to llama.cpp's "gemma-embedding" GGUF natively and the artifact runs it on llama.cpp.

Oracles, none of them our own output:
- token ids: Hugging Face `tokenizers` on the model's tokenizer.json, and transformers' own ids stored
  in fixtures/tiny_gemma_reference.json;
- embeddings: sentence-transformers itself, stored in fixtures/tiny_gemma_reference.json (the script
  needs PyTorch; this test does not);
- the GGUF file: llama.cpp's own gguf-py (its TensorNameMap for the names llama.cpp expects) and the
  `safetensors` package for the checkpoint's tensors.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy
import pytest

tokenizers = pytest.importorskip("tokenizers")
safetensors_numpy = pytest.importorskip("safetensors.numpy")

FIXTURES = Path(__file__).with_name("fixtures")
MODEL_DIR = FIXTURES / "tiny_gemma"
import kiln as kiln_client  # noqa: E402  (the client under test, first on sys.path by conftest.py)

from llama_gguf import assert_tensors, field, gguf  # noqa: E402  (skips when llama.cpp's source is missing)

SOURCE = f'''
from numpy import ndarray
from sentence_transformers import SentenceTransformer

model = SentenceTransformer({str(MODEL_DIR)!r})


def encode(texts: list[str]) -> ndarray:
    return model.encode(texts)


def token_ids(texts: list[str]) -> list[list[int]]:
    return [model.tokenizer.encode(t) for t in texts]
'''
FUNCTIONS = ["encode", "token_ids"]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("kiln-cache")


@pytest.fixture(scope="module")
def predictors(tmp_path_factory, cache_dir, compile_predictors):
    return compile_predictors(SOURCE, FUNCTIONS, tmp_path_factory.mktemp("gemma"), cache_dir)


@pytest.fixture(scope="module")
def reader(predictors, cache_dir) -> gguf.GGUFReader:
    [file] = cache_dir.glob("*.gguf")
    return gguf.GGUFReader(file)


@pytest.fixture(scope="module")
def reference() -> dict:
    return json.loads((FIXTURES / "tiny_gemma_reference.json").read_text(encoding="utf-8"))


def config(name: str = "config.json") -> dict:
    return json.loads((MODEL_DIR / name).read_text())


def test_hyperparameters_come_from_config_json(reader):
    c = config()
    arch = "gemma-embedding"
    assert field(reader, "general.architecture") == arch
    for key, hf in [("context_length", "max_position_embeddings"), ("embedding_length", "hidden_size"),
                    ("block_count", "num_hidden_layers"), ("feed_forward_length", "intermediate_size"),
                    ("attention.head_count", "num_attention_heads"),
                    ("attention.head_count_kv", "num_key_value_heads"), ("attention.key_length", "head_dim"),
                    ("attention.value_length", "head_dim"), ("attention.sliding_window", "sliding_window")]:
        assert field(reader, f"{arch}.{key}") == c[hf], key
    assert field(reader, f"{arch}.attention.layer_norm_rms_epsilon") == pytest.approx(c["rms_norm_eps"])
    assert field(reader, f"{arch}.rope.freq_base") == c["rope_parameters"]["full_attention"]["rope_theta"]
    assert field(reader, f"{arch}.rope.freq_base_swa") == c["rope_parameters"]["sliding_attention"]["rope_theta"]
    assert field(reader, f"{arch}.pooling_type") == gguf.PoolingType.MEAN
    for n in (2, 3):
        dense = config(f"{n}_Dense/config.json")
        assert field(reader, f"{arch}.dense_{n}_feat_in") == dense["in_features"]
        assert field(reader, f"{arch}.dense_{n}_feat_out") == dense["out_features"]


def test_vocabulary_is_the_sentencepiece_model_s(reader):
    tokenizer = json.loads((MODEL_DIR / "tokenizer.json").read_text(encoding="utf-8"))
    vocab = sorted(tokenizer["model"]["vocab"].items(), key=lambda kv: kv[1])
    assert field(reader, "tokenizer.ggml.model") == "llama"
    assert field(reader, "tokenizer.ggml.tokens") == [t for t, _ in vocab]
    special = {t["id"] for t in tokenizer["added_tokens"] if t["special"]}
    types = field(reader, "tokenizer.ggml.token_type")
    assert {i for i, t in enumerate(types) if t in (gguf.TokenType.CONTROL, gguf.TokenType.UNKNOWN)} == special
    assert [i for i, t in enumerate(types) if t == gguf.TokenType.BYTE] == [
        i for t, i in vocab if len(t) == 6 and t.startswith("<0x")]
    ids = dict(vocab)
    tc = config("tokenizer_config.json")
    for key, name in [("bos", "bos_token"), ("eos", "eos_token"), ("unknown", "unk_token"),
                      ("padding", "pad_token")]:
        assert field(reader, f"tokenizer.ggml.{key}_token_id") == ids[tc[name]], key
    assert field(reader, "tokenizer.ggml.add_bos_token") is True
    assert field(reader, "tokenizer.ggml.add_eos_token") is True
    assert field(reader, "tokenizer.ggml.add_space_prefix") is False


def test_every_tensor_has_llama_cpp_s_name_and_the_checkpoint_s_values(reader):
    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.GEMMA_EMBEDDING, config()["num_hidden_layers"])
    checkpoint = dict(safetensors_numpy.load_file(str(MODEL_DIR / "model.safetensors")))
    for n in (2, 3):  # convert_hf_to_gguf.py renames Dense's "linear" to "dense_N" and maps that
        dense = safetensors_numpy.load_file(str(MODEL_DIR / f"{n}_Dense" / "model.safetensors"))
        checkpoint[f"dense_{n}.weight"] = dense["linear.weight"]
    expected = {}
    for hf_name, array in checkpoint.items():
        gguf_name = names.get_name(hf_name, try_suffixes=(".weight",))
        assert gguf_name, f"gguf-py has no name for {hf_name}"
        want = array + 1 if hf_name.endswith("norm.weight") else array  # Gemma3RMSNorm: x * (1 + w)
        if (gguf_name.startswith("blk.") and array.ndim == 2) or gguf_name == "token_embd.weight":
            want = want.astype(numpy.float16)
        expected[gguf_name] = want
    assert_tensors(reader, expected)


def all_sentences() -> list[str]:
    return (FIXTURES / "sentences.txt").read_text(encoding="utf-8").splitlines()


def test_token_ids_equal_hugging_face_s(predictors, reference):
    assert predictors["token_ids"](texts=reference["sentences"]) == reference["token_ids"]
    hf = tokenizers.Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
    texts = all_sentences()  # beyond the tokenizer's training text: byte fallback for other scripts
    got = predictors["token_ids"](texts=texts)
    want = [e.ids for e in hf.encode_batch(texts)]
    mismatched = [(t, g, w) for t, g, w in zip(texts, got, want) if g != w]
    assert not mismatched, f"{len(mismatched)} of {len(texts)} differ; first: {mismatched[0]}"


def test_embeddings_match_sentence_transformers(predictors, reference):
    got = numpy.asarray(predictors["encode"](texts=reference["sentences"]), dtype=numpy.float64)
    want = numpy.asarray(reference["embeddings"], dtype=numpy.float64)
    assert got.shape == want.shape
    cosine = (got * want).sum(axis=1) / (numpy.linalg.norm(got, axis=1) * numpy.linalg.norm(want, axis=1))
    worst = int(numpy.argmin(cosine))
    assert cosine.min() >= 0.999, f"cosine {cosine[worst]:.6f} for {reference['sentences'][worst]!r}"
    numpy.testing.assert_allclose(numpy.linalg.norm(got, axis=1), 1.0, rtol=1e-5)  # the Normalize module


@pytest.mark.parametrize("change, message", [
    ({"use_bidirectional_attention": False}, "a causal Gemma3 model is not an embedding model"),
    ({"query_pre_attn_scalar": 256}, "query_pre_attn_scalar differs from head_dim"),
])
def test_a_gemma_llama_cpp_cannot_run_is_a_diagnostic(tmp_path, compile_model_source, change, message):
    model = tmp_path / "model"
    shutil.copytree(MODEL_DIR, model)
    (model / "config.json").write_text(json.dumps(config() | change))
    source = tmp_path / "bad.py"
    source.write_text(SOURCE.replace(repr(str(MODEL_DIR)), repr(str(model))))
    run = compile_model_source(source, "encode", tmp_path / "out", tmp_path / "cache")
    assert run.returncode == 1
    assert message in run.stderr
