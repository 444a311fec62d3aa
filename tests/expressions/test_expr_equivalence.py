"""Scalar equivalence on declared domains, the classic traps, the float policy, and diagnoses."""

from __future__ import annotations

import statistics
import time

import numpy as np
import pytest
import sympy

from grader.expressions import equivalence
from grader.expressions.diagnose import diagnose
from grader.expressions.equivalence import Undecidable, equivalent
from grader.expressions.parser import parse_expression
from grader.expressions.symbols import SymbolSpec, symbol_objects
from grader.repairs import Repairs, listed_factors

SIGMA = sympy.Symbol("sigma", positive=True)
D, N, K = sympy.symbols("d n K", integer=True, positive=True)
EXPECTED_LOSS = SIGMA**2 * (1 - D / N)
LOSS_SPECS = [SymbolSpec(name="sigma", domain="positive"), SymbolSpec(name="d", domain="natural"),
              SymbolSpec(name="n", domain="natural")]


def check(text, reference, specs, seed=0, **kwargs):
    names = [s.name for s in specs]
    tree = parse_expression(text, names)
    return tree, equivalent(tree, reference, specs, np.random.default_rng(seed), **kwargs)


@pytest.mark.parametrize("text", [
    "sigma**2*(1 - d/n)",
    "sigma^2 - sigma^2*d/n",
    r"\sigma^2\left(1-\frac{d}{n}\right)",
    "(n-d)*sigma**2/n",
    "sigma*sigma*(n - d)/n",
    r"\frac{\sigma^2 (n - d)}{n}",
    "sigma**2 - d*sigma**2/n + 0*d",
])
def test_equivalent_forms_of_the_expected_loss(text):
    _, result = check(text, EXPECTED_LOSS, LOSS_SPECS)
    assert result.equivalent and result.compared == 24


FACTORS = listed_factors(Repairs(factors=("2", "1/2", "1/n")))


@pytest.mark.parametrize("text, code, evidence", [
    ("sigma**2*(n - d)", "constant_factor", {"factor": "n"}),  # dropped 1/n
    ("-sigma**2*(1 - d/n)", "sign_error", {}),
    ("sigma**2*(d/n - 1)", "sign_error", {}),
    ("sigma**2*(1 - d/n)/2", "constant_factor", {"factor": "1/2"}),
    ("sigma*(1 - d/n)", None, {}),  # sigma for sigma^2: not a listed factor
    ("1 - d/n", None, {}),
    ("-sigma**2*(n - d)", "two_slips", {"factor": "n", "slips": ["sign_error", "constant_factor"]}),
    ("2*sigma**2*(n - d)", "two_slips", {"factor": "2*n", "slips": ["constant_factor", "constant_factor"]}),
    ("-2*sigma**2*(n - d)", None, {}),  # three slips
    ("0.333*3*sigma**2*(1 - d/n)", None, {"difference": "rounded_decimal"}),
    ("sigma**2*(1 - d)/n", None, {}),
    ("sigma**2", None, {}),
])
def test_non_equivalent_forms_are_diagnosed(text, code, evidence):
    tree, result = check(text, EXPECTED_LOSS, LOSS_SPECS)
    assert not result.equivalent
    assert result.reason == "different_value" and set(result.counterexample) == {"sigma", "d", "n"}
    found = diagnose(result.samples, factors=FACTORS, student_has_decimals="." in text)
    assert (found.code if found else None) == code
    assert (found.evidence if found else {}) == evidence


def test_dropped_one_over_k_in_the_bce_gradient_is_a_factor_k():
    y, y_hat = sympy.symbols("y y_hat", real=True)
    reference = (-y / y_hat + (1 - y) / (1 - y_hat)) / K
    specs = [SymbolSpec(name="y", domain="real", low=0, high=1), SymbolSpec(name="y_hat", domain="real", low=0.01, high=0.99),
             SymbolSpec(name="K", domain="natural")]
    _, result = check("-y/y_hat + (1 - y)/(1 - y_hat)", reference, specs)
    found = diagnose(result.samples, factors=listed_factors(Repairs(factors=("1/K",))))
    assert found.code == "constant_factor" and found.evidence == {"factor": "K"}
    assert "a factor 1/K is missing" in found.message
    assert diagnose(result.samples, factors=listed_factors(None)) is None  # K is not a default factor
    _, result = check(r"\frac{1}{K}\left(\frac{1-y}{1-\hat{y}} - \frac{y}{\hat{y}}\right)", reference, specs)
    assert result.equivalent


