"""The OpenAI-style client: `Kiln(models_dir=...).embeddings.create(model=..., input=...)` returns the
same fields and nesting as OpenAI's CreateEmbeddingResponse, computed by a local Kiln artifact.

A model name is an artifact directory inside the models directory, which is the `models_dir`
argument, else the KILN_MODELS environment variable, else ~/.kiln/models.
"""

from __future__ import annotations

import base64
import math
import os
import struct
from dataclasses import asdict, dataclass, field
from typing import Any, Optional, Union

from kiln.errors import KilnError, make_error
from kiln.predictor import Predictor

DEFAULT_MODELS_DIR = os.path.join("~", ".kiln", "models")


def models_dir(explicit: Optional[str] = None) -> str:
    return os.path.expanduser(explicit or os.environ.get("KILN_MODELS") or DEFAULT_MODELS_DIR)


class _Response:
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]

    def model_dump(self) -> dict[str, Any]:
        return self.to_dict()


@dataclass
class Embedding(_Response):
    embedding: Union[list[float], str]
    index: int
    object: str = "embedding"


@dataclass
class Usage(_Response):
    prompt_tokens: int = 0
    total_tokens: int = 0


@dataclass
class CreateEmbeddingResponse(_Response):
    data: list[Embedding]
    model: str
    usage: Usage = field(default_factory=Usage)
    object: str = "list"


@dataclass
class Prediction(_Response):
    output: Any
    model: str
    object: str = "prediction"


class _Models:
    def __init__(self, directory: Optional[str]):
        self._directory = directory
        self._loaded: dict[str, Predictor] = {}

    def get(self, name: str) -> Predictor:
        if name not in self._loaded:
            if not name or os.sep in name or name in (".", ".."):
                raise make_error("ValueError", f"invalid model name {name!r}")
            self._loaded[name] = Predictor(os.path.join(models_dir(self._directory), name))
        return self._loaded[name]


def _text_parameter(predictor: Predictor) -> tuple[str, bool]:
    """The parameter that receives `input`: the first list[str] or str one (and whether it is a list)."""
    for p in predictor.signature["params"]:
        if p["type"] in ("list[str]", "str"):
            return p["name"], p["type"] == "list[str]"
    raise make_error("TypeError", f"model {predictor.name!r} takes no str or list[str] parameter for `input`")


def _rows(output: Any) -> list[list[float]]:
    rows = output.tolist() if hasattr(output, "tolist") else output
    if isinstance(rows, list) and rows and not isinstance(rows[0], list):
        rows = [rows]  # one text, one vector
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise make_error("TypeError", "the model did not return one vector per input")
    return [[float(x) for x in r] for r in rows]


def _shorten(vector: list[float], dimensions: Optional[int]) -> list[float]:
    """OpenAI's `dimensions`: the first N values, scaled back to unit length."""
    if dimensions is None:
        return vector
    if dimensions <= 0 or dimensions > len(vector):
        raise make_error("ValueError", f"dimensions must be between 1 and {len(vector)}, not {dimensions}")
    head = vector[:dimensions]
    norm = math.sqrt(sum(x * x for x in head))
    return [x / norm for x in head] if norm else head


class Embeddings:
    def __init__(self, models: _Models):
        self._models = models

    def create(self, *, model: str, input: Union[str, list[str]], encoding_format: str = "float",
               dimensions: Optional[int] = None, **unused: Any) -> CreateEmbeddingResponse:
        if encoding_format not in ("float", "base64"):
            raise make_error("ValueError", f"encoding_format must be 'float' or 'base64', not {encoding_format!r}")
        texts = [input] if isinstance(input, str) else list(input)
        if not all(isinstance(t, str) for t in texts):
            raise make_error("TypeError", "input must be a str or a list of str")
        predictor = self._models.get(model)
        name, takes_list = _text_parameter(predictor)
        tokens = 0
        if takes_list:
            vectors = _rows(predictor(**{name: texts}))
            tokens = predictor.last_run["tokens"]
        else:
            vectors = []
            for t in texts:
                vectors.append(_rows(predictor(**{name: t}))[0])
                tokens += predictor.last_run["tokens"]
        data = []
        for i, vector in enumerate(vectors):
            vector = _shorten(vector, dimensions)
            value: Union[list[float], str] = vector
            if encoding_format == "base64":  # little-endian float32, as OpenAI encodes
                value = base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()
            data.append(Embedding(embedding=value, index=i))
        # Tokens are what the artifact's model ops report (0 for a function without a model).
        return CreateEmbeddingResponse(data=data, model=model, usage=Usage(prompt_tokens=tokens, total_tokens=tokens))


class Predictions:
    def __init__(self, models: _Models):
        self._models = models

    def create(self, *, model: str, inputs: dict[str, Any]) -> Prediction:
        return Prediction(output=self._models.get(model)(**inputs), model=model)


class Kiln:
    """client = Kiln(models_dir=...); client.embeddings.create(model="embed", input=["..."])."""

    def __init__(self, models_dir: Optional[str] = None):
        self._models = _Models(models_dir)
        self.embeddings = Embeddings(self._models)
        self.predictions = Predictions(self._models)


__all__ = ["Kiln", "CreateEmbeddingResponse", "Embedding", "Usage", "Prediction", "KilnError", "models_dir"]
