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
accepts (``ExpressionError.suggestion``: a repair of the student's text, or
an example built from the item's names; it is parsed before it is offered).
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
* What Python parses with another meaning is rewritten (:class:`_Rewriter`):
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
  control character is an error.
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

from .functions import (
    CONSTANTS,
    INDICATOR_NAMES,
    MAX_CALL_ARGS,
    MODULE_OPERATORS,
    MODULE_PREFIXES,
    REWRITES,
    SPELLINGS,
    FunctionSpec,
    default_functions,
    spellings_of,
)
from .greek import UNICODE_GREEK
from .splitting import AmbiguousSplit, split_word

MAX_LENGTH = 2000
MAX_NESTING = 50
MAX_NODES = 1000
MAX_DEPTH = 100
MAX_INT_LITERAL = 10**15
MAX_FLOAT_LITERAL = 1e15
MAX_EXPONENT = 1000
MAX_FACTORIAL_ARG = 1000
MAX_CONSTANT = 1e308


class ExpressionError(ValueError):
    """An answer expression cannot be used; the message is meant for the student."""

    def __init__(self, message: str, position: int | None = None, suggestion: str | None = None):
        super().__init__(message)
        self.message = message
        self.position = position
        #: a rewrite of the answer (or, failing that, an example) that this same parse accepts
        self.suggestion = suggestion

    def __str__(self) -> str:
        return self.message


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
    policy = _Policy.make(names, functions, matrix_ops, relation=False)
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
    policy = _Policy.make(names, functions, matrix_ops=False, relation=True)
    return _parse(text, policy, allow_latex)


def looks_like_latex(text: str) -> bool:
    """True for text that can only be LaTeX: a backslash, a brace or a dollar sign."""
    return any(ch in text for ch in "\\{}$")


# ---------------------------------------------------------------- policy


@dataclass(frozen=True)
class _Policy:
    """What a parse accepts: declared names, callable spellings, operators."""

    names: frozenset[str]
    functions: dict[str, FunctionSpec | None]  # spelling -> table spec (None: the caller's own function)
    canonicalize: bool
    matrix_ops: bool
    relation: bool

    @classmethod
    def make(cls, names: Collection[str], functions: Collection[str] | None, matrix_ops: bool, relation: bool) -> "_Policy":
        if isinstance(names, str):
            raise TypeError("names must be a collection of names, not a string")
        canonicalize = functions is None
        spellings = default_functions(matrix_ops) if functions is None else frozenset(functions)
        return cls(frozenset(names), {s: SPELLINGS.get(s) for s in spellings}, canonicalize, matrix_ops, relation)

    def is_constant(self, name: str) -> bool:
        return name in CONSTANTS and name not in self.names

    def spelling_for(self, name: str) -> str | None:
        """A spelling of the table function ``name`` that this parse allows (``Heaviside``, ``heaviside``...)."""
        for candidate in (name, *spellings_of(name)):
            if candidate in self.functions:
                return candidate
        return None

    def is_function_word(self, word: str) -> bool:
        """``word`` names something callable here (a function, or a notation rewrite such as sech)."""
        if word in self.names:
            return False
        return word in self.functions or word in SPELLINGS or word in REWRITES

    def vocabulary(self) -> frozenset[str]:
        """What a run of letters may be split into: declared names and the constants pi, e."""
        return self.names | {c for c in CONSTANTS if self.is_constant(c)}


def _parse(text: str, policy: _Policy, allow_latex: bool, suggest: bool = True) -> ast.Expression:
    try:
        return _parse_once(text, policy, allow_latex)
    except ExpressionError as error:
        if suggest:
            _complete_message(error, text, policy, allow_latex)
        raise


def _parse_once(text: str, policy: _Policy, allow_latex: bool) -> ast.Expression:
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
        if "\u221a" in text:  # √n: only written mathematics has a square-root sign
            return _read_math(text, policy, plain=True)
        source = _Source.prepare(text, policy.relation)
        try:
            tree = _python_parse(source, policy)
        except _NotPython:
            # standard notation that is not Python syntax (|z|, 3mn, X^T X, relu'(z), (z)^+): the math reader
            return _read_math(text, policy, plain=True)
        _check_size(tree)
        tree.body = _Rewriter(policy, source.origin, text).root(tree.body)
        return _Validator(policy, source.origin).validate(tree)
    except RecursionError:
        raise ExpressionError("the expression is nested too deeply", 0) from None
    except MemoryError:
        raise ExpressionError("the expression is too large", 0) from None


#: a label being defined, before a single '=': "E[loss] =", "dL/dw =", "z1_bar =", "\frac{\partial J}{\partial u} ="
_DEFINED = (r"^\s*(?![\d.])[\s\w\\{}\[\]()^'/,.|\u2202\u2207]*[A-Za-z][\s\w\\{}\[\]()^'/,.|\u2202\u2207]*=(?![=<>])")
#: words in front of a condition: "when m > n", "iff n < m"
_CONDITION_WORDS = r"^\s*(?:[Ww]hen|[Ww]henever|[Ii]f|[Ii]ff|[Ff]or)\b[\s:]*"


def _strip_preamble(text: str, policy: _Policy) -> str:
    """Blank out (keeping every column) what only introduces the answer: the defined label of ``L = ...``
    in a calculation, a leading "when"/"if" in a condition."""
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


def _read_math(text: str, policy: _Policy, plain: bool) -> ast.Expression:
    from .latex import latex_to_ast  # imported lazily: pylatexenc is only needed for these answers

    tree = latex_to_ast(text, policy, plain=plain)
    _check_size(tree)
    tree.body = _Rewriter(policy, None).root(tree.body)
    return _Validator(policy, None).validate(tree)


def _latex_position(text: str) -> int:
    return min((text.index(ch) for ch in "\\{}$" if ch in text), default=0)


class _NotPython(Exception):
    """The plain text is not Python syntax: read it as written mathematics instead."""

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
    "\u00b2": "**2", "\u00b3": "**3", "\u2264": "<=", "\u2265": ">=", "\u2260": "!=",
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

        for position, ch in enumerate(raw):
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


def _python_parse(source: _Source, policy: _Policy) -> ast.Expression:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "invalid decimal literal" warnings for '1or'
            tree = ast.parse(source.text, mode="eval")
    except SyntaxError:
        raise _NotPython() from None
    except (ValueError, OverflowError) as exc:  # e.g. integer literals with too many digits
        raise ExpressionError(f"the expression cannot be read: {str(exc)[:100]}", 0) from None
    if any(isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr) for node in ast.walk(tree)):
        raise _NotPython()  # |a| |b| read by Python as a bitwise or
    return tree