def test_glove_bias_gradient_missing_the_two():
    w, wt, b, bt, x = sympy.symbols("w w_tilde b b_tilde X", real=True)
    specs = [SymbolSpec(name=s, domain="real") for s in ("w", "w_tilde", "b", "b_tilde")] + [SymbolSpec(name="X", domain="positive")]
    reference = 2 * (w * wt + b + bt - sympy.log(x))
    _, result = check("w*w_tilde + b + b_tilde - log(X)", reference, specs)
    assert diagnose(result.samples, factors=listed_factors(None)).evidence == {"factor": "1/2"}
    _, result = check("2*w*w_tilde + 2*(b + b_tilde) - 2*ln(X)", reference, specs)
    assert result.equivalent


def test_sqrt_of_square_depends_on_the_domain():
    x_real = sympy.Symbol("x", real=True)
    _, result = check("sqrt(x^2)", x_real, [SymbolSpec(name="x")])
    assert not result.equivalent and result.counterexample["x"] < 0
    assert result.student_value == pytest.approx(-result.counterexample["x"])
    _, result = check("sqrt(x^2)", sympy.Symbol("x", positive=True), [SymbolSpec(name="x", domain="positive")])
    assert result.equivalent
    _, result = check("abs(x)", sympy.sqrt(x_real**2), [SymbolSpec(name="x")])
    assert result.equivalent


def test_log_of_a_product_depends_on_the_domain():
    a, b = sympy.symbols("a b", real=True)
    real = [SymbolSpec(name="a"), SymbolSpec(name="b")]
    positive = [SymbolSpec(name="a", domain="positive"), SymbolSpec(name="b", domain="positive")]
    _, result = check("log(a) + log(b)", sympy.log(a * b), real)
    assert not result.equivalent and result.reason == "student_undefined"
    assert result.counterexample["a"] < 0 and result.counterexample["b"] < 0
    _, result = check("log(a) + log(b)", sympy.log(a * b), positive)
    assert result.equivalent


def test_a_removable_singularity_is_not_a_difference():
    x = sympy.Symbol("x", integer=True)
    spec = [SymbolSpec(name="x", domain="integer", low=0, high=2)]  # forces x = 1 often
    _, result = check("(x**2 - 1)/(x - 1)", x + 1, spec)
    assert result.equivalent and result.removable > 0
    _, result = check("1/(x - 1)", 1 / (x - 2), [SymbolSpec(name="x", domain="integer", low=0, high=3)])
    assert not result.equivalent


def test_undefined_is_not_agreement_on_either_side():
    x = sympy.Symbol("x", real=True)
    # only the student's answer is defined at negative x: a difference, not a skipped point
    _, result = check("log(abs(x))", sympy.log(x), [SymbolSpec(name="x")])
    assert not result.equivalent and result.reason == "reference_undefined" and result.counterexample["x"] < 0
    # both undefined there: skipped; the declared domain decides
    _, result = check("log(x)", sympy.log(x), [SymbolSpec(name="x")])
    assert result.equivalent
    _, result = check("log(abs(x))", sympy.log(x), [SymbolSpec(name="x", domain="positive")])
    assert result.equivalent


def test_an_answer_defined_at_too_few_points_is_never_right():
    x = sympy.Symbol("x", real=True)
    # both sides are defined only for x > 8, a sliver of the sampled -10..10: a few points at most
    _, result = check("1 + sqrt(x - 8)", 1 + sympy.sqrt(x - 8), [SymbolSpec(name="x")], symbolic_budget=0)
    assert not result.equivalent and result.reason == "too_few_points"


