"""Kind ``claim``: a verifier from the reference decides the student's claim."""

from __future__ import annotations

import pytest

from grader.checkers import CheckContext, ReferenceProblem, get_checker

CHECKER = get_checker("claim")
CONTEXT = CheckContext(item_id="claim", seed=0)


def verifier(answers):
    claim = answers["claim"]
    if not isinstance(claim, dict) or "n" not in claim:
        raise ValueError("the claim needs the key 'n'")
    return claim["n"] % 2 == 0, {"n": claim["n"], "measured": 0.25}


def test_a_claim_that_holds_passes_and_reports_the_evidence():
    verdict = CHECKER.judge({"claim": {"n": 4}}, verifier, CONTEXT)
    assert verdict.status == "passed"
    assert verdict.evidence == {"n": 4, "measured": 0.25}


def test_a_refuted_claim_fails_with_a_diagnosis_and_the_measurements():
    verdict = CHECKER.judge({"claim": {"n": 3}}, verifier, CONTEXT)
    assert verdict.status == "failed" and verdict.diagnosis == "claim_refuted"
    assert "measured = 0.25" in verdict.feedback


def test_a_malformed_claim_is_invalid_with_the_verifiers_message():
    verdict = CHECKER.judge({"claim": [1, 2]}, verifier, CONTEXT)
    assert verdict.status == "invalid"
    assert "needs the key 'n'" in verdict.feedback


def test_a_verifier_bug_is_a_reference_problem():
    def broken(answers):
        raise KeyError("oops")

    with pytest.raises(ReferenceProblem):
        CHECKER.judge({"claim": {"n": 2}}, broken, CONTEXT)


def test_a_reference_that_is_not_callable_is_a_reference_problem():
    with pytest.raises(ReferenceProblem):
        CHECKER.judge({"claim": {"n": 2}}, 42, CONTEXT)


def test_the_double_descent_verifier_confirms_and_refutes_real_claims():
    from nn_reference.poly_regression import more_data_hurts_claim

    verify = more_data_hurts_claim(trials=15)
    near_threshold = CHECKER.judge({"c": {"n1": 5, "n2": 11, "d": 10}}, verify, CONTEXT)
    plenty_of_data = CHECKER.judge({"c": {"n1": 20, "n2": 40, "d": 10}}, verify, CONTEXT)
    backwards = CHECKER.judge({"c": {"n1": 11, "n2": 5, "d": 10}}, verify, CONTEXT)
    assert near_threshold.status == "passed"
    assert plenty_of_data.diagnosis == "claim_refuted"
    assert backwards.status == "invalid" and "n1 < n2" in backwards.feedback
