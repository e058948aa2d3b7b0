"""Kiln's Python client: load a compiled function (`kiln.load`) or use the OpenAI-style `kiln.Kiln`."""

from kiln.client import CreateEmbeddingResponse, Embedding, Kiln, Prediction, Usage, models_dir
from kiln.errors import KilnError, error_class
from kiln.predictor import Parameter, Predictor, Run, Signature, load

__version__ = "0.1.0"
__all__ = ["load", "Predictor", "Run", "Signature", "Parameter", "Kiln", "KilnError", "error_class",
           "CreateEmbeddingResponse", "Embedding", "Usage", "Prediction", "models_dir"]