# ---------------------------------------------------------------- notation rewrites


#: attribute set on a product written by juxtaposition (``a b``, ``f(z)(1 - f(z))``): in a matrix answer it is
#: the matrix product, except between two column vectors of the same shape, where only the elementwise
#: product is possible (see :mod:`.matrix.evaluation`)
JUXTAPOSED = "grader_juxtaposed"
#: attribute set on every product the rewriter makes from juxtaposition (``2(n+1)``, ``bc``): after a '/', such
#: a product is ambiguous
_GLUED = "grader_glued"


def mark_juxtaposed(node: ast.BinOp) -> None:
    """Mark a juxtaposed product -- unless both factors are plain names (``u v``: a missing transpose stays a
    shape error that the checker can diagnose, rather than becoming an elementwise product)."""
    def plain(side: ast.AST) -> bool:
        while isinstance(side, ast.Attribute):
            side = side.value
        return isinstance(side, ast.Name)

    if not (plain(node.left) and plain(node.right)):
        setattr(node, JUXTAPOSED, True)


class _Rewriter:
    """Reads standard notation that Python's grammar accepts with another meaning, or not at all.

    * ``mn``, ``NKD`` (undeclared names): the one product of declared names they spell (:mod:`.splitting`);
    * ``n(m+1)``, ``2(n+1)``, ``(a+b)(c+d)``, ``sigma(z)(1-sigma(z))``: products, not calls;
    * ``(z > 0)``, ``1[z > 0]``, ``I(z >= 0)``: indicators, as ``Heaviside(z, 0)`` / ``Heaviside(z, 1)``;
    * ``sech``, ``softplus``, ``sigma(z)``, ``step``, ``relu_prime``...: the formulas of ``NOTATION_REWRITES``;
    * ``np.exp``, ``np.linalg.inv``, ``np.dot(A, B)``: the table's functions and operators;
    * ``tanh^2(z)``: tanh(z)**2; in matrix answers ``X^T`` is the transpose and ``I_K`` is eye(K).
    """

    def __init__(self, policy: _Policy, origin: list[int] | None, text: str = ""):
        self.policy = policy
        self.origin = origin
        self.text = text

    def position(self, node: ast.AST) -> int | None:
        offset = getattr(node, "col_offset", None)
        if offset is None or self.origin is None:
            return offset
        return self.origin[min(max(offset, 0), len(self.origin) - 1)]

    def root(self, body: ast.AST) -> ast.AST:
        return self.relation(body) if self.policy.relation else self.visit(body)

    def relation(self, node: ast.AST) -> ast.AST:
        if isinstance(node, ast.BoolOp):
            node.values = [self.relation(value) for value in node.values]
            return node
        if isinstance(node, ast.Compare):
            node.left = self.visit(node.left)
            node.comparators = [self.visit(c) for c in node.comparators]
            return node
        return node  # not a condition: the validator says so

    def visit(self, node: ast.AST) -> ast.AST:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is not None:
            return method(node)
        self.children(node)
        return node

    def children(self, node: ast.AST) -> None:
        for name, value in ast.iter_fields(node):
            if isinstance(value, ast.expr):
                setattr(node, name, self.visit(value))
            elif isinstance(value, list):
                setattr(node, name, [self.visit(v) if isinstance(v, ast.expr) else v for v in value])

    # -- products

    def product(self, left: ast.AST, right: ast.AST, at: ast.AST) -> ast.AST:
        op: ast.operator = ast.Mult()
        if self.policy.matrix_ops and not (_is_number(left) or _is_number(right)):
            op = ast.MatMult()
        node = ast.copy_location(ast.BinOp(left=left, op=op, right=right), at)
        mark_juxtaposed(node)
        setattr(node, _GLUED, True)
        return node

    def refuse_glued_divisor(self, node: ast.BinOp) -> None:
        """``1/2(n+1)``, ``a/bc``: Python reads the glued product as the divisor; written mathematics may
        not -- refused, naming both readings (``1/2 * (n+1)`` and ``1/(2(n+1))`` are unambiguous)."""
        divisor = node.right
        if not getattr(divisor, _GLUED, False):
            return
        start, end = self.position(divisor), getattr(divisor, "end_col_offset", None)
        if self.origin is not None and end is not None:
            end = self.origin[min(max(end - 1, 0), len(self.origin) - 1)] + 1
        if self.text and start is not None and self.text[:start].rstrip().endswith("("):
            return  # a/(bc): the brackets say it
        where = self.position(node)
        shown = self.text[start:end] if self.text and start is not None and end is not None else "the divisor"
        suggestion = None
        if self.text and start is not None and end is not None:
            suggestion = self.text[:start] + "(" + self.text[start:end] + ")" + self.text[end:]
        column = f" at column {start + 1}" if start is not None else ""
        raise ExpressionError(f"'/{shown}'{column} is ambiguous: the division may cover only the first factor or all "
                              f"of {shown}; write the one you mean with brackets", start if start is not None else where,
                              suggestion)

    # -- indicators

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        if len(node.ops) == 1 and isinstance(node.ops[0], ast.In) and isinstance(node.comparators[0], (ast.List, ast.Tuple)) \
                and len(node.comparators[0].elts) == 2:
            # z in [-1, 1] (closed), z in (-1, 1) (open): the indicator of the interval
            low, high = (self.visit(e) for e in node.comparators[0].elts)
            op = ast.LtE if isinstance(node.comparators[0], ast.List) else ast.Lt
            return indicator([low, self.visit(node.left), high], [op(), op()], self.policy, self.position(node), node)
        operands = [self.visit(node.left), *(self.visit(c) for c in node.comparators)]
        return indicator(operands, node.ops, self.policy, self.position(node), node)

    def condition(self, node: ast.AST) -> ast.AST | None:
        """The indicator of a condition (a comparison, or comparisons joined by 'and'), else None."""
        if isinstance(node, ast.Compare):
            return self.visit_Compare(node)
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And) and all(isinstance(v, ast.Compare) for v in node.values):
            parts = [self.visit_Compare(v) for v in node.values]
            result = parts[0]
            for part in parts[1:]:
                result = ast.copy_location(ast.BinOp(left=result, op=ast.Mult(), right=part), node)
            return result
        return None

    def indicator_head(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Constant):
            return node.value == 1 and not isinstance(node.value, bool)
        return isinstance(node, ast.Name) and node.id in INDICATOR_NAMES and node.id not in self.policy.names \
            and node.id not in self.policy.functions

    def choice(self, condition: ast.AST, chosen: ast.AST, other: ast.AST, at: ast.AST) -> ast.AST | None:
        """``a if cond else b`` / ``np.where(cond, a, b)``: ind*a + (1 - ind)*b, for a condition of comparisons."""
        import copy

        indicator_node = self.condition(condition)
        if indicator_node is None:
            return None
        one = ast.copy_location(ast.Constant(1), at)
        rest = ast.copy_location(ast.BinOp(left=one, op=ast.Sub(), right=copy.deepcopy(indicator_node)), at)
        first = ast.copy_location(ast.BinOp(left=indicator_node, op=ast.Mult(), right=self.visit(chosen)), at)
        second = ast.copy_location(ast.BinOp(left=rest, op=ast.Mult(), right=self.visit(other)), at)
        return ast.copy_location(ast.BinOp(left=first, op=ast.Add(), right=second), at)

    def visit_IfExp(self, node: ast.IfExp) -> ast.AST:
        result = self.choice(node.test, node.body, node.orelse, node)
        if result is None:
            self.children(node)
            return node
        return result

    def visit_List(self, node: ast.List) -> ast.AST:
        if len(node.elts) == 1:  # [z > 0]: Iverson's bracket
            result = self.condition(node.elts[0])
            if result is not None:
                return ast.copy_location(result, node)
        self.children(node)
        return node

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        if self.indicator_head(node.value):
            result = self.condition(node.slice)
            if result is not None:
                return ast.copy_location(result, node)
        self.children(node)
        return node

    # -- calls

    def visit_Call(self, node: ast.Call) -> ast.AST:
        if isinstance(node.func, ast.Attribute):
            resolved = self.module_call(node)
            if resolved is not node or not isinstance(node.func, ast.Attribute):
                return resolved
            method = node.func.attr
            if method in ("dot", "matmul", "__matmul__") and len(node.args) == 1 and not node.keywords:
                op = ast.MatMult() if self.policy.matrix_ops else ast.Mult()  # X.dot(w): NumPy's product
                return ast.copy_location(ast.BinOp(left=self.visit(node.func.value), op=op, right=self.visit(node.args[0])), node)
            if method in ("astype", "float", "double", "numpy") and len(node.args) <= 1 and not node.keywords:
                return self.visit(node.func.value)  # (z > 0).astype(float): a conversion, same values
            if method in ("transpose", "t") and not node.args and not node.keywords and self.policy.matrix_ops:
                return ast.copy_location(ast.Attribute(value=self.visit(node.func.value), attr="T", ctx=ast.Load()), node)
        func = node.func
        plain_args = not node.keywords and not any(isinstance(a, ast.Starred) for a in node.args)
        if isinstance(func, ast.Name):
            name = func.id
            if plain_args and len(node.args) == 1 and name not in self.policy.names and \
                    (name in INDICATOR_NAMES or name in ("H", "step", "Heaviside", "heaviside")):
                result = self.condition(node.args[0])
                if result is not None:
                    return ast.copy_location(result, node)
            node.args = [self.visit(a) for a in node.args]
            if name in self.policy.functions:
                return node
            if name in self.policy.names:
                if plain_args and len(node.args) == 1:
                    return self.product(ast.copy_location(ast.Name(id=name, ctx=ast.Load()), func), node.args[0], node)
                return node
            rewrite = REWRITES.get(name)
            if rewrite is not None and plain_args and len(node.args) == rewrite.arity:
                expanded = expand_rewrite(rewrite.formula, node.args, self.policy, node)
                if expanded is not None:
                    return expanded
            if name not in SPELLINGS and plain_args and len(node.args) == 1:
                parts = self.split(func) if name not in INDICATOR_NAMES else None
                if parts is not None:  # ND(K+1): a product of declared names, then the bracket
                    return self.product(self.names_product(parts, func), node.args[0], node)
                glued = self.glued_call(name, node)
                if glued is not None:
                    return glued
            return node
        if isinstance(func, (ast.Constant, ast.BinOp, ast.UnaryOp, ast.Call, ast.Attribute)) and plain_args \
                and len(node.args) == 1:
            # 2(n+1), (a+b)(c+d), sigma(z)(1 - sigma(z)), X.T(y - t): juxtaposed factors
            return self.product(self.visit(func), self.visit(node.args[0]), node)
        self.children(node)
        return node

    def glued_call(self, name: str, node: ast.Call) -> ast.AST | None:
        """``nlog(n)``: declared names glued to a function name, when that is the one reading."""
        for cut in range(1, len(name)):
            head, function = name[:cut], name[cut:]
            if function in self.policy.functions and function not in self.policy.names:
                try:
                    parts = split_word(head, self.policy.vocabulary())
                except AmbiguousSplit:
                    return None
                if parts is None:
                    continue
                call = ast.copy_location(ast.Call(func=ast.Name(id=function, ctx=ast.Load()), args=node.args, keywords=[]), node)
                result: ast.AST = call
                for part in reversed(parts):
                    result = self.product(ast.copy_location(ast.Name(id=part, ctx=ast.Load()), node), result, node)
                return result
        return None

    def module_call(self, node: ast.Call) -> ast.AST:
        dotted = _dotted(node.func)
        if dotted is None:
            return node
        for prefix in MODULE_PREFIXES:
            rest = dotted[len(prefix):]
            if dotted.startswith(prefix) and rest and "." not in rest:
                inverse = self.policy.spelling_for("inverse")
                if rest == "solve" and len(node.args) == 2 and not node.keywords and inverse and self.policy.matrix_ops:
                    system, right = (self.visit(a) for a in node.args)  # np.linalg.solve(A, b) is inv(A) @ b
                    call = ast.copy_location(ast.Call(func=ast.Name(id=inverse, ctx=ast.Load()), args=[system], keywords=[]), node)
                    return ast.copy_location(ast.BinOp(left=call, op=ast.MatMult(), right=right), node)
                if rest == "where" and len(node.args) == 3 and not node.keywords:
                    chosen = self.choice(node.args[0], node.args[1], node.args[2], node)
                    if chosen is not None:
                        return chosen
                operator = MODULE_OPERATORS.get(rest)
                if operator is not None and len(node.args) == 2 and not node.keywords:
                    op = {"@": ast.MatMult() if self.policy.matrix_ops else ast.Mult(), "*": ast.Mult(), "+": ast.Add(),
                          "-": ast.Sub(), "/": ast.Div(), "**": ast.Pow()}[operator]
                    left, right = (self.visit(a) for a in node.args)
                    return ast.copy_location(ast.BinOp(left=left, op=op, right=right), node)
                node.func = ast.copy_location(ast.Name(id=rest, ctx=ast.Load()), node.func)
                return self.visit_Call(node)
        return node

    # -- names

    def split(self, node: ast.Name) -> list[str] | None:
        """The declared names an undeclared name spells, when it spells exactly one product of them."""
        try:
            parts = split_word(node.id, self.policy.vocabulary())
        except AmbiguousSplit as exc:
            raise ambiguity_error(exc, self.position(node)) from None
        return list(parts) if parts is not None and len(parts) > 1 else None

    def names_product(self, parts: list[str], at: ast.AST) -> ast.AST:
        result: ast.AST = ast.copy_location(ast.Name(id=parts[0], ctx=ast.Load()), at)
        for part in parts[1:]:
            result = self.product(result, ast.copy_location(ast.Name(id=part, ctx=ast.Load()), at), at)
        return result

    def visit_Name(self, node: ast.Name) -> ast.AST:
        name = node.id
        policy = self.policy
        if policy.is_constant(name) and len(name) > 1:
            check_constant_word(name, policy, self.position(node))
        if name in policy.names or policy.is_constant(name) or name in policy.functions or name in SPELLINGS \
                or name in REWRITES:
            return node
        adjoint = adjoint_name(name, policy) or spelled_name(name, policy)
        if adjoint is not None:
            return ast.copy_location(ast.Name(id=adjoint, ctx=ast.Load()), node)
        if policy.matrix_ops:
            if name == "I":
                return node  # the identity, sized by what it meets (see matrix.evaluation)
            eye = policy.spelling_for("eye") or ("eye" if "eye" in policy.functions else None)
            size = name[2:] if name.startswith("I_") else name[1:] if name.startswith("I") else ""
            if eye is not None and size in policy.names:
                return ast.copy_location(ast.Call(func=ast.Name(id=eye, ctx=ast.Load()),
                                                  args=[ast.copy_location(ast.Name(id=size, ctx=ast.Load()), node)],
                                                  keywords=[]), node)
        parts = self.split(node)
        return node if parts is None else self.names_product(parts, node)

    # -- powers

    def known(self, name: str) -> bool:
        policy = self.policy
        return name in policy.names or policy.is_constant(name) or name in policy.functions or name in SPELLINGS \
            or name in REWRITES

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        if isinstance(node.op, ast.Div):
            self.children(node)
            self.refuse_glued_divisor(node)
            return node
        if isinstance(node.op, ast.Pow):
            left, right = node.left, node.right
            if isinstance(right, ast.Call) and isinstance(right.func, ast.Constant) and len(right.args) == 1 \
                    and not right.keywords:
                exponent = ast.copy_location(ast.Constant(right.func.value), right)
                if isinstance(left, ast.Name) and self.policy.is_function_word(left.id):
                    # tanh^2(z): Python reads tanh ** (2(z)); written mathematics means tanh(z)**2
                    call = ast.copy_location(ast.Call(func=left, args=right.args, keywords=[]), left)
                    return ast.copy_location(ast.BinOp(left=self.visit(call), op=ast.Pow(), right=exponent), node)
                # sigma^2(1 - d/n): Python reads sigma ** (2(1 - d/n)); written mathematics means sigma**2 * (...)
                power = ast.copy_location(ast.BinOp(left=self.visit(left), op=ast.Pow(), right=exponent), node)
                return self.product(power, self.visit(right.args[0]), node)
            if isinstance(right, ast.Call) and isinstance(right.func, ast.Name) and len(right.args) == 1 \
                    and not right.keywords and (right.func.id in self.policy.names or right.func.id == "T"):
                # X^T(Xw - t), sigma^n(1 - d): the power (or transpose), then a bracketed factor
                if right.func.id == "T" and self.policy.matrix_ops and "T" not in self.policy.names:
                    power = ast.copy_location(ast.Attribute(value=self.visit(left), attr="T", ctx=ast.Load()), node)
                else:
                    power = ast.copy_location(ast.BinOp(left=self.visit(left), op=ast.Pow(), right=right.func), node)
                return self.product(power, self.visit(right.args[0]), node)
            if self.policy.matrix_ops and isinstance(right, ast.Name) and right.id == "T" and "T" not in self.policy.names:
                return ast.copy_location(ast.Attribute(value=self.visit(left), attr="T", ctx=ast.Load()), node)
            if isinstance(left, ast.Name) and not self.known(left.id) and (parts := self.split(left)) is not None:
                # NKD^2: the power binds to the last letter, as in written mathematics
                last = ast.copy_location(ast.Name(id=parts[-1], ctx=ast.Load()), left)
                power = ast.copy_location(ast.BinOp(left=last, op=ast.Pow(), right=self.visit(right)), node)
                return self.product(self.names_product(parts[:-1], left), power, node)
        self.children(node)
        return node


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _is_number(node: ast.AST) -> bool:
    return all(not isinstance(n, ast.Name) or n.id in ("pi", "E") for n in ast.walk(node))


