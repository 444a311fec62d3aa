"""Arithmetic in LaTeX answers: sums, products, powers, and what follows an operand.

Precedence from loose to tight: ``+ -`` (a leading sign negates the first term); ``* / \\cdot \\times
\\odot`` and juxtaposition, left to right; a sign after them (``a \\cdot -b``); ``^`` and the postfix marks
(``n!``, ``X.T``, ``(Xw - y)'``, ``1[z > 0]``, ``[z]_+``).  A superscript is a power, the positive part
(``(z)^+``) or a transpose (``^T``, ``^\\top``).  In matrix answers, juxtaposition, ``\\cdot`` and ``\\times``
between two factors that are not plain numbers are ``@``.  A mixin of :class:`.latex._Parser` (see
:mod:`.latex_stream`).
"""

from __future__ import annotations

import ast

from .errors import ExpressionError
from .latex_nodes import _at, _binop, _call, _is_numeric, _juxtaposed, _negate, _number
from .latex_stream import TokenStream
from .latex_tokens import Token
from .latex_vocabulary import _DIVISIONS, _ELEMENTWISE, _RELATION_MACROS, _TIMES, _plain_word, _token_end, _transpose_token


class Arithmetic(TokenStream):
    """From ``arithmetic`` (a sum) down to ``power``; the atoms themselves are in :mod:`.latex_atoms`."""

    def arithmetic(self) -> ast.AST:
        if self.at_op("-", "+"):
            sign = self.take()
            node = self.term()
            if sign.text == "-":
                node = _negate(node, sign.pos)
        else:
            node = self.term()
        while self.at_op("+", "-"):
            op = self.take()
            right = self.term()
            node = _binop(node, ast.Add() if op.text == "+" else ast.Sub(), right, op.pos)
        if self.at_macro("pm", "mp"):
            raise self.fail("'\\pm' is not allowed: give one expression", self.peek())
        return node

    def term(self) -> ast.AST:
        node = self.signed_factor()
        while (token := self.peek()) is not None:
            if token.kind == "op" and token.text == "*" or token.kind == "macro" and token.text in _ELEMENTWISE:
                self.i += 1
                node = _binop(node, ast.Mult(), self.signed_factor(), token.pos)
            elif token.kind == "macro" and token.text in _TIMES:
                self.i += 1
                right = self.signed_factor()
                node = _binop(node, self.product_operator(node, right), right, token.pos)
            elif token.kind == "op" and token.text == "@":
                if not self.policy.matrix_ops:
                    raise self.fail("'@' (matrix product) is only allowed in matrix answers", token)
                self.i += 1
                node = _binop(node, ast.MatMult(), self.signed_factor(), token.pos)
            elif token.kind == "op" and token.text == "/" or token.kind == "macro" and token.text in _DIVISIONS:
                self.i += 1
                divisor = self.peek()
                node = _binop(node, ast.Div(), self.signed_factor(), token.pos)
                self.refuse_glued_divisor(token, divisor)
            elif self.starts_atom(token):
                right = self.power()
                node = _juxtaposed(_binop(node, self.product_operator(node, right), right, token.pos))
            else:
                break
        return node

    def refuse_glued_divisor(self, slash: Token, divisor: Token | None) -> None:
        """``1/2n``, ``a/bc``, ``1/2(n+1)``: a factor glued to the divisor may belong to it or not -- refused,
        naming both readings.  With a space (``2/n X^T y``) the reading is left to right, as documented."""
        following = self.peek()
        if divisor is None or following is None or not self.starts_atom(following) or self.i == 0:
            return
        if _token_end(self.tokens[self.i - 1]) != following.pos:
            return
        start = self.i
        self.power()
        end = _token_end(self.tokens[self.i - 1])
        self.i = start
        text = self.text
        if not text or end > len(text):
            raise self.fail("a factor right after a division is ambiguous: use brackets", following)
        left, glued = text[divisor.pos:following.pos], text[following.pos:end]
        raise ExpressionError(
            f"'/{left}{glued}' at column {slash.pos + 1} can be read as (.../{left})*{glued} or .../({left}{glued}): "
            "write the one you mean with brackets", slash.pos,
            suggestion=text[:divisor.pos] + "(" + text[divisor.pos:end] + ")" + text[end:])

    def product_operator(self, left: ast.AST, right: ast.AST) -> ast.operator:
        if self.policy.matrix_ops and not (_is_numeric(left) or _is_numeric(right)):
            return ast.MatMult()
        return ast.Mult()

    def signed_factor(self) -> ast.AST:
        if self.at_op("-"):
            sign = self.take()
            return _negate(self.signed_factor(), sign.pos)
        if self.at_op("+"):
            self.take()
            return self.signed_factor()
        return self.power()

    def power(self) -> ast.AST:
        base = self.postfix(self.atom())
        if self.at_op("^"):
            caret = self.take()
            base = self.superscript(base, caret)
            if self.at_op("^"):
                raise self.fail("double superscript: group the exponent in braces", self.peek())
        return base

    # -- after an operand: !, .T, ', 1[...], _+

    def postfix(self, node: ast.AST) -> ast.AST:
        while True:
            if self.at_op("!") and not self.at_op("=", offset=1):
                bang = self.take()
                node = _call(self.function_spelling("factorial"), [node], bang.pos)
            elif self.at_op(".") and (after := self.peek(1)) is not None and after.kind == "word" and after.text == "T":
                dot = self.take()
                self.take()
                node = _at(ast.Attribute(value=node, attr="T", ctx=ast.Load()), dot.pos)
            elif self.at_op("'") and self.policy.matrix_ops and not isinstance(node, ast.Name):
                prime = self.take()  # (X w - y)': the transpose, as in MATLAB and many handouts
                node = _at(ast.Attribute(value=node, attr="T", ctx=ast.Load()), prime.pos)
            elif isinstance(node, ast.Constant) and node.value == 1 and not isinstance(node.value, bool) \
                    and (self.at_call_bracket() or self.at_macro("{")) and (condition := self.bracketed_condition()):
                node = condition  # 1[z > 0], \mathbb{1}(z > 0), \mathbb{1}\{z > 0\}: the indicator itself
            elif self.positive_part_follows():
                underscore = self.take()  # [z]_+, z_+: the positive part
                self.take()
                node = _call(self.function_spelling("relu"), [node], underscore.pos)
            elif self.at_op("_") and isinstance(node, ast.Constant) and node.value == 1 and self.subscript_condition():
                self.take()
                group = self.take()
                node = self.group_expression(group)  # 1_{z > 0}: the indicator
            else:
                return node

    def positive_part_follows(self) -> bool:
        if not self.at_op("_"):
            return False
        token = self.peek(1)
        return token is not None and (token.kind == "op" and token.text == "+" or token.kind == "group"
                                      and len(token.children) == 1 and token.children[0].kind == "op"
                                      and token.children[0].text == "+")

    def subscript_condition(self) -> bool:
        token = self.peek(1)
        return token is not None and token.kind == "group" and any(
            (t.kind == "op" and t.text in "<>") or (t.kind == "macro" and t.text in _RELATION_MACROS) for t in token.children)

    # -- superscripts: powers, the positive part, transposes

    def superscript(self, base: ast.AST, caret: Token) -> ast.AST:
        token = self.peek()
        if token is not None and (token.kind == "op" and token.text == "+" and not self.operand_follows(1)
                                  or token.kind == "group" and len(token.children) == 1
                                  and token.children[0].kind == "op" and token.children[0].text == "+"):
            self.take()  # (z)^+ : the positive part
            return _call(self.function_spelling("relu"), [base], caret.pos)
        if self.is_transpose_marker():
            self.skip_transpose_marker()
            return _at(ast.Attribute(value=base, attr="T", ctx=ast.Load()), caret.pos)
        return _binop(base, ast.Pow(), self.exponent(caret), caret.pos)

    def exponent(self, caret: Token) -> ast.AST:
        token = self.peek()
        if token is None:
            raise self.fail("missing exponent after '^'", caret)
        if token.kind == "group":
            self.i += 1
            return self.group_expression(token)
        if token.kind == "op" and token.text in "-+":  # x^-1: not TeX, but students write it
            self.i += 1
            operand = self.single_token_atom()
            return _negate(operand, token.pos) if token.text == "-" else operand
        return self.single_token_atom()

    def single_token_atom(self) -> ast.AST:
        token = self.peek()
        if token is not None and token.kind == "num" and len(token.text) > 1 and token.text.isdigit():
            # TeX takes one character: x^23 is x^2 3
            self.tokens[self.i] = Token("num", token.text[1:], token.pos + 1)
            return _number(token.text[0], token.pos)
        return self.atom()

    def operand_follows(self, offset: int) -> bool:
        token = self.peek(offset)
        return token is not None and (self.starts_atom(token) or token.kind == "op" and token.text == "-")

    def is_transpose_marker(self) -> bool:
        token = self.peek()
        if token is None:
            return False
        if token.kind == "group":
            return len(token.children) == 1 and _transpose_token(token.children[0], self.policy) or \
                len(token.children) == 2 and token.children[0].kind == "macro" and token.children[0].text in ("mathsf", "mathrm") \
                and _plain_word(token.children[1].children) == "T"
        if token.kind == "macro" and token.text in ("mathsf", "mathrm"):
            following = self.peek(1)
            return following is not None and following.kind == "group" and _plain_word(following.children) == "T"
        return _transpose_token(token, self.policy)

    def skip_transpose_marker(self) -> None:
        token = self.take()
        if token.kind == "macro" and token.text in ("mathsf", "mathrm"):
            self.take()
