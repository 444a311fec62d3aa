"""Delimiters in LaTeX answers: brackets, bars, norms, and conditions in brackets.

``( )``, ``[ ]``, ``{ }`` and ``\\{ \\}`` group; ``|x|``, ``\\lvert x \\rvert`` and ``\\left| x \\right|`` are
abs(x); ``||v||``, ``\\|v\\|``, ``\\lVert v \\rVert`` are norms (subscript 2 or F optional); ``\\lfloor``
and ``\\lceil`` are floor and ceil.  A bracket holding a condition after ``1`` or an indicator name is
that indicator (:meth:`Delimiters.bracketed_condition`).  A mixin of :class:`.latex._Parser` (see
:mod:`.latex_stream`).
"""

from __future__ import annotations

import ast

from .errors import ExpressionError
from .latex_nodes import _call, _is_indicator
from .latex_stream import TokenStream
from .latex_tokens import Token
from .latex_vocabulary import _CLOSERS, _NORMS, _closing_delimiter, _delimiter, _plain_word


class Delimiters(TokenStream):
    """Reads what lies between an opening delimiter and its closing one."""

    def brackets(self, opener: Token) -> ast.AST:
        """( ... ) and [ ... ]: grouping."""
        self.i += 1
        node = self.parse_expression()
        self.expect_op(")" if opener.text == "(" else "]", opener)
        return node

    def bars(self, token: Token) -> ast.AST:
        """|x| is abs(x); ||v|| is a norm.  Inside bars a '|' closes them (bar_depth), it does not open a new pair."""
        if self.at_op("|", offset=1):
            self.i += 2  # ||v||: a norm
            self.bar_depth += 1
            node = self.parse_expression()
            self.bar_depth -= 1
            self.expect_op("|", token)
            self.expect_op("|", token)
            return self.norm(node, token)
        self.i += 1
        self.bar_depth += 1
        node = self.parse_expression()
        self.bar_depth -= 1
        self.expect_op("|", token)
        return _call(self.function_spelling("abs"), [node], token.pos)

    def escaped_braces(self, token: Token) -> ast.AST:
        """\\{ z > 0 \\}: braces written out, as in \\mathbb{1}\\{z > 0\\}."""
        self.i += 1
        node = self.parse_expression()
        if not self.at_macro("}"):
            raise self.fail(f"expected '\\}}' to close the '\\{{' opened at column {token.pos + 1}", self.peek())
        self.i += 1
        return node

    def double_bars(self, token: Token) -> ast.AST:
        """\\|v\\|, \\Vert v \\Vert, \\lVert v \\rVert: a norm.  A single '|' inside is an absolute value again."""
        name = token.text
        self.i += 1
        saved_depth, self.bar_depth = self.bar_depth, 0
        self.norm_depth += 1
        node = self.parse_expression()
        self.norm_depth -= 1
        self.bar_depth = saved_depth
        if not self.at_macro(_NORMS[name], "|"):
            raise self.fail(f"expected '\\{_NORMS[name]}' to close the norm opened at column {token.pos + 1}", self.peek())
        self.i += 1
        return self.norm(node, token)

    def named_fence(self, token: Token) -> ast.AST:
        """\\lvert x \\rvert, \\vert x \\vert (abs), \\lfloor x \\rfloor (floor), \\lceil x \\rceil (ceil)."""
        name = token.text
        self.i += 1
        closer = _CLOSERS[name]
        node = self.parse_expression()
        if not self.at_macro(closer):
            raise self.fail(f"expected '\\{closer}' to close the '\\{name}' at column {token.pos + 1}", self.peek())
        self.i += 1
        return _call(self.function_spelling({"lfloor": "floor", "lceil": "ceil"}.get(name, "abs")), [node], token.pos)

    def left_right(self) -> ast.AST:
        left = self.take()
        opener = self.take() if self.peek() is not None else None
        kind = _delimiter(opener)
        if kind is None:
            raise self.fail("'\\left' must be followed by a delimiter such as ( [ |", opener or left)
        saved_depth, self.bar_depth = self.bar_depth, 0
        node = self.parse_expression()
        self.bar_depth = saved_depth
        self.close_right(left)
        if kind == "norm":
            return self.norm(node, left)
        if kind in ("|", "lvert", "vert"):
            return _call(self.function_spelling("abs"), [node], left.pos)
        if kind in ("lfloor", "lceil"):
            return _call(self.function_spelling("floor" if kind == "lfloor" else "ceil"), [node], left.pos)
        return node

    def close_right(self, left: Token) -> None:
        if not self.at_macro("right"):
            found = self.peek()
            raise self.fail(f"expected '\\right' to close the '\\left' at column {left.pos + 1}, found "
                            f"{found.describe() if found else 'the end'}", found)
        self.take()
        closer = self.take() if self.peek() is not None else None
        if not _closing_delimiter(closer):
            raise self.fail("'\\right' must be followed by a delimiter such as ) ] |", closer or left)

    def norm(self, node: ast.AST, opener: Token) -> ast.AST:
        """||v||, \\|v\\|_2, \\lVert v \\rVert_F: the (Euclidean / Frobenius) norm; the subscript 2 or F is optional."""
        if self.at_op("_"):
            label = self.peek(1)
            text = label.text if label is not None and label.kind in ("num", "word") else \
                _plain_word(label.children, allow_commas=True) if label is not None and label.kind == "group" else None
            if text in ("2", "F", "fro"):
                self.i += 2
        return _call(self.function_spelling("norm"), [node], opener.pos)

    # -- a condition in brackets: the indicator

    def bracketed_condition(self) -> ast.AST | None:
        """The indicator in the bracket that follows, if its content is a condition; else nothing is consumed."""
        start = self.i
        try:
            args = [self.atom()] if self.at_macro("{") else self.call_arguments("", self.peek().pos)
        except ExpressionError:
            self.i = start
            return None
        if len(args) == 1 and _is_indicator(args[0], self.policy):
            return args[0]
        self.i = start
        return None
