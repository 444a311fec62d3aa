"""Kind ``matrix_expression``: single matrix answers against strings, SymPy and network quantities."""

from __future__ import annotations

import pytest
import sympy

from grader.checkers import CheckContext, ReferenceProblem, checker_class
from grader.repairs import Repairs
from nn_reference.backprop import quantity

G_BAR_SYMBOLS = {"W3": ["K", "H"], "y_bar": ["K", 1]}


@pytest.fixture
def checker():
    return checker_class("matrix_expression")


def run(checker, answer, expected, seed=0, factors=None, **options):
    repairs = Repairs(factors=factors) if factors is not None else None
    return checker(checker.Options(**options)).judge({"answer": answer}, expected,
                                                     CheckContext(item_id="m", seed=seed, repairs=repairs))


def test_string_reference_with_declared_shapes(checker):
    assert run(checker, "W3.T @ y_bar", "W3.T @ y_bar", symbols=G_BAR_SYMBOLS).status == "passed"
    assert run(checker, "(y_bar.T @ W3).T", "W3.T @ y_bar", symbols=G_BAR_SYMBOLS).status == "passed"
    missing = run(checker, "W3 @ y_bar", "W3.T @ y_bar", symbols=G_BAR_SYMBOLS)
    assert (missing.status, missing.diagnosis) == ("failed", "transposed")
    assert "cannot multiply" in missing.feedback
    row = run(checker, "y_bar.T @ W3", "W3.T @ y_bar", symbols=G_BAR_SYMBOLS)
    assert row.diagnosis == "transposed"
    assert run(checker, "y_bar.T @ W3", "W3.T @ y_bar", symbols=G_BAR_SYMBOLS, accept_transposed=True).status == "passed"
    assert run(checker, "-W3.T @ y_bar", "W3.T @ y_bar", symbols=G_BAR_SYMBOLS).diagnosis == "sign_error"


def test_instances_use_distinct_dimensions(checker):
    verdict = run(checker, "W3.T @ y_bar", "W3.T @ y_bar", symbols=G_BAR_SYMBOLS, instances=4)
    for dims in verdict.evidence["dims"]:
        assert dims["K"] != dims["H"]


def test_positive_and_one_hot_symbols(checker):
    symbols = {"t": ["K", 1], "p": ["K", 1]}
    options = {"symbols": symbols, "distributions": {"t": "one_hot", "p": "probability"}}
    assert run(checker, "-t / p", "-(t / p)", **options).status == "passed"
    verdict = run(checker, "log(p) * t", "t * log(p)", **options)
    assert verdict.status == "passed"


def test_sympy_reference_gradient_of_a_quadratic_form(checker):
    n = sympy.Symbol("n")
    A, x = sympy.MatrixSymbol("A", n, n), sympy.MatrixSymbol("x", n, 1)
    gradient = (A + A.T) * x / 2
    assert run(checker, "(A + A.T) @ x / 2", gradient).status == "passed"
    assert run(checker, "0.5 * (A.T @ x + A @ x)", gradient).status == "passed"
    # the classic mistake for a non-symmetric A: wrong, and recognisable as a rubric-listed mistake
    assert run(checker, "A @ x", gradient).status == "failed"
    assert run(checker, "A @ x", A * x).status == "passed"


def test_sympy_reference_with_a_scalar_symbol(checker):
    n = sympy.Symbol("n")
    v, c = sympy.MatrixSymbol("v", n, 1), sympy.Symbol("c")
    assert run(checker, "c * v * 3", 3 * c * v).status == "passed"
    assert run(checker, "c * v", 3 * c * v).diagnosis is None  # 3 is not a default factor
    verdict = run(checker, "c * v", 3 * c * v, factors=["3"])
    assert verdict.diagnosis == "constant_factor" and verdict.evidence["factor"] == "1/3"


def test_network_jacobians_of_the_nyu_regression(checker):
    dz2_dz1 = quantity("nyu", "jacobian", "z2", "z1")
    assert run(checker, "5 * diag(step(z1))", dz2_dz1).status == "passed"
    assert run(checker, "diag(5 * relu_prime(W1 @ x + b1))", dz2_dz1).status == "passed"
    dropped = run(checker, "diag(step(z1))", dz2_dz1, factors=["5"])
    assert dropped.diagnosis == "constant_factor" and dropped.evidence["factor"] == "1/5"
    assert run(checker, "eye(K)", quantity("nyu", "jacobian", "y_hat", "z3")).status == "passed"
    assert run(checker, "W2", quantity("nyu", "jacobian", "z3", "z2")).status == "passed"


