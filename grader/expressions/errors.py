"""The error of an unreadable answer expression (shared by the parser, the LaTeX reader and the rewrites)."""

from __future__ import annotations


class ExpressionError(ValueError):
    """An answer expression cannot be used; the message is meant for the student."""

    def __init__(self, message: str, position: int | None = None, suggestion: str | None = None):
        super().__init__(message)
        self.message = message
        self.position = position
        #: a rewrite of the answer (or, failing that, an example) that this same parse accepts
        self.suggestion = suggestion

    def __str__(self) -> str:
        return self.message
