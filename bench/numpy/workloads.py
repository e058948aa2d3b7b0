"""numpy workloads of inference glue, as plain Python that CPython runs as is: softmax and top-k over
logits, non-maximum suppression, masked mean pooling, a matrix product and whole-array reductions.
bench/numpy/run.py builds their inputs (make_inputs) and times them compiled and in CPython."""

import numpy as np
import numpy.typing as npt


def softmax_topk(logits: npt.NDArray[np.float32], k: int) -> np.ndarray:
    e = np.exp(logits - logits.max())
    probs = e / e.sum()
    return np.argsort(-probs)[:k]


def nms(x1: npt.NDArray[np.float32], y1: npt.NDArray[np.float32], x2: npt.NDArray[np.float32],
        y2: npt.NDArray[np.float32], scores: npt.NDArray[np.float32], threshold: float) -> list[int]:
    areas = (x2 - x1) * (y2 - y1)
    order = np.argsort(scores)
    alive = np.ones(len(scores), dtype=np.bool_)
    keep: list[int] = []
    for r in range(len(scores) - 1, -1, -1):
        i = int(order[r])
        if not bool(alive[i]):
            continue
        keep.append(i)
        w = np.maximum(np.minimum(x2, x2[i]) - np.maximum(x1, x1[i]), 0.0)
        h = np.maximum(np.minimum(y2, y2[i]) - np.maximum(y1, y1[i]), 0.0)
        inter = w * h
        alive = alive & (inter / (areas + areas[i] - inter) <= threshold)
    return keep


def mean_pool(hidden: npt.NDArray[np.float32], mask: npt.NDArray[np.float32]) -> np.ndarray:
    m = np.expand_dims(mask, 2)
    return (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)


def matmul(a: npt.NDArray[np.float32], b: npt.NDArray[np.float32]) -> np.ndarray:
    return a @ b


def reductions(x: npt.NDArray[np.float32]) -> list[float]:
    return [float(x.sum()), float(x.mean()), float(x.max())]


def crossing(x: np.ndarray) -> int:
    """Computes nothing: run.py times it on each workload's arrays to show what part of a compiled call
    is crossing the C ABI (copying the arrays in)."""
    return len(x)


# The size of each workload's arrays: small ones are dominated by per-operation overhead, large ones
# by memory bandwidth and arithmetic.
SIZES = {"softmax_topk": "small", "nms": "small", "mean_pool": "large", "matmul": "large", "reductions": "large"}


def make_inputs() -> dict[str, dict]:
    """Deterministic inputs: 1,000 logits, 1,000 boxes, a (32, 128, 384) batch of token vectors with
    its mask, 1024x1024 matrices, 10^7 values."""
    rng = np.random.default_rng(7)
    n = 1000
    x, y = rng.uniform(0, 1000, n).astype(np.float32), rng.uniform(0, 1000, n).astype(np.float32)
    w, h = rng.uniform(10, 120, n).astype(np.float32), rng.uniform(10, 120, n).astype(np.float32)
    lengths = rng.integers(8, 129, 32)
    mask = (np.arange(128)[None, :] < lengths[:, None]).astype(np.float32)
    return {
        "softmax_topk": {"logits": rng.standard_normal(1000).astype(np.float32), "k": 5},
        "nms": {"x1": x, "y1": y, "x2": x + w, "y2": y + h, "scores": rng.random(n).astype(np.float32),
                "threshold": 0.3},
        "mean_pool": {"hidden": rng.standard_normal((32, 128, 384)).astype(np.float32), "mask": mask},
        "matmul": {"a": rng.standard_normal((1024, 1024)).astype(np.float32),
                   "b": rng.standard_normal((1024, 1024)).astype(np.float32)},
        "reductions": {"x": rng.random(10_000_000).astype(np.float32)},
    }
