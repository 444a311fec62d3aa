"""Class batches: discovery, grading a mixed class, the summary agreeing with the reports, executors."""

from __future__ import annotations

import csv
import io
import json
import statistics
from concurrent.futures import Future
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from grader.batch import (
    Progress, discover, find_submission_file, grade_batch, parse_export_yaml, report_filename, student_id,
)
import grader.batch as batch_module
from grader.cli import main
from grader.report import Report
from grader.rubric import load_rubric
from grader.sandbox.runner import Limits




import staff_helpers as _helpers  # registered by conftest.py
FULL_AUTOMATIC = _helpers.FULL_AUTOMATIC
RUBRIC_PATH = _helpers.RUBRIC_PATH
notebook = _helpers.notebook
source = _helpers.source

HOSTILE_NAME = 'x<b onclick="alert(1)">hi'
FAST = Limits(wall_seconds=10, cpu_seconds=2, memory_mb=768)  # generous wall time: CI machines may be busy


def _write_class(root: Path, rubric) -> dict[str, str]:
    """A class folder: flat files, student folders, a notebook, copies, broken and hostile ones."""
    kinds = {}
    root.mkdir(parents=True, exist_ok=True)
    plan = ([(f"correct-{i:02d}", "correct") for i in range(1, 8)] + [(f"htx-{i:02d}", "hessian_times_x") for i in range(1, 5)]
            + [(f"wrongz-{i:02d}", "wrong_z") for i in range(1, 4)] + [("syntax-01", "syntax_error"), ("syntax-02", "syntax_error")]
            + [("crash-01", "crash"), ("busy-01", "busy_loop")])
    for student, kind in plan:
        (root / f"{student}.py").write_text(source(rubric, student, kind))
        kinds[student] = kind
    crash = source(rubric, "anyone", "crash")
    for student in ("copy-a", "copy-b"):  # byte-identical: graded once, reported twice
        (root / f"{student}.py").write_text(crash)
        kinds[student] = "crash"
    body = source(rubric, "nb-01", "correct").splitlines(keepends=True)
    (root / "nb-01.ipynb").write_text(notebook(["".join(body[:3]), "".join(body[3:5]), "".join(body[5:])]))
    kinds["nb-01"] = "correct"
    for folder, kind in (("folder-alice", "correct"), (HOSTILE_NAME, "correct")):
        (root / folder).mkdir()
        (root / folder / "submission.py").write_text(source(rubric, folder, kind))
        (root / folder / "scratch.py").write_text("print('not this one')\n")
        kinds[folder] = kind
    (root / "folder-empty").mkdir()
    (root / "folder-empty" / "README.txt").write_text("forgot to attach\n")
    kinds["folder-empty"] = "none"
    (root / "folder-ambiguous").mkdir()
    for name in ("a.py", "b.py"):
        (root / "folder-ambiguous" / name).write_text(source(rubric, "folder-ambiguous", "correct"))
    kinds["folder-ambiguous"] = "none"
    return kinds


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    rubric = load_rubric(RUBRIC_PATH)
    root = tmp_path_factory.mktemp("class")
    kinds = _write_class(root / "submissions", rubric)
    out = root / "out"
    stream = io.StringIO()
    result = grade_batch(root / "submissions", RUBRIC_PATH, output_dir=out, limits=FAST, progress=False)
    return result, kinds, out, stream


def _on_disk(out: Path) -> dict[str, Report]:
    summary = json.loads((out / "summary.json").read_text())
    return {row["student"]: Report.model_validate_json((out / row["report"]).read_text()) for row in summary["students"]}


def test_every_student_has_a_report_with_the_right_verdicts(graded):
    result, kinds, out, _ = graded
    reports = result.reports
    assert set(reports) == set(kinds)
    for student, kind in kinds.items():
        report = reports[student]
        by_id = {i.id: i for i in report.items}
        assert by_id["explanations"].status == "manual"
        if kind == "correct":
            assert report.score == FULL_AUTOMATIC, (student, [(i.id, i.status, i.feedback) for i in report.items])
            assert by_id["explanations"].evidence["answers"]["explanation_1_3"].endswith(f"({student})")
        elif kind == "hessian_times_x":
            assert (by_id["hessian"].status, by_id["hessian"].diagnosis, report.score) == ("partial", "hessian_times_x", 9)
        elif kind == "wrong_z":
            assert by_id["vhp-z"].status == "failed" and report.score == 9
        elif kind == "syntax_error":
            assert by_id["vhp-reverse-scalar"].status == "invalid" and report.score == 11
        elif kind == "crash":
            assert report.score == 0 and by_id["hessian"].status == "invalid"
            assert "sys.exit" in by_id["hessian"].feedback
        elif kind == "busy_loop":
            assert report.run.status == "timeout" and report.score == 0
    assert reports["folder-empty"].run.status == "not_run"
    assert "no .py or .ipynb" in reports["folder-empty"].items[0].feedback
    assert "several candidate files" in reports["folder-ambiguous"].run.message
    assert reports["folder-alice"].submission.file == "submission.py"
    assert reports["nb-01"].submission.file == "nb-01.ipynb"


