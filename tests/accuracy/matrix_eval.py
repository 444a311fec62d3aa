"""Evaluating matrix-expression answers with NumPy, by walking their ``ast`` (never ``eval``)."""

from __future__ import annotations

import ast
from typing import Any

import numpy as np

from answer_notation import NotationError, parse


class ShapeProblem(ValueError):
    """The expression cannot be evaluated (shapes do not fit, a singular inverse)."""


def _sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def _softmax(v):
    e = np.exp(v - np.max(v))
    return e / e.sum()


def _softmax_jacobian(v):
    s = _softmax(v).reshape(-1, 1)
    return np.diagflat(s) - s @ s.T


def _diag(v):
    v = np.asarray(v)
    if v.ndim == 2 and 1 in v.shape:
        return np.diagflat(v)
    if v.ndim == 2:
        return np.diag(v).reshape(-1, 1)
    return np.diagflat(v)


def _inv(a):
    a = np.asarray(a, dtype=float)
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ShapeProblem("inverse of a non-square matrix")
    if np.linalg.cond(a) > 1e10:
        raise ShapeProblem("inverse of a singular matrix")
    return np.linalg.inv(a)


FUNCTIONS = {
    "relu": lambda v: np.maximum(v, 0.0), "step": lambda v: (np.asarray(v) > 0).astype(float),
    "sigmoid": _sigmoid, "sigmoid_prime": lambda v: _sigmoid(v) * (1 - _sigmoid(v)), "softmax": _softmax,
    "softmax_jacobian": _softmax_jacobian, "log": np.log, "ln": np.log, "exp": np.exp, "diag": _diag,
    "tanh": np.tanh, "sum": lambda v: np.sum(v), "mean": lambda v: np.mean(v), "inv": _inv,
    "pinv": lambda a: np.linalg.pinv(np.asarray(a, dtype=float)), "sqrt": np.sqrt, "abs": np.abs,
    "transpose": lambda a: np.asarray(a).T, "max": np.maximum, "min": np.minimum, "Abs": np.abs, "outer": lambda a, b: np.outer(a, b),
}


def evaluate(node: ast.expr, env: dict[str, Any]) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.Name):
        if node.id not in env:
            raise NotationError(f"unknown name {node.id!r}")
        return env[node.id]
    if isinstance(node, ast.Attribute) and node.attr == "T":
        return np.asarray(evaluate(node.value, env)).T
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = evaluate(node.operand, env)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp):
        left, right = evaluate(node.left, env), evaluate(node.right, env)
        try:
            with np.errstate(all="ignore"):
                if isinstance(node.op, ast.MatMult):
                    if np.ndim(left) == 0 or np.ndim(right) == 0:
                        raise ShapeProblem("@ with a scalar")
                    return np.asarray(left) @ np.asarray(right)
                op = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.divide,
                      ast.Pow: np.power}.get(type(node.op))
                if op is None:
                    raise NotationError("unsupported operator")
                a, b = np.asarray(left), np.asarray(right)
                if a.ndim == 2 and b.ndim == 2 and a.shape != b.shape and 1 not in a.shape + b.shape:
                    raise ShapeProblem(f"shapes {a.shape} and {b.shape}")
                if a.ndim == 2 and b.ndim == 2 and a.shape != b.shape:
                    # a (k x 1) column against a (1 x k) row would broadcast to k x k: a shape slip
                    if not (a.shape == (1, 1) or b.shape == (1, 1)):
                        raise ShapeProblem(f"shapes {a.shape} and {b.shape}")
                return op(a, b)
        except ValueError as exc:
            raise ShapeProblem(str(exc)) from None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id == "eye":
            return np.eye(int(evaluate(node.args[0], env)))
        function = FUNCTIONS.get(node.func.id)
        if function is None:
            raise NotationError(f"unknown function {node.func.id!r}")
        with np.errstate(all="ignore"):
            return function(*[evaluate(a, env) for a in node.args])
    raise NotationError(f"unsupported syntax {type(node).__name__}")


def value_of(text: str, env: dict[str, Any]) -> np.ndarray:
    names = [k for k in env]
    result = np.asarray(evaluate(parse(text, names), env), dtype=float)
    return result.reshape(1, 1) if result.ndim == 0 else result


def same(a: Any, b: Any, rtol: float = 1e-7, atol: float = 1e-9) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.size == 1 and b.size == 1:
        a, b = a.reshape(1, 1), b.reshape(1, 1)
    if a.shape != b.shape or not np.all(np.isfinite(a)):
        return False
    return bool(np.allclose(a, b, rtol=rtol, atol=atol))
