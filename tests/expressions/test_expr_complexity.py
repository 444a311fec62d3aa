"""Counts as polynomials, big-O classes by growth along directions, conditions as sets."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from grader.expressions.complexity import (
    compare_counts,
    compare_growth,
    degree_bound,
    directions,
    form_notes,
    strip_big_o,
)
from grader.expressions.functions import default_functions
from grader.expressions.parser import parse_expression, parse_relation
from grader.expressions.relations import compare_relations
from grader.expressions.symbols import SymbolSpec

M, N = sympy.symbols("m n", integer=True, positive=True)
SYMBOLS = {"m": M, "n": N}
NATURAL = {"m": SymbolSpec(name="m", domain="natural"), "n": SymbolSpec(name="n", domain="natural")}


def count(text, reference):
    return compare_counts(parse_expression(text, ["m", "n"]), reference, SYMBOLS)


@pytest.mark.parametrize("text", ["3*m*n", "3*n*m", "m*n*3", "n*m + m*n + n*m", "(m*n)*6/2", "3*(m*n)**1"])
def test_equal_counts(text):
    assert count(text, 3 * M * N).equal


@pytest.mark.parametrize("text, reference, diagnosis", [
    ("6*m*n", 3 * M * N, "constant_factor"),
    ("3*m**2*n", 3 * M * N, "wrong_degree"),
    ("2*n**2", 2 * N**2 + M * N, "missing_term"),
    ("2*n**2 + m*n + n", 2 * N**2 + M * N, "extra_term"),
    ("2*n**2 + m*n + 1", 2 * N**2 + M * N + N, "lower_order_terms"),
    ("2*n**2 + m*n", 2 * N**2 + M * N + N, "missing_term"),
    ("n**2 + n + m*n", N**2 + N + 2 * M * N, "missing_term"),  # one m*n step forgotten
    ("n + m*n", N**2 + N + 2 * M * N, "leading_term"),  # two steps forgotten
    ("m", 2 * M * N + M, "wrong_degree"),  # one term of the answer alone is not "a missing term"
    ("n**2 + 2*n - m*n", N**2 + N + M * N, "leading_term"),  # a term with the wrong sign is not missing
    ("n**3", 2 * N**2 + M * N, "wrong_degree"),
    ("5", 3 * M * N, "wrong_degree"),
    ("m*n*(m + n)**30", 3 * M * N, "wrong_degree"),
])
def test_count_differences_are_named(text, reference, diagnosis):
    result = count(text, reference)
    assert not result.equal and result.diagnosis == diagnosis
    assert str(reference) not in result.message  # the expected count is not given away


def test_factor_is_reported_and_mixed_ratios_are_not_factors():
    assert count("6*m*n", 3 * M * N).evidence == {"factor": "2"}
    assert count("3*m**2*n", 3 * M * N).diagnosis == "wrong_degree"  # m is not a listed factor
    assert count("n**2", 3 * M * N).diagnosis != "constant_factor"  # n/(3m) is not a missing factor


def test_non_polynomial_forms_are_left_to_the_caller():
    assert degree_bound(parse_expression("n*log(n)", ["n"])) is None
    assert degree_bound(parse_expression("m/n", ["m", "n"])) is None
    assert degree_bound(parse_expression("n**(1/2)", ["n"])) is None
    assert degree_bound(parse_expression("(m + n)**3/2", ["m", "n"])) == 3
    assert count("n*log(n)", 3 * M * N) is None


def test_directions_cover_each_variable_alone_together_and_skewed():
    found = directions(["n", "m"])
    assert {"n": 1, "m": 0} in found and {"n": 0, "m": 1} in found and {"n": 1, "m": 1} in found
    assert {"n": 1, "m": 2} in found and {"n": 2, "m": 1} in found and {"n": 2, "m": 2} not in found


def growth(text, reference, variables=("m", "n")):
    tree = strip_big_o(parse_expression(text, ["m", "n"], functions=default_functions() | {"O"}))
    return tree, compare_growth(tree, reference, list(variables))


@pytest.mark.parametrize("text, reference, verdict", [
    ("O(n^2)", N**2, "same"),
    ("O(n**2 + m*n)", 2 * N**2 + M * N, "same"),
    ("n**2 + n*m", M * N + N**2, "same"),
    ("O(m*n)", 3 * M * N, "same"),
    ("O(n^2) + O(m*n)", N**2 + M * N, "same"),
    ("O(n^2 + n)", N**2, "same"),
    ("O(3*n^2)", N**2, "same"),
    ("O(n*log(n) + n)", N * sympy.log(N), "same"),
    ("O(n^3)", N**2, "too_loose"),
    ("O(n^2*m)", N**2 + M * N, "too_loose"),
    ("O(2**n)", N**2, "too_loose"),
    ("O(n*log(n))", N, "too_loose"),
    ("O(n)", N**2, "too_tight"),
    ("O(n^2)", N**2 + M * N, "too_tight"),
    ("O(m*n)", N**2 + M * N, "too_tight"),
    ("O(n)", N * sympy.log(N), "too_tight"),
    ("O(n^2)", M**2 + N, "incomparable"),
])
def test_growth_classes(text, reference, verdict):
    assert growth(text, reference)[1].verdict == verdict


def test_the_direction_of_a_tight_bound_failure_is_reported():
    _, result = growth("O(n^2)", N**2 + M * N)
    assert result.witness("smaller") == {"m": "t", "n": "fixed"}


@pytest.mark.parametrize("text, lower, factors", [
    ("O(n^2 + n)", ["n"], []),
    ("O(3*n^2)", [], ["3"]),
    ("n**2/2 + m*n", [], ["1/2"]),
    ("O(n^2 + m*n)", [], []),  # both terms matter with two growth variables
    ("O(n^2 + m*n + n + 1)", ["n", "1"], []),
])
def test_form_notes(text, lower, factors):
    tree, result = growth(text, N**2 + M * N if "m" in text else N**2)
    assert result.verdict == "same"
    assert form_notes(tree, ["m", "n"]) == {"lower_order_terms": lower, "constant_factors": factors}


def relation(text, reference=sympy.StrictGreaterThan(M, N), specs=NATURAL, **kwargs):
    return compare_relations(parse_relation(text, sorted(specs)), reference, specs, np.random.default_rng(0), **kwargs)


@pytest.mark.parametrize("text", ["m > n", "n < m", "m - n > 0", "m >= n + 1", "0 < m - n", r"m \gt n",
                                  "2*n**2 + m*n < 3*m*n", "n < m and m > n"])
def test_equivalent_conditions(text):
    assert relation(text).equivalent


def test_strictness_matters_and_is_named():
    result = relation("m >= n")
    assert not result.equivalent and result.diagnosis == "boundary"
    assert result.counterexample == {"m": 1, "n": 1} and result.student_holds is True


def test_reversed_condition():
    result = relation("m < n")
    assert result.diagnosis == "reversed" and result.student_holds is True


def test_seed_000_conclusion_is_wrong_with_a_counterexample():
    # the write-up concludes forward mode wins only when n == 1 and m > 1
    result = relation("n == 1 and m > 1")
    assert not result.equivalent and result.diagnosis == "wrong_region"
    assert result.counterexample == {"m": 3, "n": 2} and result.student_holds is False
    # ... from its cost n**2*(1+m) + n*m for forward mode (the n**2*m term is the slip)
    assert not relation("n**2*(1 + m) + n*m < 3*n*m").equivalent


def test_real_domains_and_compound_references():
    x, y = sympy.symbols("x y", real=True)
    specs = {"x": SymbolSpec(name="x"), "y": SymbolSpec(name="y")}
    reference = sympy.And(x > 0, y > 0)
    assert compare_relations(parse_relation("x > 0 and 0 < y", ["x", "y"]), reference, specs, np.random.default_rng(1)).equivalent
    result = compare_relations(parse_relation("x*y > 0", ["x", "y"]), reference, specs, np.random.default_rng(1))
    assert not result.equivalent and result.counterexample["x"] < 0 and result.counterexample["y"] < 0


@pytest.mark.parametrize("text, reference", [
    ("n**2 + m*n", 2 * N**2 + M * N),
    ("m*n - 10*n", M * N),  # with m held at 10 the leading term cancels
    ("m*n - 10*n + 1", M * N),
    ("(m + n)**3/2", N**3),
    ("n**2 - n**2", N),  # identically zero
    ("7", 3 * M * N),
    ("m**2*n - m*n**2", M * N),
    ("3*m*n", sympy.Integer(0)),
])
def test_exact_polynomial_trends_agree_with_the_numeric_ones(text, reference):
    from grader.expressions import complexity

    tree = parse_expression(text, ["m", "n"])
    generators = ["m", "n"]
    f_terms = complexity._polynomial_terms(tree, generators)
    g_terms = complexity._polynomial_terms(reference, generators)
    assert f_terms is not None and g_terms is not None
    f, g = complexity._mp_evaluator(tree), complexity._mp_evaluator(reference)
    for direction in directions(generators):
        exact = complexity._polynomial_trend(f_terms, g_terms, generators, direction, {})
        assert exact == complexity._trend(f, g, direction, {}), direction


def test_growth_outside_polynomials_takes_the_numeric_path():
    from grader.expressions import complexity

    assert complexity._polynomial_terms(parse_expression("n*log(n)", ["n"]), ["n"]) is None
    assert complexity._polynomial_terms(N * sympy.log(N), ["n"]) is None
    assert complexity._polynomial_terms(sympy.sqrt(N), ["n"]) is None
    assert complexity._polynomial_terms(sympy.pi * N, ["n"]) is None
    assert growth("O(n*log(n))", N * sympy.log(N), ["n"])[1].verdict == "same"
    assert growth("O(n**2)", N * sympy.log(N), ["n"])[1].verdict == "too_loose"