def test_network_adjoint_written_as_a_row_vector(checker):
    dl_dyhat = quantity("nyu", "adjoint", "y_hat")
    assert run(checker, "2 * (y_hat - y)", dl_dyhat).status == "passed"
    row = run(checker, "2 * (y_hat - y).T", dl_dyhat)
    assert row.diagnosis == "transposed"
    assert run(checker, "2 * (y_hat - y).T", dl_dyhat, accept_transposed=True).status == "passed"
    assert run(checker, "y_hat - y", dl_dyhat).evidence["factor"] == "1/2"


def test_bce_gradient_without_the_one_over_k(checker):
    dl_dyhat = quantity("nyu", "adjoint", "y_hat", f="tanh", g="sigmoid", loss="bce")
    assert run(checker, "(y_hat - y) / (y_hat * (1 - y_hat)) / K", dl_dyhat).status == "passed"
    verdict = run(checker, "-y / y_hat + (1 - y) / (1 - y_hat)", dl_dyhat, factors=["1/K"])
    assert verdict.diagnosis == "constant_factor"
    assert verdict.evidence["factor"] == "K"
    assert "a factor 1/K is missing" in verdict.feedback
    # a sign error on top of the dropped 1/K is two slips, never "a constant factor -K"
    both = run(checker, "y / y_hat - (1 - y) / (1 - y_hat)", dl_dyhat, factors=["1/K"])
    assert both.diagnosis == "two_slips" and both.evidence["slips"] == ["sign_error", "constant_factor"]
    # without 1/K in the rubric's list the dropped 1/K is simply wrong
    assert run(checker, "-y / y_hat + (1 - y) / (1 - y_hat)", dl_dyhat).diagnosis is None


def test_unreadable_and_malformed_answers(checker):
    verdict = run(checker, "W3.T @ (y_bar", "W3.T @ y_bar", symbols=G_BAR_SYMBOLS)
    assert verdict.status == "invalid" and "could not be read" in verdict.feedback
    assert run(checker, "W5 @ y_bar", "W3.T @ y_bar", symbols=G_BAR_SYMBOLS).status == "invalid"
    assert run(checker, [1, 2], "W3.T @ y_bar", symbols=G_BAR_SYMBOLS).status == "invalid"


def test_reference_problems(checker):
    with pytest.raises(ReferenceProblem, match="options.symbols"):
        run(checker, "x", "x")
    with pytest.raises(ReferenceProblem, match="must be empty"):
        run(checker, "z1", quantity("nyu", "value", "z1"), symbols={"z1": ["H", 1]})
    with pytest.raises(ReferenceProblem):
        run(checker, "x", 3.5)
    with pytest.raises(ReferenceProblem, match="reference expression"):
        run(checker, "W3 @ y_bar", "W3 @ y_bar", symbols=G_BAR_SYMBOLS)


def test_a_bare_identity_takes_the_size_of_a_square_answer(checker):
    # d y_hat / d z3 is the K x K identity: "I" names it, as the handout writes it
    symbols = {"A": ["K", "K"], "v": ["K", 1]}
    assert run(checker, "I", "eye(K)", symbols=symbols).status == "passed"
    assert run(checker, "2*I", "eye(K)", symbols=symbols).status == "failed"
    assert run(checker, "A + I", "A + eye(K)", symbols=symbols).status == "passed"
    # a vector answer gives the identity no size: refused as unreadable, never an error
    vector = run(checker, "I", "v", symbols=symbols)
    assert vector.status == "invalid" and "eye(n)" in vector.feedback


def test_power_of_a_matrix_is_elementwise_unless_square(checker):
    symbols = {"A": ["K", "K"], "F": ["N", "K"]}
    assert run(checker, "sum((F) ** 2)", "sum(F * F)", symbols=symbols).status == "passed"
    square = run(checker, "A ** 2", "A @ A", symbols=symbols)
    assert square.status == "invalid" and "ambiguous" in square.feedback


@pytest.mark.parametrize("answer, passed", [
    ("sum((F - Y) * (F - Y))", True), ("sum((F - Y) * (F - Y)) / K", True), ("mean((F - Y) * (F - Y))", True),
    ("3 * sum((F - Y) * (F - Y)) / N", True), ("-sum((F - Y) * (F - Y)) / N", False),
    ("sum((F - Y) * (F - Y)) / sum(F * F)", False), ("sum(F - Y) / N", False),
])
def test_an_objective_up_to_a_positive_factor(checker, answer, passed):
    # what training minimises: any positive multiple (a number, powers of the dimensions) has the same minimiser
    symbols = {"F": ["N", "K"], "Y": ["N", "K"]}
    verdict = run(checker, answer, "sum((F - Y) * (F - Y)) / N", symbols=symbols, up_to_positive_factor=True)
    assert (verdict.status == "passed") is passed
    strict = run(checker, "sum((F - Y) * (F - Y))", "sum((F - Y) * (F - Y)) / N", symbols=symbols)
    assert strict.status == "failed"
