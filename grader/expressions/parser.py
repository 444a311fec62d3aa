"""Safe parsing of answer expressions into a validated Python ``ast`` tree.

Students write derivations as text, in Python/SymPy/NumPy syntax
(``sigma**2*(1 - d/n)``, ``^`` accepted for powers), as written mathematics
in plain text (``3mn``, ``|z|``, ``relu'(z)``) or in LaTeX
(``\\sigma^2\\left(1-\\frac{d}{n}\\right)``, see :mod:`.latex`).  All become
the same ``ast.Expression``, checked against a whitelist:

* ``BinOp`` with ``+ - * / **`` (and ``@`` only when ``matrix_ops``);
* ``UnaryOp`` ``-`` and ``+``;
* ``Call`` of an allowed function name, positional arguments only;
* ``Name`` of a declared symbol, an allowed function (as a callee only) or a
  constant ``pi``, ``E`` (``e`` means E unless a symbol ``e`` is declared);
  ``I`` (the identity) in matrix answers;
* ``Constant`` ``int`` or ``float`` (no bool, complex, str, bytes, None);
* ``Attribute`` ``.T`` (transpose) only when ``matrix_ops``;
* ``Compare`` (``< <= > >= == !=``, chained) and ``and``/``or`` of
  comparisons, only through :func:`parse_relation`.

Anything else (indexing, attributes, lambdas, comprehensions, keywords,
starred arguments, strings...) is an :class:`ExpressionError` whose message
names the column and ends with a form of the answer that this same parse
accepts (``ExpressionError.suggestion``, :mod:`.suggestions`: a repair of the
student's text, or an example built from the item's names; it is parsed
before it is offered).
Text is only ever *parsed* (``ast.parse(..., mode="eval")``); nothing here
compiles or evaluates it.

Syntax decisions
----------------
* ``^`` means power: it is rewritten to ``**`` in the *text* before parsing
  (rewriting ``BitXor`` in the tree would be wrong: ``x^2+1`` would parse as
  ``x ^ (2+1)`` because ``^`` binds looser than ``+`` in Python).
* Plain text goes to Python's parser first.  What it refuses as syntax
  (``2n``, ``n m``, ``|z|``, ``X^T X``, ``relu'(z)``, ``(z)^+``) is read by
  the written-mathematics reader of :mod:`.latex` instead.
* What Python parses with another meaning is rewritten (:mod:`.rewrite`):
  undeclared names that spell exactly one product of declared names
  (``mn``, ``NKD^2`` is N*K*D**2; several readings are refused, naming them,
  :mod:`.splitting`), brackets after a symbol or a number (``n(m+1)``,
  ``2(n+1)``, ``sigma(z)(1 - sigma(z))``), comparisons inside a calculation
  (indicators: ``(z > 0)``, ``1[z > 0]``, ``I(z >= 0)`` become
  ``Heaviside(z, 0)`` / ``Heaviside(z, 1)``), the formulas of
  ``NOTATION_REWRITES`` (``sech``, ``softplus``, ``relu_prime``...),
  ``np.``/``torch.`` calls, ``tanh^2(z)``, ``X^T`` and ``I_K``.
* A few Unicode characters are accepted (``−`` ``×`` ``·`` ``÷`` ``²`` ``³``
  ``≤`` ``≥`` ``≠`` ``⊙`` ``∘`` ``ᵀ`` ``⁺`` ``𝟙`` ``‖``) and Greek letters mean
  their names (``σ`` is ``sigma``, ``λ`` is ``lam``); any other non-ASCII or
  control character is an error.  ``·`` ``⋅`` ``×`` mean what ``\\cdot`` and
  ``\\times`` mean: in matrix answers the matrix product, unless a side is a
  plain number (:data:`.rewrite.PRODUCT_MARKS`).
* Python's precedence glues a juxtaposed factor into an exponent or a divisor
  (``sigma^2 (1 - d/n)^2`` would be sigma**(2(1 - d/n))**2, ``1/K (y - t)^T``
  1/(K(y - t))**T): such text is read as written mathematics, where an exponent
  ends at a juxtaposition and a division is read left to right
  (:func:`.rewrite.juxtaposition_across`).
* Function aliases (``ln``, ``Abs``, ``inv``...) are rewritten to the
  canonical name of :mod:`.functions` when the caller uses the default
  function set; a caller passing its own ``functions`` gets names as written.
* docs/notation.md (``grader notation``) lists all of it, rendered from these tables.

Bounds (all checked before anything is evaluated)
------------------------------------------------
=====================  =======================================================
``MAX_LENGTH``         2000 characters of text
``MAX_NESTING``        50 levels of brackets (checked by a scan, before any parser)
``MAX_NODES``          1000 AST nodes
``MAX_DEPTH``          100 levels of AST nesting (so ``-----...x`` is refused)
``MAX_INT_LITERAL``    integer literals up to 10**15; float literals finite and <= 1e15
``MAX_EXPONENT``       a constant exponent has absolute value <= 1000, and the product
                       of constant exponents along nested powers is <= 1000, so
                       ``9**9**9`` and ``(2**1000)**1000`` are refused
``MAX_FACTORIAL_ARG``  ``factorial`` of a constant argument <= 1000
``MAX_CONSTANT``       a constant sub-expression (``2**1100``, ``factorial(200)``, ``1e300*1e300``)
                       must stay below about 1e308, so no huge integer is ever built or printed
=====================  =======================================================

Positions are 0-based offsets into the original text (``ExpressionError.position``);
messages say "column N" with N = position + 1.
"""

