"""Differential corpus: tagged unions (`int | str`, `float | list[float]`) told apart with isinstance,
as parameters, results, locals and container items."""

from typing import Union


def describe(x: int | str) -> str:
    if isinstance(x, int):
        return f"int {x + 1}"
    return "str " + x.upper()


def total(items: list[int | str]) -> int:
    n = 0
    for item in items:
        if isinstance(item, str):
            n += len(item)
        else:
            n += item
    return n


def parse(text: str) -> int | str:
    if text.isdigit():
        return int(text)
    return text.strip()


def first_or_value(x: Union[float, list[float]]) -> float:
    if isinstance(x, list):
        return x[0] if x else 0.0
    return x


def union_repr(items: list[int | str]) -> str:
    return repr(items) + str(len(items))


CASES = {
    "describe": [{"x": 4}, {"x": "ab"}],
    "total": [{"items": [1, "abc", 10, ""]}],
    "parse": [{"text": "42"}, {"text": " x "}],
    "first_or_value": [{"x": 2.5}, {"x": [1.5, 2.0]}, {"x": []}, {"x": 3}],
    "union_repr": [{"items": [1, "a"]}],
}
