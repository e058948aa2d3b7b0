"""Tricky valid and invalid Python, each checked against CPython (never against expected text)."""

from __future__ import annotations

import re

import pytest

from cpython_oracle import cpython_dump

VALID = [
    "x = 1\n",
    "a, *b = c = d\n",
    "x: int\n(y): int = 1\na.b: str = 'x'\nc[0]: int\n",
    "def f(a, b=1, /, c=2, *d, e, f=3, **g) -> int: pass\n",
    "def f(*, a): pass\ndef g(*args: *Ts): pass\n",
    "lambda: 0\nlambda a, /, b=1, *c, d, **e: a\n",
    "f(*a, *b, c=1, **d, e=2)\nf(x for x in y)\nf(a)(b)[c].d\n",
    "x = [*a, *b]\ny = {**a, 'b': 1, **c}\nz = {*a, b}\n",
    "[x for x in y if x if not x for z in x]\n{k: v for k, v in d}\n{x async for x in y}\n",
    "(x := 1)\n[y := f(x), y**2]\nf(x := 1)\nif (n := len(a)) > 10: pass\n",
    "{(c := a): (a := b) for _ in r}\n",
    "a[1:2, ::3, ...]\na[()]\na[:]\na[::]\na[*b]\na[1,]\n",
    "x = yield\nx = yield from y\nz = (yield)\nawait x\n",
    "with (a as b, c as d,): pass\nwith (a, b): pass\nwith (a, b) as c: pass\nwith a as (b, c): pass\n",
    "try:\n  pass\nexcept* (A, B) as e:\n  pass\n",
    "try:\n  pass\nexcept A:\n  pass\nelse:\n  pass\nfinally:\n  pass\n",
    "match x:\n  case [1, 2, *r] | (3, 4): pass\n  case {'a': 1, **rest}: pass\n  case P(1, y=2) as z if z: pass\n"
    "  case -1 | 1.5 | -2+3j | 'a' 'b' | None | True: pass\n  case a.b.c: pass\n  case _: pass\n  case (x,): pass\n",
    "match = 1\nmatch.x = 2\ncase = 3\nmatch(x)\nprint(match, case)\n",
    "match x, y:\n  case 1, 2: pass\nmatch *a, b:\n  case [*_]: pass\n",
    "f'{x!r:>{width}.{prec}} {y=} {z = !s:^10} {{}} {a["
    "\"k\"]}'\nf'{x:}' f\"{'a'}\" rf'\\d{x}'\n",
    "f'{3.14:{\"w\"}}'\nf'''{\nx\n}'''\nf'{x!a}' 'lit' f'{y}'\n",
    "u'abc' 'def'\nU'x'\n'a' u'b'\nb'\\x00\\n' rb'\\d' Rb'x' B'y'\n",
    "'\\N{LATIN SMALL LETTER A}\\N{EM DASH}\\u00e9\\U0001F600\\x41\\101\\0\\q'\n",
    "'''line1\nline2\\\nline3'''\n\"\\\"\" '\\''\n",
    "1_000 + 0x_ff + 0o17 + 0b1_0 + 1.5e10 + 3j + .5 + 1. + 1e999 + 0xffffffffffffffffffffffff + 1E-5\n",
    "0 + 00 + 0_0 + 0.0 + 0e0 + 0j + 09.5 + 1if x else 2\n",
    "not a and b or c in d not in e is not f is g < h <= i > j >= k != l == m\n",
    "a | b ^ c & d << e >> f + g - h * i / j // k % l @ m ** -n ** ~o\n",
    "x = -1\nx = - -1\nx = +1\nx = ~1\nx = 2**-1\n",
    "@a.b(c)\n@d\nclass C(B, metaclass=M):\n  @property\n  async def f(self): ...\n",
    "global a, b\nnonlocal c\ndel a, b[0], c.d\ndel (a, b), [c]\nassert x, 'msg'\nraise\nraise E from None\n",
    "from . import a\nfrom .. import (b, c,)\nfrom ...x.y import z as w\nfrom .... import q\nimport a.b.c as d, e\n",
    "if a:\n  pass\nelif b:\n  pass\nelif c:\n  pass\nelse:\n  pass\n",
    "while x:\n  break\nelse:\n  continue\nfor a, (b, *c) in d:\n  pass\nelse:\n  pass\n",
    "x = 1; y = 2;\nif x: y = 1; z = 2\n",
    "def f():\n\tif x:\n\t\treturn 1\n\treturn\n",
    "x = (1,\n     2)\ny = [\n  1,\n]\nz = \\\n  3\n",
    "class A: pass\nclass B(): pass\nclass C(*bases, **kw): pass\n",
    b"\xef\xbb\xbfx = 1\n",
    "# -*- coding: latin-1 -*-\nx = 'caf\xe9'\n".encode("latin-1"),
    "x = 1\r\ny = 2\r\n'''a\r\nb'''\r\n",
    "é = 1\nℌ = 2\nﬁ = 3\n",
    "x = ('a'\n     'b')\n",
    "async def f():\n  async with a: pass\n  async for x in y: pass\n  return [x async for x in y]\n",
    "def f[T](x): pass\n" if False else "t = ()\nt = (1,)\nt = 1,\n",
    "x = a if b else c if d else e\ny = lambda: (lambda: 1)\n",
    "print(*a, sep='', **k)\n",
    "match x:\n  case f'{y}': pass\n",
    "",
    "\n\n# only a comment",
    "x = 1  # comment without newline",
    "if x:\n    pass\n        # odd comment\n",
]