def spelled_name(name: str, policy: _Policy) -> str | None:
    """``w_1`` for a declared ``w1`` and ``W1`` for a declared ``W_1`` (the subscript written or not), when that
    is the one declared spelling."""
    import re

    candidates = {name.replace("_", ""), re.sub(r"(?<=[A-Za-z])(?=\d)", "_", name)} - {name}
    found = sorted(c for c in candidates if c in policy.names)
    return found[0] if len(found) == 1 else None


def adjoint_name(name: str, policy: _Policy) -> str | None:
    """``delta_u`` / ``\\delta_{c_2}`` (the handouts' adjoint notation) as the declared adjoint ``u_bar`` / ``c2_bar``,
    when no symbol of that spelling (or named delta) is declared."""
    if not name.startswith("delta_") or name in policy.names or "delta" in policy.names:
        return None
    node = name[len("delta_"):]
    for candidate in (f"{node}_bar", f"{node.replace('_', '')}_bar", f"{node}bar"):
        if candidate in policy.names:
            return candidate
    return None


def check_constant_word(word: str, policy: _Policy, position: int | None) -> None:
    """``pi`` with symbols p and i declared may be the constant or p*i: refused, naming both."""
    from .splitting import readings

    found = readings(word, policy.names)
    if found:
        raise ambiguity_error(AmbiguousSplit(word, [(word,), *found]), position)


