"""`kiln parse --dump-ast` agrees with CPython's ast.dump on the whole standard library."""

from __future__ import annotations

import os

import pytest

from stdlib_parity import DEFAULT_KILN, run_all, stdlib_files


@pytest.fixture(scope="module")
def kiln():
    if not DEFAULT_KILN.exists():
        pytest.fail(f"{DEFAULT_KILN} is not built; run scripts/setup first")
    return DEFAULT_KILN


def test_every_stdlib_file_parses_like_cpython(kiln):
    files = stdlib_files()
    assert len(files) > 1000, "the standard library was not found"
    outcomes = run_all(kiln, files, jobs=os.cpu_count() or 2)
    failures = [f"{o.path}: {o.detail}" for o in outcomes if not o.ok]
    agreed = len(outcomes) - len(failures)
    print(f"\nstdlib parity: {agreed}/{len(outcomes)} files ({100.0 * agreed / len(outcomes):.2f}%)")
    assert not failures, "\n".join(failures[:50])
