"""Safe regrades: ``grader batch --update`` regrades a subset of a class into its existing output folder.

What is regraded: new students, students whose submission file changed (its sha256), students
named with ``--student``, and -- when an item's rubric entry, its reference module or its
checker changed -- every student who has that item.  Everybody else keeps their report as it is.

Before anything is written, :func:`diff_reports` compares each regraded student's new report with
the old one and :func:`render_diff` prints who changes, by how much, and why (the reason that
selected them, and each item whose verdict moved).  Grades merged by hand (``grader merge``) are
carried into the new report when the item is still a manual item of the same points
(:func:`carry_manual_grades`); when the student's answer to it changed, the diff says so.

The output folder's ``batch.json`` records what the last run graded (term, item fingerprints,
every row's identity and source file) so the next ``--update`` knows what changed.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .report import Report
from .rubric import Item, Rubric

STATE_FILE = "batch.json"


# ---------------------------------------------------------------- fingerprints

def _file_digest(path: str | None) -> str:
    if not path:
        return ""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def _reference_digest(reference: str | None) -> str:
    """The source of a reference's module and of the reference modules it uses directly."""
    if not reference:
        return ""
    from .references import REFERENCE_PACKAGE

    module_name = reference.partition(":")[0]
    try:
        module = importlib.import_module(f"{REFERENCE_PACKAGE}.{module_name}")
    except Exception:  # noqa: BLE001 -- a missing module changes the digest, which is what matters
        return "missing"
    files = {getattr(module, "__file__", None)}
    for value in vars(module).values():
        owner = value if inspect.ismodule(value) else inspect.getmodule(value)
        if owner is not None and owner.__name__.startswith(REFERENCE_PACKAGE + "."):
            files.add(getattr(owner, "__file__", None))
    return hashlib.sha256("".join(_file_digest(f) for f in sorted(f for f in files if f)).encode()).hexdigest()


def _checker_digest(item: Item) -> str:
    try:
        return _file_digest(inspect.getfile(type(item.checker)))
    except (TypeError, OSError):
        return ""


def item_fingerprints(rubric: Rubric, term: str | None) -> dict[str, str]:
    """Item id -> digest of everything its verdicts depend on: the item's rubric entry, the term's and
    variants' parameters, its reference (and known mistakes' and probe's) modules, its checker."""
    from .variants import all_parameter_sets

    parameters = json.dumps([[t, v.name if v else None, p] for t, v, p in all_parameter_sets(rubric) if t == term],
                            sort_keys=True, default=str)
    prints = {}
    for item in rubric.items_for(term):
        references = [item.reference] + [m.reference for m in item.mistakes] + ([item.probe.reference] if item.probe else [])
        text = "\0".join([item.model_dump_json(), parameters, str(rubric.assignment.seed), _checker_digest(item)]
                         + [_reference_digest(r) for r in references])
        prints[item.id] = hashlib.sha256(text.encode()).hexdigest()
    return prints


# ---------------------------------------------------------------- state of an output folder

