"""Answers that would blow up once multiplied out or taken apart are refused at parse time (issue 15)."""

import pytest

from grader.expressions.parser import ExpressionError, parse_expression, parse_relation
from grader.expressions.size import MAX_CASES, MAX_EXPANDED_TERMS

NAMES = list("abcdefghijklmnopqrstuvwxyzV")


def _nested_abs(levels: int) -> str:
    text = "z"
    for i in range(levels):
        text = f"abs({text}-{i % 3 + 1})"
    return text


@pytest.mark.parametrize("text", [
    "(n+1)^2", "(a+b+c)^10", "(x+1)^100", "V*(2*d + 2)", "max(0, z) - max(0, z - 1)",
    "abs(z-1) + abs(z-2) + abs(z-3) + abs(z-4) + abs(z-5) + abs(z-6)", _nested_abs(7),
    "(a+b)*(c+d)*(e+f)*(g+h)*(i+j)*(k+l)*(m+n)*(o+p)*(q+r)*(s+t)",
    " + ".join(f"{i}*n^{i % 5}" for i in range(1, 60)),
])
def test_ordinary_answers_pass(text):
    parse_expression(text, NAMES)


@pytest.mark.parametrize("text,words", [
    ("*".join(f"({a}+{b})" for a, b in zip("acegikmoqsuwy", "bdfhjlnprtvxz")) + "*(a+c)*(b+d)*(e+g)*(f+h)",
     "terms once multiplied out"),
    ("(a+b+c+d+e+f)^30", "terms once multiplied out"),
    ("(a+b+c+d+e+f+g+h)^(-40)", "terms once multiplied out"),
    ("exp((a+b+c+d+e+f)^30)", "terms once multiplied out"),
    (_nested_abs(12), "too many cases"),
    ("max(" + ", ".join(f"abs(abs(abs(abs(z-{i})-1)-2)-3)" for i in range(8)) + ") + abs(abs(abs(abs(z)-1)-2)-3)", "too many cases"),
])
def test_answers_that_blow_up_are_refused_with_a_message(text, words):
    with pytest.raises(ExpressionError, match=words):
        parse_expression(text, NAMES)


def test_relations_are_bounded_too():
    with pytest.raises(ExpressionError, match="multiplied out"):
        parse_relation("(m+n+a+b+c+d)^40 > n", NAMES)


def test_the_bounds_are_generous():
    assert MAX_EXPANDED_TERMS >= 10_000 and MAX_CASES >= 128
