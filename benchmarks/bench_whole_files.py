"""Whole submission files against a TA's verdicts, item by item.

``submissions_example/trial/<assignment>/`` holds complete, messy submissions written as 24 different
students would (numpy or lists, LaTeX or unicode, notebooks, typos, answers under other names);
``trial3/`` 12 more (Columbia's fall term, hard-coded networks, function answers), ``trial4/`` 12 weak
students (written to catch false accepts) and ``trial5/`` 6 strong students in their own notation
(to catch false rejects).  Next to them, ``expected.toml`` has the score a careful TA gives each
item, written by hand from the handout and the rubric before the grader was run (and the term and
student id of a fall file); ``FINDINGS.md`` says where the grader and the TA first disagreed and
why.  This grades every file with ``grader.api.grade`` and prints the agreement and every
disagreement; it asserts nothing.

    PYTHONPATH=$PWD python benchmarks/bench_whole_files.py [--verbose]
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from grader.api import GradeOptions, grade

ROOT = Path(__file__).resolve().parent.parent
TRIALS = [ROOT / "submissions_example" / name for name in ("trial", "trial3", "trial4", "trial5")]
TOLERANCE = 0.001


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    agree = total = manual = 0
    disagreements = []
    for folder in sorted(p for trial in TRIALS for p in trial.iterdir() if p.is_dir()):
        expected = tomllib.loads((folder / "expected.toml").read_text(encoding="utf-8"))
        for entry in expected["submission"]:
            report = grade(folder / entry["file"], term=entry.get("term"), student=entry.get("student"),
                           options=GradeOptions())
            by_id = {item.id: item for item in report.items}
            for item_id, verdict in entry["items"].items():
                label = verdict["score"]
                item = by_id.get(item_id)
                if label == "manual":
                    manual += 1
                    continue
                total += 1
                if item is None:
                    got = None
                elif item.max_score:
                    got = item.score / item.max_score
                else:  # an item worth 0 points: its status says it
                    got = {"passed": 1.0, "failed": 0.0, "invalid": 0.0, "error": 0.0}.get(item.status)
                if got is not None and abs(got - float(label)) <= TOLERANCE:
                    agree += 1
                    continue
                disagreements.append((f"{folder.parent.name}/{folder.name}", entry["file"], item_id, label, got, item.status if item else "absent",
                                      (item.feedback if item else "")[:160], verdict.get("reason", "")))
    print(f"agreement  {agree}/{total} = {100 * agree / max(total, 1):.1f} %  (and {manual} items graded by staff)")
    print(f"grader above the TA: {sum(1 for d in disagreements if d[4] is not None and d[4] > float(d[3]))}, "
          f"below: {sum(1 for d in disagreements if d[4] is None or d[4] < float(d[3]))}")
    for folder, file, item_id, label, got, status, feedback, reason in disagreements:
        print(f"- {folder}/{file} {item_id}: TA {label} ({reason}); grader {got if got is None else round(got, 3)} {status}")
        if verbose:
            print(f"    {feedback}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
