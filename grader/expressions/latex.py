r"""LaTeX answers -> the same ``ast`` form as Python-syntax answers.

pylatexenc's ``LatexWalker`` does the LaTeX lexing (macros, braces, math
mode, comments); :mod:`.latex_tokens` flattens its node tree into tokens and
the small recursive-descent parser here builds ``ast`` nodes, which then go through the same
whitelist validator as plain answers (:mod:`.parser`).  Nothing is evaluated.

Reading rules
-------------
* ``\frac{a}{b}`` (also ``\dfrac``, ``\tfrac``, ``\cfrac``, ``\frac12``) is a/b;
  ``\sqrt{x}`` is sqrt(x), ``\sqrt[n]{x}`` is x**(1/n).
* ``\left( \right)``, ``( )``, ``[ ]`` and ``{ }`` group; ``|x|``,
  ``\lvert x \rvert`` and ``\left| x \right|`` are abs(x); ``\lfloor \rfloor``
  and ``\lceil \rceil`` are floor and ceil.
* ``\cdot``, ``\times``, ``\ast``, ``*`` multiply, ``/`` and ``\div`` divide.
  **Implicit multiplication**: adjacent factors multiply (``2n``, ``n m``,
  ``\sigma^2\left(...\right)``) with the same precedence as ``*`` and ``/``,
  left to right, so ``a/bc`` is (a/b)*c -- write ``\frac{a}{bc}``.
* Letters: a run of letters that is a declared name, a function or a
  constant is that word (with a name ``lr``, ``lr`` is that name);
  otherwise it is split into declared names and functions when exactly
  one split exists (names d, n: ``dn`` is d*n; ``nlogn`` is n*log(n)) and
  refused, naming the readings, when several exist.  ``e`` is Euler's
  number unless a symbol ``e`` is declared; ``\pi`` is pi.
* Notation of derivations: ``(z > 0)``, ``1[z>0]``, ``\mathbb{1}_{z>0}``,
  ``\mathbb{I}(z\geq 0)`` are indicators (a comparison inside a
  calculation); ``\|v\|``, ``||v||``, ``\lVert v\rVert_2`` are norms;
  ``(z)^+`` is relu(z); ``relu'(z)``, ``\text{ReLU}'(z)``, ``\sigma'(z)``
  are derivatives (``<f>_prime``); in matrix answers ``X'`` is a
  transpose, ``I`` the identity and ``I_K`` eye(K).
* Plain text (``plain``: Python's parser refused it) may also use ``**``,
  ``@``, ``.T`` and ``1e-3``.
* Greek letters are their names (``\sigma`` -> ``sigma``, ``\lambda`` ->
  ``lam``, see :mod:`.greek`).  ``\sigma(z)`` is the sigmoid when no symbol
  ``sigma`` is declared; otherwise it is sigma*(z).
* Names with subscripts, accents and primes: ``W_1``, ``W_{1}`` and
  ``W^{(1)}`` are the first declared name among ``W_1``, ``W1``;
  ``\bar{y}`` / ``\overline{y}`` among ``y_bar``, ``ybar``; ``\hat{y}`` ->
  ``y_hat``; ``\tilde{w}`` -> ``w_tilde``; ``y'`` -> ``y_prime``;
  ``\bar{c}_1`` among ``c1_bar``, ``c_1_bar``, ``c_bar_1``...
  Font wrappers (``\mathbf``, ``\boldsymbol``, ``\mathrm``, ``\text``,
  ``\operatorname``...) are transparent: ``\mathbf{W}`` is ``W``,
  ``\operatorname{ReLU}(a)`` is relu(a), ``\mathcal{O}(n^2)`` is O(n**2).
  A subscript without braces is one character, as in TeX (``x_12`` is x_1*2).
* Functions: ``\exp \log \ln \sqrt \tanh \sinh \cosh \sin \cos \max \min``
  and table names written as letters (``relu(x)``, ``sigmoid(x)``).  The
  argument is a bracketed group, or else the juxtaposed factors that follow
  (``\log 2n`` is log(2*n), ``\log n \cdot m`` is log(n)*m).  ``\log^2 n``
  is (log n)**2.  ``\log_2`` (a base) is refused.
* ``^`` takes a braced group or one token (``x^23`` is x**2*3, as in TeX);
  ``x^-1`` is accepted as x**(-1).  ``n!`` is factorial(n).
* Transpose: ``^T``, ``^{T}``, ``^\top``, ``^\intercal``, ``^{\mathsf{T}}``
  become ``.T`` (allowed only with ``matrix_ops``; with a declared scalar
  ``T``, ``x^T`` is a power).
* Matrix answers (``matrix_ops``): juxtaposition, ``\cdot`` and ``\times``
  are the matrix product ``@`` unless a side is a plain number (then ``*``);
  ``\odot``, ``\circ`` and ``*`` are the elementwise product ``*``.
* Relations (:func:`~.parser.parse_relation`): ``< > = \lt \gt \le \leq
  \ge \geq \ne \neq <= >= !=``, joined by ``and``/``or``, ``\land``/``\lor``,
  ``\wedge``/``\vee`` or ``\text{and}``/``\text{or}``.
* Spacing commands are ignored; ``%`` comments, ``&``, ``\\``,
  environments, sums, integrals and unknown commands are errors.
"""

