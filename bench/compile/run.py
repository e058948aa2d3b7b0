#!/usr/bin/env python3
"""Compiled vs CPython on loop-heavy functions, in one run on one machine.

Each function of bench/compile/loops.py (scalar loops) and bench/compile/workloads.py (edit distance,
NMS over 2,000 boxes, word counting over 1 MB, greedy BPE) is compiled with `kiln compile`, then
called in this process through the Python client (clients/python: the artifact's C ABI over
ctypes) and, on the same arguments, by CPython; each side is timed REPEATS times and the medians are
compared. The compiled call includes converting the arguments and the result. Results are checked to be equal before timing counts.

    bench/compile/run.py [--repeats N] [--no-setup]
"""

from __future__ import annotations

import argparse
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
sys.path.insert(0, str(ROOT / "clients" / "python"))
import kiln  # noqa: E402

CASES = {"count_primes": {"limit": 60000}, "collatz_total": {"limit": 30000}, "fib": {"n": 27},
         "harmonic": {"n": 2000000}, "digit_string": {"n": 200000}}


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
            compiled = kiln.load(out)
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