def ambiguity_error(exc: AmbiguousSplit, position: int | None) -> ExpressionError:
    where = f" at column {position + 1}" if position is not None else ""
    return ExpressionError(f"{exc}{where}: write the product you mean with '*'", position,
                           suggestion="*".join(exc.readings[-1]))


_STRICT = (ast.Gt, ast.Lt)


def indicator(operands: list[ast.AST], ops: list[ast.cmpop], policy: _Policy, position: int | None,
              at: ast.AST) -> ast.AST:
    """The indicator of ``operands[0] ops[0] operands[1] ...`` as a product of Heaviside steps.

    ``a > b`` is Heaviside(a - b, 0) (0 where a = b), ``a >= b`` is Heaviside(a - b, 1); a chain such
    as ``-1 <= z <= 1`` is the product of its links.
    """
    import copy

    where = f" at column {position + 1}" if position is not None else ""
    heaviside = policy.spelling_for("Heaviside")
    if heaviside is None or policy.relation:
        raise ExpressionError(f"a comparison cannot be part of a calculation here{where}", position)
    result: ast.AST | None = None
    for left, op, right in zip(operands, ops, operands[1:]):
        if not isinstance(op, (ast.Gt, ast.GtE, ast.Lt, ast.LtE)):
            raise ExpressionError(f"'=' and '!=' are not allowed in a calculation{where}: give the expression itself "
                                  "(an indicator is written with <, <=, > or >=)", position)
        big, small = (left, right) if isinstance(op, (ast.Gt, ast.GtE)) else (right, left)
        big, small = copy.deepcopy(big), copy.deepcopy(small)
        if isinstance(small, ast.Constant) and small.value == 0:
            difference = big
        elif isinstance(big, ast.Constant) and big.value == 0:
            difference = ast.copy_location(ast.UnaryOp(op=ast.USub(), operand=small), at)
        else:
            difference = ast.copy_location(ast.BinOp(left=big, op=ast.Sub(), right=small), at)
        at_zero = ast.copy_location(ast.Constant(0 if isinstance(op, _STRICT) else 1), at)
        step = ast.copy_location(ast.Call(func=ast.copy_location(ast.Name(id=heaviside, ctx=ast.Load()), at),
                                          args=[difference, at_zero], keywords=[]), at)
        result = step if result is None else ast.copy_location(ast.BinOp(left=result, op=ast.Mult(), right=step), at)
    assert result is not None
    return result


