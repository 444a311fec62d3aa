"""Implicit multiplication of letters: ``mn`` is m*n only when the declared names make that the one reading.

A run of letters that is not itself a declared name (or a function, or a
constant) is split into declared names, and the split is used only when it
is the *only* one: with names m, n, ``3mn`` is 3*m*n; with names a, b, ab
and c, ``abc`` is refused because it may be a*b*c or ab*c.  The caller
turns :class:`AmbiguousSplit` into a message that names both readings.
"""

from __future__ import annotations

from typing import Collection

#: at most this many readings are collected (two are enough to call a run ambiguous)
_LIMIT = 2
#: longer runs are never split (a sentence typed into an answer is not a product)
MAX_RUN = 40


from ..errors import AmbiguousSplit  # noqa: F401 -- defined in grader.errors, importable here as before


def readings(word: str, vocabulary: Collection[str], limit: int = _LIMIT) -> list[tuple[str, ...]]:
    """Up to ``limit`` ways to write ``word`` as a concatenation of vocabulary entries (dynamic programming)."""
    if not word or len(word) > MAX_RUN:
        return []
    # longest first, then alphabetical: the readings (and so every message) do not depend on set order
    pieces = sorted({v for v in vocabulary if v and len(v) <= len(word)}, key=lambda v: (-len(v), v))
    ways: list[list[tuple[str, ...]]] = [[] for _ in range(len(word) + 1)]
    ways[len(word)] = [()]
    for start in range(len(word) - 1, -1, -1):
        found: list[tuple[str, ...]] = []
        for piece in pieces:
            if word.startswith(piece, start):
                for rest in ways[start + len(piece)]:
                    found.append((piece, *rest))
                    if len(found) >= limit:
                        break
            if len(found) >= limit:
                break
        ways[start] = found
    return ways[0]


def split_word(word: str, vocabulary: Collection[str]) -> tuple[str, ...] | None:
    """The one reading of ``word`` as several vocabulary entries; None if there is none; AmbiguousSplit if several."""
    if word in vocabulary:
        return (word,)
    found = readings(word, vocabulary)
    if not found:
        return None
    if len(found) > 1:
        raise AmbiguousSplit(word, found)
    return found[0]
