"""The runtime's Unicode tables, codecs and repr agree with CPython on every input tried.

The C++ side answers through build/bin/kiln-runtime-probe; CPython computes every expected value.
"""

from __future__ import annotations

import codecs
import os
import random
import struct
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PROBE = Path(os.environ.get("KILN_RUNTIME_PROBE", REPO / "build" / "bin" / "kiln-runtime-probe"))
CATEGORY_FLAGS = ("isprintable", None, None, "isdecimal", "isdigit", "isnumeric", "isalpha", "isspace",
                  "islower", "isupper", "istitle", None)


@pytest.fixture(scope="module")
def probe():
    if not PROBE.exists():
        pytest.fail(f"{PROBE} is not built; run scripts/setup first")

    def ask(lines: list[str]) -> list[str]:
        run = subprocess.run([str(PROBE)], input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr
        return run.stdout.split("\n")[: len(lines)]

    return ask


def hexs(s: str | bytes) -> str:
    return (s.encode("utf-8", "surrogatepass") if isinstance(s, str) else s).hex()


def unhex_str(h: str) -> str:
    return bytes.fromhex(h).decode("utf-8", "surrogatepass")


def expected_properties(cp: int) -> str:
    c = chr(cp)
    bits = 0
    for i, method in enumerate(CATEGORY_FLAGS):
        if method and getattr(c, method)():
            bits |= 1 << i
    if c.isidentifier():
        bits |= 1 << 1
    if ("a" + c).isidentifier():
        bits |= 1 << 2
    if c.lower() != c or c.upper() != c or c.islower() or c.isupper():
        bits |= 1 << 11
    return f"{unicodedata.category(c)} {bits} {unicodedata.combining(c)}"


def test_properties_of_every_code_point(probe):
    run = subprocess.run([str(PROBE)], input="props\n", capture_output=True, text=True, timeout=600)
    got = run.stdout.split("\n")
    mismatches = [cp for cp in range(sys.maxunicode + 1) if got[cp] != expected_properties(cp)]
    assert not mismatches, [(hex(cp), got[cp], expected_properties(cp)) for cp in mismatches[:20]]


def normalization_cases() -> list[str]:
    rng = random.Random(7)
    cases = [chr(cp) for cp in range(sys.maxunicode + 1) if not 0xD800 <= cp < 0xE000 and unicodedata.decomposition(chr(cp))]
    marks = [chr(cp) for cp in range(0x300, 0x370)] + ["\u0f71", "\u0f72", "\u05b0", "\u1dc0", "\u302a"]
    bases = list("aeiouAEIOUnNcCsSzZ") + ["\u1100", "\u1161", "\u11a8", "\uac00", "\u0627", "\u0928", "\u0b47", "\u0dd9"]
    for _ in range(3000):
        cases.append("".join(rng.choice(bases + marks) for _ in range(rng.randint(1, 8))))
    cases += ["ﬁ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "Å", "Å", "ḱṷṓn", "\u1e0b\u0323", "\u0071\u0307\u0323", "한국어", "\u1100\u1161\u11a8"]
    return cases


@pytest.mark.parametrize("form", ["NFC", "NFD", "NFKC", "NFKD"])
def test_normalization(probe, form):
    cases = normalization_cases()
    got = probe([f"normalize {form} {hexs(c)}" for c in cases])
    wrong = [(c, unhex_str(g), unicodedata.normalize(form, c)) for c, g in zip(cases, got)
             if unhex_str(g) != unicodedata.normalize(form, c)]
    assert not wrong, wrong[:10]


def test_lookup_of_every_name_and_some_non_names(probe):
    names = {}
    for cp in range(sys.maxunicode + 1):
        name = unicodedata.name(chr(cp), "")
        if name:
            names[name] = cp
    queries = list(names) + [n.lower() for n in list(names)[::97]]
    queries += ["LINE FEED", "BYTE ORDER MARK", "NOT A CHARACTER NAME", "LATIN SMALL LETTER", "", "HANGUL SYLLABLE"]
    got = probe([f"lookup {hexs(q)}" for q in queries])
    for q, g in zip(queries, got):
        try:
            want = ord(unicodedata.lookup(q))
        except KeyError:
            want = -1
        assert int(g) == want, q


def test_decoding_with_each_codec(probe):
    rng = random.Random(3)
    encodings = ["utf-8", "UTF8", "ascii", "latin-1", "Latin1", "iso-8859-15", "iso8859_5", "ISO_8859-2", "cp1252",
                 "windows-1251", "koi8-r", "KOI8_U", "cp437", "cp850", "cp866", "mac-roman", "macroman", "euc-jp", "nope"]
    samples = [bytes(rng.randrange(256) for _ in range(rng.randint(0, 40))) for _ in range(60)]
    samples += [bytes(range(256)), "héllo wörld €".encode("utf-8"), b"plain ascii"]
    lines, expected = [], []
    for enc in encodings:
        for data in samples:
            lines.append(f"decode {hexs(enc)} {data.hex()}")
            try:
                codecs.lookup(enc)
            except LookupError:
                expected.append(("unknown", None))
                continue
            if enc == "euc-jp":  # a real codec that Kiln does not support: it must say so
                expected.append(("unknown", None))
                continue
            try:
                expected.append(("ok", data.decode(enc)))
            except UnicodeDecodeError as e:
                expected.append(("error", str(e)))
    for (status, value), got in zip(expected, probe(lines)):
        kind, _, payload = got.partition(" ")
        assert kind == status, (status, value, got)
        if status != "unknown":
            assert bytes.fromhex(payload).decode("utf-8", "surrogatepass") == value


def test_repr_of_strings_and_bytes(probe):
    rng = random.Random(5)
    pools = [range(0, 0x100), range(0x100, 0x3000), range(0xD800, 0xE000), range(0xE000, 0x110000)]
    strings = ["", "'", '"', "'\"", "a'b", "\\", "\t\n\r\x00\x7f\x80\xa0\xad", "é€😀", "\u2028\u200b\ufeff"]
    for _ in range(4000):
        pool = rng.choice(pools)
        strings.append("".join(chr(rng.choice(pool)) for _ in range(rng.randint(0, 12))))
    got = probe([f"repr_str {hexs(s)}" for s in strings])
    assert [unhex_str(g) for g in got] == [repr(s) for s in strings]
    blobs = [bytes(rng.randrange(256) for _ in range(rng.randint(0, 20))) for _ in range(2000)] + [b"'", b"'\"", b""]
    got = probe([f"repr_bytes {b.hex()}" for b in blobs])
    assert [bytes.fromhex(g).decode() for g in got] == [repr(b) for b in blobs]


def random_doubles(rng: random.Random, n: int) -> list[float]:
    values = [0.0, -0.0, 1.0, 0.1, 1e16, 1e15, 9999999999999998.0, 1e-4, 1e-5, 0.0001, 123456789012345678.0,
              1e22, 5e-324, 1.7976931348623157e308, float("inf"), float("-inf"), float("nan"), 2.5, 1 / 3]
    for _ in range(n):
        kind = rng.random()
        if kind < 0.4:
            bits = rng.getrandbits(64)
            values.append(struct.unpack("<d", struct.pack("<Q", bits))[0])
        elif kind < 0.7:
            values.append(round(rng.uniform(-1e6, 1e6), rng.randint(0, 8)))
        else:
            values.append(rng.uniform(1, 10) * 10.0 ** rng.randint(-30, 30))
    return values


def bits(x: float) -> str:
    return format(struct.unpack("<Q", struct.pack("<d", x))[0], "x")


def test_repr_of_floats(probe):
    values = random_doubles(random.Random(11), 100000)
    got = probe([f"repr_float {bits(v)}" for v in values])
    wrong = [(v, g) for v, g in zip(values, got) if g != repr(v)]
    assert not wrong, wrong[:10]


def test_repr_of_complex(probe):
    rng = random.Random(13)
    reals = random_doubles(rng, 300) + [0.0, -0.0]
    pairs = [(rng.choice(reals), rng.choice(reals)) for _ in range(3000)] + [(0.0, 1.0), (-0.0, 1.0), (0.0, -0.0)]
    got = probe([f"repr_complex {bits(a)} {bits(b)}" for a, b in pairs])
    wrong = [(a, b, g) for (a, b), g in zip(pairs, got) if g != repr(complex(a, b))]
    assert not wrong, wrong[:10]


def test_big_integer_literals(probe):
    rng = random.Random(17)
    cases = [("0", 10), ("0", 16), ("ff", 16), ("777", 8), ("1" * 200, 2)]
    for _ in range(500):
        base = rng.choice([2, 8, 10, 16])
        n = rng.getrandbits(rng.randint(1, 600))
        digits = {2: format(n, "b"), 8: format(n, "o"), 10: str(n), 16: format(n, "x")}[base]
        cases.append((digits, base))
    got = probe([f"int {d} {b}" for d, b in cases])
    assert got == [str(int(d, b)) for d, b in cases]
