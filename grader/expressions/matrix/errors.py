"""Errors of the matrix language; every message is meant for the student."""

from __future__ import annotations

from typing import Sequence


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


class AnswerSyntaxError(MatrixEvalError):
    """An answer string cannot be parsed; ``position`` is the character offset when known, ``suggestion`` a
    form of the answer the parser accepts (checked by the parser before it is offered)."""

    def __init__(self, message: str, position: int | None = None, suggestion: str | None = None):
        super().__init__(message)
        self.position = position
        self.suggestion = suggestion
