"""The class summary of a batch: ``summary.json``, ``scores.csv`` and ``summary.html``.

Every number here is computed from the per-student reports and nothing else, so the summary
always agrees with them (``grader merge`` rebuilds it the same way after manual grading).
The HTML page is self-contained: inline CSS and SVG, no script, every report text escaped.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import math
import re
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
    return status, diagnosis, "" if diagnosis else cut_words(feedback.splitlines()[0], 200) if feedback else ""


def cut_words(text: str, limit: int) -> str:
    """``text`` shortened to at most ``limit`` characters at a word boundary, never mid-word."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if not text[limit - 1].isspace():  # inside a word: back up to its start (or after a hyphen)
        breaks = [head.rfind(c) for c in " \t-_/"]
        at = max(breaks)
        if at >= limit // 2:
            head = head[: at + 1] if head[at] in "-_/" else head[:at]
    return head.rstrip(" ,;:") + "\u2026"


def ran(report: Report) -> bool:
    """Did the submission run to the end (its items say something about its answers)?"""
    return report.run.status == "finished"


def _variant_of(report: Report) -> str:
    return report.submission.variant or report.submission.term or "-"


def _item_figures(found: list[Any]) -> dict[str, Any]:
    scores = [i.score for i in found if i.status != "manual" or i.max_score > 0]
    return {"students": len(found), "passed": sum(i.status == "passed" for i in found),
            "pass_rate": _round(sum(i.status == "passed" for i in found) / len(found)) if found else None,
            "mean_score": _round(statistics.fmean(scores)) if scores else None}