def test_identical_files_are_graded_once_and_reported_for_each_student(graded):
    reports = graded[0].reports
    a, b = reports["copy-a"], reports["copy-b"]
    assert (a.submission.student, a.submission.file) == ("copy-a", "copy-a.py")
    assert (b.submission.student, b.submission.file) == ("copy-b", "copy-b.py")
    assert [i.model_dump() for i in a.items] == [i.model_dump() for i in b.items]


def test_summary_agrees_with_the_reports_on_disk(graded):
    result, kinds, out, _ = graded
    rubric = load_rubric(RUBRIC_PATH)
    summary = json.loads((out / "summary.json").read_text())
    reports = _on_disk(out)
    assert summary == json.loads(json.dumps(result.summary))
    scores = [r.score for r in reports.values()]
    assert summary["submissions"] == len(reports) == len(kinds)
    assert summary["score"]["mean"] == pytest.approx(statistics.fmean(scores), abs=1e-4)
    assert summary["score"]["median"] == pytest.approx(statistics.median(scores), abs=1e-4)
    assert (summary["score"]["min"], summary["score"]["max"]) == (min(scores), max(scores))
    histogram = summary["score"]["histogram"]
    assert sum(b["count"] for b in histogram) == len(scores)
    for b in histogram:
        assert b["count"] == sum(1 for s in scores if b["low"] <= s < b["high"])
    assert histogram[-1]["low"] == summary["max_score"]  # full marks have a bar of their own
    assert summary["runs"] == {status: sum(r.run.status == status for r in reports.values())
                               for status in {r.run.status for r in reports.values()}}
    for item_summary in summary["items"]:
        items = [next(i for i in r.items if i.id == item_summary["id"]) for r in reports.values()]
        for status, count in item_summary["statuses"].items():
            assert count == sum(i.status == status for i in items)
        if item_summary["id"] != "explanations":
            assert item_summary["pass_rate"] == pytest.approx(sum(i.status == "passed" for i in items) / len(items), abs=1e-4)
            assert item_summary["mean_score"] == pytest.approx(statistics.fmean(i.score for i in items), abs=1e-4)
        else:  # hand-graded: no pass rate, and no mean until staff merge their grades
            assert item_summary["pass_rate"] is None and item_summary["mean_score"] is None
        grouped = sum(g["count"] for g in item_summary["groups"])
        # a submission that did not run to the end is listed once (not_run), not under every item
        assert grouped == sum(i.status not in ("passed", "manual") for r, i in zip(reports.values(), items)
                              if r.run.status == "finished")
        for group in item_summary["groups"]:
            assert group["count"] == len(group["students"])
            for student in group["students"]:
                item = next(i for i in reports[student].items if i.id == item_summary["id"])
                assert (item.status, item.diagnosis) == (group["status"], group["diagnosis"])
    assert [i["id"] for i in summary["items"]] == [i.id for i in rubric.items]
    assert sorted(r["student"] for r in summary["not_run"]) == sorted(s for s, r in reports.items() if r.run.status != "finished")


def test_shared_diagnoses_are_grouped_with_their_students(graded):
    summary = graded[0].summary
    hessian = next(i for i in summary["items"] if i["id"] == "hessian")
    mistake = next(g for g in hessian["groups"] if g["diagnosis"] == "hessian_times_x")
    assert sorted(mistake["students"]) == [f"htx-{i:02d}" for i in range(1, 5)]
    assert mistake["status"] == "partial" and "H x" in mistake["feedback"]
    z = next(i for i in summary["items"] if i["id"] == "vhp-z")
    assert z["groups"][0]["count"] >= 3
    assert {f"wrongz-{i:02d}" for i in range(1, 4)} <= {s for g in z["groups"] for s in g["students"] if g["status"] == "failed"}


