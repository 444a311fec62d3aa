"""Kind ``count``: exact counts compared as polynomials."""

from __future__ import annotations

import pytest
import sympy

from grader.checkers import CheckContext, checker_class

CHECKER = checker_class("count")
M, N = sympy.symbols("m n", positive=True, integer=True)
CONTEXT = CheckContext(item_id="reverse_mults", seed=1)


def run(answer, expected, **options):
    return CHECKER(CHECKER.Options.model_validate(options)).judge({"reverse_mults": answer}, expected, CONTEXT)


@pytest.mark.parametrize("answer", ["3*m*n", "3*n*m", "m*n + m*n + m*n", r"$3mn$", r"$3 n m$", "3*m*n + 0"])
def test_equal_counts_pass(answer):
    assert run(answer, 3 * M * N).status == "passed"


def test_forward_mode_count():
    assert run("2*n**2 + m*n", 2 * N**2 + M * N).status == "passed"
    assert run("n^2 + n^2 + n*m", 2 * N**2 + M * N).status == "passed"
    verdict = run("n**2 + m*n", 2 * N**2 + M * N)  # forgot one of the two n**2 steps: a changed
    assert verdict.status == "failed" and verdict.diagnosis == "leading_term"  # coefficient, no credit
    verdict = run("m*n", 2 * N**2 + M * N)  # the whole leading part is missing: not one term away
    assert verdict.diagnosis == "leading_term"  # described, never credited (CountChecker.descriptive_diagnoses)


@pytest.mark.parametrize("answer, diagnosis", [
    ("6*m*n", "constant_factor"),
    ("3*m*n + n", "extra_term"),
    ("n**2", "leading_term"),
    ("m*n**2", "wrong_degree"),  # a factor m the rubric does not list: simply wrong
    ("n", "wrong_degree"),
    ("1", "wrong_degree"),  # 1, m and 3 for 3mn: described, no credit (their ratio is a monomial, nothing more)
    ("m", "wrong_degree"),
    ("3", "wrong_degree"),
    ("n**3", "wrong_degree"),
    ("-3*m*n", "sign_error"),
    ("-6*m*n", "two_slips"),
])
def test_wrong_counts_are_named_without_the_answer(answer, diagnosis):
    verdict = run(answer, 3 * M * N)
    assert verdict.status == "failed" and verdict.diagnosis == diagnosis
    assert "3*m*n" not in verdict.feedback and "3mn" not in verdict.feedback.replace("*", "")


def test_missing_term_of_the_forward_mode_count():
    verdict = run("2*n**2 + m*n", 2 * N**2 + M * N + N)
    assert verdict.diagnosis == "missing_term" and "one term is missing" in verdict.feedback
    assert run("2*n**2", 2 * N**2 + M * N).diagnosis == "leading_term"  # m*n is of leading degree


def test_lower_order_terms_differ():
    verdict = run("n**2 + n*m + 2*n", N**2 + N * M + N)  # a changed coefficient: no whole term is extra
    assert verdict.diagnosis == "lower_order_terms"
    assert run("n**2 + n*m + n + 1", N**2 + N * M + N).diagnosis == "extra_term"
    verdict = run("n**2 + n*m + 2*n + 1", N**2 + N * M + N)  # two lower-order slips: described, no credit
    assert verdict.diagnosis == "lower_order_terms" and "leading term is right" in verdict.feedback
    assert "lower_order_terms" in CHECKER.descriptive_diagnoses


def test_glove_parameter_count_and_integers():
    v, d = sympy.symbols("V d", positive=True, integer=True)
    assert run("V*(2*d + 2)", v * (2 * d + 2)).status == "passed"
    assert run("2*V*d + 2*V", v * (2 * d + 2)).status == "passed"
    # one of two V forgotten changes a coefficient: no whole term is missing or extra (described only)
    assert run("V*(2*d + 1)", v * (2 * d + 2)).diagnosis == "lower_order_terms"
    assert run("V*(2*d + 3)", v * (2 * d + 2)).diagnosis == "lower_order_terms"
    assert run("2*V*d", v * (2 * d + 2)).diagnosis == "missing_term"
    assert run(5, sympy.Integer(5)).status == "passed"


def test_non_polynomial_counts_fall_back_to_expression_equivalence():
    assert run("n*log(n)/log(2)", N * sympy.log(N, 2)).status == "passed"
    assert run("n*log(n)", N * sympy.log(N, 2)).diagnosis is None  # a factor log(2) is not a listed factor
    assert run("2*n*log(n)/log(2)", N * sympy.log(N, 2)).diagnosis == "constant_factor"


def test_invalid_answers():
    assert run("3mn", 3 * M * N).status == "passed"  # the one split of mn into declared names
    assert run("3mnq", 3 * M * N).status == "invalid"
    verdict = run("O(m*n)", 3 * M * N)  # a count, not a class
    assert verdict.status == "invalid" and "exact count" in verdict.feedback
    assert run([3], 3 * M * N).status == "invalid"


def test_symbols_default_to_natural_numbers():
    m, n = sympy.symbols("m n")  # no assumptions in the reference
    assert run("3*m*n", 3 * m * n).status == "passed"
