"""Every "could not read" message ends with a form of the answer that the same item accepts.

Candidates, in order: the error's own suggestion (e.g. one reading of an ambiguous product), small
repairs of the student's text (brackets closed, a trailing operator dropped, ``lambda`` -> ``lam``,
``=>`` -> ``>=``, a misspelt function or declared name corrected, ``o(...)`` / ``𝒪(...)`` -> ``O(...)``,
a one-letter name in the case that is declared (``N`` -> ``n``), a trailing remark in words in brackets
dropped, juxtaposition made explicit), and
examples built from the item's own names (``n**3/7``: syntax, never an answer).  The first candidate
that this same parse accepts is shown; each is parsed before it is offered (without suggestions, so
this never recurses).  Candidates are tried in a fixed order over sorted names, so messages are the
same in every process.
"""

from __future__ import annotations

import difflib
import re
from typing import Callable

from .errors import ExpressionError
from .policy import MAX_LENGTH, ParsePolicy


def complete_message(error: ExpressionError, text: object, policy: ParsePolicy,
                     readable: Callable[[str], object]) -> None:
    """Make sure the message names a position and carries a suggestion that this same parse accepts.

    ``readable`` is that same parse without suggestions (given by :mod:`.parser`, so this module
    never imports the parser that imports it)."""
    if error.position is None:
        error.position = 0
    if "column" not in error.message:
        error.message += f" (column {error.position + 1})"
    candidates = [error.suggestion] if error.suggestion else []
    if isinstance(text, str) and len(text) <= MAX_LENGTH:
        candidates.extend(_repairs(text, error, policy))
    examples = _examples(policy)
    error.suggestion = None
    for candidate in candidates + examples:
        candidate = candidate.strip() if candidate else candidate
        if candidate and candidate != text and _readable(candidate, readable):
            error.suggestion = candidate
            break
    if error.suggestion in examples:  # no repair of the student's text reads: show the syntax, and say so
        error.message += f"; an example of a form that can be read (syntax only, not the answer): {error.suggestion}"
    elif error.suggestion is not None:
        error.message += f"; a form that can be read: {error.suggestion}"
    error.args = (error.message,)


def _readable(text: str, readable: Callable[[str], object]) -> bool:
    try:
        readable(text)
    except (ExpressionError, RecursionError, ValueError):
        return False
    return True


def _repairs(text: str, error: ExpressionError, policy: ParsePolicy) -> list[str]:
    """Small edits of the student's own text that may make it readable (each is checked before it is shown)."""
    out: list[str] = []
    stripped = text.strip().strip("$").strip()
    opened = sum(stripped.count(c) for c in "([") - sum(stripped.count(c) for c in ")]")
    if opened > 0:
        out.append(stripped + ")" * opened)
    elif opened < 0:
        out.append(stripped.rstrip(")]"))
    out.append(re.sub(r"[-+*/^=<>,.]+\s*$", "", stripped))
    out.append(re.sub(r"\blambda\b", "lam", stripped))
    libraries = "|".join(name for name in ("np", "numpy", "torch", "math", "F") if name not in policy.names)
    out.append(re.sub(rf"\b(?:{libraries})\.", "", stripped))  # library prefixes (F is torch's unless declared)
    out.append(stripped.replace("=>", ">=").replace("=<", "<="))
    out.append(re.sub(r"\b(\d+(?:\.\d+)?)\s*!", r"factorial(\1)", stripped))
    match = re.search(r"unknown function '(\w+)'", error.message)
    if match:
        allowed = sorted(f for f in policy.functions if f not in policy.names)  # sorted: same message in every process
        for close in difflib.get_close_matches(match.group(1), allowed, n=2, cutoff=0.6):
            out.append(re.sub(rf"\b{re.escape(match.group(1))}\b", close, stripped))
    match = re.search(r"unknown name '(\w+)'", error.message)
    if match and len(match.group(1)) > 2:  # a typo of a declared name (sigam for sigma); never a one-letter guess
        for close in difflib.get_close_matches(match.group(1), sorted(policy.names), n=1, cutoff=0.75):
            out.append(re.sub(rf"\b{re.escape(match.group(1))}\b", close, stripped))
    big_o = _big_o_repair(stripped, policy)
    out.extend([big_o, _case_repair(stripped, policy), _case_repair(big_o, policy)])
    comment = re.search(r"\s*\(([^()]*)\)\s*$", stripped)
    if comment is not None and comment.start() > 0 and _is_comment(comment.group(1), policy):
        out.append(stripped[:comment.start()])  # m > n (more outputs than inputs): the remark dropped
    out.append(re.sub(r"(?<=[\w)])\s+(?=[\w(])", "*", stripped))  # juxtaposition made explicit
    return out


def _case_repair(text: str, policy: ParsePolicy) -> str:
    """``O(N^2)`` when only ``n`` is declared: a one-letter name in the other case, when only that one is declared."""
    def swap(match: re.Match) -> str:
        letter = match.group(0)
        other = letter.swapcase()
        if letter in policy.names or policy.is_function_word(letter) or policy.is_constant(letter) \
                or (letter == "I" and policy.matrix_ops) or other not in policy.names:
            return letter
        return other
    return re.sub(r"(?<![A-Za-z_])[A-Za-z](?![A-Za-z0-9_])", swap, text)


#: other spellings of the big-O: a lower-case o, the script O of Unicode (U+1D4AA), the Greek capital omicron
_BIG_O_LOOKALIKES = ("\U0001d4aa", "\u039f")


def _big_o_repair(text: str, policy: ParsePolicy) -> str:
    """``o(n^2)``, ``𝒪(n^2)`` -> ``O(n^2)`` (each candidate is still parsed: only where ``O`` is a function)."""
    for lookalike in _BIG_O_LOOKALIKES:
        text = text.replace(lookalike, "O")
    if "o" in policy.names or policy.is_function_word("o"):
        return text
    return re.sub(r"(?<![A-Za-z0-9_])o(?=\s*\()", "O", text)


def _is_comment(inside: str, policy: ParsePolicy) -> bool:
    """Words in brackets that are not part of a formula: letters and spaces only, with a word of three letters
    or more that is neither a declared name nor a function (``(more outputs than inputs)``, not ``(m n)``)."""
    if not re.fullmatch(r"\s*[A-Za-z][A-Za-z\s,;'-]*", inside):
        return False
    words = re.findall(r"[A-Za-z]+", inside)
    return any(len(word) >= 3 and word not in policy.names and not policy.is_function_word(word) for word in words)


def _examples(policy: ParsePolicy) -> list[str]:
    """Forms that show the syntax, built from the item's own names (unlikely to be anyone's answer)."""
    names = sorted(n for n in policy.names if n.isidentifier())
    first = names[0] if names else None
    if policy.relation:
        return [f"{first} >= 7" if first else "7 >= 3"]
    if first is None:
        return ["7/3"]
    if policy.matrix_ops:
        return [f"7*{first}", first]
    return [f"{first}**3/7", f"7*{first}", first]
