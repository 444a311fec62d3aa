"""Hand-graded items: export them from a batch for staff, merge the grades back into the reports.

``grader manual-export OUT`` writes one CSV row per (student, manual item) with the student's
text; staff fill in ``points`` (and optionally ``comment``).  ``grader merge OUT FILE.csv``
checks every row first -- known student, known manual item, a number between 0 and the item's
points, no row twice -- and changes nothing if any row is wrong.  Otherwise it writes the points
into each report (the item's score and max_score; the report's totals are recomputed from its
items, so merging the same file twice changes nothing) and rebuilds scores.csv, summary.json and
summary.html, so the final score lives in one place.  Rows with empty points are left ungraded.
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

from .report import ItemReport, Report, to_json
from .textsafety import spreadsheet_cell

COLUMNS = ["student", "item", "question", "title", "max_points", "points", "comment", "answer"]
GRADED_FEEDBACK = "Graded by the course staff."


@dataclass
class MergeResult:
    problems: list[str] = field(default_factory=list)
    graded: int = 0
    left_blank: int = 0
    students: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.problems


def _item_points(item: ItemReport) -> float:
    """A manual item's points, before (points_manual) or after (max_score) a merge."""
    return max(item.max_score, item.points_manual)


def _is_manual(item: ItemReport) -> bool:
    return item.status == "manual"


def _answer_text(item: ItemReport) -> str:
    evidence = item.evidence if isinstance(item.evidence, dict) else {}
    texts = evidence.get("answers")
    parts = [str(v) for v in texts.values()] if isinstance(texts, dict) else []
    if evidence.get("answer_lost"):
        parts.append(f"[answer lost: {evidence['answer_lost']}]")
    return "\n\n".join(parts)


def _load(out: Path) -> tuple[dict[str, Report], dict[str, str]]:
    from .summary import load_reports

    if not (out / "summary.json").is_file():
        raise FileNotFoundError(f"{out}: no summary.json here; give the output folder of `grader batch`")
    return load_reports(out)


def export_manual(out: str | Path, csv_path: str | Path | None = None) -> tuple[Path, int]:
    """Write the CSV staff fill in; returns its path and the number of rows."""
    out = Path(out)
    reports, _ = _load(out)
    csv_path = Path(csv_path) if csv_path else out / "manual.csv"
    rows = 0
    with open(csv_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for student, report in reports.items():
            for item in report.items:
                if not _is_manual(item):
                    continue
                graded = item.max_score > 0  # merged before: show the current grade so a re-export round-trips
                comment = item.feedback if graded and not item.feedback.startswith(GRADED_FEEDBACK) else ""
                writer.writerow([spreadsheet_cell(c) for c in (
                    student, item.id, item.question, item.title, f"{_item_points(item):g}",
                    f"{item.score:g}" if graded else "", comment, _answer_text(item))])
                rows += 1
    return csv_path, rows


def _unguard(text: str) -> str:
    """Undo :func:`spreadsheet_cell` on a value read back."""
    return text[1:] if text.startswith("'") and spreadsheet_cell(text[1:]) == text else text


def merge_manual(out: str | Path, csv_path: str | Path, *, dry_run: bool = False) -> MergeResult:
    """Validate every row, then (unless a row is wrong or ``dry_run``) update the reports and the summary."""
    out = Path(out)
    reports, files = _load(out)
    result = MergeResult()
    grades: dict[tuple[str, str], tuple[float, str]] = {}
    seen: set[tuple[str, str]] = set()
    try:
        handle = open(csv_path, newline="", encoding="utf-8-sig")  # a spreadsheet may add a BOM
    except OSError as exc:
        result.problems.append(f"{csv_path}: cannot read ({exc.strerror})")
        return result
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ("student", "item", "points") if c not in (reader.fieldnames or [])]
        if missing:
            result.problems.append(f"{csv_path}: missing column(s) {missing}; export the file with `grader manual-export`")
            return result
        for line, row in enumerate(reader, start=2):
            _validate_row(row, line, reports, grades, seen, result)
    if result.problems or dry_run:
        return result
    for (student, item_id), (points, comment) in grades.items():
        report = reports[student]
        for item in report.items:
            if item.id == item_id:
                maximum = _item_points(item)
                item.score, item.max_score, item.points_manual = points, maximum, 0.0
                item.feedback = comment or GRADED_FEEDBACK
                item.evidence = dict(item.evidence) | {"graded_by": "staff"}
        _retotal(report)
        result.students.add(student)
    for student in result.students:
        target = out / files[student]
        temporary = target.with_suffix(".json.tmp")
        temporary.write_text(to_json(reports[student]), encoding="utf-8")
        os.replace(temporary, target)
    _rebuild_summary(out, reports, files)
    return result


def _validate_row(row: dict, line: int, reports: dict[str, Report], grades: dict, seen: set,
                  result: MergeResult) -> None:
    student = (row.get("student") or "").strip()
    item_id = _unguard((row.get("item") or "").strip())
    if student not in reports and student.startswith("'") and student[1:] in reports:
        student = student[1:]  # undo the export's spreadsheet guard
    points_text = (row.get("points") or "").strip()
    where = f"row {line} ({student or '?'}, {item_id or '?'})"
    if student not in reports:
        result.problems.append(f"{where}: unknown student {student!r}")
        return
    item = next((i for i in reports[student].items if i.id == item_id), None)
    if item is None:
        result.problems.append(f"{where}: unknown item {item_id!r}; the report's items are "
                               f"{[i.id for i in reports[student].items]}")
        return
    if not _is_manual(item):
        result.problems.append(f"{where}: item {item_id!r} is graded automatically; only manual items are merged")
        return
    if (student, item_id) in seen:
        result.problems.append(f"{where}: a second row for this student and item")
        return
    seen.add((student, item_id))
    if not points_text:
        result.left_blank += 1
        return
    try:
        points = float(points_text)
    except ValueError:
        result.problems.append(f"{where}: points {points_text!r} is not a number")
        return
    maximum = _item_points(item)
    if not math.isfinite(points) or points < 0 or points > maximum + 1e-9:
        result.problems.append(f"{where}: points {points_text} must be between 0 and {maximum:g}")
        return
    grades[(student, item_id)] = (points, _unguard((row.get("comment") or "").strip()))
    result.graded += 1


def _retotal(report: Report) -> None:
    report.score = round(sum(i.score for i in report.items), 6)
    report.max_score = round(sum(i.max_score for i in report.items), 6)
    report.manual_points = sum(i.points_manual for i in report.items)


def _rebuild_summary(out: Path, reports: dict[str, Report], files: dict[str, str]) -> None:
    from .rubric import Rubric
    from .summary import build_summary, load_rows, write_outputs

    rubric = Rubric.model_validate_json((out / "rubric.json").read_text(encoding="utf-8"))
    write_outputs(out, rubric, reports, build_summary(rubric, reports, files, rows=load_rows(out)))


__all__ = ["export_manual", "merge_manual", "MergeResult", "COLUMNS"]
