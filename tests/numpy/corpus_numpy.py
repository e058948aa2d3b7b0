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


# ---- multi-axis indexing: slices, None, ..., integer and boolean arrays ----
G = [[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0], [8.0, 9.0, 10.0, 11.0]]
CUBE = [[[float(i * 12 + j * 4 + k) for k in range(4)] for j in range(3)] for i in range(2)]


def column(a: np.ndarray, j: int) -> np.ndarray:
    return a[:, j]


def column_view_aliases(a: np.ndarray) -> np.ndarray:
    c = a[:, 1]
    a[0, 1] = 100.0
    return c


def block(a: np.ndarray) -> np.ndarray:
    return a[1:, 1:3]


def strided_block(a: np.ndarray) -> np.ndarray:
    return a[::2, ::-2]


def new_axes(a: np.ndarray) -> list[list[int]]:
    return [list(a[None].shape), list(a[:, None].shape), list(a[:, np.newaxis, :].shape)]


def ellipsis_last(a: np.ndarray) -> np.ndarray:
    return a[..., 0]


def ellipsis_middle(a: np.ndarray) -> np.ndarray:
    return a[0, ..., 1]


def ellipsis_none(a: np.ndarray) -> list[int]:
    return list(a[..., None].shape)


def three_ints(a: np.ndarray) -> float:
    return float(a[1, 2, 3])


def take_rows(a: np.ndarray, idx: np.ndarray) -> np.ndarray:
    return a[idx]


def take_list(a: np.ndarray) -> np.ndarray:
    return a[[2, 0, 0]]


