"""kiln.load(path): a compiled function, ready to call with Python values."""

from __future__ import annotations

import ctypes
import json
import os
from collections.abc import Mapping
from typing import Any, NamedTuple, Optional, TypedDict, Union

from kiln import _abi, _tensors
from kiln._abi import check
from kiln._values import from_value, to_value
from kiln.errors import make_error

StrPath = Union[str, "os.PathLike[str]"]


class Parameter(TypedDict, total=False):
    name: str
    type: str  # as Python spells it: "list[str]", "int | None"
    kind: str  # "positional_only", "positional_or_keyword" or "keyword_only"
    default: Any  # present only when the parameter has one


class Signature(TypedDict):
    name: str
    doc: str
    params: list[Parameter]
    returns: str


class Run(NamedTuple):
    """One call's result and what it cost: wall-clock latency, and the tokens the function's model ops
    processed (0 for a function without a model)."""

    output: Any
    latency_ns: int
    tokens: int


class Predictor:
    """A Kiln artifact loaded in this process. Call it with the function's arguments, by name or by
    position in the signature's order; `signature` describes them. One predictor may be called from
    several threads at once (the call releases the GIL); close() it when no call is running."""

    signature: Signature
    name: str

    def __init__(self, path: StrPath):
        directory = _artifact_dir(path)
        self._handle: Optional[int] = None
        self._lib = _open_library(directory, _read_manifest(directory))
        self._handle = _open_predictor(self._lib, directory)
        self.signature = json.loads(self._lib.kiln_predictor_signature(self._handle))
        self.name = self.signature["name"]
        self._positional = [p["name"] for p in self.signature["params"] if p.get("kind") != "keyword_only"]

    def __call__(self, /, *args: Any, **kwargs: Any) -> Any:
        return self._invoke(self._bind(args, kwargs) if args else kwargs, None)

    def run(self, inputs: Mapping[str, Any]) -> Run:
        """Calls the function with `inputs` (parameter name → argument) and reports what the call cost."""
        info = _abi.RunInfo()
        output = self._invoke(inputs, info)
        return Run(output, info.latency_ns, info.tokens)

    def _invoke(self, inputs: Mapping[str, Any], info: Optional[_abi.RunInfo]) -> Any:
        """The function's result for `inputs`; fills `info` when given (a plain call skips it: faster)."""
        if self._handle is None:
            raise make_error("ValueError", f"predictor {self.name!r} is closed")
        if type(inputs) is not dict and not isinstance(inputs, Mapping):
            raise make_error("TypeError", f"inputs must be a mapping of parameter names, not {type(inputs).__name__}")
        lib = self._lib
        values = to_value(lib, inputs)
        output, error = ctypes.c_void_p(), ctypes.c_void_p()
        try:
            if info is None:
                status = lib.kiln_predictor_run(self._handle, values, ctypes.byref(output), ctypes.byref(error))
            else:
                status = lib.kiln_predictor_run_with_info(self._handle, values, ctypes.byref(output),
                                                          ctypes.byref(info), ctypes.byref(error))
        finally:
            lib.kiln_value_release(values)
        check(lib, status, error)
        if _tensors.numpy is not None and lib.kiln_value_kind(output.value or 0) == _abi.KIND_TENSOR:
            return _tensors.adopt_tensor(lib, output.value or 0)  # an array result: lent, not copied
        try:
            return from_value(lib, output.value or 0)
        finally:
            lib.kiln_value_release(output)

    def _bind(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        """Positional arguments by name, worded as CPython words its errors."""
        if len(args) > len(self._positional):
            n, given = len(self._positional), len(args)
            raise make_error("TypeError", f"{self.name}() takes {n} positional argument{'' if n == 1 else 's'} but "
                                          f"{given} {'was' if given == 1 else 'were'} given")
        for name, value in zip(self._positional, args):
            if name in kwargs:
                raise make_error("TypeError", f"{self.name}() got multiple values for argument '{name}'")
            kwargs[name] = value
        return kwargs

    def close(self) -> None:
        """Releases the predictor; calling it afterwards raises a ValueError. Closing twice is fine."""
        handle, self._handle = self._handle, None
        if handle is not None:
            self._lib.kiln_predictor_release(handle)

    def __enter__(self) -> "Predictor":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_handle", None) is not None:
            self.close()

    def __repr__(self) -> str:
        params = ", ".join(f"{p['name']}: {p['type']}" for p in self.signature["params"])
        return f"<kiln.Predictor {self.name}({params}) -> {self.signature['returns']}>"


def _artifact_dir(path: StrPath) -> str:
    text = os.fspath(path) if isinstance(path, (str, os.PathLike)) else None
    if not isinstance(text, str):
        raise make_error("TypeError", f"an artifact path must be a str or os.PathLike[str], not {type(path).__name__}")
    if not text:  # abspath would make it the working directory
        raise make_error("FileNotFoundError", "no Kiln artifact at '' (an empty path)")
    return os.path.abspath(text)  # so a later chdir cannot move the artifact's resources away from it


def _read_manifest(directory: str) -> dict[str, Any]:
    """The artifact's manifest: the JSON file in `directory` naming its library and ABI version."""
    if not os.path.isdir(directory):
        raise make_error("FileNotFoundError", f"no Kiln artifact at {directory!r} (not a directory)")
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".json"):
            continue
        try:
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                manifest = json.load(f)
        except (OSError, ValueError):
            continue
        if isinstance(manifest, dict) and isinstance(manifest.get("library"), str) and "abi_version" in manifest:
            return manifest
    raise make_error("FileNotFoundError", f"{directory!r} is not a Kiln artifact (it has no manifest; "
                                          "build one with `kiln compile`)")


def _open_library(directory: str, manifest: dict[str, Any]) -> ctypes.CDLL:
    version, library = manifest["abi_version"], manifest["library"]
    if version != _abi.ABI_VERSION:
        raise make_error("ImportError", f"{directory} was built for Kiln ABI version {version}; this client "
                                        f"speaks version {_abi.ABI_VERSION}")
    if os.path.basename(library) != library:  # the library lives inside the artifact, nowhere else
        raise make_error("ImportError", f"{directory}'s manifest names a library outside it: {library!r}")
    path = os.path.join(directory, library)
    try:
        lib = _abi.bind(path)
    except OSError as e:
        raise make_error("ImportError", f"cannot load {path}: {e}") from None
    except AttributeError as e:
        raise make_error("ImportError", f"{path} is not a Kiln artifact library ({e})") from None
    if lib.kiln_abi_version() != _abi.ABI_VERSION:
        raise make_error("ImportError", f"{path} speaks Kiln ABI version {lib.kiln_abi_version()}; this client "
                                        f"speaks version {_abi.ABI_VERSION}")
    return lib


def _open_predictor(lib: ctypes.CDLL, directory: str) -> int:
    handle, error = ctypes.c_void_p(), ctypes.c_void_p()
    check(lib, lib.kiln_predictor_open(os.fsencode(directory), lib.kiln_predictor_default_params(), ctypes.byref(handle),
                                       ctypes.byref(error)), error)
    if not handle.value:
        raise make_error("RuntimeError", f"{directory}: kiln_predictor_open returned no predictor")
    return handle.value


def load(path: StrPath) -> Predictor:
    """The compiled function in artifact directory `path` (made by `kiln compile ... -o path`)."""
    return Predictor(path)
