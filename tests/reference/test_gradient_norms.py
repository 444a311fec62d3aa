"""reference/gradient_norms.py: the handout's numbers, both layouts, and the 2.2.3 cost model."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from nn_reference import gradient_norms as gn

W1 = [[1, 2, 1], [-2, 1, 0], [1, -2, -1]]
W2 = [[-2, 4, 1], [1, -2, -3], [-3, 4, 6]]
X = [1, 3, 1]
Y_BAR = [1, 1, 1]


def test_squared_frobenius_norms_are_572_and_195():
    assert gn.squared_frobenius_W1(W1, W2, X, Y_BAR) == 572
    assert gn.squared_frobenius_W2(W1, W2, X, Y_BAR) == 195


def test_jacobians_match_finite_differences_of_y_bar_dot_y():
    w1, w2, x, y_bar = (np.array(a, dtype=float) for a in (W1, W2, X, Y_BAR))

    def loss(a, b):
        return float(y_bar @ (b @ np.maximum(a @ x, 0)))

    h = 1e-6
    for which, analytic in ((0, gn.jacobian_W1(W1, W2, X, Y_BAR)), (1, gn.jacobian_W2(W1, W2, X, Y_BAR))):
        numeric = np.zeros((3, 3))
        for i in range(3):
            for j in range(3):
                step = np.zeros((3, 3))
                step[i, j] = h
                args_plus = (w1 + step, w2) if which == 0 else (w1, w2 + step)
                args_minus = (w1 - step, w2) if which == 0 else (w1, w2 - step)
                numeric[i, j] = (loss(*args_plus) - loss(*args_minus)) / (2 * h)
        assert np.allclose(np.array(analytic, dtype=float), numeric, atol=1e-6)


@pytest.mark.parametrize("seed", range(4))
def test_jacobians_equal_sympys_derivatives_of_the_relu_network(seed):
    """Against SymPy differentiating Max(z, 0) itself, on random rational networks of other shapes."""
    rng = np.random.default_rng(seed)
    hidden, inputs, outputs = 2 + seed % 2, 3 + seed % 3, 1 + seed % 2
    w1 = [[sp.Rational(int(rng.integers(-9, 10)), int(rng.integers(1, 4))) for _ in range(inputs)] for _ in range(hidden)]
    w2 = [[int(rng.integers(-5, 6)) for _ in range(hidden)] for _ in range(outputs)]
    x = [sp.Rational(int(rng.integers(-4, 5)), 2) for _ in range(inputs)]
    y_bar = [int(rng.integers(-3, 4)) for _ in range(outputs)]
    S1 = sp.Matrix(hidden, inputs, lambda i, j: sp.Symbol(f"a{i}{j}", real=True))
    S2 = sp.Matrix(outputs, hidden, lambda i, j: sp.Symbol(f"b{i}{j}", real=True))
    z = S1 * sp.Matrix(x)
    loss = (sp.Matrix(y_bar).T * (S2 * z.applyfunc(lambda e: sp.Max(e, 0))))[0, 0]
    point = {**dict(zip(S1, sp.Matrix(w1))), **dict(zip(S2, sp.Matrix(w2)))}
    if any(v == 0 for v in z.subs(point)):
        pytest.skip("a pre-activation on the kink")
    assert gn.jacobian_W1(w1, w2, x, y_bar) == S1.applyfunc(lambda s: sp.diff(loss, s).subs(point))
    assert gn.jacobian_W2(w1, w2, x, y_bar) == S2.applyfunc(lambda s: sp.diff(loss, s).subs(point))


def test_numerator_layout_is_the_transpose():
    assert gn.jacobian_W1(W1, W2, X, Y_BAR, layout="numerator") == gn.jacobian_W1(W1, W2, X, Y_BAR).T
    with pytest.raises(ValueError):
        gn.jacobian_W2(W1, W2, X, Y_BAR, layout="sideways")


def test_the_trick_factors_multiply_to_the_norms():
    a, b = gn.norm_factors_W1(W1, W2, X, Y_BAR)
    c, e = gn.norm_factors_W2(W1, W2, X, Y_BAR)
    assert (a, b, c, e) == (11, 52, 3, 65)
    assert a * b == 572 and c * e == 195


def test_relu_kink_is_refused():
    with pytest.raises(ValueError):
        gn.squared_frobenius_W1([[1, -1, 0], [0, 1, 0], [0, 0, 1]], W2, [1, 1, 1], Y_BAR)


class Counted(float):
    """A float that counts the multiplications done with it (for the cost model test)."""

    count = 0

    def __mul__(self, other):
        Counted.count += 1
        return Counted(float(self) * float(other))

    __rmul__ = __mul__

    def __add__(self, other):
        return Counted(float(self) + float(other))

    __radd__ = __add__


def _matvec(matrix, vector):
    return [sum((a * b for a, b in zip(row, vector)), Counted(0)) for row in matrix]


def _simulate(N, K, D, seed=0):
    """Run both methods with counted scalars, following the handout's conventions (see the module)."""
    rng = np.random.default_rng(seed)
    weights = [[[Counted(v) for v in row] for row in rng.normal(size=(D, D))] for _ in range(K)]
    inputs = [[Counted(v) for v in rng.normal(size=D)] for _ in range(N)]
    counts = {}
    Counted.count = 0
    activations = []
    for x in inputs:  # forward, linear layers (activations are free)
        layer_inputs = [x]
        for W in weights:
            layer_inputs.append(_matvec(W, layer_inputs[-1]))
        activations.append(layer_inputs)
    counts["forward"] = Counted.count
    Counted.count = 0
    errors = []
    for acts in activations:  # backward: one error vector per layer, through every layer
        error = [Counted(1.0)] * D
        per_layer = []
        for W in reversed(weights):
            per_layer.append(error)
            error = _matvec([list(col) for col in zip(*W)], error)
        errors.append(list(reversed(per_layer)))
    counts["backward_efficient"] = Counted.count
    gradients = [[[[e * a for a in acts[k]] for e in errs[k]] for k in range(K)] for acts, errs in zip(activations, errors)]
    counts["backward_naive"] = Counted.count
    Counted.count = 0
    naive = [sum((g * g for grad in grads for row in grad for g in row), Counted(0)) for grads in gradients]
    counts["norm_naive"] = Counted.count
    Counted.count = 0
    efficient = [sum((sum((a * a for a in acts[k]), Counted(0)) * sum((e * e for e in errs[k]), Counted(0))
                      for k in range(K)), Counted(0)) for acts, errs in zip(activations, errors)]
    counts["norm_efficient"] = Counted.count
    return counts, naive, efficient


