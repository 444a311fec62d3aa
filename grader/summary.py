"""The class summary of a batch: ``summary.json``, ``scores.csv`` and ``summary.html``.

Every number here is computed from the per-student reports and nothing else, so the summary
always agrees with them (``grader merge`` rebuilds it the same way after manual grading).
The HTML page is self-contained: inline CSS and SVG, no script, every report text escaped.
"""

from __future__ import annotations

import csv
import html
import json
import math
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

from .report import Report
from .textsafety import spreadsheet_cell
from .rubric import Rubric

STATUSES: tuple[str, ...] = ("passed", "partial", "failed", "invalid", "error", "manual")
_COLOURS = {"passed": "#2e7d32", "partial": "#f9a825", "failed": "#c62828", "invalid": "#6a1b9a",
            "error": "#757575", "manual": "#90a4ae"}


def _round(value: float) -> float:
    return round(float(value), 4)


def _stats(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"mean": None, "median": None, "min": None, "max": None, "stdev": None}
    return {"mean": _round(statistics.fmean(values)), "median": _round(statistics.median(values)),
            "min": _round(min(values)), "max": _round(max(values)),
            "stdev": _round(statistics.pstdev(values)) if len(values) > 1 else 0.0}


def histogram(scores: list[float], max_score: float) -> list[dict[str, float]]:
    """Counts of scores in bins of a round width (1, 2, 2.5, 5, 10, ... points; at most 25 bins).

    A bin holds ``low <= score < high``.
    """
    if max_score <= 0:
        return [{"low": 0.0, "high": 0.0, "count": len(scores)}]
    width = next(w * 10 ** e for e in range(0, 12) for w in (1, 2, 2.5, 5) if max_score / (w * 10 ** e) <= 25)
    count = math.floor(max_score / width + 1e-9) + 1  # full marks always starts a bin of its own
    bins = [{"low": _round(i * width), "high": _round((i + 1) * width), "count": 0} for i in range(count)]
    for score in scores:
        index = min(max(int(score / width + 1e-9), 0), count - 1)
        bins[index]["count"] += 1
    return bins


def _group_key(status: str, diagnosis: str | None, feedback: str) -> tuple[str, str | None, str]:
    # With a diagnosis code the feedback is the rubric's or checker's words for it; without one,
    # the first line of the feedback (which may quote the answer) is what students share.
    return status, diagnosis, "" if diagnosis else feedback.splitlines()[0][:200] if feedback else ""


def build_summary(rubric: Rubric, reports: dict[str, Report], report_files: dict[str, str] | None = None) -> dict[str, Any]:
    """Class statistics, per-item pass rates and shared diagnoses, from the reports alone."""
    report_files = report_files or {}
    scores = [r.score for r in reports.values()]
    max_score = max((r.max_score for r in reports.values()), default=rubric.max_score)
    items = []
    for item in rubric.items:
        statuses: Counter[str] = Counter()
        item_scores: list[float] = []
        groups: dict[tuple, dict[str, Any]] = {}
        for student, report in reports.items():
            found = next((i for i in report.items if i.id == item.id), None)
            if found is None:
                statuses["absent"] += 1
                continue
            statuses[found.status] += 1
            if found.status != "manual" or found.max_score > 0:
                item_scores.append(found.score)
            if found.status in ("passed", "manual"):
                continue
            key = _group_key(found.status, found.diagnosis, found.feedback)
            group = groups.setdefault(key, {"status": found.status, "diagnosis": found.diagnosis,
                                            "feedback": found.feedback.splitlines()[0][:300] if found.feedback else "",
                                            "count": 0, "students": []})
            group["count"] += 1
            group["students"].append(student)
        graded = len(item_scores)
        items.append({
            "id": item.id, "question": item.question, "title": item.title, "kind": item.kind,
            "points": item.points,
            "graded": graded,
            "mean_score": _round(statistics.fmean(item_scores)) if item_scores else None,
            # Hand-graded items have no pass rate: their score (mean_score) is what staff gave.
            "pass_rate": _round(statuses["passed"] / len(reports)) if reports and item.checker.automatic else None,
            "statuses": {s: statuses[s] for s in STATUSES if statuses[s]} | ({"absent": statuses["absent"]} if statuses["absent"] else {}),
            "groups": sorted(groups.values(), key=lambda g: (-g["count"], g["status"], g["diagnosis"] or "", g["feedback"])),
        })
    runs = Counter(r.run.status for r in reports.values())
    lost = [{"student": student, "item": i.id, "question": i.question, "problem": i.evidence["answer_lost"]}
            for student, report in reports.items() for i in report.items
            if i.status == "manual" and isinstance(i.evidence, dict) and i.evidence.get("answer_lost")]
    return {
        "assignment": rubric.assignment.id,
        "title": rubric.assignment.title,
        "submissions": len(reports),
        "max_score": _round(max_score),
        "score": _stats(scores) | {"histogram": histogram(scores, max_score)},
        "manual_points_pending": _round(sum(r.manual_points for r in reports.values())),
        "runs": dict(sorted(runs.items())),
        "items": items,
        # Free-text answers that could not be read: staff grade them by hand, so they must know.
        "manual_answers_lost": lost,
        "students": [
            {"student": student, "file": report.submission.file, "variant": report.submission.variant,
             "run_status": report.run.status, "score": report.score, "max_score": report.max_score,
             "manual_points_pending": report.manual_points, "report": report_files.get(student),
             "items": {i.id: {"score": i.score, "status": i.status} for i in report.items}}
            for student, report in reports.items()
        ],
    }