_FORMULAS: dict[str, ast.AST] = {}


def expand_rewrite(formula: str, args: list[ast.AST], policy: _Policy, at: ast.AST) -> ast.AST | None:
    """``formula`` (trusted table text in x, y) with the arguments put in; None if it needs a function not allowed here."""
    import copy

    template = _FORMULAS.get(formula)
    if template is None:
        template = _FORMULAS[formula] = ast.parse(formula, mode="eval").body
    tree = copy.deepcopy(template)
    values = dict(zip(("x", "y"), args))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            spelling = policy.spelling_for(node.func.id)
            if spelling is None:
                return None
            node.func.id = spelling

    def put(node: ast.AST) -> ast.AST:
        if isinstance(node, ast.Name) and node.id in values:
            return copy.deepcopy(values[node.id])
        for name, value in ast.iter_fields(node):
            if isinstance(value, ast.AST):
                setattr(node, name, put(value))
            elif isinstance(value, list):
                setattr(node, name, [put(v) if isinstance(v, ast.AST) else v for v in value])
        return ast.copy_location(node, at) if isinstance(node, ast.expr) else node

    return put(tree)


# ---------------------------------------------------------------- messages that suggest a readable form


def _complete_message(error: ExpressionError, text: object, policy: _Policy, allow_latex: bool) -> None:
    """Make sure the message names a position and carries a suggestion that this same parse accepts."""
    if error.position is None:
        error.position = 0
    if "column" not in error.message:
        error.message += f" (column {error.position + 1})"
    candidates = [error.suggestion] if error.suggestion else []
    if isinstance(text, str) and len(text) <= MAX_LENGTH:
        candidates.extend(_repairs(text, error, policy))
    candidates.extend(_examples(policy))
    error.suggestion = None
    for candidate in candidates:
        candidate = candidate.strip() if candidate else candidate
        if candidate and candidate != text and _readable(candidate, policy, allow_latex):
            error.suggestion = candidate
            break
    if error.suggestion is not None:
        error.message += f"; a form that can be read: {error.suggestion}"
    error.args = (error.message,)


