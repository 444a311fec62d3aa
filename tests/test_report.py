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
    assert set(results) == {"score", "execution_time", "output", "visibility", "stdout_visibility", "tests"}
    assert isinstance(results["execution_time"], (int, float)) and results["score"] == 5
    for test in results["tests"]:
        assert set(test) == {"name", "number", "score", "max_score", "status", "output", "visibility", "tags"}
        assert test["status"] in ("passed", "failed")
        assert test["visibility"] in ("visible", "hidden", "after_due_date", "after_published")
    assert results["tests"][1]["visibility"] == "after_due_date"
    assert "sign_error" in results["tests"][1]["tags"]
    json.dumps(results)


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
