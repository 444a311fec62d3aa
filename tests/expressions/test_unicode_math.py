"""Unicode pasted from notes and textbooks: super- and subscripts, accented letters, ⊘ and ∑."""

from __future__ import annotations

import ast

import pytest

from grader.expressions.matrix.parsing import parse_matrix_answer
from grader.expressions.parser import ExpressionError, parse_expression, parse_relation


def read(text, names, matrix=False):
    return ast.unparse(parse_expression(text, names, matrix_ops=matrix))


@pytest.mark.parametrize("text, names, matrix, meaning", [
    ("n²", ["n"], False, "n ** 2"),
    ("2n² + mn", ["n", "m"], False, "2 * n ** 2 + m * n"),
    ("n¹⁰ + m", ["n", "m"], False, "n ** 10 + m"),
    ("σ²(1 - d/n)", ["sigma", "d", "n"], False, "sigma ** 2 * (1 - d / n)"),
    ("(z)⁺", ["z"], False, "relu(z)"),                       # a lone superscript plus stays a positive part
    ("(XᵀX)⁻¹Xᵀt", ["X", "t"], True, "(X.T @ X) ** (-1) @ X.T @ t"),
    ("Xᵀ(XXᵀ)⁻¹t", ["X", "t"], True, "X.T @ (X @ X.T) ** (-1) @ t"),
    ("2(ŷ − y)", ["y", "y_hat"], False, "2 * (y_hat - y)"),
    ("2*(y\u0302 - y)", ["y", "y_hat"], False, "2 * (y_hat - y)"),  # a combining circumflex
    ("ŷ", ["yhat"], False, "yhat"),
    ("ȳ + c̄₁", ["y_bar", "c1_bar"], False, "y_bar + c1_bar"),
    ("W₁₂", ["W12"], False, "W12"),
    ("-t ⊘ y'", ["t", "y_prime"], True, "-(t / y_prime)"),
    (r"-t \oslash y'", ["t", "y_prime"], True, "-(t / y_prime)"),
])
def test_unicode_forms_read_as_written(text, names, matrix, meaning):
    assert read(text, names, matrix) == meaning


def test_subscripts_in_a_condition():
    assert ast.unparse(parse_relation("w₁ + w₂ = 3", ["w1", "w2"])) == "w1 + w2 == 3"


@pytest.mark.parametrize("text, meaning", [
    (r"\frac{1}{N}\sum (F - Y)\odot(F - Y)", "1 / N @ sum((F - Y) * (F - Y))"),
    ("(1/N) ∑ (F − Y) ⊙ (F − Y)", "1 / N @ sum((F - Y) * (F - Y))"),
    (r"\sum_i (F-Y)^2 + 1", "sum((F - Y) ** 2) + 1"),   # a bare index; the summand ends at +
    (r"2\sum(F - Y)", "2 * sum(F - Y)"),
])
def test_a_sum_sign_in_a_matrix_answer_adds_every_entry_of_its_summand(text, meaning):
    assert read(text, ["F", "Y", "N"], matrix=True) == meaning


@pytest.mark.parametrize("text, matrix", [(r"\sum_i i", False), ("∑ n", False), (r"\sum_i", True)])
def test_other_sums_are_refused_with_a_way_out(text, matrix):
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text, ["F", "i", "n"], matrix_ops=matrix)
    message = str(caught.value)
    assert ("closed form" in message) if not matrix else ("add up" in message)
    assert "a form that can be read" in message


@pytest.mark.parametrize("text", [r"\log X_i", "log(X_i)", "ln(X_i)"])
def test_a_function_of_an_undeclared_name_is_the_declared_name_that_spells_it(text):
    # the GloVe question gives log X_ij as data, named logX_i; X_i itself is not declared
    assert read(text, ["logX_i", "w_i"], matrix=True) == "logX_i"
    assert read("log(w_i)", ["logX_i", "w_i"], matrix=True) == "log(w_i)"  # a declared argument stays a call


@pytest.mark.parametrize("text", [r"2 \sum_{j \neq i}(F - Y)", "2 ∑_{j≠i}(F - Y)", r"\sum_{j=1}^{V-1} (F - Y)", r"\sum^N F"])
def test_a_sum_with_limits_is_refused_never_read_as_every_entry(text):
    with pytest.raises(ExpressionError, match="sum with limits is not read"):
        parse_expression(text, ["F", "Y", "V", "N"], matrix_ops=True)


def test_a_digit_glued_after_a_subscript_is_refused():
    with pytest.raises(ExpressionError, match="digit right after a subscript"):
        parse_expression("w₁0 + 1", ["w_1", "w_10"])


def test_an_accent_that_fits_two_declared_names_is_refused_naming_both():
    with pytest.raises(ExpressionError, match="y_hat or yhat"):
        parse_expression("ŷ + 1", ["y_hat", "yhat"])
    assert read(r"\hat{y} + 1", ["y_hat"]) == "y_hat + 1"


@pytest.mark.parametrize("text, names, meaning", [
    (r"\left(\operatorname{softmax\_jacobian}(y)\right)^\top \bar{y}", ["y", "y_bar"], "softmax_jacobian(y).T @ y_bar"),
    (r"\left\|y_hat - y\right\|_2^2", ["y", "y_hat"], "norm(y_hat - y) ** 2"),
    (r"\frac{1}{N}\left\lVert F - Y \right\rVert^2", ["F", "Y", "N"], "1 / N @ norm(F - Y) ** 2"),
    ("np.sum(np.square(F - Y)) / N", ["F", "Y", "N"], "sum((F - Y) * (F - Y)) / N"),
    ("((F - Y)**2).sum() / N", ["F", "Y", "N"], "sum((F - Y) ** 2) / N"),
    ("F.sum(1)", ["F"], "row_sums(F)"),                 # F declared: a method of F, not torch's F
    ("F.mean(axis=0).T", ["F"], "column_means(F).T"),
])
def test_textbook_and_numpy_forms_of_matrix_answers(text, names, meaning):
    assert ast.unparse(parse_matrix_answer(text, names)) == meaning


def test_a_bar_over_a_primed_name_is_the_adjoint_of_the_primed_node():
    # handouts write the adjoint of y' as \bar{y}' (the prime after the bar)
    assert ast.unparse(parse_matrix_answer(r"\bar{y}'", ["y_prime_bar", "y_bar"])) == "y_prime_bar"