@pytest.mark.parametrize("N,K,D", [(2, 3, 4), (3, 2, 5)])
def test_cost_model_counts_match_a_counted_run(N, K, D):
    counts, naive, efficient = _simulate(N, K, D)
    assert np.allclose(naive, efficient)  # the trick computes the same norms
    at = {gn.N: N, gn.K: K, gn.D: D}
    assert counts["forward"] == gn.multiplications("forward", "naive").subs(at)
    assert counts["forward"] == gn.multiplications("forward", "efficient").subs(at)
    assert counts["backward_efficient"] == gn.multiplications("backward", "efficient").subs(at)
    assert counts["backward_naive"] == gn.multiplications("backward", "naive").subs(at)
    assert counts["norm_naive"] == gn.multiplications("norm", "naive").subs(at)
    assert counts["norm_efficient"] == gn.multiplications("norm", "efficient").subs(at)


def test_memory_classes():
    N, K, D = gn.N, gn.K, gn.D
    assert gn.memory("forward", "naive") == K * D**2 + N * K * D
    assert gn.memory("backward", "naive") == N * K * D**2
    assert gn.memory("backward", "efficient") == K * D**2 + N * K * D
    assert gn.memory("norm", "naive") == N * K * D**2
    assert gn.memory("norm", "efficient") == N * K * D
    assert isinstance(gn.memory_order("norm", "efficient"), sp.Order)
