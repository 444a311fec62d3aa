"""Numerical evaluation of matrix expressions: the language of backward-pass answers.

A student writes ``W3.T @ y_bar`` or ``c1_bar * (c1 * (1 - c1))``; the safe
parser (:mod:`grader.expressions.parser`) turns the text into a validated
``ast.Expression`` and this module evaluates that tree on numpy values.  It
never sees raw text: nothing here parses, compiles or evaluates strings.

Conventions (documented for rubric authors and students):

* every vector is a **column** vector of shape ``(n, 1)``, a matrix is
  ``(m, n)``, a scalar is a 0-d array; a ``(1, 1)`` result such as
  ``v.T @ w`` counts as a scalar;
* ``*``, ``/``, ``+``, ``-`` are **elementwise** and need equal shapes, or a
  scalar on one side.  There is no row/column broadcasting: ``(n, 1) * (1, m)``
  or ``(m, n) + (m, 1)`` is a :class:`ShapeError` that names the operation and
  the shapes, because in a derivation it is almost always a mistake;
* ``@`` is the matrix product and ``A.T`` (or ``transpose(A)``) the transpose;
  a scalar on either side of ``@`` scales (LaTeX juxtaposition such as
  ``\\frac{1}{K} (\\hat{y} - y)`` arrives as ``1 / K @ (y_hat - y)``);
* ``**`` is elementwise on scalars and vectors; on a proper matrix it is
  refused as ambiguous (write ``A @ A``, ``A * A`` or ``inv(A)``);
* functions apply elementwise unless listed otherwise in :data:`FUNCTIONS`;
  the step function ``step`` (alias ``relu_prime``, ``drelu``) is 0 at
  exactly 0, like ReLU'(0) in PyTorch; ``Heaviside`` keeps SymPy's 1/2 there.
  Instances never put an activation's argument at 0, so this only matters
  for slips such as ``step(c2)`` with ``c2 = relu(u)``.

Besides evaluation the module offers reverse-mode differentiation of a tree
(:func:`backward`, used to compute reference adjoints of a forward graph) and
the comparisons and diagnoses shared by the matrix checkers
(:func:`compare`, :func:`transpose_variants`, :func:`factor_between`).
"""

from __future__ import annotations

import ast
import copy
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np

MAX_NODES = 2_000
MAX_DEPTH = 120
#: no intermediate value may hold more entries, nor a product cost more multiplications
#: (answers live on instances with dimensions below 10; this only stops hostile input)
MAX_ENTRIES = 250_000
MAX_PRODUCT_COST = 20_000_000
MAX_EYE = 100
_CONSTANTS = {"pi": math.pi, "E": math.e}


# ---------------------------------------------------------------- errors


class MatrixEvalError(ValueError):
    """An expression cannot be evaluated; the message is meant for the student."""


class ShapeError(MatrixEvalError):
    """An operation got operands of incompatible shapes.

    ``operation`` is the source text of the failing sub-expression, ``shapes``
    the operand shapes and ``suggestion`` a fix that would make the shapes fit
    (e.g. ``"W3.T @ y_bar"``), when one is obvious.
    """

    def __init__(self, message: str, *, operation: str, shapes: Sequence[tuple[int, ...]], suggestion: str | None = None):
        super().__init__(message)
        self.operation = operation
        self.shapes = [tuple(s) for s in shapes]
        self.suggestion = suggestion


class UnknownName(MatrixEvalError):
    """The expression mentions a name that has no value."""


class UnsupportedExpression(MatrixEvalError):
    """The tree holds a node or function outside the matrix language."""


# ---------------------------------------------------------------- values


def as_value(value: Any) -> np.ndarray:
    """A float array in the evaluator's representation: 0-d scalar or 2-d matrix."""
    array = np.asarray(value, dtype=float)
    if array.ndim == 1:
        # a plain list of numbers is a column vector, the course convention
        array = array.reshape(-1, 1)
    if array.ndim not in (0, 2):
        raise MatrixEvalError(f"values must be scalars, vectors or matrices, got {array.ndim} dimensions")
    return array


def is_scalar(value: np.ndarray) -> bool:
    return value.ndim == 0 or value.shape == (1, 1)


def is_vector(value: np.ndarray) -> bool:
    return value.ndim == 2 and 1 in value.shape and not is_scalar(value)


def shape_text(shape: tuple[int, ...]) -> str:
    return "scalar" if len(shape) == 0 else str(tuple(int(s) for s in shape))


def describe_shape(value: np.ndarray) -> str:
    if value.ndim == 0:
        return "a scalar"
    rows, cols = value.shape
    if cols == 1 and rows > 1:
        return f"a column vector {shape_text(value.shape)}"
    if rows == 1 and cols > 1:
        return f"a row vector {shape_text(value.shape)}"
    return f"a matrix {shape_text(value.shape)}"


# ---------------------------------------------------------------- function table


