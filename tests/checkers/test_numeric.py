"""Kinds scalar, vector, matrix: tolerances, shapes, named wrong entries, diagnoses."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from grader.checkers import CheckContext, ReferenceProblem, checker_class

CTX = CheckContext("item", 0)


def check(kind, answer, expected, **options):
    checker = checker_class(kind)
    return checker(checker.Options(**options)).judge({"a": answer}, expected, CTX)


A = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


def test_matrix_accepts_lists_arrays_and_sympy_references():
    assert check("matrix", A, sp.Matrix(A)).status == "passed"
    assert check("matrix", np.array(A), A).status == "passed"
    assert check("matrix", [[1, 2, 3], [4, 5, 6.0000001]], A).status == "passed"
    assert check("matrix", [[1, 2, 3], [4, 5, 6.001]], A).status == "failed"


def test_transposed_shape_is_recognised():
    verdict = check("matrix", np.array(A).T.tolist(), A)
    assert verdict.diagnosis == "transposed" and "transpose" in verdict.feedback


def test_square_transpose_is_recognised():
    square = [[1, 2], [3, 4]]
    verdict = check("matrix", [[1, 3], [2, 4]], square)
    assert verdict.diagnosis == "transposed"


def test_other_wrong_shape():
    verdict = check("matrix", [1, 2, 3, 4, 5, 6], A)
    assert verdict.diagnosis == "wrong_shape" and "2 x 3" in verdict.feedback


def test_sign_and_factor_diagnoses():
    assert check("matrix", (-np.array(A)).tolist(), A).diagnosis == "sign_error"
    verdict = check("matrix", (np.array(A) / 2).tolist(), A)
    assert verdict.diagnosis == "constant_factor" and verdict.evidence["factor"] == "1/2"
    assert check("scalar", 13, 12).diagnosis is None  # 13/12 is no diagnosis for one number
    assert check("scalar", 24, 12).diagnosis == "constant_factor"


def test_wrong_entries_are_named_without_values():
    verdict = check("matrix", [[1, 2, 3], [4, 50, 6]], A)
    assert verdict.evidence["wrong_entries"] == [[2, 2]]
    assert "row 2, column 2" in verdict.feedback and "5" not in verdict.feedback.replace("row 2, column 2", "")


def test_per_entry_credit():
    verdict = check("matrix", [[1, 2, 3], [4, 50, 60]], A, per_entry_credit=True)
    assert verdict.status == "partial" and verdict.fraction == pytest.approx(4 / 6)


def test_vector_orientation_is_lenient():
    for answer in ([1, 2, 3], [[1], [2], [3]], [[1, 2, 3]], np.array([1.0, 2.0, 3.0])):
        assert check("vector", answer, sp.Matrix([1, 2, 3])).status == "passed"
    assert check("vector", [1, 2], [1, 2, 3]).diagnosis == "wrong_shape"


def test_scalar_forms_and_tolerance():
    for answer in (12, 12.0, [12], np.array([[12.0]])):
        assert check("scalar", answer, sp.Integer(12)).status == "passed"
    assert check("scalar", 0.3333333, sp.Rational(1, 3), rtol=1e-6).status == "passed"
    assert check("scalar", 0.33, sp.Rational(1, 3), rtol=1e-6).status == "failed"


@pytest.mark.parametrize("answer", [float("nan"), float("inf"), "12 or 13", None, True])
def test_scalar_rejects_non_numbers(answer):
    assert check("scalar", answer, 12).status == "invalid"


def test_unusable_reference_is_a_reference_problem():
    with pytest.raises(ReferenceProblem):
        check("matrix", A, "not a matrix")
    with pytest.raises(ReferenceProblem):
        check("scalar", 1, [1, 2])


def test_a_number_in_quotes_is_that_number():
    assert check("scalar", "12", 12).status == "passed"
    assert check("scalar", "-0.5", -0.5).status == "passed"
    assert check("scalar", "\u22120.5", -0.5).status == "passed"  # a minus sign pasted from a PDF
    assert check("scalar", "twelve", 12).status == "invalid"


def test_most_entries_wrong_are_counted_not_placed():
    # an all-zero answer must not learn where the key's zeros are
    key = np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]])
    verdict = check("matrix", np.zeros((2, 3)), key)
    assert verdict.status == "failed" and "3 of 6" in verdict.feedback and "row" not in verdict.feedback
    one = check("matrix", [[1, 0, 2], [0, 3, 1]], key)
    assert "row 2, column 3" in one.feedback
