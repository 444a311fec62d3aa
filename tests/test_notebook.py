"""Notebook submissions: code cells run in order in the same isolation; failing cells are reported by
number and cost only the answers they would have set."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from grader.api import grade
from grader.cli import main
from grader.rubric import load_rubric




import staff_helpers as _helpers  # registered by conftest.py
RUBRIC_PATH, SHIPPED_RUBRIC, answers_for, notebook = (_helpers.RUBRIC_PATH, _helpers.SHIPPED_RUBRIC,
                                                      _helpers.answers_for, _helpers.notebook)
EXAMPLE = Path(__file__).resolve().parent.parent / "submissions_example/columbia_nndl_hw1/notebook_partial.ipynb"


def test_shipped_notebook_example_failing_middle_cell():
    report = grade(EXAMPLE, SHIPPED_RUBRIC)
    by_id = {i.id: i for i in report.items}
    assert report.run.status == "finished"
    assert by_id["hessian"].status == "passed"                 # cell 2, before the failure
    assert by_id["vhp-reverse-scalar"].status == "passed"      # cell 4, after it
    assert by_id["vhp-z"].status == "passed"
    forward = by_id["vhp-forward-hessian"]
    assert forward.status == "invalid"
    assert "cell 3, line 2" in forward.feedback and "NameError" in forward.feedback
    assert [(p.cell, p.line, p.kind) for p in report.run.problems] == [(3, 2, "NameError")]
    assert by_id["explanations"].status == "manual"
    assert "v v^T" in by_id["explanations"].evidence["answers"]["explanation_1_3"]


def test_cells_after_a_syntax_error_and_magics_still_count(tmp_path):
    rubric = load_rubric(RUBRIC_PATH)
    a = answers_for(rubric, None)
    path = tmp_path / "hw.ipynb"
    path.write_text(notebook([
        '%load_ext autoreload\n!pip install numpy\nASSIGNMENT = "staff-test-hw"',
        f"H = {a['H']}",
        "M = = 3   # does not parse",
        f"M_value = {a['M']}\nM = M_value\nH_vhp = {a['H_vhp']}",
        f"z = {a['z']}\nraise RuntimeError('a late error')",
    ]))
    report = grade(path, rubric)
    statuses = {i.id: i.status for i in report.items}
    assert statuses == {"hessian": "passed", "vhp-reverse-scalar": "passed", "vhp-forward-hessian": "passed",
                        "vhp-z": "passed", "explanations": "manual"}
    assert report.score == 13
    assert [(p.cell, p.kind) for p in report.run.problems] == [(3, "SyntaxError"), (5, "RuntimeError")]


def test_answers_come_from_the_end_state_in_cell_order(tmp_path):
    rubric = load_rubric(RUBRIC_PATH)
    a = answers_for(rubric, None)
    path = tmp_path / "hw.ipynb"
    path.write_text(notebook([f"z = [0, 0, 0]\nH = {a['H']}", f"z = {a['z']}"]))  # a later cell fixes z
    by_id = {i.id: i for i in grade(path, rubric).items}
    assert by_id["vhp-z"].status == "passed"
    assert by_id["vhp-reverse-scalar"].status == "invalid" and "`M` is missing" in by_id["vhp-reverse-scalar"].feedback


def test_broken_notebook_json_is_a_clear_message(tmp_path):
    path = tmp_path / "hw.ipynb"
    path.write_text('{"cells": [')
    report = grade(path, load_rubric(RUBRIC_PATH))
    assert report.run.status == "not_run" and "not valid .ipynb" in report.run.message
    assert report.score == 0


def test_cli_text_report_names_the_failing_cell():
    result = CliRunner().invoke(main, ["run", str(EXAMPLE), "--rubric", str(SHIPPED_RUBRIC), "--format", "text"],
                                catch_exceptions=False)
    assert result.exit_code == 0
    assert "cell 3, line 2: NameError" in result.output
    data = json.loads(CliRunner().invoke(main, ["run", str(EXAMPLE), "--rubric", str(SHIPPED_RUBRIC)]).output)
    assert data["submission"]["file"] == "notebook_partial.ipynb"
