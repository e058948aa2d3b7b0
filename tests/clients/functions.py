"""Functions the client tests compile; CPython runs the same ones as the oracle."""

import math

SCALE = {"query": 1.0, "document": 2.0}


def add_one(x: int) -> int:
    return x + 1


def summarize(name: str, scores: list[float], tags: dict[str, int], flag: bool = False) -> dict[str, float]:
    out = {"total": sum(scores), "tags": float(len(tags))}
    for tag, n in tags.items():
        out[f"{name}:{tag}"] = n * (2.0 if flag else 1.0)
    return out


def pairs(words: list[str]) -> list[tuple[str, int]]:
    return [(w, len(w)) for w in words]


def lookup(d: dict[str, int], key: str) -> int:
    return d[key]


def letter_embedding(text: list[str], task: str = "query") -> list[list[float]]:
    """A small deterministic embedding: letter counts, scaled per task and L2-normalised."""
    rows = []
    for t in text:
        v = [0.0] * 8
        for c in t.lower():
            if "a" <= c <= "z":
                v[(ord(c) - ord("a")) % 8] += SCALE[task]
        norm = math.sqrt(sum(x * x for x in v))
        rows.append([x / norm for x in v] if norm > 0 else v)
    return rows
