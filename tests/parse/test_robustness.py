"""Hostile input never crashes, hangs or overflows the stack: it parses, or it is a diagnostic."""

from __future__ import annotations

import random

import pytest

from cpython_oracle import cpython_dump


def assert_clean_outcome(run):
    assert run.returncode in (0, 1), (run.returncode, run.stderr[-2000:])
    if run.returncode == 1:
        assert b"error:" in run.stderr


DEEP = [
    "(" * 100 + "1" + ")" * 100,
    "(" * 5000 + ")" * 5000,
    "[" * 199 + "]" * 199,
    "-" * 100000 + "1",
    "not " * 50000 + "x",
    "x = " + "a if b else " * 20000 + "c",
    "lambda: " * 20000 + "0",
    "2 ** " * 20000 + "2",
    "x" + ".a" * 100000,
    "f" + "(x)" * 50000,
    "a" + " + a" * 200000,
    "".join(f"{' ' * i}if x:\n" for i in range(150)) + " " * 150 + "pass\n",
    "f'{" * 10 + "x" + "}'" * 10,
    "x = " + "[" * 150 + "]" * 150,
    "match x:\n  case " + "[" * 150 + "_" + "]" * 150 + ": pass\n",
]


@pytest.mark.parametrize("source", DEEP, ids=range(len(DEEP)))
def test_deep_nesting_is_handled(kiln, source):
    run = kiln.parse(source)
    assert_clean_outcome(run)
    if cpython_dump(source) is None:
        assert run.returncode == 1


def test_nesting_limit_is_a_clear_error(kiln):
    run = kiln.parse("-" * 100000 + "1")
    assert run.returncode == 1
    assert b"nested" in run.stderr


@pytest.mark.parametrize(
    "source",
    [b"x = 1\x00\n", b"\x00", b"\xff\xfe\x00", b"x = '\xc3\x28'\n", b"\xed\xa0\x80 = 1\n", b"\xf4\x90\x80\x80\n"],
)
def test_bad_bytes_are_diagnostics(kiln, source):
    run = kiln.parse(source)
    assert run.returncode == 1, run.stdout
    assert b"error:" in run.stderr


def test_huge_file_parses(kiln):
    body = "".join(f"def f{i}(a, b=[{i}, 'x']):\n    return {{a: b for a in range({i})}}\n" for i in range(100000))
    run = kiln.parse(body, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.decode().rstrip("\n") == cpython_dump(body)


def test_random_bytes_never_crash(kiln):
    rng = random.Random(1234)
    alphabet = list(b"()[]{}:;,.=+-*/%@&|^~<>!'\"\\#\n\t ") + list(b"abcdefxyz0123456789_") + [0xC3, 0xA9, 0x80]
    keywords = [b"def ", b"class ", b"if ", b"else", b"lambda", b"yield", b"f'", b"match ", b"case ", b"await "]
    for _ in range(150):
        chunks = []
        for _ in range(rng.randint(1, 80)):
            chunks.append(rng.choice(keywords) if rng.random() < 0.15 else bytes([rng.choice(alphabet)]))
        source = b"".join(chunks)
        run = kiln.parse(source)
        assert_clean_outcome(run)
        expected = cpython_dump(source)
        if expected is None:
            assert run.returncode == 1, source
        else:
            assert run.returncode == 0 and run.stdout.decode().rstrip("\n") == expected, source
