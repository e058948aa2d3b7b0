"""kiln.load(path): a compiled function, ready to call with Python values."""

from __future__ import annotations

import ctypes
import json
import os
from typing import Any

from kiln import _abi
from kiln._values import from_value, raise_error, to_value
from kiln.errors import KilnError


class Predictor:
    """A Kiln artifact loaded in this process. Call it with the function's arguments (by name, or by
    position in the signature's order); `signature` describes them."""

    def __init__(self, path: str | os.PathLike[str]):
        directory = os.fspath(path)
        manifest = _read_manifest(directory)
        version = manifest.get("abi_version")
        if version != _abi.ABI_VERSION:
            raise KilnError("ImportError", f"{directory} was built for Kiln ABI version {version}; "
                                           f"this client speaks version {_abi.ABI_VERSION}")
        self._lib = _abi.bind(os.path.join(directory, manifest["library"]))
        if self._lib.kiln_abi_version() != _abi.ABI_VERSION:
            raise KilnError("ImportError", f"{directory}'s library speaks ABI version {self._lib.kiln_abi_version()}")
        handle, error = ctypes.c_void_p(), ctypes.c_void_p()
        if self._lib.kiln_predictor_open(directory.encode(), self._lib.kiln_predictor_default_params(),
                                         ctypes.byref(handle), ctypes.byref(error)) != 0:
            raise_error(self._lib, error)
        self._handle = handle
        self.signature: dict[str, Any] = json.loads(self._lib.kiln_predictor_signature(handle))
        self.name: str = self.signature["name"]
        # The last call's latency (ns) and the tokens its model ops processed.
        self.last_run: dict[str, int] = {"latency_ns": 0, "tokens": 0}

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._handle is None:
            raise KilnError("ValueError", "this predictor is closed")
        params = [p["name"] for p in self.signature["params"]]
        if len(args) > len(params):
            raise make_type_error(f"{self.name}() takes {len(params)} positional arguments but {len(args)} were given")
        for name, value in zip(params, args):
            if name in kwargs:
                raise make_type_error(f"{self.name}() got multiple values for argument '{name}'")
            kwargs[name] = value
        lib = self._lib
        inputs = to_value(lib, kwargs)
        output, error, info = ctypes.c_void_p(), ctypes.c_void_p(), _abi.RunInfo()
        try:
            status = lib.kiln_predictor_run_with_info(self._handle, inputs, ctypes.byref(output), ctypes.byref(info),
                                                      ctypes.byref(error))
        finally:
            lib.kiln_value_release(inputs)
        self.last_run = {"latency_ns": info.latency_ns, "tokens": info.tokens}
        if status != 0:
            raise_error(lib, error)
        try:
            return from_value(lib, output)
        finally:
            lib.kiln_value_release(output)

    def close(self) -> None:
        if self._handle is not None:
            self._lib.kiln_predictor_release(self._handle)
            self._handle = None

    def __enter__(self) -> "Predictor":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_handle", None) is not None:
            self.close()


def make_type_error(message: str) -> KilnError:
    from kiln.errors import make_error
    return make_error("TypeError", message)


def _read_manifest(directory: str) -> dict[str, Any]:
    if not os.path.isdir(directory):
        raise KilnError("FileNotFoundError", f"no Kiln artifact at {directory!r} (not a directory)")
    manifests = [f for f in os.listdir(directory) if f.endswith(".json")]
    for name in manifests:
        try:
            with open(os.path.join(directory, name)) as f:
                manifest = json.load(f)
        except (OSError, ValueError):
            continue
        if isinstance(manifest, dict) and "library" in manifest and "abi_version" in manifest:
            return manifest
    raise KilnError("FileNotFoundError", f"{directory!r} is not a Kiln artifact (no manifest; build one with "
                                         "`kiln compile`)")


def load(path: str | os.PathLike[str]) -> Predictor:
    """The compiled function in artifact directory `path`."""
    return Predictor(path)
