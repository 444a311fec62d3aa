"""Glue shared by the expression-based checker kinds: ``expression``, ``count``, ``big_o``, ``relation``.

Reference values (what a rubric's reference function returns) are trusted
SymPy objects or plain numbers, optionally wrapped with symbol domains::

    sigma**2 * (1 - d/n)                                   # a SymPy expression
    {"expr": sigma**2 * (1 - d/n), "symbols": {"sigma": "positive"}}
    {"relation": m > n, "symbols": {"m": "natural", "n": "natural"}}

Domains come from, in order: the rubric item's ``symbols`` option, the
reference's ``symbols``, the SymPy assumptions of the reference's symbols,
and the checker kind's default (``real`` for expressions, ``natural`` for
counts, big-O classes and relations, whose symbols are sizes).
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Collection, Mapping, NoReturn

import sympy
from pydantic import Field, TypeAdapter, ValidationError, field_validator

from ..answers import type_name
from ..checkers.base import AnswerFormatError, CheckerOptions, ReferenceProblem
from .numeric import EXACT, MP, OutOfRange, Undefined, Unsupported, as_sympy, compile_condition_tree, evaluate
from .parser import ExpressionError, parse_expression, parse_relation
from .symbols import SymbolSpec, SymbolsOption, merge_specs, symbol_objects

_SPECS = TypeAdapter(SymbolsOption)


class SymbolOptions(CheckerOptions):
    """Options every expression-based kind has."""

    symbols: SymbolsOption = Field(default=(), description=(
        "Symbols students may use, with their domains: a list of tables {name, domain, low, high} or a table "
        "name -> domain (real, positive, nonnegative, negative, nonzero, integer, natural, nonnegative_integer). "
        "Symbols of the reference that are not listed take their domain from its SymPy assumptions."))
    allow_latex: bool = Field(default=True, description="Accept LaTeX answers (\\frac, \\sigma, \\left( ... \\right)...).")
    assumptions: tuple[str, ...] = Field(default=(), description=(
        "Conditions the question assumes, e.g. [\"n > d\"] or [\"1 <= k <= n\"]: points are drawn only where all "
        "hold, so answers are compared (and counterexamples shown) only inside the question's regime."))

    @field_validator("assumptions")
    @classmethod
    def _readable_assumptions(cls, assumptions: tuple[str, ...]) -> tuple[str, ...]:
        for text in assumptions:
            names = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text)) - {"and", "or", "not"}
            try:
                parse_relation(text, names, allow_latex=False)
            except ExpressionError as exc:
                raise ValueError(f"assumption {text!r} is not a condition: {exc}") from None
        return assumptions


@dataclass(frozen=True)
class Expected:
    """A reference value read for an expression-based checker."""

    value: sympy.Basic
    symbols: tuple[SymbolSpec, ...] = ()

    def specs(self, declared: tuple[SymbolSpec, ...], default: str | None = None) -> dict[str, SymbolSpec]:
        free = self.value.free_symbols
        return merge_specs((*self.symbols, *declared), free, default)  # the rubric's options win

    def sympy_symbols(self, specs: Mapping[str, SymbolSpec]) -> dict[str, sympy.Symbol]:
        return symbol_objects(specs, self.value.free_symbols)


def read_reference(expected: Any, key: str = "expr") -> Expected:
    """Accept a SymPy object / number or a dict ``{key: ..., "symbols": ...}``; ReferenceProblem otherwise."""
    symbols: tuple[SymbolSpec, ...] = ()
    value = expected
    if isinstance(expected, Mapping):
        unknown = set(expected) - {key, "expr", "symbols"}
        if unknown or (key not in expected and "expr" not in expected):
            raise ReferenceProblem(f"reference dict must have '{key}' and optionally 'symbols', got keys {sorted(expected)}")
        value = expected.get(key, expected.get("expr"))
        try:
            symbols = _SPECS.validate_python(expected.get("symbols"))
        except ValidationError as exc:
            raise ReferenceProblem(f"reference symbols are invalid: {exc.errors()[0]['msg']}") from None
    if isinstance(value, sympy.Order):
        value = value.expr
    try:
        return Expected(as_sympy(value), tuple(symbols))
    except Unsupported as exc:
        raise ReferenceProblem(str(exc)) from None


def admissible_points(assumptions: tuple[str, ...], specs: Mapping[str, SymbolSpec]) -> Callable[[Mapping[str, Fraction]], bool] | None:
    """A test of the item's assumptions at a point (None when there are none).

    A point where an assumption cannot be evaluated does not satisfy it.  An assumption naming a
    symbol the item does not have is a rubric problem.
    """
    if not assumptions:
        return None
    tests = []
    for text in assumptions:
        try:
            tree = parse_relation(text, sorted(specs), allow_latex=False)
        except ExpressionError as exc:
            raise ReferenceProblem(f"assumption {text!r}: {exc}") from None
        tests.append({backend: compile_condition_tree(tree, backend) for backend in (EXACT, MP)})

    def admissible(point: Mapping[str, Fraction]) -> bool:
        for test in tests:
            try:
                holds, _ = evaluate(test.__getitem__, point)
            except (Undefined, OutOfRange, ZeroDivisionError, ValueError, KeyError):
                return False
            if not holds:
                return False
        return True

    return admissible


def parse_answer(value: Any, names: Collection[str], *, functions: Collection[str] | None = None,
                 allow_latex: bool = True, relation: bool = False) -> ast.Expression:
    """The validated tree of an answer (a string, or a plain number for expressions).

    Raises :class:`ExpressionError` (unreadable text) or :class:`AnswerFormatError` (wrong type).
    """
    if isinstance(value, str):
        if relation:
            return parse_relation(value, names, functions=functions, allow_latex=allow_latex)
        return parse_expression(value, names, functions=functions, allow_latex=allow_latex)
    if not relation and isinstance(value, (int, float, Fraction)) and not isinstance(value, bool):
        return ast.Expression(body=_number_node(value))
    first = min(names, default=None)  # an example in the item's own names, so that it is itself readable
    example = (f"'{first} >= 7'" if first else "'7 >= 3'") if relation else (f"'{first}**3/7'" if first else "'7/3'")
    raise AnswerFormatError(f"expected {'a condition' if relation else 'an expression'} as a string, e.g. {example}, "
                            f"got {type_name(value)}")


def _number_node(value: int | float | Fraction) -> ast.AST:
    if isinstance(value, float) and not math.isfinite(value):
        raise AnswerFormatError(f"expected a finite number, got {value}")
    if isinstance(value, Fraction):
        node: ast.AST = ast.BinOp(left=ast.Constant(abs(value.numerator)), op=ast.Div(), right=ast.Constant(value.denominator))
        return ast.UnaryOp(op=ast.USub(), operand=node) if value < 0 else node
    if value < 0:
        return ast.UnaryOp(op=ast.USub(), operand=ast.Constant(-value))
    return ast.Constant(value)


def reject_unreadable(error: ExpressionError | AnswerFormatError) -> NoReturn:
    """Reject an unreadable answer (an ``invalid`` verdict, never a wrong answer; see
    :mod:`grader.checkers.base`): raises :class:`AnswerFormatError` with the reading error's position."""
    position = getattr(error, "position", None)
    evidence = {"position": position} if position is not None else {}
    raise AnswerFormatError(f"Your answer could not be read: {error}", **evidence)


def has_decimal(tree: ast.AST) -> bool:
    return any(isinstance(n, ast.Constant) and isinstance(n.value, float) for n in ast.walk(tree))


def describe_point(point: Mapping[str, Any]) -> str:
    return ", ".join(f"{name} = {value}" for name, value in sorted(point.items()))


def json_number(value: float | None) -> float | None:
    """A float for evidence, or None when it is not finite (JSON has no NaN)."""
    if value is None or not math.isfinite(value):
        return None
    return float(f"{value:.12g}")
