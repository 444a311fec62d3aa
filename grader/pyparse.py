"""The one way the grading process parses Python text (student answers, submissions): ``ast.parse``
behind a lock.

Why a lock: CPython 3.11 keeps the AST builder's recursion depth in state shared by all threads,
and a thread switch in the middle of a parse (a garbage collection can cause one) makes the other
thread's parse fail with ``SystemError: AST constructor recursion depth mismatch``.  ``grader
batch`` grades in threads, so every parse goes through here.  Parsing never runs anything.
"""

from __future__ import annotations

import ast
import os
import threading

_LOCK = threading.RLock()


def _fresh_lock_after_fork() -> None:
    # A check worker forked from a batch thread must not inherit the lock held by another thread.
    global _LOCK
    _LOCK = threading.RLock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_fresh_lock_after_fork)


def parse_python(text: str, mode: str = "exec", filename: str = "<unknown>") -> ast.AST:
    """``ast.parse(text, filename, mode)``, one thread at a time.  Raises what ast.parse raises."""
    with _LOCK:
        return ast.parse(text, filename, mode=mode)
