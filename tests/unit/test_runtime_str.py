"""The runtime's str methods (runtime/str.h) agree with CPython's on thousands of random calls each.

The C++ side answers through build/bin/kiln-str-probe; CPython computes every expected value, and an
exception must match in type and message.
"""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PROBE = Path(os.environ.get("KILN_STR_PROBE", REPO / "build" / "bin" / "kiln-str-probe"))
CASES_PER_METHOD = 3000

# Characters that exercise the corner cases: every kind of whitespace and line break, case mappings
# that change length or depend on context, combining marks, wide characters and lone surrogates.
POOLS = [
    "abcxyzABCXYZ019 _-+.,:;'!?\t\n\r",
    "\x00\x0b\x0c\x1c\x1d\x1e\x1f\x7f\x85\xa0\u1680\u2000\u2007\u200b\u2028\u2029\u202f\u205f\u3000\ufeff",
    "àéîõüÀÉÎÕÜçÇñÑÿŸßẞµǅǈǋǲ",
    "ΣσςΑαΒβΩωΐΰͅ\u0345",
    "İıiIKkK",
    "ﬁﬂﬀﬃﬅŉǰ",
    "\u0300\u0301\u0308\u0327\u0307\u05b0\u200d\u00ad'.:",
    "中文字日本語한국어٠١٢३४५²³½Ⅻⅻ①",
    "😀🎉👍🏽𝔘𝔫𝐀𝐚\U0001e900\U0001e922",
    "\ud800\udc00\udfff\udbff",
]
ALL = "".join(POOLS)


def random_str(rng: random.Random, max_len: int = 12) -> str:
    pools = rng.sample(POOLS, rng.randint(1, 3))
    return "".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(0, max_len)))


def piece_of(rng: random.Random, s: str) -> str:
    """Usually a substring of s (so searches hit), sometimes unrelated text."""
    if s and rng.random() < 0.7:
        i = rng.randrange(len(s))
        return s[i:i + rng.randint(0, 3)]
    return random_str(rng, 2)


def bound(rng: random.Random, s: str) -> int | None:
    return None if rng.random() < 0.3 else rng.randint(-len(s) - 3, len(s) + 3)


def maybe(rng: random.Random, args: tuple, *optional) -> tuple:
    """`args`, and most of the time the optional trailing arguments too."""
    return args + optional if rng.random() < 0.7 else args


def bounds(rng: random.Random, s: str) -> tuple:
    """Optional (start, end) arguments: none, start only, or both."""
    return tuple(bound(rng, s) for _ in range(rng.randint(0, 2)))


# How each method's arguments are drawn: (s, rng) -> argument tuple, s first.
def _search(rng, s):
    return (s, piece_of(rng, s)) + bounds(rng, s)


def _tailmatch(rng, s):
    arg = tuple(piece_of(rng, s) for _ in range(rng.randint(0, 3))) if rng.random() < 0.3 else piece_of(rng, s)
    return (s, arg) + bounds(rng, s)


def _split(rng, s):
    sep = None if rng.random() < 0.4 else piece_of(rng, s)
    return maybe(rng, (s, sep), rng.randint(-2, 4))


def _strip(rng, s):
    return maybe(rng, (s,), None if rng.random() < 0.2 else piece_of(rng, s) + random_str(rng, 2))


def _justify(rng, s):
    width = rng.randint(-2, len(s) + 6)
    return maybe(rng, (s, width), rng.choice([rng.choice(ALL), "", "ab"]))


def _slice(rng, s):
    step = None if rng.random() < 0.3 else rng.choice([-3, -2, -1, 0, 1, 2, 3, 7, -2**63, 2**63 - 1])
    return (s, bound(rng, s), bound(rng, s), step)


GENERATORS = {
    "len": lambda rng, s: (s,),
    "getitem": lambda rng, s: (s, rng.randint(-len(s) - 2, len(s) + 1)),
    "slice": _slice,
    "repeat": lambda rng, s: (s, rng.choice([-1, 0, 1, 2, 3, 5, 2**62 if s else 7])),
    "compare": lambda rng, s: (s, rng.choice([s, piece_of(rng, s), random_str(rng), s[:-1] + rng.choice(ALL)])),
    "contains": lambda rng, s: (s, piece_of(rng, s)),
    "ord": lambda rng, s: (s[:rng.choice([0, 1, 1, 1, 2])],),
    "chr": lambda rng, s: (rng.choice([-1, 0, 0x10FFFF, 0x110000, rng.randrange(0x110000), ord(s[0] if s else "a")]),),
    "split": _split,
    "rsplit": _split,
    "splitlines": lambda rng, s: maybe(rng, (s,), rng.randint(0, 1)),
    "join": lambda rng, s: (piece_of(rng, s), tuple(random_str(rng, 4) for _ in range(rng.randint(0, 4)))),
    "strip": _strip,
    "lstrip": _strip,
    "rstrip": _strip,
    "partition": lambda rng, s: (s, piece_of(rng, s)),
    "rpartition": lambda rng, s: (s, piece_of(rng, s)),
    "replace": lambda rng, s: maybe(rng, (s, piece_of(rng, s), random_str(rng, 3)), rng.randint(-2, 4)),
    "removeprefix": lambda rng, s: (s, s[:rng.randint(0, len(s))] if rng.random() < 0.6 else piece_of(rng, s)),
    "removesuffix": lambda rng, s: (s, s[rng.randint(0, len(s)):] if rng.random() < 0.6 else piece_of(rng, s)),
    "find": _search,
    "rfind": _search,
    "index": _search,
    "rindex": _search,
    "count": _search,
    "startswith": _tailmatch,
    "endswith": _tailmatch,
    "center": _justify,
    "ljust": _justify,
    "rjust": _justify,
    "zfill": lambda rng, s: (rng.choice(["", "+", "-"]) + s, rng.randint(-1, len(s) + 5)),
    "expandtabs": lambda rng, s: maybe(rng, (s.replace("x", "\t"),), rng.randint(-1, 9)),
    "encode": lambda rng, s: (s,),
}
UNARY = ["upper", "lower", "casefold", "title", "capitalize", "swapcase", "isascii", "isdigit", "isdecimal",
         "isnumeric", "isalpha", "isalnum", "isspace", "isprintable", "isidentifier", "islower", "isupper",
         "istitle"]
