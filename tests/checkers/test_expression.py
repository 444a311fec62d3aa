"""Kind ``expression``: verdicts, diagnoses, invalid answers, options and references."""

from __future__ import annotations

import json
import tomllib

import pytest
import sympy
from pydantic import ValidationError

from grader.checkers import CheckContext, ReferenceProblem, checker_class
from grader.repairs import Repairs

CHECKER = checker_class("expression")
SIGMA = sympy.Symbol("sigma", positive=True)
D, N = sympy.symbols("d n", integer=True, positive=True)
LOSS = SIGMA**2 * (1 - D / N)
CONTEXT = CheckContext(item_id="expected_loss", seed=3)


def run(answer, expected=LOSS, context=CONTEXT, **options):
    verdict = CHECKER(CHECKER.Options.model_validate(options)).judge({"expected_loss": answer}, expected, context)
    json.dumps(verdict.model_dump())  # evidence is plain JSON
    return verdict


@pytest.mark.parametrize("answer", ["sigma**2*(1 - d/n)", "sigma^2 - sigma^2*d/n", r"\sigma^2\left(1-\frac{d}{n}\right)",
                                    "(n-d)*sigma**2/n", "σ**2*(n − d)/n"])
def test_correct_forms_pass(answer):
    verdict = run(answer)
    assert verdict.status == "passed" and verdict.fraction == 1.0


def test_dropped_one_over_n():
    with_factor = CheckContext(item_id="expected_loss", seed=3, repairs=Repairs(factors=("1/n",)))
    verdict = run("sigma**2*(n - d)", context=with_factor)
    assert verdict.status == "failed" and verdict.diagnosis == "constant_factor"
    assert verdict.evidence["factor"] == "n" and "a factor 1/n is missing" in verdict.feedback
    assert "sigma**2*(1 - d/n)" not in verdict.feedback
    # a factor the rubric does not name is no diagnosis: the answer is simply wrong
    assert run("sigma**2*(n - d)").diagnosis is None


def test_sign_offset_and_plain_wrong():
    assert run("-sigma**2*(1 - d/n)").diagnosis == "sign_error"
    assert run("sigma**2*(1 - d/n) - 1").diagnosis == "extra_term"
    wrong = run("sigma**2*(1 - d)/n")
    assert wrong.status == "failed" and wrong.diagnosis is None
    assert set(wrong.evidence["counterexample"]) == {"sigma", "d", "n"}
    assert "differ for example at" in wrong.feedback and isinstance(wrong.evidence["your_value"], float)


def test_domain_trap_sqrt_of_square():
    x = sympy.Symbol("x")
    assert run("sqrt(x**2)", x).status == "failed"  # x real by default
    assert run("sqrt(x**2)", x, symbols={"x": "positive"}).status == "passed"
    assert run("sqrt(x**2)", {"expr": x, "symbols": {"x": "nonnegative"}}).status == "passed"


def test_undefined_where_the_expected_value_exists():
    a, b = sympy.symbols("a b", real=True)
    verdict = run("log(a) + log(b)", sympy.log(a * b))
    assert verdict.diagnosis == "undefined_value" and "undefined at" in verdict.feedback


@pytest.mark.parametrize("answer, fragment", [
    ("sigma^2(1 - d/nk)", "unknown name 'nk'"),
    ("sigma**2*(1 - d/k)", "unknown name 'k'"),
    ("__import__('os').system('x')", "attribute access"),
    ("__import__('os')", "unknown function '__import__'"),
    ("9**9**9**9", "exponent too large"),
    (r"\frac{1}{", "LaTeX error"),
    (["sigma"], "expected an expression as a string"),
    (None, "expected an expression as a string"),
])
def test_unreadable_answers_are_invalid_not_wrong(answer, fragment):
    verdict = run(answer)
    assert verdict.status == "invalid" and verdict.fraction == 0.0 and fragment in verdict.feedback


def test_latex_can_be_turned_off():
    assert run(r"\sigma^2", SIGMA**2, allow_latex=False).status == "invalid"


def test_function_option_restricts_and_is_validated():
    x = sympy.Symbol("x")
    assert run("exp(x)", sympy.exp(x), functions=["log"]).status == "invalid"
    assert run("exp(x)", sympy.exp(x), functions=["exp"]).status == "passed"
    with pytest.raises(ValidationError):
        CHECKER.Options.model_validate({"functions": ["eval"]})


def test_numbers_are_accepted_for_constant_references():
    assert run(0.5, sympy.Rational(1, 2)).status == "passed"
    assert run(3, sympy.Integer(3)).status == "passed"
    assert run("1/3", sympy.Rational(1, 3)).status == "passed"
    rounded = run(0.333, sympy.Rational(1, 3))
    assert rounded.diagnosis is None and rounded.evidence["difference"] == "rounded_decimal"


def test_options_from_toml():
    table = tomllib.loads("""
        symbols = [{name = "sigma", domain = "positive"}, {name = "n", domain = "natural", low = 2, high = 50}]
        rtol = 1e-8
        samples = 40
    """)
    options = CHECKER.Options.model_validate(table)
    assert options.symbols[1].low == 2 and options.samples == 40
    with pytest.raises(ValidationError):
        CHECKER.Options.model_validate({"symbols": {"x": "complex"}})
    with pytest.raises(ValidationError):
        CHECKER.Options.model_validate({"symbols": [{"name": "x"}, {"name": "x"}]})
    with pytest.raises(ValidationError):
        CHECKER.Options.model_validate({"symbols": [{"name": "import os"}]})
    with pytest.raises(ValidationError):
        CHECKER.Options.model_validate({"tolerance": 1})


def test_unusable_references_are_reference_problems():
    with pytest.raises(ReferenceProblem):
        run("x", "x + 1")  # a string is never parsed as a reference
    with pytest.raises(ReferenceProblem):
        run("x", {"expression": sympy.Symbol("x")})
    x = sympy.Symbol("x", real=True)
    with pytest.raises(ReferenceProblem):
        run("x", sympy.sqrt(-x**2 - 1))  # undefined everywhere on the domain
    with pytest.raises(ReferenceProblem):
        run("x", sympy.Integral(x, x))


def test_verdicts_are_deterministic():
    assert run("sigma**2").evidence == run("sigma**2").evidence


def test_describe_names_the_syntax():
    text = CHECKER({"symbols": {"sigma": "positive"}}).describe("expected_loss")
    assert "sigma" in text and "LaTeX" in text and "0.5 = 1/2" in text
