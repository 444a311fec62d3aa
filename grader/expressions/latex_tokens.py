"""LaTeX answers as a flat token stream, lexed by pylatexenc (see :mod:`.latex` for the grammar).

pylatexenc's ``LatexWalker`` handles macros, braces, math mode and comments.
Its node tree becomes tokens: numbers, words, one-character operators,
macros and groups.  Arguments pylatexenc already attached to a macro go
back into the stream as groups right after it, so the grammar takes
arguments the same way whether pylatexenc knew the macro or not.

A run of letters that is a declared name, a function or a constant is one
word (``relu``, ``lr``); otherwise it is split into declared names,
functions and constants when exactly one split exists (``dn`` -> d, n;
``nlogn`` -> n, log, n), and refused with both readings when there are
several (:mod:`.splitting`).  Plain-text answers read here (``plain``) may
also use ``**``, ``@`` and ``1e-3``.  The Unicode product signs ``·`` ``⋅`` ``×``
are the commands ``\\cdot`` / ``\\times`` (the matrix product in matrix answers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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

from .functions import CONSTANTS, INDICATOR_NAMES, REWRITES, SPELLINGS
from .greek import UNICODE_GREEK
from .errors import ExpressionError
from .policy import ParsePolicy
from .rewrite import PRODUCT_MARKS, ambiguity_error, check_constant_word
from .splitting import AmbiguousSplit, split_word
from .unicode_math import ACCENTS, SUBSCRIPTS, SUPERSCRIPTS, accented, script_run

_IGNORED_MACROS = {",", ";", ":", "!", " ", "quad", "qquad", "displaystyle", "textstyle", "limits", "nolimits",
                   "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr"}
_LOOKALIKE_OPS = {"\u2212": "-", "\u2013": "-", "\u2217": "*",
                  "\u2264": "<=", "\u2265": ">=", "\u2260": "!=", "\u2299": "*", "\u2218": "*", "\u00f7": "/",
                  "\u2298": "/",
                  "\u207a": "^+", "\u2032": "'"}
#: other characters with a token meaning: superscripts, transposes, blackboard one and I, the norm bar
_SPECIAL_CHARS = {"\u1d40": [("op", "^"), ("macro", "top")], "\u22a4": [("op", "^"), ("macro", "top")],
                  "\U0001d7d9": [("num", "1")], "\U0001d540": [("word", "I")], "\u2016": [("macro", "|")],
                  "\u2208": [("macro", "in")], "\u221a": [("macro", "sqrt")],
                  "\u2211": [("macro", "sum")],
                  # · ⋅ ×: the products \cdot and \times (the matrix product in matrix answers)
                  **{mark: [("macro", command)] for mark, command in PRODUCT_MARKS.items()}}


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
    def __init__(self, policy: ParsePolicy, plain: bool = False):
        functions = set(policy.functions) | set(SPELLINGS) | set(REWRITES)
        constants = {c for c in CONSTANTS if policy.is_constant(c)}
        #: whole words: never split
        self.whole = set(policy.names) | functions | constants | INDICATOR_NAMES
        if policy.relation:
            self.whole |= {"and", "or"}
        #: what a longer run may be split into (one-letter function names such as O or H only stand alone)
        self.pieces = set(policy.names) | constants | {f for f in functions if len(f) > 1}
        self.plain = plain
        self.policy = policy
        self.constants = constants

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
            script, end = script_run(text, i, SUPERSCRIPTS) if ch in SUPERSCRIPTS else ("", i)
            if script and script != "+":  # a lone superscript plus is a positive part
                out += [Token("op", "^", base + i), Token("group", "", base + i, self.chars(script, base + i), end=base + end)]
                i = end
                continue
            if ch in SUBSCRIPTS:
                script, end = script_run(text, i, SUBSCRIPTS)
                if end < n and text[end].isascii() and text[end].isdigit():  # w₁0: w_{10}, or w_1 times 0?
                    raise ExpressionError(f"a digit right after a subscript (column {base + end + 1}): write the "
                                          "whole index as subscripts, or the product with *", base + end)
                out += [Token("op", "_", base + i), Token("group", "", base + i, self.chars(script, base + i), end=base + end)]
                i = end
                continue
            letter = accented(ch) or (
                (ch, ACCENTS[text[i + 1]]) if ch.isascii() and ch.isalpha() and i + 1 < n and text[i + 1] in ACCENTS else None)
            if letter is not None:  # ŷ, or y and a combining circumflex: \hat{y}
                width = 1 if not ch.isascii() else 2
                out += [Token("macro", letter[1], base + i, end=base + i + width),
                        Token("group", "", base + i, [Token("word", letter[0], base + i)], end=base + i + width)]
                i += width
                continue
            if ch.isspace():
                i += 1
            elif ch in "0123456789" or (ch == "." and i + 1 < n and text[i + 1] in "0123456789"):
                j, dot = i, False
                while j < n and text[j].isascii() and (text[j].isdigit() or (text[j] == "." and not dot)):
                    dot = dot or text[j] == "."
                    j += 1
                if self.plain and j < n and text[j] in "eE":  # 1e-3 in plain text
                    k = j + 1 + (j + 1 < n and text[j + 1] in "+-")
                    if k < n and text[k] in "0123456789":
                        while k < n and text[k] in "0123456789":
                            k += 1
                        out.append(Token("num", text[i:k], base + i))
                        i = k
                        continue
                out.append(Token("num", text[i:j], base + i))
                i = j
            elif ch.isascii() and ch.isalpha():
                tokens, j = self.words(text, i, base)
                if out and out[-1].kind == "op" and out[-1].text == "^" and len(tokens) == 1 and len(tokens[0].text) > 1 \
                        and tokens[0].text not in self.whole:
                    tokens, j = [Token("word", ch, base + i)], i + 1  # X^TX: as in TeX, ^ takes one letter
                out.extend(tokens)
                i = j
            elif ch == "*" and i + 1 < n and text[i + 1] == "*":  # ** is ^
                out.append(Token("op", "^", base + i))
                i += 2
            elif ch == "." and i + 1 < n and text[i + 1] in "*/" and self.plain:  # MATLAB's .* and ./
                out.append(Token("op", text[i + 1], base + i))
                i += 2
            elif ch in "+-*/^_()[]|',<>=!.@":
                out.append(Token("op", ch, base + i))
                i += 1
            elif ch in _LOOKALIKE_OPS:
                out.extend(Token("op", c, base + i, end=base + i + 1) for c in _LOOKALIKE_OPS[ch])
                i += 1
            elif ch in _SPECIAL_CHARS:
                # one pasted character, one column: its tokens end there (columns and glued products stay right)
                out.extend(Token(kind, value, base + i, end=base + i + 1) for kind, value in _SPECIAL_CHARS[ch])
                i += 1
            elif ch in UNICODE_GREEK:
                out.append(Token("word", UNICODE_GREEK[ch], base + i, end=base + i + 1))
                i += 1
            else:
                shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
                raise ExpressionError(f"character {shown} at column {base + i + 1} is not allowed", base + i)
        return out

    def words(self, text: str, start: int, base: int) -> tuple[list[Token], int]:
        """The word tokens of the identifier-like run at ``start``, and where reading goes on."""
        end = start
        while end < len(text) and text[end].isascii() and (text[end].isalnum() or text[end] == "_"):
            end += 1
        run = text[start:end]
        if run in self.constants and len(run) > 1:
            check_constant_word(run, self.policy, base + start)
        if run in self.whole:
            return [Token("word", run, base + start)], end
        letters = start
        while letters < end and text[letters].isalpha():
            letters += 1
        word = text[start:letters]
        if word in self.whole:
            return [Token("word", word, base + start)], letters
        try:
            parts = split_word(word, self.pieces)
        except AmbiguousSplit as exc:
            raise ambiguity_error(exc, base + start) from None
        if parts is None:
            return [Token("word", word, base + start)], letters
        tokens, offset = [], start
        for part in parts:
            tokens.append(Token("word", part, base + offset))
            offset += len(part)
        return tokens, letters