# ---------------------------------------------------------------- files

def write_outputs(out: Path, rubric: Rubric, reports: dict[str, Report], summary: dict[str, Any]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    # The rubric as graded: `grader merge` rebuilds the summary from it and the reports alone.
    (out / "rubric.json").write_text(rubric.model_dump_json(indent=2) + "\n", encoding="utf-8")
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    write_csv(out / "scores.csv", rubric, summary)
    (out / "summary.html").write_text(render_html(summary), encoding="utf-8")


_cell = spreadsheet_cell  # ids and file names come from students


def write_csv(path: Path, rubric: Rubric, summary: dict[str, Any]) -> None:
    """One row per submission: totals, then each item's score, then each item's status."""
    ids = [item.id for item in rubric.items]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "file", "variant", "run_status", "score", "max_score", "manual_points_pending"]
                        + ids + [f"{i}:status" for i in ids])
        for row in summary["students"]:
            per_item = row["items"]
            writer.writerow([_cell(row["student"]), _cell(row["file"]), _cell(row["variant"]), row["run_status"],
                             f"{row['score']:g}", f"{row['max_score']:g}", f"{row['manual_points_pending']:g}"]
                            + [f"{per_item[i]['score']:g}" if i in per_item else "" for i in ids]
                            + [per_item[i]["status"] if i in per_item else "" for i in ids])


# ---------------------------------------------------------------- HTML

def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _fmt(value: Any) -> str:
    return "-" if value is None else f"{value:g}" if isinstance(value, (int, float)) else str(value)


def _histogram_svg(bins: list[dict[str, float]]) -> str:
    width, height, pad = 640, 220, 30
    top = max((b["count"] for b in bins), default=0) or 1
    bar = (width - 2 * pad) / max(len(bins), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="Score distribution">',
             f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#333"/>']
    for index, b in enumerate(bins):
        h = (height - 2 * pad) * b["count"] / top
        x = pad + index * bar
        label = _fmt(b["low"]) if b["high"] - b["low"] == 1 else f"{_fmt(round(b['low'], 1))}-{_fmt(round(b['high'], 1))}"
        tick = _fmt(round(b["low"], 1))
        parts.append(f'<rect x="{x + 1:.1f}" y="{height - pad - h:.1f}" width="{max(bar - 2, 1):.1f}" height="{h:.1f}" '
                     f'fill="#1565c0"><title>{_e(label)} points: {b["count"]}</title></rect>')
        if b["count"]:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - pad - h - 3:.1f}" font-size="10" text-anchor="middle">{b["count"]}</text>')
        if len(bins) <= 13 or index % math.ceil(len(bins) / 10) == 0:  # about ten readable ticks
            parts.append(f'<text x="{x:.1f}" y="{height - pad + 12}" font-size="10" text-anchor="middle">{_e(tick)}</text>')
    parts.append(f'<text x="{width / 2}" y="{height - 4}" font-size="11" text-anchor="middle">points</text></svg>')
    return "".join(parts)


def _items_svg(items: list[dict[str, Any]], total: int) -> str:
    row, label_width, bar_width = 22, 260, 420
    height = row * len(items) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 60}" height="{height}" '
             f'role="img" aria-label="Per-item results">']
    for index, item in enumerate(items):
        y = 5 + index * row
        parts.append(f'<text x="{label_width - 6}" y="{y + 14}" font-size="11" text-anchor="end">'
                     f'{_e(item["question"])} {_e(item["id"][:32])}</text>')
        x = float(label_width)
        for status in STATUSES:
            count = item["statuses"].get(status, 0)
            if not count or not total:
                continue
            w = bar_width * count / total
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row - 6}" fill="{_COLOURS[status]}">'
                         f'<title>{_e(status)}: {count} of {total}</title></rect>')
            x += w
        rate = item["pass_rate"]
        parts.append(f'<text x="{label_width + bar_width + 6}" y="{y + 14}" font-size="11">'
                     f'{"" if rate is None else f"{100 * rate:.0f}%"}</text>')
    legend_y = height - 10
    x = label_width
    for status in STATUSES:
        parts.append(f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" fill="{_COLOURS[status]}"/>'
                     f'<text x="{x + 13}" y="{legend_y}" font-size="10">{status}</text>')
        x += 70
    parts.append("</svg>")
    return "".join(parts)