from __future__ import annotations

import ast
import math
import re
import warnings
from dataclasses import dataclass
from typing import Collection, Iterable

from ..pyparse import parse_python
from .errors import ExpressionError
from .functions import CONSTANTS, MAX_CALL_ARGS, SPELLINGS
from .greek import UNICODE_GREEK
from .policy import MAX_LENGTH, ParsePolicy
from .rewrite import WHOLE_EXPONENT, Rewriter, juxtaposition_across
from .size import TooLarge, check_expanded_size
from .splitting import AmbiguousSplit, split_word
from .suggestions import complete_message
from .unicode_math import SUPERSCRIPTS, has_decorated_names, script_run

MAX_NESTING = 50
MAX_NODES = 1000
MAX_DEPTH = 100
MAX_INT_LITERAL = 10**15
MAX_FLOAT_LITERAL = 1e15
MAX_EXPONENT = 1000
MAX_FACTORIAL_ARG = 1000
MAX_CONSTANT = 1e308


# ---------------------------------------------------------------- public entry points


def parse_expression(
    text: str,
    names: Collection[str],
    *,
    functions: Collection[str] | None = None,
    matrix_ops: bool = False,
    allow_latex: bool = True,
) -> ast.Expression:
    """Parse an answer into a validated ``ast.Expression`` (see the module docstring).

    ``names`` are the declared symbols; ``functions`` the allowed function
    spellings (default: the scalar functions of :mod:`.functions`, plus the
    matrix ones when ``matrix_ops``).  Raises :class:`ExpressionError`.
    """
    policy = ParsePolicy.make(names, functions, matrix_ops, relation=False)
    return _parse(text, policy, allow_latex)


def parse_relation(
    text: str,
    names: Collection[str],
    *,
    functions: Collection[str] | None = None,
    allow_latex: bool = True,
) -> ast.Expression:
    """Parse a condition such as ``m > n``, ``n < m <= 2*n`` or ``n == 1 and m > 1``.

    Returns a validated ``ast.Expression`` whose body is a ``Compare`` or a
    ``BoolOp`` (``and``/``or``) of ``Compare`` nodes.  A single ``=`` means ``==``.
    """
    policy = ParsePolicy.make(names, functions, matrix_ops=False, relation=True)
    return _parse(text, policy, allow_latex)


def looks_like_latex(text: str) -> bool:
    """True for text that can only be LaTeX: a backslash, a brace or a dollar sign."""
    return any(ch in text for ch in "\\{}$")


def _parse(text: str, policy: ParsePolicy, allow_latex: bool, suggest: bool = True) -> ast.Expression:
    try:
        return _parse_once(text, policy, allow_latex)
    except ExpressionError as error:
        if suggest:
            complete_message(error, text, policy,
                             readable=lambda candidate: _parse(candidate, policy, allow_latex, suggest=False))
        raise


