"""Kind ``function``: outputs of a submitted function on probe inputs, compared with reference outputs."""

from __future__ import annotations

import numpy as np
import pytest

from grader.answers import CallResult
from grader.checkers import CheckContext, ReferenceProblem, checker_class
from grader.grading import FunctionResults

CHECKER = checker_class("function")
CONTEXT = CheckContext(item_id="fit", seed=0)
EXPECTED = {"outputs": [np.array([1.0, 2.0]), np.array([3.0, -1.0, 0.5])], "labels": ["small case", "big case"]}


def results(*values, errors=None):
    calls = []
    for i, value in enumerate(values):
        if errors and i in errors:
            calls.append(CallResult(ok=False, error=errors[i]))
        elif value is None:
            calls.append(None)
        else:
            calls.append(CallResult(ok=True, value=value))
    return {"fit_poly": FunctionResults(name="fit_poly", inputs=[[1], [2]], results=calls)}


def check(answers, expected=EXPECTED, **options):
    return CHECKER(CHECKER.Options.model_validate(options)).judge(answers, expected, CONTEXT)


def test_all_cases_right_passes_whatever_the_vector_orientation():
    verdict = check(results(np.array([[1.0], [2.0]]), [3, -1, 0.5]))
    assert verdict.status == "passed"
    assert "2 test cases" in verdict.feedback


def test_one_wrong_case_is_named_by_label_without_the_expected_values():
    verdict = check(results([1.0, 2.0], [3.0, -1.0, 0.7]))
    assert verdict.status == "failed" and verdict.diagnosis == "wrong_values"
    assert verdict.evidence["failing_cases"] == ["big case"]
    assert "big case" in verdict.feedback and "0.5" not in verdict.feedback


def test_partial_option_awards_the_share_of_passing_cases():
    verdict = check(results([1.0, 2.0], [0, 0, 0]), partial=True)
    assert verdict.status == "partial" and verdict.fraction == pytest.approx(0.5)


def test_an_exception_is_reported_with_its_message():
    verdict = check(results([1.0, 2.0], None, errors={1: "LinAlgError: Singular matrix"}))
    assert verdict.diagnosis == "raises"
    assert "Singular matrix" in verdict.feedback


def test_a_call_that_never_ran_counts_as_failed():
    verdict = check(results([1.0, 2.0], None))
    assert verdict.status == "failed" and verdict.diagnosis == "raises"


def test_wrong_shape_is_diagnosed():
    verdict = check(results([1.0, 2.0, 3.0], [3.0, -1.0, 0.5]))
    assert verdict.diagnosis == "wrong_shape"
    assert "shape (3,)" in verdict.feedback


def test_the_same_factor_in_every_case_is_a_constant_factor():
    verdict = check(results([2.0, 4.0], [6.0, -2.0, 1.0]))
    assert verdict.diagnosis == "constant_factor"
    assert verdict.evidence["factor"] == "2"


def test_norm_comparison_tolerates_small_entrywise_noise_in_large_vectors():
    expected = {"outputs": [np.array([1000.0, 1e-3])]}
    answer = {"f": FunctionResults(name="f", inputs=[[0]], results=[CallResult(ok=True, value=[1000.0, 2e-3])])}
    assert check(answer, expected, rtol=1e-5).status == "failed"
    assert check(answer, expected, rtol=1e-5, compare="norm").status == "passed"


def test_non_numeric_output_is_a_failed_case_not_a_crash():
    verdict = check(results("weights", [3, -1, 0.5]))
    assert verdict.status == "failed" and verdict.evidence["failing_cases"] == ["small case"]


def test_a_value_instead_of_a_function_is_invalid():
    assert check({"fit_poly": [1.0, 2.0]}).status == "invalid"


def test_reference_with_wrong_number_of_outputs_is_a_reference_problem():
    with pytest.raises(ReferenceProblem):
        check(results([1.0, 2.0], [3, -1, 0.5]), expected=[np.zeros(2)])
