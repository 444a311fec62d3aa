"""Activation functions of NYU DL hw1 3.3 (ReLU, LeakyReLU(0.01), Softplus(beta = 1), GELU) and their derivatives.

Each activation is defined once, as a SymPy expression in z, with the handout's parameters; the
derivatives are SymPy's.  A student's function is called on the probe points (away from the kink
at 0, where ReLU and LeakyReLU have no derivative) and compared with these values.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

z = sp.Symbol("z", real=True)


def _definitions(negative_slope: float, beta: float) -> dict[str, sp.Expr]:
    slope, b = sp.nsimplify(negative_slope), sp.nsimplify(beta)
    return {
        "relu": sp.Max(z, 0),
        "leaky_relu": sp.Max(z, 0) + slope * sp.Min(z, 0),
        "softplus": sp.log(1 + sp.exp(b * z)) / b,
        "gelu": z * (1 + sp.erf(z / sp.sqrt(2))) / 2,  # z * Phi(z), the exact GELU
        "gelu_tanh": z * (1 + sp.tanh(sp.sqrt(2 / sp.pi) * (z + sp.Rational(44715, 1000000) * z**3))) / 2,
    }


@lru_cache(maxsize=None)
def activation(name: str, negative_slope: float = 0.01, beta: float = 1.0) -> sp.Expr:
    definitions = _definitions(negative_slope, beta)
    if name not in definitions:
        raise ValueError(f"unknown activation {name!r}; choose from {sorted(definitions)}")
    return definitions[name]


def probe_points(points: list | tuple = (-3, -1.5, -0.5, -0.1, 0.1, 0.5, 1.5, 3)) -> list[list[float]]:
    """The argument lists the student's function is called with: one number each, never the kink 0."""
    return [[float(p)] for p in points]


def _labels(points) -> list[str]:
    return [f"z = {p:g}" for p in points]


def values(name: str, points: list | tuple = (-3, -1.5, -0.5, -0.1, 0.1, 0.5, 1.5, 3), derivative: bool = False,
           negative_slope: float = 0.01, beta: float = 1.0) -> dict:
    """The activation (or its derivative) at the probe points, labelled for feedback."""
    expression = activation(name, negative_slope, beta)
    if derivative:
        expression = sp.diff(expression, z)
    outputs = [float(expression.subs(z, sp.nsimplify(p)).evalf(30)) for p in points]
    return {"outputs": outputs, "labels": _labels(points)}
