"""Benchmark: `grader batch` over a generated class, as submissions per second and peak memory.

    python benchmarks/bench_batch.py                      # 1,000 submissions, columbia_nndl_hw1
    python benchmarks/bench_batch.py --count 200 --hostile 0.05 --broken 0.2
    python benchmarks/bench_batch.py --assignment toronto_csc413_a1 --no-memo

The class is generated from the example submissions of an assignment (submissions_example/
<assignment>/ with its expected.toml): complete and partly wrong ones, plus broken ones
(a syntax error, an exception, a missing file) and, with --hostile, files of the hostile corpus
(submissions_example/hostile/).  Each example is correct for one variant, so every generated
student gets an id that hashes to that variant; every file gets a line of its own, so no two
files are byte-identical (identical files would be graded once, which would flatter the figure).

Printed: wall time, submissions/s, CPU seconds per submission (grading process and children),
peak RSS of the grading process and of the largest child, and the run statuses.  The grading
process is this one: it calls grader.batch.grade_batch exactly as `grader batch` does.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BROKEN = {
    "syntax": "ASSIGNMENT = 'x'\nthis is not python (\n",
    "exception": "import numpy as np\nH = np.linalg.inv(np.zeros((3, 3)))\nz = [1, 2]\n",
    "empty": "# I will do it tomorrow\n",
}


def _templates(assignment: str):
    from grader.rubric import load_rubric
    from grader.variants import variant_for

    folder = ROOT / "submissions_example" / assignment
    rubric_path = ROOT / "rubrics" / f"{assignment}.toml"
    rubric = load_rubric(rubric_path)
    entries = tomllib.loads((folder / "expected.toml").read_text())["submission"]
    best = max(float(e.get("score", 0)) for e in entries)
    templates = []
    for entry in entries:
        if entry.get("term"):
            continue  # a batch grades one term (the rubric's default): other terms' examples are not in this class
        variant = variant_for(rubric, entry.get("student"))
        weight = 6 if float(entry.get("score", 0)) >= best else 1  # about half the class gets full marks
        templates.append((folder / entry["file"], variant.name if variant else None, weight))
    return rubric_path, rubric, templates


def _students_by_variant(rubric, wanted: set, per_variant: int) -> dict:
    from grader.variants import variant_for

    pools: dict = {name: [] for name in wanted}
    index = 0
    while any(len(pool) < per_variant for pool in pools.values()):
        student = f"s{index:06d}"
        variant = variant_for(rubric, student)
        name = variant.name if variant else None
        if name in pools and len(pools[name]) < per_variant:
            pools[name].append(student)
        index += 1
    return pools


def generate(directory: Path, assignment: str, count: int, broken: float, hostile: float, seed: int):
    rng = random.Random(seed)
    rubric_path, rubric, templates = _templates(assignment)
    pools = _students_by_variant(rubric, {variant for _, variant, _ in templates}, count)
    hostile_files = sorted((ROOT / "submissions_example" / "hostile").glob("*.py")) if hostile else []
    kinds = Counter()
    used = set()
    for number in range(count):
        roll = rng.random()
        if hostile_files and roll < hostile:
            path = rng.choice(hostile_files)
            text, student, kind = path.read_text(), f"h{number:06d}", "hostile"
        elif roll < hostile + broken:
            kind = rng.choice(sorted(BROKEN))
            text, student, kind = BROKEN[kind], f"b{number:06d}", f"broken:{kind}"
        else:
            path, variant, _ = rng.choices(templates, weights=[w for _, _, w in templates])[0]
            student = next(s for s in pools[variant] if s not in used)
            text, kind = path.read_text(), path.stem
            used.add(student)
            if path.suffix == ".ipynb":
                (directory / f"{student}.ipynb").write_text(text)
                kinds[kind] += 1
                continue
        (directory / f"{student}.py").write_text(text + f"\n# generated submission {number} of {student}: {rng.random()}\n")
        kinds[kind] += 1
    return rubric_path, kinds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--assignment", default="columbia_nndl_hw1")
    parser.add_argument("--broken", type=float, default=0.1, help="share of broken submissions")
    parser.add_argument("--hostile", type=float, default=0.0, help="share of files from the hostile corpus")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--executor", default="thread", choices=["thread", "process", "dask"])
    parser.add_argument("--timeout", type=float, default=None, help="wall-clock limit per submission (default: Limits())")
    parser.add_argument("--no-memo", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the generated class and the outputs here")
    parser.add_argument("--zygote", choices=["auto", "0", "1"], default="auto",
                        help="GRADER_SANDBOX_ZYGOTE: 0 starts every child as a cold interpreter (auto: the zygote from the second run)")
    args = parser.parse_args()
    if args.zygote != "auto":
        os.environ["GRADER_SANDBOX_ZYGOTE"] = args.zygote

    from grader.batch import grade_batch
    from grader.executors import default_jobs
    from grader.sandbox.runner import Limits

    work = Path(tempfile.mkdtemp(prefix="bench-batch-")) if args.keep is None else args.keep
    submissions = work / "submissions"
    submissions.mkdir(parents=True, exist_ok=True)
    rubric_path, kinds = generate(submissions, args.assignment, args.count, args.broken, args.hostile, args.seed)
    limits = Limits(wall_seconds=args.timeout, cpu_seconds=max(1, int(args.timeout))) if args.timeout else None
    before_self = resource.getrusage(resource.RUSAGE_SELF)
    before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.monotonic()
    result = grade_batch(submissions, rubric_path, jobs=args.jobs, executor=args.executor, output_dir=work / "out",
                         progress=sys.stderr.isatty(), limits=limits, memo=not args.no_memo)
    elapsed = time.monotonic() - began
    from grader.sandbox import zygote

    zygote_used = zygote.running()
    zygote.shutdown()  # its children's CPU reaches our RUSAGE_CHILDREN only once the zygote is reaped
    after_self = resource.getrusage(resource.RUSAGE_SELF)
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_self = (after_self.ru_utime + after_self.ru_stime) - (before_self.ru_utime + before_self.ru_stime)
    cpu_children = (after_children.ru_utime + after_children.ru_stime) - (before_children.ru_utime + before_children.ru_stime)
    n = len(result.reports)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, uid {os.geteuid()}")
    print(f"class: {n} submissions of {args.assignment} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})")
    print(f"executor {args.executor}, jobs {args.jobs or default_jobs()}, memo {'off' if args.no_memo else 'on'}, "
          f"children {'forked from the zygote' if zygote_used else 'cold interpreters'}; load average {os.getloadavg()[0]:.2f}")
    print(f"wall {elapsed:.1f} s -> {n / elapsed:.1f} submissions/s  (target: 1,000 in < 60 s = 16.7/s)")
    print(f"cpu per submission: grading process {1000 * cpu_self / n:.0f} ms, children {1000 * cpu_children / n:.0f} ms"
          f" -> {(cpu_self + cpu_children) / max(os.cpu_count() or 1, 1):.1f} s of the {os.cpu_count()} cores"
          f" ({n / max((cpu_self + cpu_children) / max(os.cpu_count() or 1, 1), 1e-9):.1f} submissions/s if they were idle)")
    print(f"peak RSS: grading process {after_self.ru_maxrss / 1024:.0f} MiB (target < 500), largest child {after_children.ru_maxrss / 1024:.0f} MiB")
    print(f"runs: {dict(result.summary['runs'])}; mean score {result.summary['score']['mean']} / {result.summary['max_score']}")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"kept in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
