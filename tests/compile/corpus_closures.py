"""Differential corpus: closures. A `def` nested in a function reads the enclosing function's
variables as they are when it is called (late binding), may change them through `nonlocal`, may
call itself and its siblings, and may be passed to builtins (key=, map, filter)."""

from typing import Iterator


def scale_all(xs: list[int], k: int) -> list[int]:
    def times(x: int) -> int:
        return x * k

    return [times(x) for x in xs] + [times(times(1))]


def late_binding(n: int) -> list[int]:
    step = 1

    def add(x):
        return x + step

    first = add(n)
    step = 10
    second = add(n)
    step += 100
    return [first, second, add(n)]


def sees_later_mutation(words: list[str]) -> list[bool]:
    seen: list[str] = []

    def known(w: str) -> bool:
        return w in seen

    out = []
    for w in words:
        out.append(known(w))
        seen.append(w)
    return out


def rank_by_priority(words: list[str], priority: dict[str, int]) -> list[str]:
    fallback = len(priority)

    def rank(w: str) -> tuple[int, str]:
        return (priority.get(w, fallback), w)

    return sorted(words, key=rank) + [max(words, key=rank)] if words else []


def map_and_filter(xs: list[int], threshold: int, factor: int) -> list[int]:
    def big(x):
        return x > threshold

    def scaled(x):
        return x * factor

    return list(map(scaled, filter(big, xs))) + [sum(map(scaled, xs))]


def tree_depth(children: dict[str, list[str]], root: str) -> int:
    def depth(node: str) -> int:
        best = 0
        for child in children.get(node, []):
            best = max(best, depth(child))
        return best + 1

    return depth(root)


def memo_fib(n: int) -> list[int]:
    memo: dict[int, int] = {0: 0, 1: 1}

    def fib(i: int) -> int:
        if i not in memo:
            memo[i] = fib(i - 1) + fib(i - 2)
        return memo[i]

    return [fib(n), len(memo)]


def nonlocal_counter(xs: list[int]) -> tuple[int, int]:
    total = 0
    calls = 0

    def bump(x: int) -> None:
        nonlocal total, calls
        total += x
        calls = calls + 1

    for x in xs:
        bump(x)
    bump(100)
    return total, calls


def nonlocal_text(words: list[str]) -> str:
    text = ""

    def emit(w: str) -> int:
        nonlocal text
        if text:
            text += "-"
        text = text + w.upper()
        return len(text)

    lengths = [emit(w) for w in words]
    return text + ":" + ",".join(str(n) for n in lengths)


def siblings(xs: list[int], offset: int, scale: int) -> list[int]:
    def shift(x: int) -> int:
        return x + offset

    def both(x: int) -> int:
        return shift(x) * scale  # uses offset through shift

    scale = scale + 1
    return [both(x) for x in xs]


def rebound_type(n: int) -> list[str]:
    value = n

    def show():
        return str(value) + "!"

    first = show()
    value = "v" + str(n)
    return [first, show()]


def raises_inside(xs: list[int], d: int) -> list[float]:
    def ratio(x: int) -> float:
        return x / d

    try:
        return [ratio(x) for x in xs]
    except ZeroDivisionError:
        d = 1
        return [ratio(x) for x in xs] + [-1.0]


def closure_in_generator(xs: list[int], k: int) -> Iterator[int]:
    def tag(x: int) -> int:
        return x * 10 + k

    for x in xs:
        yield tag(x)
        k += 1


def filtered_comprehension(words: list[str], banned: list[str], min_len: int) -> list[str]:
    def ok(w: str) -> bool:
        return w not in banned and len(w) >= min_len

    return [w.title() for w in words if ok(w)]


def lambdas_capture(xs: list[int], k: int) -> list[int]:
    bias = k * 2
    shift = lambda x: x + bias
    first = [shift(x) for x in xs]
    bias = -1
    return first + list(map(shift, xs)) + sorted(xs, key=lambda x: (x - k) ** 2)


def parameter_default_and_capture(xs: list[int], base: int) -> list[int]:
    def combine(x: int, extra: int = 5) -> int:
        return x + base + extra

    return [combine(x) for x in xs] + [combine(0, extra=-base)]


CASES = {
    "scale_all": [{"xs": [1, 2, 3], "k": 3}, {"xs": [], "k": -2}],
    "late_binding": [{"n": 5}],
    "sees_later_mutation": [{"words": ["a", "b", "a", "c", "b"]}],
    "rank_by_priority": [{"words": ["pear", "fig", "apple", "kiwi"], "priority": {"fig": 0, "kiwi": 1}},
                         {"words": [], "priority": {}}],
    "map_and_filter": [{"xs": [1, 5, 2, 8, 3], "threshold": 2, "factor": 3}],
    "tree_depth": [{"children": {"a": ["b", "c"], "b": ["d"], "d": ["e"]}, "root": "a"},
                   {"children": {}, "root": "z"}],
    "memo_fib": [{"n": 30}, {"n": 1}],
    "nonlocal_counter": [{"xs": [3, 4, 5]}, {"xs": []}],
    "nonlocal_text": [{"words": ["ab", "c", "def"]}, {"words": []}],
    "siblings": [{"xs": [1, 2], "offset": 10, "scale": 2}],
    "rebound_type": [{"n": 7}],
    "raises_inside": [{"xs": [1, 2], "d": 4}, {"xs": [3], "d": 0}],
    "closure_in_generator": [{"xs": [1, 2, 3], "k": 5}],
    "filtered_comprehension": [{"words": ["apple", "be", "cherry", "date"], "banned": ["date"], "min_len": 3}],
    "lambdas_capture": [{"xs": [3, 1, 2], "k": 2}],
    "parameter_default_and_capture": [{"xs": [1, 2], "base": 10}],
}
