#!/usr/bin/env python3
"""Compile time and artifact size per function of the conformance corpus (tests/compile/corpus_*.py):
`kiln compile` run on each function (every --step-th, in a fixed order), one at a time, timed from
process start to exit; prints the median and the 90th percentile of the times and of the artifact
sizes (the shared library; the manifest is a few hundred bytes). The kiln binary is $KILN_BIN, else
build/bin/kiln.

    bench/compile/compile_time.py [--step N]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KILN = Path(os.environ.get("KILN_BIN", ROOT / "build" / "bin" / "kiln"))
CORPORA = sorted((ROOT / "tests" / "compile").glob("corpus_*.py"))


def corpus_functions() -> list[tuple[Path, str]]:
    out = []
    for path in CORPORA:
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        out += [(path, name) for name in module.CASES]
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--step", type=int, default=1, help="compile every N-th function only")
    args = parser.parse_args()
    functions = corpus_functions()[::args.step]
    times, sizes = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (path, name) in enumerate(functions):
            out = Path(tmp) / f"f{i}"
            start = time.perf_counter()
            subprocess.run([str(KILN), "compile", str(path), "-f", name, "-o", str(out)], check=True,
                           capture_output=True)
            times.append(time.perf_counter() - start)
            sizes.append(sum(p.stat().st_size for p in out.glob("*.so")) / 1e6)
    print(f"{len(functions)} corpus functions compiled one at a time")
    print(f"compile time   median {statistics.median(times):.2f} s   p90 {percentile(times, 0.9):.2f} s   "
          f"max {max(times):.2f} s")
    print(f"artifact size  median {statistics.median(sizes):.2f} MB  p90 {percentile(sizes, 0.9):.2f} MB")


if __name__ == "__main__":
    main()
