"""Benchmark: what one verdict costs, per checker kind, on the shipped rubrics and example answers.

    python benchmarks/bench_checkers.py               # every assignment, 15 repetitions
    python benchmarks/bench_checkers.py --repeats 30 --assignment toronto_csc413_a1

Every example submission of every assignment (submissions_example/<assignment>/expected.toml:
complete, partly wrong and broken answers, several variants) is run once in the sandbox.  Then
each automatic item is graded again and again with grading.grade_item -- the checker, plus the
rubric's known mistakes and the other variants when the answer is wrong, exactly as a run does --
with the expected values already computed (references are computed once per rubric and
parameter set, and cached across a batch) and the memo of network verdicts cleared before each
repetition, so every repetition is a verdict on an answer never seen before.

Printed per family and per kind: cases (item x submission), median, p90 and worst of the per-case
medians in milliseconds (CPU time of this process, which machine load distorts much less than
wall time), and the first verdict of the kind in a fresh process (it also pays for importing
the checker's machinery).  Targets (issue 8): median expression check < 5 ms, median network
verdict < 50 ms.
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
ASSIGNMENTS = ("columbia_nndl_hw1", "toronto_csc413_a1", "nyu_dl_hw1")
FAMILIES = {  # issue 8's names for the costs it asks about
    "expression equivalence": ("expression",),
    "matrix expressions": ("matrix_expression",),
    "backward passes": ("backprop",),
    "network verdicts": ("network", "comparator_network"),
    "counts / big-O": ("count", "big_o"),
}
TARGETS = {"expression equivalence": 5.0, "network verdicts": 50.0}


def cases(assignment: str):
    """(kind, item, answers, problem, expected, alternatives, context) for every automatic item of
    every example submission of ``assignment``."""
    from grader import api
    from grader.answers import ChannelError, parse_channel
    from grader.checkers import CheckContext
    from grader.grading import collect_answers
    from grader.rubric import load_rubric
    from grader.sandbox.runner import Limits, run
    from grader.submission import load_submission
    from grader.variants import parameters_for, resolve_term, variant_for

    folder = ROOT / "submissions_example" / assignment
    rubric = load_rubric(ROOT / "rubrics" / f"{assignment}.toml")
    prepared = {}
    for entry in tomllib.loads((folder / "expected.toml").read_text())["submission"]:
        term = resolve_term(rubric, entry.get("term"))
        variant = variant_for(rubric, entry.get("student"), term)
        key = f"{term or ''}/{variant.name if variant else ''}"
        if key not in prepared:
            parameters = parameters_for(rubric, variant, term)
            items = rubric.items_for(term)
            probes, calls = api._probes(items, parameters)
            expected = {i.id: api.compute_expected(i.reference_call(), parameters) for i in items}
            alternatives = {i.id: api._alternatives(i, rubric, parameters, variant, term) for i in items}
            prepared[key] = (parameters, items, probes, calls, expected, alternatives)
        parameters, items, probes, calls, expected, alternatives = prepared[key]
        loaded = load_submission(folder / entry["file"])
        if loaded.problem is not None:
            continue
        outcome = run(loaded.source if loaded.cells is None else None, rubric.answer_names(), calls=calls,
                      cells=loaded.cells, limits=Limits(wall_seconds=10))
        try:
            child = parse_channel(outcome.channel) if outcome.channel else None
        except ChannelError:
            child = None
        seed = rubric.assignment.seed
        for item in items:
            if not item.checker.automatic:
                continue
            answers, problem = collect_answers(item, child, None if child else outcome.message, probes)
            if problem is not None:
                continue  # a missing or unreadable answer costs nothing to check
            context = CheckContext(item_id=item.id, seed=seed, parameters=parameters)
            yield item.kind, item, answers, problem, expected[item.id], alternatives[item.id], context


def cpu_ms(function) -> tuple[float, object]:
    began = time.process_time()
    result = function()
    return (time.process_time() - began) * 1000, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--assignment", action="append", choices=ASSIGNMENTS)
    args = parser.parse_args()

    from grader.grading import grade_item
    from grader.networks.decide import clear_cache

    per_kind: dict[str, list[float]] = {}
    first: dict[str, float] = {}
    statuses: dict[str, dict[str, int]] = {}
    for assignment in args.assignment or ASSIGNMENTS:
        for kind, item, answers, problem, expected, alternatives, context in cases(assignment):
            def verdict():
                return grade_item(item, answers, problem, expected, alternatives, context)

            clear_cache()
            elapsed, report = cpu_ms(verdict)
            if kind not in first:
                first[kind] = elapsed  # the kind's first verdict in this process: imports included
            times = []
            for _ in range(args.repeats):
                clear_cache()
                times.append(cpu_ms(verdict)[0])
            per_kind.setdefault(kind, []).append(statistics.median(times))
            statuses.setdefault(kind, {}).setdefault(report.status, 0)
            statuses[kind][report.status] += 1

    def row(name: str, values: list[float], first_ms: float | None, detail: str = "") -> str:
        values = sorted(values)
        p90 = values[min(len(values) - 1, int(0.9 * len(values)))]
        first_text = f"{first_ms:9.1f}" if first_ms is not None else f"{'':9}"
        return (f"{name:<26} {len(values):>5} {statistics.median(values):9.2f} {p90:9.2f} {values[-1]:9.2f} "
                f"{first_text}  {detail}")

    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load average {load[0]:.2f}; "
          f"{args.repeats} repetitions per case; CPU milliseconds per verdict\n")
    print(f"{'family / kind':<26} {'cases':>5} {'median':>9} {'p90':>9} {'worst':>9} {'first':>9}  verdicts")
    met = []
    for family, kinds in FAMILIES.items():
        values = [v for k in kinds for v in per_kind.get(k, [])]
        if not values:
            continue
        print(row(family, values, None))
        for kind in kinds:
            if kind in per_kind:
                detail = ", ".join(f"{s} {n}" for s, n in sorted(statuses[kind].items()))
                print(row(f"  {kind}", per_kind[kind], first[kind], detail))
        if family in TARGETS:
            met.append(f"{family}: median {statistics.median(values):.2f} ms (target < {TARGETS[family]:g} ms) "
                       f"{'met' if statistics.median(values) < TARGETS[family] else 'NOT met'}")
    others = sorted(set(per_kind) - {k for kinds in FAMILIES.values() for k in kinds})
    if others:
        print("other kinds")
        for kind in others:
            detail = ", ".join(f"{s} {n}" for s, n in sorted(statuses[kind].items()))
            print(row(f"  {kind}", per_kind[kind], first[kind], detail))
    print()
    for line in met:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
