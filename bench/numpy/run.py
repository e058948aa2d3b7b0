#!/usr/bin/env python3
"""Compiled vs CPython with numpy on numpy workloads, in one run on one machine.

Each function of bench/numpy/workloads.py (softmax + top-k over 1,000 logits, NMS over 1,000 boxes,
masked mean pooling of a (32, 128, 384) batch, a 1024x1024 float32 matmul, sum/mean/max over 10^7
float32 values) is compiled with `kiln compile`, then called in this process through the Python client
(the Kiln time includes what crossing the C ABI costs: the client's per-call work, tens of
microseconds, and copying each input array into the artifact) and, on the same arguments, by CPython with numpy. The two sides are timed
REPEATS times each, alternating, and the medians are compared. The last column is the part of the Kiln
time that only crosses the ABI (a compiled function that returns len(x), called on each input array). Results are checked to agree (float32
tolerance) before timing counts. The kiln binary is $KILN_BIN, else build/bin/kiln.

numpy and a compiled matmul each bring an OpenBLAS with its own worker threads, which busy-wait for a
while after every call; in one process each pool's spinning would slow the other's next call (by 2x
on two cores). OPENBLAS_THREAD_TIMEOUT=4, set here for both, puts the workers to sleep right after a
call, so each side is timed as it runs alone.

    bench/numpy/run.py [--repeats N] [--no-setup]
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

os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")  # before numpy loads its OpenBLAS: see above
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
KILN = Path(os.environ.get("KILN_BIN", ROOT / "build" / "bin" / "kiln"))
sys.path.insert(0, str(ROOT / "clients" / "python"))
import kiln  # noqa: E402


def timed(fn, kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(**kwargs)
    return time.perf_counter() - start, result


def median_seconds(numpy_fn, kiln_fn, kwargs, repeats: int) -> tuple[float, object, float, object]:
    """The two sides alternate call by call, so a change in machine load touches both alike."""
    numpy_fn(**kwargs), kiln_fn(**kwargs)  # warm: first-touch page faults, lazy initialisation
    t_np, t_kiln = [], []
    for _ in range(repeats):
        t, r_np = timed(numpy_fn, kwargs)
        t_np.append(t)
        t, r_kiln = timed(kiln_fn, kwargs)
        t_kiln.append(t)
    return statistics.median(t_np), r_np, statistics.median(t_kiln), r_kiln


def agree(got, want) -> bool:
    if isinstance(want, np.ndarray) and want.dtype.kind == "f" or isinstance(want, float) or (
            isinstance(want, list) and want and isinstance(want[0], float)):
        return np.allclose(np.asarray(got), np.asarray(want), rtol=1e-4, atol=1e-4)
    return np.array_equal(np.asarray(got), np.asarray(want))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=11)
    parser.add_argument("--no-setup", action="store_true")
    args = parser.parse_args()
    if not args.no_setup:
        subprocess.run([str(ROOT / "scripts" / "setup")], check=True, stdout=subprocess.DEVNULL)
    spec = importlib.util.spec_from_file_location("workloads", Path(__file__).with_name("workloads.py"))
    workloads = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(workloads)
    print(f"{'function':<14}{'size':<7}{'numpy':>12}{'Kiln':>12}{'speedup':>10}{'Kiln: ABI crossing':>20}")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([str(KILN), "compile", workloads.__file__, "-f", "crossing", "-o", str(Path(tmp) / "crossing")],
                       check=True, stderr=subprocess.DEVNULL)
        crossing = kiln.load(Path(tmp) / "crossing")
        for function, kwargs in workloads.make_inputs().items():
            out = Path(tmp) / function
            subprocess.run([str(KILN), "compile", workloads.__file__, "-f", function, "-o", str(out)], check=True,
                           stderr=subprocess.DEVNULL)
            compiled = kiln.load(out)
            t_py, r_py, t_kiln, r_kiln = median_seconds(getattr(workloads, function), compiled, kwargs, args.repeats)
            if not agree(r_kiln, r_py):
                print(f"{function}: results differ: numpy {r_py!r}, Kiln {r_kiln!r}", file=sys.stderr)
                return 1
            arrays = [v for v in kwargs.values() if isinstance(v, np.ndarray)]
            t_cross = statistics.median(sum(timed(crossing, {"x": x})[0] for x in arrays) for _ in range(args.repeats))
            print(f"{function:<14}{workloads.SIZES[function]:<7}{t_py * 1e3:>10.3f}ms{t_kiln * 1e3:>10.3f}ms"
                  f"{t_py / t_kiln:>9.2f}x{t_cross * 1e3:>18.3f}ms")
    print(f"(median of {args.repeats} alternating calls each, same process; speedup = numpy time / Kiln time; "
          f"numpy {np.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
