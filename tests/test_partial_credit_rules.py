"""Partial credit follows the mistake: one focused test per misfire class of issue 13.

Each test names the class it guards; the rules are in docs/partial-credit.md.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from grader.api import _alternatives, compute_expected
from grader.checkers import CheckContext, Verdict, checker_class
from grader.grading import Alternatives, Expected, grade_item
from grader.repairs import Repairs
from grader.rubric import Item
from grader.variants import parameters_for, variant_for

SIGMA = sympy.Symbol("sigma", positive=True)
D, N, M = sympy.symbols("d n m", integer=True, positive=True)
LOSS = SIGMA**2 * (1 - D / N)


def check(kind, answer, expected, repairs=None, **options):
    checker = checker_class(kind)
    context = CheckContext(item_id="q", seed=5, repairs=repairs)
    return checker(checker.Options.model_validate(options)).judge({"a": answer}, expected, context)


# ----------------------------------------------------------- a ratio that is a monomial is not a factor


@pytest.fixture
def toronto_rubric():
    from pathlib import Path

    from grader.rubric import load_rubric

    return load_rubric(Path(__file__).resolve().parent.parent / "rubrics" / "toronto_csc413_a1.toml")


@pytest.mark.parametrize("answer", ["1", "m", "3", "n", "3*m", "3*m*n**2"])
def test_count_answers_whose_ratio_is_a_monomial_earn_nothing(answer):
    verdict = check("count", answer, 3 * M * N)
    assert verdict.status == "failed" and verdict.diagnosis in checker_class("count").descriptive_diagnoses
    # even a rubric that lists the description gets no credit for it
    item = _item(kind="count", options={}, partial_credit={verdict.diagnosis: 0.5, "constant_factor": 0.5},
                 repairs={})
    assert _grade(item, answer, expected=3 * M * N).score == 0


@pytest.mark.parametrize("answer", ["sigma", "1 - d/n", "sigma*(1 - d/n)", "sigma**2*(1 - d/n)*n/d"])
def test_expression_answers_off_by_an_unlisted_factor_earn_nothing(answer):
    assert check("expression", answer, LOSS, symbols={"sigma": "positive"}).diagnosis is None


def test_a_listed_symbolic_factor_is_named_as_written():
    verdict = check("expression", "sigma**2*(n - d)", LOSS, Repairs(factors=("1/n",)), symbols={"sigma": "positive"})
    assert verdict.diagnosis == "constant_factor" and "a factor 1/n is missing" in verdict.feedback


# ----------------------------------------------------------- every wrong number is not "a constant factor"


@pytest.mark.parametrize("answer, diagnosis", [(36, None), (4, None), (8, None), (13, None), (24, "constant_factor"),
                                               (6, "constant_factor"), (-12, "sign_error"), (-24, "two_slips")])
def test_wrong_numbers_are_a_factor_only_when_the_factor_is_listed(answer, diagnosis):
    verdict = check("scalar", answer, 12)
    assert verdict.diagnosis == diagnosis
    assert "12" not in verdict.feedback and "1/2" not in verdict.feedback  # a named factor would give 12 away


def test_expression_with_a_number_expected():
    assert check("expression", "7", sympy.Integer(3)).diagnosis is None  # no "constant offset" for numbers
    assert check("expression", "6", sympy.Integer(3)).diagnosis == "constant_factor"


# ----------------------------------------------------------- two slips never earn more than one


def _item(**update) -> Item:
    base = dict(id="q", question="1", title="t", points=4, kind="expression", answers=["a"], reference="x:y",
                partial_credit={"constant_factor": 0.5, "sign_error": 0.5}, options={"symbols": {"sigma": "positive"}},
                repairs={"factors": ["1/n"]})
    base.update(update)
    return Item.model_validate(base)


def _grade(item, answer, alternatives=None, expected=LOSS):
    return grade_item(item, {"a": answer}, None, Expected(expected), alternatives or Alternatives(),
                      CheckContext(item.id, 0))


def test_sign_and_dropped_factor_earn_less_than_the_sign_alone():
    item = _item()
    sign = _grade(item, "-sigma**2*(1 - d/n)")
    both = _grade(item, "-sigma**2*(n - d)")
    assert (sign.diagnosis, sign.score) == ("sign_error", 2.0)
    assert (both.diagnosis, both.score) == ("two_slips", 0.0)
    assert both.evidence["slips"] == ["sign_error", "constant_factor"]


def test_a_two_slip_share_is_capped_by_each_slip_alone():
    generous = _item(repairs={"factors": ["1/n"], "two_slips": 0.9})
    assert _grade(generous, "-sigma**2*(n - d)").score == pytest.approx(4 * 0.5)
    modest = _item(repairs={"factors": ["1/n"], "two_slips": 0.25})
    assert _grade(modest, "-sigma**2*(n - d)").score == pytest.approx(1.0)


def test_repairs_are_validated_in_the_rubric():
    with pytest.raises(ValueError):
        _item(repairs={"factors": ["1"]})
    with pytest.raises(ValueError):
        _item(repairs={"factors": ["import os"]})
    with pytest.raises(ValueError):
        _item(repairs={"factor": ["2"]})


# ----------------------------------------------------------- one term, never the leading one


def test_one_term_of_a_polynomial_alone_is_not_a_missing_term():
    assert check("count", "m", 2 * M * N + M).diagnosis == "wrong_degree"
    assert check("count", "2*m*n", 2 * M * N + M).diagnosis == "missing_term"


def test_a_changed_coefficient_is_not_a_missing_or_extra_term():
    # the term must be one of a side's expanded terms, with its own coefficient (col-fmm-09/13,
    # col-fmem-08, col-rmm-14, tor-tne-06): forgetting one of two m*n steps changes a coefficient
    assert check("count", "m*n + m", 2 * M * N + M).diagnosis == "leading_term"
    assert check("count", "2*m*n + m", 3 * M * N + M).diagnosis == "leading_term"
    assert check("count", "m*n", 3 * M * N).diagnosis == "leading_term"
    assert check("count", "n**2 + 2*n + m*n", N**2 + N + M * N).diagnosis == "lower_order_terms"
    assert check("count", "n**2 + n + m*n + m", N**2 + N + M * N).diagnosis == "extra_term"


def test_a_term_of_leading_degree_is_never_one_term():
    # col-fmm-07, col-fmem-06, col-rmm-24: m*n or n**2 is of the top total degree
    assert check("count", "2*n**2", 2 * N**2 + M * N).diagnosis == "leading_term"
    assert check("count", "n**2 + n", N**2 + N + M * N).diagnosis == "leading_term"
    assert check("count", "3*m*n + n**2", 3 * M * N).diagnosis == "leading_term"
    assert check("count", "3*m*n + n", 3 * M * N).diagnosis == "extra_term"


def test_terms_can_be_turned_off():
    assert check("count", "2*m*n", 2 * M * N + M, Repairs(terms=False)).diagnosis == "lower_order_terms"


# ----------------------------------------------------------- undefined is not agreement


def test_relation_defined_at_few_points_is_not_right():
    # log(m - 29) > 0 is defined only for m = 30 on 1..30: never "agrees" with m > n by default
    verdict = check("relation", "log(m - 29) > log(n - 29)", M > N)
    assert verdict.status in ("failed", "invalid") and verdict.fraction == 0
    undefined = check("relation", "1/(m - n) > 0", M > N)
    assert undefined.status == "failed" and undefined.diagnosis == "undefined"
    assert undefined.evidence["counterexample"]["m"] == undefined.evidence["counterexample"]["n"]


def test_big_o_undefined_along_a_direction_is_not_the_class():
    verdict = check("big_o", "O(n*sqrt(m - n))", M * N)
    assert verdict.status == "failed" and verdict.diagnosis == "undefined_value"
    assert check("big_o", "O(n*m)", M * N).status == "passed"


def test_expression_undefined_where_the_expected_one_is_defined():
    x = sympy.Symbol("x", real=True)
    assert check("expression", "sqrt(x)**2", x).diagnosis == "undefined_value"


def test_count_fallback_undefined():
    verdict = check("count", "n*log(n) + 0*sqrt(n - 5)", N * sympy.log(N))
    assert verdict.status == "failed" and verdict.diagnosis == "undefined_value"


# ----------------------------------------------------------- assumptions and regimes


@pytest.mark.parametrize("answer", ["sigma**2*max(0, 1 - d/n)", "sigma**2*(n - min(n, d))/n", "sigma**2*abs(n - d)/n"])
def test_a_regime_aware_answer_is_right_inside_the_regime(answer):
    assert check("expression", answer, LOSS, symbols={"sigma": "positive"}).status == "failed"  # no regime declared
    inside = check("expression", answer, LOSS, symbols={"sigma": "positive"}, assumptions=["n > d"])
    assert inside.status == "passed"


def test_every_counterexample_satisfies_the_assumptions():
    for seed, answer in enumerate(["sigma**2*(1 - d/(n+1))", "sigma**2", "sigma*(1 - d/n)", "d/n", "1/(n - d - 1)"]):
        checker = checker_class("expression")
        options = checker.Options.model_validate({"symbols": {"sigma": "positive"}, "assumptions": ["n > d"]})
        verdict = checker(options).judge({"a": answer}, LOSS, CheckContext("q", seed))
        point = verdict.evidence["counterexample"]
        assert point["n"] > point["d"], (answer, point)


def test_relation_counterexamples_satisfy_the_assumptions():
    verdict = check("relation", "m > 2*n", M > N, assumptions=["m > 3"])
    assert verdict.status == "failed" and verdict.evidence["counterexample"]["m"] > 3


def test_big_o_follows_only_directions_inside_the_regime():
    # with n > d, n*d + n**2 is O(n**2); without the regime d may outgrow n
    assert check("big_o", "O(n**2)", N * D + N**2, assumptions=["n > d"]).status == "passed"
    assert check("big_o", "O(n**2)", N * D + N**2).status == "failed"


def test_toronto_regimes_are_declared(toronto_rubric):
    under = toronto_rubric.item("1.2.2-expected-loss").checker_options()
    over = toronto_rubric.item("1.3.3-expected-loss").checker_options()
    assert under.assumptions == ("n > d",) and over.assumptions == ("d > n",)


def test_toronto_regime_aware_answers_pass_through_the_pipeline(toronto_rubric):
    item = toronto_rubric.item("1.2.2-expected-loss")
    parameters = parameters_for(toronto_rubric, None)
    expected = compute_expected(item.reference_call(), parameters)
    report = grade_item(item, {"expected_loss_under": "sigma^2*max(0, 1 - d/n)"}, None, expected, Alternatives(),
                        CheckContext(item.id, 0, parameters))
    assert report.status == "passed"
    wrong = grade_item(item, {"expected_loss_under": "sigma^2*(1 - d/(n+1))"}, None, expected, Alternatives(),
                       CheckContext(item.id, 0, parameters))
    assert wrong.evidence["counterexample"]["n"] > wrong.evidence["counterexample"]["d"]
    dropped = grade_item(item, {"expected_loss_under": "sigma^2*(n - d)"}, None, expected, Alternatives(),
                         CheckContext(item.id, 0, parameters))
    assert (dropped.diagnosis, dropped.status) == ("constant_factor", "partial")


# ----------------------------------------------------------- alternatives only raise


def test_a_known_mistake_never_lowers_the_checker_credit():
    from grader.rubric import KnownMistake

    item = _item()
    mistake = KnownMistake(name="some_mistake", reference="x:y", feedback="A known slip.", credit=0.0)
    # the answer is both "a listed factor off" (0.5) and matches a zero-credit known mistake
    alternatives = Alternatives(mistakes=[(mistake, Expected(SIGMA**2 * (N - D)))])
    report = _grade(item, "sigma**2*(n - d)", alternatives)
    assert report.score == pytest.approx(2.0) and report.diagnosis == "constant_factor"
    generous = KnownMistake(name="some_mistake", reference="x:y", feedback="A known slip.", credit=0.75)
    report = _grade(item, "sigma**2*(n - d)", Alternatives(mistakes=[(generous, Expected(SIGMA**2 * (N - D)))]))
    assert report.score == pytest.approx(3.0) and report.diagnosis == "some_mistake"


def test_matching_another_variant_never_scores_below_the_checker_alone():
    item = _item()
    alternatives = Alternatives(variants=[("other", Expected(SIGMA**2 * (N - D)))])
    report = _grade(item, "sigma**2*(n - d)", alternatives)
    assert report.score == pytest.approx(2.0)  # the checker's constant_factor, not the variant's 0
    shared = _item(partial_credit={"constant_factor": 0.5, "other_variant": 0.75})
    report = _grade(shared, "sigma**2*(n - d)", alternatives)
    assert (report.diagnosis, report.score) == ("other_variant", pytest.approx(3.0))


def test_variant_numbers_in_the_shipped_rubric(columbia_rubric):
    item = columbia_rubric.item("vhp-z")
    term = "fall-2025"  # variants live inside a term (issue 17)
    student = next(f"s{i}" for i in range(100) if variant_for(columbia_rubric, f"s{i}", term).name == "fall-2025-b")
    variant = variant_for(columbia_rubric, student, term)
    parameters = parameters_for(columbia_rubric, variant, term)
    answers = {"z": [48, 12, 24]}
    report = grade_item(item, answers, None, compute_expected(item.reference_call(), parameters),
                        _alternatives(item, columbia_rubric, parameters, variant, term), CheckContext(item.id, 0, parameters))
    alone = grade_item(item, answers, None, compute_expected(item.reference_call(), parameters), Alternatives(),
                       CheckContext(item.id, 0, parameters))
    assert report.score >= alone.score


# ----------------------------------------------------------- feedback names factors symbolically


def test_dropped_one_over_k_is_named_1_over_k_never_its_value():
    from nn_reference.backprop import quantity

    dl_dyhat = quantity("nyu", "adjoint", "y_hat", f="tanh", g="sigmoid", loss="bce")
    verdict = check("matrix_expression", "-y / y_hat + (1 - y) / (1 - y_hat)", dl_dyhat, Repairs(factors=("1/K",)))
    assert "1/K" in verdict.feedback
    assert not any(f"1/{k}" in verdict.feedback for k in range(2, 10))


def test_verdict_contract_is_unchanged():
    assert Verdict.failed("x", diagnosis="two_slips", slips=["sign_error", "constant_factor"]).evidence["slips"]
    assert np.isfinite(0.0)


# ----------------------------------------------------------- a bound undefined on part of the domain


def test_a_bound_undefined_for_small_sizes_is_not_accepted():
    # col-hm-13: sqrt(n - 1000) is not real for n < 1000, although it is for every large n
    verdict = check("big_o", "O(n**2 + sqrt(n - 1000))", N**2, variables=["n"])
    assert verdict.status == "failed" and verdict.diagnosis == "undefined_value"
    assert verdict.evidence["counterexample"]["n"] < 1000
    assert check("big_o", "O(n**2 + sqrt(n))", N**2, variables=["n"]).status == "passed"
    assert check("big_o", "O(n**2 * log(n))", N**2 * sympy.log(N), variables=["n"]).status == "passed"
    # the witness respects the item's assumptions
    verdict = check("big_o", "O(n*d + sqrt(n - 2*d))", N * D, variables=["n", "d"], assumptions=["n > 2*d"])
    assert verdict.status == "passed"


# ----------------------------------------------------------- the best single verified fix wins


def _network_report(rubric, item_id, answers, term):
    item = rubric.item(item_id)
    variant = variant_for(rubric, "s0", term)
    parameters = parameters_for(rubric, variant, term)
    return grade_item(item, answers, None, compute_expected(item.reference_call(), parameters), Alternatives(),
                      CheckContext(item.id, 0, parameters))


def test_an_output_bias_off_earns_bias_off_not_the_cheaper_wrong_k(columbia_rubric):
    # col-net-09/10: the output threshold of the 2nd-largest design moved; changing only that bias
    # repairs it (bias_off 0.7), although the network also computes another k (wrong_k 0.3)
    from nn_reference import networks as R

    key = R.design_kth_largest(4, 2)
    for b2 in (0, key["b2"] - 1):
        report = _network_report(columbia_rubric, "hard-coded-network", {**key, "b2": b2}, "spring-2025")
        assert (report.diagnosis, report.score) == ("bias_off", pytest.approx(7.0)), report.feedback
    # a design for k = 3 whose bias is right is wrong everywhere else: no bias fix, no credit inflation
    assert _network_report(columbia_rubric, "hard-coded-network", {**key, "w2": [0, 0, 0]},
                           "spring-2025").diagnosis != "bias_off"


def test_hidden_layer_right_beats_inverted_output(columbia_rubric):
    # col-si-07: the output unit inverted (inverted_output 0.3) with a right hidden layer (0.4)
    from nn_reference import networks as R

    answers = {**R.design_superincreasing(4), "w2": [-1, -1, -1], "b2": 2.5, "phi2": "I(z>0)"}
    report = _network_report(columbia_rubric, "hard-coded-network-superincreasing", answers, "fall-2025")
    assert (report.diagnosis, report.score) == ("hidden_layer_ok_output_wrong", pytest.approx(4.0))
