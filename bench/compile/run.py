#!/usr/bin/env python3
"""Compiled vs CPython on loop-heavy functions, in one run on one machine.

Each function of bench/compile/loops.py (scalar loops) and bench/compile/workloads.py (edit distance,
NMS over 2,000 boxes, word counting over 1 MB, greedy BPE) is compiled with `kiln compile`, then
called in this process through the artifact's C ABI (ctypes) and, on the same arguments, by
CPython; each side is timed REPEATS times and the medians are compared. The compiled call includes
converting the arguments and the result. Results are checked to be equal before timing counts.

    bench/compile/run.py [--repeats N] [--no-setup]
"""

from __future__ import annotations

import argparse
import ctypes
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KILN = Path(os.environ.get("KILN_BIN", ROOT / "build" / "bin" / "kiln"))
CASES = {"count_primes": {"limit": 60000}, "collatz_total": {"limit": 30000}, "fib": {"n": 27},
         "harmonic": {"n": 2000000}, "digit_string": {"n": 200000}}


class Params(ctypes.Structure):
    _fields_ = [("n_threads", ctypes.c_int32)]


class Artifact:
    """The artifact's entry points, called as any C client calls them."""

    def __init__(self, directory: Path, function: str):
        lib = ctypes.CDLL(str(directory / f"lib{function}.so"))
        vp, pvp = ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)
        for name, restype, argtypes in [
            ("kiln_value_dict", vp, []), ("kiln_value_list", vp, []), ("kiln_value_int", vp, [ctypes.c_int64]),
            ("kiln_value_float", vp, [ctypes.c_double]), ("kiln_value_bool", vp, [ctypes.c_bool]),
            ("kiln_value_string", ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, pvp, pvp]),
            ("kiln_value_list_append", ctypes.c_int, [vp, vp, vp]),
            ("kiln_value_dict_set", ctypes.c_int, [vp, ctypes.c_char_p, ctypes.c_size_t, vp, vp]),
            ("kiln_value_kind", ctypes.c_int, [vp]), ("kiln_value_release", None, [vp]),
            ("kiln_value_length", ctypes.c_size_t, [vp]), ("kiln_value_list_get", vp, [vp, ctypes.c_size_t]),
            ("kiln_value_get_int", ctypes.c_int, [vp, ctypes.POINTER(ctypes.c_int64), vp]),
            ("kiln_value_get_float", ctypes.c_int, [vp, ctypes.POINTER(ctypes.c_double), vp]),
            ("kiln_value_get_bool", ctypes.c_int, [vp, ctypes.POINTER(ctypes.c_bool), vp]),
            ("kiln_value_get_string", ctypes.c_int, [vp, pvp, ctypes.POINTER(ctypes.c_size_t), vp]),
            ("kiln_predictor_default_params", Params, []),
            ("kiln_predictor_open", ctypes.c_int, [ctypes.c_char_p, Params, pvp, pvp]),
            ("kiln_predictor_run", ctypes.c_int, [vp, vp, pvp, pvp]),
        ]:
            getattr(lib, name).restype = restype
            getattr(lib, name).argtypes = argtypes
        self.lib = lib
        self.predictor = ctypes.c_void_p()
        if lib.kiln_predictor_open(str(directory).encode(), lib.kiln_predictor_default_params(),
                                   ctypes.byref(self.predictor), None) != 0:
            raise RuntimeError("kiln_predictor_open failed")

    def to_value(self, v):
        lib = self.lib
        if isinstance(v, bool):
            return lib.kiln_value_bool(v)
        if isinstance(v, int):
            return lib.kiln_value_int(v)
        if isinstance(v, float):
            return lib.kiln_value_float(v)
        if isinstance(v, str):
            out, data = ctypes.c_void_p(), v.encode()
            lib.kiln_value_string(data, len(data), ctypes.byref(out), None)
            return out
        items = lib.kiln_value_list()
        for item in v:
            lib.kiln_value_list_append(items, self.to_value(item), None)
        return items

    def from_value(self, v):
        lib, kind = self.lib, self.lib.kiln_value_kind(v)
        if kind == 6:
            return [self.from_value(lib.kiln_value_list_get(v, i)) for i in range(lib.kiln_value_length(v))]
        if kind == 4:
            data, size = ctypes.c_void_p(), ctypes.c_size_t()
            lib.kiln_value_get_string(v, ctypes.byref(data), ctypes.byref(size), None)
            return ctypes.string_at(data, size.value).decode()
        result = {1: ctypes.c_bool, 2: ctypes.c_int64, 3: ctypes.c_double}[kind]()
        getter = {1: lib.kiln_value_get_bool, 2: lib.kiln_value_get_int, 3: lib.kiln_value_get_float}[kind]
        getter(v, ctypes.byref(result), None)
        return result.value

    def __call__(self, **kwargs):
        lib = self.lib
        inputs = lib.kiln_value_dict()
        for key, value in kwargs.items():
            lib.kiln_value_dict_set(inputs, key.encode(), len(key.encode()), self.to_value(value), None)
        output = ctypes.c_void_p()
        status = lib.kiln_predictor_run(self.predictor, inputs, ctypes.byref(output), None)
        lib.kiln_value_release(inputs)
        if status != 0:
            raise RuntimeError("the compiled function raised")
        result = self.from_value(output)
        lib.kiln_value_release(output)
        return result


def as_json(value):
    """Tuples as lists, as results cross the ABI."""
    if isinstance(value, (list, tuple)):
        return [as_json(v) for v in value]
    return value


def median_seconds(fn, kwargs, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn(**kwargs)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-setup", action="store_true")
    args = parser.parse_args()
    if not args.no_setup:
        subprocess.run([str(ROOT / "scripts" / "setup")], check=True, stdout=subprocess.DEVNULL)
    loops, workloads = load("loops"), load("workloads")
    jobs = [(loops, f, kwargs) for f, kwargs in CASES.items()]
    jobs += [(workloads, f, kwargs) for f, kwargs in workloads.make_inputs().items()]
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'function':<16}{'CPython':>12}{'Kiln':>12}{'speedup':>10}")
        for module, function, kwargs in jobs:
            out = Path(tmp) / function
            subprocess.run([str(KILN), "compile", module.__file__, "-f", function, "-o", str(out)], check=True,
                           stderr=subprocess.DEVNULL)
            compiled = Artifact(out, function)
            t_py, r_py = median_seconds(getattr(module, function), kwargs, args.repeats)
            t_kiln, r_kiln = median_seconds(compiled, kwargs, args.repeats)
            if as_json(r_py) != r_kiln:
                print(f"{function}: results differ: CPython {r_py!r}, Kiln {r_kiln!r}", file=sys.stderr)
                return 1
            ratios.append(t_py / t_kiln)
            print(f"{function:<16}{t_py * 1e3:>10.1f}ms{t_kiln * 1e3:>10.2f}ms{t_py / t_kiln:>9.1f}x")
    print(f"median speedup: {statistics.median(ratios):.1f}x (median of {args.repeats} runs each, same process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