from __future__ import annotations

import ast

from .functions import INDICATOR_NAMES, REWRITES, SPELLINGS, canonical, spellings_of
from .greek import GREEK_MACROS
from .latex_tokens import Token, Tokenizer
from .errors import ExpressionError
from .policy import ParsePolicy
from .rewrite import adjoint_name, indicator, mark_juxtaposed

_FRACTIONS = {"frac", "dfrac", "tfrac", "cfrac"}
_FUNCTION_MACROS = {"exp": "exp", "log": "log", "ln": "log", "tanh": "tanh", "sinh": "sinh", "cosh": "cosh",
                    "sin": "sin", "cos": "cos", "max": "max", "min": "min", "sgn": "sign", "tr": "trace"}
_WRAPPERS = {"mathbf", "mathrm", "mathit", "mathsf", "mathnormal", "boldsymbol", "bm", "vec", "textbf", "textit",
             "text", "textrm", "operatorname", "mathcal", "mathbb"}
_DECORATIONS = {"bar": "bar", "overline": "bar", "hat": "hat", "widehat": "hat", "tilde": "tilde",
                "widetilde": "tilde", "dot": "dot"}
_TIMES = {"cdot", "times"}
_ELEMENTWISE = {"odot", "circ", "ast"}
_RELATION_MACROS = {"lt": ast.Lt, "gt": ast.Gt, "le": ast.LtE, "leq": ast.LtE, "leqslant": ast.LtE,
                    "ge": ast.GtE, "geq": ast.GtE, "geqslant": ast.GtE, "ne": ast.NotEq, "neq": ast.NotEq}
_NORMS = {"|": "|", "Vert": "Vert", "lVert": "rVert"}
_LOGIC_MACROS = {"land": "and", "wedge": "and", "lor": "or", "vee": "or"}
_TRANSPOSE_MACROS = {"top", "intercal", "T"}
_CLOSERS = {"(": ")", "[": "]", "|": "|", "{": "}", "lvert": "rvert", "vert": "vert", "lfloor": "rfloor",
            "lceil": "rceil", ".": None}
def latex_to_ast(text: str, policy: ParsePolicy, plain: bool = False) -> ast.Expression:
    """Read a LaTeX (or plain written-mathematics) answer into an unvalidated ``ast.Expression``."""
    tokens = Tokenizer(policy, plain).tokenize(text)
    parser = _Parser(tokens, policy, len(text), text)
    body = parser.parse_relation() if policy.relation else parser.parse_expression()
    parser.expect_end()
    return ast.Expression(body=body)


# ---------------------------------------------------------------- ast helpers


def _at(node: ast.AST, pos: int) -> ast.AST:
    node.lineno = node.end_lineno = 1
    node.col_offset = node.end_col_offset = pos
    return node


def _name(name: str, pos: int) -> ast.Name:
    return _at(ast.Name(id=name, ctx=ast.Load()), pos)


def _binop(left: ast.AST, op: ast.operator, right: ast.AST, pos: int) -> ast.BinOp:
    return _at(ast.BinOp(left=left, op=op, right=right), pos)


def _juxtaposed(node: ast.BinOp) -> ast.BinOp:
    """Mark a product written by juxtaposition (see :data:`~.rewrite.JUXTAPOSED`)."""
    mark_juxtaposed(node)
    return node


def _call(name: str, args: list[ast.AST], pos: int) -> ast.Call:
    return _at(ast.Call(func=_name(name, pos), args=args, keywords=[]), pos)


def _negate(node: ast.AST, pos: int) -> ast.UnaryOp:
    return _at(ast.UnaryOp(op=ast.USub(), operand=node), pos)


def _is_numeric(node: ast.AST) -> bool:
    """A plain number (no symbols): multiplying by it is scaling, even in matrix answers."""
    return all(not isinstance(n, ast.Name) or n.id in ("pi", "E") for n in ast.walk(node))


def _name_candidates(base: str, sub: str | None, decorations: list[str]) -> list[str]:
    """Spellings a decorated, subscripted LaTeX name may have among the declared names."""
    decoration = "_".join(decorations)
    if not sub and not decoration:
        return [base]
    if not decoration:
        return [f"{base}_{sub}", f"{base}{sub}"]
    if not sub:
        return [f"{base}_{decoration}", f"{base}{decoration.replace('_', '')}", f"{decoration}_{base}"]
    return [f"{base}{sub}_{decoration}", f"{base}_{sub}_{decoration}", f"{base}_{decoration}_{sub}",
            f"{base}_{decoration}{sub}"]


# ---------------------------------------------------------------- parser


