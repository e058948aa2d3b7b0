"""Kiln's Python client: load a compiled function (`kiln.load`) or use the OpenAI-style `kiln.Kiln`."""

from kiln.client import CreateEmbeddingResponse, Embedding, Kiln, Prediction, Usage, models_dir
from kiln.errors import KilnError
from kiln.predictor import Predictor, load

__all__ = ["load", "Predictor", "Kiln", "KilnError", "CreateEmbeddingResponse", "Embedding", "Usage", "Prediction",
           "models_dir"]