def pick_points(a: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    return a[rows, cols]


def rows_then_slice(a: np.ndarray, idx: np.ndarray) -> np.ndarray:
    return a[idx, 1:]


def slice_then_rows(a: np.ndarray, idx: np.ndarray) -> np.ndarray:
    return a[:, idx]


def int_and_array(a: np.ndarray, idx: np.ndarray) -> np.ndarray:
    return a[1, idx]


def separated_advanced(a: np.ndarray, idx: np.ndarray) -> list[int]:
    return list(a[0, :, idx].shape)


def broadcast_indices(a: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    return a[rows[:, None], cols]


def mask_rows(a: np.ndarray) -> np.ndarray:
    return a[a[:, 0] > 2.0]


def mask_2d(a: np.ndarray) -> np.ndarray:
    return a[a % 2.0 == 1.0]


def mask_list(a: np.ndarray) -> np.ndarray:
    return a[[True, False, True]]


def negative_array_index(a: np.ndarray, idx: np.ndarray) -> np.ndarray:
    return a[idx]


def index_copy_is_independent(a: np.ndarray, idx: np.ndarray) -> np.ndarray:
    b = a[idx]
    a[0] = -1.0
    return b


def scalar_is_a_copy(a: np.ndarray) -> float:
    x = a[0, 0]
    a[0, 0] = 50.0
    return float(x)


# ---- assignment through every kind of index ----
def set_column(a: np.ndarray) -> np.ndarray:
    a[:, 0] = -1.0
    return a


def set_block_from_array(a: np.ndarray) -> np.ndarray:
    a[1:, :2] = np.array([[7.0, 8.0], [9.0, 10.0]])
    return a


def set_broadcast_row(a: np.ndarray) -> np.ndarray:
    a[...] = np.array([1.0, 2.0, 3.0, 4.0])
    return a


def set_rows_by_index(a: np.ndarray, idx: np.ndarray) -> np.ndarray:
    a[idx] = 0.0
    return a


def set_points(a: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    a[rows, cols] = np.array([1.5, 2.5])
    return a


def set_mask_2d(a: np.ndarray) -> np.ndarray:
    a[a > 5.0] = 5.0
    return a


def set_through_view(a: np.ndarray) -> np.ndarray:
    v = a[1:, ::2]
    v[0, :] = 42.0
    return a


def set_int_into_float(a: np.ndarray) -> np.ndarray:
    a[0, 1:3] = 9
    return a


def set_float_into_int(a: np.ndarray) -> np.ndarray:
    a[1] = 2.75
    return a


def set_bad_shape(a: np.ndarray) -> np.ndarray:
    a[0:2] = np.array([1.0, 2.0, 3.0])
    return a


def set_bad_advanced_shape(a: np.ndarray, idx: np.ndarray) -> np.ndarray:
    a[idx] = np.array([1.0, 2.0, 3.0])
    return a


# ---- in-place operators write the buffer ----
def add_in_place(a: np.ndarray) -> np.ndarray:
    view = a[0]
    a += 1.0
    return view


def scale_rows_in_place(a: np.ndarray) -> np.ndarray:
    a *= np.array([[2.0], [3.0], [4.0]])
    return a


def slice_in_place(a: np.ndarray) -> np.ndarray:
    a[1:3] -= 10.0
    return a


def column_in_place(a: np.ndarray) -> np.ndarray:
    a[:, 2] /= 2.0
    return a


def int_in_place(a: np.ndarray) -> np.ndarray:
    a += 3
    a //= 2
    return a


def int_in_place_float_fails(a: np.ndarray) -> np.ndarray:
    a += 0.5
    return a


def in_place_shape_fails(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a += b
    return a


# ---- tolist, iteration, split, unique, argpartition ----
def to_list_1d(a: np.ndarray) -> list[float]:
    return a.tolist()


def to_list_2d(a: np.ndarray) -> list[list[float]]:
    rows: list[list[float]] = a.tolist()
    return rows


def to_list_ints(a: np.ndarray) -> list[int]:
    return (a * 2).tolist()


def iterate_rows(a: np.ndarray) -> list[float]:
    out = []
    for row in a:
        out.append(float(row.max()))
    return out


def iterate_values(a: np.ndarray) -> float:
    total = 0.0
    for x in a:
        total += float(x) * 2.0
    return total


def comprehension_over_rows(a: np.ndarray) -> list[float]:
    return [float(np.linalg.norm(r)) for r in a]


def split_equal(a: np.ndarray) -> list[list[int]]:
    return [list(p.shape) for p in np.split(a, 2, axis=1)]


def split_at(a: np.ndarray) -> np.ndarray:
    parts = np.split(a, [1, 3])
    return parts[1] + parts[2].sum()


def split_uneven(a: np.ndarray) -> int:
    return len(np.split(a, 4))


def uniques(a: np.ndarray) -> np.ndarray:
    return np.unique(a)


def unique_ints(a: np.ndarray) -> np.ndarray:
    return np.unique(a)


def top_k_partition(scores: np.ndarray, k: int) -> np.ndarray:
    idx = np.argpartition(-scores, k)[:k]
    return np.sort(idx)


def partition_rows(a: np.ndarray) -> np.ndarray:
    part = np.argpartition(-a, 1, axis=1)
    return np.sort(a[0, part[0, :2]])


# ---- errors ----
def too_many_indices(a: np.ndarray) -> np.ndarray:
    return a[0, 1, 2]


def two_ellipses(a: np.ndarray) -> np.ndarray:
    return a[..., 0, ...]


def array_out_of_bounds(a: np.ndarray, idx: np.ndarray) -> np.ndarray:
    return a[idx]


def float_index_array(a: np.ndarray, idx: np.ndarray) -> np.ndarray:
    return a[idx]


def mask_mismatch(a: np.ndarray) -> np.ndarray:
    return a[np.array([True, False])]


def indices_do_not_broadcast(a: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    return a[rows, cols]


# ---- post-processing written with these ----
def nms_numpy(boxes: np.ndarray, scores: np.ndarray, threshold: float) -> list[int]:
    x1, y1, x2, y2 = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]
    areas = (x2 - x1) * (y2 - y1)
    order = np.argsort(-scores, kind="stable")
    keep = []
    while order.size > 0:
        i = int(order[0])
        keep.append(i)
        xx1 = np.maximum(x1[i], x1[order[1:]])
        yy1 = np.maximum(y1[i], y1[order[1:]])
        xx2 = np.minimum(x2[i], x2[order[1:]])
        yy2 = np.minimum(y2[i], y2[order[1:]])
        inter = np.maximum(0.0, xx2 - xx1) * np.maximum(0.0, yy2 - yy1)
        iou = inter / (areas[i] + areas[order[1:]] - inter)
        order = order[1:][iou <= threshold]
    return keep


def masked_mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    m = mask[:, :, None]
    summed = (hidden * m).sum(axis=1)
    return summed / np.clip(m.sum(axis=1), 1e-9, None)


def gather_embeddings(table: np.ndarray, ids: np.ndarray) -> np.ndarray:
    return table[ids].mean(axis=1)


def one_hot(labels: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros((labels.shape[0], n))
    out[np.arange(labels.shape[0]), labels] = 1.0
    return out


IDX = [2, 0, -1]
CASES.update({
    "column": [{"a": G, "j": 1}, {"a": G, "j": -1}, {"a": G, "j": 4}],
    "column_view_aliases": [{"a": G}],
    "block": [{"a": G}],
    "strided_block": [{"a": G}],
    "new_axes": [{"a": G}],
    "ellipsis_last": [{"a": CUBE}],
    "ellipsis_middle": [{"a": CUBE}],
    "ellipsis_none": [{"a": CUBE}],
    "three_ints": [{"a": CUBE}],
    "take_rows": [{"a": G, "idx": IDX}, {"a": G, "idx": []}],
    "take_list": [{"a": G}],
    "pick_points": [{"a": G, "rows": [0, 2, 1], "cols": [3, 0, 1]}],
    "rows_then_slice": [{"a": G, "idx": [1, 1]}],
    "slice_then_rows": [{"a": G, "idx": [3, 0]}],
    "int_and_array": [{"a": G, "idx": [0, 3]}],
    "separated_advanced": [{"a": CUBE, "idx": [1, 2]}],
    "broadcast_indices": [{"a": G, "rows": [0, 2], "cols": [1, 2, 3]}],
    "mask_rows": [{"a": G}],
    "mask_2d": [{"a": G}],
    "mask_list": [{"a": G}],
    "negative_array_index": [{"a": V, "idx": [-1, -6, 0]}],
    "index_copy_is_independent": [{"a": V, "idx": [0, 1]}],
    "scalar_is_a_copy": [{"a": G}],
    "set_column": [{"a": G}],
    "set_block_from_array": [{"a": G}],
    "set_broadcast_row": [{"a": G}],
    "set_rows_by_index": [{"a": G, "idx": [0, 2]}],
    "set_points": [{"a": G, "rows": [0, 2], "cols": [1, 3]}],
    "set_mask_2d": [{"a": G}],
    "set_through_view": [{"a": G}],
    "set_int_into_float": [{"a": G}],
    "set_float_into_int": [{"a": [[1, 2], [3, 4]]}],
    "set_bad_shape": [{"a": V}],
    "set_bad_advanced_shape": [{"a": V, "idx": [0, 1]}],
    "add_in_place": [{"a": G}],
    "scale_rows_in_place": [{"a": G}],
    "slice_in_place": [{"a": V}],
    "column_in_place": [{"a": G}],
    "int_in_place": [{"a": [1, -2, 7]}],
    "int_in_place_float_fails": [{"a": [1, 2]}],
    "in_place_shape_fails": [{"a": V[:2], "b": G}],
    "to_list_1d": [{"a": V}],
    "to_list_2d": [{"a": G}],
    "to_list_ints": [{"a": [3, -4, 5]}],
    "iterate_rows": [{"a": G}],
    "iterate_values": [{"a": V}],
    "comprehension_over_rows": [{"a": G}],
    "split_equal": [{"a": G}],
    "split_at": [{"a": V}],
    "split_uneven": [{"a": V}],
    "uniques": [{"a": [3.0, 1.0, 3.0, float("nan"), -2.0, 1.0, float("nan")]}],
    "unique_ints": [{"a": [[5, 1], [5, 2]]}],
    "top_k_partition": [{"scores": V, "k": 3}, {"scores": V, "k": 9}],
    "partition_rows": [{"a": G}],
    "too_many_indices": [{"a": G}],
    "two_ellipses": [{"a": G}],
    "array_out_of_bounds": [{"a": G, "idx": [0, 3]}],
    "float_index_array": [{"a": G, "idx": [0.0]}],
    "mask_mismatch": [{"a": G}],
    "indices_do_not_broadcast": [{"a": G, "rows": [0, 1], "cols": [0, 1, 2]}],
    "nms_numpy": [{"boxes": [[0.0, 0.0, 10.0, 10.0], [1.0, 1.0, 11.0, 11.0], [20.0, 20.0, 30.0, 30.0],
                             [0.5, 0.5, 9.5, 9.5], [21.0, 19.0, 31.0, 29.0]],
                   "scores": [0.9, 0.8, 0.7, 0.95, 0.6], "threshold": 0.5}],
    "masked_mean_pool": [{"hidden": CUBE, "mask": [[1.0, 1.0, 0.0], [1.0, 0.0, 0.0]]}],
    "gather_embeddings": [{"table": G, "ids": [[0, 1], [2, 2]]}],
    "one_hot": [{"labels": [2, 0, 1, 2], "n": 3}],
})

# Arrays whose dtype is not float64: a dtype for every array parameter, or one per parameter.
ARRAY_DTYPES.update({
    "take_rows": {"idx": "int64"},
    "pick_points": {"rows": "int64", "cols": "int64"},
    "rows_then_slice": {"idx": "int64"},
    "slice_then_rows": {"idx": "int64"},
    "int_and_array": {"idx": "int64"},
    "separated_advanced": {"idx": "int64"},
    "broadcast_indices": {"rows": "int64", "cols": "int64"},
    "negative_array_index": {"idx": "int64"},
    "index_copy_is_independent": {"idx": "int64"},
    "set_rows_by_index": {"idx": "int64"},
    "set_points": {"rows": "int64", "cols": "int64"},
    "set_float_into_int": "int64",
    "set_bad_advanced_shape": {"idx": "int64"},
    "int_in_place": "int64",
    "int_in_place_float_fails": "int64",
    "to_list_ints": "int64",
    "unique_ints": "int32",
    "array_out_of_bounds": {"idx": "int64"},
    "indices_do_not_broadcast": {"rows": "int64", "cols": "int64"},
    "gather_embeddings": {"ids": "int64"},
    "one_hot": {"labels": "int64"},
})


# ---- matrix products (OpenBLAS for floats): batches that broadcast, transposed views, 1-d operands ----
def batched_matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a @ b


def transposed_matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.matmul(a.T, b.T)


def float32_batched_matmul(a: npt.NDArray[np.float32], b: npt.NDArray[np.float32]) -> np.ndarray:
    return a @ b


def int_batched_matmul(a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> np.ndarray:
    return a @ b


B3 = [[[1.0, 2.0, 0.5], [0.25, -1.0, 3.0]], [[2.0, 0.0, -0.5], [1.5, 1.0, 1.0]]]  # (2, 2, 3)
K3 = [[1.0, -2.0], [0.5, 1.0], [3.0, 0.25]]  # (3, 2)
CASES.update({
    "batched_matmul": [{"a": B3, "b": K3}, {"a": [B3], "b": [[K3], [K3], [K3]]}, {"a": [1.0, 2.0, 3.0], "b": [K3, K3]},
                       {"a": B3, "b": [1.0, 0.5, 2.0]}, {"a": B3, "b": [K3, K3, K3]}, {"a": B3, "b": B3},
                       {"a": B3, "b": [[]]}],
    "transposed_matmul": [{"a": K3, "b": [[1.0, 2.0, 0.5], [0.5, -1.0, 3.0]]}],
    "float32_batched_matmul": [{"a": B3, "b": [K3, K3]}],
    "int_batched_matmul": [{"a": [[[1, 2, 3], [4, 5, 6]]], "b": [[1, 0], [0, 1], [2, 2]]}],
})
ARRAY_DTYPES.update({"float32_batched_matmul": "float32", "int_batched_matmul": "int64"})


# Whole-array reductions long enough for the vectorised loops (and their tails), with nan and inf,
# and elementwise operations on strided, broadcast and offset operands.
def whole_extremes(a: np.ndarray) -> list[float]:
    return [float(a.max()), float(a.min()), float(a.sum()), float(a.mean()), float(a[3:].max()), float(a[::2].min())]


def strided_elementwise(a: np.ndarray) -> np.ndarray:
    m = a[: 36].reshape(6, 6)
    return (m[::2, 1:] * m[1::2, :5].T[:3]) - np.exp(m[:, :1] / 40.0) + np.abs(-m[2:5, ::-1][:, 1:])


LONG = [float((i * 37) % 23) - 11.5 for i in range(45)]
CASES.update({
    "whole_extremes": [{"a": LONG}, {"a": LONG[:7] + [float("nan")] + LONG[8:]}, {"a": LONG[:-1] + [float("inf")]},
                       {"a": [float("-inf")] * 5 + LONG}],
    "strided_elementwise": [{"a": LONG}],
})
ARRAY_DTYPES.update({"whole_extremes": "float32"})


# Sorting runs long enough for the radix path: ties, -0.0 beside 0.0, infinities and nans.
def long_sorts(a: np.ndarray) -> np.ndarray:
    m = a.reshape(10, 12)
    return np.concatenate([np.argsort(a, kind="stable"), np.sort(a), np.argsort(-a, kind="stable"),
                           np.argsort(m.T, axis=1, kind="stable").ravel()]).astype(np.float64)


SPECIAL = [0.0, -0.0, float("inf"), float("-inf"), float("nan"), 1e-300, -1e-300, 3.5, -3.5, 2.0]
CASES.update({"long_sorts": [{"a": [SPECIAL[(i * 7) % 10] if i % 3 == 0 else float((i * 31) % 17) - 8.0
                                    for i in range(120)]}]})


# The same sorts on float32 (32-bit keys) and on integers (signed keys), long enough for the radix path.
def long_sorts_float32(a: np.ndarray) -> np.ndarray:
    return np.concatenate([np.argsort(a, kind="stable"), np.sort(a), np.argsort(-a, kind="stable")]).astype(np.float64)


def long_sorts_int(a: np.ndarray) -> np.ndarray:
    m = a.reshape(10, 12)
    return np.concatenate([np.argsort(a, kind="stable"), np.sort(a), np.argsort(m, axis=0, kind="stable").ravel(),
                           np.argsort(a.astype(np.int32), kind="stable"), np.argsort(a > 0, kind="stable")])


CASES.update({"long_sorts_float32": [{"a": [SPECIAL[(i * 7) % 10] if i % 3 == 0 else float((i * 31) % 17) - 8.0
                                             for i in range(120)]}],
              "long_sorts_int": [{"a": [(i * 7919) % 23 - 11 + (1 << 40 if i % 5 == 0 else 0) for i in range(120)]}]})
ARRAY_DTYPES.update({"long_sorts_float32": "float32", "long_sorts_int": "int64"})


# Elements read back as Python scalars: int64 values beyond 2**53 stay exact; a[i] of a 2-d array is a row
# view (writes through it reach `a`), of a 1-d array a scalar copy.
def scalar_reads(a: np.ndarray) -> list[int]:
    row = a[1]
    row[0] = 5
    first = a[0, 0]
    a[0, 0] = 9
    return [int(a[0][1]), int(a[-1][-1]), int(a[1, 0]), int(first), int(a[0][0]), int(bool(a[0][2])),
            int(row[-1]), int(a.ravel()[3])]


CASES.update({"scalar_reads": [{"a": [[2**53 + 1, -(2**62) - 3, 0], [7, 2**63 - 1, -(2**63)]]}]})
ARRAY_DTYPES.update({"scalar_reads": "int64"})


# ---- fused elementwise chains (runtime/numpy_fused.h): one loop where every array operand has one float
# dtype and one shape (or one element), the operations one by one otherwise; both must agree with numpy ----
def fused_nms_step(x1: np.ndarray, x2: np.ndarray, i: int, t: float) -> list[np.ndarray]:
    w = np.maximum(np.minimum(x2, x2[i]) - np.maximum(x1, x1[i]), 0.0)
    keep = (w / (x2 - x1 + x2[i] - w) <= t) & (x1 > 0)
    return [w, keep, ~keep | (w == 0.0) ^ (x1 < t)]


def fused_ufuncs(a: np.ndarray) -> np.ndarray:
    return np.sqrt(np.abs(a)) + np.exp(-a) - np.tanh(a) * np.log(np.abs(a) + 1)


def fused_scalars(a: np.ndarray, s: float, n: int, flag: bool) -> list[np.ndarray]:
    return [a * n + 2**40 - s, (a > s) & flag, a / n - (a < 0)]


def fused_reduced_operand(a: np.ndarray) -> np.ndarray:
    return np.exp(a - a.max()) / 2.0


def fused_shapes(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a + b) * 2.0 - a


def fused_raises_in_order(a: np.ndarray, b: np.ndarray, c: np.ndarray, i: int) -> np.ndarray:
    return (a + b) * c[i] - 1.0


LONG = [SPECIAL[(k * 3) % 10] if k % 11 == 0 else ((k * 37) % 101) / 7.0 - 6.0 for k in range(600)]
CASES.update({
    "fused_nms_step": [{"x1": LONG, "x2": [v + 3.0 for v in LONG], "i": 5, "t": 0.3},
                       {"x1": LONG[:7], "x2": LONG[3:10], "i": -1, "t": 0.5},
                       {"x1": [], "x2": [], "i": 0, "t": 0.5}],
    "fused_ufuncs": [{"a": LONG}, {"a": LONG[:1]}],
    "fused_scalars": [{"a": LONG, "s": 0.25, "n": 3, "flag": True}, {"a": LONG[:5], "s": -1.0, "n": 7, "flag": False}],
    "fused_reduced_operand": [{"a": LONG}, {"a": []}],
    "fused_shapes": [{"a": [[1.0, 2.0], [3.0, 4.0]], "b": [10.0, 20.0]}, {"a": [1.0, 2.0], "b": [[5.0], [6.0]]},
                     {"a": [1.0, 2.0, 3.0], "b": [1.0, 2.0]}, {"a": [1.0], "b": [[2.0, 3.0]]}],
    "fused_raises_in_order": [{"a": [1.0, 2.0], "b": [1.0, 2.0, 3.0], "c": [1.0], "i": 4},
                              {"a": [1.0, 2.0], "b": [3.0, 4.0], "c": [1.0], "i": 4},
                              {"a": [1.0, 2.0], "b": [3.0, 4.0], "c": [1.0, 5.0], "i": -1}],
})
# The chains again on float32 (the fused loop's other dtype), int64 and mixed dtypes (the fallback).
def fused_nms_step_f32(x1: np.ndarray, x2: np.ndarray, i: int, t: float) -> list[np.ndarray]:
    return fused_nms_step(x1, x2, i, t)


def fused_nms_step_int(x1: np.ndarray, x2: np.ndarray, i: int, t: float) -> list[np.ndarray]:
    return fused_nms_step(x1, x2, i, t)


def fused_scalars_f32(a: np.ndarray, s: float, n: int, flag: bool) -> list[np.ndarray]:
    return fused_scalars(a, s, n, flag)


def fused_shapes_mixed(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return fused_shapes(a, b)


INTS = [(k * 7919) % 23 - 11 + (2**62 if k % 5 == 0 else 0) for k in range(300)]
CASES.update({
    "fused_nms_step_f32": CASES["fused_nms_step"],
    "fused_nms_step_int": [{"x1": INTS, "x2": INTS[::-1], "i": 3, "t": 0.5}],
    "fused_scalars_f32": CASES["fused_scalars"],
    "fused_shapes_mixed": [{"a": LONG[:9], "b": LONG[9:18]}, {"a": [1, 2], "b": [0.5, 0.25]}],
})
ARRAY_DTYPES.update({"fused_nms_step_f32": "float32", "fused_nms_step_int": "int64", "fused_scalars_f32": "float32",
                     "fused_shapes_mixed": {"a": "float32", "b": "float64"}})


# Fused chains that broadcast by rows: one element per row (a keepdims reduction), one row for every row.
def fused_row_softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True) * 2.0 - 1.0


def fused_row_affine(x: np.ndarray, mu: np.ndarray, w: np.ndarray) -> list[np.ndarray]:
    y = (x - mu) * w + 0.5
    return [y, (y > 0.0) & (x[:, :1] < mu[0]), np.maximum(x - x[:1], 0.0) / 3.0]


def fused_row_mask(h: np.ndarray, m: np.ndarray) -> np.ndarray:
    return (h * m + m) / np.maximum(m, 1e-9)


def fused_row_softmax_f32(x: np.ndarray) -> np.ndarray:
    return fused_row_softmax(x)


ROWS = [[LONG[(r * 37 + c) % 600] for c in range(150)] for r in range(4)]
CASES.update({
    "fused_row_softmax": [{"x": [[v if v == v and abs(v) != float("inf") else 0.0 for v in row] for row in ROWS]},
                          {"x": [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]}, {"x": [[[0.5] * 70] * 2] * 3}, {"x": [[]]}],
    "fused_row_affine": [{"x": ROWS, "mu": LONG[:150], "w": LONG[150:300]},
                         {"x": [row[:10] for row in ROWS], "mu": LONG[:10], "w": LONG[10:20]},
                         {"x": ROWS, "mu": LONG[:149], "w": LONG[:149]}],
    "fused_row_mask": [{"h": [[[v] * 1 for v in row[:80]] for row in ROWS], "m": [[[1.0]] * 80] * 4},
                       {"h": [[row[:100], row[50:150]] for row in ROWS], "m": [[[1.0], [0.0]]] * 4},
                       {"h": [[row[:100]] for row in ROWS], "m": [[1.0] * 100]}],
    "fused_row_softmax_f32": [{"x": [[v if v == v and abs(v) != float("inf") else 0.0 for v in row] for row in ROWS]}],
})
ARRAY_DTYPES.update({"fused_row_softmax_f32": "float32"})
