"""Differential corpus: helpers without annotations, compiled once per combination of argument
types they are called with (their return type comes from their `return` statements)."""


def scale(xs, factor=2):
    return [x * factor for x in xs]


def describe(value):
    if value > 10:
        return "big"
    return "small"


def pair_up(a, b):
    return (a, b)


def count_matching(items, predicate_value):
    n = 0
    for item in items:
        if item == predicate_value:
            n += 1
    return n


def nothing(xs):
    xs.append(0)


def use_scale(xs: list[int], ys: list[float]) -> list[str]:
    return [str(scale(xs)), str(scale(ys, 0.5)), str(scale(xs, factor=3)), str(scale(["a"], 3))]


def use_describe(n: int, x: float) -> list[str]:
    return [describe(n), describe(x), describe(len("hello world!"))]


def use_pairs(words: list[str]) -> list[tuple[str, int]]:
    return [pair_up(w, len(w)) for w in words]


def use_count(words: list[str], xs: list[int]) -> list[int]:
    return [count_matching(words, "a"), count_matching(xs, 3)]


def use_nothing(xs: list[int]) -> list[int]:
    nothing(xs)
    return xs


CASES = {
    "use_scale": [{"xs": [1, 2], "ys": [1.5, -2.0]}],
    "use_describe": [{"n": 11, "x": 2.5}],
    "use_pairs": [{"words": ["ab", "c"]}],
    "use_count": [{"words": ["a", "b", "a"], "xs": [3, 3, 1]}],
    "use_nothing": [{"xs": [5]}],
}


def stored_lambdas(words: list[str], n: int) -> list[str]:
    by_length = lambda w: (len(w), w)
    shout = lambda w, k: w.upper() * k
    ordered = sorted(words, key=by_length)
    return [shout(w, n) for w in ordered] + [str(by_length("abc"))]


CASES["stored_lambdas"] = [{"words": ["ccc", "a", "bb", "ab"], "n": 2}]


def nested_helpers(words: list[str], n: int) -> list[str]:
    def shout(word: str, times: int) -> str:
        return (word.upper() + "!") * times

    def longest(items):
        best = ""
        for item in items:
            if len(item) > len(best):
                best = item
        return best

    return [shout(w, n) for w in words] + [longest(words)]


CASES["nested_helpers"] = [{"words": ["ab", "cde", "f"], "n": 2}, {"words": [], "n": 1}]
