"""The error of an unreadable answer expression (shared by the parser, the LaTeX reader and the rewrites)."""

from __future__ import annotations

from ..errors import ExpressionError  # noqa: F401 -- defined in grader.errors, importable here as before
