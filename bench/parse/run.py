#!/usr/bin/env python3
"""Parse throughput: Kiln's parser against CPython's ast.parse, on every .py file of the CPython
standard library, in one run on one machine.

Both sides get the same files as bytes already in memory (reading is not timed), parse each file
once untimed to warm up, then REPEATS timed passes over all of them; the median pass is reported.
Files CPython itself rejects (the stdlib ships a few deliberately broken ones) are left out.

    bench/parse/run.py [--repeats N] [--no-setup] [--json]
"""

import argparse
import ast
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH_BIN = ROOT / "build" / "bin" / "kiln-bench-parse"


def stdlib_files():
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    files = []
    for dirpath, dirnames, filenames in os.walk(stdlib):
        dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "dist-packages", "__pycache__"))
        files.extend(Path(dirpath) / f for f in sorted(filenames) if f.endswith(".py"))
    return stdlib, files


def load(paths):
    """Returns [(path, bytes)] for the files CPython parses (this is also CPython's warm-up pass)."""
    loaded, rejected = [], 0
    for path in paths:
        data = path.read_bytes()
        try:
            ast.parse(data)
        except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError):
            rejected += 1
            continue
        loaded.append((path, data))
    return loaded, rejected


def time_cpython(blobs, repeats):
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        for data in blobs:
            ast.parse(data)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_kiln(paths, repeats):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("".join(f"{p}\n" for p in paths))
    try:
        proc = subprocess.run([str(BENCH_BIN), listing.name, str(repeats)], capture_output=True, text=True)
    finally:
        os.unlink(listing.name)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        sys.exit(f"run.py: {BENCH_BIN.name} failed with exit code {proc.returncode}")
    return json.loads(proc.stdout), proc.stderr


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3, help="timed passes per parser (default 3)")
    parser.add_argument("--no-setup", action="store_true", help="do not run scripts/setup first")
    parser.add_argument("--json", action="store_true", help="print the results as one JSON object")
    args = parser.parse_args()
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")

    if not args.no_setup:
        subprocess.run([str(ROOT / "scripts" / "setup")], check=True, stdout=sys.stderr)
    if not BENCH_BIN.exists():
        sys.exit(f"run.py: {BENCH_BIN} not found; build it with scripts/setup")

    warnings.simplefilter("ignore")  # invalid escape sequences etc. in the stdlib's test files
    stdlib, paths = stdlib_files()
    loaded, rejected = load(paths)
    blobs = [data for _, data in loaded]
    total = sum(len(b) for b in blobs)

    cpython_s = time_cpython(blobs, args.repeats)
    kiln, kiln_stderr = time_kiln([p for p, _ in loaded], args.repeats)
    if kiln["bytes"] != total or kiln["files"] != len(loaded):
        sys.exit("run.py: kiln-bench-parse saw different input than CPython")
    kiln_s = kiln["median_seconds"]
    ratio = cpython_s / kiln_s if kiln_s > 0 else float("inf")

    result = {
        "corpus": str(stdlib),
        "files": len(loaded),
        "bytes": total,
        "cpython_rejected_files": rejected,
        "repeats": args.repeats,
        "cpython": {"version": platform.python_version(), "median_seconds": cpython_s,
                    "bytes_per_second": total / cpython_s},
        "kiln": {"median_seconds": kiln_s, "bytes_per_second": kiln["bytes_per_second"],
                 "errors": kiln["errors"]},
        "speedup_kiln_over_cpython": ratio,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        mb = 1e6
        print(f"corpus: {len(loaded)} files, {total / mb:.1f} MB from {stdlib} "
              f"({rejected} files CPython rejects left out); median of {args.repeats} timed pass(es)")
        cpython_label = f"CPython {platform.python_version()} ast.parse"
        kiln_label = "Kiln parse_file_bytes"
        width = max(len(cpython_label), len(kiln_label)) + 1
        print(f"{cpython_label + ':':<{width}} {cpython_s:8.3f} s {total / cpython_s / mb:8.2f} MB/s")
        print(f"{kiln_label + ':':<{width}} {kiln_s:8.3f} s {kiln['bytes_per_second'] / mb:8.2f} MB/s")
        print(f"ratio kiln/CPython (throughput): {ratio:.2f}x")
    if kiln["errors"]:
        sys.stderr.write(kiln_stderr)
        print(f"warning: kiln did not parse {kiln['errors']} of {len(loaded)} files that CPython parses "
              "(listed above); their time is still counted", file=sys.stderr)


if __name__ == "__main__":
    main()
