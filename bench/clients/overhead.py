#!/usr/bin/env python3
"""Per-call overhead of a trivial compiled function (`def add_one(x: int) -> int: return x + 1`)
from C (bench/clients/overhead.c, built here with the system compiler), from Python (the `kiln`
client) and from Node.js (clients/node, overhead.mjs), in one run: median over batches of calls, in
microseconds per call.

    bench/clients/overhead.py [--no-setup]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KILN = Path(os.environ.get("KILN_BIN", ROOT / "build" / "bin" / "kiln"))
SOURCE = "def add_one(x: int) -> int:\n    return x + 1\n"


def python_overhead(artifact: Path, batches: int = 21, calls: int = 20000) -> float:
    sys.path.insert(0, str(ROOT / "clients" / "python"))  # the client in this tree, not an installed copy
    import kiln

    add_one = kiln.load(artifact)
    per_call = []
    for _ in range(batches):
        start = time.perf_counter()
        for i in range(calls):
            add_one(x=i)
        per_call.append((time.perf_counter() - start) / calls)
    return statistics.median(per_call) * 1e6


def c_overhead(artifact: Path, tmp: Path) -> float:
    exe = tmp / "overhead"
    subprocess.run(["cc", "-O2", "-std=c11", "-D_POSIX_C_SOURCE=199309L", f"-I{ROOT}", "-o", str(exe),
                    str(Path(__file__).with_name("overhead.c")), "-ldl"], check=True)
    out = subprocess.run([str(exe), str(artifact), str(artifact / "libadd_one.so")], check=True, capture_output=True,
                         text=True).stdout
    return float(out) / 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-setup", action="store_true")
    args = parser.parse_args()
    if not args.no_setup:
        subprocess.run([str(ROOT / "scripts" / "setup")], check=True, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        (tmp / "f.py").write_text(SOURCE)
        artifact = tmp / "add_one"
        subprocess.run([str(KILN), "compile", str(tmp / "f.py"), "-f", "add_one", "-o", str(artifact)], check=True,
                       stderr=subprocess.DEVNULL)
        print(f"C:      {c_overhead(artifact, tmp):8.3f} µs per call (target < 1)")
        print(f"Python: {python_overhead(artifact):8.3f} µs per call (target < 15)")
        node = subprocess.run(["node", str(Path(__file__).with_name("overhead.mjs")), str(artifact)], check=True,
                              capture_output=True, text=True).stdout
        print(f"Node:   {float(node.split()[0]):8.3f} µs per call (target < 15)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
