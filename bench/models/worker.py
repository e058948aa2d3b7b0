"""One side of bench/models/run.py, in its own process: embeds sentences with Kiln's artifact (through
the Python client) or with sentence-transformers on PyTorch, and prints JSON figures on stdout: the
sentences/s of every timed pass at each batch size, and the peak RSS.

    worker.py kiln ARTIFACT_DIR --threads N --repeats R
    worker.py st MODEL_DIR --threads N --repeats R   (the example's prompts: its default task's prefix + each text)
"""

from __future__ import annotations

import argparse
import ast
import json
import resource
import sys
import time
from pathlib import Path

BATCHES = (1, 32, 256)


def sentences(n: int) -> list[str]:
    words = ("the model reads a short sentence about cats dogs markets weather travel food music science "
             "history code data and people").split()
    return [" ".join(words[(i * 7 + k * 3) % len(words)] for k in range(8 + i % 17)) + "." for i in range(n)]


def load(engine: str, path: str, threads: int):
    if engine == "kiln":
        sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "clients" / "python"))
        import kiln

        predictor = kiln.load(path)
        return lambda texts: predictor(text=texts)
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(threads)
    model = SentenceTransformer(path, device="cpu")
    prefix = query_prefix()  # the same texts as the compiled embed(texts) encodes
    return lambda texts: model.encode([prefix + t for t in texts], batch_size=len(texts),
                                      normalize_embeddings=True)


def query_prefix() -> str:
    """The prompt examples/embedding/embed.py prepends for its default task, read from its source (the
    peer's Python need not have the example's model package)."""
    source = (Path(__file__).resolve().parents[2] / "examples" / "embedding" / "embed.py").read_text()
    module = ast.parse(source)
    for node in module.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "TASK_PREFIX_MAP":
            return ast.literal_eval(node.value)["query"]
    raise LookupError("embed.py has no TASK_PREFIX_MAP")


def throughput(embed, batch: int, repeats: int) -> list[float]:
    """Sentences per second of each of `repeats` passes embedding 256 sentences in batches of `batch`."""
    texts = sentences(256)
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        for i in range(0, len(texts), batch):
            embed(texts[i:i + batch])
        rates.append(len(texts) / (time.perf_counter() - start))
    return rates


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("engine", choices=["kiln", "st"])
    parser.add_argument("path")
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    embed = load(args.engine, args.path, args.threads)
    embed(sentences(4))  # warm-up: first-call allocations are not throughput
    figures = {f"batch_{b}": throughput(embed, b, args.repeats) for b in BATCHES}
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
