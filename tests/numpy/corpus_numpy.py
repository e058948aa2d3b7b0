"""numpy-using functions, compiled by Kiln and run by CPython with numpy (the oracle) on the same
inputs. CASES maps each function to its inputs (keyword arguments; lists become arrays where the
parameter is an ndarray, in the dtype ARRAY_DTYPES gives, float64 by default)."""

import numpy as np
import numpy.typing as npt


# ---- creation ----
def make_zeros(n: int) -> np.ndarray:
    return np.zeros((n, 3), dtype=np.float32)


def make_ones_int(n: int) -> np.ndarray:
    return np.ones(n, dtype=np.int64)


def make_full(n: int, v: float) -> np.ndarray:
    return np.full((2, n), v)


def make_arange(n: int) -> np.ndarray:
    return np.arange(n)


def make_arange_step(start: float, stop: float, step: float) -> np.ndarray:
    return np.arange(start, stop, step)


def make_linspace(a: float, b: float, n: int) -> np.ndarray:
    return np.linspace(a, b, n)


def make_eye(n: int) -> np.ndarray:
    return np.eye(n)


def from_lists(rows: list[list[float]]) -> np.ndarray:
    return np.array(rows, dtype=np.float32)


def from_ints(xs: list[int]) -> np.ndarray:
    return np.asarray(xs)


def like(x: np.ndarray) -> np.ndarray:
    return np.zeros_like(x) + np.ones_like(x) * 2


