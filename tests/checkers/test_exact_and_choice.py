"""Kinds exact, choice, ordered_choice, set."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from grader.checkers import CheckContext, checker_class

CTX = CheckContext("item", 0)


def check(kind, answer, expected, **options):
    checker = checker_class(kind)
    return checker(checker.Options(**options)).judge({"a": answer}, expected, CTX)


def test_exact_integers_and_rationals():
    assert check("exact", 572, sp.Integer(572)).status == "passed"
    assert check("exact", 572.0, 572).status == "passed"
    assert check("exact", 0.25, sp.Rational(1, 4)).status == "passed"
    assert check("exact", Fraction(1, 3), sp.Rational(1, 3)).status == "passed"
    assert check("exact", 0.3333333333, sp.Rational(1, 3)).status == "failed"
    assert check("exact", 571, 572).status == "failed"
    assert check("exact", -572, 572).diagnosis == "sign_error"
    assert check("exact", 1144, 572).diagnosis == "constant_factor"
    assert "2" not in check("exact", 1144, 572).feedback  # the factor would give 572 away
    assert check("exact", 3 * 572, 572).diagnosis is None  # 3 is no listed factor: no diagnosis
    assert check("exact", [572, 195], [572, 195]).status == "passed"
    assert check("exact", [572, 196], [572, 195]).evidence["wrong_entries"] == [2]
    assert check("exact", "572", 572).status == "passed"  # a number in quotes is that number
    assert check("exact", " 1/4 ", sp.Rational(1, 4)).status == "passed"
    assert check("exact", "572 squared", 572).status == "invalid"


def test_choice_normalises_and_validates_options():
    options = {"options": ["forward", "reverse"], "aliases": {"backprop": "reverse"}}
    assert check("choice", "  Reverse ", "reverse", **options).status == "passed"
    assert check("choice", "backprop", "reverse", **options).status == "passed"
    assert check("choice", "forward", "reverse", **options).status == "failed"
    outside = check("choice", "sideways", "reverse", **options)
    assert outside.status == "invalid" and "not one of the options" in outside.feedback


STEPS = ["forward", "loss", "zero_grad", "backward", "step"]


def test_ordered_choice_order_matters():
    assert check("ordered_choice", STEPS, STEPS).status == "passed"
    assert check("ordered_choice", "forward, loss, zero_grad, backward, step", STEPS).status == "passed"
    swapped = ["forward", "loss", "backward", "zero_grad", "step"]
    verdict = check("ordered_choice", swapped, STEPS)
    assert verdict.diagnosis == "wrong_order" and verdict.evidence["first_wrong"] == 3
    assert check("ordered_choice", STEPS[:4], STEPS).status == "failed"


def test_set_ignores_order_and_counts_differences():
    assert check("set", ["b", "a"], ["a", "b"]).status == "passed"
    verdict = check("set", ["a", "c"], ["a", "b"], partial=True)
    assert verdict.status == "failed" or verdict.fraction < 1
    assert check("set", ["a", "b", "c"], ["a", "b", "c", "d"], partial=True).fraction == pytest.approx(0.75)


def test_exact_list_written_as_one_row_or_one_column():
    for answer in ([[11], [52]], [[11, 52]], np.array([[11], [52]])):
        assert check("exact", answer, [11, 52]).status == "passed", answer
    assert check("exact", [[11], [53]], [11, 52]).evidence["wrong_entries"] == [2]
    nested = check("exact", [[11, 52], [1, 2]], [11, 52])
    assert nested.status == "failed" and nested.diagnosis == "wrong_shape" and "11" not in nested.feedback
    assert check("exact", [[11]], [11]).status == "passed"  # a 1 x 1 column of the one entry
