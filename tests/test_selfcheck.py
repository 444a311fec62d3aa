"""`grader check` (rubric self-test for staff CI) and `grader run --visible-only` (student self-check)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from grader.cli import main
from grader.rubric import load_rubric
from grader.selfcheck import check_rubric




import staff_helpers as _helpers  # registered by conftest.py
RUBRIC_PATH, SHIPPED_RUBRIC, source = _helpers.RUBRIC_PATH, _helpers.SHIPPED_RUBRIC, _helpers.source
ROOT = Path(__file__).resolve().parent.parent
HESSIAN_KEY = "answer_key = [[9, 3, 12], [3, 1, 4], [12, 4, 16]]"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _variant_of_rubric(tmp_path: Path, edit, name: str = "staff_hw.toml") -> Path:
    path = tmp_path / name
    path.write_text(edit(RUBRIC_PATH.read_text()))
    return path


def _errors(result) -> list:
    return [f for f in result.findings if f.level == "error"]


# ---------------------------------------------------------------- answer keys

def test_shipped_rubric_passes_and_reports_its_known_wrong_hessian_key():
    result = invoke("check", SHIPPED_RUBRIC, "--no-examples")
    assert result.exit_code == 0, result.output
    note = next(line for line in result.output.splitlines() if line.startswith("NOTE") and "'hessian'" in line)
    assert "does not match the reference" in note
    assert "variant(s) fall-2025-a, fall-2025-b (hessian_v = [3, 1, 4]" in result.output
    assert "Known and accepted (answer_key_errata)" in result.output
    assert re.search(r"ok\s+.*columbia_nndl_hw1.toml", result.output)


def test_wrong_key_without_errata_fails_with_an_actionable_message(tmp_path):
    path = _variant_of_rubric(tmp_path, lambda text: text)  # the test rubric records the key, no errata
    result = invoke("check", path, "--no-examples")
    assert result.exit_code == 1
    out = result.output
    assert out.startswith("ERROR") and "item 'hessian' (1.3)" in out
    assert "answer_key: [[9, 3, 12], [3, 1, 4], [12, 4, 16]]" in out
    assert "reference:  [[16, 8, 20], [8, 4, 10], [20, 10, 25]]" in out
    assert "(hessian_v = [4, 2, 5], hessian_x = [1, 4, 3], variant 'spring-2025')" in out
    assert "matches the reference for variant(s) fall-2025-a, fall-2025-b" in out
    assert "answer_key_errata" in out and "To fix" in out
    assert "'vhp-z'" not in out  # the 1.3.1 key [48, 12, 24] is right
    assert re.search(r"FAILED .*staff_hw.toml: \d+ reference runs, 2 answer keys", out)


def test_errata_on_a_right_key_is_reported_as_stale(tmp_path):
    def edit(text):
        return text.replace(HESSIAN_KEY, HESSIAN_KEY.replace("[[9, 3, 12], [3, 1, 4], [12, 4, 16]]", "[[16, 8, 20], [8, 4, 10], [20, 10, 25]]")
                            + '\nanswer_key_errata = "printed for another v"')

    result = check_rubric(_variant_of_rubric(tmp_path, edit))
    (error,) = _errors(result)
    assert "'hessian'" in error.where and "errata note is out of date" in error.message


def test_key_that_is_a_known_mistake_is_explained(tmp_path):
    v, x = np.array([4, 2, 5]), np.array([1, 4, 3])
    hx = (np.outer(v, v) @ x).tolist()
    result = check_rubric(_variant_of_rubric(tmp_path, lambda t: t.replace(HESSIAN_KEY, f"answer_key = {hx}")))
    (error,) = _errors(result)
    assert "known mistake 'hessian_times_x'" in error.message


def test_failing_reference_is_an_error_naming_the_variants(tmp_path):
    edit = lambda t: t.replace('args = { v = "vhp_v", y = "vhp_y" }\nanswer_key', 'args = { v = "vhp_v", y = "no_such_parameter" }\nanswer_key')  # noqa: E731
    result = check_rubric(_variant_of_rubric(tmp_path, edit))
    errors = [e for e in _errors(result) if "'vhp-z'" in e.where]
    assert errors and "no_such_parameter" in errors[0].message
    assert "spring-2025, fall-2025-a, fall-2025-b" in errors[0].message


def test_invalid_rubric_is_an_error_not_a_crash(tmp_path):
    path = _variant_of_rubric(tmp_path, lambda t: t.replace("points = 5", "points = -5"))
    result = invoke("check", path, "--no-examples")
    assert result.exit_code == 1
    assert "invalid rubric" in result.output and "'points'" in result.output


def test_json_output(tmp_path):
    result = invoke("check", RUBRIC_PATH, "--no-examples", "--json")
    data = json.loads(result.output)
    assert data[0]["ok"] is False and data[0]["findings"][0]["level"] == "error"


# ---------------------------------------------------------------- examples

def test_examples_are_compared_with_expected_toml(tmp_path):
    rubric = load_rubric(RUBRIC_PATH)
    fixed = _variant_of_rubric(tmp_path, lambda t: t.replace(HESSIAN_KEY, ""))  # no key problem to distract
    examples = tmp_path / "examples" / "staff_hw"
    examples.mkdir(parents=True)
    (examples / "correct.py").write_text(source(rubric, None, "correct"))
    (examples / "syntax.py").write_text(source(rubric, None, "syntax_error"))
    (examples / "unlisted.py").write_text(source(rubric, None, "correct"))
    (examples / "expected.toml").write_text(
        '[[submission]]\nfile = "correct.py"\nscore = 13\nstatuses = { hessian = "passed", explanations = "manual" }\n\n'
        '[[submission]]\nfile = "syntax.py"\nscore = 12\nstatuses = { vhp-reverse-scalar = "passed" }\n\n'
        '[[submission]]\nfile = "gone.py"\nscore = 0\n\n'
        '[[submission]]\nfile = "correct.py"\nscore = 13\ndiagnoses = { no-such-item = "x" }\n')
    result = check_rubric(fixed, tmp_path / "examples")
    by_where = {}
    for finding in result.findings:
        by_where.setdefault(finding.where.split("/")[-1], []).append(finding)
    (syntax,) = by_where["syntax.py"]
    assert syntax.level == "error"
    assert "score 11, expected 12" in syntax.message
    assert "item 'vhp-reverse-scalar': status invalid, expected passed" in syntax.message
    assert "update expected.toml" in syntax.message
    assert "correct.py" not in by_where
    assert by_where["unlisted.py"][0].level == "warning"
    errors = "\n".join(f.message for f in _errors(result))
    assert "gone.py does not exist" in errors and "unknown item id(s) ['no-such-item']" in errors
    assert result.examples_graded == 3 and not result.ok


def test_cli_check_of_the_shipped_rubric_and_examples_passes():
    result = invoke("check", SHIPPED_RUBRIC, "--examples", ROOT / "submissions_example")
    assert result.exit_code == 0, result.output
    line = next(l for l in result.output.splitlines() if "columbia_nndl_hw1.toml:" in l and "examples" in l)
    graded = int(re.search(r"(\d+) examples", line).group(1))
    assert graded >= 8  # the .py examples and notebook_partial.ipynb


# ---------------------------------------------------------------- student self-check

def test_visible_only_hides_hidden_items_and_their_points(tmp_path):
    rubric_path = _variant_of_rubric(tmp_path, lambda t: t.replace('id = "vhp-z"\n', 'id = "vhp-z"\nvisibility = "hidden"\n'))
    rubric = load_rubric(rubric_path)
    submission = tmp_path / "submission.py"
    submission.write_text(source(rubric, None, "correct"))
    full = json.loads(invoke("run", submission, "--rubric", rubric_path).output)
    visible = json.loads(invoke("run", submission, "--rubric", rubric_path, "--visible-only").output)
    assert "vhp-z" in [i["id"] for i in full["items"]] and full["score"] == 13
    assert "vhp-z" not in [i["id"] for i in visible["items"]]
    assert (visible["score"], visible["max_score"]) == (9, 9)
    text = invoke("run", submission, "--rubric", rubric_path, "--visible-only", "--format", "text").output
    assert "Vector-Hessian product" not in text and "Score: 9 / 9" in text
    gradescope = json.loads(invoke("run", submission, "--rubric", rubric_path, "--visible-only", "--format", "gradescope").output)
    assert [t["number"] for t in gradescope["tests"]] == ["1.3", "1.3.1", "1.3.1", "1.3"]