def _readable(text: str, policy: _Policy, allow_latex: bool) -> bool:
    try:
        _parse(text, policy, allow_latex, suggest=False)
    except (ExpressionError, RecursionError, ValueError):
        return False
    return True


def _repairs(text: str, error: ExpressionError, policy: _Policy) -> list[str]:
    """Small edits of the student's own text that may make it readable (each is checked before it is shown)."""
    import difflib
    import re

    out: list[str] = []
    stripped = text.strip().strip("$").strip()
    opened = sum(stripped.count(c) for c in "([") - sum(stripped.count(c) for c in ")]")
    if opened > 0:
        out.append(stripped + ")" * opened)
    elif opened < 0:
        out.append(stripped.rstrip(")]"))
    out.append(re.sub(r"[-+*/^=<>,.]+\s*$", "", stripped))
    out.append(re.sub(r"\blambda\b", "lam", stripped))
    out.append(stripped.replace("=>", ">=").replace("=<", "<="))
    out.append(re.sub(r"\b(\d+(?:\.\d+)?)\s*!", r"factorial(\1)", stripped))
    match = re.search(r"unknown function '(\w+)'", error.message)
    if match:
        allowed = sorted(f for f in policy.functions if f not in policy.names)  # sorted: same message in every process
        for close in difflib.get_close_matches(match.group(1), allowed, n=2, cutoff=0.6):
            out.append(re.sub(rf"\b{re.escape(match.group(1))}\b", close, stripped))
    match = re.search(r"unknown name '(\w+)'", error.message)
    if match and len(match.group(1)) > 2:  # a typo of a declared name (sigam for sigma); never a one-letter guess
        for close in difflib.get_close_matches(match.group(1), sorted(policy.names), n=1, cutoff=0.75):
            out.append(re.sub(rf"\b{re.escape(match.group(1))}\b", close, stripped))
    out.append(re.sub(r"(?<=[\w)])\s+(?=[\w(])", "*", stripped))  # juxtaposition made explicit
    return out


def _examples(policy: _Policy) -> list[str]:
    """Forms that show the syntax, built from the item's own names (unlikely to be anyone's answer)."""
    names = sorted(n for n in policy.names if n.isidentifier())
    first = names[0] if names else None
    if policy.relation:
        return [f"{first} >= 7" if first else "7 >= 3"]
    if first is None:
        return ["7/3"]
    if policy.matrix_ops:
        return [f"7*{first}", first]
    return [f"{first}**3/7", f"7*{first}", first]


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

    def __init__(self, policy: _Policy, origin: list[int] | None):
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
            raise self.fail("expected a condition such as m > n", node)

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
