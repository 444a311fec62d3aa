"""The token stream under the LaTeX reader: position, look-ahead, and errors that name a column.

:class:`TokenStream` is the base of each part of the reader's grammar, and :class:`.latex._Parser` puts
the parts together:

* :mod:`.latex_relations` -- relations, ``and``/``or``, and a comparison inside a calculation (an indicator);
* :mod:`.latex_arithmetic` -- sums, products, powers, and what follows an operand (``!``, ``.T``, ``'``, ``^+``);
* :mod:`.latex_atoms` -- numbers, words, names with subscripts and primes, and the LaTeX commands;
* :mod:`.latex_delimiters` -- brackets, bars, norms, ``\\left ... \\right`` and bracketed conditions;
* :mod:`.latex_functions` -- function calls and their arguments, with or without brackets.

The grammar is one recursive descent whose rules call one another across these parts (an atom holds a
whole expression; a function's argument is a run of atoms), so the parts are mixins of one class sharing
this stream, rather than free functions handing a parser around: ``self.atom()`` reads the same wherever
it is written, and each rule stays next to the rules of its idea.
"""

from __future__ import annotations

import ast

from .errors import ExpressionError
from .latex_tokens import Token
from .policy import ParsePolicy


class TokenStream:
    """The tokens of one answer (or of one braced group) and the position reached in them.

    ``bar_depth`` and ``norm_depth`` count the ``|...|`` and ``\\|...\\|`` pairs open at this point, so that
    a ``|`` inside them closes the pair instead of opening another.  :meth:`group_expression` relies on
    ``parse_expression`` from :mod:`.latex_relations`.
    """

    def __init__(self, tokens: list[Token], policy: ParsePolicy, end: int, text: str = ""):
        self.text = text
        self.tokens = tokens
        self.i = 0
        self.policy = policy
        self.end = end
        self.bar_depth = 0
        self.norm_depth = 0

    # -- token access

    def peek(self, offset: int = 0) -> Token | None:
        index = self.i + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise ExpressionError("the expression ends too early", self.end)
        self.i += 1
        return token

    def at_op(self, *chars: str, offset: int = 0) -> bool:
        token = self.peek(offset)
        return token is not None and token.kind == "op" and token.text in chars

    def at_macro(self, *names: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "macro" and token.text in names

    # -- errors that name a column

    def fail(self, message: str, token: Token | None) -> ExpressionError:
        position = token.pos if token is not None else self.end
        return ExpressionError(f"{message} at column {position + 1}", position)

    def unexpected(self, token: Token | None) -> ExpressionError:
        if token is None:
            return ExpressionError("the expression ends too early", self.end)
        if token.kind == "op" and token.text in "<>=":
            return self.fail(f"unexpected '{token.text}' (comparisons are written <, <=, >, >= or =)", token)
        if token.kind == "macro" and token.text == "\\":
            return self.fail("line breaks ('\\\\') are not allowed", token)
        return self.fail(f"unexpected {token.describe()}", token)

    def expect_end(self) -> None:
        if self.peek() is not None:
            raise self.unexpected(self.peek())

    def expect_op(self, char: str, opener: Token) -> None:
        if not self.at_op(char):
            found = self.peek()
            raise self.fail(f"expected '{char}' to close the '{opener.text or opener.delims[0]}' "
                            f"at column {opener.pos + 1}, found {found.describe() if found else 'the end'}", found)
        self.i += 1

    # -- braced groups, read by a parser of their own

    def sub_parser(self, group: Token) -> "TokenStream":
        """A parser of the same composed class over the group's own tokens (its errors keep the columns)."""
        return type(self)(group.children, self.policy, max(group.end - 1, group.pos), self.text)

    def group_expression(self, group: Token) -> ast.AST:
        parser = self.sub_parser(group)
        if not group.children:
            raise self.fail("empty braces", group)
        node = parser.parse_expression()
        parser.expect_end()
        return node