class _Parser:
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

    def sub_parser(self, group: Token) -> "_Parser":
        return _Parser(group.children, self.policy, max(group.end - 1, group.pos), self.text)

    def group_expression(self, group: Token) -> ast.AST:
        parser = self.sub_parser(group)
        if not group.children:
            raise self.fail("empty braces", group)
        node = parser.parse_expression()
        parser.expect_end()
        return node

    # -- relations

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

    # -- arithmetic

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
            elif token.kind == "op" and token.text == "/" or token.kind == "macro" and token.text == "div":
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

    # -- atoms

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
                    or name in ("sqrt", "left", "lvert", "lfloor", "lceil", "vert", "{"))
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
            self.i += 1
            node = self.parse_expression()
            self.expect_op(")" if token.text == "(" else "]", token)
            return node
        if token.kind == "op" and token.text == "|" and self.bar_depth == 0 and self.at_op("|", offset=1):
            self.i += 2  # ||v||: a norm
            self.bar_depth += 1
            node = self.parse_expression()
            self.bar_depth -= 1
            self.expect_op("|", token)
            self.expect_op("|", token)
            return self.norm(node, token)
        if token.kind == "op" and token.text == "|" and self.bar_depth == 0:
            self.i += 1
            self.bar_depth += 1
            node = self.parse_expression()
            self.bar_depth -= 1
            self.expect_op("|", token)
            return _call(self.function_spelling("abs"), [node], token.pos)
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

    def norm(self, node: ast.AST, opener: Token) -> ast.AST:
        """||v||, \\|v\\|_2, \\lVert v \\rVert_F: the (Euclidean / Frobenius) norm; the subscript 2 or F is optional."""
        if self.at_op("_"):
            label = self.peek(1)
            text = label.text if label is not None and label.kind in ("num", "word") else \
                _plain_word(label.children, allow_commas=True) if label is not None and label.kind == "group" else None
            if text in ("2", "F", "fro"):
                self.i += 2
        return _call(self.function_spelling("norm"), [node], opener.pos)

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
        chosen = next((c for c in candidates if c in self.policy.names), None)
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
        if name == "{":  # \{ z > 0 \}: braces written out, as in \mathbb{1}\{z > 0\}
            self.i += 1
            node = self.parse_expression()
            if not self.at_macro("}"):
                raise self.fail(f"expected '\\}}' to close the '\\{{' opened at column {token.pos + 1}", self.peek())
            self.i += 1
            return node
        if name in _NORMS:
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
        if name in ("lvert", "vert", "lfloor", "lceil"):
            self.i += 1
            closer = _CLOSERS[name]
            node = self.parse_expression()
            if not self.at_macro(closer):
                raise self.fail(f"expected '\\{closer}' to close the '\\{name}' at column {token.pos + 1}", self.peek())
            self.i += 1
            return _call(self.function_spelling({"lfloor": "floor", "lceil": "ceil"}.get(name, "abs")), [node], token.pos)
        if name == "infty":
            raise self.fail("infinity is not allowed", token)
        if name == "\\":
            raise self.fail("line breaks ('\\\\') are not allowed", token)
        if name in ("sum", "prod", "int", "partial", "nabla", "lim", "det", "mathbb", "begin"):
            raise self.fail(f"'\\{name}' is not supported in answers", token)
        raise self.fail(f"unknown or misplaced LaTeX command '\\{name}'", token)

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

    def argument(self, command: Token) -> ast.AST:
        """One TeX argument: a braced group or a single token."""
        token = self.peek()
        if token is None:
            raise self.fail(f"'\\{command.text}' is missing an argument", command)
        if token.kind == "group":
            self.i += 1
            return self.group_expression(token)
        return self.single_token_atom()

    # -- functions

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


# ---------------------------------------------------------------- small helpers


def _token_end(token: Token) -> int:
    return token.end if token.end else token.pos + len(token.text)


def _is_indicator(node: ast.AST, policy: ParsePolicy) -> bool:
    """A product of Heaviside steps, as :func:`~.parser.indicator` builds them."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return _is_indicator(node.left, policy) and _is_indicator(node.right, policy)
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
        node.func.id == policy.spelling_for("Heaviside") and len(node.args) == 2


def _number(text: str, pos: int) -> ast.Constant:
    value: int | float = float(text) if any(c in text for c in ".eE") else int(text)  # 1e999 is inf: refused later
    return _at(ast.Constant(value), pos)


def _plain_word(tokens: list[Token], allow_commas: bool = False) -> str | None:
    """The text of a group holding only letters, digits, Greek letters and wrappers (a name or label)."""
    parts: list[str] = []
    for token in tokens:
        if token.kind in ("word", "num"):
            parts.append(token.text)
        elif token.kind == "op" and token.text == "_" :
            parts.append("_")
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
    if token.kind == "macro" and token.text in ("{", "lvert", "vert", "lfloor", "lceil", "|"):
        return token.text
    return None


def _closing_delimiter(token: Token | None) -> bool:
    if token is None:
        return False
    if token.kind == "op":
        return token.text in ")]|."
    return token.kind == "macro" and token.text in ("}", "rvert", "vert", "rfloor", "rceil", "|")