@dataclass(frozen=True)
class MatrixFunction:
    """One function of the matrix language.

    ``derivative`` is f' for elementwise functions of one argument (used by
    :func:`backward` and by the wrong-node diagnosis); ``vjp`` is the
    vector-Jacobian product ``(args, result, bar) -> arg bars`` for the others.
    ``derivative_of`` marks functions that *are* a derivative (``step`` is
    ReLU'), so a checker can see which node they were evaluated at.
    """

    name: str
    min_args: int
    max_args: int
    apply: Callable[..., np.ndarray]
    description: str
    elementwise: bool = False
    derivative: Callable[[np.ndarray], np.ndarray] | None = None
    vjp: Callable[[list[np.ndarray], np.ndarray, np.ndarray], list[np.ndarray | None]] | None = None
    derivative_of: str | None = None


def _sigmoid(a: np.ndarray) -> np.ndarray:
    # exp(-|a|) never overflows; the two branches are the same function
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_prime(a: np.ndarray) -> np.ndarray:
    s = _sigmoid(a)
    return s * (1.0 - s)


def _step(a: np.ndarray, at_zero: np.ndarray | float = 0.0) -> np.ndarray:
    return np.heaviside(a, at_zero)


def _softplus(a: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, a)


def _require_vector(name: str, value: np.ndarray) -> None:
    if value.ndim != 2 or (value.shape[1] != 1 and value.shape[0] != 1):
        raise ShapeError(f"`{name}` needs a vector, got {describe_shape(value)}", operation=name, shapes=[value.shape])