def _parse_once(text: str, policy: ParsePolicy, allow_latex: bool) -> ast.Expression:
    if not isinstance(text, str):
        raise ExpressionError(f"expected the expression as a string, got {type(text).__name__}", 0)
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is too long ({len(text)} characters, at most {MAX_LENGTH})", MAX_LENGTH)
    if not text.strip():
        raise ExpressionError("the expression is empty", 0)
    text = _strip_preamble(text, policy)
    check_nesting(text)
    try:
        if looks_like_latex(text):
            if not allow_latex:
                raise ExpressionError("LaTeX is not accepted for this answer: use plain text", _latex_position(text))
            return _read_math(text, policy, plain=False)
        if "\u221a" in text or "\u2211" in text or has_decorated_names(text):
            # √n, ∑, w₁, ŷ: only written mathematics has root and sum signs, and its reader knows which
            # declared name a decorated letter is (y_hat or yhat, w1 or w_1)
            return _read_math(text, policy, plain=True)
        source = _Source.prepare(text, policy.relation)
        try:
            tree = _python_parse(source, policy)
        except _NotPython:
            # standard notation that is not Python syntax (|z|, 3mn, X^T X, relu'(z), (z)^+): the math reader
            return _read_math(text, policy, plain=True)
        _check_size(tree)
        across = juxtaposition_across(tree.body, policy)
        if across is not None:
            # sigma^2 (1 - d/n)^2, 1/K (y - t)^T: Python glues the juxtaposed factor into the exponent or the
            # divisor; written mathematics ends the exponent there and reads a division left to right
            try:
                return _read_math(text, policy, plain=True)
            except ExpressionError:
                if across != WHOLE_EXPONENT:
                    raise  # the reader names both readings of a glued divisor, or says what it cannot read
                # sigma^2(np.exp(z)): the rewriter's reading (a power, then the factor) is the same
        tree.body = Rewriter(policy, source.origin, text).root(tree.body)
        return _bounded_growth(_Validator(policy, source.origin).validate(tree))
    except RecursionError:
        raise ExpressionError("the expression is nested too deeply", 0) from None
    except MemoryError:
        raise ExpressionError("the expression is too large", 0) from None


#: a label being defined, before a single '=': "E[loss] =", "dL/dw =", "z1_bar =", "\frac{\partial J}{\partial u} ="
_DEFINED = (r"^\s*(?![\d.])[\s\w\\{}\[\]()^'/,.|\u2202\u2207]*[A-Za-z][\s\w\\{}\[\]()^'/,.|\u2202\u2207]*=(?![=<>])")
#: words in front of a condition: "when m > n", "iff n < m"
_CONDITION_WORDS = r"^\s*(?:[Ww]hen|[Ww]henever|[Ii]f|[Ii]ff|[Ff]or)\b[\s:]*"


#: unit words a student writes after a count or a big-O ("3mn multiplications", "O(n^2) memory"), singular or plural
UNIT_WORDS = frozenset({"multiplication", "multiplications", "mult", "mults", "flop", "flops", "float", "floats",
                        "number", "numbers", "scalar", "scalars", "entry", "entries", "operation", "operations", "op",
                        "ops", "memory", "word", "words", "unit", "units"})
#: the last word of the text, after a space and after something that can end a value (not an operator)
_LAST_WORD = r"(?<=[^\s+\-*/^=<>,.(\[{:;])(\s+)([A-Za-z]+)\s*$"


def _strip_preamble(text: str, policy: ParsePolicy) -> str:
    """Blank out (keeping every column) what only introduces or closes the answer: the defined label of ``L = ...``
    in a calculation, a leading "when"/"if" in a condition, a leading ``=`` or ``:``, trailing ``;`` and, in a
    scalar calculation, trailing unit words (:data:`UNIT_WORDS`, never a declared name, a function or a word
    that spells a product of declared names)."""
    text = _strip_trailing(text, policy)
    leading = re.match(r"^\s*[=:](?![=<>:])", text)
    if leading is not None and text[leading.end():].strip():
        text = " " * leading.end() + text[leading.end():]
    return _strip_label(text, policy)


def _strip_trailing(text: str, policy: ParsePolicy) -> str:
    end = len(text.rstrip())
    semicolons = re.search(r";[\s;]*$", text[:end])
    if semicolons is not None and text[:semicolons.start()].strip():
        end = semicolons.start()
    while not policy.relation and not policy.matrix_ops:
        match = re.search(_LAST_WORD, text[:end])
        if match is None or not _is_unit_word(match.group(2), policy) or not text[:match.start()].strip():
            break
        end = match.start()
    return text[:end] + " " * (len(text) - end)


