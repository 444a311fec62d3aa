"""Benchmark: the worst-case time of one item's check over the example and hostile corpora.

    python benchmarks/bench_worst_check.py               # every example submission and hostile case
    python benchmarks/bench_worst_check.py --top 15      # list the 15 slowest checks
    python benchmarks/bench_worst_check.py --corpus hostile

Every submission runs in the sandbox once (hostile ones with the limits of tests/test_hostile.py);
each item is then checked in the check worker (grader/budget.py) with the default budget, and the
wall and CPU time of every check is recorded.  The table gives, per corpus, the number of checks,
the median, the 99th percentile and the worst; then the slowest checks with their verdicts.  A
check over its budget shows as ``error`` with the budget's CPU time.  Figures move with machine
load (the load average is printed); CPU seconds are the steadier figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.api import GradeOptions, grade  # noqa: E402
from grader.budget import CheckBudget  # noqa: E402
from grader.sandbox.runner import Limits  # noqa: E402

EXAMPLES = ROOT / "submissions_example"
HOSTILE_LIMITS = Limits(wall_seconds=3, cpu_seconds=1, memory_mb=384)


def corpus(name: str) -> list[tuple[Path, Path, str | None, Limits]]:
    """(submission, rubric, student, limits) of every case in a corpus."""
    cases = []
    if name == "examples":
        for manifest in sorted(EXAMPLES.glob("*/expected.toml")):
            if manifest.parent.name == "hostile":
                continue
            rubric = ROOT / "rubrics" / f"{manifest.parent.name}.toml"
            entries = tomllib.loads(manifest.read_text()).get("submission")
            if not rubric.is_file() or not isinstance(entries, list):
                continue  # another corpus (e.g. messy/) with its own layout and test
            for entry in entries:
                cases.append((manifest.parent / entry["file"], rubric, entry.get("student"), Limits()))
    else:
        rubric = ROOT / "rubrics" / "columbia_nndl_hw1.toml"
        for entry in tomllib.loads((EXAMPLES / "hostile" / "expected.toml").read_text())["case"]:
            if "generate" not in entry:
                cases.append((EXAMPLES / "hostile" / entry["file"], rubric, None, HOSTILE_LIMITS))
    return cases


def measure(cases, budget: CheckBudget) -> list[tuple[str, str, float, float, str]]:
    """(submission, item, wall s, CPU s, status) of every check run in a worker."""
    rows = []
    for path, rubric, student, limits in cases:
        timings: list = []
        report = grade(path, rubric, student=student,
                       options=GradeOptions(limits=limits, budget=budget, check_timings=timings))
        status = {item.id: item.status for item in report.items}
        rows += [(path.name, item_id, wall, cpu, status[item_id]) for item_id, wall, cpu in timings]
    return rows


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", choices=("examples", "hostile"), help="default: both")
    parser.add_argument("--top", type=int, default=10, help="slowest checks listed")
    args = parser.parse_args()
    budget = CheckBudget()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load average "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"budget: {budget.item_seconds:g} CPU s per item, {budget.submission_seconds:g} s per submission\n")
    every = []
    print(f"{'corpus':10} {'checks':>6} {'median ms':>10} {'p99 ms':>8} {'worst ms':>9} {'worst cpu ms':>13} {'over budget':>12}")
    for name in args.corpus or ["examples", "hostile"]:
        began = time.monotonic()
        rows = measure(corpus(name), budget)
        walls = [r[2] for r in rows]
        cpus = [r[3] for r in rows]
        over = sum(1 for r in rows if r[4] == "error" and r[3] >= budget.item_seconds)
        print(f"{name:10} {len(rows):6d} {1000 * statistics.median(walls):10.1f} {1000 * _quantile(walls, 0.99):8.1f} "
              f"{1000 * max(walls):9.1f} {1000 * max(cpus):13.1f} {over:12d}   ({time.monotonic() - began:.0f} s)")
        every += [(name, *r) for r in rows]
    print(f"\nslowest {args.top} checks (wall):")
    for name, submission, item, wall, cpu, status in sorted(every, key=lambda r: -r[3])[:args.top]:
        print(f"  {1000 * wall:8.1f} ms wall {1000 * cpu:8.1f} ms cpu  {status:8} {name}/{submission}  {item}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
