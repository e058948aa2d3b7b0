"""Syntax errors carry CPython's message and line (where practical): measured on a fixed sample.

The sample is the snippet suite's invalid inputs plus standard-library files broken by one random
edit (a character deleted, inserted or replaced) that CPython rejects; CPython's SyntaxError gives the
expected message and line. Every input must be rejected; the agreement must stay above the bounds.
"""

from __future__ import annotations

import ast
import os
import random
import re
import sysconfig
import warnings

from test_snippets import INVALID

MESSAGE_AGREEMENT = 0.90
LINE_AGREEMENT = 0.95
SAMPLE_SIZE = 400
DIAGNOSTIC = re.compile(r"^.*?:(\d+):\d+: error: (.*)$")


def cpython_error(source: str | bytes):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ast.parse(source)
        except SyntaxError as e:
            return e.msg, e.lineno
        except ValueError as e:
            return str(e), None
    return None


def broken_stdlib_sources(count: int) -> list[str]:
    rng = random.Random(99)
    root = sysconfig.get_paths()["stdlib"]
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) if "site-packages" not in d
                   for f in fs if f.endswith(".py"))
    chars = "()[]{}:,.=+-*'\"\n #@"
    out = []
    while len(out) < count:
        try:
            text = open(rng.choice(files), "rb").read()[:3000].decode()
        except UnicodeDecodeError:
            continue
        i = rng.randrange(len(text) or 1)
        edit = rng.random()
        if edit < 0.4:
            text = text[:i] + text[i + 1:]
        elif edit < 0.7:
            text = text[:i] + rng.choice(chars) + text[i:]
        else:
            text = text[:i] + rng.choice(chars) + text[i + 1:]
        if cpython_error(text):
            out.append(text)
    return out


def test_errors_agree_with_cpython(kiln):
    sources = list(INVALID) + broken_stdlib_sources(SAMPLE_SIZE)
    same_message = same_line = 0
    for source in sources:
        message, line = cpython_error(source)
        run = kiln.parse(source)
        assert run.returncode == 1, source
        first = run.stderr.decode(errors="replace").splitlines()[0]
        located = DIAGNOSTIC.match(first)
        got_line, got_message = (int(located.group(1)), located.group(2)) if located else (None, first)
        same_message += got_message == message
        same_line += got_line == line
    n = len(sources)
    print(f"\nerror parity on {n} inputs: message {same_message / n:.1%}, line {same_line / n:.1%}")
    assert same_message / n >= MESSAGE_AGREEMENT
    assert same_line / n >= LINE_AGREEMENT