@pytest.mark.parametrize("source", VALID, ids=range(len(VALID)))
def test_valid_source_dumps_like_cpython(kiln, source):
    expected = cpython_dump(source)
    assert expected is not None, "CPython must accept this snippet"
    run = kiln.parse(source)
    assert run.returncode == 0, run.stderr.decode()
    assert run.stdout.decode().rstrip("\n") == expected


INVALID = [
    "x = (\n",
    "def f(:\n",
    "a = 1 +\n",
    "f(a=1, b)\n",
    "f(**a, *b)\n",
    "f(x for x in y, 1)\n",
    "x = = 1\n",
    "1 = x\n",
    "f() = 1\n",
    "None = 1\n",
    "a + 1 += 2\n",
    "a, b += 1\n",
    "(a, b): int\n",
    "if x\n  pass\n",
    "f'{}'\n",
    "f'{x!z}'\n",
    "f'}'\n",
    "f'{x'\n",
    "f'{a\\n}'\n",
    "f'{#}'\n",
    "print 'x'\n",
    "  x = 1\n",
    "if x:\npass\n",
    "if x:\n    a\n  b\n",
    "if x:\n\ta\n        b\n",
    "x = 0777\n",
    "x = 1_\n",
    "x = 0x\n",
    "x = 0b2\n",
    "x = 1__0\n",
    "x = 1abc\n",
    "s = 'abc\n",
    "s = '''abc\n",
    "$x\n",
    "x = a ? b\n",
    "def f(a=1, b): pass\n",
    "def f(*): pass\n",
    "def f(**a, b): pass\n",
    "def f(a, /, /): pass\n",
    "class A(: pass\n",
    "(*a)\n",
    "[*a for a in b]\n",
    "import a.b as\n",
    "from x import a,\n",
    "from x import\n",
    "x = )\n",
    "x = (]\n",
    "x = 1 +\\\n",
    "x = 1 \\ y\n",
    "b'é'\n",
    "'a' b'b'\n",
    "'\\N{NOT A REAL NAME}'\n",
    "'\\x4'\n",
    "'\\u12'\n",
    "'\\U12345678'\n",
    "try:\n  pass\n",
    "try:\n  pass\nexcept A:\n  pass\nexcept* B:\n  pass\n",
    "except x: pass\n",
    "x = 1 if y\n",
    "lambda x: yield\n" if False else "lambda: x = 1\n",
    "del f()\n",
    "del *a\n",
    "for f() in x: pass\n",
    "with a as f(): pass\n",
    "match x:\n  case 1 + 1: pass\n",
    "match x:\n  case P(a=1, b): pass\n",
    "a := 1\n",
    "x = 1 <> 2\n",
    "x = [\n",
    "x = {1: 2\n",
    "x = \x00\n",
    b"x = '\xff'\n",
    b"# coding: nonexistent-encoding\nx = 1\n",
    b"\xef\xbb\xbf# coding: latin-1\nx = 1\n",
    "é€ = 1\n",
    "x = \u200b\n",
]

DIAGNOSTIC = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): error: (?P<message>.+)$", re.M)


@pytest.mark.parametrize("source", INVALID, ids=range(len(INVALID)))
def test_invalid_source_is_a_diagnostic(kiln, source):
    assert cpython_dump(source) is None, "CPython must reject this snippet"
    run = kiln.parse(source)
    assert run.returncode == 1, (run.returncode, run.stdout, run.stderr)
    err = run.stderr.decode()
    assert run.stdout == b""
    first = err.splitlines()[0]
    located = DIAGNOSTIC.match(first)
    if located:
        # The source line and a caret follow a located diagnostic.
        lines = err.splitlines()
        assert len(lines) >= 3 and "^" in lines[2], err
    else:
        # Only whole-file problems (the encoding) have no line.
        assert re.match(r"^[^:\n]+: error: .*(encoding|codec)", first), err
