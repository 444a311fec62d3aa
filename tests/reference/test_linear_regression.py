"""reference/linear_regression.py: the derivations give the handout's formulas, checked numerically."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from nn_reference import linear_regression as lr


def _evaluate(expr, values):
    """A SymPy matrix expression at concrete sizes and values (numpy)."""
    symbols = sorted(expr.free_symbols, key=str)
    return np.asarray(sp.lambdify(symbols, expr, modules="numpy")(*[values[str(s)] for s in symbols]), dtype=float)


@pytest.fixture
def data():
    rng = np.random.default_rng(7)
    return rng


def test_gradient_matches_finite_differences(data):
    n, d = 9, 3
    X, w, t = data.normal(size=(n, d)), data.normal(size=(d, 1)), data.normal(size=(n, 1))
    gradient = _evaluate(lr.loss_gradient(), {"X": X, "w": w, "t": t, "n": n})

    def loss(weights):
        return float(np.sum((X @ weights - t) ** 2) / n)

    h = 1e-6
    numeric = np.array([[(loss(w + h * e) - loss(w - h * e)) / (2 * h)] for e in np.eye(d)[:, :, None]])
    assert np.allclose(gradient, numeric.reshape(d, 1), rtol=1e-6, atol=1e-8)


def test_gradient_keeps_the_one_over_n():
    coefficient, _ = lr.loss_gradient().as_coeff_mmul()
    assert coefficient == 2 / lr.n


def test_solutions_agree_with_least_squares_and_the_pseudo_inverse(data):
    X, t = data.normal(size=(8, 3)), data.normal(size=(8, 1))
    under = _evaluate(lr.underparameterized_solution(), {"X": X, "t": t})
    assert np.allclose(under, np.linalg.lstsq(X, t, rcond=None)[0])
    X, t = data.normal(size=(3, 8)), data.normal(size=(3, 1))
    minimum_norm = _evaluate(lr.minimum_norm_solution(), {"X": X, "t": t})
    assert np.allclose(minimum_norm, np.linalg.pinv(X) @ t)
    assert np.allclose(X @ minimum_norm, t)  # fits the data exactly


def test_expected_loss_is_sigma_squared_times_one_minus_d_over_n():
    assert sp.simplify(lr.expected_training_loss() - lr.sigma**2 * (1 - lr.d / lr.n)) == 0
    assert lr.expected_training_loss_overparameterized() == 0


def test_expected_loss_by_monte_carlo():
    rng = np.random.default_rng(2025)
    n, d, sigma, trials = 12, 4, 0.7, 3000
    X = rng.normal(size=(n, d))
    w_true = rng.normal(size=(d, 1))
    hat = X @ np.linalg.inv(X.T @ X) @ X.T
    noise = sigma * rng.normal(size=(trials, n, 1))
    targets = X @ w_true + noise
    losses = np.sum(((hat - np.eye(n)) @ targets) ** 2, axis=(1, 2)) / n
    predicted = float(lr.expected_training_loss().subs({lr.sigma: sigma, lr.n: n, lr.d: d}))
    standard_error = losses.std() / np.sqrt(trials)
    assert abs(losses.mean() - predicted) < 4 * standard_error


def test_trace_on_exact_rational_instances_is_n_minus_d():
    for rows, cols, value in lr.check_trace_on_rational_instances():
        assert value == rows - cols


def test_a_product_that_no_rotation_collapses_is_refused_not_guessed():
    with pytest.raises(ValueError):
        lr.trace(lr.X * lr.X.T)


def test_solution_line():
    w1, w2 = sp.symbols("w1 w2", real=True)
    assert lr.solution_set() == sp.Eq(w1 + w2, 3)
    assert lr.solution_set([2, -1], 5) == sp.Eq(2 * w1 - w2, 5)


def test_chain_rule_gradients_equal_sympys_matrix_derivative():
    """The reference derives gradients by the chain rule on the affine residual; SymPy's own
    (slower) matrix derivative must agree, for w and for the row-space parameterisation w = X^T a."""
    import sympy as sp

    from nn_reference import linear_regression as L

    assert isinstance(sp.expand(L.training_loss().diff(L.w) - L.loss_gradient()).doit(), sp.ZeroMatrix)
    a = sp.MatrixSymbol("a", L.n, 1)
    sympy_gradient = L.training_loss(L.X.T * a).diff(a)
    ours = L._gradient_of_squared_norm(*L._loss_parts(L.X.T * a), a)
    assert isinstance(sp.expand(sympy_gradient - ours).doit(), sp.ZeroMatrix)
