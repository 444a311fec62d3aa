"""Comparisons in LaTeX answers: the relations of a condition, and a comparison inside a calculation.

A condition answer (``policy.relation``) is comparisons joined by ``and``/``or`` (``\\land``, ``\\wedge``,
``\\text{or}``...), ``and`` binding tighter.  In a calculation, ``(z > 0)`` and ``z \\in [-1, 1]`` are
indicators (:func:`~.rewrite.indicator`).  A mixin of :class:`.latex._Parser` (see :mod:`.latex_stream`).
"""

from __future__ import annotations

import ast

from .latex_nodes import _at
from .latex_stream import TokenStream
from .latex_vocabulary import _LOGIC_MACROS, _RELATION_MACROS, _WRAPPERS, _plain_word
from .rewrite import indicator


class Relations(TokenStream):
    """The top of the grammar: ``parse_relation`` for conditions, ``parse_expression`` for calculations."""

    def parse_relation(self) -> ast.AST:
        node = self.conjunction()
        values = [node]
        while self.logic_word() == "or":
            self.skip_logic_word()
            values.append(self.conjunction())
        return node if len(values) == 1 else _at(ast.BoolOp(op=ast.Or(), values=values), values[0].col_offset)

    def conjunction(self) -> ast.AST:
        values = [self.comparison()]
        while self.logic_word() == "and":
            self.skip_logic_word()
            values.append(self.comparison())
        return values[0] if len(values) == 1 else _at(ast.BoolOp(op=ast.And(), values=values), values[0].col_offset)

    def comparison(self) -> ast.AST:
        start = self.peek()
        left = self.parse_expression()
        ops, comparators = [], []
        while (op := self.relation_operator()) is not None:
            ops.append(op)
            comparators.append(self.parse_expression())
        if not ops:
            raise self.fail("expected a comparison such as m > n", self.peek() or start)
        return _at(ast.Compare(left=left, ops=ops, comparators=comparators), left.col_offset)

    def relation_operator(self) -> ast.cmpop | None:
        token = self.peek()
        if token is None:
            return None
        if token.kind == "macro" and token.text in _RELATION_MACROS:
            self.i += 1
            return _RELATION_MACROS[token.text]()
        if token.kind != "op" or token.text not in "<>=!":
            return None
        self.i += 1
        equals = self.at_op("=")
        if equals:
            self.i += 1
        if token.text == "<":
            return ast.LtE() if equals else ast.Lt()
        if token.text == ">":
            return ast.GtE() if equals else ast.Gt()
        if token.text == "=":
            if self.at_op("="):
                self.i += 1
            return ast.Eq()
        if equals:  # '!='
            return ast.NotEq()
        raise self.fail("unexpected '!'", token)

    def logic_word(self) -> str | None:
        if not self.policy.relation:
            return None
        token = self.peek()
        if token is None:
            return None
        if token.kind == "word" and token.text in ("and", "or"):
            return token.text
        if token.kind == "macro" and token.text in _LOGIC_MACROS:
            return _LOGIC_MACROS[token.text]
        if token.kind == "macro" and token.text in _WRAPPERS:
            following = self.peek(1)
            if following is not None and following.kind == "group":
                word = _plain_word(following.children)
                if word in ("and", "or"):
                    return word
        return None

    def skip_logic_word(self) -> None:
        token = self.take()
        if token.kind == "macro" and token.text in _WRAPPERS:
            self.take()

    # -- a comparison inside a calculation: its indicator

    def parse_expression(self) -> ast.AST:
        node = self.arithmetic()
        if not self.policy.relation and self.at_interval():
            return self.interval(node)
        if self.policy.relation or not self.at_comparison():
            return node
        # a condition inside a calculation is its indicator: (z > 0), 1[z > 0], \mathbb{1}_{z > 0}
        start = self.peek()
        operands, ops = [node], []
        while (op := self.relation_operator()) is not None:
            ops.append(op)
            operands.append(self.arithmetic())
        return indicator(operands, ops, self.policy, start.pos if start else None, node)

    def at_interval(self) -> bool:
        token = self.peek()
        return token is not None and (token.kind == "macro" and token.text == "in"
                                      or token.kind == "word" and token.text == "in" and "in" not in self.policy.names)

    def interval(self, node: ast.AST) -> ast.AST:
        """z \\in [-1, 1]: the indicator of the interval; a square bracket includes its end, a round one does not."""
        member = self.take()
        if self.at_macro("left"):
            self.take()
        opener = self.peek()
        if opener is None or opener.kind != "op" or opener.text not in "([":
            raise self.fail("expected an interval such as [-1, 1] after 'in'", opener or member)
        self.take()
        low = self.arithmetic()
        if not self.at_op(","):
            raise self.fail("expected ',' between the ends of the interval", self.peek())
        self.take()
        high = self.arithmetic()
        if self.at_macro("right"):
            self.take()
        closer = self.peek()
        if closer is None or closer.kind != "op" or closer.text not in ")]":
            raise self.fail(f"expected ']' or ')' to close the interval opened at column {opener.pos + 1}", closer)
        self.take()
        ops = [ast.LtE() if opener.text == "[" else ast.Lt(), ast.LtE() if closer.text == "]" else ast.Lt()]
        return indicator([low, node, high], ops, self.policy, member.pos, node)

    def at_comparison(self) -> bool:
        token = self.peek()
        if token is None:
            return False
        if token.kind == "macro":
            return token.text in _RELATION_MACROS
        return token.kind == "op" and (token.text in "<>=" or (token.text == "!" and self.at_op("=", offset=1)))
