"""CPython's own answer for a snippet: the oracle every parser test compares with."""

from __future__ import annotations

import ast
import warnings


def cpython_dump(source: bytes | str) -> str | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ast.dump(ast.parse(source))
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            return None
