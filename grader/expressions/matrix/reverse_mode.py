"""Reverse-mode differentiation of a tree (reference adjoints of a forward graph)."""

from __future__ import annotations

import ast
from typing import Any, Mapping

import numpy as np

from .errors import UnsupportedExpression
from .evaluation import Evaluator
from .functions import FUNCTIONS, transpose_value
from .trees import value_name_nodes
from .values import as_value


def _unbroadcast(grad: np.ndarray, like: np.ndarray) -> np.ndarray:
    """Sum a gradient back to the shape of a scalar operand that was broadcast."""
    if grad.shape == like.shape:
        return grad
    if like.ndim == 0:
        return np.asarray(np.sum(grad))
    if like.shape == (1, 1):
        return np.sum(grad).reshape(1, 1)
    return grad


def backward(
    tree: ast.AST,
    values: Mapping[str, Any],
    bar: Any,
    *,
    derivative_at: Mapping[int, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Reverse-mode derivative of a tree: ``{name: bar @ d(tree)/d(name)}``.

    ``bar`` is the adjoint of the tree's value.  Contributions of several
    occurrences of a name are summed.  ``derivative_at`` maps ``id(call node)``
    of an elementwise function to a value at which its derivative is taken
    instead of its argument (to build "derivative at the wrong node"
    alternatives); the rest of the computation is unchanged.
    """
    evaluator = Evaluator(values)
    root = tree.body if isinstance(tree, ast.Expression) else tree
    with np.errstate(all="ignore"):
        evaluator.value(root)
        grads: dict[str, np.ndarray] = {}
        _backprop(root, as_value(bar), evaluator, grads, derivative_at or {})
    return grads


def _backprop(node: ast.AST, bar: np.ndarray, ev: Evaluator, grads: dict[str, np.ndarray], derivative_at) -> None:
    if isinstance(node, ast.Constant):
        return
    if isinstance(node, ast.Name):
        value = ev.value(node)
        bar = _unbroadcast(bar, value)
        grads[node.id] = grads[node.id] + bar if node.id in grads else bar
        return
    if isinstance(node, ast.Attribute):
        _backprop(node.value, transpose_value(bar), ev, grads, derivative_at)
        return
    if isinstance(node, ast.UnaryOp):
        _backprop(node.operand, -bar if isinstance(node.op, ast.USub) else bar, ev, grads, derivative_at)
        return
    if isinstance(node, ast.BinOp):
        a, b = ev.value(node.left), ev.value(node.right)
        op = node.op
        if isinstance(op, ast.Add):
            parts = [bar, bar]
        elif isinstance(op, ast.Sub):
            parts = [bar, -bar]
        elif isinstance(op, ast.Mult):
            parts = [bar * b, bar * a]
        elif isinstance(op, ast.Div):
            parts = [bar / b, -bar * a / (b * b)]
        elif isinstance(op, ast.MatMult) and (a.ndim == 0 or b.ndim == 0):
            parts = [bar * b, bar * a]
        elif isinstance(op, ast.MatMult):
            parts = [bar @ b.T, a.T @ bar]
        else:  # Pow: a scalar exponent, or a scalar base to an elementwise exponent (e^{-z})
            out = ev.value(node)
            parts = [bar * b * np.power(a, b - 1), None]
            if _depends_on_names(node.right):
                parts[1] = bar * out * np.log(a)  # summed down to the exponent's shape below
        for child, grad, like in ((node.left, parts[0], a), (node.right, parts[1], b)):
            if grad is not None:
                _backprop(child, _unbroadcast(grad, like), ev, grads, derivative_at)
        return
    if isinstance(node, ast.Call):
        function = FUNCTIONS[node.func.id]
        args = [ev.value(a) for a in node.args]
        if function.elementwise and function.derivative is not None and len(args) == 1:
            at = derivative_at.get(id(node), args[0])
            _backprop(node.args[0], bar * function.derivative(at), ev, grads, derivative_at)
            return
        if function.name in ("max", "min") and len(args) == 2:
            a, b = args
            pick_a = (a >= b) if function.name == "max" else (a <= b)
            _backprop(node.args[0], _unbroadcast(bar * pick_a, a), ev, grads, derivative_at)
            _backprop(node.args[1], _unbroadcast(bar * ~pick_a, b), ev, grads, derivative_at)
            return
        if function.vjp is None:
            raise UnsupportedExpression(f"`{node.func.id}` cannot be differentiated in a forward graph")
        for child, grad in zip(node.args, function.vjp(args, ev.value(node), bar)):
            if grad is not None:
                _backprop(child, grad, ev, grads, derivative_at)
        return
    raise UnsupportedExpression(f"{type(node).__name__} cannot be differentiated")


def _depends_on_names(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) for n in value_name_nodes(node))
