"""The OpenAI-style client. `Kiln().embeddings.create(model=..., input=...)` returns the fields and
nesting of OpenAI's CreateEmbeddingResponse, computed by a local Kiln artifact.

A model NAME is the artifact directory `<models dir>/NAME`. The models directory is the `models_dir`
argument, else the KILN_MODELS environment variable, else ~/.kiln/models.
"""

from __future__ import annotations

import base64
import json
import math
import os
import struct
import threading
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Optional, Union

from kiln.errors import make_error
from kiln.predictor import Predictor, Run

DEFAULT_MODELS_DIR = os.path.join("~", ".kiln", "models")


def models_dir(explicit: Optional[Union[str, "os.PathLike[str]"]] = None) -> str:
    """The models directory: `explicit`, else $KILN_MODELS, else ~/.kiln/models."""
    chosen = os.fspath(explicit) if explicit is not None else os.environ.get("KILN_MODELS") or DEFAULT_MODELS_DIR
    return os.path.expanduser(chosen)


class _Response:
    """What OpenAI's response objects offer for turning into plain data."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload, no-any-return]

    def model_dump(self) -> dict[str, Any]:
        return self.to_dict()

    def to_json(self, indent: Optional[int] = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)


# Fields in OpenAI's order, all with defaults so that order can be kept.
@dataclass
class Usage(_Response):
    prompt_tokens: int = 0
    total_tokens: int = 0


@dataclass
class Embedding(_Response):
    object: Literal["embedding"] = "embedding"
    index: int = 0
    embedding: Union[list[float], str] = field(default_factory=list)  # str: encoding_format="base64"


@dataclass
class CreateEmbeddingResponse(_Response):
    object: Literal["list"] = "list"
    data: list[Embedding] = field(default_factory=list)
    model: str = ""
    usage: Usage = field(default_factory=Usage)


@dataclass
class Prediction(_Response):
    object: Literal["prediction"] = "prediction"
    model: str = ""
    output: Any = None
    usage: Usage = field(default_factory=Usage)


def _usage(tokens: int) -> Usage:
    return Usage(prompt_tokens=tokens, total_tokens=tokens)


class _Models:
    """Artifacts by model name, each loaded once and shared by every call."""

    def __init__(self, directory: Optional[Union[str, "os.PathLike[str]"]]):
        self.directory = models_dir(directory)
        self._loaded: dict[str, Predictor] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> Predictor:
        if not isinstance(name, str) or name in ("", ".", "..") or "/" in name or (os.altsep and os.altsep in name):
            raise make_error("ValueError", f"invalid model name {name!r} (a directory name in {self.directory})")
        with self._lock:
            if name not in self._loaded:
                self._loaded[name] = Predictor(os.path.join(self.directory, name))
            return self._loaded[name]

    def close(self) -> None:
        with self._lock:
            loaded, self._loaded = self._loaded, {}
        for predictor in loaded.values():
            predictor.close()


def _text_parameter(predictor: Predictor) -> tuple[str, bool]:
    """The parameter that receives `input`: the first list[str] or str one (and whether it is a list)."""
    for p in predictor.signature["params"]:
        if p["type"] in ("list[str]", "str"):
            return p["name"], p["type"] == "list[str]"
    raise make_error("TypeError", f"model {predictor.name!r} has no str or list[str] parameter to take `input`")


def _vectors(output: Any, count: int) -> list[list[float]]:
    """The model's output as `count` vectors: it returns list[list[float]] (or a 2-D tensor) for a list
    of texts, list[float] (or a 1-D tensor) for one text."""
    rows = output.tolist() if hasattr(output, "tolist") else output
    if isinstance(rows, list) and rows and not isinstance(rows[0], list):
        rows = [rows]
    if not isinstance(rows, list) or len(rows) != count or not all(isinstance(r, list) for r in rows):
        raise make_error("TypeError", f"the model returned {type(output).__name__}, not one vector per input")
    return [[float(x) for x in row] for row in rows]


def _texts(input: Union[str, Sequence[str]]) -> list[str]:
    texts = [input] if isinstance(input, str) else list(input) if isinstance(input, Sequence) else None
    if texts is None or not all(isinstance(t, str) for t in texts):
        raise make_error("TypeError", "input must be a str or a list of str")
    if not texts:
        raise make_error("ValueError", "input must not be empty")  # as OpenAI answers
    return texts


def _shorten(vector: list[float], dimensions: Optional[int]) -> list[float]:
    """OpenAI's `dimensions`: the first N values, scaled back to unit (L2) length."""
    if dimensions is None:
        return vector
    if isinstance(dimensions, bool) or not isinstance(dimensions, int) or not 1 <= dimensions <= len(vector):
        raise make_error("ValueError", f"dimensions must be an int from 1 to {len(vector)}, not {dimensions!r}")
    head = vector[:dimensions]
    norm = math.sqrt(math.fsum(x * x for x in head))
    return [x / norm for x in head] if norm else head


def _encode(vector: list[float], encoding_format: str) -> Union[list[float], str]:
    if encoding_format == "base64":  # little-endian float32 bytes, as OpenAI sends them
        return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode("ascii")
    return vector


class Embeddings:
    def __init__(self, models: _Models):
        self._models = models

    def create(self, *, model: str, input: Union[str, Sequence[str]],
               encoding_format: Literal["float", "base64"] = "float", dimensions: Optional[int] = None,
               user: Optional[str] = None) -> CreateEmbeddingResponse:
        """Embeds `input` with artifact `model`. `dimensions` keeps the first N values and L2-normalises
        them again, as OpenAI does; `user` is accepted for compatibility and unused. usage counts the
        tokens the artifact's model ops report (0 for a function without a model)."""
        if encoding_format not in ("float", "base64"):
            raise make_error("ValueError", f"encoding_format must be 'float' or 'base64', not {encoding_format!r}")
        texts = _texts(input)
        predictor = self._models.get(model)
        parameter, takes_list = _text_parameter(predictor)
        runs = [predictor.run({parameter: texts})] if takes_list else [predictor.run({parameter: t}) for t in texts]
        vectors = [v for run in runs for v in _vectors(run.output, len(texts) if takes_list else 1)]
        data = [Embedding(index=i, embedding=_encode(_shorten(v, dimensions), encoding_format))
                for i, v in enumerate(vectors)]
        return CreateEmbeddingResponse(data=data, model=model, usage=_usage(sum(run.tokens for run in runs)))


class Predictions:
    def __init__(self, models: _Models):
        self._models = models

    def create(self, *, model: str, inputs: Mapping[str, Any]) -> Prediction:
        """Calls artifact `model` with `inputs` (parameter name → argument)."""
        run: Run = self._models.get(model).run(inputs)
        return Prediction(model=model, output=run.output, usage=_usage(run.tokens))


class Kiln:
    """The OpenAI-style client over the artifacts in a models directory:

        with Kiln() as client:
            client.embeddings.create(model="embed", input=["a text"])
    """

    def __init__(self, models_dir: Optional[Union[str, "os.PathLike[str]"]] = None):
        self._models = _Models(models_dir)
        self.models_dir = self._models.directory
        self.embeddings = Embeddings(self._models)
        self.predictions = Predictions(self._models)

    def close(self) -> None:
        """Releases every artifact loaded so far."""
        self._models.close()

    def __enter__(self) -> "Kiln":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
