"""Report models and formats: cleaning, Gradescope's results.json fields, text, schema."""

from __future__ import annotations

import json

from grader.report import ItemReport, Report, RunInfo, SubmissionInfo, clean_text, report_schema, to_gradescope, to_json, to_text


def sample_report() -> Report:
    items = [
        ItemReport(id="h", question="1.3", title="Hessian", score=5, max_score=5, status="passed", feedback="Correct."),
        ItemReport(id="z", question="1.3.1", title="z", score=0, max_score=4, status="failed", feedback="\x1b[31mred\x1b[0m\x07 wrong",
                   diagnosis="sign_error", visibility="after_due_date"),
        ItemReport(id="e", question="1.3", title="Essay", score=0, max_score=0, status="manual", feedback="Graded by staff.", points_manual=2),
    ]
    return Report(assignment="a", title="A", score=5, max_score=9, seed=1,
                  submission=SubmissionInfo(file="s.py", sha256="0" * 64), run=RunInfo(status="finished", stdout="hi\x00\x1b[2J"),
                  items=items, manual_points=2, execution_time=0.5, grader_version="0")


def test_control_characters_and_ansi_are_removed_and_length_bounded():
    report = sample_report()
    assert report.items[1].feedback == "red wrong"
    assert report.run.stdout == "hi"
    assert len(clean_text("x" * 10_000, 100)) <= 100


def test_gradescope_results_json_fields():
    results = to_gradescope(sample_report())
    assert set(results) == {"score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
                            "visibility", "stdout_visibility", "extra_data", "tests"}
    assert isinstance(results["execution_time"], (int, float)) and results["score"] == 5
    assert results["extra_data"]["grader_version"] == "0"
    for test in results["tests"]:
        assert {"name", "name_format", "number", "output", "output_format", "visibility", "tags", "extra_data"} <= set(test)
        assert test["visibility"] in ("visible", "hidden", "after_due_date", "after_published")
    for test in results["tests"][:2]:
        assert {"score", "max_score", "status"} <= set(test) and test["status"] in ("passed", "failed")
    assert results["tests"][1]["visibility"] == "after_due_date"
    json.dumps(results)


def test_gradescope_students_see_plain_language_and_no_codes():
    hessian, wrong, essay = to_gradescope(sample_report())["tests"]
    assert (hessian["number"], hessian["name"]) == ("1.3", "Hessian")  # the number is not repeated in the name
    assert "sign_error" not in json.dumps({k: v for k, v in wrong.items() if k != "extra_data"})
    assert "[failed]" not in wrong["output"] and wrong["output"].startswith("Not correct.")
    assert wrong["extra_data"] == {"item": "z", "status": "failed", "diagnosis": "sign_error"}  # kept for staff


def test_gradescope_manual_items_are_pending_not_failed():
    essay = to_gradescope(sample_report())["tests"][2]
    assert "status" not in essay and "score" not in essay and "max_score" not in essay
    assert essay["output"].startswith("Pending") and essay["tags"] == ["pending"]


def test_gradescope_test_visibility_is_the_items_and_never_looser_than_the_default():
    report = sample_report()
    report.items[0].visibility = "hidden"
    for default, expected in [("visible", ["hidden", "after_due_date", "visible"]),
                              ("after_due_date", ["hidden", "after_due_date", "after_due_date"]),
                              ("after_published", ["hidden", "after_published", "after_published"]),
                              ("hidden", ["hidden", "hidden", "hidden"])]:
        results = to_gradescope(report, visibility=default)
        assert [t["visibility"] for t in results["tests"]] == expected
        assert results["visibility"] == default


def test_gradescope_test_names_drop_a_leading_question_number():
    from grader.report import gradescope_test_name

    assert gradescope_test_name("1.3", "1.3 Hessian") == "Hessian"
    assert gradescope_test_name("1.3", "Q1.3: Hessian") == "Hessian"
    assert gradescope_test_name("1.3", "1.3.1 part") == "1.3.1 part"  # another number, kept
    assert gradescope_test_name("2", "2") == "2"


def test_text_and_json_formats():
    report = sample_report()
    text = to_text(report)
    assert "Score: 5 / 9" in text and "graded by staff" in text
    data = json.loads(to_json(report))
    assert data["items"][0]["status"] == "passed"
    assert report.without_timings()["execution_time"] == 0.0


def test_schema_documents_fields():
    schema = report_schema()
    assert "items" in schema["properties"]
    item = schema["$defs"]["ItemReport"]["properties"]
    assert "description" in item["status"]
