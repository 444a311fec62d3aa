"""What the LaTeX reader understands: its command tables, and tests of a token's shape.

The tables are the reader's whole vocabulary of commands besides Greek letters (:mod:`.greek`) and
spacing (:mod:`.latex_tokens`); ``grader notation`` lists them in docs/notation.md.  Shared by the
reader's modules (``latex_*.py``); the leading underscores say that they are private to that reader.
"""

from __future__ import annotations

import ast

from .greek import GREEK_MACROS
from .latex_tokens import Token
from .policy import ParsePolicy

_FRACTIONS = {"frac", "dfrac", "tfrac", "cfrac"}
_FUNCTION_MACROS = {"exp": "exp", "log": "log", "ln": "log", "tanh": "tanh", "sinh": "sinh", "cosh": "cosh",
                    "sin": "sin", "cos": "cos", "max": "max", "min": "min", "sgn": "sign", "tr": "trace"}
_WRAPPERS = {"mathbf", "mathrm", "mathit", "mathsf", "mathnormal", "boldsymbol", "bm", "vec", "textbf", "textit",
             "text", "textrm", "operatorname", "mathcal", "mathbb"}
_DECORATIONS = {"bar": "bar", "overline": "bar", "hat": "hat", "widehat": "hat", "tilde": "tilde",
                "widetilde": "tilde", "dot": "dot"}
_TIMES = {"cdot", "times"}
_ELEMENTWISE = {"odot", "circ", "ast"}
_DIVISIONS = {"div", "oslash"}  # \oslash: elementwise division, the only division of matrices read here
_RELATION_MACROS = {"lt": ast.Lt, "gt": ast.Gt, "le": ast.LtE, "leq": ast.LtE, "leqslant": ast.LtE,
                    "ge": ast.GtE, "geq": ast.GtE, "geqslant": ast.GtE, "ne": ast.NotEq, "neq": ast.NotEq}
_NORMS = {"|": "|", "Vert": "Vert", "lVert": "rVert"}
_LOGIC_MACROS = {"land": "and", "wedge": "and", "lor": "or", "vee": "or"}
_TRANSPOSE_MACROS = {"top", "intercal", "T"}
_CLOSERS = {"(": ")", "[": "]", "|": "|", "{": "}", "lvert": "rvert", "vert": "vert", "lfloor": "rfloor",
            "lceil": "rceil", ".": None}


def _plain_word(tokens: list[Token], allow_commas: bool = False) -> str | None:
    """The text of a group holding only letters, digits, Greek letters and wrappers (a name or label)."""
    parts: list[str] = []
    for token in tokens:
        if token.kind in ("word", "num"):
            parts.append(token.text)
        elif token.kind == "op" and token.text == "_" or token.kind == "macro" and token.text == "_":
            parts.append("_")  # softmax_jacobian, or softmax\_jacobian as LaTeX wants it in text
        elif token.kind == "op" and token.text == "," and allow_commas:
            continue
        elif token.kind == "macro" and token.text in GREEK_MACROS:
            parts.append(GREEK_MACROS[token.text])
        elif token.kind == "macro" and token.text in _WRAPPERS:
            continue
        elif token.kind == "group":
            inner = _plain_word(token.children, allow_commas)
            if inner is None:
                return None
            parts.append(inner)
        else:
            return None
    word = "".join(parts)
    return word if word and (word[0].isalpha() or allow_commas) and all(c.isalnum() or c == "_" for c in word) else None


def _transpose_token(token: Token, policy: ParsePolicy) -> bool:
    if token.kind == "macro":
        return token.text in _TRANSPOSE_MACROS
    return token.kind == "word" and token.text == "T" and "T" not in policy.names


def _delimiter(token: Token | None) -> str | None:
    if token is None:
        return None
    if token.kind == "op" and token.text in "([|":
        return token.text
    if token.kind == "op" and token.text == ".":
        return "."
    if token.kind == "macro" and token.text in ("|", "Vert", "lVert"):
        return "norm"  # \left\| v \right\|: a norm, not an absolute value
    if token.kind == "macro" and token.text in ("{", "lvert", "vert", "lfloor", "lceil"):
        return token.text
    return None


def _closing_delimiter(token: Token | None) -> bool:
    if token is None:
        return False
    if token.kind == "op":
        return token.text in ")]|."
    return token.kind == "macro" and token.text in ("}", "rvert", "vert", "rfloor", "rceil", "|", "Vert", "rVert")


def _token_end(token: Token) -> int:
    return token.end if token.end else token.pos + len(token.text)
