"""Compares `kiln parse --dump-ast` with CPython's `ast.dump` on every .py file of the standard library.

CPython is the oracle: for each file, CPython's own `ast.dump(ast.parse(bytes))` is the expected
output; a file CPython rejects must be rejected by kiln too (exit status 1, a diagnostic, no crash).
Run directly for a report: python3 tests/parity/stdlib_parity.py [--kiln PATH] [--limit N]
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures
import os
import subprocess
import sys
import sysconfig
import warnings
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_KILN = Path(os.environ.get("KILN_BIN", REPO / "build" / "bin" / "kiln"))


def stdlib_files() -> list[Path]:
    """Every .py file of this interpreter's standard library, tests included, site-packages excluded."""
    root = Path(sysconfig.get_paths()["stdlib"])
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "dist-packages", "__pycache__"))
        files.extend(Path(dirpath) / f for f in sorted(filenames) if f.endswith(".py"))
    return files


def cpython_dump(source: bytes) -> str | None:
    """ast.dump of the file, or None when CPython rejects it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ast.dump(ast.parse(source))
        except (SyntaxError, ValueError):
            return None


@dataclass
class Outcome:
    path: Path
    ok: bool
    detail: str = ""


def first_difference(expected: str, actual: str) -> str:
    i = 0
    while i < min(len(expected), len(actual)) and expected[i] == actual[i]:
        i += 1
    return f"at char {i}: cpython …{expected[max(0, i - 80):i + 80]!r}… kiln …{actual[max(0, i - 80):i + 80]!r}…"


def check_file(kiln: Path, path: Path) -> Outcome:
    source = path.read_bytes()
    expected = cpython_dump(source)
    run = subprocess.run([str(kiln), "parse", str(path), "--dump-ast"], capture_output=True, timeout=60)
    if run.returncode not in (0, 1):
        return Outcome(path, False, f"kiln crashed (status {run.returncode}): {run.stderr.decode(errors='replace')[-500:]}")
    if expected is None:
        if run.returncode == 1 and b"error:" in run.stderr:
            return Outcome(path, True)
        return Outcome(path, False, "CPython rejects this file but kiln accepted it")
    if run.returncode != 0:
        return Outcome(path, False, "kiln rejected a valid file: " + run.stderr.decode(errors="replace")[:500])
    actual = run.stdout.decode("utf-8", errors="replace").rstrip("\n")
    if actual != expected:
        return Outcome(path, False, "AST differs " + first_difference(expected, actual))
    return Outcome(path, True)


def run_all(kiln: Path, files: list[Path], jobs: int = 2) -> list[Outcome]:
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(lambda p: check_file(kiln, p), files))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kiln", type=Path, default=DEFAULT_KILN)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    files = stdlib_files()
    if args.limit:
        files = files[: args.limit]
    outcomes = run_all(args.kiln, files, args.jobs)
    failures = [o for o in outcomes if not o.ok]
    for o in failures:
        print(f"FAIL {o.path}: {o.detail}")
    identical = len(outcomes) - len(failures)
    print(f"{identical}/{len(outcomes)} files agree with CPython ({100.0 * identical / max(1, len(outcomes)):.2f}%)")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