def test_scores_csv_has_one_row_per_submission_matching_its_report(graded):
    _, kinds, out, _ = graded
    reports = _on_disk(out)
    rows = list(csv.DictReader((out / "scores.csv").open()))
    assert len(rows) == len(kinds)
    for row in rows:
        report = reports[row["student"]]
        assert float(row["score"]) == report.score
        assert float(row["max_score"]) == report.max_score
        for item in report.items:
            assert float(row[item.id]) == item.score
            assert row[f"{item.id}:status"] == item.status


def test_html_report_is_self_contained_and_escapes_student_text(graded):
    out = graded[2]
    page = (out / "summary.html").read_text()
    assert page.count("<svg") == 2
    assert "<script src" not in page and "<b onclick" not in page  # one inline script: sorting tables
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "x&lt;b onclick=&quot;alert(1)&quot;&gt;hi" in page
    assert "hessian_times_x" in page and "4 students" in page


def test_report_files_are_safe_and_distinct(graded):
    result, kinds, out, _ = graded
    names = list(result.report_files.values())
    assert len(set(names)) == len(kinds)
    for name in names:
        assert (out / name).parent == out / "reports"
    assert "<" not in result.report_files[HOSTILE_NAME]
    assert report_filename("a/b") != report_filename("a_b")


def test_other_submissions_and_outputs_are_hidden_from_the_child(tmp_path):
    rubric = load_rubric(RUBRIC_PATH)
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "correct-01.py").write_text(source(rubric, "correct-01", "correct"))
    snoop = f"""ASSIGNMENT = "staff-test-hw"
import os
try:
    H = str(os.listdir({str(subs)!r}))
except Exception as exc:
    H = "hidden: " + type(exc).__name__
"""
    (subs / "snoop.py").write_text(snoop)
    result = grade_batch(subs, RUBRIC_PATH, output_dir=tmp_path / "out", limits=FAST, progress=False)
    feedback = next(i for i in result.reports["snoop"].items if i.id == "hessian").feedback
    assert "correct-01" not in feedback
    assert result.reports["correct-01"].score == FULL_AUTOMATIC


# ---------------------------------------------------------------- discovery

def test_gradescope_export_layout_reads_student_ids(tmp_path):
    (tmp_path / "submission_metadata.yml").write_text(
        "---\n"
        "submission_101:\n  :submitters:\n  - :name: Ada L\n    :sid: 'A100'\n    :email: ada@example.edu\n"
        "  :created_at: 2025-02-01 10:00:00.000000000 -05:00\n  :score: 3.0\n  :history: []\n"
        "submission_102:\n  :submitters:\n  - :name: Bo\n    :email: bo@example.edu\n  - :name: Cy\n    :sid: 'C300'\n"
        "  :score: 1.0\n")
    for folder in ("submission_101", "submission_102", "submission_103"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "hw.py").write_text("x = 1\n")
    (tmp_path / "submission_103" / "submission_metadata.json").write_text(json.dumps({"users": [{"sid": "D400", "email": "d@x"}]}))
    entries = {e.student: e for e in discover(tmp_path)}
    # keys are normalised (case-folded); every member of a group submission gets a row
    assert {s: e.path.parent.name for s, e in entries.items()} == {
        "a100": "submission_101", "bo@example.edu": "submission_102", "c300": "submission_102",
        "submission_103": "submission_103"}
    assert entries["bo@example.edu"].group == entries["c300"].group == "submission_102"
    assert entries["a100"].submitted_at.startswith("2025-02-01 10:00:00")
    # a metadata file inside a student's own folder is the student's to write: never identity, only a flag
    assert entries["submission_103"].identity == "folder name"
    assert any("claims 'D400'" in f for f in entries["submission_103"].flags)
    assert all(e.path.name == "hw.py" for e in entries.values())


def test_export_yaml_reader_without_pyyaml_matches_pyyaml():
    text = ("submission_1:\n  :submitters:\n  - :name: Ada\n    :sid: '007'\n    :email: a@x\n  :score: 2.0\n"
            "  :history:\n  - :submitters:\n    - :sid: 'wrong'\n"
            "submission_2:\n  :submitters:\n  - :email: b@x\n    :name: Bo\n")
    parsed = parse_export_yaml(text)
    assert student_id(parsed["submission_1"][":submitters"]) == "007"
    assert student_id(parsed["submission_2"][":submitters"]) == "b@x"
    yaml = pytest.importorskip("yaml")
    loaded = yaml.safe_load(text)
    assert student_id(loaded["submission_1"][":submitters"]) == "007"


