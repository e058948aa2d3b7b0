"""The reference embedding function: text in, one L2-normalised vector per text out.

Plain, type-annotated Python: it runs in CPython with sentence-transformers, and it is the function
Kiln is built to compile into a native library.
"""

from numpy import ndarray
from sentence_transformers import SentenceTransformer

MODEL = SentenceTransformer("all-MiniLM-L6-v2")

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
