"""Errors: a compiled function's Python exception arrives as a KilnError that is also an instance of
the matching built-in exception class (a KeyError from the function can be caught as KeyError)."""

from __future__ import annotations

import builtins
from typing import Optional


class KilnError(Exception):
    """An exception raised by a compiled function, or by Kiln for bad input."""

    def __init__(self, type: str, message: str, file: str = "", line: int = 0):
        super().__init__(message)
        self.type = type
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = f' (File "{self.file}", line {self.line})' if self.file and self.line else ""
        return f"{self.type}: {self.message}{where}"


_classes: dict[str, type] = {}


def error_class(type_name: str) -> type:
    """KilnError combined with the built-in exception of that name, when there is one."""
    if type_name not in _classes:
        base: Optional[type] = getattr(builtins, type_name, None)
        if isinstance(base, type) and issubclass(base, Exception) and base is not Exception:
            _classes[type_name] = type(f"Kiln{type_name}", (KilnError, base), {})
        else:
            _classes[type_name] = KilnError
    return _classes[type_name]


def make_error(type_name: str, message: str, file: str = "", line: int = 0) -> KilnError:
    cls = error_class(type_name)
    error = cls.__new__(cls)
    KilnError.__init__(error, type_name, message, file, line)
    return error
