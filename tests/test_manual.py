"""Hand-graded items: export from a batch, fill in, merge back; every bad row reported, nothing half-merged."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.batch import grade_batch
from grader.cli import main
from grader.manual import COLUMNS, export_manual, merge_manual
from grader.rubric import load_rubric
from grader.sandbox.runner import Limits




import staff_helpers as _helpers  # registered by conftest.py
RUBRIC_PATH, source = _helpers.RUBRIC_PATH, _helpers.source
STUDENTS = {"ana": "correct", "ben": "hessian_times_x", "=cmd": "crash"}


@pytest.fixture(scope="module")
def batch_output(tmp_path_factory):
    rubric = load_rubric(RUBRIC_PATH)
    root = tmp_path_factory.mktemp("manual")
    subs = root / "subs"
    subs.mkdir()
    for student, kind in STUDENTS.items():
        (subs / f"{student}.py").write_text(source(rubric, student, kind))
    grade_batch(subs, RUBRIC_PATH, output_dir=root / "out", progress=False, limits=Limits(wall_seconds=10, cpu_seconds=3))
    return root / "out"


@pytest.fixture
def out(batch_output, tmp_path):
    """A fresh copy of the batch output for each test (merge changes it)."""
    return Path(shutil.copytree(batch_output, tmp_path / "out"))


def _rows(path: Path) -> list[dict]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


def _write(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


_report = _helpers.batch_report
_snapshot = _helpers.folder_snapshot


def test_export_lists_each_students_manual_items_with_their_text(out):
    path, count = export_manual(out)
    rows = _rows(path)
    assert count == len(rows) == 3
    assert {r["item"] for r in rows} == {"explanations"}
    ana = next(r for r in rows if r["student"] == "ana")
    assert ana["max_points"] == "2" and ana["points"] == "" and ana["question"] == "1.3"
    assert "H = v v^T because" in ana["answer"] and "(ana)" in ana["answer"]
    crash = next(r for r in rows if r["student"].endswith("=cmd"))
    assert crash["student"] == "'=cmd"  # a spreadsheet must not run it as a formula
    assert crash["answer"].startswith("[answer lost: `explanation_1_3` was not set")  # flagged, never silently empty


def test_merge_puts_the_final_score_in_one_place(out):
    before = _report(out, "ana")
    path, _ = export_manual(out)
    rows = _rows(path)
    for row in rows:
        row["points"] = {"ana": "2", "ben": "1.5"}.get(row["student"], "")
        row["comment"] = "Clear." if row["student"] == "ana" else ""
    result = merge_manual(out, _write(path, rows))
    assert result.ok and result.graded == 2 and result.left_blank == 1
    ana, ben, crash = _report(out, "ana"), _report(out, "ben"), _report(out, "=cmd")
    assert (ana.score, ana.max_score, ana.manual_points) == (before.score + 2, before.max_score + 2, 0)
    item = next(i for i in ana.items if i.id == "explanations")
    assert (item.score, item.max_score, item.feedback, item.status) == (2, 2, "Clear.", "manual")
    assert ben.score == 9 + 1.5 and ben.max_score == 15
    assert crash.manual_points == 2 and crash.max_score == 13  # left blank: still to grade
    summary = json.loads((out / "summary.json").read_text())
    assert {s["student"]: s["score"] for s in summary["students"]} == {"ana": ana.score, "ben": 10.5, "=cmd": 0}
    assert summary["manual_points_pending"] == 2
    explanations = next(i for i in summary["items"] if i["id"] == "explanations")
    assert explanations["graded"] == 2 and explanations["mean_score"] == pytest.approx(1.75)
    scores = {r["student"]: r for r in csv.DictReader((out / "scores.csv").open())}
    assert scores["ben"]["score"] == "10.5" and scores["ben"]["explanations"] == "1.5"
    again = merge_manual(out, path)  # merging the same file twice changes nothing
    assert again.ok and _report(out, "ana").score == ana.score and _report(out, "ben").max_score == 15
    reexport = _rows(export_manual(out, out / "again.csv")[0])
    assert next(r for r in reexport if r["student"] == "ben")["points"] == "1.5"


def test_bad_rows_are_all_reported_and_nothing_is_written(out):
    before = _snapshot(out)
    base = {"question": "", "title": "", "max_points": "", "comment": "", "answer": ""}
    rows = [
        base | {"student": "ana", "item": "explanations", "points": "3"},         # above the item's 2 points
        base | {"student": "ben", "item": "explanations", "points": "-1"},
        base | {"student": "zed", "item": "explanations", "points": "1"},          # unknown student
        base | {"student": "ana", "item": "essay", "points": "1"},                 # unknown item
        base | {"student": "ana", "item": "hessian", "points": "5"},               # automatic item
        base | {"student": "'=cmd", "item": "explanations", "points": "two"},
        base | {"student": "ben", "item": "explanations", "points": "1"},          # second row for ben
    ]
    result = merge_manual(out, _write(out / "grades.csv", rows))
    problems = "\n".join(result.problems)
    assert not result.ok and len(result.problems) == 7
    assert "row 2 (ana, explanations): points 3 must be between 0 and 2" in problems
    assert "row 3 (ben, explanations): points -1 must be between 0 and 2" in problems
    assert "unknown student 'zed'" in problems and "unknown item 'essay'" in problems
    assert "item 'hessian' is graded automatically" in problems
    assert "points 'two' is not a number" in problems
    assert "row 8 (ben, explanations): a second row" in problems
    assert _snapshot(out) == before | {"grades.csv": (out / "grades.csv").read_bytes()}


def test_cli_export_and_merge(out):
    runner = CliRunner()
    exported = runner.invoke(main, ["manual-export", str(out)], catch_exceptions=False)
    assert exported.exit_code == 0 and "wrote 3 rows" in exported.output
    rows = _rows(out / "manual.csv")
    for row in rows:
        row["points"] = "1"
    _write(out / "manual.csv", rows)
    dry = runner.invoke(main, ["merge", str(out), str(out / "manual.csv"), "--dry-run"], catch_exceptions=False)
    assert dry.exit_code == 0 and "would merge 3 grades" in dry.output
    assert _report(out, "ana").manual_points == 2
    merged = runner.invoke(main, ["merge", str(out), str(out / "manual.csv")], catch_exceptions=False)
    assert merged.exit_code == 0 and "merged 3 grades for 3 students" in merged.output
    rows[0]["points"] = "9"
    _write(out / "bad.csv", rows)
    bad = runner.invoke(main, ["merge", str(out), str(out / "bad.csv")])
    assert bad.exit_code == 1 and "must be between 0 and 2" in bad.output and "nothing was merged" in bad.output
    missing = runner.invoke(main, ["manual-export", str(out / "reports")])
    assert missing.exit_code == 2 and "no summary.json" in missing.output
