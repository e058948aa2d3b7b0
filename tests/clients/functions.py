"""Functions the client tests compile; CPython runs the same ones as the oracle."""

import math

import numpy as np
import numpy.typing as npt

SCALE = {"query": 1.0, "document": 2.0}


# ---- scalars: int, float, bool, str, bytes, None -------------------------------------------------
def add_one(x: int) -> int:
    return x + 1


def describe(n: int, x: float, flag: bool, s: str) -> str:
    return f"{n}|{x}|{flag}|{s}|{len(s)}"


def half(x: float) -> float:
    return x / 2


def negate(b: bool) -> bool:
    return not b


def echo_bytes(data: bytes) -> bytes:
    return data


def greet(name: str | None = None) -> str:
    if name is None:
        return "hello, nobody"
    return "hello, " + name


def scaled(a: int, *, factor: int = 10) -> int:
    return a * factor


def nothing(x: int) -> None:
    return None


def parse_int(text: str) -> int:
    return int(text)


def divide(a: int, b: int) -> float:
    return a / b


def require_positive(x: int) -> int:
    if x <= 0:
        raise ValueError(f"x must be positive, got {x}")
    return x


# ---- containers ----------------------------------------------------------------------------------
def summarize(name: str, scores: list[float], tags: dict[str, int], flag: bool = False) -> dict[str, float]:
    out = {"total": sum(scores), "tags": float(len(tags))}
    for tag, n in tags.items():
        out[f"{name}:{tag}"] = n * (2.0 if flag else 1.0)
    return out


def pairs(words: list[str]) -> list[tuple[str, int]]:
    return [(w, len(w)) for w in words]


def lookup(d: dict[str, int], key: str) -> int:
    return d[key]


# ---- embedding-like: list[str] -> list[list[float]] and str -> list[float] ------------------------
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


def length_embedding(text: str) -> list[float]:
    """One text, one vector: its length, word count and vowel count."""
    vowels = 0
    for c in text:
        if c in "aeiou":
            vowels += 1
    return [float(len(text)), float(len(text.split())), float(vowels)]


# ---- numpy arrays (tensors across the ABI) -------------------------------------------------------
def array_facts(x: npt.NDArray[np.float32]) -> list[int]:
    return list(x.shape) + [x.ndim, x.size, len(x)]


def same_array(x: np.ndarray) -> np.ndarray:
    return x


def scale_in_place(x: npt.NDArray[np.float32], k: float) -> npt.NDArray[np.float32]:
    x *= k  # writes into the caller's array, as any Python function given it would
    return x[1:]