def build_summary(rubric: Rubric, reports: dict[str, Report], report_files: dict[str, str] | None = None,
                  rows: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """Class statistics, per-item pass rates (per variant too) and shared diagnoses, from the reports alone.

    ``rows`` (from the batch): each row's identity and flags (duplicates, ignored in-folder metadata).
    A submission that did not run to the end is listed once under ``not_run``, not in every
    item's groups.  An item's pass rate counts only the students whose report has the item.
    """
    report_files = report_files or {}
    rows = rows or {}
    scores = [r.score for r in reports.values()]
    max_score = max((r.max_score for r in reports.values()), default=rubric.max_score)
    variants = sorted({_variant_of(r) for r in reports.values()})
    per_variant = len(variants) > 1
    items = []
    for item in rubric.items:
        statuses: Counter[str] = Counter()
        item_scores: list[float] = []
        groups: dict[tuple, dict[str, Any]] = {}
        had: list[Any] = []
        by_variant: dict[str, list[Any]] = {}
        for student, report in reports.items():
            found = next((i for i in report.items if i.id == item.id), None)
            if found is None:
                statuses["absent"] += 1
                continue
            had.append(found)
            by_variant.setdefault(_variant_of(report), []).append(found)
            statuses[found.status] += 1
            if found.status != "manual" or found.max_score > 0:
                item_scores.append(found.score)
            if found.status in ("passed", "manual") or not ran(report):
                continue
            key = _group_key(found.status, found.diagnosis, found.feedback)
            group = groups.setdefault(key, {"status": found.status, "diagnosis": found.diagnosis,
                                            "feedback": cut_words(found.feedback.splitlines()[0], 300) if found.feedback else "",
                                            "count": 0, "students": []})
            group["count"] += 1
            group["students"].append(student)
        if not had and rubric.terms:
            continue  # another term's question: nobody here had it
        graded = len(item_scores)
        automatic = item.checker.automatic
        entry = {
            "id": item.id, "question": item.question, "title": item.title, "kind": item.kind,
            "points": item.points,
            "graded": graded,
            "students": len(had),
            "mean_score": _round(statistics.fmean(item_scores)) if item_scores else None,
            # Of the students who had the item; hand-graded items have no pass rate (mean_score is what staff gave).
            "pass_rate": _round(statuses["passed"] / len(had)) if had and automatic else None,
            "statuses": {s: statuses[s] for s in STATUSES if statuses[s]} | ({"absent": statuses["absent"]} if statuses["absent"] else {}),
            "groups": sorted(groups.values(), key=lambda g: (-g["count"], g["status"], g["diagnosis"] or "", g["feedback"])),
        }
        if per_variant:
            entry["by_variant"] = {name: _item_figures(found) | ({} if automatic else {"pass_rate": None})
                                   for name, found in sorted(by_variant.items())}
        items.append(entry)
    runs = Counter(r.run.status for r in reports.values())
    lost = [{"student": student, "item": i.id, "question": i.question, "problem": i.evidence["answer_lost"]}
            for student, report in reports.items() for i in report.items
            if i.status == "manual" and isinstance(i.evidence, dict) and i.evidence.get("answer_lost")]
    students = []
    for student, report in reports.items():
        info = rows.get(student, {})
        flags = list(info.get("flags", [])) + list(report.submission.flags)
        students.append({
            "student": student, "key": report.submission.student or info.get("key") or student,
            "file": report.submission.file, "term": report.submission.term, "variant": report.submission.variant,
            "run_status": report.run.status, "score": report.score, "max_score": report.max_score,
            "manual_points_pending": report.manual_points, "report": report_files.get(student),
            "page": student_page(student) if report_files.get(student) else None,
            "identity": info.get("identity"), "submitted_at": info.get("submitted_at"), "group": info.get("group"),
            "flags": flags,
            "items": {i.id: {"score": i.score, "status": i.status} for i in report.items}})
    summary = {
        "assignment": rubric.assignment.id,
        "title": rubric.assignment.title,
        "terms": sorted({r.submission.term for r in reports.values() if r.submission.term}),
        "submissions": len(reports),
        "max_score": _round(max_score),
        "score": _stats(scores) | {"histogram": histogram(scores, max_score)},
        "manual_points_pending": _round(sum(r.manual_points for r in reports.values())),
        "runs": dict(sorted(runs.items())),
        "items": items,
        "not_run": [{"student": student, "run_status": r.run.status, "message": cut_words(r.run.message, 300)}
                    for student, r in reports.items() if not ran(r)],
        "flags": [{"student": row["student"], "flag": flag} for row in students for flag in row["flags"]],
        "identical_answers": identical_answer_sets(reports, rows),
        # Free-text answers that could not be read: staff grade them by hand, so they must know.
        "manual_answers_lost": lost,
        "students": students,
    }
    if per_variant:
        summary["variants"] = {
            name: _stats([r.score for r in reports.values() if _variant_of(r) == name])
            | {"students": sum(1 for r in reports.values() if _variant_of(r) == name),
               "max_score": _round(max((r.max_score for r in reports.values() if _variant_of(r) == name), default=0))}
            for name in variants}
    return summary


def identical_answer_sets(reports: dict[str, Report], rows: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Students of one variant who sent exactly the same answers, at least one of them wrong.

    All-correct answers agree by nature and are not listed; shared wrong answers are worth a look.
    The members of one group submission (and one student's duplicates) are not listed against each other.
    """
    rows = rows or {}
    groups: dict[tuple[str, str], list[str]] = {}
    for student, report in reports.items():
        digest = report.submission.answers_sha256
        if not digest or all(i.status in ("passed", "manual") for i in report.items):
            continue
        groups.setdefault((digest, _variant_of(report)), []).append(student)
    found = []
    for (digest, variant), students in sorted(groups.items(), key=lambda g: (-len(g[1]), g[1])):
        owners = {rows.get(s, {}).get("group") or reports[s].submission.student or s for s in students}
        if len(students) < 2 or len(owners) < 2:
            continue
        files = {reports[s].submission.sha256 for s in students}
        found.append({"students": students, "variant": variant, "same_file": len(files) == 1,
                      "answers_sha256": digest})
    return found


# ---------------------------------------------------------------- files

def write_outputs(out: Path, rubric: Rubric, reports: dict[str, Report], summary: dict[str, Any]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    # The rubric as graded: `grader merge` rebuilds the summary from it and the reports alone.
    (out / "rubric.json").write_text(rubric.model_dump_json(indent=2) + "\n", encoding="utf-8")
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    write_csv(out / "scores.csv", rubric, summary)
    write_items_csv(out / "items.csv", summary)
    pages = out / "students"
    pages.mkdir(exist_ok=True)
    keep = set()
    for row in summary["students"]:
        if row.get("page") and row["student"] in reports:
            target = out / row["page"]
            target.write_text(render_student_html(reports[row["student"]], row), encoding="utf-8")
            keep.add(target.name)
    for stale in pages.glob("*.html"):  # a student no longer in the class keeps no page
        if stale.name not in keep:
            stale.unlink()
    (out / "summary.html").write_text(render_html(summary), encoding="utf-8")


def report_filename(student: str) -> str:
    """A safe, stable file name for a student's report."""
    safe = re.sub(r"[^A-Za-z0-9_.@~+-]", "_", student).strip(".") or "student"
    if safe != student:  # keep names of different students apart after cleaning
        safe += "-" + hashlib.sha256(student.encode()).hexdigest()[:6]
    return safe[:120] + ".json"


def student_page(student: str) -> str:
    """The student's page in the output folder, next to their report."""
    return f"students/{report_filename(student)[: -len('.json')]}.html"


def load_rows(out: Path) -> dict[str, dict[str, Any]]:
    """The rows (identity, flags) the last batch recorded in its batch.json, if any."""
    try:
        return json.loads((out / "batch.json").read_text(encoding="utf-8")).get("rows", {})
    except (OSError, ValueError, AttributeError):
        return {}


_cell = spreadsheet_cell  # ids and file names come from students


def write_csv(path: Path, rubric: Rubric, summary: dict[str, Any]) -> None:
    """One row per submission: totals, then each item's score, then each item's status, then term, key and flags."""
    ids = [item["id"] for item in summary["items"]]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "file", "variant", "run_status", "score", "max_score", "manual_points_pending"]
                        + ids + [f"{i}:status" for i in ids] + ["term", "key", "flags"])
        for row in summary["students"]:
            per_item = row["items"]
            writer.writerow([_cell(row["student"]), _cell(row["file"]), _cell(row["variant"]), _cell(row["run_status"]),
                             f"{row['score']:g}", f"{row['max_score']:g}", f"{row['manual_points_pending']:g}"]
                            + [f"{per_item[i]['score']:g}" if i in per_item else "" for i in ids]
                            + [per_item[i]["status"] if i in per_item else "" for i in ids]
                            + [_cell(row.get("term")), _cell(row.get("key")), _cell(" | ".join(row.get("flags", [])))])


def write_items_csv(path: Path, summary: dict[str, Any]) -> None:
    """Per-item figures: the whole class, then each variant where variants differ."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["item", "question", "title", "points", "variant", "students", "passed", "pass_rate", "mean_score"])
        for item in summary["items"]:
            figures = [("all", {"students": item["students"], "passed": item["statuses"].get("passed", 0),
                                "pass_rate": item["pass_rate"], "mean_score": item["mean_score"]})]
            figures += sorted(item.get("by_variant", {}).items())
            for variant, f in figures:
                writer.writerow([_cell(item["id"]), _cell(item["question"]), _cell(item["title"]), f"{item['points']:g}",
                                 _cell(variant), f["students"], f["passed"], "" if f["pass_rate"] is None else f["pass_rate"],
                                 "" if f["mean_score"] is None else f["mean_score"]])


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
                     f'{_e(item["question"])} {_e(cut_words(item["id"], 36))}<title>{_e(item["id"])}</title></text>')
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


_STYLE = ("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222;overflow-wrap:break-word}"
          "table{border-collapse:collapse;margin:.5em 0 1.5em;max-width:100%}"
          "td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}"
          "td.id,td.feedback{overflow-wrap:anywhere}"
          "th,td.num{white-space:nowrap}"
          "th{background:#f3f3f3}table.sortable th{cursor:pointer;user-select:none}"
          "table.sortable th[aria-sort=ascending]::after{content:' \\25B2'}table.sortable th[aria-sort=descending]::after{content:' \\25BC'}"
          ".num{text-align:right}details summary{cursor:pointer}.st{font-weight:600}svg{max-width:100%;height:auto}"
          ".flag{color:#b71c1c}.feedback{white-space:pre-wrap}"
          + "".join(f".{s}{{color:{c}}}" for s, c in _COLOURS.items()))

# Sorting by a click on a column header (numbers as numbers; a cell's data-v, when set, is its sort value).
_SORT_SCRIPT = ("<script>document.querySelectorAll('table.sortable').forEach(function(t){"
                "var hs=t.tHead.rows[0].cells;Array.prototype.forEach.call(hs,function(th,i){th.addEventListener('click',function(){"
                "var asc=th.getAttribute('aria-sort')!=='ascending';Array.prototype.forEach.call(hs,function(h){h.removeAttribute('aria-sort')});"
                "th.setAttribute('aria-sort',asc?'ascending':'descending');var b=t.tBodies[0],rs=Array.prototype.slice.call(b.rows);"
                "rs.sort(function(p,q){var x=p.cells[i],y=q.cells[i];x=x.hasAttribute('data-v')?x.getAttribute('data-v'):x.textContent;"
                "y=y.hasAttribute('data-v')?y.getAttribute('data-v'):y.textContent;var nx=parseFloat(x),ny=parseFloat(y),"
                "c=(!isNaN(nx)&&!isNaN(ny)&&isFinite(x)&&isFinite(y))?nx-ny:x.localeCompare(y);return asc?c:-c});"
                "rs.forEach(function(r){b.appendChild(r)})})})});</script>")


def _head(title: str) -> list[str]:
    return ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(title)}</title>", f"<style>{_STYLE}</style></head><body>"]


def _table(headers: list[tuple[str, bool]], rows: list[str], sortable: bool = True) -> str:
    """A table with a header row (label, numeric?) and body rows given as ``<tr>...</tr>`` strings."""
    head = "".join(f"<th{' class=num' if numeric else ''}>{label}</th>" for label, numeric in headers)
    return (f"<table{' class=sortable' if sortable else ''}><thead><tr>{head}</tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def render_html(summary: dict[str, Any]) -> str:
    score = summary["score"]
    n = summary["submissions"]
    runs = ", ".join(f"{_e(k)}: {v}" for k, v in summary["runs"].items()) or "none"
    terms = summary.get("terms") or []
    pages = {row["student"]: row.get("page") for row in summary["students"]}
    out = _head(f"{summary['title']}: class summary") + [
        f"<h1>{_e(summary['title'])}</h1>",
        f"<p>{n} submissions" + (f" &middot; term {_e(', '.join(terms))}" if terms else "")
        + f" &middot; mean {_fmt(score['mean'])} &middot; median {_fmt(score['median'])} "
        f"&middot; min {_fmt(score['min'])} &middot; max {_fmt(score['max'])} of {_fmt(summary['max_score'])} points"
        f" &middot; runs: {runs}"
        + (f" &middot; {_fmt(summary['manual_points_pending'])} points still to grade by hand" if summary["manual_points_pending"] else "")
        + "</p>",
        "<h2>Score distribution</h2>", _histogram_svg(score["histogram"]),
    ]
    if summary.get("variants"):
        out.append("<h2>Variants</h2>")
        out.append(_table([("Variant", False), ("Students", True), ("Mean", True), ("Median", True), ("Max score", True)],
                          [f"<tr><td>{_e(name)}</td><td class=num>{v['students']}</td><td class=num>{_fmt(v['mean'])}</td>"
                           f"<td class=num>{_fmt(v['median'])}</td><td class=num>{_fmt(v['max_score'])}</td></tr>"
                           for name, v in summary["variants"].items()]))
    out += ["<h2>Items</h2>", _items_svg(summary["items"], n),
            "<p>Pass rates count only the students who had the item.</p>"]
    variants = list(summary.get("variants") or {})
    headers = [("Question", False), ("Item", False), ("Points", True), ("Mean", True), ("Passed", True)]
    headers += [(f"Passed ({_e(v)})", True) for v in variants] + [("Statuses", False)]
    rows = []
    for item in summary["items"]:
        statuses = ", ".join(f'<span class="{_e(s)}">{_e(s)} {c}</span>' for s, c in item["statuses"].items())
        per = "".join(f"<td class=num data-v=\"{_rate_value(item.get('by_variant', {}).get(v))}\">"
                      f"{_rate(item.get('by_variant', {}).get(v))}</td>" for v in variants)
        rows.append(f"<tr><td>{_e(item['question'])}</td><td>{_e(item['id'])}<br><small>{_e(item['title'])}</small></td>"
                    f"<td class=num>{_fmt(item['points'])}</td><td class=num>{_fmt(item['mean_score'])}</td>"
                    f"<td class=num data-v=\"{_rate_value(item)}\">{_rate(item)}</td>{per}<td>{statuses}</td></tr>")
    out.append(_table(headers, rows))
    if summary.get("flags") or summary.get("identical_answers"):
        out.append("<h2>To check</h2>")
        if summary.get("flags"):
            out.append(_table([("Student", False), ("Flag", False)],
                              [f"<tr><td class=id>{_student_link(f['student'], pages)}</td><td class=\"flag feedback\">{_e(f['flag'])}</td></tr>"
                               for f in summary["flags"]]))
        if summary.get("identical_answers"):
            out.append("<p>Students of one variant who sent exactly the same answers (some of them wrong):</p>")
            out.append(_table([("Students", True), ("Variant", False), ("Same file", False), ("Who", False)],
                              [f"<tr><td class=num>{len(g['students'])}</td><td>{_e(g['variant'])}</td>"
                               f"<td>{'yes' if g['same_file'] else 'no'}</td>"
                               f"<td class=id>{', '.join(_student_link(s, pages) for s in g['students'])}</td></tr>"
                               for g in summary["identical_answers"]]))
    if summary.get("not_run"):
        out.append(f"<h2>Not run to the end ({len(summary['not_run'])})</h2>"
                   "<p>Listed here once; their items are left out of the groups below.</p>")
        out.append(_table([("Student", False), ("Run", False), ("Why", False)],
                          [f"<tr><td class=id>{_student_link(r['student'], pages)}</td><td>{_e(r['run_status'])}</td>"
                           f"<td class=feedback>{_e(r['message'])}</td></tr>" for r in summary["not_run"]]))
    out.append("<h2>Common problems per item</h2>"
               "<p>Students who got the same diagnosis (or the same message) are grouped, most common first, "
               "so one comment can answer all of them.</p>")
    for item in summary["items"]:
        if not item["groups"]:
            continue
        out.append(f"<h3>{_e(item['question'])} {_e(item['title'])} <small>({_e(item['id'])})</small></h3>")
        rows = []
        for group in item["groups"][:15]:
            who = ", ".join(_student_link(s, pages) for s in group["students"][:200]) + (" ..." if len(group["students"]) > 200 else "")
            rows.append(f"<tr><td class=num>{group['count']}</td><td class=\"st {_e(group['status'])}\">{_e(group['status'])}</td>"
                        f"<td>{_e(group['diagnosis'] or '')}</td><td class=feedback>{_e(group['feedback'])}</td>"
                        f"<td class=id><details><summary>{group['count']} students</summary>{who}</details></td></tr>")
        if len(item["groups"]) > 15:
            rows.append(f"<tr><td colspan=5>... {len(item['groups']) - 15} smaller groups in summary.json</td></tr>")
        out.append(_table([("Students", True), ("Status", False), ("Diagnosis", False), ("Feedback", False), ("Who", False)], rows))
    if summary.get("manual_answers_lost"):
        out.append("<h2>Free-text answers missing or unreadable</h2><p>These answers are graded by hand, but the "
                   "grader could not read them; look at the submission itself.</p>")
        rows = [f"<tr><td class=id>{_e(lost['student'])}</td><td>{_e(lost['question'])}</td><td>{_e(lost['item'])}</td>"
                f"<td class=feedback>{_e(lost['problem'])}</td></tr>" for lost in summary["manual_answers_lost"]]
        out.append(_table([("Student", False), ("Question", False), ("Item", False), ("Why", False)], rows))
    out.append("<h2>Students</h2>")
    rows = []
    for row in summary["students"]:
        report = f'<a href="{_e(row["report"])}">json</a>' if row.get("report") else ""
        flags = f"<span class=flag title=\"{_e(' | '.join(row['flags']))}\">{len(row['flags'])}</span>" if row.get("flags") else ""
        rows.append(f"<tr><td class=id>{_student_link(row['student'], pages)}</td><td class=id>{_e(row['file'])}</td>"
                    f"<td>{_e(row['variant'] or '')}</td><td>{_e(row['run_status'])}</td>"
                    f"<td class=num data-v=\"{row['score']:g}\">{_fmt(row['score'])} / {_fmt(row['max_score'])}</td>"
                    f"<td class=num>{flags}</td><td>{report}</td></tr>")
    out.append(_table([("Student", False), ("File", False), ("Variant", False), ("Run", False), ("Score", True),
                       ("Flags", True), ("Report", False)], rows))
    out.append(_SORT_SCRIPT)
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _rate(figures: dict[str, Any] | None) -> str:
    return "-" if not figures or figures.get("pass_rate") is None else f"{100 * figures['pass_rate']:.0f}%"


def _rate_value(figures: dict[str, Any] | None) -> str:
    return "-1" if not figures or figures.get("pass_rate") is None else f"{figures['pass_rate']:g}"


def _student_link(student: str, pages: dict[str, str | None]) -> str:
    page = pages.get(student)
    return f'<a href="{_e(page)}">{_e(student)}</a>' if page else _e(student)


def render_student_html(report: Report, row: dict[str, Any]) -> str:
    """One student's report as a page: what they would read, plus what staff should check."""
    sub = report.submission
    out = _head(f"{row['student']}: {report.title}") + [
        '<p><a href="../summary.html">&larr; class summary</a></p>',
        f"<h1>{_e(row['student'])}</h1>",
        f"<p>{_e(report.title)} &middot; file {_e(sub.file or '(none)')}"
        + (f" &middot; term {_e(sub.term)}" if sub.term else "") + (f" &middot; variant {_e(sub.variant)}" if sub.variant else "")
        + f" &middot; run: {_e(report.run.status)}</p>",
        f"<p><strong>Score: {_fmt(report.score)} / {_fmt(report.max_score)}</strong>"
        + (f" (+{_fmt(report.manual_points)} graded by staff)" if report.manual_points else "") + "</p>",
    ]
    flags = list(row.get("flags") or [])
    if flags:
        out.append("<ul>" + "".join(f"<li class=flag>{_e(f)}</li>" for f in flags) + "</ul>")
    if report.run.message:
        out.append(f"<p>Run: {_e(report.run.message)}</p>")
    rows = []
    for item in report.items:
        points = f"{_fmt(item.score)} / {_fmt(item.max_score)}" if item.status != "manual" else f"- / {_fmt(item.points_manual)}"
        rows.append(f"<tr><td>{_e(item.question)}</td><td>{_e(item.title)}</td><td class=num data-v=\"{item.score:g}\">{points}</td>"
                    f"<td class=\"st {_e(item.status)}\">{_e(item.status)}</td><td class=feedback>{_e(item.feedback)}"
                    + (f"<br><small>diagnosis: {_e(item.diagnosis)}</small>" if item.diagnosis else "") + "</td></tr>")
    out.append(_table([("Question", False), ("Item", False), ("Points", True), ("Status", False), ("Feedback", False)], rows))
    if report.run.problems:
        out.append("<h2>Problems while running the submission</h2><ul>")
        for problem in report.run.problems[:50]:
            where = f"cell {problem.cell}, line {problem.line}" if problem.cell else f"line {problem.line}"
            out.append(f"<li>{_e(where)}: {_e(problem.kind)}: {_e(problem.message)}</li>")
        out.append("</ul>")
    if report.run.stdout.strip():
        out.append("<h2>Output of the submission (first lines)</h2><pre class=feedback>"
                   + _e("\n".join(report.run.stdout.splitlines()[:15])) + "</pre>")
    if row.get("report"):
        out.append(f'<p><a href="../{_e(row["report"])}">the report as JSON</a></p>')
    out.append(_SORT_SCRIPT)
    out.append("</body></html>")
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


__all__ = ["build_summary", "write_outputs", "write_csv", "write_items_csv", "render_html", "render_student_html",
           "histogram", "load_reports", "load_rows", "cut_words", "student_page"]