def load_state(out: Path) -> dict[str, Any] | None:
    try:
        return json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_state(out: Path, state: dict[str, Any]) -> None:
    (out / STATE_FILE).write_text(json.dumps(state, indent=2, sort_keys=True) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- what to regrade

@dataclass
class Selection:
    """Rows to grade now, each with why."""

    reasons: dict[str, list[str]] = field(default_factory=dict)
    changed_items: list[str] = field(default_factory=list)

    def add(self, row: str, reason: str) -> None:
        self.reasons.setdefault(row, [])
        if reason not in self.reasons[row]:
            self.reasons[row].append(reason)


def select(entries: list, old_state: dict[str, Any] | None, old_reports: dict[str, Report],
           fingerprints: dict[str, str], term: str | None, named: set[str]) -> Selection:
    """Which rows (entries' ``student``) need grading, and why."""
    selection = Selection()
    old_rows = (old_state or {}).get("rows", {})
    old_prints = (old_state or {}).get("items", {})
    if old_state is None:
        for entry in entries:
            selection.add(entry.student, "no batch.json in the output folder: graded in full")
        return selection
    if old_state.get("term") != term:
        reason = f"term changed ({old_state.get('term')} -> {term})"
        for row in [e.student for e in entries] + [r for r in old_rows if r in old_reports]:
            selection.add(row, reason)
        return selection
    changed = sorted(i for i in set(fingerprints) | set(old_prints) if fingerprints.get(i) != old_prints.get(i))
    selection.changed_items = changed
    for entry in entries:
        row = entry.student
        old = old_reports.get(row)
        if old is None:
            selection.add(row, "new submission")
            continue
        if entry.path is not None and _file_digest(str(entry.path)) != old.submission.sha256:
            selection.add(row, "submission file changed")
        elif entry.path is None and old.run.status != "not_run":
            selection.add(row, "submission file gone")
        if row in named or entry.key in named:
            selection.add(row, "named for regrading")
        touched = [i for i in changed if i in fingerprints or any(x.id == i for x in old.items)]
        if touched:
            selection.add(row, "rubric/reference/checker changed for " + ", ".join(touched))
    given = {e.student for e in entries}
    for row, info in old_rows.items():  # rows not given this time: regraded from their recorded file when needed
        if row in given:
            continue
        if row in named or info.get("key") in named or (changed and row in old_reports):
            reason = "named for regrading" if (row in named or info.get("key") in named) else \
                "rubric/reference/checker changed for " + ", ".join(changed)
            selection.add(row, reason)
    return selection


# ---------------------------------------------------------------- manual grades

def carry_manual_grades(old: Report | None, new: Report) -> list[str]:
    """Staff grades merged into ``old`` go into ``new`` (same manual item, same points); returns notes."""
    notes: list[str] = []
    if old is None:
        return notes
    old_items = {i.id: i for i in old.items}
    for item in new.items:
        before = old_items.get(item.id)
        if before is None or before.status != "manual" or item.status != "manual":
            continue
        if not (isinstance(before.evidence, dict) and before.evidence.get("graded_by") == "staff"):
            continue
        points = max(item.max_score, item.points_manual)
        if abs(max(before.max_score, before.points_manual) - points) > 1e-9:
            notes.append(f"{item.id}: manual grade not kept (the item's points changed); grade it again")
            continue
        if before.evidence.get("answers") != item.evidence.get("answers"):
            notes.append(f"{item.id}: manual grade kept, but the answer changed since it was graded; check it")
        item.score, item.max_score, item.points_manual = before.score, before.max_score, 0.0
        item.feedback = before.feedback
        item.evidence = dict(item.evidence) | {"graded_by": "staff"}
    if notes or any(i.evidence.get("graded_by") == "staff" for i in new.items if isinstance(i.evidence, dict)):
        new.score = round(sum(i.score for i in new.items), 6)
        new.max_score = round(sum(i.max_score for i in new.items), 6)
        new.manual_points = sum(i.points_manual for i in new.items)
    return notes


# ---------------------------------------------------------------- the diff

def diff_reports(old: dict[str, Report], new: dict[str, Report], reasons: dict[str, list[str]],
                 notes: dict[str, list[str]]) -> list[dict[str, Any]]:
    """One entry per regraded row: old and new score, the change, why, and each item that moved."""
    rows = []
    for row in sorted(reasons):
        before, after = old.get(row), new.get(row)
        if after is None:
            if before is not None:  # selected, but its file is gone: the old report stays, and the diff says so
                rows.append({"student": row, "old": before.score, "new": before.score, "change": 0.0,
                             "old_max": before.max_score, "new_max": before.max_score, "why": reasons[row], "items": [], "kept": True,
                             "notes": ["not regraded: its file is no longer where batch.json recorded it; "
                                       "the old report is kept (give the file to regrade it)"]})
            continue
        items = []
        old_items = {i.id: i for i in before.items} if before else {}
        for item in after.items:
            was = old_items.pop(item.id, None)
            if was is None:
                items.append({"item": item.id, "old": None, "new": item.score, "status": f"(new item) -> {item.status}"})
            elif abs(was.score - item.score) > 1e-9 or was.status != item.status or was.diagnosis != item.diagnosis:
                items.append({"item": item.id, "old": was.score, "new": item.score,
                              "status": f"{was.status}{f' ({was.diagnosis})' if was.diagnosis else ''} -> "
                                        f"{item.status}{f' ({item.diagnosis})' if item.diagnosis else ''}"})
        for gone in old_items.values():
            items.append({"item": gone.id, "old": gone.score, "new": None, "status": f"{gone.status} -> (item removed)"})
        old_score = before.score if before else None
        rows.append({"student": row, "old": old_score, "new": after.score,
                     "change": round(after.score - old_score, 6) if old_score is not None else None,
                     "old_max": before.max_score if before else None, "new_max": after.max_score,
                     "why": reasons[row], "items": items, "notes": notes.get(row, [])})
    return rows


def render_diff(rows: list[dict[str, Any]]) -> str:
    changed = [r for r in rows if r["change"] is None or abs(r["change"]) > 1e-9 or r["items"] or r["notes"]]
    kept = sum(1 for r in rows if r.get("kept"))
    lines = [f"regrade: {len(rows) - kept} graded, {sum(1 for r in rows if r['change'] is None)} new, "
             f"{sum(1 for r in rows if r['change'] is not None and abs(r['change']) > 1e-9)} scores change"
             + (f", {kept} could not be regraded (file gone)" if kept else "")]
    for row in changed:
        if row["change"] is None:
            head = f"  {row['student']}: new, {row['new']:g} / {row['new_max']:g}"
        else:
            head = (f"  {row['student']}: {row['old']:g} -> {row['new']:g} ({row['change']:+g})"
                    + (f", max {row['old_max']:g} -> {row['new_max']:g}" if abs(row["old_max"] - row["new_max"]) > 1e-9 else ""))
        lines.append(head + f"  [{'; '.join(row['why'])}]")
        for item in row["items"]:
            old = "-" if item["old"] is None else f"{item['old']:g}"
            new = "-" if item["new"] is None else f"{item['new']:g}"
            lines.append(f"      {item['item']}: {old} -> {new}  {item['status']}")
        for note in row["notes"]:
            lines.append(f"      note: {note}")
    unchanged = len(rows) - len(changed)  # regraded, same score, same verdicts
    if unchanged:
        lines.append(f"  {unchanged} regraded with no change")
    return "\n".join(lines) + "\n"


__all__ = ["item_fingerprints", "load_state", "write_state", "select", "Selection", "carry_manual_grades",
           "diff_reports", "render_diff", "STATE_FILE"]