# ---- elementwise, broadcasting, promotion ----
def add_arrays(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a + b


def scale_shift(a: np.ndarray, s: float, t: int) -> np.ndarray:
    return a * s - t


def int_array_float_scalar(a: npt.NDArray[np.int64]) -> np.ndarray:
    return a / 2 + a // 3 - a % 4


def float32_stays(a: npt.NDArray[np.float32]) -> np.ndarray:
    return (a * 2.5 + 1) / 3


def broadcast_rows(a: np.ndarray, row: np.ndarray) -> np.ndarray:
    return a - row


def outer_broadcast(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.expand_dims(a, 1) * np.expand_dims(b, 0)


def compare(a: np.ndarray, t: float) -> np.ndarray:
    return (a > t) & (a < 2 * t)


def powers(a: np.ndarray) -> np.ndarray:
    return a**2 + 2.0**a


def ufuncs(a: np.ndarray) -> np.ndarray:
    return np.exp(-np.abs(a)) + np.sqrt(np.abs(a)) + np.tanh(a) + np.sign(a) + np.floor(a) + np.ceil(a)


def logs(a: np.ndarray) -> np.ndarray:
    return np.log(a + 1.0)


def clipping(a: np.ndarray) -> np.ndarray:
    return np.clip(a, -1.0, 1.0)


def maxmin(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.maximum(a, b) - np.minimum(a, 0.5)


def choose(a: np.ndarray) -> np.ndarray:
    return np.where(a > 0, a, a * 0.1)


def nan_checks(a: np.ndarray) -> np.ndarray:
    return np.isnan(np.log(a)) | ~np.isfinite(1.0 / a)


def rounding(a: np.ndarray) -> np.ndarray:
    return np.round(a)


# ---- reductions ----
def total(a: np.ndarray) -> float:
    return float(np.sum(a))


def column_means(a: np.ndarray) -> np.ndarray:
    return a.mean(axis=0)


def row_max_keep(a: np.ndarray) -> np.ndarray:
    return np.max(a, axis=1, keepdims=True)


def arg_extremes(a: np.ndarray) -> list[int]:
    return [int(np.argmax(a)), int(np.argmin(a)), int(a.argmax()), int(a.argmin())]


def row_argmax(a: np.ndarray) -> np.ndarray:
    return np.argmax(a, axis=-1)


def spread(a: np.ndarray) -> list[float]:
    return [float(a.std()), float(np.var(a)), float(a.prod()), float(np.min(a)), float(a.max())]


def int_sums(a: npt.NDArray[np.int64]) -> np.ndarray:
    return a.sum(axis=0)


def bools(a: np.ndarray) -> list[bool]:
    return [bool(np.any(a > 3)), bool(np.all(a > 0)), bool((a > 3).any()), bool((a > -10).all())]


def running(a: np.ndarray) -> np.ndarray:
    return np.cumsum(a, axis=1)


def flat_running(a: np.ndarray) -> np.ndarray:
    return np.cumsum(a)


def sorting(a: np.ndarray) -> np.ndarray:
    return np.sort(a)


def ranks(a: np.ndarray) -> np.ndarray:
    return np.argsort(a, kind="stable")


def empty_max(a: np.ndarray) -> float:
    return float(a.max())


# ---- shape ----
def reshaped(a: np.ndarray) -> np.ndarray:
    return a.reshape(-1, 2)


def reshape_tuple(a: np.ndarray, rows: int) -> np.ndarray:
    return np.reshape(a, (rows, -1))


def transposed(a: np.ndarray) -> np.ndarray:
    return a.T + 0


def flattened(a: np.ndarray) -> np.ndarray:
    return a.T.flatten()


def squeezed(a: np.ndarray) -> list[int]:
    return list(np.squeeze(np.expand_dims(a, 0)).shape)


def joined(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.concatenate([a, b], axis=0)


def stacked(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.stack((a, b), axis=1)


def facts(a: np.ndarray) -> list[int]:
    return list(a.shape) + [a.ndim, a.size, len(a)]


def converted(a: np.ndarray) -> np.ndarray:
    return a.astype(np.int32) * 3


def dtype_name(a: np.ndarray) -> str:
    return str(a.dtype) + " " + str(a.astype(np.float32).dtype)


# ---- indexing ----
def rows_and_items(a: np.ndarray, i: int) -> list[float]:
    return [float(a[i, 0]), float(a[i][1]), float(a[-1, -1])]


def sliced(a: np.ndarray) -> np.ndarray:
    return a[1:] - a[:-1]


def stepped(a: np.ndarray) -> np.ndarray:
    return a[::2] + a[1::2]


def reversed_rows(a: np.ndarray) -> np.ndarray:
    return a[::-1]


def masked_select(a: np.ndarray) -> np.ndarray:
    return a[a > 0.5]


def view_aliases(n: int) -> np.ndarray:
    a = np.zeros(n)
    b = a[1:]
    b[0] = 5.0
    a[2] = 7
    return a


def masked_assign(a: np.ndarray) -> np.ndarray:
    b = a.copy()
    b[b < 0] = 0.0
    return b


def out_of_bounds(a: np.ndarray, i: int) -> float:
    return float(a[i])


# ---- linear algebra ----
def matrix_product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a @ b


def vector_dot(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b))


def matrix_vector(a: np.ndarray, v: np.ndarray) -> np.ndarray:
    return np.matmul(a, v)


def row_norms(a: np.ndarray) -> np.ndarray:
    return np.linalg.norm(a, axis=1, keepdims=True)


def normalize(a: np.ndarray) -> np.ndarray:
    return a / np.linalg.norm(a, axis=1, keepdims=True)


# ---- the post-processing inference code does ----
def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - np.max(logits, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    order = np.argsort(-scores, kind="stable")
    return order[:k]


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    weights = np.expand_dims(mask, -1)
    summed = (hidden * weights).sum(axis=1)
    counts = np.clip(weights.sum(axis=1), 1e-9, 1e9)
    return summed / counts


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def shape_mismatch(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a + b


def bad_reshape(a: np.ndarray) -> np.ndarray:
    return a.reshape(4, 4)


M = [[1.0, -2.0, 3.5], [0.25, 4.0, -1.0]]
V = [0.5, -1.5, 2.0, 3.0, -0.25, 0.0]

CASES = {
    "make_zeros": [{"n": 2}, {"n": 0}],
    "make_ones_int": [{"n": 3}],
    "make_full": [{"n": 3, "v": 1.5}],
    "make_arange": [{"n": 5}, {"n": 0}],
    "make_arange_step": [{"start": 0.5, "stop": 3.0, "step": 0.5}, {"start": 3.0, "stop": 0.0, "step": -0.75}],
    "make_linspace": [{"a": 0.0, "b": 1.0, "n": 5}, {"a": -2.0, "b": 2.0, "n": 1}],
    "make_eye": [{"n": 3}],
    "from_lists": [{"rows": M}],
    "from_ints": [{"xs": [3, -1, 4]}],
    "like": [{"x": M}],
    "add_arrays": [{"a": M, "b": M}],
    "scale_shift": [{"a": V, "s": 2.0, "t": 3}],
    "int_array_float_scalar": [{"a": [7, -3, 10, 0]}],
    "float32_stays": [{"a": [1.0, 2.5, -3.0]}],
    "broadcast_rows": [{"a": M, "row": [1.0, 2.0, 3.0]}],
    "outer_broadcast": [{"a": [1.0, 2.0], "b": [3.0, 4.0, 5.0]}],
    "compare": [{"a": V, "t": 0.25}],
    "powers": [{"a": V}],
    "ufuncs": [{"a": V}],
    "logs": [{"a": [0.0, 1.5, 9.0]}],
    "clipping": [{"a": V}],
    "maxmin": [{"a": V, "b": [1.0, -1.0, 1.0, 1.0, 1.0, -5.0]}],
    "choose": [{"a": V}],
    "nan_checks": [{"a": [1.0, 0.0, -1.0, 2.0]}],
    "rounding": [{"a": [0.5, 1.5, 2.5, -0.5, 1.4]}],
    "total": [{"a": M}],
    "column_means": [{"a": M}],
    "row_max_keep": [{"a": M}],
    "arg_extremes": [{"a": V}],
    "row_argmax": [{"a": M}],
    "spread": [{"a": V[:4]}],
    "int_sums": [{"a": [[1, 2], [3, 4], [5, 6]]}],
    "bools": [{"a": V}],
    "running": [{"a": M}],
    "flat_running": [{"a": M}],
    "sorting": [{"a": V}],
    "ranks": [{"a": [3.0, 1.0, 2.0, 1.0, 3.0]}],
    "empty_max": [{"a": []}],
    "reshaped": [{"a": V}],
    "reshape_tuple": [{"a": V, "rows": 3}],
    "transposed": [{"a": M}],
    "flattened": [{"a": M}],
    "squeezed": [{"a": M}],
    "joined": [{"a": M, "b": M}],
    "stacked": [{"a": V, "b": V}],
    "facts": [{"a": M}],
    "converted": [{"a": V}],
    "dtype_name": [{"a": M}],
    "rows_and_items": [{"a": M, "i": 1}, {"a": M, "i": -2}],
    "sliced": [{"a": V}],
    "stepped": [{"a": V}],
    "reversed_rows": [{"a": M}],
    "masked_select": [{"a": V}],
    "view_aliases": [{"n": 5}],
    "masked_assign": [{"a": V}],
    "out_of_bounds": [{"a": V, "i": 6}, {"a": V, "i": -7}],
    "matrix_product": [{"a": M, "b": [[1.0, 0.0], [0.0, 1.0], [2.0, -1.0]]}],
    "vector_dot": [{"a": V, "b": V}],
    "matrix_vector": [{"a": M, "v": [1.0, 2.0, 3.0]}],
    "row_norms": [{"a": M}],
    "normalize": [{"a": M}],
    "softmax": [{"logits": M}, {"logits": [1000.0, 1001.0, 999.0]}],
    "top_k": [{"scores": [0.1, 0.9, 0.3, 0.9, 0.5], "k": 3}],
    "mean_pool": [{"hidden": [[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [[1.0, 1.0], [2.0, 2.0], [9.0, 9.0]]],
                   "mask": [[1.0, 1.0, 0.0], [1.0, 0.0, 0.0]]}],
    "cosine": [{"a": [1.0, 2.0, 3.0], "b": [3.0, 2.0, 1.0]}],
    "shape_mismatch": [{"a": M, "b": V}],
    "bad_reshape": [{"a": V}],
}

# Parameters whose arrays are not float64.
ARRAY_DTYPES = {"int_array_float_scalar": "int64", "float32_stays": "float32", "int_sums": "int64"}
