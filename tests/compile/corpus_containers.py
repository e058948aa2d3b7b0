"""Differential corpus: lists, dicts, sets and tuples, str methods, comprehensions, lambdas,
f-strings, exceptions, unpacking and Optional — each run in CPython and, compiled, through
`kiln run` on the inputs in CASES. Nothing here states an expected value.
"""

import math
from typing import Optional

STOPWORDS = {"the", "a", "of"}
PREFIXES = {"query": "q: ", "doc": "d: "}
WEIGHTS = [0.5, 0.25, 0.25]


# --- lists ---------------------------------------------------------------------------------------
def list_sum(xs: list[int]) -> int:
    total = 0
    for x in xs:
        total += x
    return total


def list_builtins(xs: list[int]) -> list[int]:
    return [len(xs), sum(xs), min(xs), max(xs)]


def list_append_pop(xs: list[int]) -> list[int]:
    out = []
    for x in xs:
        if x % 2 == 0:
            out.append(x)
        elif out:
            out.pop()
    return out


def list_index_negative(xs: list[str], i: int) -> str:
    return xs[i] + xs[-1]


def list_slices(xs: list[int]) -> list[list[int]]:
    return [xs[1:], xs[:-1], xs[::2], xs[::-1], xs[1:4:2], xs[5:1:-2]]


def list_slice_assign(xs: list[int]) -> list[int]:
    ys = xs[:]
    ys[1:3] = [9, 9, 9]
    del ys[0]
    return ys


def list_aliasing(xs: list[int]) -> list[int]:
    ys = xs
    ys.append(100)
    zs = xs.copy()
    zs.append(-1)
    return xs + [len(zs)]


def list_insert_remove(xs: list[int], v: int) -> list[int]:
    xs.insert(1, v)
    xs.insert(-1, v * 2)
    xs.remove(v)
    return xs


def list_index_count(xs: list[str], v: str) -> list[int]:
    return [xs.count(v), xs.index(v)]


def list_sort_reverse(xs: list[float]) -> list[float]:
    ys = sorted(xs)
    ys.reverse()
    xs.sort(reverse=True)
    return ys + xs


def list_sort_key(words: list[str]) -> list[str]:
    return sorted(words, key=len)


def list_sort_stable(words: list[str]) -> list[str]:
    words.sort(key=lambda w: (len(w), w[0]), reverse=True)
    return words


def list_repeat_concat(xs: list[int], n: int) -> list[int]:
    ys = xs * n
    ys += [0]
    ys *= 2
    return ys + xs


def list_contains(xs: list[int], v: int) -> list[bool]:
    return [v in xs, v not in xs, (v + 1) in xs]


def list_compare(a: list[int], b: list[int]) -> list[bool]:
    return [a == b, a != b, a < b, a <= b, a > b]


def nested_lists(n: int) -> list[list[int]]:
    grid = [[0] * n for _ in range(n)]
    for i in range(n):
        grid[i][i] = i
        grid[i][n - 1 - i] += 1
    return grid


def list_of_empty_learned(n: int) -> list[int]:
    squares = []
    for i in range(n):
        squares.append(i * i)
    return squares


def list_index_error(xs: list[int], i: int) -> int:
    return xs[i]


def list_pop_empty(xs: list[int]) -> int:
    return xs.pop()


def list_remove_missing(xs: list[int]) -> list[int]:
    xs.remove(42)
    return xs


def list_extend_iterables(xs: list[str], s: str) -> list[str]:
    xs.extend(s)
    xs.extend(["!"])
    return xs


def bool_flags(xs: list[int]) -> list[int]:
    seen = [False] * 10
    for x in xs:
        seen[x % 10] = True
    return [i for i in range(10) if seen[i] and not seen[(i + 1) % 10]]


def list_truthiness(xs: list[int]) -> str:
    return "some" if xs else "none"


# --- tuples and unpacking --------------------------------------------------------------------------
def tuple_unpack(a: int, b: int) -> list[int]:
    a, b = b, a
    (c, d), e = (a + b, a - b), a * b
    return [a, b, c, d, e]