def render_html(summary: dict[str, Any]) -> str:
    score = summary["score"]
    n = summary["submissions"]
    runs = ", ".join(f"{_e(k)}: {v}" for k, v in summary["runs"].items()) or "none"
    out = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(summary['title'])}: class summary</title>",
        "<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}"
        "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}"
        "th{background:#f3f3f3}.num{text-align:right}details summary{cursor:pointer}.st{font-weight:600}"
        + "".join(f".{s}{{color:{c}}}" for s, c in _COLOURS.items()) + "</style></head><body>",
        f"<h1>{_e(summary['title'])}</h1>",
        f"<p>{n} submissions &middot; mean {_fmt(score['mean'])} &middot; median {_fmt(score['median'])} "
        f"&middot; min {_fmt(score['min'])} &middot; max {_fmt(score['max'])} of {_fmt(summary['max_score'])} points"
        f" &middot; runs: {runs}"
        + (f" &middot; {_fmt(summary['manual_points_pending'])} points still to grade by hand" if summary["manual_points_pending"] else "")
        + "</p>",
        "<h2>Score distribution</h2>", _histogram_svg(score["histogram"]),
        "<h2>Items</h2>", _items_svg(summary["items"], n),
        "<table><tr><th>Question</th><th>Item</th><th class=num>Points</th><th class=num>Mean</th><th class=num>Passed</th><th>Statuses</th></tr>",
    ]
    for item in summary["items"]:
        statuses = ", ".join(f'<span class="{_e(s)}">{_e(s)} {c}</span>' for s, c in item["statuses"].items())
        rate = "-" if item["pass_rate"] is None else f"{100 * item['pass_rate']:.0f}%"
        out.append(f"<tr><td>{_e(item['question'])}</td><td>{_e(item['id'])}<br><small>{_e(item['title'])}</small></td>"
                   f"<td class=num>{_fmt(item['points'])}</td><td class=num>{_fmt(item['mean_score'])}</td>"
                   f"<td class=num>{rate}</td><td>{statuses}</td></tr>")
    out.append("</table><h2>Common problems per item</h2>"
               "<p>Students who got the same diagnosis (or the same message) are grouped, most common first, "
               "so one comment can answer all of them.</p>")
    for item in summary["items"]:
        if not item["groups"]:
            continue
        out.append(f"<h3>{_e(item['question'])} {_e(item['title'])} <small>({_e(item['id'])})</small></h3>"
                   "<table><tr><th class=num>Students</th><th>Status</th><th>Diagnosis</th><th>Feedback</th><th>Who</th></tr>")
        for group in item["groups"][:15]:
            who = ", ".join(_e(s) for s in group["students"][:200]) + (" ..." if len(group["students"]) > 200 else "")
            out.append(f"<tr><td class=num>{group['count']}</td><td class=\"st {_e(group['status'])}\">{_e(group['status'])}</td>"
                       f"<td>{_e(group['diagnosis'] or '')}</td><td>{_e(group['feedback'])}</td>"
                       f"<td><details><summary>{group['count']} students</summary>{who}</details></td></tr>")
        if len(item["groups"]) > 15:
            out.append(f"<tr><td colspan=5>... {len(item['groups']) - 15} smaller groups in summary.json</td></tr>")
        out.append("</table>")
    if summary.get("manual_answers_lost"):
        out.append("<h2>Free-text answers that could not be read</h2><p>These answers are graded by hand, but the "
                   "grader could not read them; look at the submission itself.</p><table><tr><th>Student</th>"
                   "<th>Question</th><th>Item</th><th>Why</th></tr>")
        for lost in summary["manual_answers_lost"]:
            out.append(f"<tr><td>{_e(lost['student'])}</td><td>{_e(lost['question'])}</td><td>{_e(lost['item'])}</td>"
                       f"<td>{_e(lost['problem'])}</td></tr>")
        out.append("</table>")
    out.append("<h2>Students</h2><table><tr><th>Student</th><th>File</th><th>Variant</th><th>Run</th>"
               "<th class=num>Score</th><th>Report</th></tr>")
    for row in summary["students"]:
        link = f'<a href="{_e(row["report"])}">report</a>' if row.get("report") else ""
        out.append(f"<tr><td>{_e(row['student'])}</td><td>{_e(row['file'])}</td><td>{_e(row['variant'] or '')}</td>"
                   f"<td>{_e(row['run_status'])}</td><td class=num>{_fmt(row['score'])} / {_fmt(row['max_score'])}</td><td>{link}</td></tr>")
    out.append("</table></body></html>")
    return "\n".join(out) + "\n"


def load_reports(out: Path) -> tuple[dict[str, Report], dict[str, str]]:
    """The reports of a batch output folder, by student, as listed in its summary.json."""
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    reports, files = {}, {}
    for row in summary["students"]:
        if row.get("report"):
            reports[row["student"]] = Report.model_validate_json((out / row["report"]).read_text(encoding="utf-8"))
            files[row["student"]] = row["report"]
    return reports, files


__all__ = ["build_summary", "write_outputs", "write_csv", "render_html", "histogram", "load_reports"]
