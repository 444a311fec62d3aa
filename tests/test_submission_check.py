"""`grader check-submission`: every answer present, readable and of the right form -- hidden
items included -- and never a verdict."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from grader.cli import main
from grader.report import ItemReport
from grader.rubric import load_rubric
from grader.submission_check import answer_state

import staff_helpers as _helpers  # registered by conftest.py

RUBRIC_PATH, source = _helpers.RUBRIC_PATH, _helpers.source


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _hidden_z_rubric(tmp_path: Path) -> Path:
    path = tmp_path / "staff_hw.toml"
    path.write_text(RUBRIC_PATH.read_text().replace('id = "vhp-z"\n', 'id = "vhp-z"\nvisibility = "hidden"\n'))
    return path


def test_a_complete_submission_passes_and_says_nothing_about_correctness(tmp_path):
    rubric_path = _hidden_z_rubric(tmp_path)
    rubric = load_rubric(rubric_path)
    right, wrong = tmp_path / "right.py", tmp_path / "wrong.py"
    right.write_text(source(rubric, None, "correct"))
    wrong.write_text(source(rubric, None, "wrong_z"))  # the hidden item's answer is wrong
    outputs = []
    for path in (right, wrong):
        result = invoke("check-submission", path, "--rubric", rubric_path)
        assert result.exit_code == 0, result.output
        outputs.append(result.output.replace(path.name, "FILE"))
    # The hidden item is listed, and a wrong answer reads exactly like a right one.
    assert outputs[0] == outputs[1]
    assert "Vector-Hessian product" in outputs[0] and "5 of 5 answers present and readable" in outputs[0]


def test_missing_hidden_answer_unreadable_answer_and_empty_free_text_are_reported(tmp_path):
    rubric_path = _hidden_z_rubric(tmp_path)
    rubric = load_rubric(rubric_path)
    text = source(rubric, None, "correct")
    text = re.sub(r"^z = .*$", "", text, flags=re.MULTILINE)              # hidden item: missing
    text = re.sub(r"^M = .*$", "M = {1, 2}", text, flags=re.MULTILINE)     # a set: not a form the grader reads
    text = re.sub(r"^explanation_1_3 = .*$", "explanation_1_3 = None", text, flags=re.MULTILINE)
    submission = tmp_path / "hw.py"
    submission.write_text(text)
    # `grader run --visible-only` alone would not have shown the hidden item at all.
    result = invoke("check-submission", submission, "--rubric", rubric_path)
    assert result.exit_code == 1
    out = result.output
    assert re.search(r"MISSING +1\.3\.1 +Vector-Hessian product", out)
    assert re.search(r"UNREADABLE +1\.3\.1 +Reverse mode", out)
    assert "Free-text answers still empty: explanation_1_3" in out
    data = json.loads(invoke("check-submission", submission, "--rubric", rubric_path, "--json").output)
    states = {item["id"]: item["state"] for item in data["items"]}
    assert states["vhp-z"] == "missing" and states["hessian"] == "ok" and data["missing_free_text"] == ["explanation_1_3"]


def test_a_submission_that_does_not_run_is_not_checked_item_by_item(tmp_path):
    rubric = load_rubric(RUBRIC_PATH)
    submission = tmp_path / "crash.py"
    submission.write_text(source(rubric, None, "crash"))
    result = invoke("check-submission", submission, "--rubric", RUBRIC_PATH)
    assert result.exit_code == 1 and "0 of 5 answers present" in result.output


def test_states_carry_no_verdict():
    base = dict(id="i", question="1", title="t", max_score=1, answers=["a"])
    for status, score in (("passed", 1), ("partial", 0.5), ("failed", 0)):
        state = answer_state(ItemReport(status=status, score=score, feedback=f"feedback for {status}", diagnosis="d", **base))
        assert (state.state, state.message) == ("ok", "present, readable and of the right form")
    missing = answer_state(ItemReport(status="invalid", score=0, feedback="`a` is missing: assign it", **base))
    assert missing.state == "missing"
    manual = answer_state(ItemReport(status="manual", score=0, feedback="", evidence={"answers": {"a": "  "}}, **base))
    assert manual.state == "text_missing"