def _softmax(y: np.ndarray) -> np.ndarray:
    if y.ndim == 0:
        return np.ones(())
    # a vector: over all entries; a matrix: column by column (one example per column)
    axis = None if 1 in y.shape else 0
    shifted = y - np.max(y, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def _softmax_vjp(args, s, bar):
    axis = None if s.ndim == 0 or 1 in s.shape else 0
    return [s * (bar - np.sum(bar * s, axis=axis, keepdims=True))]


def _softmax_jacobian(y: np.ndarray) -> np.ndarray:
    _require_vector("softmax_jacobian", y)
    s = _softmax(y).reshape(-1, 1)
    return np.diagflat(s) - s @ s.T


def _diag(a: np.ndarray) -> np.ndarray:
    if a.ndim == 0:
        return a.reshape(1, 1)
    if 1 in a.shape:
        return np.diagflat(a)
    return np.diag(a).reshape(-1, 1).copy()


def _diag_vjp(args, out, bar):
    (a,) = args
    if a.ndim == 0:
        return [bar.reshape(())]
    if 1 in a.shape:
        return [np.diag(bar).reshape(a.shape).copy()]
    grad = np.zeros_like(a)
    k = min(a.shape)
    grad[np.arange(k), np.arange(k)] = bar.reshape(-1)
    return [grad]


def _trace(a: np.ndarray) -> np.ndarray:
    if a.ndim == 0:
        return a
    if a.shape[0] != a.shape[1]:
        raise ShapeError(f"`trace` needs a square matrix, got {describe_shape(a)}", operation="trace", shapes=[a.shape])
    return np.asarray(np.trace(a), dtype=float)


def _inverse(a: np.ndarray) -> np.ndarray:
    if a.ndim == 0:
        return 1.0 / a
    if a.shape[0] != a.shape[1]:
        raise ShapeError(f"`inv` needs a square matrix, got {describe_shape(a)}", operation="inv", shapes=[a.shape])
    try:
        return np.linalg.inv(a)
    except np.linalg.LinAlgError:
        return np.full(a.shape, np.nan)


def _inverse_vjp(args, out, bar):
    if out.ndim == 0:
        return [-bar * out * out]
    return [-out.T @ bar @ out.T]


def _concat(*parts: np.ndarray) -> np.ndarray:
    blocks = [p.reshape(1, 1) if p.ndim == 0 else p for p in parts]
    widths = {b.shape[1] for b in blocks}
    if len(widths) != 1:
        raise ShapeError("`concat` stacks blocks vertically and needs equal numbers of columns, got "
                         + ", ".join(shape_text(b.shape) for b in blocks), operation="concat", shapes=[b.shape for b in blocks])
    return np.vstack(blocks)


def _concat_vjp(args, out, bar):
    grads, row = [], 0
    for a in args:
        rows = 1 if a.ndim == 0 else a.shape[0]
        piece = bar[row:row + rows]
        grads.append(piece.reshape(()) if a.ndim == 0 else piece)
        row += rows
    return grads


def _hconcat(*parts: np.ndarray) -> np.ndarray:
    blocks = [p.reshape(1, 1) if p.ndim == 0 else p for p in parts]
    heights = {b.shape[0] for b in blocks}
    if len(heights) != 1:
        raise ShapeError("`hconcat` puts blocks side by side and needs equal numbers of rows, got "
                         + ", ".join(shape_text(b.shape) for b in blocks), operation="hconcat", shapes=[b.shape for b in blocks])
    return np.hstack(blocks)


def _hconcat_vjp(args, out, bar):
    grads, col = [], 0
    for a in args:
        cols = 1 if a.ndim == 0 else a.shape[1]
        piece = bar[:, col:col + cols]
        grads.append(piece.reshape(()) if a.ndim == 0 else piece)
        col += cols
    return grads


def _sum(a: np.ndarray) -> np.ndarray:
    return np.asarray(np.sum(a), dtype=float)


def _mean(a: np.ndarray) -> np.ndarray:
    return np.asarray(np.mean(a), dtype=float)


def _eye(n: np.ndarray) -> np.ndarray:
    if n.ndim != 0 and n.shape != (1, 1):
        raise ShapeError("`eye(n)` needs a dimension (a whole number), got " + describe_shape(n), operation="eye", shapes=[n.shape])
    size = float(n.reshape(()))
    if not size.is_integer() or not 1 <= size <= MAX_EYE:
        raise MatrixEvalError(f"`eye(n)` needs a whole number between 1 and {MAX_EYE}, got {size:g}")
    return np.eye(int(size))


def _outer(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    _require_vector("outer", a)
    _require_vector("outer", b)
    return a.reshape(-1, 1) @ b.reshape(1, -1)


def _transpose(a: np.ndarray) -> np.ndarray:
    return a if a.ndim == 0 else a.T


def _unary(name, apply, derivative, description, derivative_of=None) -> MatrixFunction:
    return MatrixFunction(name, 1, 1, apply, description, elementwise=True, derivative=derivative, derivative_of=derivative_of)


_EXP = _unary("exp", np.exp, np.exp, "exponential, elementwise")
_LOG = _unary("log", np.log, lambda a: 1.0 / a, "natural logarithm, elementwise")
_SQRT = _unary("sqrt", np.sqrt, lambda a: 0.5 / np.sqrt(a), "square root, elementwise")
_ABS = _unary("abs", np.abs, np.sign, "absolute value, elementwise")
_TANH = _unary("tanh", np.tanh, lambda a: 1.0 - np.tanh(a) ** 2, "hyperbolic tangent, elementwise")
_SIGMOID = _unary("sigmoid", _sigmoid, _sigmoid_prime, "logistic sigmoid 1/(1+exp(-a)), elementwise")
_RELU = _unary("relu", lambda a: np.maximum(a, 0.0), lambda a: _step(a), "max(a, 0), elementwise")
_SIGN = _unary("sign", np.sign, np.zeros_like, "sign, elementwise")
_SINH = _unary("sinh", np.sinh, np.cosh, "hyperbolic sine, elementwise")
_COSH = _unary("cosh", np.cosh, np.sinh, "hyperbolic cosine, elementwise")
_SIN = _unary("sin", np.sin, np.cos, "sine, elementwise")
_COS = _unary("cos", np.cos, lambda a: -np.sin(a), "cosine, elementwise")
_SOFTPLUS = _unary("softplus", _softplus, _sigmoid, "log(1 + exp(a)), elementwise")
_STEP = MatrixFunction("step", 1, 2, _step, "1 where a > 0, else 0 (= ReLU'(a)); step(a, h0) takes value h0 at 0",
                       elementwise=True, derivative=np.zeros_like, derivative_of="relu")
# SymPy's convention, as in the scalar function table: 1/2 at exactly 0
_HEAVISIDE = MatrixFunction("Heaviside", 1, 2, lambda a, h0=0.5: _step(a, h0),
                            "1 where a > 0, 0 where a < 0, 1/2 (or the 2nd argument) at 0",
                            elementwise=True, derivative=np.zeros_like, derivative_of="relu")
_SIGMOID_PRIME = _unary("sigmoid_prime", _sigmoid_prime, lambda a: _sigmoid_prime(a) * (1 - 2 * _sigmoid(a)),
                        "sigmoid(a) * (1 - sigmoid(a)), elementwise", derivative_of="sigmoid")
_TANH_PRIME = _unary("tanh_prime", lambda a: 1.0 - np.tanh(a) ** 2, lambda a: -2 * np.tanh(a) * (1 - np.tanh(a) ** 2),
                     "1 - tanh(a)**2, elementwise", derivative_of="tanh")
_SOFTMAX = MatrixFunction("softmax", 1, 1, _softmax, "exp(y) / sum(exp(y)) over a vector (column by column for a matrix)", vjp=_softmax_vjp)
_SOFTMAX_JACOBIAN = MatrixFunction("softmax_jacobian", 1, 1, _softmax_jacobian,
                                   "the (n, n) Jacobian diag(s) - s s^T of softmax at a vector", derivative_of="softmax")
_DIAG = MatrixFunction("diag", 1, 1, _diag, "vector -> diagonal matrix; matrix -> column of its diagonal", vjp=_diag_vjp)
_TRACE = MatrixFunction("trace", 1, 1, _trace, "sum of the diagonal of a square matrix",
                        vjp=lambda args, out, bar: [bar * np.eye(args[0].shape[0]) if args[0].ndim else bar])
_SUM = MatrixFunction("sum", 1, 1, _sum, "sum of all entries (a scalar)", vjp=lambda args, out, bar: [bar * np.ones_like(args[0])])
_MEAN = MatrixFunction("mean", 1, 1, _mean, "mean of all entries (a scalar)",
                       vjp=lambda args, out, bar: [bar * np.ones_like(args[0]) / max(args[0].size, 1)])
_TRANSPOSE = MatrixFunction("transpose", 1, 1, _transpose, "transpose, same as A.T", vjp=lambda args, out, bar: [_transpose(bar)])
_INVERSE = MatrixFunction("inv", 1, 1, _inverse, "inverse of a square matrix", vjp=_inverse_vjp)
_CONCAT = MatrixFunction("concat", 1, 8, _concat, "vertical stacking [a; b]", vjp=_concat_vjp)
_HCONCAT = MatrixFunction("hconcat", 1, 8, _hconcat, "horizontal stacking [A B]", vjp=_hconcat_vjp)
_EYE = MatrixFunction("eye", 1, 1, _eye, "eye(n): the n x n identity, n a dimension name")
_OUTER = MatrixFunction("outer", 2, 2, _outer, "outer(a, b) = a @ b.T for vectors",
                        vjp=lambda args, out, bar: [(bar @ args[1].reshape(-1, 1)).reshape(args[0].shape),
                                                    (bar.T @ args[0].reshape(-1, 1)).reshape(args[1].shape)])
_MAX = MatrixFunction("max", 1, 2, lambda *a: np.maximum(*a) if len(a) == 2 else np.asarray(np.max(a[0])),
                      "max(a, b) elementwise (max(a, 0) is ReLU); max(a) is the largest entry")
_MIN = MatrixFunction("min", 1, 2, lambda *a: np.minimum(*a) if len(a) == 2 else np.asarray(np.min(a[0])),
                      "min(a, b) elementwise; min(a) is the smallest entry")

#: spelling -> function; several spellings share one function
FUNCTIONS: dict[str, MatrixFunction] = {}
for _function, _spellings in [
    (_EXP, ["exp"]), (_LOG, ["log", "ln"]), (_SQRT, ["sqrt"]), (_ABS, ["abs", "Abs"]), (_TANH, ["tanh"]),
    (_SINH, ["sinh"]), (_COSH, ["cosh"]), (_SIN, ["sin"]), (_COS, ["cos"]),
    (_SIGMOID, ["sigmoid", "Sigmoid"]), (_RELU, ["relu", "ReLU", "Relu"]), (_SIGN, ["sign", "sgn"]),
    (_SOFTPLUS, ["softplus"]),
    (_STEP, ["step", "relu_prime", "drelu", "ReLU_prime"]), (_HEAVISIDE, ["Heaviside", "heaviside"]),
    (_SIGMOID_PRIME, ["sigmoid_prime", "dsigmoid"]), (_TANH_PRIME, ["tanh_prime", "dtanh"]),
    (_SOFTMAX, ["softmax", "Softmax"]),
    (_SOFTMAX_JACOBIAN, ["softmax_jacobian", "softmax_prime", "dsoftmax"]),
    (_DIAG, ["diag"]), (_TRACE, ["trace", "tr"]), (_SUM, ["sum"]), (_MEAN, ["mean"]),
    (_TRANSPOSE, ["transpose"]), (_INVERSE, ["inv", "inverse"]),
    (_CONCAT, ["concat", "vstack", "vconcat"]), (_HCONCAT, ["hconcat", "hstack"]),
    (_EYE, ["eye", "identity"]), (_OUTER, ["outer"]), (_MAX, ["max", "Max", "maximum"]), (_MIN, ["min", "Min", "minimum"]),
]:
    for _spelling in _spellings:
        FUNCTIONS[_spelling] = _function

FUNCTION_NAMES: frozenset[str] = frozenset(FUNCTIONS)


# ---------------------------------------------------------------- parsing answers


class AnswerSyntaxError(MatrixEvalError):
    """An answer string cannot be parsed; ``position`` is the character offset when known."""

    def __init__(self, message: str, position: int | None = None):
        super().__init__(message)
        self.position = position


def parse_matrix_answer(text: str, names: Iterable[str]) -> ast.Expression:
    """Parse a student's answer with the safe parser in matrix mode, then check it against this table.

    The parser (:mod:`grader.expressions.parser`) bounds size and depth, knows
    LaTeX and rewrites ``^``; this module never parses text itself.
    """
    from .parser import ExpressionError, parse_expression

    try:
        tree = parse_expression(text, sorted(set(names)), functions=parser_functions(), matrix_ops=True)
    except ExpressionError as error:
        raise AnswerSyntaxError(str(error), getattr(error, "position", None)) from None
    return validate_tree(tree)


def parser_functions() -> frozenset[str]:
    """The function spellings the parser lets through: exactly this module's table.

    Passing our own collection makes the parser keep spellings as written
    (``ReLU`` stays ``ReLU``); :data:`FUNCTIONS` knows every one of them.
    """
    return FUNCTION_NAMES


# ---------------------------------------------------------------- tree validation

_BINARY = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.MatMult)
_UNARY = (ast.USub, ast.UAdd)


def validate_tree(tree: ast.AST) -> ast.Expression:
    """Check that ``tree`` only holds nodes of the matrix language; returns it as an Expression.

    The parser already guarantees this; checking again here keeps the
    evaluator safe on its own (it may be handed trees built elsewhere).
    """
    if not isinstance(tree, ast.Expression):
        if isinstance(tree, ast.expr):
            tree = ast.Expression(body=tree)
        else:
            raise UnsupportedExpression(f"not an expression: {type(tree).__name__}")
    count = 0

    def visit(node: ast.AST, depth: int) -> None:
        nonlocal count
        count += 1
        if count > MAX_NODES:
            raise UnsupportedExpression(f"expression is too long (more than {MAX_NODES} parts)")
        if depth > MAX_DEPTH:
            raise UnsupportedExpression(f"expression is nested too deeply (more than {MAX_DEPTH} levels)")
        if isinstance(node, ast.BinOp):
            if not isinstance(node.op, _BINARY):
                raise UnsupportedExpression(f"operator {type(node.op).__name__} is not allowed")
            visit(node.left, depth + 1)
            visit(node.right, depth + 1)
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, _UNARY):
                raise UnsupportedExpression(f"operator {type(node.op).__name__} is not allowed")
            visit(node.operand, depth + 1)
        elif isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.keywords:
                raise UnsupportedExpression("only calls of known functions with plain arguments are allowed")
            function = FUNCTIONS.get(node.func.id)
            if function is None:
                raise UnsupportedExpression(f"unknown function {node.func.id!r} in a matrix expression")
            if not function.min_args <= len(node.args) <= function.max_args:
                expected = function.min_args if function.min_args == function.max_args else f"{function.min_args} to {function.max_args}"
                raise UnsupportedExpression(f"`{node.func.id}` takes {expected} argument(s), got {len(node.args)}")
            for arg in node.args:
                if isinstance(arg, ast.Starred):
                    raise UnsupportedExpression("starred arguments are not allowed")
                visit(arg, depth + 1)
        elif isinstance(node, ast.Attribute):
            if node.attr != "T":
                raise UnsupportedExpression(f"attribute .{node.attr} is not allowed (only .T)")
            visit(node.value, depth + 1)
        elif isinstance(node, ast.Name):
            pass
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise UnsupportedExpression(f"constant {node.value!r} is not a number")
        else:
            raise UnsupportedExpression(f"{type(node).__name__} is not allowed in a matrix expression")

    visit(tree.body, 0)
    return tree


