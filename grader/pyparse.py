"""The one way the grading process parses Python text (student answers, submissions): ``ast.parse``
behind a lock.

Why a lock: CPython 3.11 keeps the AST builder's recursion depth in state shared by all threads,
and a thread switch in the middle of a parse (a garbage collection can cause one) makes the other
thread's parse fail with ``SystemError: AST constructor recursion depth mismatch``.  ``grader
batch`` grades in threads, so every parse goes through here.  Parsing never runs anything.
"""

from __future__ import annotations

import ast
import threading

_LOCK = threading.RLock()


def parse_python(text: str, mode: str = "exec", filename: str = "<unknown>") -> ast.AST:
    """``ast.parse(text, filename, mode)``, one thread at a time.  Raises what ast.parse raises."""
    with _LOCK:
        return ast.parse(text, filename, mode=mode)