for _name in UNARY:
    GENERATORS[_name] = lambda rng, s: (s,)

# Calls that are not plain methods, spelled the way Python spells them.
SPECIAL = {
    "len": len,
    "getitem": lambda s, i: s[i],
    "slice": lambda s, a, b, c: s[a:b:c],
    "repeat": lambda s, n: s * n,
    "compare": lambda a, b: (a > b) - (a < b),
    "contains": lambda a, b: b in a,
    "ord": ord,
    "chr": chr,
    "join": lambda sep, parts: sep.join(parts),
    "splitlines": lambda s, *keep: s.splitlines(*map(bool, keep)),
}


def token(v) -> str:
    if v is None:
        return "n"
    if isinstance(v, str):
        return "s:" + v.encode("utf-8", "surrogatepass").hex()
    if isinstance(v, tuple):
        return "t:" + ",".join("x" + x.encode("utf-8", "surrogatepass").hex() for x in v)
    return f"i:{int(v)}"


def result_token(v) -> str:
    if isinstance(v, bool):
        return f"b:{v}"
    if isinstance(v, int):
        return f"i:{v}"
    if isinstance(v, bytes):
        return "y:" + v.hex()
    if isinstance(v, (list, tuple)):
        return "l:" + ",".join(x.encode("utf-8", "surrogatepass").hex() for x in v)
    return token(v)


def expected(method: str, args: tuple) -> str:
    call = SPECIAL.get(method) or (lambda s, *rest: getattr(s, method)(*rest))
    try:
        return "ok " + result_token(call(*args))
    except Exception as e:  # the probe must raise the same type with the same message
        return f"err {type(e).__name__} {str(e).encode('utf-8', 'surrogatepass').hex()}"


def cases(method: str) -> list[tuple]:
    rng = random.Random(method)
    generate = GENERATORS[method]
    fixed = ["", "a", "Σ", "ΑΣ", "ΑΣ ", "ΑΣͅ", "aΣ'b", "ß", "İ", "ﬁ", "a\r\nb\rc\n", "\ud800",
             " \t\x1c\u3000 ", "x" * 40 + "\t", "Ab1-" * 8]
    randoms = [random_str(rng, rng.choice([6, 12, 40])) for _ in range(CASES_PER_METHOD)]
    return [generate(rng, s) for s in fixed + randoms]


@pytest.fixture(scope="module")
def probe():
    if not PROBE.exists():
        pytest.fail(f"{PROBE} is not built; run scripts/setup first")

    def ask(lines: list[str]) -> list[str]:
        run = subprocess.run([str(PROBE)], input="\n".join(lines) + "\n", capture_output=True, text=True,
                             timeout=600)
        assert run.returncode == 0, run.stderr
        return run.stdout.split("\n")[: len(lines)]

    return ask


@pytest.mark.parametrize("method", sorted(GENERATORS))
def test_method_agrees_with_cpython(probe, method):
    calls = cases(method)
    got = probe([method + " " + " ".join(token(a) for a in args) for args in calls])
    wrong = [(args, g, expected(method, args)) for args, g in zip(calls, got) if g != expected(method, args)]
    assert not wrong, f"{len(wrong)}/{len(calls)} differ, e.g. {wrong[:5]}"


def every_code_point_in_context(method: str) -> list[str]:
    """Each code point where the method's context rules read it: title-casing lowercases a letter
    after a cased character, and a capital sigma is final unless a cased letter follows it past
    case-ignorable characters."""
    chars = [chr(cp) for cp in range(0x110000)]
    if method == "title":
        return [c + "a" for c in chars]
    if method == "lower":
        return ["a\u03a3" + c + "a" for c in chars] + ["a\u03a3" + c + "!" for c in chars]
    return chars


def test_case_mappings_of_every_code_point(probe):
    for method in ("upper", "lower", "casefold", "title", "swapcase", "capitalize"):
        texts = every_code_point_in_context(method)
        got = probe([f"{method} {token(t)}" for t in texts])
        wrong = [(t, g) for t, g in zip(texts, got) if g != expected(method, (t,))]
        assert not wrong, (method, len(wrong), wrong[:5])