def names_in(tree: ast.AST) -> set[str]:
    """The value names a tree mentions (function names excluded)."""
    return {node.id for node in value_name_nodes(tree)}


def value_name_nodes(tree: ast.AST) -> Iterator[ast.Name]:
    root = tree.body if isinstance(tree, ast.Expression) else tree
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name):
            yield node
        elif isinstance(node, ast.Call):
            stack.extend(node.args)
        elif isinstance(node, ast.BinOp):
            stack.extend([node.left, node.right])
        elif isinstance(node, ast.UnaryOp):
            stack.append(node.operand)
        elif isinstance(node, ast.Attribute):
            stack.append(node.value)


def source_of(node: ast.AST) -> str:
    return ast.unparse(node)


def _transposed_text(node: ast.AST) -> str:
    text = source_of(node)
    if isinstance(node, (ast.Name, ast.Call, ast.Attribute, ast.Constant)):
        return f"{text}.T"
    return f"({text}).T"


# ---------------------------------------------------------------- evaluation


class Evaluator:
    """Evaluates one validated tree on given values; remembers each node's value.

    ``derivative_at`` lets :func:`backward` evaluate the derivative of an
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
            return _transpose(self.value(node.value))
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


# ---------------------------------------------------------------- shape rules


def _operator_symbol(node: ast.AST) -> str:
    if isinstance(node, ast.BinOp):
        return {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.MatMult: "@"}[type(node.op)]
    return ast.unparse(node.func) if isinstance(node, ast.Call) else "?"


def _operands(node: ast.AST) -> tuple[ast.AST, ast.AST]:
    if isinstance(node, ast.BinOp):
        return node.left, node.right
    return node.args[0], node.args[1]


def _matmul_fits(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return len(a) == 2 and len(b) == 2 and a[1] == b[0]


def check_matmul(node: ast.BinOp, left: np.ndarray, right: np.ndarray) -> None:
    text = source_of(node)
    if left.shape[1] == right.shape[0]:
        if left.shape[0] * left.shape[1] * right.shape[1] > MAX_PRODUCT_COST:
            raise MatrixEvalError(f"`{text}` is far too large a product to evaluate")
        return
    l_src, r_src = node.left, node.right
    candidates = [
        ((left.shape[::-1], right.shape), f"{_transposed_text(l_src)} @ {source_of(r_src)}"),
        ((left.shape, right.shape[::-1]), f"{source_of(l_src)} @ {_transposed_text(r_src)}"),
        ((right.shape, left.shape), f"{source_of(r_src)} @ {source_of(l_src)}"),
        ((left.shape[::-1], right.shape[::-1]), f"{_transposed_text(l_src)} @ {_transposed_text(r_src)}"),
    ]
    suggestion = next((text_ for (a, b), text_ in candidates if _matmul_fits(a, b)), None)
    message = (f"`{text}`: cannot multiply {shape_text(left.shape)} by {shape_text(right.shape)} "
               f"(the inner sizes {left.shape[1]} and {right.shape[0]} differ)")
    if suggestion:
        # Say what kind of fix is needed, not the fix itself: the fixed text is often the answer.
        message += "; " + _fix_hint(suggestion)
    raise ShapeError(message, operation=text, shapes=[left.shape, right.shape], suggestion=suggestion)


def _fix_hint(suggestion: str) -> str:
    if ".T" in suggestion:
        return "check which factor needs a transpose"
    return "check the order of the factors"


def check_elementwise(node: ast.AST, left: np.ndarray, right: np.ndarray) -> None:
    if left.shape == right.shape or is_scalar(left) or is_scalar(right):
        return
    text = source_of(node)
    symbol = _operator_symbol(node)
    l_src, r_src = _operands(node)
    suggestion = None
    if left.shape == right.shape[::-1]:
        hint = "the shapes are transposes of each other"
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) and _matmul_fits(left.shape, right.shape):
        suggestion = f"{source_of(l_src)} @ {source_of(r_src)}"
        hint = "`*` is the elementwise product"
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) and _matmul_fits(left.shape[::-1], right.shape):
        suggestion = f"{_transposed_text(l_src)} @ {source_of(r_src)}"
        hint = "`*` is the elementwise product"
    else:
        hint = "elementwise operations need equal shapes (or a scalar); there is no row/column broadcasting"
    message = f"`{text}`: cannot combine {shape_text(left.shape)} and {shape_text(right.shape)} elementwise ({hint})"
    if suggestion:
        message += "; a matrix product is written with `@`" + (" and may need a transpose" if ".T" in suggestion else "")
    raise ShapeError(message, operation=text, shapes=[left.shape, right.shape], suggestion=suggestion)


def check_power(node: ast.BinOp, base: np.ndarray, exponent: np.ndarray) -> None:
    text = source_of(node)
    if not is_scalar(exponent):
        raise ShapeError(f"`{text}`: the exponent must be a scalar, got {describe_shape(exponent)}",
                         operation=text, shapes=[base.shape, exponent.shape])
    if base.ndim == 2 and min(base.shape) > 1:
        raise ShapeError(f"`{text}`: a power of a matrix {shape_text(base.shape)} is ambiguous; write `A @ A` for the "
                         f"matrix product, `A * A` for the elementwise square or `inv(A)` for the inverse",
                         operation=text, shapes=[base.shape, exponent.shape])


# ---------------------------------------------------------------- reverse mode


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
        _backprop(node.value, _transpose(bar), ev, grads, derivative_at)
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
        else:  # Pow with scalar exponent
            out = ev.value(node)
            parts = [bar * b * np.power(a, b - 1), None]
            if _depends_on_names(node.right):
                parts[1] = np.asarray(np.sum(bar * out * np.log(a)))
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


def activation_calls(tree: ast.AST) -> list[ast.Call]:
    """Calls of elementwise functions that have a derivative (activation functions), in tree order."""
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
            and FUNCTIONS.get(n.func.id) is not None and FUNCTIONS[n.func.id].elementwise
            and FUNCTIONS[n.func.id].derivative is not None and len(n.args) == 1]


def derivative_function_calls(tree: ast.AST) -> list[tuple[ast.Call, str]]:
    """Calls of functions that stand for a derivative (``step`` = ReLU'), with the activation they differentiate."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            function = FUNCTIONS.get(node.func.id)
            if function is not None and function.derivative_of:
                found.append((node, function.derivative_of))
    return found


def activation_name(call: ast.Call) -> str:
    """Canonical name of the function a call applies (``ReLU`` -> ``relu``)."""
    return FUNCTIONS[call.func.id].name


# ---------------------------------------------------------------- comparison and diagnoses


def scale_of(value: np.ndarray) -> float:
    return float(np.max(np.abs(value))) if value.size else 0.0


def same_shape(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape or (is_scalar(a) and is_scalar(b))


def close(a: np.ndarray, b: np.ndarray, *, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """Equal shapes (scalars of any form count as equal) and equal values within tolerance."""
    if not same_shape(a, b):
        return False
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:  # a 0-d scalar against a (1, 1) one
        a, b = a.reshape(()), b.reshape(())
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return False
    tolerance = atol + rtol * max(1.0, scale_of(b))
    return bool(np.all(np.abs(a - b) <= tolerance + rtol * np.abs(b)))


def all_close(answers: Sequence[np.ndarray], expected: Sequence[np.ndarray], **tol: float) -> bool:
    return len(answers) == len(expected) and all(close(a, e, **tol) for a, e in zip(answers, expected))


@dataclass(frozen=True)
class Factor:
    """A factor relating an answer to the expected value: a number, maybe times a power of a dimension."""

    constant: float
    dimension: str | None = None
    power: int = 0

    def text(self) -> str:
        number = _nice_number(self.constant)
        if self.dimension is None:
            return number
        dim = self.dimension if abs(self.power) == 1 else f"{self.dimension}**{abs(self.power)}"
        if self.power > 0:
            return dim if number == "1" else f"{number}*{dim}"
        return f"1/{dim}" if number == "1" else f"{number}/{dim}"

    def as_evidence(self) -> dict[str, Any]:
        return {"factor": self.text(), "constant": self.constant, "dimension": self.dimension, "power": self.power}


def _nice_number(x: float) -> str:
    fraction = Fraction(x).limit_denominator(1000)
    if abs(float(fraction) - x) <= 1e-9 * max(1.0, abs(x)):
        return str(fraction.numerator) if fraction.denominator == 1 else f"{fraction.numerator}/{fraction.denominator}"
    return f"{x:.6g}"


def _ratio(answer: np.ndarray, expected: np.ndarray) -> float | None:
    a, e = np.asarray(answer, dtype=float).reshape(-1), np.asarray(expected, dtype=float).reshape(-1)
    if a.size != e.size or not np.all(np.isfinite(a)):
        return None
    denominator = float(e @ e)
    if denominator <= 1e-18:
        return None
    return float(a @ e) / denominator


def factor_between(
    answers: Sequence[np.ndarray],
    expected: Sequence[np.ndarray],
    dims: Sequence[Mapping[str, int]] | None = None,
    *,
    rtol: float = 1e-6,
) -> Factor | None:
    """The factor k with ``answer = k * expected`` at every instance, other than 1.

    The factor may depend on a dimension (a dropped ``1/K`` is ``K`` times the
    expected value at every instance, with K differing between instances);
    then ``dims`` (one mapping per instance) lets it be named.
    """
    ratios = []
    for a, e in zip(answers, expected):
        if not same_shape(a, e):
            return None
        ratio = _ratio(a, e)
        if ratio is None or not close(a, ratio * np.asarray(e), rtol=rtol * 10):
            return None
        ratios.append(ratio)
    if not ratios:
        return None
    if all(abs(r - ratios[0]) <= 1e-6 * max(1.0, abs(ratios[0])) for r in ratios):
        if abs(ratios[0] - 1.0) <= 1e-6 or abs(ratios[0]) <= 1e-9:
            return None
        return Factor(ratios[0])
    if dims:
        for name in sorted(dims[0]):
            for power in (1, -1, 2, -2):
                constants = [r / (d[name] ** power) for r, d in zip(ratios, dims)]
                if all(abs(c - constants[0]) <= 1e-6 * max(1.0, abs(constants[0])) for c in constants):
                    return Factor(constants[0], name, power)
    return None


def transpose_variants(tree: ast.Expression, shapes: Mapping[str, tuple[int, ...]]) -> Iterator[tuple[str, ast.Expression]]:
    """Copies of ``tree`` with one transpose added or removed, with the changed part's text.

    Used to recognise a missing (or extra) transpose: if toggling the
    transpose of ``W3`` makes ``W3 @ y_bar`` right, the mistake is named.
    Only names whose value is not a scalar are toggled, plus existing ``.T``
    on any sub-expression.
    """
    root = tree.body if isinstance(tree, ast.Expression) else tree
    parents: dict[int, tuple[ast.AST, str, int | None]] = {}
    for parent in ast.walk(root):
        for field_name, child in ast.iter_fields(parent):
            if isinstance(child, ast.AST):
                parents[id(child)] = (parent, field_name, None)
            elif isinstance(child, list):
                for index, item in enumerate(child):
                    if isinstance(item, ast.AST):
                        parents[id(item)] = (parent, field_name, index)
    targets: list[tuple[ast.AST, str]] = []
    for node in ast.walk(root):
        if isinstance(node, ast.Attribute) and node.attr == "T":
            targets.append((node, f"remove the transpose of {source_of(node.value)}"))
        elif isinstance(node, ast.Name) and len(shapes.get(node.id, ())) == 2 and max(shapes[node.id]) > 1:
            parent = parents.get(id(node))
            if parent and isinstance(parent[0], ast.Attribute):
                continue  # already handled by removing that transpose
            targets.append((node, f"transpose {node.id}"))
    for target, label in targets:
        new_root = copy.deepcopy(root)
        # find the same node in the copy by walking both trees in parallel
        mapping = dict(zip((id(n) for n in ast.walk(root)), ast.walk(new_root)))
        copied = mapping[id(target)]
        replacement = copied.value if isinstance(copied, ast.Attribute) else ast.Attribute(value=copied, attr="T", ctx=ast.Load())
        if copied is new_root:
            new_root = replacement
        else:
            parent, field_name, index = parents[id(target)]
            new_parent = mapping[id(parent)]
            if index is None:
                setattr(new_parent, field_name, replacement)
            else:
                getattr(new_parent, field_name)[index] = replacement
        yield label, ast.Expression(body=new_root)


@dataclass
class Comparison:
    """Result of comparing an answer tree with expected values at several instances."""

    correct: bool
    diagnosis: str | None = None
    feedback: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)
    values: list[np.ndarray] = field(default_factory=list)


def compare(
    tree: ast.Expression,
    environments: Sequence[Mapping[str, Any]],
    expected: Sequence[np.ndarray],
    *,
    dims: Sequence[Mapping[str, int]] | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    accept_transposed_vector: bool = False,
) -> Comparison:
    """Evaluate ``tree`` in each environment and compare with ``expected``; name the mistake if recognised.

    Diagnoses, in order: ``transposed`` (a shape error or wrong value that one
    transpose fixes, or a row vector for a column vector), ``shape_error``,
    ``sign_error``, ``constant_factor`` (evidence: the factor, possibly a
    dimension such as ``K``).  Callers add their own diagnoses (missing terms,
    wrong node) when this returns ``correct=False`` with no diagnosis.
    """
    tol = {"rtol": rtol, "atol": atol}
    try:
        values = [evaluate(tree, env) for env in environments]
    except ShapeError as error:
        fix = _transpose_fix(tree, environments, expected, tol)
        if fix:
            feedback = str(error) if error.suggestion else f"{error}. A transpose is missing or misplaced ({fix})."
            return Comparison(False, "transposed", feedback,
                              {"shapes": [list(s) for s in error.shapes], "operation": error.operation, "fix": fix})
        return Comparison(False, "shape_error", str(error), {"shapes": [list(s) for s in error.shapes], "operation": error.operation})
    if all_close(values, expected, **tol):
        return Comparison(True, values=values, feedback="Correct.")
    for v, e in zip(values, expected):
        if not same_shape(v, e):
            if v.shape == e.shape[::-1] and all_close([x.T for x in values], expected, **tol):
                if accept_transposed_vector and is_vector(e):
                    return Comparison(True, values=values, feedback="Correct (given as a row vector).")
                return Comparison(False, "transposed", f"Your answer is {describe_shape(v)} but should be {describe_shape(e)}: it is transposed.",
                                  {"answer_shape": list(v.shape), "expected_shape": list(e.shape)}, values)
            return Comparison(False, "wrong_shape", f"Your answer is {describe_shape(v)} but should be {describe_shape(e)}.",
                              {"answer_shape": list(v.shape), "expected_shape": list(e.shape)}, values)
    if any(not np.all(np.isfinite(v)) for v in values):
        return Comparison(False, "not_finite", "Your expression gives NaN or infinity at a valid input "
                          "(a logarithm or square root of a negative number, or a division by zero?).", {}, values)
    if all_close([-v for v in values], expected, **tol):
        return Comparison(False, "sign_error", "The sign is wrong.", {}, values)
    factor = factor_between(values, expected, dims, rtol=rtol)
    if factor is not None:
        return Comparison(False, "constant_factor", f"Off by a constant factor: your answer is {factor.text()} times the correct value.",
                          factor.as_evidence(), values)
    fix = _transpose_fix(tree, environments, expected, tol)
    if fix:
        return Comparison(False, "transposed", f"A transpose is missing or misplaced ({fix}).", {"fix": fix}, values)
    return Comparison(False, None, "Not equal to the correct expression.", {}, values)


def _transpose_fix(tree, environments, expected, tol) -> str | None:
    shapes = {name: np.shape(as_value(value)) for name, value in environments[0].items()}
    for label, variant in transpose_variants(tree, shapes):
        try:
            values = [evaluate(variant, env) for env in environments]
        except MatrixEvalError:
            continue
        if all_close(values, expected, **tol):
            return label
    return None


def describe_functions() -> list[tuple[str, str]]:
    """(spellings, description) for the student template and docs."""
    seen: dict[int, list[str]] = {}
    described: dict[int, str] = {}
    for spelling, function in FUNCTIONS.items():
        seen.setdefault(id(function), []).append(spelling)
        described[id(function)] = function.description
    return [(", ".join(spellings), described[key]) for key, spellings in seen.items()]


__all__ = [
    "FUNCTIONS",
    "FUNCTION_NAMES",
    "Comparison",
    "Evaluator",
    "Factor",
    "MatrixEvalError",
    "ShapeError",
    "UnknownName",
    "UnsupportedExpression",
    "activation_name",
    "all_close",
    "as_value",
    "backward",
    "derivative_function_calls",
    "close",
    "compare",
    "activation_calls",
    "describe_functions",
    "evaluate",
    "factor_between",
    "names_in",
    "transpose_variants",
    "validate_tree",
]

