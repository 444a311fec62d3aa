"""The gradebook staff upload: ``grader gradebook OUT`` -> one CSV row per student key.

Read from a batch output folder (its reports, with hand grades merged by ``grader merge``, and
its ``batch.json`` rows for submission times).  Columns: the student key, the total, the score of
each question (its items summed), then the late policy's figures.  Three layouts:

``generic``     student_key, total, max_score, Q <n>..., submitted_at, late_days, late_penalty,
                total_after_late, flags
``gradescope``  SID (the key), Total Score (after the late policy), Q <n>... -- for Gradescope's
                "import scores" on an assignment whose students are matched by SID
``canvas``      Student, ID, SIS User ID, SIS Login ID (the key), Section, then one column
                "<title>" with the total after the late policy, and a "Points Possible" row

The optional late policy compares Gradescope's ``created_at`` (read from the export's top-level
submission metadata by ``grader batch``) with the due date (``--due``, else the term's ``due``
in the rubric): a submission ``late_days`` days late (started days, after ``grace_minutes``)
loses ``per_day`` of its total per day, up to ``max_days``, after which it scores 0.

A student key with several rows (a duplicate) gets the row with the highest total, and the
``flags`` column (generic layout) and the command's output say so.  Every cell that a
spreadsheet would read as a formula is guarded as in scores.csv.
"""

from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .report import Report


@dataclass(frozen=True)
class LatePolicy:
    due: datetime
    per_day: float = 0.1  # share of the total lost per started day late
    max_days: int | None = None  # later than this: 0
    grace_minutes: float = 0.0

    def days_late(self, submitted: datetime | None) -> int:
        if submitted is None:
            return 0
        late = submitted - self.due - timedelta(minutes=self.grace_minutes)
        return max(0, math.ceil(late.total_seconds() / 86400)) if late.total_seconds() > 0 else 0

    def penalty(self, total: float, days: int) -> float:
        if days <= 0:
            return 0.0
        if self.max_days is not None and days > self.max_days:
            return total
        return round(min(1.0, days * self.per_day) * total, 6)


_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?\s*(Z|[+-]\d{2}:?\d{2})?$")


def parse_timestamp(text: Any) -> datetime | None:
    """Gradescope's ``2025-02-01 10:00:00.000000000 -05:00``, ISO 8601, or PyYAML's str(datetime); None if unreadable.

    A time without an offset is read as UTC."""
    if text is None:
        return None
    if isinstance(text, datetime):
        return text if text.tzinfo else text.replace(tzinfo=timezone.utc)
    match = _TIMESTAMP.match(str(text).strip())
    if not match:
        return None
    day, clock, fraction, offset = match.groups()
    micro = (fraction or "0")[:6].ljust(6, "0")
    zone = timezone.utc
    if offset and offset != "Z":
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        zone = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    try:
        return datetime.fromisoformat(f"{day}T{clock}.{micro}").replace(tzinfo=zone)
    except ValueError:
        return None


def question_columns(reports: dict[str, Report]) -> list[str]:
    """The questions, in the order their items first appear."""
    seen: list[str] = []
    for report in reports.values():
        for item in report.items:
            if item.question not in seen:
                seen.append(item.question)
    return seen


def build_gradebook(out: str | Path, late: LatePolicy | None = None) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    """(rows, questions, notes): one row per student key, from a batch output folder."""
    from .summary import load_reports, load_rows

    out = Path(out)
    if not (out / "summary.json").is_file():
        raise FileNotFoundError(f"{out}: no summary.json here; give the output folder of `grader batch`")
    reports, _ = load_reports(out)
    rows_info = load_rows(out)
    questions = question_columns(reports)
    by_key: dict[str, list[tuple[str, Report]]] = {}
    for row, report in reports.items():
        key = report.submission.student or rows_info.get(row, {}).get("key") or row
        by_key.setdefault(key, []).append((row, report))
    notes: list[str] = []
    rows = []
    for key in sorted(by_key):
        candidates = sorted(by_key[key], key=lambda rr: (-rr[1].score, rr[0]))
        row, report = candidates[0]
        flags = []
        if len(candidates) > 1:
            others = ", ".join(r for r, _ in candidates[1:])
            flags.append(f"duplicate: {len(candidates)} rows for this key; the highest total ({row}) is used, not {others}")
            notes.append(f"{key}: {flags[-1]}")
        per_question = {q: 0.0 for q in questions}
        asked = set()
        for item in report.items:
            per_question[item.question] += item.score
            asked.add(item.question)
        submitted_text = rows_info.get(row, {}).get("submitted_at")
        submitted = parse_timestamp(submitted_text)
        days = late.days_late(submitted) if late else 0
        if late and submitted_text and submitted is None:
            flags.append(f"late policy: cannot read the submission time {submitted_text!r}")
        penalty = late.penalty(report.score, days) if late else 0.0
        if report.manual_points:
            flags.append(f"{report.manual_points:g} points still to grade by hand")
        rows.append({"student_key": key, "row": row, "total": report.score, "max_score": report.max_score,
                     "questions": {q: (round(per_question[q], 6) if q in asked else None) for q in questions},
                     "submitted_at": submitted.isoformat() if submitted else (submitted_text or ""),
                     "late_days": days, "late_penalty": penalty, "total_after_late": round(report.score - penalty, 6),
                     "flags": flags})
    return rows, questions, notes


def write_gradebook(rows: list[dict[str, Any]], questions: list[str], path: str | Path, layout: str = "generic",
                    title: str = "Assignment", max_score: float | None = None) -> Path:
    from .summary import _cell

    path = Path(path)
    number = lambda value: "" if value is None else f"{value:g}"  # noqa: E731
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if layout == "gradescope":
            writer.writerow(["SID", "Total Score"] + [_cell(f"Q {q}") for q in questions])
            for row in rows:
                writer.writerow([_cell(row["student_key"]), number(row["total_after_late"])]
                                + [number(row["questions"][q]) for q in questions])
        elif layout == "canvas":
            writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", _cell(title)])
            top = max_score if max_score is not None else max((r["max_score"] for r in rows), default=0)
            writer.writerow(["Points Possible", "", "", "", "", number(top)])
            for row in rows:
                writer.writerow(["", "", "", _cell(row["student_key"]), "", number(row["total_after_late"])])
        else:
            writer.writerow(["student_key", "total", "max_score"] + [_cell(f"Q {q}") for q in questions]
                            + ["submitted_at", "late_days", "late_penalty", "total_after_late", "flags"])
            for row in rows:
                writer.writerow([_cell(row["student_key"]), number(row["total"]), number(row["max_score"])]
                                + [number(row["questions"][q]) for q in questions]
                                + [_cell(row["submitted_at"]), row["late_days"], number(row["late_penalty"]),
                                   number(row["total_after_late"]), _cell(" | ".join(row["flags"]))])
    return path


def term_due(out: Path) -> str | None:
    """The due date the graded term records in the rubric (rubric.json of the batch), if any."""
    try:
        rubric = json.loads((out / "rubric.json").read_text(encoding="utf-8"))
        state = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    term = state.get("term")
    return ((rubric.get("terms") or {}).get(term) or {}).get("due") if term else None


__all__ = ["LatePolicy", "parse_timestamp", "build_gradebook", "write_gradebook", "term_due"]