def _is_unit_word(word: str, policy: ParsePolicy) -> bool:
    if word.lower() not in UNIT_WORDS or word in policy.names or policy.is_function_word(word) \
            or policy.is_constant(word):
        return False
    try:
        return split_word(word, policy.vocabulary()) is None  # "ops" with o, p, s declared: a product, kept
    except AmbiguousSplit:
        return False


def _strip_label(text: str, policy: ParsePolicy) -> str:
    if policy.relation:
        match = re.match(_CONDITION_WORDS, text)
    else:
        match = re.match(_DEFINED, text)
        label = text[:match.end() - 1] if match is not None else ""
        if match is not None and (text[match.end() - 2:match.end()] in ("<=", ">=", "!=")
                                  or sum(label.count(c) for c in "([{") != sum(label.count(c) for c in ")]}")):
            match = None  # exp(x=1) is not a definition
    if match is None or not text[match.end():].strip():
        return text
    return " " * match.end() + text[match.end():]


def _read_math(text: str, policy: ParsePolicy, plain: bool) -> ast.Expression:
    from .latex import latex_to_ast  # imported lazily: pylatexenc is only needed for these answers

    tree = latex_to_ast(text, policy, plain=plain)
    _check_size(tree)
    tree.body = Rewriter(policy, None).root(tree.body)
    return _bounded_growth(_Validator(policy, None).validate(tree))


def _latex_position(text: str) -> int:
    return min((text.index(ch) for ch in "\\{}$" if ch in text), default=0)


class _NotPython(Exception):
    """The plain text is not Python syntax: read it as written mathematics instead."""

def _bounded_growth(tree: ast.Expression) -> ast.Expression:
    """Refuse an answer that would blow up once multiplied out or taken apart (see :mod:`.size`)."""
    try:
        check_expanded_size(tree)
    except TooLarge as exc:
        raise ExpressionError(str(exc)) from None
    return tree


def check_nesting(text: str) -> None:
    """Refuse more than MAX_NESTING levels of brackets before any recursive parser sees them."""
    depth = 0
    for position, ch in enumerate(text):
        if ch in "([{":
            depth += 1
            if depth > MAX_NESTING:
                raise ExpressionError(f"brackets are nested more than {MAX_NESTING} levels deep (column {position + 1})", position)
        elif ch in ")]}":
            depth = max(depth - 1, 0)


# ---------------------------------------------------------------- plain text


_LOOKALIKES = {
    "\u2212": "-", "\u2013": "-", "\u00d7": "*", "\u00b7": "*", "\u22c5": "*", "\u2217": "*", "\u00f7": "/",
    "\u2298": "/", "\u2264": "<=", "\u2265": ">=", "\u2260": "!=",
    "\u2299": "*", "\u2218": "*", "\u1d40": ".T ", "\u22a4": ".T ", "\u207a": "**+",
    "\U0001d7d9": "1", "\U0001d540": "I", "\u2016": "||", "\u2032": "'", "\u2208": " in ",
}


@dataclass
class _Source:
    """Text rewritten for Python's parser, with the original offset of every character."""

    text: str
    origin: list[int]

    @classmethod
    def prepare(cls, raw: str, relation: bool) -> "_Source":
        out: list[str] = []
        origin: list[int] = []

        def emit(piece: str, position: int) -> None:
            out.append(piece)
            origin.extend([position] * len(piece))

        position = 0
        while position < len(raw):
            ch = raw[position]
            exponent, end = script_run(raw, position, SUPERSCRIPTS) if ch in SUPERSCRIPTS else ("", position)
            if exponent and exponent != "+":  # a lone superscript plus is a positive part: (z)⁺
                emit(f"**({exponent})", position)
                position = end
                continue
            if ch == "^":
                emit("**", position)
            elif ch in "\t\n\r\f\v":
                emit(" ", position)
            elif relation and ch == "=" and _lone_equals(raw, position):
                emit("==", position)
            elif ch in _LOOKALIKES:
                emit(_LOOKALIKES[ch], position)
            elif ch in UNICODE_GREEK:
                emit(UNICODE_GREEK[ch], position)
            elif " " <= ch <= "~":
                emit(ch, position)
            else:
                raise ExpressionError(f"character {_describe_char(ch)} at column {position + 1} is not allowed", position)
            position += 1
        origin.append(len(raw))  # end of text
        return cls("".join(out), origin)

    def original(self, offset: int | None) -> int | None:
        if offset is None:
            return None
        return self.origin[min(max(offset, 0), len(self.origin) - 1)]


