"""Numeric values of a (trusted) SymPy matrix expression, by walking its tree with NumPy.

References may be SymPy matrix expressions such as ``(2/n)*X.T*(X*w - t)``.
Walking the tree is cheaper than SymPy's code-generating evaluator (which prints
the expression as Python source and imports ``sympy.codegen`` on first use:
0.04 s of a cold run for one item), and no code is generated.  A node this
walker does not know raises :class:`NotWalkable`; the caller (the
``matrix_expression`` checker) then falls back to code generation.
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import sympy

_ELEMENTWISE = {
    sympy.exp: np.exp, sympy.log: np.log, sympy.tanh: np.tanh, sympy.sinh: np.sinh, sympy.cosh: np.cosh,
    sympy.sin: np.sin, sympy.cos: np.cos, sympy.Abs: np.abs,
}


class NotWalkable(Exception):
    """The expression holds a node without a NumPy counterpart here."""


def sympy_value(expression: sympy.Basic, environment: Mapping[str, Any]) -> np.ndarray:
    """The value of ``expression`` with every symbol's value (arrays shaped like the symbols) taken
    from ``environment``; dimension symbols (n in Identity(n)) must be there too."""

    def walk(node: sympy.Basic) -> Any:
        if isinstance(node, (sympy.MatrixSymbol, sympy.Symbol)):
            return np.asarray(environment[node.name], dtype=float)
        if node.is_Number:
            return np.asarray(float(node))
        if isinstance(node, (sympy.MatAdd, sympy.Add)):
            return _sum([walk(arg) for arg in node.args])
        if isinstance(node, sympy.MatMul):
            return _matrix_product([walk(arg) for arg in node.args])
        if isinstance(node, sympy.Mul):
            return _elementwise_product([walk(arg) for arg in node.args])
        if isinstance(node, sympy.Transpose):
            return _transpose(walk(node.arg))
        if isinstance(node, sympy.Inverse):
            return np.linalg.inv(walk(node.arg))
        if isinstance(node, sympy.MatPow) and node.exp.is_Integer:
            return np.linalg.matrix_power(walk(node.base), int(node.exp))
        if isinstance(node, sympy.Pow) and not getattr(node, "is_Matrix", False):
            return np.power(walk(node.base), walk(node.exp))
        if isinstance(node, sympy.HadamardProduct):
            return _elementwise_product([walk(arg) for arg in node.args])
        if isinstance(node, sympy.Identity):
            return np.eye(_size(walk(node.shape[0])))
        if isinstance(node, sympy.ZeroMatrix):
            return np.zeros((_size(walk(node.shape[0])), _size(walk(node.shape[1]))))
        if isinstance(node, sympy.Trace):
            return np.asarray(np.trace(walk(node.arg)))
        if isinstance(node, sympy.Function) and type(node) in _ELEMENTWISE and len(node.args) == 1:
            return _ELEMENTWISE[type(node)](walk(node.args[0]))
        raise NotWalkable(type(node).__name__)

    with np.errstate(all="ignore"):
        return walk(expression)


def _sum(values: list) -> np.ndarray:
    total = values[0]
    for value in values[1:]:
        total = total + value
    return np.asarray(total)


def _elementwise_product(values: list) -> np.ndarray:
    product = values[0]
    for value in values[1:]:
        product = product * value
    return np.asarray(product)


def _matrix_product(values: list) -> np.ndarray:
    """SymPy's MatMul: scalars scale, matrices multiply in order."""
    scale = np.asarray(1.0)
    product = None
    for value in values:
        if value.ndim == 0:
            scale = scale * value
        else:
            product = value if product is None else product @ value
    return scale if product is None else np.asarray(scale * product)


def _transpose(value: np.ndarray) -> np.ndarray:
    return value.T if value.ndim == 2 else value


def _size(value: np.ndarray) -> int:
    size = float(value)
    if not size.is_integer() or size < 0:
        raise NotWalkable(f"a matrix dimension of {size}")
    return int(size)
