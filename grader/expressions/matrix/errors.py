"""Errors of the matrix language; every message is meant for the student (defined in :mod:`grader.errors`)."""

from __future__ import annotations

from ...errors import AnswerSyntaxError, MatrixEvalError, ShapeError, UnknownName, UnsupportedExpression  # noqa: F401

__all__ = ["AnswerSyntaxError", "MatrixEvalError", "ShapeError", "UnknownName", "UnsupportedExpression"]