def test_find_submission_file_rules(tmp_path):
    assert find_submission_file(tmp_path) == (None, "no .py or .ipynb file was submitted")
    (tmp_path / "one.py").write_text("x = 1\n")
    assert find_submission_file(tmp_path)[0].name == "one.py"
    (tmp_path / "two.py").write_text('ASSIGNMENT = "staff-test-hw"\n')
    path, problem = find_submission_file(tmp_path)
    assert path is None and "one.py, two.py" in problem
    assert find_submission_file(tmp_path, "staff-test-hw")[0].name == "two.py"
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "submission.ipynb").write_text("{}")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "submission.py").write_text("x = 2\n")
    assert find_submission_file(tmp_path)[0] == tmp_path / "sub" / "submission.py"


def test_two_files_of_one_student_are_both_kept(tmp_path):
    (tmp_path / "ann.py").write_text("x = 1\n")
    (tmp_path / "ann.ipynb").write_text(notebook(["x = 1"]))
    found = sorted(discover(tmp_path), key=lambda e: e.student)
    assert [e.student for e in found] == ["ann", "ann~2"]
    assert [e.key for e in found] == ["ann", "ann"]  # one student: the same key, so the same variant
    assert all(any(f.startswith("duplicate:") for f in e.flags) for e in found)


def test_an_earlier_batch_output_in_the_folder_is_not_a_student(tmp_path):
    (tmp_path / "reports").mkdir()  # a student may well be called "reports"
    (tmp_path / "reports" / "hw.py").write_text("x = 1\n")
    (tmp_path / "grades").mkdir()
    (tmp_path / "grades" / "reports").mkdir()
    (tmp_path / "grades" / "summary.json").write_text("{}")
    assert [e.student for e in discover(tmp_path)] == ["reports"]


def test_student_id_prefers_sid_then_email():
    assert student_id([{"sid": "", "email": "e@x", "id": 5}]) == "e@x"
    assert student_id([{":sid": 42}]) == "42"
    assert student_id([]) is None


# ---------------------------------------------------------------- memo, executors, progress

def _same_variant_students(rubric, count: int) -> list[str]:
    from grader.variants import variant_for

    wanted = variant_for(rubric, "memo-0").name
    names = [f"memo-{i}" for i in range(200) if variant_for(rubric, f"memo-{i}").name == wanted]
    return names[:count]


def test_memo_checks_identical_answers_once_and_changes_no_verdict(tmp_path, monkeypatch):
    import grader.api as api

    rubric = load_rubric(RUBRIC_PATH)
    students = _same_variant_students(rubric, 4)
    for student in students:  # same answers, different files (the comment names the student)
        (tmp_path / f"{student}.py").write_text(source(rubric, student, "correct"))
    monkeypatch.setattr(batch_module, "_memos", {})  # earlier tests graded the same answers
    calls = []
    original = api.grade_item
    monkeypatch.setattr(api, "grade_item", lambda item, *a, **k: calls.append(item.id) or original(item, *a, **k))
    with_memo = grade_batch(tmp_path, rubric, progress=False, limits=FAST, memo=True, jobs=1)
    automatic = [c for c in calls if c != "explanations"]
    assert sorted(automatic) == sorted(["hessian", "vhp-reverse-scalar", "vhp-forward-hessian", "vhp-z"])
    calls.clear()
    without = grade_batch(tmp_path, rubric, progress=False, limits=FAST, memo=False)
    assert len([c for c in calls if c != "explanations"]) == 4 * len(students)
    for student in students:
        a, b = with_memo.reports[student].without_timings(), without.reports[student].without_timings()
        assert a["items"] == b["items"] and a["score"] == b["score"] == FULL_AUTOMATIC


def test_memo_keys_tell_answer_types_apart():
    from grader.grading import answer_key

    item = load_rubric(RUBRIC_PATH).item("hessian")

    def key(value):
        return answer_key(item, {"H": value}, "v\0seed")

    assert key(np.array([1.0, 2.0])) != key({"$array": [1.0, 2.0], "shape": [2]})
    assert key(float("nan")) != key("nan")
    assert key(Fraction(1, 2)) != key("1/2")
    assert key([1, 2]) != key([1.0, 2.0]) != key(np.array([1.0, 2.0]))
    assert key(True) != key(1)
    assert key(np.array([[1.0, 2.0]])) != key(np.array([1.0, 2.0]))
    assert key([[1, 2]]) == key([[1, 2]])


