"""grader/expressions/matrix/sympy_values.py: walking a SymPy matrix expression gives lambdify's values."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from grader.expressions.matrix.sympy_values import NotWalkable, sympy_value

n, d = sp.symbols("n d", positive=True, integer=True)
X, w, t, A = sp.MatrixSymbol("X", n, d), sp.MatrixSymbol("w", d, 1), sp.MatrixSymbol("t", n, 1), sp.MatrixSymbol("A", d, d)
Y, s_ = sp.MatrixSymbol("Y", d, n), sp.MatrixSymbol("s_", d, 1)
lam = sp.Symbol("lam", positive=True)

inv = np.linalg.inv
#: each expression with its value written out in NumPy (X is 5 x 3; Y, 3 x 5, for the wide case)
EXPRESSIONS = [
    ((2 / n) * X.T * (X * w - t), lambda e: 2 / 5 * e["X"].T @ (e["X"] @ e["w"] - e["t"])),
    ((X.T * X).inv() * X.T * t, lambda e: inv(e["X"].T @ e["X"]) @ e["X"].T @ e["t"]),
    (Y.T * (Y * Y.T).inv() * s_, lambda e: e["Y"].T @ inv(e["Y"] @ e["Y"].T) @ e["s_"]),
    ((X.T * X + lam * sp.Identity(d)).inv() * X.T * t, lambda e: inv(e["X"].T @ e["X"] + 0.7 * np.eye(3)) @ e["X"].T @ e["t"]),
    (-t + X * w, lambda e: e["X"] @ e["w"] - e["t"]),
    (sp.HadamardProduct(X * w, X * w + t) + 3 * t, lambda e: (e["X"] @ e["w"]) * (e["X"] @ e["w"] + e["t"]) + 3 * e["t"]),
    (A**3 * w - sp.ZeroMatrix(d, 1), lambda e: e["A"] @ e["A"] @ e["A"] @ e["w"]),
    (sp.Trace(A * A.T) * lam**2 / n, lambda e: np.trace(e["A"] @ e["A"].T) * 0.49 / 5),
    ((t.T * t) / n, lambda e: e["t"].T @ e["t"] / 5),
    (sp.exp(lam) * sp.log(n) + sp.tanh(lam), lambda e: np.exp(0.7) * np.log(5) + np.tanh(0.7)),
]


def _environment(rng):
    sizes = {"n": 5, "d": 3}
    return {
        "X": rng.normal(size=(5, 3)), "w": rng.normal(size=(3, 1)), "t": rng.normal(size=(5, 1)),
        "Y": rng.normal(size=(3, 5)), "s_": rng.normal(size=(3, 1)),
        "A": rng.normal(size=(3, 3)), "lam": 0.7, **{k: np.asarray(float(v)) for k, v in sizes.items()},
    }


@pytest.mark.parametrize("expression, numpy_value", EXPRESSIONS, ids=[str(e) for e, _ in EXPRESSIONS])
def test_walked_values_are_the_numpy_formulas(expression, numpy_value):
    environment = _environment(np.random.default_rng(4))
    assert np.allclose(np.asarray(sympy_value(expression, environment), dtype=float), numpy_value(environment))


@pytest.mark.parametrize("expression", [e for e, _ in EXPRESSIONS[:3]] + [EXPRESSIONS[4][0]], ids=str)
def test_walked_values_equal_lambdify(expression):
    environment = _environment(np.random.default_rng(5))
    arguments = sorted(expression.free_symbols, key=str)
    expected = sp.lambdify(arguments, expression, modules=[np])(*[environment[str(a)] for a in arguments])
    assert np.allclose(np.asarray(sympy_value(expression, environment), dtype=float), np.asarray(expected, dtype=float))


def test_unknown_nodes_are_refused_so_the_caller_can_fall_back():
    with pytest.raises(NotWalkable):
        sympy_value(sp.Determinant(sp.MatrixSymbol("A", 3, 3)) * sp.Identity(3), {"A": np.eye(3)})
    with pytest.raises(NotWalkable):
        sympy_value(sp.besselj(0, lam), {"lam": 1.0})
