"""Kind ``big_o``: classes graded by growth along directions."""

from __future__ import annotations

import pytest
import sympy

from grader.checkers import CheckContext, ReferenceProblem, checker_class

CHECKER = checker_class("big_o")
M, N = sympy.symbols("m n", positive=True, integer=True)
FORWARD = sympy.Order(2 * N**2 + M * N, (N, sympy.oo), (M, sympy.oo))  # as reference/costs.py returns it
CONTEXT = CheckContext(item_id="forward_time", seed=2)


def run(answer, expected=FORWARD, **options):
    return CHECKER(CHECKER.Options.model_validate(options)).judge({"forward_time": answer}, expected, CONTEXT)


@pytest.mark.parametrize("answer", ["O(n^2 + m*n)", "O(n**2 + n*m)", r"\mathcal{O}(n^2 + nm)", "n^2 + m*n",
                                    "O(n*(n + m))", "Theta(n^2 + m*n)", r"$O(n^2) + O(mn)$"])
def test_exact_class_passes(answer):
    verdict = run(answer)
    assert verdict.status == "passed" and verdict.feedback == "Correct."


def test_hessian_cost():
    assert run("O(n^2)", N**2).status == "passed"
    assert run("O(n)", N**2).diagnosis == "too_tight"


@pytest.mark.parametrize("answer, diagnosis", [
    ("O(n^3 + m*n^2)", "too_loose"),
    ("O(n^2*m)", "too_loose"),
    ("O(n^2)", "too_tight"),
    ("O(m*n)", "too_tight"),
    ("O(m^2)", "wrong_class"),
])
def test_wrong_classes(answer, diagnosis):
    verdict = run(answer)
    assert verdict.status == "failed" and verdict.diagnosis == diagnosis
    assert "n**2" not in verdict.feedback and "direction" in verdict.evidence


def test_too_tight_names_the_direction():
    verdict = run("O(n^2)")
    assert verdict.evidence["direction"] == {"m": "t", "n": "fixed"}
    assert "as m grows with n fixed" in verdict.feedback
    assert "(as n grows with m fixed)" in run("O(n^3 + m*n)").feedback
    assert "(as m and n grow together)" in run("O(n^2*m)").feedback  # same class along each axis alone


def test_unsimplified_forms_pass_with_a_note_or_partial_credit():
    verdict = run("O(3*n^2 + m*n + n)")
    assert verdict.status == "passed" and "lower-order terms n" in verdict.feedback and "(3)" in verdict.feedback
    verdict = run("2*n**2 + m*n")  # the exact count given as the class
    assert verdict.status == "passed" and verdict.evidence["constant_factors"] == ["2"]
    partial = run("O(n^2 + m*n + n)", simplified_form="partial", form_credit=0.75)
    assert partial.status == "partial" and partial.fraction == 0.75 and partial.diagnosis == "lower_order_terms"


def test_growth_variables_option():
    # with m a constant of the problem, O(n^2) is the class of 2n^2 + mn
    assert run("O(n^2)", variables=["n"]).status == "passed"
    with pytest.raises(ReferenceProblem):
        run("O(n^2)", variables=["k"])


def test_invalid_answers():
    assert run("O(n^2 q)").status == "invalid"  # an undeclared name
    assert run("O(n, m)").status == "invalid"
    assert run(42).status == "failed"  # a constant is O(1): too tight