def _lone_equals(raw: str, position: int) -> bool:
    before = raw[position - 1] if position else ""
    after = raw[position + 1] if position + 1 < len(raw) else ""
    return before not in "=<>!" and after != "="


def _describe_char(ch: str) -> str:
    import unicodedata

    name = unicodedata.name(ch, "")
    code = f"U+{ord(ch):04X}"
    return f"{ch!r} ({code}{', ' + name.lower() if name else ''})" if ch.isprintable() else f"{code}"


def _python_parse(source: _Source, policy: ParsePolicy) -> ast.Expression:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "invalid decimal literal" warnings for '1or'
            tree = parse_python(source.text, mode="eval")
    except SyntaxError:
        raise _NotPython() from None
    except (ValueError, OverflowError) as exc:  # e.g. integer literals with too many digits
        raise ExpressionError(f"the expression cannot be read: {str(exc)[:100]}", 0) from None
    if any(isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr) for node in ast.walk(tree)):
        raise _NotPython()  # |a| |b| read by Python as a bitwise or
    return tree


# ---------------------------------------------------------------- validation


_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.MatMult: "@"}
_COMPARE = (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)
_FORBIDDEN_BINARY = {ast.FloorDiv: "'//' (use '/')", ast.Mod: "'%'", ast.BitXor: "'^'", ast.BitAnd: "'&'",
                     ast.BitOr: "'|'", ast.LShift: "'<<'", ast.RShift: "'>>'"}
_NODE_MESSAGES = {
    ast.Subscript: "indexing such as x[0] is not allowed",
    ast.Lambda: "lambda expressions are not allowed (the Greek letter is spelled 'lam')",
    ast.Attribute: "attribute access such as x.name is not allowed",
    ast.List: "lists are not allowed", ast.Tuple: "tuples are not allowed (check for a stray comma)",
    ast.Set: "sets are not allowed", ast.Dict: "dictionaries are not allowed",
    ast.ListComp: "comprehensions are not allowed", ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed", ast.GeneratorExp: "generator expressions are not allowed",
    ast.IfExp: "'if ... else' expressions are not allowed", ast.NamedExpr: "':=' assignments are not allowed",
    ast.Starred: "starred arguments are not allowed", ast.JoinedStr: "strings are not allowed",
    ast.FormattedValue: "strings are not allowed", ast.Await: "'await' is not allowed",
    ast.Yield: "'yield' is not allowed", ast.YieldFrom: "'yield' is not allowed", ast.Slice: "slices are not allowed",
    ast.Compare: "comparisons are not allowed here", ast.BoolOp: "'and'/'or' are not allowed here",
}


