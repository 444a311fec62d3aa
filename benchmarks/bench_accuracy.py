"""Accuracy benchmark: grade the labelled corpus of tests/accuracy/ and compare with its labels.

    PYTHONPATH=$PWD python benchmarks/bench_accuracy.py [--json out.json] [--assignment ID] [--limit N]

The labels come from tests/accuracy/label.py, which recomputes every expected answer without
importing ``grader``.  Answers are packed into submissions (answer k of every item goes into
submission k of its assignment and variant, so no two answers to one item share a file and an
answer never depends on another item's), graded in one process with ``grader.api.grade`` (the
real sandboxed run), and each item's score fraction is compared with its label.  Items the
rubric gives 0 points are graded at 1 point here so their verdict is visible.

Prints agreement, false accepts (full credit, label < 1), false rejects (label 1, score < 1),
unjustified partial credit (a partial score the label does not give), missed partial credit
(label partial, score 0), a per-class table and every disagreement.  Exit status 0 whatever
the figures: this measures, it does not assert.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "accuracy"))

import label as labeller  # noqa: E402  (the independent labeller)

from grader.api import GradeOptions, grade  # noqa: E402
from grader.rubric import load_rubric  # noqa: E402

TOLERANCE = 1e-3


def _student_for(rubric_data: dict, variant: str | None) -> str | None:
    """A roster id the rubric assigns to ``variant`` (None: the default variant, or a term's only one)."""
    if variant is None or variant in rubric_data.get("terms", {}):
        return None
    rosters = [rubric_data.get("variants", {}).get("roster", {})]
    rosters += [(t.get("variants") or {}).get("roster", {}) for t in rubric_data.get("terms", {}).values()]
    for roster in rosters:
        for student, name in sorted(roster.items()):
            if name == variant:
                return student
    raise SystemExit(f"no roster student for variant {variant!r}")


def _source(assignment: str, answers: dict) -> str:
    lines = [f'ASSIGNMENT = "{assignment}"', ""]
    for name, value in answers.items():
        lines.append(f"{name} = {value!r}")
    return "\n".join(lines) + "\n"


def _graded_rubric(assignment: str):
    """The rubric, with 0-point items worth 1 point so their fraction is measurable."""
    rubric = load_rubric(ROOT / "rubrics" / labeller.RUBRICS[assignment])
    items = [item.model_copy(update={"points": 1.0}) if item.points == 0 and item.checker.automatic else item
             for item in rubric.items]
    return rubric.model_copy(update={"items": items})


def _follow_through_items(assignment: str) -> set[str]:
    return {item["id"] for item in labeller.rubric(assignment).get("items", []) if item.get("follow_through")}


def pack(entries):
    """Submissions: {(assignment, variant, k): [entry, ...]} with at most one entry per item each.

    An answer to an item with follow-through rules gets a submission of its own: packed next to
    another entry's wrong earlier answer, it would (rightly) be graded against that answer, while
    each label assumes the rest of the submission is right."""
    slots: dict[tuple, list] = defaultdict(list)
    taken: dict[tuple, int] = defaultdict(int)
    for entry in entries:
        if entry.item in _follow_through_items(entry.assignment):
            slots[(entry.assignment, entry.variant, f"alone-{entry.id}")].append(entry)
            continue
        key = (entry.assignment, entry.variant, entry.item)
        index = taken[key]
        taken[key] += 1
        slots[(entry.assignment, entry.variant, f"{index:03d}")].append(entry)
    return slots


def grade_corpus(entries, workdir: Path, progress: bool = True) -> dict[str, dict]:
    results: dict[str, dict] = {}
    rubrics = {a: _graded_rubric(a) for a in {e.assignment for e in entries}}
    caches = {a: ({}, {}) for a in rubrics}
    slots = pack(entries)
    for number, ((assignment, variant, index), group) in enumerate(sorted(slots.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2]))):
        answers: dict = {}
        for entry in group:
            answers.update(entry.answers)
        path = workdir / f"{assignment}_{variant or 'default'}_{index}.py".replace("-", "_")
        path.write_text(_source(assignment, answers))
        prepared, verdicts = caches[assignment]
        student = _student_for(labeller.rubric(assignment), variant)
        options = GradeOptions(student=student, term=labeller.term_of(assignment, variant), prepared_cache=prepared,
                               verdict_cache=verdicts)
        report, error = None, None
        for attempt in range(3):      # a busy machine can run out of sandbox uids for a moment
            try:
                report = grade(path, rubrics[assignment], options=options)
                break
            except RuntimeError as exc:
                error = f"{type(exc).__name__}: {exc}"
                time.sleep(2 * (attempt + 1))
        items = {item.id: item for item in report.items} if report is not None else {}
        for entry in group:
            item = items.get(entry.item)
            if item is None:
                results[entry.id] = {"fraction": None, "status": "not graded", "diagnosis": None, "feedback": error or ""}
                continue
            fraction = item.score / item.max_score if item.max_score else (1.0 if item.status == "passed" else 0.0)
            results[entry.id] = {"fraction": round(fraction, 6), "status": item.status, "diagnosis": item.diagnosis,
                                 "feedback": str(item.feedback)[:300]}
        if progress:
            print(f"\r  graded {number + 1}/{len(slots)} submissions", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    return results


def classify(label_value, graded: dict) -> str:
    """agree / false_accept / false_reject / unjustified_partial / missed_partial / wrong_zero."""
    fraction = graded["fraction"]
    expected = 0.0 if label_value == "invalid" else float(label_value)
    if fraction is None:
        return "not_graded"
    if abs(fraction - expected) <= TOLERANCE:
        return "agree"
    if fraction >= 1 - TOLERANCE:
        return "false_accept"
    if expected >= 1 - TOLERANCE:
        return "false_reject"
    if fraction > TOLERANCE:
        return "unjustified_partial"
    return "missed_partial"


CATEGORIES = ["false_accept", "false_reject", "unjustified_partial", "missed_partial", "not_graded"]


def _short(value, width=60) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= width else text[:width - 3] + "..."


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write every item's label and verdict to this file")
    parser.add_argument("--assignment", help="only this assignment id")
    parser.add_argument("--limit", type=int, help="only the first N corpus answers (a quick look)")
    args = parser.parse_args(argv)

    entries = labeller.load_corpus()
    if args.assignment:
        entries = [e for e in entries if e.assignment == args.assignment]
    if args.limit:
        entries = entries[:args.limit]
    began = time.monotonic()
    labels = {e.id: labeller.label(e) for e in entries}
    labelled = time.monotonic() - began
    with tempfile.TemporaryDirectory(prefix="bench_accuracy_") as tmp:
        graded = grade_corpus(entries, Path(tmp))
    graded_time = time.monotonic() - began - labelled

    rows = []
    for entry in entries:
        verdict = graded[entry.id]
        lab = labels[entry.id]
        outcome = classify(lab.fraction, verdict)
        status_note = ""
        if lab.fraction == "invalid" and outcome == "agree" and verdict["status"] != "invalid":
            status_note = f"label invalid, grader {verdict['status']}"
        rows.append({"id": entry.id, "assignment": entry.assignment, "item": entry.item, "variant": entry.variant,
                     "classes": entry.classes, "answer": entry.given.get("value", entry.given),
                     "missing": entry.missing,
                     "note": entry.note, "label": lab.fraction, "label_diagnosis": lab.diagnosis, "label_reason": lab.reason,
                     "score": verdict["fraction"], "status": verdict["status"], "diagnosis": verdict["diagnosis"],
                     "feedback": verdict["feedback"], "outcome": outcome, "status_note": status_note})

    total = len(rows)
    counts = defaultdict(int)
    for row in rows:
        counts[row["outcome"]] += 1
    per_assignment = {a: sum(r["assignment"] == a for r in rows) for a in sorted({r["assignment"] for r in rows})}
    print(f"Accuracy corpus: {total} answers (" + ", ".join(f"{a}: {k}" for a, k in per_assignment.items()) + ")")
    print(f"labelled in {labelled:.0f} s, graded in {graded_time:.0f} s")
    print(f"agreement            {counts['agree']}/{total} = {100 * counts['agree'] / max(total, 1):.1f} %")
    for category in CATEGORIES:
        print(f"{category:20} {counts[category]}")
    status_notes = [r for r in rows if r["status_note"]]
    print(f"(score agrees but status differs: {len(status_notes)})")

    print("\nPer class (an answer may have several):")
    print(f"{'class':26} {'n':>4} {'agree':>6} " + " ".join(f"{c[:12]:>12}" for c in CATEGORIES[:4]))
    classes = sorted({c for r in rows for c in r["classes"]})
    for name in classes:
        members = [r for r in rows if name in r["classes"]]
        line = f"{name:26} {len(members):4d} {sum(r['outcome'] == 'agree' for r in members):6d} "
        line += " ".join(f"{sum(r['outcome'] == c for r in members):12d}" for c in CATEGORIES[:4])
        print(line)

    print("\nDisagreements:")
    for row in rows:
        if row["outcome"] == "agree":
            continue
        answer = row["answer"] if row["answer"] != {} else "(the base answers)"
        if row["missing"]:
            answer = f"{answer} without {', '.join(row['missing'])}"
        print(f"- [{row['outcome']}] {row['id']} ({row['item']}{', ' + row['variant'] if row['variant'] else ''}): "
              f"{_short(answer, 110)}")
        print(f"    label {row['label']} ({row['label_diagnosis'] or '-'}; {row['label_reason'][:90]}); "
              f"grader {row['score']} {row['status']} ({row['diagnosis'] or '-'}); note: {row['note']}")
    if status_notes:
        print("\nStatus differences (score agrees):")
        for row in status_notes:
            print(f"- {row['id']} ({row['item']}): {_short(row['answer'])}: {row['status_note']}")
    if args.json:
        summary = {"total": total, "agreement": counts["agree"] / max(total, 1), **{c: counts[c] for c in CATEGORIES}}
        args.json.write_text(json.dumps({"summary": summary, "items": rows}, indent=1, default=str))
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
