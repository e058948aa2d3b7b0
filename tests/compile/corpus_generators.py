"""Differential corpus: generators (`yield`, `yield from`) consumed by loops and builtins, lazily:
an early `break` stops the body, and an exception raised inside reaches the consumer."""

from typing import Iterator


def chunks(text: str, size: int) -> Iterator[str]:
    for start in range(0, len(text), size):
        yield text[start:start + size]


def countdown(n: int) -> Iterator[int]:
    while n > 0:
        yield n
        n -= 1


def flatten(rows: list[list[int]]) -> Iterator[int]:
    for row in rows:
        yield from row


def until_negative(xs: list[int]) -> Iterator[int]:
    for x in xs:
        if x < 0:
            return
        yield x * 2


def ratios(xs: list[int]) -> Iterator[float]:
    for x in xs:
        yield 10 / x


def guarded(xs: list[int], log: list[str]) -> Iterator[int]:
    for x in xs:
        try:
            if x < 0:
                return
            if x == 0:
                continue
            yield x
        finally:
            log.append(f"done {x}")


def use_guarded(xs: list[int]) -> list[str]:
    log: list[str] = []
    for v in guarded(xs, log):
        log.append(f"got {v}")
    return log


def use_chunks(text: str, size: int) -> list[str]:
    return [c.upper() for c in chunks(text, size)]


def use_countdown(n: int) -> int:
    total = 0
    for k in countdown(n):
        if k == 3:
            break
        total += k
    return total


def use_flatten(rows: list[list[int]]) -> list[int]:
    return list(flatten(rows)) + [sum(flatten(rows))]


def use_until_negative(xs: list[int]) -> list[int]:
    return sorted(until_negative(xs))


def use_ratios(xs: list[int]) -> list[float]:
    out = []
    for r in ratios(xs):
        out.append(r)
    return out


def generator_result(n: int) -> Iterator[int]:
    for i in range(n):
        if i % 2:
            yield i * i


CASES = {
    "use_guarded": [{"xs": [1, 0, 2, -1, 3]}, {"xs": []}],
    "use_chunks": [{"text": "abcdefg", "size": 3}, {"text": "", "size": 2}, {"text": "ab", "size": 0}],
    "use_countdown": [{"n": 6}, {"n": 2}],
    "use_flatten": [{"rows": [[1, 2], [], [3]]}],
    "use_until_negative": [{"xs": [3, 1, -1, 5]}],
    "use_ratios": [{"xs": [1, 4, 0, 2]}, {"xs": [5]}],
    "generator_result": [{"n": 6}],
}