def tuple_return(xs: list[int]) -> tuple[int, int]:
    return min(xs), max(xs)


def tuple_index(t: tuple[int, str, float]) -> str:
    return t[1] * t[0] + str(t[-1])


def tuple_variadic(t: tuple[int, ...]) -> list[int]:
    return [len(t), t[0], t[-1], sum(t)]


def unpack_list_error(xs: list[int]) -> int:
    a, b = xs
    return a - b


def divmod_unpack(a: int, b: int) -> list[int]:
    q, r = divmod(a, b)
    return [q, r]


def tuple_compare(a: int, b: int) -> list[bool]:
    return [(a, b) < (b, a), (a, "x") == (a, "x"), (a, b) >= (a, a)]


# --- dicts -----------------------------------------------------------------------------------------
def word_count(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in text.split():
        counts[word] = counts.get(word, 0) + 1
    return counts


def dict_learned(words: list[str]) -> dict[str, int]:
    lengths = {}
    for w in words:
        lengths[w] = len(w)
    return lengths


def dict_missing_key(d: dict[str, int], k: str) -> int:
    return d[k]


def dict_methods(d: dict[str, int]) -> list[int]:
    out = [len(d), d.get("a", -1), d.setdefault("z", 26), d.pop("z"), d.pop("nope", 0)]
    return out + list(d.values())


def dict_items_sorted(d: dict[str, float]) -> list[tuple[str, float]]:
    return sorted(d.items(), key=lambda kv: kv[1], reverse=True)


def dict_keys_order(d: dict[str, int]) -> list[str]:
    d["new"] = 1
    del d[next_key(d)]
    return list(d.keys())


def next_key(d: dict[str, int]) -> str:
    for k in d:
        return k
    return ""


def dict_comprehension(words: list[str]) -> dict[str, int]:
    return {w: i for i, w in enumerate(words) if w}


def dict_merge(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    c = a | b
    a.update(b)
    return {k: c[k] + a[k] for k in c}


def dict_get_optional(d: dict[str, str], k: str) -> str:
    v = d.get(k)
    if v is None:
        return "missing"
    return v.upper()


def dict_int_keys(xs: list[int]) -> list[int]:
    seen: dict[int, int] = {}
    for i, x in enumerate(xs):
        if x not in seen:
            seen[x] = i
    return [seen[x] for x in sorted(seen)]


def dict_tuple_keys(xs: list[int]) -> int:
    pairs = {}
    for i in range(len(xs) - 1):
        pairs[(xs[i], xs[i + 1])] = i
    return len(pairs)


def dict_popitem(d: dict[str, int]) -> list[str]:
    out = []
    while d:
        k, v = d.popitem()
        out.append(f"{k}{v}")
    return out


def module_dict_constant(task: str) -> str:
    return PREFIXES[task] + task


def dict_equality(a: dict[str, int], b: dict[str, int]) -> bool:
    return a == b


# --- sets ------------------------------------------------------------------------------------------
def set_ops(a: list[int], b: list[int]) -> list[list[int]]:
    x, y = set(a), set(b)
    return [sorted(x | y), sorted(x & y), sorted(x - y), sorted(x ^ y)]


def set_methods(words: list[str]) -> list[int]:
    s = set()
    for w in words:
        s.add(w)
    s.discard("zzz")
    return [len(s), len(s - STOPWORDS), int("the" in s)]


def set_comprehension(xs: list[int]) -> list[int]:
    return sorted({x % 5 for x in xs})


def set_subset(a: list[int], b: list[int]) -> list[bool]:
    return [set(a).issubset(b), set(a) <= set(b), set(a).isdisjoint(b)]


def set_remove_missing(xs: list[int]) -> int:
    s = set(xs)
    s.remove(7)
    return len(s)


# --- str -------------------------------------------------------------------------------------------
def str_split_join(s: str) -> str:
    return "-".join(s.split())


def str_split_sep(s: str, sep: str) -> list[str]:
    return s.split(sep) + s.rsplit(sep, 1) + s.split(sep, maxsplit=2)


def str_strip_family(s: str) -> list[str]:
    return [s.strip(), s.lstrip(), s.rstrip(), s.strip("xy "), s.rstrip("!")]


def str_case(s: str) -> list[str]:
    return [s.upper(), s.lower(), s.title(), s.capitalize(), s.swapcase(), s.casefold()]


def str_predicates(s: str) -> list[bool]:
    return [s.isdigit(), s.isalpha(), s.isalnum(), s.isspace(), s.islower(), s.isupper()]


def str_find(s: str, sub: str) -> list[int]:
    return [s.find(sub), s.rfind(sub), s.count(sub), s.find(sub, 2), s.count(sub, 1, -1)]


def str_index_error(s: str, sub: str) -> int:
    return s.index(sub)


def str_startswith(s: str) -> list[bool]:
    return [s.startswith("ab"), s.endswith(("x", "yz")), s.startswith(("q", "a"), 0)]


def str_replace(s: str, old: str, new: str) -> list[str]:
    return [s.replace(old, new), s.replace(old, new, 1)]


def str_partition(s: str) -> list[str]:
    head, sep, tail = s.partition("=")
    a, b, c = s.rpartition("=")
    return [head, sep, tail, a, b, c]


def str_pad(s: str, w: int) -> list[str]:
    return [s.center(w), s.ljust(w, "."), s.rjust(w), s.zfill(w)]


def str_iterate_chars(s: str) -> list[str]:
    return [c for c in s if c != " "]


def str_reverse_words(s: str) -> str:
    return " ".join(reversed(s.split()))


def str_slicing(s: str) -> list[str]:
    return [s[::-1], s[1:-1], s[::2], s[-3:]]


def str_splitlines(s: str) -> list[str]:
    return s.splitlines() + s.splitlines(True)


def str_unicode_len(s: str) -> list[int]:
    return [len(s), len(s.upper()), ord(s[0]) if s else -1]


def str_encode_len(s: str) -> int:
    return len(s.encode())


def char_histogram(s: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for c in s:
        counts[c] = counts.get(c, 0) + 1
    return counts


def str_in_comprehension(words: list[str], prefix: str) -> list[str]:
    return [w.removeprefix(prefix) for w in words if w.startswith(prefix)]


# --- f-strings and repr ------------------------------------------------------------------------------
def fstring_basic(name: str, n: int, x: float) -> str:
    return f"{name}: {n} items, {x} each, {n * x} total, {name!r}"


def fstring_repr_containers(xs: list[int], d: dict[str, float]) -> str:
    return f"{xs} {d} {xs!r} {(1, 'a')}"


def fstring_specs(x: float, n: int, s: str) -> list[str]:
    return [f"{x:.2f}", f"{x:10.3e}", f"{x:+g}", f"{x:%}", f"{x:,.1f}", f"{x:<12}|", f"{x:^9.2}",
            f"{x:G}", f"{x:.0f}", f"{x:08.2f}", f"{n:d}", f"{n:+05d}", f"{n:x}", f"{n:#X}", f"{n:#b}",
            f"{n:o}", f"{n:,}", f"{n:_}", f"{n:>8}", f"{n:*^9}", f"{n:=+7}", f"{n:.2f}", f"{n:e}",
            f"{s:>8}", f"{s:.2}", f"{s:-<6}", f"{s:^7s}", f"{s!r:>10}", f"{True:>6}", f"{x!r}"]


def str_format_method(name: str, n: int, x: float) -> list[str]:
    return ["{} has {} items".format(name, n), "{0}-{1}-{0}".format(n, name), "{n:>5}|{x:.3f}".format(n=n, x=x),
            "{!r} {{literal}} {:+}".format(name, x), "{:,}".format(n * 1000)]


def str_format_errors(fmt: str) -> str:
    return fmt.format(1, "a")


def percent_formatting(name: str, n: int, x: float) -> list[str]:
    return ["%s: %d" % (name, n), "%5.2f|%-6s|" % (x, name), "%x %o %X %%" % (n, n, n), "%r" % name,
            "%+d %e %g" % (n, x, x), "%c" % 65, "%s" % x]


def percent_errors(fmt: str, n: int) -> str:
    return fmt % n


def fstring_bad_spec(n: int) -> str:
    return f"{n:.2d}"


def repr_values(s: str, x: float, b: bool) -> list[str]:
    return [repr(s), repr(x), repr(b), str(b), repr([s, s])]


def str_of_optional(d: dict[str, int], k: str) -> str:
    return str(d.get(k))


# --- comprehensions, generators, builtins ------------------------------------------------------------
def nested_comprehension(n: int) -> list[tuple[int, int]]:
    return [(i, j) for i in range(n) for j in range(i) if (i + j) % 2 == 0]


def comprehension_scope(xs: list[int]) -> list[int]:
    x = 100
    ys = [x * 2 for x in xs]
    return ys + [x]


def generator_sum(xs: list[int]) -> int:
    return sum(x * x for x in xs if x > 0)


def any_all(xs: list[int]) -> list[bool]:
    return [any(x > 3 for x in xs), all(x > 0 for x in xs), any([]), all(xs)]


def enumerate_zip(a: list[str], b: list[int]) -> list[str]:
    return [f"{i}:{x}{y}" for i, (x, y) in enumerate(zip(a, b), start=1)]


def enumerate_loops(xs: list[str]) -> list[str]:
    out = []
    for i, x in enumerate(xs, 10):
        if not x:
            continue
        out.append(f"{i}{x}")
    for k, (a, b) in enumerate(zip(xs, xs[1:])):
        out.append(f"{k}:{a}{b}")
    return out


def zip_three(a: list[int], b: list[int], c: list[int]) -> list[int]:
    return [x + y * z for x, y, z in zip(a, b, c)]


def min_max_key(words: list[str]) -> list[str]:
    return [min(words, key=len), max(words, key=len), min(words), max(words)]


def min_max_default(xs: list[int]) -> list[int]:
    return [min(xs, default=-1), max(xs, default=-1), min(3, 1, 2), int(max(1.5, 2.5, 0.5) > 2)]


def min_empty(xs: list[int]) -> int:
    return min(xs)


def map_filter(xs: list[int]) -> list[int]:
    return list(map(lambda x: x * 3, filter(lambda x: x % 2 == 1, xs)))


def map_builtin(words: list[str]) -> list[int]:
    return list(map(len, words))


def range_forms(n: int) -> list[int]:
    return list(range(n)) + list(range(2, n)) + list(range(n, 0, -3)) + [sum(range(n))]


def reversed_range(xs: list[int]) -> list[int]:
    return list(reversed(xs)) + [xs[i] for i in range(len(xs) - 1, -1, -1)]


def sorted_tuples(xs: list[int]) -> list[tuple[int, int]]:
    pairs = [(x % 3, x) for x in xs]
    return sorted(pairs)


def sum_floats(xs: list[float]) -> float:
    return sum(xs) + sum(w * x for w, x in zip(WEIGHTS, xs))


def abs_round_divmod(x: float, n: int) -> list[float]:
    return [abs(x), round(x, 2), round(x, n), float(round(x)), round(x, -1)]


def int_float_parsing(s: str) -> list[float]:
    return [float(int(s)), float(s) * 2]


def math_functions(x: float) -> list[float]:
    rounded = [math.floor(x), math.ceil(x), math.trunc(-x)]
    return [math.sqrt(x), math.log(x), math.exp(1.0), math.pi, math.hypot(x, 1.0), float(sum(rounded))]


def math_domain(x: float) -> float:
    return math.sqrt(x)


def pow_mod(a: int, b: int, m: int) -> int:
    return pow(a, b, m)


# --- control flow ------------------------------------------------------------------------------------
def for_else(xs: list[int], target: int) -> str:
    for x in xs:
        if x == target:
            result = "found"
            break
    else:
        result = "absent"
    return result


def while_else(n: int) -> int:
    i = 0
    while i < n:
        i += 3
        if i == 9:
            break
    else:
        i = -i
    return i


def break_continue(xs: list[int]) -> list[int]:
    out = []
    for x in xs:
        if x < 0:
            continue
        if x > 100:
            break
        out.append(x)
    return out


def chained_assignment(n: int) -> list[int]:
    a = b = n * 2
    return [a, b]


def isinstance_checks(x: int, s: str) -> list[bool]:
    return [isinstance(x, int), isinstance(s, int), isinstance(s, str), isinstance([x], list)]


# --- exceptions --------------------------------------------------------------------------------------
def safe_divide(a: int, b: int) -> str:
    try:
        return str(a // b)
    except ZeroDivisionError as e:
        return "error: " + str(e)


def raise_value_error(x: int) -> int:
    if x < 0:
        raise ValueError(f"negative: {x}")
    return x


def try_else_finally(xs: list[int], i: int) -> list[str]:
    log = []
    try:
        v = xs[i]
    except IndexError:
        log.append("index")
    except (KeyError, ValueError) as e:
        log.append("other " + str(e))
    else:
        log.append(f"got {v}")
    finally:
        log.append("done")
    return log


def returns_through_finally(log: list[str], n: int) -> int:
    try:
        try:
            if n > 2:
                return n * 2
            if n < 0:
                raise ValueError("negative")
            log.append("body")
        except ValueError:
            log.append("handler")
            return -1
        finally:
            log.append("inner finally")
        log.append("after inner")
    finally:
        log.append("outer finally")
        if n == 7:
            return 70  # a return in finally wins over the try's
    return 0


def jumps_through_finally(n: int) -> list[str]:
    log: list[str] = []
    log.append(str(returns_through_finally(log, n)))
    for i in range(n):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            for j in range(3):
                try:
                    if j == 1:
                        break
                finally:
                    log.append(f"inner {i}.{j}")
            log.append(f"body {i}")
        finally:
            log.append(f"finally {i}")
    else:
        log.append("no break")
    return log


def reraise(d: dict[str, int], k: str) -> int:
    try:
        return d[k]
    except KeyError:
        if k == "soft":
            return -1
        raise


def exception_hierarchy(xs: list[int], i: int) -> str:
    try:
        return str(10 // xs[i])
    except LookupError as e:
        return "lookup " + repr(e)
    except ArithmeticError as e:
        return "arith " + str(e)


def assert_positive(x: int) -> int:
    assert x > 0, f"x must be positive, got {x}"
    assert x < 100
    return x


def parse_or_default(s: str) -> int:
    try:
        return int(s)
    except ValueError:
        return -1


# --- Optional ----------------------------------------------------------------------------------------
def optional_param(x: Optional[int], y: int | None = None) -> int:
    if x is None:
        return -1
    total = x
    if y is not None:
        total += y
    return total


def optional_return(xs: list[int], v: int) -> int | None:
    for i, x in enumerate(xs):
        if x == v:
            return i
    return None


def first_long_word(words: list[str], n: int) -> Optional[str]:
    for w in words:
        if len(w) > n:
            return w
    return None


# --- helper functions --------------------------------------------------------------------------------
def normalize(v: list[float]) -> list[float]:
    norm = math.sqrt(sum(x * x for x in v))
    if norm == 0:
        return v
    return [x / norm for x in v]


def normalize_rows(rows: list[list[float]]) -> list[list[float]]:
    return [normalize(r) for r in rows]


def mean_pool(vectors: list[list[float]]) -> list[float]:
    dims = len(vectors[0])
    out = [0.0] * dims
    for v in vectors:
        for i in range(dims):
            out[i] += v[i] / len(vectors)
    return out


def add_prompts(text: list[str], task: str = "query") -> list[str]:
    prefix = PREFIXES[task]
    return [prefix + t for t in text]


def keyword_call(xs: list[int]) -> int:
    return scaled_sum(xs, scale=3) + scaled_sum(xs)


def scaled_sum(xs: list[int], scale: int = 1) -> int:
    return sum(xs) * scale


CASES = {
    "list_sum": [{"xs": [1, 2, 3]}, {"xs": []}],
    "list_builtins": [{"xs": [3, 1, 2]}, {"xs": []}],
    "list_append_pop": [{"xs": [2, 3, 4, 5, 7, 8]}],
    "list_index_negative": [{"xs": ["a", "b", "c"], "i": -2}, {"xs": ["a"], "i": 3}],
    "list_slices": [{"xs": list(range(8))}, {"xs": []}],
    "list_slice_assign": [{"xs": [1, 2, 3, 4, 5]}],
    "list_aliasing": [{"xs": [1, 2]}],
    "list_insert_remove": [{"xs": [1, 2, 3], "v": 5}],
    "list_index_count": [{"xs": ["a", "b", "a"], "v": "a"}, {"xs": ["a"], "v": "z"}],
    "list_sort_reverse": [{"xs": [3.5, -1.0, 2.25, 3.5]}],
    "list_sort_key": [{"words": ["ccc", "a", "bb", "dd", "e"]}],
    "list_sort_stable": [{"words": ["bob", "al", "amy", "bo", "cy", "abe"]}],
    "list_repeat_concat": [{"xs": [1, 2], "n": 2}, {"xs": [1], "n": 0}, {"xs": [1], "n": -3}],
    "list_contains": [{"xs": [1, 2, 3], "v": 2}, {"xs": [], "v": 0}],
    "list_compare": [{"a": [1, 2], "b": [1, 3]}, {"a": [1, 2, 3], "b": [1, 2]}, {"a": [], "b": []}],
    "nested_lists": [{"n": 4}, {"n": 1}],
    "list_of_empty_learned": [{"n": 5}],
    "list_index_error": [{"xs": [1], "i": 1}, {"xs": [1, 2], "i": -2}],
    "list_pop_empty": [{"xs": []}, {"xs": [4]}],
    "list_remove_missing": [{"xs": [1, 2]}],
    "list_extend_iterables": [{"xs": ["a"], "s": "héllo"}],
    "bool_flags": [{"xs": [1, 2, 15, 27, 9]}],
    "list_truthiness": [{"xs": []}, {"xs": [0]}],
    "tuple_unpack": [{"a": 3, "b": 5}],
    "tuple_return": [{"xs": [4, -2, 9]}, {"xs": []}],
    "tuple_index": [{"t": [2, "ab", 1.5]}],
    "tuple_variadic": [{"t": [4, 5, 6]}, {"t": []}],
    "unpack_list_error": [{"xs": [5, 2]}, {"xs": [1]}, {"xs": [1, 2, 3]}],
    "divmod_unpack": [{"a": 17, "b": -5}, {"a": 1, "b": 0}],
    "tuple_compare": [{"a": 1, "b": 2}, {"a": 2, "b": 2}],
    "word_count": [{"text": "the cat the hat a cat"}, {"text": ""}],
    "dict_learned": [{"words": ["ab", "c", "ab"]}],
    "dict_missing_key": [{"d": {"a": 1}, "k": "a"}, {"d": {"a": 1}, "k": "nope"}],
    "dict_methods": [{"d": {"a": 1, "b": 2}}, {"d": {}}],
    "dict_items_sorted": [{"d": {"x": 1.5, "y": 3.0, "z": -1.0}}],
    "dict_keys_order": [{"d": {"a": 1, "b": 2, "c": 3}}],
    "dict_comprehension": [{"words": ["a", "", "b", "a"]}],
    "dict_merge": [{"a": {"x": 1, "y": 2}, "b": {"y": 10, "z": 3}}],
    "dict_get_optional": [{"d": {"a": "hi"}, "k": "a"}, {"d": {}, "k": "a"}],
    "dict_int_keys": [{"xs": [5, 3, 5, 1, 3]}],
    "dict_tuple_keys": [{"xs": [1, 2, 1, 2, 3]}],
    "dict_popitem": [{"d": {"a": 1, "b": 2}}],
    "module_dict_constant": [{"task": "query"}, {"task": "other"}],
    "dict_equality": [{"a": {"x": 1, "y": 2}, "b": {"y": 2, "x": 1}}, {"a": {"x": 1}, "b": {"x": 2}}],
    "set_ops": [{"a": [1, 2, 3, 3], "b": [2, 3, 4]}],
    "set_methods": [{"words": ["the", "cat", "the", "dog"]}],
    "set_comprehension": [{"xs": [1, 6, 11, 3, 8]}],
    "set_subset": [{"a": [1, 2], "b": [1, 2, 3]}, {"a": [5], "b": [1]}],
    "set_remove_missing": [{"xs": [7, 8]}, {"xs": [1]}],
    "str_split_join": [{"s": "  a b\tc\n d "}, {"s": ""}],
    "str_split_sep": [{"s": "a,b,,c,d", "sep": ","}, {"s": "abc", "sep": ""}],
    "str_strip_family": [{"s": "  xyhi there!! yx "}],
    "str_case": [{"s": "hello wORLD straße ǅ"}, {"s": "ΣΑΣ"}],
    "str_predicates": [{"s": "abc"}, {"s": "123"}, {"s": " "}, {"s": ""}, {"s": "ABC1"}],
    "str_find": [{"s": "abcabcab", "sub": "ab"}, {"s": "aaa", "sub": ""}],
    "str_index_error": [{"s": "abc", "sub": "c"}, {"s": "abc", "sub": "z"}],
    "str_startswith": [{"s": "abxyz"}, {"s": "q"}],
    "str_replace": [{"s": "a-b-c", "old": "-", "new": "+"}, {"s": "abc", "old": "", "new": "."}],
    "str_partition": [{"s": "k=v=w"}, {"s": "none"}],
    "str_pad": [{"s": "ab", "w": 7}, {"s": "-42", "w": 6}],
    "str_iterate_chars": [{"s": "h é 𝄞!"}],
    "str_reverse_words": [{"s": "one two  three"}],
    "str_slicing": [{"s": "héllo wörld"}, {"s": "a"}],
    "str_splitlines": [{"s": "a\nb\r\nc\x0bd"}],
    "str_unicode_len": [{"s": "ß𝄞é"}, {"s": ""}],
    "str_encode_len": [{"s": "aé𝄞"}],
    "char_histogram": [{"s": "mississippi"}],
    "str_in_comprehension": [{"words": ["pre_a", "b", "pre_c"], "prefix": "pre_"}],
    "fstring_basic": [{"name": "box", "n": 3, "x": 0.1}, {"name": "it's", "n": -1, "x": 1e20}],
    "fstring_repr_containers": [{"xs": [1, 2], "d": {"a": 1.5}}],
    "fstring_specs": [{"x": 1234.5678, "n": 255, "s": "héllo"}, {"x": -0.000012345, "n": -42, "s": ""},
                      {"x": 1e300, "n": 0, "s": "a"}, {"x": 0.5, "n": 1234567, "s": "xyz"}],
    "str_format_method": [{"name": "box", "n": 42, "x": 3.14159}, {"name": "", "n": -7, "x": -0.5}],
    "str_format_errors": [{"fmt": "{} {}"}, {"fmt": "{2}"}, {"fmt": "{0} {}"}, {"fmt": "{"}, {"fmt": "}"},
                          {"fmt": "{x}"}, {"fmt": "{:d}"}, {"fmt": "{1!r:>4}"}],
    "percent_formatting": [{"name": "ab", "n": 255, "x": 2.5}, {"name": "it's", "n": -3, "x": 1e-5}],
    "percent_errors": [{"fmt": "%d %d", "n": 1}, {"fmt": "no", "n": 1}, {"fmt": "%q", "n": 1}, {"fmt": "%05d", "n": 42},
                       {"fmt": "%s", "n": 7}],
    "fstring_bad_spec": [{"n": 1}],
    "repr_values": [{"s": "it's \"q\"\n", "x": 1e-7, "b": True}],
    "str_of_optional": [{"d": {"a": 1}, "k": "a"}, {"d": {}, "k": "a"}],
    "nested_comprehension": [{"n": 4}],
    "comprehension_scope": [{"xs": [1, 2]}],
    "generator_sum": [{"xs": [1, -2, 3]}],
    "any_all": [{"xs": [1, 2, 5]}, {"xs": [0, 1]}, {"xs": []}],
    "enumerate_zip": [{"a": ["x", "y", "z"], "b": [1, 2]}],
    "enumerate_loops": [{"xs": ["a", "", "c", "d"]}, {"xs": []}],
    "zip_three": [{"a": [1, 2, 3], "b": [4, 5], "c": [7, 8, 9]}],
    "min_max_key": [{"words": ["bb", "a", "ccc", "dd"]}],
    "min_max_default": [{"xs": [4, 2]}, {"xs": []}],
    "min_empty": [{"xs": []}],
    "map_filter": [{"xs": [1, 2, 3, 4, 5]}],
    "map_builtin": [{"words": ["a", "bcd", ""]}],
    "range_forms": [{"n": 7}, {"n": 0}],
    "reversed_range": [{"xs": [1, 2, 3]}],
    "sorted_tuples": [{"xs": [5, 3, 9, 4, 6]}],
    "sum_floats": [{"xs": [0.1, 0.2, 0.3]}],
    "abs_round_divmod": [{"x": -2.675, "n": 1}, {"x": 0.125, "n": 2}, {"x": 1234.5678, "n": 0}],
    "int_float_parsing": [{"s": "42"}, {"s": " -7 "}, {"s": "4.5"}, {"s": "x"}],
    "math_functions": [{"x": 2.0}, {"x": 10.5}],
    "math_domain": [{"x": -1.0}, {"x": 4.0}],
    "pow_mod": [{"a": 3, "b": 200, "m": 13}, {"a": 2, "b": 10, "m": -7}, {"a": 3, "b": -1, "m": 7}, {"a": 1, "b": 1, "m": 0}],
    "for_else": [{"xs": [1, 2, 3], "target": 2}, {"xs": [1], "target": 5}],
    "while_else": [{"n": 20}, {"n": 5}],
    "break_continue": [{"xs": [1, -1, 2, 200, 3]}],
    "chained_assignment": [{"n": 4}],
    "isinstance_checks": [{"x": 1, "s": "a"}],
    "safe_divide": [{"a": 7, "b": 2}, {"a": 1, "b": 0}],
    "raise_value_error": [{"x": 3}, {"x": -2}],
    "try_else_finally": [{"xs": [1, 2], "i": 1}, {"xs": [1], "i": 5}],
    "reraise": [{"d": {"a": 1}, "k": "a"}, {"d": {}, "k": "soft"}, {"d": {}, "k": "hard"}],
    "exception_hierarchy": [{"xs": [2, 0], "i": 0}, {"xs": [2, 0], "i": 1}, {"xs": [2, 0], "i": 2}],
    "assert_positive": [{"x": 5}, {"x": -5}, {"x": 500}],
    "parse_or_default": [{"s": "12"}, {"s": "1_000"}, {"s": "abc"}],
    "optional_param": [{"x": None}, {"x": 3}, {"x": 3, "y": 4}],
    "optional_return": [{"xs": [4, 5, 6], "v": 5}, {"xs": [], "v": 1}],
    "first_long_word": [{"words": ["a", "abcd"], "n": 2}, {"words": ["a"], "n": 2}],
    "normalize_rows": [{"rows": [[3.0, 4.0], [0.0, 0.0], [1.0, 1.0]]}],
    "mean_pool": [{"vectors": [[1.0, 2.0], [3.0, 5.0]]}],
    "add_prompts": [{"text": ["a", "b"]}, {"text": ["x"], "task": "doc"}, {"text": [], "task": "bad"}],
    "keyword_call": [{"xs": [1, 2, 3]}],
    "jumps_through_finally": [{"n": 0}, {"n": 2}, {"n": 3}, {"n": -1}, {"n": 7}],
}
