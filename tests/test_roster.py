"""Terms, student keys and the class roster (issue 17), and batch identity (issue 15, deliverable 5).

Most tests grade against tests/data/terms_hw.toml: the staff-workflow questions with two terms
(spring asks one item fall does not; fall has variants fall-a / fall-b that differ only in v)
and UNI keys (jd1234@columbia.edu is jd1234).  Each student's answers are computed here for
their own term and variant, as a student would from their own handout.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from grader.api import grade
from grader.batch import discover, grade_batch, not_run_report
from grader.cli import main
from grader.report import Report, to_text
from grader.rubric import RubricError, load_rubric, parse_rubric
from grader.sandbox.runner import Limits
from grader.summary import build_summary
from grader.variants import parameters_for, resolve_term, student_key, variant_for

ROOT = Path(__file__).resolve().parent.parent
TERMS_RUBRIC = ROOT / "tests" / "data" / "terms_hw.toml"
COLUMBIA = ROOT / "rubrics" / "columbia_nndl_hw1.toml"
EXAMPLES = ROOT / "submissions_example" / "columbia_nndl_hw1"
FAST = Limits(wall_seconds=10, cpu_seconds=2, memory_mb=768)
SPRING_FULL, FALL_FULL = 13.0, 11.0  # automatic points of each term (fall does not ask vhp-forward-hessian)


def answers(rubric, term: str | None, student: str | None) -> dict:
    term = resolve_term(rubric, term)
    p = parameters_for(rubric, variant_for(rubric, student, term), term)
    v, x = np.array(p["hessian_v"]), np.array(p["hessian_x"])
    v2, y = np.array(p["vhp_v"]), np.array(p["vhp_y"])
    m = float(v2 @ y)
    return {"H": np.outer(v, v).tolist(), "M": m, "H_vhp": np.outer(v2, v2).tolist(), "z": (v2 * m).tolist()}


def source(rubric, term, student, kind: str = "correct", assignment: str = "terms-test-hw", note: str = "") -> str:
    a = answers(rubric, term, student)
    z = a["z"] if kind == "correct" else [-c for c in a["z"]]  # "wrong_z": one wrong answer
    return (f'# {note or student}\nASSIGNMENT = "{assignment}"\nH = {a["H"]}\nM = {a["M"]}\nH_vhp = {a["H_vhp"]}\n'
            f"z = {z}\nexplanation_1_3 = 'H = v v^T'\n")


@pytest.fixture(scope="module")
def rubric():
    return load_rubric(TERMS_RUBRIC)


# ---------------------------------------------------------------- 1. terms are configuration, not a hash

def test_every_student_of_a_term_answers_the_same_questions():
    columbia = load_rubric(COLUMBIA)
    ids = [f"st{i:03d}" for i in range(300)]
    spring = {tuple(i.id for i in columbia.items_for(resolve_term(columbia, None)))}
    assert {variant_for(columbia, s) for s in ids} == {None}  # spring 2025 has no variants at all
    assert resolve_term(columbia, None) == "spring-2025"
    fall_variants = {variant_for(columbia, s, "fall-2025").name for s in ids}
    assert fall_variants == {"fall-2025-a", "fall-2025-b"}  # variants stay within their term
    assert len(spring) == 1
    assert "hard-coded-network" in spring.pop()
    assert "hard-coded-network-superincreasing" in {i.id for i in columbia.items_for("fall-2025")}
    assert "hard-coded-network" not in {i.id for i in columbia.items_for("fall-2025")}
    with pytest.raises(RubricError, match="no term 'winter'"):
        resolve_term(columbia, "winter")


def test_a_rubric_cannot_pick_items_by_variant_or_leave_the_term_open():
    base = {"assignment": {"id": "t", "title": "t"},
            "items": [{"id": "a", "question": "1", "title": "a", "points": 1, "kind": "manual", "variants": ["x"]}]}
    with pytest.raises(RubricError, match="never per variant"):
        parse_rubric(base)
    two = {"assignment": {"id": "t", "title": "t"}, "terms": {"spring": {}, "fall": {}},
           "items": [{"id": "a", "question": "1", "title": "a", "points": 1, "kind": "manual"}]}
    rubric = parse_rubric(two)
    with pytest.raises(RubricError, match="choose one with --term"):
        resolve_term(rubric)
    assert resolve_term(rubric, "fall") == "fall"
    clash = dict(two, terms={"spring": {"variants": {"sets": [{"name": "a"}], "roster": {"JD1": "a", "jd1 ": "a"}}}})
    with pytest.raises(RubricError, match="same student key"):
        parse_rubric(clash)


def test_a_correct_spring_paper_gets_full_marks_whatever_the_id():
    """The old rubric hashed two thirds of a spring class into fall: a correct paper scored 20/51."""
    for student in ("st000", "st001", "st002"):  # before, at least one of these hashed into a fall variant
        report = grade(EXAMPLES / "correct.py", COLUMBIA, student=student)
        assert (report.submission.term, report.submission.variant) == ("spring-2025", None)
        assert report.score == 51 and report.max_score == 51, [(i.id, i.status) for i in report.items if i.status != "passed"]


# ---------------------------------------------------------------- 2. one student key everywhere

KEY_FORMS = ["jd1234", "jd1234@columbia.edu", " JD1234@Columbia.EDU "]


def test_student_key_is_normalised_and_documented(rubric):
    assert {student_key(rubric, form) for form in KEY_FORMS} == {"jd1234"}
    assert student_key(rubric, "jd1234@gmail.com") == "jd1234@gmail.com"  # only the configured domain loses its domain
    assert student_key(rubric, "  Ann   Lee ") == "ann lee"
    assert student_key(rubric, "STRASSE") == student_key(rubric, "straße")  # Unicode case folding
    assert student_key(rubric, "") is None and student_key(rubric, None) is None
    assert len({variant_for(rubric, form, "fall").name for form in KEY_FORMS}) == 1
    staff = (ROOT / "docs" / "staff.md").read_text()
    assert "student key" in staff and "email_local_part" in staff


def test_the_key_and_variant_agree_in_run_batch_and_gradescope(rubric, tmp_path):
    from grader.gradescope import build_bundle, run_in_container, unpack_bundle

    text = source(rubric, "fall", "jd1234")
    path = tmp_path / "hw.py"
    path.write_text(text)
    by_run = [grade(path, TERMS_RUBRIC, student=form, term="fall", options=None) for form in KEY_FORMS]
    assert {(r.submission.student, r.submission.variant, r.score) for r in by_run} == {
        ("jd1234", variant_for(rubric, "jd1234", "fall").name, FALL_FULL)}
    # batch: the file name is the id
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "JD1234@columbia.edu.py").write_text(text)
    result = grade_batch(folder, TERMS_RUBRIC, term="fall", limits=FAST, progress=False)
    assert list(result.reports) == ["jd1234"]
    assert result.reports["jd1234"].submission.variant == by_run[0].submission.variant
    # Gradescope: the bundle fixes the term; the metadata gives the id in any form
    bundle = build_bundle(TERMS_RUBRIC, tmp_path / "autograder.zip", wall_seconds=10, cpu_seconds=2, term="fall")
    root = unpack_bundle(bundle, tmp_path / "autograder")
    (root / "submission" / "submission.py").write_text(text)
    (root / "submission_metadata.json").write_text(json.dumps({"users": [{"email": "JD1234@Columbia.edu", "sid": ""}]}))
    results = run_in_container(root / "source", root)
    assert results["score"] == FALL_FULL
    graded = [t for t in results["tests"] if not t["name"].startswith("Submission check")]  # the self-check comes first
    assert len(graded) == len(rubric.items_for("fall"))


# ---------------------------------------------------------------- the roster command

def test_roster_from_a_csv_flags_duplicates_and_guards_formulas(tmp_path):
    roster_csv = tmp_path / "roster.csv"
    roster_csv.write_text("First Name,Last Name,SID,Email\nJo,Doe,JD1234,jd1234@columbia.edu\n"
                          "Jo,Doe,,JD1234@columbia.edu\nAb,Ba, ab5678 ,ab@x.edu\nEvil,One,=HYPERLINK(\"x\"),e@x\n"
                          "No,Id,,\n")
    result = CliRunner().invoke(main, ["roster", str(TERMS_RUBRIC), str(roster_csv), "--term", "fall"])
    assert result.exit_code == 1  # flagged rows
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    rubric = load_rubric(TERMS_RUBRIC)
    assert [r["key"] for r in rows[:3]] == ["jd1234", "jd1234", "ab5678"]
    assert rows[0]["variant"] == rows[1]["variant"] == variant_for(rubric, "jd1234", "fall").name
    assert rows[0]["term"] == "fall"
    assert "duplicate" in rows[0]["flags"] and "duplicate" in rows[1]["flags"] and not rows[2]["flags"]
    assert rows[3]["key"].startswith("'=") and rows[3]["id_as_given"].startswith("'=")  # a spreadsheet will not run it
    assert rows[4]["flags"] == "no id on this line"


def test_roster_from_a_gradescope_export_lists_every_group_member(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    (export / "submission_metadata.yml").write_text(
        "submission_1:\n  :submitters:\n  - :name: A\n    :sid: 'AA1'\n  - :name: B\n    :email: bb2@columbia.edu\n"
        "submission_2:\n  :submitters:\n  - :name: C\n    :sid: 'CC3'\n")
    for folder in ("submission_1", "submission_2"):
        (export / folder).mkdir()
        (export / folder / "submission.py").write_text("x = 1\n")
    result = CliRunner().invoke(main, ["roster", str(TERMS_RUBRIC), str(export)])
    assert result.exit_code == 0, result.output
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert set(rows) == {"aa1", "bb2", "cc3"}
    assert rows["aa1"]["group"] == rows["bb2"]["group"] == "submission_1" and rows["cc3"]["group"] == ""
    assert {r["term"] for r in rows.values()} == {"spring"} and {r["variant"] for r in rows.values()} == {""}


# ---------------------------------------------------------------- batch identity (issue 15.5) and duplicates

def _metadata(entries: dict[str, list[dict]], created: dict[str, str] | None = None) -> str:
    lines = []
    for folder, users in entries.items():
        lines.append(f"{folder}:")
        lines.append("  :submitters:")
        for user in users:
            first = True
            for key, value in user.items():
                lines.append(f"  {'- ' if first else '  '}:{key}: '{value}'")
                first = False
        if created and folder in created:
            lines.append(f"  :created_at: {created[folder]}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def fall_class(rubric, tmp_path_factory):
    """A fall export: a group of two, a duplicate, a forged in-folder metadata file, shared wrong answers."""
    root = tmp_path_factory.mktemp("fall")
    export = root / "export"
    export.mkdir()
    people = {"submission_1": [{"sid": "Alice"}], "submission_2": [{"sid": "Bob", "email": "bob@columbia.edu"}],
              "submission_3": [{"sid": "carol"}, {"email": "DAVE@columbia.edu"}], "submission_4": [{"sid": "ALICE "}],
              "submission_5": [{"sid": "erin"}], "submission_6": [{"sid": "frank"}], "submission_7": [{"sid": "cu-fall-b"}]}
    created = {"submission_1": "2025-10-03 20:00:00.000000000 -04:00", "submission_5": "2025-10-05 01:30:00.000000000 -04:00"}
    (export / "submission_metadata.yml").write_text(_metadata(people, created))
    files = {"submission_1": source(rubric, "fall", "alice"), "submission_2": source(rubric, "fall", "bob"),
             "submission_3": source(rubric, "fall", "carol"), "submission_4": source(rubric, "fall", "alice", "wrong_z"),
             "submission_5": source(rubric, "fall", "erin", "wrong_z", note="erin's own work"),
             "submission_6": source(rubric, "fall", "erin", "wrong_z", note="frank copied erin"),
             "submission_7": source(rubric, "fall", "cu-fall-b")}
    for folder, text in files.items():
        (export / folder).mkdir()
        (export / folder / "submission.py").write_text(text)
    # Bob's folder claims to be Alice's submission: the attack of issue 15.
    (export / "submission_2" / "submission_metadata.json").write_text(json.dumps({"users": [{"sid": "alice"}]}))
    out = root / "out"
    result = grade_batch(export, TERMS_RUBRIC, output_dir=out, term="fall", limits=FAST, progress=False)
    return result, out, export


def test_identity_comes_from_the_export_never_from_a_students_folder(fall_class, rubric):
    result, out, _ = fall_class
    reports = result.reports
    assert set(reports) == {"alice", "alice~2", "bob", "carol", "dave", "erin", "frank", "cu-fall-b"}
    assert reports["bob"].submission.student == "bob" and reports["bob"].score == FALL_FULL
    assert reports["alice"].score == FALL_FULL  # the real Alice keeps her row, her report and her variant
    flags = {(f["student"], f["flag"].split(":")[0]) for f in result.summary["flags"]}
    assert ("bob", "identity") in flags
    assert any("claims 'alice'" in f["flag"] for f in result.summary["flags"])


def test_a_duplicate_keeps_its_original_variant_and_every_group_member_gets_a_row(fall_class, rubric):
    reports = fall_class[0].reports
    alice = variant_for(rubric, "alice", "fall").name
    assert reports["alice"].submission.variant == reports["alice~2"].submission.variant == alice
    assert reports["alice~2"].submission.student == "alice"
    flags = fall_class[0].summary["flags"]
    assert {f["student"] for f in flags if f["flag"].startswith("duplicate")} == {"alice", "alice~2"}
    for member in ("carol", "dave"):  # one file, two rows, each graded on its own variant
        assert reports[member].submission.student == member
        assert reports[member].submission.variant == variant_for(rubric, member, "fall").name
    assert reports["cu-fall-b"].submission.variant == "fall-b"  # the roster wins over the hash


def test_not_run_report_has_only_the_students_own_terms_items(rubric):
    fall = not_run_report(rubric, "x", "", "nothing submitted", term="fall")
    spring = not_run_report(rubric, "x", "", "nothing submitted", term="spring")
    assert [i.id for i in fall.items] == [i.id for i in rubric.items_for("fall")]
    assert (fall.max_score, spring.max_score) == (FALL_FULL, SPRING_FULL)
    columbia = load_rubric(COLUMBIA)
    report = not_run_report(columbia, "st000", "", "nothing submitted")
    assert report.max_score == columbia.max_score_for("spring-2025") == 51


def test_pass_rates_count_only_students_who_had_the_item(rubric):
    reports = {}
    for i in range(10):  # 3 spring students had vhp-forward-hessian (1 passed); 7 fall students never had it
        term = "spring" if i < 3 else "fall"
        report = not_run_report(rubric, f"s{i}", "f.py", "x", term=term)
        report.run.status = "finished"
        for item in report.items:
            item.status = "passed" if (i == 0 or item.id != "vhp-forward-hessian") else "failed"
        reports[f"s{i}"] = report
    summary = build_summary(rubric, reports)
    item = next(i for i in summary["items"] if i["id"] == "vhp-forward-hessian")
    assert item["students"] == 3 and item["pass_rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert item["statuses"]["absent"] == 7
    assert item["by_variant"] == {"spring": {"students": 3, "passed": 1, "pass_rate": pytest.approx(1 / 3, abs=1e-4),
                                             "mean_score": 0.0}}
    z = next(i for i in summary["items"] if i["id"] == "vhp-z")
    assert sum(f["students"] for f in z["by_variant"].values()) == 10 and "spring" in z["by_variant"]


def test_per_variant_figures_in_the_csv_and_html(fall_class):
    result, out, _ = fall_class
    summary = result.summary
    assert set(summary["variants"]) == {"fall-a", "fall-b"}
    for name, figures in summary["variants"].items():
        assert figures["students"] == sum(r.submission.variant == name for r in result.reports.values())
    rows = list(csv.DictReader((out / "items.csv").open()))
    z = [r for r in rows if r["item"] == "vhp-z"]
    assert [r["variant"] for r in z] == ["all", "fall-a", "fall-b"]
    assert sum(int(r["students"]) for r in z[1:]) == int(z[0]["students"]) == len(result.reports)
    html = (out / "summary.html").read_text()
    assert "Passed (fall-a)" in html and "Passed (fall-b)" in html


def test_identical_answer_sets_are_flagged(fall_class):
    sets = fall_class[0].summary["identical_answers"]
    copied = next(s for s in sets if "frank" in s["students"])
    assert {"erin", "frank"} <= set(copied["students"]) and copied["same_file"] is False
    assert not any("bob" in s["students"] for s in sets)  # all-correct answers agree by nature: not listed


# ---------------------------------------------------------------- 7. ASSIGNMENT naming another assignment

def test_a_file_for_another_assignment_is_flagged_in_report_and_summary(rubric, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "amy.py").write_text(source(rubric, None, "amy", assignment="nyu-dl-hw1"))
    (folder / "ben.py").write_text(source(rubric, None, "ben"))
    result = grade_batch(folder, TERMS_RUBRIC, output_dir=tmp_path / "out", limits=FAST, progress=False)
    flags = result.reports["amy"].submission.flags
    assert len(flags) == 1 and flags[0].startswith("wrong_assignment") and "nyu-dl-hw1" in flags[0]
    assert not result.reports["ben"].submission.flags
    assert [f["student"] for f in result.summary["flags"]] == ["amy"]
    assert "nyu-dl-hw1" in to_text(result.reports["amy"])
    assert "wrong_assignment" in (tmp_path / "out" / "summary.html").read_text()
    assert "wrong_assignment" in next(r for r in csv.DictReader((tmp_path / "out" / "scores.csv").open()) if r["student"] == "amy")["flags"]


# ---------------------------------------------------------------- 5. the gradebook and its late policy

def test_gradebook_with_a_late_policy_from_gradescope_metadata(fall_class, tmp_path):
    _, out, _ = fall_class
    runner = CliRunner()
    done = runner.invoke(main, ["gradebook", str(out), "--late-per-day", "0.1", "-o", str(tmp_path / "gb.csv")])
    assert done.exit_code == 0, done.output
    rows = {r["student_key"]: r for r in csv.DictReader((tmp_path / "gb.csv").open())}
    assert set(rows) == {"alice", "bob", "carol", "dave", "erin", "frank", "cu-fall-b"}  # one row per key
    assert "duplicate" in rows["alice"]["flags"] and float(rows["alice"]["total"]) == FALL_FULL  # the better of two
    assert rows["alice"]["late_days"] == "0"  # 20:00 on the due day (the term's due date in the rubric)
    erin = rows["erin"]  # 1 h 31 min after midnight, two days after the deadline: 2 started days
    assert erin["late_days"] == "2" and float(erin["late_penalty"]) == pytest.approx(0.2 * float(erin["total"]))
    assert float(erin["total_after_late"]) == pytest.approx(0.8 * float(erin["total"]))
    assert float(rows["bob"]["Q 1.3"]) + float(rows["bob"]["Q 1.3.1"]) == pytest.approx(float(rows["bob"]["total"]))
    done = runner.invoke(main, ["gradebook", str(out), "--format", "canvas", "-o", str(tmp_path / "canvas.csv")])
    canvas = list(csv.reader((tmp_path / "canvas.csv").open()))
    assert canvas[0][3] == "SIS Login ID" and canvas[1][0] == "Points Possible" and canvas[1][5] == f"{FALL_FULL:g}"
    runner.invoke(main, ["gradebook", str(out), "--format", "gradescope", "-o", str(tmp_path / "gs.csv")])
    assert next(csv.reader((tmp_path / "gs.csv").open()))[:2] == ["SID", "Total Score"]


def test_parse_timestamp_reads_gradescope_and_iso_forms():
    from grader.gradebook import LatePolicy, parse_timestamp

    a = parse_timestamp("2025-02-01 10:00:00.123456789 -05:00")
    b = parse_timestamp("2025-02-01T15:00:00.123456Z")
    assert a == b
    policy = LatePolicy(due=parse_timestamp("2025-02-01T10:00:00-05:00"), per_day=0.25, max_days=2, grace_minutes=10)
    assert policy.days_late(parse_timestamp("2025-02-01 10:09:00 -05:00")) == 0
    assert policy.days_late(parse_timestamp("2025-02-01 10:11:00 -05:00")) == 1
    assert policy.penalty(10, 3) == 10 and policy.penalty(10, 2) == 5
    assert parse_timestamp("yesterday") is None


def test_hostile_in_folder_metadata_cannot_take_another_students_row(rubric, tmp_path):
    """Issue 15: a metadata file in Mallory's folder claims Alice's id.  Before, Mallory got Alice's row
    and report, and the real Alice was renamed alice~2 and graded on another variant."""
    folder = tmp_path / "class"
    for student in ("alice", "mallory"):
        (folder / student).mkdir(parents=True)
        (folder / student / "submission.py").write_text(source(rubric, "fall", student))
    for name, claim in (("submission_metadata.json", json.dumps({"users": [{"sid": "alice", "email": "alice@columbia.edu"}]})),
                        ("submission_metadata.yml", "submission_1:\n  :submitters:\n  - :sid: 'alice'\n")):
        (folder / "mallory" / name).write_text(claim)
    result = grade_batch(folder, TERMS_RUBRIC, output_dir=tmp_path / "out", term="fall", limits=FAST, progress=False)
    assert set(result.reports) == {"alice", "mallory"}  # no alice~2
    assert result.reports["alice"].submission.variant == variant_for(rubric, "alice", "fall").name
    assert result.reports["alice"].score == result.reports["mallory"].score == FALL_FULL
    assert result.reports["mallory"].submission.student == "mallory"
    flags = [f for f in result.summary["flags"] if f["student"] == "mallory"]
    assert len(flags) == 1 and "claims 'alice'" in flags[0]["flag"] and "ignored" in flags[0]["flag"]
    assert "claims &#x27;alice&#x27;" in (tmp_path / "out" / "summary.html").read_text()  # escaped


def test_a_student_on_another_terms_roster_is_flagged(rubric):
    from grader.api import submission_flags

    flags = submission_flags(rubric, 'ASSIGNMENT = "terms-test-hw"\n', "cu-fall-b", "spring")
    assert len(flags) == 1 and flags[0].startswith("other_term") and "fall" in flags[0]
    assert submission_flags(rubric, 'ASSIGNMENT = "terms-test-hw"\n', "cu-fall-b", "fall") == []
