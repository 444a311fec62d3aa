"""Shape rules of the operators, and shape-error messages that hint at the fix without giving it."""

from __future__ import annotations

import ast

import numpy as np

from .errors import MatrixEvalError, ShapeError, UnsupportedExpression
from .trees import source_of, transposed_text
from .values import describe_shape, is_scalar, shape_text

#: no product may cost more multiplications (answers live on instances with
#: dimensions below 10; this only stops hostile input)
MAX_PRODUCT_COST = 20_000_000


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
        ((left.shape[::-1], right.shape), f"{transposed_text(l_src)} @ {source_of(r_src)}"),
        ((left.shape, right.shape[::-1]), f"{source_of(l_src)} @ {transposed_text(r_src)}"),
        ((right.shape, left.shape), f"{source_of(r_src)} @ {source_of(l_src)}"),
        ((left.shape[::-1], right.shape[::-1]), f"{transposed_text(l_src)} @ {transposed_text(r_src)}"),
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
    l_src, r_src = _operands(node)
    suggestion = None
    if left.shape == right.shape[::-1]:
        hint = "the shapes are transposes of each other"
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) and _matmul_fits(left.shape, right.shape):
        suggestion = f"{source_of(l_src)} @ {source_of(r_src)}"
        hint = "`*` is the elementwise product"
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) and _matmul_fits(left.shape[::-1], right.shape):
        suggestion = f"{transposed_text(l_src)} @ {source_of(r_src)}"
        hint = "`*` is the elementwise product"
    else:
        hint = "elementwise operations need equal shapes (or a scalar); there is no row/column broadcasting"
    message = f"`{text}`: cannot combine {shape_text(left.shape)} and {shape_text(right.shape)} elementwise ({hint})"
    if suggestion:
        message += "; a matrix product is written with `@`" + (" and may need a transpose" if ".T" in suggestion else "")
    raise ShapeError(message, operation=text, shapes=[left.shape, right.shape], suggestion=suggestion)


def check_power(node: ast.BinOp, base: np.ndarray, exponent: np.ndarray) -> None:
    text = source_of(node)
    if not is_scalar(exponent) and not is_scalar(base):  # e^{-z}: a scalar to a vector power is elementwise
        raise ShapeError(f"`{text}`: the exponent must be a scalar, got {describe_shape(exponent)}",
                         operation=text, shapes=[base.shape, exponent.shape])
    # Only a square matrix has a matrix power, so only there is ``**`` ambiguous; on any other
    # shape (F - Y with F of N x K, N != K in every instance) it can only be elementwise, as in numpy.
    if base.ndim == 2 and min(base.shape) > 1 and base.shape[0] == base.shape[1]:
        # not a ShapeError: nothing is wrong with the shapes, the reading is unclear (an unreadable answer)
        raise UnsupportedExpression(f"`{text}`: a power of a square matrix {shape_text(base.shape)} is ambiguous; write "
                                    "`A @ A` for the matrix product, `A * A` for the elementwise square or `inv(A)` for "
                                    "the inverse")
