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
            if node.id == "I":
                raise MatrixEvalError("the identity I needs a size here: write eye(n) with a dimension n")
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
        left, right = self._identity_operands(node)
        op = node.op
        if isinstance(op, ast.Pow) and left.ndim == 2 and left.shape[0] == left.shape[1] > 1 and right.ndim == 0 \
                and float(right) == -1:
            return FUNCTIONS["inv"].apply(left)  # X^{-1} of a square matrix is its inverse
        if isinstance(op, ast.MatMult):
            if getattr(node, "grader_juxtaposed", False) and left.ndim == 2 and left.shape == right.shape \
                    and left.shape[1] == 1 and left.shape[0] > 1:
                # sigma(z)(1 - sigma(z)) of column vectors: only the elementwise product is possible
                return left * right
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

    def _identity_operands(self, node: ast.BinOp) -> tuple[np.ndarray, np.ndarray]:
        """The two operands, where a bare ``I`` (a scaled identity: I, 2*I, lam*I) takes the size of the other one."""
        left_identity, right_identity = self._scaled_identity(node.left), self._scaled_identity(node.right)
        if left_identity is not None and right_identity is None:
            right = self.value(node.right)
            return left_identity * np.eye(_identity_size(right, node, on_left=True)), right
        if right_identity is not None and left_identity is None:
            left = self.value(node.left)
            return left, right_identity * np.eye(_identity_size(left, node, on_left=False))
        return self.value(node.left), self.value(node.right)

    def _scaled_identity(self, node: ast.AST) -> float | None:
        """The factor c when ``node`` is ``I``, ``c*I``, ``I*c``, ``-I`` with c free of I (and I is not a value)."""
        if "I" in self.values:
            return None
        if isinstance(node, ast.Name) and node.id == "I":
            return 1.0
        if isinstance(node, ast.UnaryOp):
            inner = self._scaled_identity(node.operand)
            return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.MatMult, ast.Div)):
            identity = self._scaled_identity(node.left)
            if identity is not None:
                factor = self.value(node.right)
                if factor.ndim == 0:
                    return identity * float(factor) if not isinstance(node.op, ast.Div) else identity / float(factor)
            elif not isinstance(node.op, ast.Div):
                identity = self._scaled_identity(node.right)
                factor = self.value(node.left)
                if identity is not None and factor.ndim == 0:
                    return identity * float(factor)
        return None

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


def _identity_size(other: np.ndarray, node: ast.BinOp, on_left: bool) -> int:
    if other.ndim == 0:
        raise MatrixEvalError(f"`{source_of(node)}`: the size of the identity I is unknown here; write eye(n) with a dimension n")
    if isinstance(node.op, ast.MatMult):
        return other.shape[0] if on_left else other.shape[1]
    if other.shape[0] != other.shape[1]:
        raise MatrixEvalError(f"`{source_of(node)}`: the identity I can only be added to a square matrix, "
                              f"not {describe_shape(other)}")
    return other.shape[0]


def evaluate(tree: ast.AST, values: Mapping[str, Any]) -> np.ndarray:
    """The value of a validated tree, given a value for every name it mentions."""
    return Evaluator(values)(tree)
