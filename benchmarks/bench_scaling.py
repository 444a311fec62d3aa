"""Benchmark: how grading time grows with the number of items, the size of networks and the
number of submissions (three sizes or more each).

    python benchmarks/bench_scaling.py                 # all three tables
    python benchmarks/bench_scaling.py --only items    # or: networks, submissions

1. Items: the complete Toronto submission graded against the first third, two thirds and all of
   the rubric's items, as in a batch (references computed once and cached, the child forked from
   the zygote, no verdict memo): wall and CPU time per submission.
2. Networks: a cold verdict (memo cleared) of the k-th largest network (question 1.1) with n = 3,
   4, 5 and 6 inputs (k = 2): the reference design (correct) and the design for the wrong k
   (wrong: the verdict then also finds a counterexample and diagnoses it).  CPU milliseconds,
   median of the repetitions.
3. Submissions: `grader batch` (grade_batch, threads, zygote) over 100, 300 and 1,000 generated
   Columbia submissions (benchmarks/bench_batch.py's mix): wall time, submissions per second,
   CPU per submission, peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _cpu_and_wall(function):
    cpu, wall = time.process_time(), time.perf_counter()
    result = function()
    return time.process_time() - cpu, time.perf_counter() - wall, result


def items_table(repeats: int) -> None:
    from grader.api import GradeOptions, grade
    from grader.rubric import load_rubric
    from grader.sandbox.runner import SandboxConfig

    assignment = "toronto_csc413_a1"
    rubric = load_rubric(ROOT / "rubrics" / f"{assignment}.toml")
    submission = ROOT / "submissions_example" / assignment / "correct.py"
    automatic = [item for item in rubric.items if item.checker.automatic]
    print(f"1. items: {assignment} correct.py, references cached (as in a batch), child from the zygote; "
          f"median of {repeats}")
    print(f"{'items':>6} {'wall ms':>9} {'cpu ms':>8} {'cpu ms / item':>14} {'score':>8}")
    for fraction in (1 / 3, 2 / 3, 1):
        count = max(1, round(len(rubric.items) * fraction))
        partial = rubric.model_copy(update={"items": rubric.items[:count]})
        prepared: dict = {}
        config = SandboxConfig(zygote=True)

        def one():
            return grade(submission, partial, options=GradeOptions(prepared_cache=prepared, sandbox=config))

        one()  # references for these items, once
        samples = [_cpu_and_wall(one) for _ in range(repeats)]
        cpu = statistics.median(s[0] for s in samples)
        wall = statistics.median(s[1] for s in samples)
        report = samples[-1][2]
        checked = sum(1 for item in partial.items if item in automatic)
        print(f"{count:>6} {1000 * wall:9.1f} {1000 * cpu:8.1f} {1000 * cpu / max(checked, 1):14.2f} "
              f"{report.score:>4g}/{report.max_score:g}")
    print()


def networks_table(repeats: int) -> None:
    from grader.checkers import CheckContext, checker_class
    from grader.networks.decide import clear_cache
    from nn_reference import networks as R

    network = checker_class("network")
    context = CheckContext(item_id="bench", seed=0)
    print(f"2. networks: cold verdict of the k-th largest network (k = 2), CPU ms, median of {repeats}")
    print(f"{'n inputs':>8} {'hidden':>7} {'correct ms':>11} {'verdict':>8} {'wrong k ms':>11} {'verdict':>8} {'diagnosis':<20}")
    for n in (3, 4, 5, 6):
        options = network.Options(layers=[{"weights": "W1", "bias": "b1", "activation": "phi1", "units": n - 1},
                                          {"weights": "w2", "bias": "b2", "activation": "phi2", "units": 1}])
        checker = network(options)
        task = R.kth_largest(n, 2)
        row = [f"{n:>8} {n - 1:>7}"]
        for answers in (R.design_kth_largest(n, 2), R.design_kth_largest(n, 3)):
            times = []
            for _ in range(repeats):
                clear_cache()
                cpu, _, verdict = _cpu_and_wall(lambda: checker.judge(answers, task, context))
                times.append(1000 * cpu)
            row.append(f"{statistics.median(times):11.1f} {verdict.status:>8}")
        print(" ".join(row) + f" {verdict.diagnosis or '':<20}")
    print()


def submissions_table(sizes: list[int]) -> None:
    import bench_batch
    from grader.batch import grade_batch
    from grader.sandbox import zygote

    print("3. submissions: grade_batch over generated Columbia classes (threads, zygote, verdict memo on)")
    print(f"{'submissions':>11} {'wall s':>8} {'per second':>11} {'cpu ms / sub':>13} {'peak RSS MiB':>13}")
    for count in sizes:
        work = Path(tempfile.mkdtemp(prefix="bench-scaling-"))
        try:
            folder = work / "submissions"
            folder.mkdir()
            rubric_path, _ = bench_batch.generate(folder, "columbia_nndl_hw1", count, 0.1, 0.0, 1)
            before_self = resource.getrusage(resource.RUSAGE_SELF)
            before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
            began = time.perf_counter()
            result = grade_batch(folder, rubric_path, output_dir=work / "out", progress=False)
            wall = time.perf_counter() - began
            zygote.shutdown()  # so that its children's CPU is counted
            after_self = resource.getrusage(resource.RUSAGE_SELF)
            after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = sum(getattr(after_self, f) - getattr(before_self, f) for f in ("ru_utime", "ru_stime")) + \
                sum(getattr(after_children, f) - getattr(before_children, f) for f in ("ru_utime", "ru_stime"))
            n = len(result.reports)
            print(f"{n:>11} {wall:8.1f} {n / wall:11.1f} {1000 * cpu / n:13.1f} {after_self.ru_maxrss / 1024:13.0f}")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["items", "networks", "submissions"])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000], help="class sizes for table 3")
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load average {load[0]:.2f} {load[1]:.2f}\n")
    if args.only in (None, "items"):
        items_table(args.repeats)
    if args.only in (None, "networks"):
        networks_table(args.repeats)
    if args.only in (None, "submissions"):
        submissions_table(args.sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
