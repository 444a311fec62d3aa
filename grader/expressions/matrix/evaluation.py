"""Evaluation of a validated tree on numpy values."""

from __future__ import annotations

import ast
import math
from typing import Any, Mapping

import numpy as np

from .errors import MatrixEvalError, UnknownName, UnsupportedExpression
from .functions import FUNCTIONS, transpose_value
from .shapes import check_elementwise, check_matmul, check_power
from .trees import source_of
from .values import as_value, describe_shape

#: no intermediate value may hold more entries (answers live on instances with
#: dimensions below 10; this only stops hostile input)
MAX_ENTRIES = 250_000
_CONSTANTS = {"pi": math.pi, "E": math.e}


class Evaluator:
    """Evaluates one validated tree on given values; remembers each node's value.

    ``derivative_at`` lets :func:`.reverse_mode.backward` evaluate the derivative of an
    elementwise function at another value than its argument (the wrong-node
    alternatives of a backward pass).
    """

    def __init__(self, values: Mapping[str, Any]):
        self.values = values
        self.cache: dict[int, np.ndarray] = {}

    def __call__(self, tree: ast.AST) -> np.ndarray:
        root = tree.body if isinstance(tree, ast.Expression) else tree
        with np.errstate(all="ignore"):
            return self.value(root)

    def value(self, node: ast.AST) -> np.ndarray:
        key = id(node)
        if key not in self.cache:
            result = self._compute(node)
            if result.size > MAX_ENTRIES:
                raise MatrixEvalError(f"`{source_of(node)}` is far too large ({describe_shape(result)})")
            self.cache[key] = result
        return self.cache[key]

    def _compute(self, node: ast.AST) -> np.ndarray:
        if isinstance(node, ast.Constant):
            return np.asarray(float(node.value))
        if isinstance(node, ast.Name):
            if node.id in self.values:
                return as_value(self.values[node.id])
            if node.id in _CONSTANTS:  # the parser turns pi and e into these names
                return np.asarray(_CONSTANTS[node.id])
            raise UnknownName(f"`{node.id}` has no value here")
        if isinstance(node, ast.Attribute):
            return transpose_value(self.value(node.value))
        if isinstance(node, ast.UnaryOp):
            operand = self.value(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            return self._binary(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        raise UnsupportedExpression(f"{type(node).__name__} is not allowed in a matrix expression")

    def _binary(self, node: ast.BinOp) -> np.ndarray:
        left, right = self.value(node.left), self.value(node.right)
        op = node.op
        if isinstance(op, ast.MatMult):
            if left.ndim == 0 or right.ndim == 0:
                # a scalar juxtaposed with a matrix (LaTeX "\frac{1}{K} (\hat y - y)") scales it
                return left * right
            check_matmul(node, left, right)
            return left @ right
        if isinstance(op, ast.Pow):
            check_power(node, left, right)
            return np.power(left, right)
        check_elementwise(node, left, right)
        if isinstance(op, ast.Add):
            return left + right
        if isinstance(op, ast.Sub):
            return left - right
        if isinstance(op, ast.Mult):
            return left * right
        return left / right

    def _call(self, node: ast.Call) -> np.ndarray:
        function = FUNCTIONS.get(node.func.id) if isinstance(node.func, ast.Name) else None
        if function is None:
            raise UnsupportedExpression(f"unknown function {ast.unparse(node.func)!r}")
        args = [self.value(a) for a in node.args]
        if not function.min_args <= len(args) <= function.max_args:
            raise UnsupportedExpression(f"`{node.func.id}` takes {function.min_args} argument(s), got {len(args)}")
        if len(args) == 2 and (function.elementwise or function.name in ("max", "min")):
            check_elementwise(node, args[0], args[1])
        return np.asarray(function.apply(*args), dtype=float)


def evaluate(tree: ast.AST, values: Mapping[str, Any]) -> np.ndarray:
    """The value of a validated tree, given a value for every name it mentions."""
    return Evaluator(values)(tree)
