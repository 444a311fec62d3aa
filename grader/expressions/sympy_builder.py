"""Building SymPy objects from a validated tree -- the only road from student text to SymPy.

No SymPy parser is involved: every node of the (whitelisted) tree maps to one
SymPy constructor.  Powers of two numbers and ``factorial`` are built with
``evaluate=False`` so that construction never computes a huge number (the
parser's bounds already keep exponents small, this is the second fence).

``symbols`` maps names to SymPy objects: ``Symbol``/``MatrixSymbol`` for
names, and optionally SymPy functions (``sympy.Function("f")`` or any
callable returning SymPy objects) for function spellings the caller defines.
"""

from __future__ import annotations

import ast
from typing import Any, Callable, Mapping

import sympy

from .functions import canonical
from .numeric import literal_fraction
from .parser import ExpressionError


def _sigmoid(x):
    return 1 / (1 + sympy.exp(-x))


def _heaviside(x, at_zero=None):
    return sympy.Heaviside(x) if at_zero is None else sympy.Heaviside(x, at_zero)


def _inverse(x):
    return x.I if isinstance(x, sympy.MatrixExpr) else sympy.Pow(x, -1)


def _trace(x):
    return sympy.Trace(x) if isinstance(x, sympy.MatrixExpr) else x


#: canonical table name -> SymPy constructor
SYMPY_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt, "abs": sympy.Abs, "tanh": sympy.tanh,
    "sinh": sympy.sinh, "cosh": sympy.cosh, "sin": sympy.sin, "cos": sympy.cos, "sigmoid": _sigmoid,
    "relu": lambda x: sympy.Max(x, 0), "max": sympy.Max, "min": sympy.Min, "Heaviside": _heaviside,
    "sign": sympy.sign, "floor": sympy.floor, "ceil": sympy.ceiling,
    "factorial": lambda x: sympy.factorial(x, evaluate=False),
    "transpose": sympy.transpose, "inverse": _inverse, "trace": _trace,
    "diag": sympy.Function("diag"), "sum": sympy.Function("sum"), "softmax": sympy.Function("softmax"),
}


def to_sympy(tree: ast.AST, symbols: Mapping[str, Any]) -> sympy.Expr:
    """The SymPy expression of a validated tree.  Raises ExpressionError for unknown names or ``O``."""
    node = tree.body if isinstance(tree, ast.Expression) else tree
    return _build(node, symbols)


def _build(node: ast.AST, symbols: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.BinOp):
        left, right = _build(node.left, symbols), _build(node.right, symbols)
        op = type(node.op)
        if op is ast.Add:
            return left + right
        if op is ast.Sub:
            return left - right
        if op is ast.Mult:
            return left * right
        if op is ast.Div:
            return left / right
        if op is ast.Pow:
            numbers = getattr(left, "is_Number", False) and getattr(right, "is_Number", False)
            return sympy.Pow(left, right, evaluate=not numbers)
        if op is ast.MatMult:
            return left @ right
    elif isinstance(node, ast.UnaryOp):
        operand = _build(node.operand, symbols)
        return -operand if isinstance(node.op, ast.USub) else operand
    elif isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        value = literal_fraction(node.value)
        return sympy.Rational(value.numerator, value.denominator)
    elif isinstance(node, ast.Name):
        if node.id in symbols:
            return symbols[node.id]
        if node.id == "pi":
            return sympy.pi
        if node.id == "E":
            return sympy.E
        raise ExpressionError(f"no SymPy object for the name '{node.id}'", node.col_offset)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        args = [_build(arg, symbols) for arg in node.args]
        name = node.func.id
        own = symbols.get(name)
        if own is not None and callable(own):
            return own(*args)
        constructor = SYMPY_FUNCTIONS.get(canonical(name))
        if constructor is None:
            raise ExpressionError(f"the function {name}() has no SymPy form here", node.col_offset)
        return constructor(*args)
    elif isinstance(node, ast.Attribute) and node.attr == "T":
        return sympy.transpose(_build(node.value, symbols))
    raise ExpressionError(f"{type(node).__name__} cannot be converted to SymPy", getattr(node, "col_offset", None))