class _FlakyExecutor:
    """Runs tasks inline, but loses the task of one student (as a crashed remote worker would)."""

    def __init__(self, lose: str):
        self.lose = lose

    def submit(self, fn, *args):
        future = Future()
        if args[0].student == self.lose:
            future.set_exception(RuntimeError("worker lost"))
        else:
            future.set_result(fn(*args))
        return future

    def map(self, fn, items):
        return map(fn, items)

    def shutdown(self):
        pass


def test_a_lost_task_becomes_a_report_and_the_batch_goes_on(tmp_path):
    rubric = load_rubric(RUBRIC_PATH)
    for student in ("ok-1", "lost-1"):
        (tmp_path / f"{student}.py").write_text(source(rubric, student, "correct"))
    result = grade_batch(tmp_path, rubric, executor=_FlakyExecutor("lost-1"), progress=False, limits=FAST)
    assert result.reports["ok-1"].score == FULL_AUTOMATIC
    lost = result.reports["lost-1"]
    assert lost.run.status == "grader_error" and "worker lost" in lost.run.message and lost.score == 0


def test_grader_exception_becomes_a_report(tmp_path, monkeypatch):
    import grader.api as api

    rubric = load_rubric(RUBRIC_PATH)
    (tmp_path / "boom.py").write_text(source(rubric, "boom", "correct"))
    monkeypatch.setattr(api, "grade", lambda *a, **k: (_ for _ in ()).throw(ValueError("bug")))
    result = grade_batch(tmp_path, rubric, progress=False)
    assert result.reports["boom"].run.status == "grader_error"
    assert "ValueError: bug" in result.reports["boom"].run.message


def test_process_executor_gives_the_same_reports(tmp_path):
    rubric = load_rubric(RUBRIC_PATH)
    for student, kind in (("p-1", "correct"), ("p-2", "hessian_times_x")):
        (tmp_path / f"{student}.py").write_text(source(rubric, student, kind))
    result = grade_batch(tmp_path, RUBRIC_PATH, executor="process", jobs=1, progress=False, limits=FAST)
    assert result.reports["p-1"].score == FULL_AUTOMATIC
    assert result.reports["p-2"].items[0].diagnosis == "hessian_times_x"


@pytest.mark.slow
def test_dask_local_cluster_grades_a_batch(tmp_path):
    pytest.importorskip("distributed", reason="the Dask executor is an optional extra: pip install 'nn-grader[dask]'")
    from grader.executors import DaskExecutor

    rubric = load_rubric(RUBRIC_PATH)
    for student, kind in (("d-1", "correct"), ("d-2", "wrong_z"), ("d-3", "crash")):
        (tmp_path / f"{student}.py").write_text(source(rubric, student, kind))
    executor = DaskExecutor(jobs=2)
    try:
        result = grade_batch(tmp_path, rubric, executor=executor, progress=False, limits=FAST, output_dir=tmp_path / "out")
    finally:
        executor.shutdown()
    assert result.reports["d-1"].score == FULL_AUTOMATIC
    assert next(i for i in result.reports["d-2"].items if i.id == "vhp-z").status == "failed"
    assert result.reports["d-3"].score == 0
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["submissions"] == 3


def test_progress_bar_without_a_terminal_prints_a_line_per_tenth():
    stream = io.StringIO()
    bar = Progress(20, stream=stream)
    report = Report.model_construct(run=type("Run", (), {"status": "finished"})())
    for _ in range(20):
        bar.update(report)
    bar.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 10 and lines[-1].startswith("grading [") and "20/20" in lines[-1]
    silent = io.StringIO()
    quiet = Progress(3, enabled=False, stream=silent)
    quiet.update(report)
    assert silent.getvalue() == ""


def test_cli_batch_writes_the_class_summary(tmp_path):
    rubric = load_rubric(RUBRIC_PATH)
    subs = tmp_path / "subs"
    subs.mkdir()
    for student, kind in (("c-1", "correct"), ("c-2", "syntax_error")):
        (subs / f"{student}.py").write_text(source(rubric, student, kind))
    out = tmp_path / "grades"
    result = CliRunner().invoke(main, ["batch", str(subs), "--rubric", str(RUBRIC_PATH), "-o", str(out), "--no-progress",
                                       "--jobs", "2", "--timeout", "5"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "2 submissions" in result.output
    assert {p.name for p in out.iterdir()} >= {"reports", "scores.csv", "summary.json", "summary.html", "rubric.json"}
    summary = json.loads((out / "summary.json").read_text())
    assert {s["student"]: s["score"] for s in summary["students"]} == {"c-1": 13, "c-2": 11}
