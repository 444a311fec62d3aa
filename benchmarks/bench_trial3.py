"""The trial-3 files (fall Columbia, hard-coded networks, function answers) against the TA's verdicts.

Like bench_whole_files.py, but for ``submissions_example/trial3/`` and honouring each entry's
``term``/``student`` (fall 2025 files).  Asserts nothing; prints agreement, disagreements and feedback.

    PYTHONPATH=$PWD python benchmarks/bench_trial3.py [--verbose]
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from grader.api import GradeOptions, grade

ROOT = Path(__file__).resolve().parent.parent
TRIAL = ROOT / "submissions_example" / "trial3"
TOLERANCE = 0.001


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    agree = total = manual = 0
    rows = []
    for folder in sorted(p for p in TRIAL.iterdir() if p.is_dir()):
        expected = tomllib.loads((folder / "expected.toml").read_text(encoding="utf-8"))
        for entry in expected["submission"]:
            options = GradeOptions(term=entry.get("term"), student=entry.get("student"))
            report = grade(folder / entry["file"], options=options)
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
                else:
                    got = {"passed": 1.0, "failed": 0.0, "invalid": 0.0, "error": 0.0}.get(item.status)
                ok = got is not None and abs(got - float(label)) <= TOLERANCE
                agree += ok
                if not ok or verbose:
                    rows.append((ok, folder.name, entry["file"], item_id, label, got, item.status if item else "absent",
                                 (item.feedback if item else ""), verdict.get("reason", "")))
    print(f"agreement  {agree}/{total} = {100 * agree / max(total, 1):.1f} %  (and {manual} items graded by staff)")
    for ok, folder, file, item_id, label, got, status, feedback, reason in rows:
        mark = "  ok" if ok else "DIFF"
        print(f"{mark} {folder}/{file} {item_id}: TA {label}; grader {got if got is None else round(got, 4)} {status}")
        print(f"     TA: {reason}")
        print(f"     feedback: {feedback}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
