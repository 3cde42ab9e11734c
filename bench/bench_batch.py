"""Throughput of `tbparse extract --out-dir` on a generated archive, for --jobs 1 and 2.

    .venv/bin/python bench/bench_batch.py [--count 10000] [--jobs 1 2] [--archive DIR]

Each run is a fresh interpreter (so peak-memory figures are its own): it runs the real command
in-process and reports notices per second and the peak resident memory of one worker: the
process itself for --jobs 1, the largest pool worker (RUSAGE_CHILDREN) otherwise.
The archive is the tests' generator (excerpts of the clean samples with new numbers, dates
and units, nested directories), so the figures describe small notices of 5-15 body lines.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_archive(directory: Path, count: int) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_batch import make_archive  # one generator for the tests and the bench

    make_archive(directory, count)


def measure(archive: Path, out_dir: Path, jobs: int) -> dict:
    """One run of the real command in this process; prints nothing but its figures."""
    from tbparse.cli import app

    started = time.perf_counter()
    try:
        app(["extract", str(archive), "--out-dir", str(out_dir), "--jobs", str(jobs), "--quiet"])
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise
    elapsed = time.perf_counter() - started
    who = resource.RUSAGE_SELF if jobs == 1 else resource.RUSAGE_CHILDREN
    files = sum(1 for _ in out_dir.rglob("*.json"))
    return {"jobs": jobs, "files": files, "seconds": round(elapsed, 1), "per_second": round(files / elapsed, 1),
            "worker_peak_mib": round(resource.getrusage(who).ru_maxrss / 1024, 1)}


def run_child(archive: Path, jobs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="tbparse-bench-out-") as out:
        done = subprocess.run([sys.executable, __file__, "--measure", str(jobs), "--archive", str(archive),
                               "--out", out], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--archive", type=Path, help="reuse (or build once into) this directory")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.archive, args.out, args.measure)))
        return
    with tempfile.TemporaryDirectory(prefix="tbparse-bench-") as scratch:
        archive = args.archive or Path(scratch) / "archive"
        if not archive.exists():
            build_archive(archive, args.count)
        print(f"{'jobs':>4} {'notices':>8} {'seconds':>8} {'notices/s':>10} {'worker peak MiB':>16}")
        for jobs in args.jobs:
            r = run_child(archive, jobs)
            print(f"{r['jobs']:>4} {r['files']:>8} {r['seconds']:>8} {r['per_second']:>10} {r['worker_peak_mib']:>16}",
                  flush=True)


if __name__ == "__main__":
    main()
