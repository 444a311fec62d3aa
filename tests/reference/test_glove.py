"""reference/glove.py: the parameter count, and row i's gradients against the full loss."""

from __future__ import annotations

import numpy as np
import sympy as sp

from grader.expressions.graph.instances import GraphInstance
from nn_reference import glove


def test_parameter_count_is_v_times_2d_plus_2_and_counts_real_arrays():
    assert sp.expand(glove.parameter_count() - glove.V * (2 * glove.d + 2)) == 0
    V, d = 7, 3
    arrays = {"W": np.zeros((V, d)), "W_tilde": np.zeros((V, d)), "b": np.zeros(V), "b_tilde": np.zeros(V)}
    assert sum(a.size for a in arrays.values()) == glove.parameter_count().subs({glove.V: V, glove.d: d})


def _full_loss(W, Wt, b, bt, logX):
    residual = W @ Wt.T + b[:, None] + bt[None, :] - logX
    return float(np.sum(residual**2))


def test_row_gradients_equal_the_full_loss_gradient():
    rng = np.random.default_rng(11)
    V, d, i = 5, 3, 2
    W, Wt = rng.normal(size=(V, d)), rng.normal(size=(V, d))
    b, bt, logX = rng.normal(size=V), rng.normal(size=V), rng.normal(size=(V, V))
    spec = glove.row_loss_graph()
    values = {"w_i": W[i].reshape(d, 1), "b_i": np.asarray(b[i]), "W_tilde": Wt, "b_tilde": bt.reshape(V, 1),
              "logX_i": logX[i].reshape(V, 1)}
    instance = GraphInstance.build(spec, {"V": V, "d": d}, spec.forward(values))
    h = 1e-6
    numeric_w = np.zeros(d)
    for k in range(d):
        plus, minus = W.copy(), W.copy()
        plus[i, k] += h
        minus[i, k] -= h
        numeric_w[k] = (_full_loss(plus, Wt, b, bt, logX) - _full_loss(minus, Wt, b, bt, logX)) / (2 * h)
    plus, minus = b.copy(), b.copy()
    plus[i] += h
    minus[i] -= h
    numeric_b = (_full_loss(W, Wt, plus, bt, logX) - _full_loss(W, Wt, minus, bt, logX)) / (2 * h)
    assert np.allclose(instance.adjoints[glove.gradient_w_i().of].reshape(-1), numeric_w, rtol=1e-6, atol=1e-6)
    assert np.isclose(float(instance.adjoints[glove.gradient_b_i().of]), numeric_b, rtol=1e-6, atol=1e-6)


def test_the_count_without_biases_is_the_known_mistake():
    assert sp.expand(glove.parameter_count(biases=False) - 2 * glove.V * glove.d) == 0
