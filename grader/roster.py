"""``grader roster RUBRIC SOURCE``: each student's key, term and variant, before anything is graded.

SOURCE is a roster CSV (Gradescope's or Canvas's export, or any CSV with an id column) or a
Gradescope export (its folder, or its top-level ``submission_metadata.yml``).  The key is
computed exactly as ``grader run``, ``grader batch`` and the Gradescope bundle compute it
(:func:`grader.variants.student_key`), so what this prints is what grading will use.  Two rows
with the same key are flagged (they are one student and get one variant); every member of a
group submission gets a row.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from .rubric import Rubric

# Column names (case-insensitive) that hold a student's id, by kind; the course's
# [students] identifier decides which kind is tried first.
ID_COLUMNS = {
    "sid": ("sid", "student id", "student_id", "sis user id", "uni", "id", "student"),
    "email": ("email", "e-mail", "email address", "sis login id", "login id", "login"),
}


def _id_columns(fieldnames: list[str], prefer: str) -> list[str]:
    lower = {name.strip().casefold(): name for name in fieldnames}
    other = "email" if prefer == "sid" else "sid"
    return [lower[c] for c in ID_COLUMNS[prefer] + ID_COLUMNS[other] if c in lower]


def roster_from_csv(rubric: Rubric, path: Path) -> list[dict[str, Any]]:
    prefer = rubric.students.identifier
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        columns = _id_columns(reader.fieldnames or [], prefer)
        if not columns:
            raise ValueError(f"{path}: no id column; expected one of "
                             f"{', '.join(ID_COLUMNS['sid'] + ID_COLUMNS['email'])}")
        rows = []
        for line, record in enumerate(reader, start=2):
            if (record.get(reader.fieldnames[0]) or "").strip().casefold() == "points possible":
                continue  # Canvas's second header row
            raw = next((str(record[c]).strip() for c in columns if record.get(c) and str(record[c]).strip()), None)
            rows.append({"source": f"line {line}", "id": raw, "group": None, "flags": [] if raw else ["no id on this line"]})
    return rows


def roster_from_export(rubric: Rubric, path: Path) -> list[dict[str, Any]]:
    from .batch import discover

    folder = path if path.is_dir() else path.parent
    rows = []
    for entry in discover(folder, rubric.assignment.id, students=rubric.students):
        source = entry.path.parent.name if entry.path is not None and entry.identity != "file name" else \
            (entry.path.name if entry.path is not None else entry.student)
        rows.append({"source": source, "id": entry.key, "group": entry.group,
                     "flags": [f for f in entry.flags if not f.startswith("duplicate:")]})
    return rows


def roster(rubric: Rubric, source: str | Path, term: str | None = None) -> list[dict[str, Any]]:
    """One row per student id in ``source``: key, term, variant, where it came from, flags."""
    from .variants import resolve_term, student_key, variant_for

    source = Path(source)
    term = resolve_term(rubric, term)
    if source.is_dir() or source.suffix in (".yml", ".yaml"):
        rows = roster_from_export(rubric, source)
    else:
        rows = roster_from_csv(rubric, source)
    seen: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        row["key"] = student_key(rubric, row["id"]) if row["id"] else None
        variant = variant_for(rubric, row["key"], term) if row["key"] else None
        row["term"], row["variant"] = term, variant.name if variant else None
        if row["key"]:
            seen.setdefault(row["key"], []).append(row)
    for key, same in seen.items():
        if len(same) > 1:
            where = ", ".join(r["source"] for r in same)
            for row in same:
                row["flags"].append(f"duplicate: the key {key!r} appears {len(same)} times ({where}); one student, one variant")
    return rows


def write_roster(rows: list[dict[str, Any]], stream) -> None:
    from .summary import _cell

    writer = csv.writer(stream)
    writer.writerow(["key", "term", "variant", "id_as_given", "source", "group", "flags"])
    for row in rows:
        writer.writerow([_cell(row["key"]), _cell(row["term"]), _cell(row["variant"]), _cell(row["id"]),
                         _cell(row["source"]), _cell(row["group"]), _cell(" | ".join(row["flags"]))])


__all__ = ["roster", "write_roster", "roster_from_csv", "roster_from_export"]
