"""The function table of the matrix language: what each spelling computes and how it differentiates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .errors import MatrixEvalError, ShapeError
from .values import describe_shape, shape_text

MAX_EYE = 100


@dataclass(frozen=True)
class MatrixFunction:
    """One function of the matrix language.

    ``derivative`` is f' for elementwise functions of one argument (used by
    :func:`.reverse_mode.backward` and by the wrong-node diagnosis); ``vjp`` is the
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


def _stack(parts: tuple[np.ndarray, ...], axis: int, name: str, requirement: str) -> np.ndarray:
    """Blocks joined along ``axis`` (0: ``concat``, 1: ``hconcat``); scalars count as (1, 1) blocks."""
    blocks = [p.reshape(1, 1) if p.ndim == 0 else p for p in parts]
    if len({b.shape[1 - axis] for b in blocks}) != 1:
        raise ShapeError(f"`{name}` {requirement}, got " + ", ".join(shape_text(b.shape) for b in blocks),
                         operation=name, shapes=[b.shape for b in blocks])
    return np.concatenate(blocks, axis=axis)


def _unstack_vjp(axis: int):
    """The vector-Jacobian product of :func:`_stack` along ``axis``: each block's slice of ``bar``."""
    def vjp(args, out, bar):
        grads, start = [], 0
        for a in args:
            size = 1 if a.ndim == 0 else a.shape[axis]
            piece = bar[(slice(None),) * axis + (slice(start, start + size),)]
            grads.append(piece.reshape(()) if a.ndim == 0 else piece)
            start += size
        return grads

    return vjp


def _concat(*parts: np.ndarray) -> np.ndarray:
    return _stack(parts, 0, "concat", "stacks blocks vertically and needs equal numbers of columns")


def _hconcat(*parts: np.ndarray) -> np.ndarray:
    return _stack(parts, 1, "hconcat", "puts blocks side by side and needs equal numbers of rows")


def _sum(a: np.ndarray) -> np.ndarray:
    return np.asarray(np.sum(a), dtype=float)


def _mean(a: np.ndarray) -> np.ndarray:
    return np.asarray(np.mean(a), dtype=float)


def _along(reduce, axis: int):
    """numpy's sum/mean along an axis, as a column vector (every vector is a column here)."""
    def apply(a: np.ndarray) -> np.ndarray:
        if a.ndim != 2:
            raise ShapeError(f"a sum or mean along an axis needs a matrix, got {describe_shape(a)}",
                             operation="axis", shapes=[a.shape])
        return np.asarray(reduce(a, axis=axis), dtype=float).reshape(-1, 1)
    return apply


def _along_vjp(axis: int, mean: bool):
    def vjp(args, out, bar):
        rows, columns = args[0].shape
        share = 1.0 / (columns if axis == 1 else rows) if mean else 1.0
        column = np.asarray(bar, dtype=float).reshape(-1, 1) * share
        return [column @ np.ones((1, columns)) if axis == 1 else np.ones((rows, 1)) @ column.T]
    return vjp


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


def _norm(a: np.ndarray) -> np.ndarray:
    return np.asarray(np.sqrt(np.sum(a * a)), dtype=float)


def _norm_vjp(args, out, bar):
    (a,) = args
    return [bar * a / out if float(out) != 0 else np.zeros_like(a)]


def _pinv(a: np.ndarray) -> np.ndarray:
    if a.ndim == 0:
        return np.asarray(0.0 if float(a) == 0 else 1.0 / float(a))
    return np.linalg.pinv(a)


def transpose_value(a: np.ndarray) -> np.ndarray:
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
_NORM = MatrixFunction("norm", 1, 1, _norm, "Euclidean norm of a vector, Frobenius norm of a matrix (a scalar)", vjp=_norm_vjp)
_PINV = MatrixFunction("pinv", 1, 1, _pinv, "Moore-Penrose pseudo-inverse")
_MEAN = MatrixFunction("mean", 1, 1, _mean, "mean of all entries (a scalar)",
                       vjp=lambda args, out, bar: [bar * np.ones_like(args[0]) / max(args[0].size, 1)])
_ROW_SUMS = MatrixFunction("row_sums", 1, 1, _along(np.sum, 1), "the sums of the rows, a column vector: numpy's sum(A, axis=1)",
                           vjp=_along_vjp(1, mean=False))
_COLUMN_SUMS = MatrixFunction("column_sums", 1, 1, _along(np.sum, 0), "the sums of the columns, as a column vector: "
                              "numpy's sum(A, axis=0)", vjp=_along_vjp(0, mean=False))
_ROW_MEANS = MatrixFunction("row_means", 1, 1, _along(np.mean, 1), "the means of the rows, a column vector: numpy's "
                            "mean(A, axis=1)", vjp=_along_vjp(1, mean=True))
_COLUMN_MEANS = MatrixFunction("column_means", 1, 1, _along(np.mean, 0), "the means of the columns, as a column vector: "
                               "numpy's mean(A, axis=0)", vjp=_along_vjp(0, mean=True))
_TRANSPOSE = MatrixFunction("transpose", 1, 1, transpose_value, "transpose, same as A.T", vjp=lambda args, out, bar: [transpose_value(bar)])
_INVERSE = MatrixFunction("inv", 1, 1, _inverse, "inverse of a square matrix", vjp=_inverse_vjp)
_CONCAT = MatrixFunction("concat", 1, 8, _concat, "vertical stacking [a; b]", vjp=_unstack_vjp(0))
_HCONCAT = MatrixFunction("hconcat", 1, 8, _hconcat, "horizontal stacking [A B]", vjp=_unstack_vjp(1))
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
    (_ROW_SUMS, ["row_sums"]), (_COLUMN_SUMS, ["column_sums"]), (_ROW_MEANS, ["row_means"]), (_COLUMN_MEANS, ["column_means"]),
    (_TRANSPOSE, ["transpose"]), (_INVERSE, ["inv", "inverse"]), (_NORM, ["norm"]), (_PINV, ["pinv"]),
    (_CONCAT, ["concat", "vstack", "vconcat"]), (_HCONCAT, ["hconcat", "hstack"]),
    (_EYE, ["eye", "identity"]), (_OUTER, ["outer"]), (_MAX, ["max", "Max", "maximum"]), (_MIN, ["min", "Min", "minimum"]),
]:
    for _spelling in _spellings:
        FUNCTIONS[_spelling] = _function

FUNCTION_NAMES: frozenset[str] = frozenset(FUNCTIONS)


def describe_functions() -> list[tuple[str, str]]:
    """(spellings, description) for the student template and docs."""
    seen: dict[int, list[str]] = {}
    described: dict[int, str] = {}
    for spelling, function in FUNCTIONS.items():
        seen.setdefault(id(function), []).append(spelling)
        described[id(function)] = function.description
    return [(", ".join(spellings), described[key]) for key, spellings in seen.items()]
