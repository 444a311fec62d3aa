"""Kind ``relation``: conditions compared as sets, with counterexamples."""

from __future__ import annotations

import pytest
import sympy

from grader.checkers import CheckContext, ReferenceProblem, checker_class

CHECKER = checker_class("relation")
M, N = sympy.symbols("m n", positive=True, integer=True)
FORWARD_BETTER = sympy.StrictGreaterThan(M, N)  # as reference/costs.py returns it
CONTEXT = CheckContext(item_id="forward_better", seed=4)


def run(answer, expected=FORWARD_BETTER, **options):
    return CHECKER(CHECKER.Options.model_validate(options)).judge({"forward_better_when": answer}, expected, CONTEXT)


@pytest.mark.parametrize("answer", ["m > n", "n < m", "m - n > 0", "m >= n + 1", r"m \gt n", "m/n > 1",
                                    "2*n**2 + m*n < 3*m*n"])
def test_equivalent_conditions_pass(answer):
    assert run(answer).status == "passed"


def test_seed_000_conclusion_gets_a_counterexample():
    verdict = run("n == 1 and m > 1")
    assert verdict.status == "failed" and verdict.diagnosis == "wrong_region"
    assert verdict.evidence["counterexample"] == {"m": 3, "n": 2}
    assert verdict.evidence["your_condition_holds"] is False
    assert "m = 3, n = 2" in verdict.feedback and "m > n" not in verdict.feedback


def test_strict_and_reversed():
    boundary = run("m >= n")
    assert boundary.diagnosis == "boundary" and boundary.evidence["counterexample"] == {"m": 1, "n": 1}
    assert run("m < n").diagnosis == "reversed"


def test_reference_dict_and_domains():
    x = sympy.Symbol("x")
    assert run("x > 2", {"relation": x > 2, "symbols": {"x": "real"}}).status == "passed"
    assert run("x >= 3", {"relation": x > 2, "symbols": {"x": "real"}}).status == "failed"
    assert run("x >= 3", {"relation": x > 2, "symbols": {"x": "natural"}}).status == "passed"  # integers


@pytest.mark.parametrize("answer", ["m + n", "m >", "forward", 3, None])
def test_invalid_answers(answer):
    assert run(answer).status == "invalid"


def test_non_relation_reference_is_a_reference_problem():
    with pytest.raises(ReferenceProblem):
        run("m > n", M + N)
    with pytest.raises(ReferenceProblem):
        run("m > n", sympy.Symbol("m"))


def test_boundary_only_when_flipping_strictness_repairs_the_answer():
    # On whole numbers m > n - 1 is m >= n: it differs from m > n only where m = n, but flipping its own
    # strictness (m >= n - 1) does not give the expected set either, so the fix "strict vs non-strict"
    # does not apply and earns nothing.
    for answer in ("m > n - 1", "m > n - 1/2", "m + 1 > n"):
        verdict = run(answer)
        assert verdict.status == "failed" and verdict.diagnosis == "wrong_region", answer
        assert verdict.evidence["counterexample"] == {"m": 1, "n": 1}
    for answer in ("n <= m", "m >= n and n >= 1", "m >= n or m > 2*n"):
        assert run(answer).diagnosis == "boundary", answer


def test_the_students_own_boundary_on_the_wrong_side_is_boundary_too():
    # m > n + 1 on whole numbers is m >= n + 2; m >= n + 1 is exactly m > n: one strictness change repairs it
    verdict = run("m > n + 1")
    assert verdict.diagnosis == "boundary" and verdict.evidence["counterexample"] == {"m": 2, "n": 1}
    assert run("m > n + 2").diagnosis == "wrong_region"  # no strictness change repairs this one
