"""Safe regrades: `grader batch --update` regrades a subset, keeps everyone else and the manual grades,
and prints who changes, by how much and why before anything is published."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.manual import COLUMNS, export_manual, merge_manual
from grader.rubric import load_rubric

import staff_helpers as _helpers  # registered by conftest.py


def _roster_tests():
    """tests/test_roster.py's helpers (pytest imports test files by path, not as a package)."""
    import importlib.util
    import sys

    if "_roster_tests" not in sys.modules:
        spec = importlib.util.spec_from_file_location("_roster_tests", Path(__file__).with_name("test_roster.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules["_roster_tests"] = module
        spec.loader.exec_module(module)
    return sys.modules["_roster_tests"]


TERMS_RUBRIC, source = _roster_tests().TERMS_RUBRIC, _roster_tests().source

FULL = 13.0


def _batch(*args: str) -> "object":
    return CliRunner().invoke(main, ["batch", *args, "--rubric", str(_batch.rubric), "--timeout", "10", "--no-progress"],
                              catch_exceptions=False)


_report = _helpers.batch_report
_snapshot = _helpers.folder_snapshot


@pytest.fixture
def graded(tmp_path):
    rubric = load_rubric(TERMS_RUBRIC)
    rubric_path = tmp_path / "rubrics" / "hw.toml"
    rubric_path.parent.mkdir()
    shutil.copy(TERMS_RUBRIC, rubric_path)
    _batch.rubric = rubric_path
    folder = tmp_path / "class"
    folder.mkdir()
    for student in ("ann", "ben", "cat", "dan"):
        (folder / f"{student}.py").write_text(source(rubric, None, student))
    out = tmp_path / "out"
    done = _batch(str(folder), "-o", str(out))
    assert done.exit_code == 0, done.output
    # staff grade the hand-graded item of ann and ben
    rows = list(csv.DictReader(export_manual(out)[0].open(encoding="utf-8")))
    for row in rows:
        row["points"] = {"ann": "2", "ben": "1"}.get(row["student"], "")
    with (out / "grades.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    assert merge_manual(out, out / "grades.csv").ok
    return rubric, rubric_path, folder, out


def test_a_changed_file_is_regraded_with_a_diff_and_the_manual_grades_stay(graded):
    rubric, _, folder, out = graded
    assert _report(out, "ann").score == FULL + 2
    (folder / "ann.py").write_text(source(rubric, None, "ann", "wrong_z"))
    before = _snapshot(out)
    dry = _batch(str(folder), "-o", str(out), "--update", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "ann: 15 -> 11 (-4)  [submission file changed]" in dry.output
    assert "vhp-z: 4 -> 0  passed -> failed" in dry.output
    assert _snapshot(out) == before  # a dry run publishes nothing
    done = _batch(str(folder), "-o", str(out), "--update")
    assert done.exit_code == 0, done.output
    assert done.output.index("ann: 15 -> 11") < done.output.index("reports, scores.csv")  # the diff comes first
    assert "regrade: 1 graded" in done.output
    ann = _report(out, "ann")
    assert ann.score == FULL - 4 + 2  # the staff's 2 points on the explanation are kept
    assert next(i for i in ann.items if i.id == "explanations").evidence["graded_by"] == "staff"
    assert _report(out, "ben").score == FULL + 1
    rows = {r["student"]: r for r in csv.DictReader((out / "scores.csv").open())}
    assert set(rows) == {"ann", "ben", "cat", "dan"} and float(rows["ann"]["score"]) == 11
    diff = json.loads((out / "regrade.json").read_text())
    assert [(d["student"], d["change"], d["why"]) for d in diff] == [("ann", -4, ["submission file changed"])]


def test_one_students_file_regrades_only_that_student(graded, tmp_path):
    rubric, _, folder, out = graded
    late = tmp_path / "late"
    late.mkdir()
    (late / "eve.py").write_text(source(rubric, None, "eve"))
    (late / "cat.py").write_text(source(rubric, None, "cat", "wrong_z"))
    ben_before = (out / "reports" / "ben.json").read_bytes()
    done = _batch(str(late / "eve.py"), str(late / "cat.py"), "-o", str(out), "--update")
    assert done.exit_code == 0, done.output
    assert "eve: new, 13 / 13" in done.output and "cat: 13 -> 9 (-4)" in done.output
    summary = json.loads((out / "summary.json").read_text())
    assert sorted(r["student"] for r in summary["students"]) == ["ann", "ben", "cat", "dan", "eve"]
    assert (out / "reports" / "ben.json").read_bytes() == ben_before  # untouched
    assert (out / "students" / "eve.html").is_file()


def test_a_named_student_is_regraded_and_unchanged_scores_say_so(graded):
    _, _, folder, out = graded
    done = _batch(str(folder), "-o", str(out), "--update", "--student", "DAN")
    assert done.exit_code == 0, done.output
    assert "regrade: 1 graded" in done.output and "1 regraded with no change" in done.output


def test_a_changed_rubric_item_regrades_everyone_who_has_it(graded):
    _, rubric_path, folder, out = graded
    text = rubric_path.read_text()
    rubric_path.write_text(text.replace('id = "vhp-z"\nquestion = "1.3.1"', 'id = "vhp-z"\nquestion = "1.3.1"', 1)
                           .replace("z = H y as a list of 3 numbers.", "z = H y, 3 numbers.")
                           .replace('points = 4\nkind = "vector"', 'points = 5\nkind = "vector"'))
    assert rubric_path.read_text() != text
    (folder / "dan.py").rename(folder.parent / "dan.py")
    # only ann is given: ben and cat are regraded from the files batch.json recorded; dan's is gone
    done = _batch(str(folder / "ann.py"), "-o", str(out), "--update")
    assert done.exit_code == 0, done.output
    assert "regrade: 3 graded, 0 new, 3 scores change, 1 could not be regraded (file gone)" in done.output
    assert "dan: 13 -> 13 (+0)" in done.output and "not regraded: its file is no longer where" in done.output
    assert _report(out, "dan").max_score == FULL  # kept as it was, not dropped
    assert "ann: 15 -> 16 (+1), max 15 -> 16  [rubric/reference/checker changed for vhp-z]" in done.output
    assert "vhp-z: 4 -> 5  passed -> passed" in done.output  # the item that moved, and by how much
    assert _report(out, "ann").score == FULL + 1 + 2  # new points, manual grade kept


def test_update_needs_an_earlier_batch(tmp_path):
    _batch.rubric = TERMS_RUBRIC
    (tmp_path / "a.py").write_text("x = 1\n")
    done = _batch(str(tmp_path / "a.py"), "-o", str(tmp_path / "none"), "--update")
    assert done.exit_code == 2 and "no earlier batch" in done.output
