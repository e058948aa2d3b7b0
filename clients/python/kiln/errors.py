"""Errors. Everything the client raises is a KilnError. A compiled function's Python exception (and
Kiln's own TypeError for a bad argument) also is an instance of the built-in exception of the same
name, so `except KeyError:` catches a KeyError raised inside a compiled function, just as it would
catch the one CPython raises. `str(error)` is CPython's message for it."""

from __future__ import annotations

import builtins
import sys
import threading
from typing import Any


class KilnError(Exception):
    """An exception raised by a compiled function, or by Kiln for bad input.

    Attributes: `type` (the Python class name, "KeyError"), `message` (CPython's wording), `file` and
    `line` (where the Python source raised it; "" and 0 when Kiln itself raised it).
    """

    type: str
    message: str
    file: str
    line: int

    def __new__(cls, *args: Any, **kwargs: Any) -> "KilnError":
        # The built-in base's own __new__, without its arguments (OSError's reads meaning into them).
        # CPython refuses that for a base laid out like Exception (MemoryError), whose instances
        # Exception's __new__ makes instead.
        try:
            return super().__new__(cls)
        except TypeError:
            return Exception.__new__(cls)

    def __init__(self, type: str, message: str, file: str = "", line: int = 0):
        # BaseException's __init__ directly: UnicodeDecodeError's would want five arguments.
        BaseException.__init__(self, message)
        self.type, self.message, self.file, self.line = type, message, file, line
        if file and line and sys.version_info >= (3, 11):
            self.add_note(f'  raised by the compiled function at File "{file}", line {line}')

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        return make_error, (self.type, self.message, self.file, self.line)


_classes: dict[str, type[KilnError]] = {}
_classes_lock = threading.Lock()


def _builtin_exception(name: str) -> type[Exception] | None:
    base = getattr(builtins, name, None)
    # An ExceptionGroup needs the exceptions it groups, which one type name and message cannot give.
    if name in ("Exception", "ExceptionGroup"):
        return None
    if isinstance(base, type) and issubclass(base, Exception):
        return base
    return None


def error_class(type_name: str) -> type[KilnError]:
    """The class raised for a Python exception named `type_name`: KilnError combined with the built-in
    exception of that name when there is one, else a KilnError subclass of that name."""
    with _classes_lock:
        cls = _classes.get(type_name)
        if cls is None:
            base = _builtin_exception(type_name)
            bases: tuple[type, ...] = (KilnError, base) if base else (KilnError,)
            cls = type(type_name, bases, {"__module__": "kiln.errors"})
            _classes[type_name] = cls
        return cls


def make_error(type_name: str, message: str, file: str = "", line: int = 0) -> KilnError:
    return error_class(type_name)(type_name, message, file, line)
