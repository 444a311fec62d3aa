"""LaTeX answers as a flat token stream, lexed by pylatexenc (see :mod:`.latex` for the grammar).

pylatexenc's ``LatexWalker`` handles macros, braces, math mode and comments.
Its node tree becomes tokens: numbers, words, one-character operators,
macros and groups.  Arguments pylatexenc already attached to a macro go
back into the stream as groups right after it, so the grammar takes
arguments the same way whether pylatexenc knew the macro or not.  A run of
letters is split into the longest declared names or function names
(``dn`` -> d, n; ``relu`` stays one word).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexCommentNode,
    LatexEnvironmentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexSpecialsNode,
    LatexWalker,
    LatexWalkerError,
)

from .functions import CONSTANTS, SPELLINGS
from .greek import UNICODE_GREEK
from .parser import ExpressionError

if TYPE_CHECKING:
    from .parser import _Policy

_IGNORED_MACROS = {",", ";", ":", "!", " ", "quad", "qquad", "displaystyle", "textstyle", "limits", "nolimits",
                   "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr"}
_LOOKALIKE_OPS = {"\u2212": "-", "\u00d7": "*", "\u00b7": "*", "\u22c5": "*", "\u2264": "<=", "\u2265": ">=",
                  "\u2260": "!="}


@dataclass
class Token:
    """One lexical unit: ``num``, ``word``, ``op`` (one character), ``macro`` or ``group``."""

    kind: str
    text: str
    pos: int
    children: list["Token"] = field(default_factory=list)
    delims: tuple[str, str] = ("{", "}")
    end: int = 0

    def describe(self) -> str:
        if self.kind == "macro":
            return f"'\\{self.text}'"
        if self.kind == "group":
            return f"'{self.delims[0]}'"
        return f"'{self.text}'"


class Tokenizer:
    def __init__(self, policy: "_Policy"):
        words = set(policy.names) | set(policy.functions) | set(SPELLINGS) | set(CONSTANTS)
        if policy.relation:
            words |= {"and", "or"}
        self.words = sorted((w for w in words if w), key=len, reverse=True)

    def tokenize(self, text: str) -> list[Token]:
        try:
            nodes, _, _ = LatexWalker(text, tolerant_parsing=False).get_latex_nodes()
        except LatexWalkerError as exc:
            position = getattr(exc, "pos", None)
            message = str(exc).split("@(")[0].strip().split("\n")[0] or "malformed LaTeX"
            where = f" at column {position + 1}" if isinstance(position, int) else ""
            raise ExpressionError(f"LaTeX error: {message}{where}", position) from None
        return self.convert(nodes)

    def convert(self, nodes) -> list[Token]:
        out: list[Token] = []
        for node in nodes or []:
            if node is None:
                continue
            if isinstance(node, LatexCharsNode):
                out.extend(self.chars(node.chars, node.pos))
            elif isinstance(node, LatexGroupNode):
                out.append(self.group(node))
            elif isinstance(node, LatexMathNode):
                out.extend(self.convert(node.nodelist))
            elif isinstance(node, LatexMacroNode):
                if node.macroname in _IGNORED_MACROS:
                    continue
                out.append(Token("macro", node.macroname, node.pos, end=node.pos + node.len))
                # arguments pylatexenc already read go back into the stream as groups, so the
                # parser takes arguments the same way whether pylatexenc knew the macro or not
                for arg in (node.nodeargd.argnlist if node.nodeargd else None) or []:
                    if isinstance(arg, LatexGroupNode):
                        out.append(self.group(arg))
                    elif arg is not None:
                        out.append(Token("group", "", arg.pos, self.convert([arg]), end=arg.pos + arg.len))
            elif isinstance(node, LatexCommentNode):
                raise ExpressionError(f"'%' starts a LaTeX comment (column {node.pos + 1}): remove it", node.pos)
            elif isinstance(node, LatexEnvironmentNode):
                raise ExpressionError(f"LaTeX environments (\\begin{{{node.environmentname}}}) are not supported "
                                      f"(column {node.pos + 1})", node.pos)
            elif isinstance(node, LatexSpecialsNode):
                raise ExpressionError(f"'{node.specials_chars}' is not allowed (column {node.pos + 1})", node.pos)
            else:
                raise ExpressionError(f"unsupported LaTeX at column {node.pos + 1}", node.pos)
        return out

    def group(self, node: LatexGroupNode) -> Token:
        return Token("group", "", node.pos, self.convert(node.nodelist), tuple(node.delimiters), end=node.pos + node.len)

    def chars(self, text: str, base: int) -> list[Token]:
        out: list[Token] = []
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            if ch.isspace():
                i += 1
            elif ch.isascii() and (ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit())):
                j, dot = i, False
                while j < n and text[j].isascii() and (text[j].isdigit() or (text[j] == "." and not dot)):
                    dot = dot or text[j] == "."
                    j += 1
                out.append(Token("num", text[i:j], base + i))
                i = j
            elif ch.isascii() and ch.isalpha():
                word = self.longest_word(text, i)
                out.append(Token("word", word, base + i))
                i += len(word)
            elif ch in "+-*/^_()[]|',<>=!.":
                out.append(Token("op", ch, base + i))
                i += 1
            elif ch in _LOOKALIKE_OPS:
                out.extend(Token("op", c, base + i) for c in _LOOKALIKE_OPS[ch])
                i += 1
            elif ch in UNICODE_GREEK:
                out.append(Token("word", UNICODE_GREEK[ch], base + i))
                i += 1
            else:
                shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
                raise ExpressionError(f"character {shown} at column {base + i + 1} is not allowed", base + i)
        return out

    def longest_word(self, text: str, start: int) -> str:
        for word in self.words:
            if text.startswith(word, start):
                return word
        return text[start]