class _Validator:
    """Checks a parsed tree against the whitelist and the bounds; canonicalizes names."""

    def __init__(self, policy: ParsePolicy, origin: list[int] | None):
        self.policy = policy
        self.origin = origin

    def position(self, node: ast.AST) -> int | None:
        offset = getattr(node, "col_offset", None)
        if offset is None or self.origin is None:
            return offset
        return self.origin[min(max(offset, 0), len(self.origin) - 1)]

    def fail(self, message: str, node: ast.AST, hint: str = "") -> ExpressionError:
        position = self.position(node)
        where = f" at column {position + 1}" if position is not None else ""
        return ExpressionError(f"{message}{where}{'; ' + hint if hint else ''}", position)

    def validate(self, tree: ast.AST) -> ast.Expression:
        if not isinstance(tree, ast.Expression):
            raise ExpressionError("not an expression")
        _check_size(tree)
        body = tree.body
        if self.policy.relation:
            self._relation(body)
        else:
            self._value(body)
        return tree

    # -- relations

    def _relation(self, node: ast.AST) -> None:
        if isinstance(node, ast.BoolOp) and isinstance(node.op, (ast.And, ast.Or)):
            for value in node.values:
                self._relation(value)
        elif isinstance(node, ast.Compare):
            for op in node.ops:
                if not isinstance(op, _COMPARE):
                    raise self.fail("only the comparisons < <= > >= == != are allowed", node)
            for operand in (node.left, *node.comparators):
                self._value(operand)
        else:
            raise self.fail("expected a condition: a comparison with <, <=, >, >= or =, possibly joined with and/or", node)

    # -- values; returns (constant value or None, power weight)

    def _value(self, node: ast.AST) -> tuple[float | None, float]:
        if isinstance(node, ast.BinOp):
            return self._binop(node)
        if isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd)):
                raise self.fail("only '-' and '+' are allowed in front of a value", node)
            value, weight = self._value(node.operand)
            return (None if value is None else (-value if isinstance(node.op, ast.USub) else value)), weight
        if isinstance(node, ast.Constant):
            return self._constant(node), 1.0
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.Attribute) and node.attr == "T":
            if not self.policy.matrix_ops:
                raise self.fail("the transpose '.T' is only allowed in matrix answers", node)
            return self._value(node.value)
        message = _NODE_MESSAGES.get(type(node), f"{type(node).__name__} is not allowed")
        if isinstance(node, (ast.Compare, ast.BoolOp)) and self.policy.relation:
            message = "a comparison cannot be part of a calculation"
        raise self.fail(message, node)

    def _binop(self, node: ast.BinOp) -> tuple[float | None, float]:
        op = type(node.op)
        if op not in _BINARY:
            raise self.fail(f"the operator {_FORBIDDEN_BINARY.get(op, op.__name__)} is not allowed", node)
        if op is ast.MatMult and not self.policy.matrix_ops:
            raise self.fail("'@' (matrix product) is only allowed in matrix answers", node)
        left, left_weight = self._value(node.left)
        right, right_weight = self._value(node.right)
        if op is ast.Pow:
            return self._power(node, left, left_weight, right, right_weight)
        return self._bounded(node, _fold(op, left, right)), max(left_weight, right_weight)

    def _bounded(self, node: ast.AST, value: float | None) -> float | None:
        if value is not None and math.isinf(value):
            raise self.fail(f"a number in this expression is too large (beyond {MAX_CONSTANT:.0e})", node)
        return value

    def _power(self, node: ast.BinOp, base: float | None, base_weight: float, exponent: float | None,
               exponent_weight: float) -> tuple[float | None, float]:
        if exponent is None:  # symbolic exponent: nothing is expanded or computed exactly from it
            return None, max(base_weight, exponent_weight)
        if math.isnan(exponent) or abs(exponent) > MAX_EXPONENT:
            raise self.fail(f"exponent too large (at most {MAX_EXPONENT} in absolute value)", node)
        weight = base_weight * max(1.0, abs(exponent))
        if weight > MAX_EXPONENT:
            raise self.fail(f"nested powers too large (the combined exponent exceeds {MAX_EXPONENT})", node)
        return self._bounded(node, _fold(ast.Pow, base, exponent)), weight

    def _constant(self, node: ast.Constant) -> float:
        value = node.value
        if isinstance(value, bool) or value is None or value is Ellipsis:
            raise self.fail(f"{value!r} is not allowed", node)
        if isinstance(value, int):
            if abs(value) > MAX_INT_LITERAL:
                raise self.fail(f"number too large (at most {MAX_INT_LITERAL:.0e})", node)
            return float(value)
        if isinstance(value, float):
            if not math.isfinite(value) or abs(value) > MAX_FLOAT_LITERAL:
                raise self.fail(f"number too large (at most {MAX_FLOAT_LITERAL:.0e})", node)
            return value
        if isinstance(value, complex):
            raise self.fail("complex numbers are not allowed", node)
        raise self.fail("strings are not allowed", node)

    def _name(self, node: ast.Name) -> tuple[float | None, float]:
        name = node.id
        if name in self.policy.names or (name == "I" and self.policy.matrix_ops):
            return None, 1.0
        if self.policy.is_constant(name):
            node.id = CONSTANTS[name]
            return (math.pi if node.id == "pi" else math.e), 1.0
        if name in self.policy.functions or name in SPELLINGS:
            raise self.fail(f"'{name}' is a function: give it an argument in parentheses", node)
        raise self.fail(f"unknown name '{name}'", node, f"allowed names: {_name_list(self.policy.names)}")

    def _call(self, node: ast.Call) -> tuple[float | None, float]:
        func = node.func
        if not isinstance(func, ast.Name):
            raise self.fail("only the listed functions can be called (and only with one argument list)", node)
        name = func.id
        if name not in self.policy.functions:
            if name in self.policy.names:
                raise self.fail(f"'{name}' is a symbol, not a function: write '*' for a product", node)
            allowed = {spec.name if spec and self.policy.canonicalize else s for s, spec in self.policy.functions.items()}
            raise self.fail(f"unknown function '{name}'", node, f"allowed functions: {_name_list(allowed)}")
        if node.keywords:
            raise self.fail(f"keyword arguments are not allowed in {name}(...)", node)
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.fail("starred arguments are not allowed", arg)
        spec = self.policy.functions[name]
        low, high = (spec.min_args, spec.max_args) if spec else (1, MAX_CALL_ARGS)
        if not low <= len(node.args) <= min(high, MAX_CALL_ARGS):
            expected = f"{low}" if low == high else f"{low} to {min(high, MAX_CALL_ARGS)}"
            raise self.fail(f"{name}() takes {expected} argument{'s' if high > 1 else ''}, got {len(node.args)}", node)
        if spec and spec.name != name and self.policy.canonicalize:
            func.id = spec.name
        results = [self._value(arg) for arg in node.args]
        weight = max(w for _, w in results)
        values = [v for v, _ in results]
        if spec and spec.name == "factorial" and values[0] is not None and not abs(values[0]) <= MAX_FACTORIAL_ARG:
            raise self.fail(f"factorial of a number larger than {MAX_FACTORIAL_ARG} is not allowed", node)
        return self._bounded(node, _fold_call(spec.name if spec else name, values)), weight