def test_float_policy_decimals_are_exact():
    x = sympy.Symbol("x", real=True)
    spec = [SymbolSpec(name="x")]
    assert check("0.5*x", x / 2, spec)[1].equivalent
    assert check("x*1e-3", x / 1000, spec)[1].equivalent
    assert check("0.1*x + 0.2*x", sympy.Rational(3, 10) * x, spec)[1].equivalent  # exact, unlike 0.1 + 0.2 in floats
    assert not check("0.333*x", x / 3, spec)[1].equivalent
    assert check("x/10", sympy.Float(0.1) * x, spec)[1].equivalent  # a float in the reference is compared with rtol
    assert not check("x*(1 + 1e-6)", x, spec)[1].equivalent
    assert check("x*(1 + 1e-6)", x, spec, rtol=1e-5)[1].equivalent


def test_precision_is_not_lost_to_cancellation():
    x = sympy.Symbol("x", real=True)
    spec = [SymbolSpec(name="x", domain="real", low=1e7, high=1e8)]
    assert check("(x + 1)**2 - x**2", 2 * x + 1, spec)[1].equivalent
    assert not check("(x + 1)**2 - x**2", 2 * x, spec)[1].equivalent


def test_inconclusive_numbers_use_symbolic_confirmation():
    x = sympy.Symbol("x", positive=True)
    specs = [SymbolSpec(name="x", domain="positive")]
    reference = sympy.log(x - sympy.Rational(19, 2))  # defined on (9.5, 10] only: few sampled points
    tree = parse_expression("log(x - 9.5)", ["x"])
    result = equivalent(tree, reference, specs, np.random.default_rng(0), sympy_symbols=symbol_objects(
        {"x": specs[0]}, reference.free_symbols))
    assert result.equivalent and "symbolic" in result.method


def test_simplify_giving_up_never_makes_an_answer_wrong(monkeypatch):
    monkeypatch.setattr(equivalence, "run_with_budget", lambda task, budget: None)
    x = sympy.Symbol("x", positive=True)
    specs = [SymbolSpec(name="x", domain="positive")]
    tree = parse_expression("log(x - 9.5)", ["x"])
    result = equivalent(tree, sympy.log(x - sympy.Rational(19, 2)), specs, np.random.default_rng(0),
                        sympy_symbols={"x": x})
    # too few defined points and no proof: not "right" by default, but not a wrong answer either --
    # the checker reports it as unusable, with a message (never as a difference at some point)
    assert not result.equivalent and result.reason == "too_few_points" and result.counterexample is None


def test_budget_stops_a_slow_simplification():
    slow = equivalence.run_with_budget(lambda: time.sleep(2) or True, 0.1)
    assert slow is None


def test_reference_undefined_everywhere_is_undecidable():
    x = sympy.Symbol("x", real=True)
    with pytest.raises(Undecidable):
        check("x", sympy.sqrt(-x**2 - 1), [SymbolSpec(name="x")])


def test_same_seed_same_verdict_and_counterexample():
    first = check("sigma**2", EXPECTED_LOSS, LOSS_SPECS, seed=7)[1]
    second = check("sigma**2", EXPECTED_LOSS, LOSS_SPECS, seed=7)[1]
    assert first.counterexample == second.counterexample


def test_median_check_is_fast():
    parse_expression(r"\frac{1}{2}", [])  # warm-up: imports
    timings = []
    for seed, text in enumerate(["sigma**2*(1 - d/n)", "(n-d)*sigma**2/n", "sigma**2*(n - d)",
                                 r"\sigma^2\left(1-\frac{d}{n}\right)", "sigma^2 - sigma^2*d/n"] * 6):
        start = time.process_time()  # CPU time: other processes on a busy machine do not count
        tree, result = check(text, EXPECTED_LOSS, LOSS_SPECS, seed=seed)
        if not result.equivalent:
            diagnose(result.samples)
        timings.append(time.process_time() - start)
    assert statistics.median(timings) < 0.010  # about 1-2 ms on the development machine
