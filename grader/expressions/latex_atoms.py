"""Atoms of LaTeX answers: numbers, words, names, and the LaTeX commands.

A word is a declared name first, then a function or an indicator name, then a (maybe unknown) name; a
command (``\\frac``, ``\\sqrt``, ``\\sigma``, ``\\mathbf``, ``\\bar``...) is read by :meth:`Atoms.macro`,
which hands brackets and bars to :mod:`.latex_delimiters` and calls to :mod:`.latex_functions`.  A name
collects its subscript, primes and layer index (``W^{(1)}``) and becomes the first declared spelling.
A mixin of :class:`.latex._Parser` (see :mod:`.latex_stream`).
"""

from __future__ import annotations

import ast

from .errors import ExpressionError
from .functions import INDICATOR_NAMES, REWRITES, SPELLINGS
from .greek import GREEK_MACROS
from .latex_nodes import _at, _binop, _call, _name, _name_candidates, _number
from .latex_stream import TokenStream
from .latex_tokens import Token
from .latex_vocabulary import (_DECORATIONS, _FRACTIONS, _FUNCTION_MACROS, _NORMS, _WRAPPERS, _plain_word,
                               _transpose_token)
from .rewrite import adjoint_name


class Atoms(TokenStream):
    """What an operator applies to: ``atom`` reads one, ``starts_atom`` says whether a token begins one."""

    def starts_atom(self, token: Token) -> bool:
        if token.kind in ("num", "group"):
            return True
        if token.kind == "word":
            return not (self.policy.relation and token.text in ("and", "or"))
        if token.kind == "op":
            return token.text in "([" or (token.text == "|" and self.bar_depth == 0)
        if token.kind == "macro":
            name = token.text
            if name in _WRAPPERS and self.logic_word() is not None and self.peek() is token:
                return False
            return (name in GREEK_MACROS or name in _FRACTIONS or name in _FUNCTION_MACROS or name in _WRAPPERS
                    or name in _DECORATIONS or name == "lVert" or name in _NORMS and self.norm_depth == 0
                    or name in ("sqrt", "left", "lvert", "lfloor", "lceil", "vert", "{")
                    or name == "sum" and self.policy.matrix_ops)
        return False

    def atom(self) -> ast.AST:
        token = self.peek()
        if token is None:
            raise ExpressionError("the expression ends too early", self.end)
        if token.kind == "num":
            self.i += 1
            return _number(token.text, token.pos)
        if token.kind == "word":
            if self.policy.relation and token.text in ("and", "or"):
                raise self.unexpected(token)
            self.i += 1
            return self.word(token.text, token.pos)
        if token.kind == "group":
            self.i += 1
            return self.group_expression(token)
        if token.kind == "op" and token.text in "([":
            return self.brackets(token)
        if token.kind == "op" and token.text == "|" and self.bar_depth == 0:
            return self.bars(token)
        if token.kind == "macro":
            return self.macro(token)
        raise self.unexpected(token)

    def word(self, word: str, pos: int, decorations: list[str] | None = None) -> ast.AST:
        """A word already taken from the stream: a declared name wins, then a function, then a (maybe unknown) name."""
        undeclared = word not in self.policy.names and not decorations
        if undeclared and (word in INDICATOR_NAMES or word in ("H", "step", "Heaviside", "heaviside")) \
                and self.at_call_bracket():
            condition = self.bracketed_condition()
            if condition is not None:  # I(z > 0), H(z >= 0): the indicator of the condition
                return condition
        if undeclared and (word in self.policy.functions or word in SPELLINGS or word in REWRITES):
            if word in REWRITES and word not in self.policy.functions and len(word) == 1 and not self.at_call_bracket():
                return self.name(word, pos, [])  # a bare H is a name, H(z) the step
            return self.function(word, pos)
        return self.name(word, pos, decorations or [])

    def macro(self, token: Token) -> ast.AST:
        name = token.text
        if name in GREEK_MACROS:
            self.i += 1
            mapped = GREEK_MACROS[name]
            if mapped == "sigma" and "sigma" not in self.policy.names and (self.at_call_bracket() or self.at_op("'")):
                return self.function("sigmoid", token.pos, prefer=("sigma",))
            if mapped == "Theta" and "Theta" not in self.policy.names and self.at_call_bracket():
                return self.function("Theta", token.pos)
            return self.name(mapped, token.pos, [])
        if name in _FRACTIONS:
            self.i += 1
            numerator = self.argument(token)
            denominator = self.argument(token)
            return _binop(numerator, ast.Div(), denominator, token.pos)
        if name == "sqrt":
            self.i += 1
            following = self.peek()
            if following is not None and following.kind == "group" and following.delims[0] == "[":
                self.i += 1
                index = self.group_expression(following)
                radicand = self.argument(token)
                one = _at(ast.Constant(1), token.pos)
                return _binop(radicand, ast.Pow(), _binop(one, ast.Div(), index, token.pos), token.pos)
            return _call(self.function_spelling("sqrt"), [self.argument(token)], token.pos)
        if name in _FUNCTION_MACROS:
            self.i += 1
            return self.function(_FUNCTION_MACROS[name], token.pos)
        if name in _WRAPPERS:
            self.i += 1
            group = self.peek()
            if group is None or group.kind != "group":
                raise self.fail(f"'\\{name}' needs an argument in braces", token)
            self.i += 1
            word = _plain_word(group.children)
            if word is None:
                return self.group_expression(group)
            if name == "mathcal" and word == "O":
                return self.function("O", token.pos)
            function = self.function_for_word(word)
            if function is not None and word not in self.policy.names:
                return self.function(function, token.pos)
            return self.word(word, token.pos)
        if name in _DECORATIONS:
            self.i += 1
            group = self.peek()
            word = _plain_word(group.children) if group is not None and group.kind == "group" else None
            if word is None:
                raise self.fail(f"'\\{name}' must decorate a single name in braces", token)
            self.i += 1
            return self.name(word, token.pos, [_DECORATIONS[name]])
        if name == "left":
            return self.left_right()
        if name == "{":
            return self.escaped_braces(token)
        if name in _NORMS:
            return self.double_bars(token)
        if name in ("lvert", "vert", "lfloor", "lceil"):
            return self.named_fence(token)
        if name == "infty":
            raise self.fail("infinity is not allowed", token)
        if name == "\\":
            raise self.fail("line breaks ('\\\\') are not allowed", token)
        if name == "sum" and self.policy.matrix_ops:
            return self.summation(token)
        if name == "sum":
            raise self.fail("a sum over an index ('\\sum', '∑') is not read: write the sum in closed form", token)
        if name in ("prod", "int", "partial", "nabla", "lim", "det", "mathbb", "begin"):
            raise self.fail(f"'\\{name}' is not supported in answers", token)
        raise self.fail(f"unknown or misplaced LaTeX command '\\{name}'", token)

    def summation(self, command: Token) -> ast.AST:
        """``\\sum_i (F - Y) \\odot (F - Y)`` in a matrix answer: the sum of every entry of the summand,
        which runs to the next ``+`` or ``-`` (a product, as in TeX usage).  Only a bare index may
        stand under the sign (``_i``, ``_{j}``): limits (``_{j \\neq i}``, ``^{V-1}``) may leave
        entries out, which a sum of every entry cannot say, so they are refused."""
        self.i += 1
        if self.at_op("_"):
            self.take()
            index = self.peek()
            if index is not None and index.kind == "group" and len(index.children) == 1:
                index = index.children[0]
            if index is None or index.kind != "word" or len(index.text) != 1:
                raise self.fail("a sum with limits is not read: write the sum of every entry of a vector or "
                                "matrix as sum(...), or leave entries out explicitly", command)
            self.take()
        if self.at_op("^"):
            raise self.fail("a sum with limits is not read: write the sum of every entry of a vector or matrix "
                            "as sum(...), or leave entries out explicitly", command)
        if self.peek() is None:
            raise self.fail("'\\sum' needs something to add up after it", command)
        return _call("sum", [self.term()], command.pos)

    def argument(self, command: Token) -> ast.AST:
        """One TeX argument: a braced group or a single token."""
        token = self.peek()
        if token is None:
            raise self.fail(f"'\\{command.text}' is missing an argument", command)
        if token.kind == "group":
            self.i += 1
            return self.group_expression(token)
        return self.single_token_atom()

    # -- names: subscripts, primes, layer indices

    def name(self, base: str, pos: int, decorations: list[str]) -> ast.AST:
        """A name with its subscript, primes and (W^{(1)}) layer index, resolved among the declared names."""
        decorations = list(decorations)
        subscript = None
        transposed = False
        while True:
            if self.at_op("_") and subscript is None and not self.positive_part_follows():
                underscore = self.take()
                subscript = self.label(underscore)
            elif self.at_op("'"):
                self.take()
                decorations.append("prime")
            elif self.at_op("^") and self.superscript_is_prime():
                self.take()
                self.take()
                decorations.append("prime")
            elif self.at_op("^") and subscript is None and (index := self.layer_index()) is not None:
                candidates = _name_candidates(base, index[0], decorations)
                if not any(c in self.policy.names for c in candidates):
                    break
                self.take()
                self.take()
                subscript, transposed = index
            else:
                break
        candidates = _name_candidates(base, subscript, decorations)
        declared = [c for c in candidates if c in self.policy.names]
        if len(declared) > 1:  # \hat{y} with both y_hat and yhat declared: naming both, never a guess
            raise self.fail(f"this name can be read as {' or '.join(declared)}: write the one you mean",
                            Token("word", base, pos))
        chosen = declared[0] if declared else None
        if chosen is None and "prime" in decorations and self.policy.matrix_ops:
            # X': the transpose, when no name X_prime is declared
            plain = [d for d in decorations if d != "prime"]
            unprimed = _name_candidates(base, subscript, plain)
            found = next((c for c in unprimed if c in self.policy.names), None)
            if found is not None:
                node: ast.AST = _name(found, pos)
                for _ in range(decorations.count("prime")):
                    node = _at(ast.Attribute(value=node, attr="T", ctx=ast.Load()), pos)
                return node
        if chosen is None and base == "I" and not decorations and self.policy.matrix_ops and subscript in self.policy.names:
            return _call(self.function_spelling("eye"), [_name(subscript, pos)], pos)  # I_K
        if chosen is None and base == "delta" and subscript and not decorations:
            chosen = adjoint_name(f"delta_{subscript}", self.policy)  # \delta_{c_2}: the adjoint of c2
        node = _name(chosen or candidates[0], pos)
        if transposed:
            node = _at(ast.Attribute(value=node, attr="T", ctx=ast.Load()), pos)
        return node

    def superscript_is_prime(self) -> bool:
        token = self.peek(1)
        if token is None:
            return False
        if token.kind == "macro":
            return token.text == "prime"
        return token.kind == "group" and len(token.children) == 1 and token.children[0].kind == "macro" \
            and token.children[0].text == "prime"

    def layer_index(self) -> tuple[str, bool] | None:
        """The k of W^{(k)} (and whether a transpose follows, as in W^{(2)\\top}), when the superscript has that form."""
        token = self.peek(1)
        if token is None or token.kind != "group":
            return None
        children = token.children
        if len(children) >= 3 and children[0].kind == "op" and children[0].text == "(" and \
                children[2].kind == "op" and children[2].text == ")" and children[1].kind in ("num", "word"):
            rest = children[3:]
            if rest and rest[0].kind == "op" and rest[0].text == "^":
                rest = rest[1:]
            if not rest:
                return children[1].text, False
            if len(rest) == 1 and _transpose_token(rest[0], self.policy):
                return children[1].text, True
        return None

    def label(self, underscore: Token) -> str:
        token = self.peek()
        if token is None:
            raise self.fail("missing subscript after '_'", underscore)
        self.i += 1
        if token.kind == "group":
            word = _plain_word(token.children, allow_commas=True)
            if not word:
                raise self.fail("a subscript must be a plain label such as 1, ij or out", token)
            return word
        if token.kind == "num":
            if len(token.text) > 1 and not token.text.isdigit():
                raise self.fail("a subscript must be a plain label such as 1, ij or out", token)
            if len(token.text) > 1:
                self.i -= 1
                self.tokens[self.i] = Token("num", token.text[1:], token.pos + 1)
            return token.text[0]
        if token.kind == "word":
            return token.text
        if token.kind == "macro" and token.text in GREEK_MACROS:
            return GREEK_MACROS[token.text]
        raise self.fail("a subscript must be a plain label such as 1, ij or out", token)