def _check_size(tree: ast.AST) -> None:
    """Count nodes and measure depth without recursion, before anything recursive walks the tree."""
    stack = [(tree, 1)]
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise ExpressionError(f"the expression is too large (more than {MAX_NODES} parts)")
        if depth > MAX_DEPTH:
            raise ExpressionError(f"the expression is too long or nested too deeply (more than {MAX_DEPTH} levels)",
                                  getattr(node, "col_offset", None))
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


def _name_list(names: Iterable[str]) -> str:
    names = sorted(names)
    if not names:
        return "(none)"
    shown = ", ".join(names[:20])
    return shown + (f", ... ({len(names) - 20} more)" if len(names) > 20 else "")


# ---------------------------------------------------------------- constant folding (floats, for the bounds only)


def _fold(op: type, left: float | None, right: float | None) -> float | None:
    """Approximate value of a constant sub-expression; inf/nan when it does not fit a float."""
    if left is None or right is None:
        return None
    try:
        if op is ast.Add:
            return left + right
        if op is ast.Sub:
            return left - right
        if op is ast.Mult:
            return left * right
        if op is ast.Div:
            return left / right if right else math.nan
        if op is ast.Pow:
            result = left**right
            return result if isinstance(result, float) else math.nan  # negative ** fraction is complex
        return math.nan  # constant, value not needed (e.g. '@' of two numbers)
    except OverflowError:
        return math.inf
    except (ZeroDivisionError, ValueError):
        return math.nan


_FLOAT_FUNCTIONS = {
    "exp": math.exp, "log": math.log, "sqrt": math.sqrt, "abs": abs, "tanh": math.tanh, "sinh": math.sinh,
    "cosh": math.cosh, "sin": math.sin, "cos": math.cos, "floor": math.floor, "ceil": math.ceil,
    "factorial": lambda x: math.gamma(x + 1), "sigmoid": lambda x: 1 / (1 + math.exp(-x)),
    "relu": lambda x: max(x, 0.0), "sign": lambda x: float((x > 0) - (x < 0)), "max": max, "min": min,
    "Heaviside": lambda x, h=0.5: 1.0 if x > 0 else (0.0 if x < 0 else h),
}


def _fold_call(name: str, values: list[float | None]) -> float | None:
    """Like :func:`_fold` for calls: None if an argument depends on a name, nan if the value is unknown."""
    if any(v is None for v in values):
        return None
    function = _FLOAT_FUNCTIONS.get(name)
    if function is None:
        return math.nan
    try:
        return float(function(*values))
    except OverflowError:
        return math.inf
    except (ValueError, ZeroDivisionError, TypeError):
        return math.nan
