"""Function calls in LaTeX answers: ``\\log``, ``\\exp``, ``relu``, ``\\operatorname{ReLU}``...

The spelling is the one the item allows (:meth:`Functions.function_spelling`); ``f'`` is the derivative
``f_prime``, ``\\log^2 n`` a power of the value and ``\\log_2 n`` a change of base.  The argument is a
bracketed list or, without brackets, the juxtaposed factors that follow (``\\log 2n`` is log(2*n)).  A mixin
of :class:`.latex._Parser` (see :mod:`.latex_stream`).
"""

from __future__ import annotations

import ast

from .errors import ExpressionError
from .functions import SPELLINGS, canonical, spellings_of
from .latex_nodes import _binop, _call, _juxtaposed, _negate
from .latex_stream import TokenStream
from .latex_tokens import Token
from .latex_vocabulary import _FUNCTION_MACROS, _delimiter


class Functions(TokenStream):
    """A function's name, its prime and exponent, and its arguments."""

    def at_call_bracket(self) -> bool:
        return self.at_op("(", "[") or self.at_macro("left")

    def function_for_word(self, word: str) -> str | None:
        for candidate in (word, word.lower(), {"tr": "trace", "sgn": "sign"}.get(word.lower(), "")):
            if candidate and (candidate in self.policy.functions or candidate in SPELLINGS):
                return candidate
        return None

    def function_spelling(self, word: str, prefer: tuple[str, ...] = ()) -> str:
        """The spelling the caller allows for a function: as written, canonical, or another alias."""
        for candidate in (*prefer, word, *spellings_of(word)):
            if candidate in self.policy.functions:
                return candidate
        return word

    def function(self, word: str, pos: int, prefer: tuple[str, ...] = ()) -> ast.AST:
        name = self.function_spelling(word, prefer)
        if self.at_op("'") or self.at_op("^") and self.superscript_is_prime():
            # relu'(z), \text{ReLU}'(z), \sigma'(z), tanh'(z): the derivative, by its table name
            self.i += 1 if self.at_op("'") else 2
            base = canonical(word if word in SPELLINGS else {"sigma": "sigmoid", "ReLU": "relu"}.get(word, word))
            name = self.function_spelling(f"{base}_prime")
        exponent = None
        if self.at_op("^"):
            caret = self.take()
            exponent = self.exponent(caret)
        base = None
        if self.at_op("_") and canonical(word) == "log" and exponent is None:
            underscore = self.take()  # \log_2 n: the logarithm to base 2, log(n)/log(2)
            token = self.peek()
            if token is not None and token.kind == "num":
                base = self.single_token_atom()
            elif token is not None and token.kind == "group":
                self.i += 1
                base = self.group_expression(token)
            else:
                raise self.fail("a logarithm's base must be a number, e.g. \\log_2", token or underscore)
            if self.at_op("^"):
                caret = self.take()
                exponent = self.exponent(caret)
        if self.at_op("_"):
            raise self.fail(f"'{word}' with a subscript is not supported", self.peek())
        args = self.call_arguments(word, pos)
        node: ast.AST = _call(name, args, pos)
        if base is not None:
            node = _binop(node, ast.Div(), _call(name, [base], pos), pos)
        if exponent is not None:
            node = _binop(node, ast.Pow(), exponent, pos)
        return node

    def call_arguments(self, word: str, pos: int) -> list[ast.AST]:
        token = self.peek()
        if token is not None and token.kind == "op" and token.text in "([":
            self.i += 1
            args = self.comma_list()
            self.expect_op(")" if token.text == "(" else "]", token)
            return args
        if token is not None and token.kind == "macro" and token.text == "left":
            self.i += 1
            opener = self.take() if self.peek() is not None else None
            kind = _delimiter(opener)
            if kind is None:
                raise self.fail("'\\left' must be followed by a delimiter such as ( [ |", opener or token)
            saved_depth, self.bar_depth = self.bar_depth, 0
            args = self.comma_list()
            self.bar_depth = saved_depth
            self.close_right(token)
            if kind in ("|", "lvert", "vert"):
                args = [_call(self.function_spelling("abs"), args, token.pos)]
            elif kind == "norm":
                args = [_call(self.function_spelling("norm"), args, token.pos)]
            return args
        if token is not None and token.kind == "group":  # max{0, z}
            self.i += 1
            if not token.children:
                raise self.fail("empty braces", token)
            parser = self.sub_parser(token)
            args = parser.comma_list()
            parser.expect_end()
            return args
        if token is not None and token.kind == "macro" and token.text == "{":  # \max\{0, z\}
            self.i += 1
            args = self.comma_list()
            if not self.at_macro("}"):
                raise self.fail(f"expected '\\}}' to close the '\\{{' opened at column {token.pos + 1}", self.peek())
            self.i += 1
            return args
        if token is None or not (self.starts_atom(token) or self.at_op("-")):
            raise ExpressionError(f"'{word}' at column {pos + 1} needs an argument in brackets", pos)
        return [self.implicit_run()]

    def comma_list(self) -> list[ast.AST]:
        args = [self.parse_expression()]
        while self.at_op(","):
            self.take()
            args.append(self.parse_expression())
        return args

    def implicit_run(self) -> ast.AST:
        """The argument of a function written without brackets: juxtaposed factors (\\log 2n)."""
        if self.at_op("-"):
            sign = self.take()
            return _negate(self.implicit_run(), sign.pos)
        node = self.power()
        while (token := self.peek()) is not None and self.starts_atom(token) and not self.starts_function(token):
            right = self.power()
            node = _juxtaposed(_binop(node, self.product_operator(node, right), right, token.pos))
        return node

    def starts_function(self, token: Token) -> bool:
        if token.kind == "macro":
            return token.text in _FUNCTION_MACROS or token.text == "sqrt"
        return token.kind == "word" and token.text not in self.policy.names and \
            (token.text in self.policy.functions or token.text in SPELLINGS)
