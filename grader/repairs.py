"""Partial credit that follows the mistake: the small, rubric-visible set of fixes a diagnosis may name.

A wrong answer earns a diagnosis (and with it the rubric's partial credit)
only when applying exactly the named fix to the student's answer gives an
answer the checker accepts.  The fixes are:

* ``sign_error``       multiply the answer by -1;
* ``constant_factor``  multiply (or divide) the answer by one factor of the item's ``factors`` list
                       (default 2 and 1/2; symbolic factors such as ``1/n`` or ``K`` when the rubric
                       names them);
* ``missing_term`` / ``extra_term``  add or remove one term that is not the leading term
                       (counts and expressions; ``terms = false`` turns this off);
* a transpose, a rubric-named mistake, another variant's parameters (handled by their checkers
  and by :mod:`grader.grading`).

Two fixes needed at once are ``two_slips``: by default worth nothing, and never more than the
smaller credit of the two slips alone (``two_slips`` sets a share).  Anything else is simply wrong.

This module holds the rubric model (:class:`Repairs`), the parsed factors
(:class:`RepairFactor`) and the value-based search (:func:`find_value_repair`) shared by the
checkers that compare values at points (expression, count fallback, scalar, matrix_expression).
See docs/partial-credit.md.
"""

from __future__ import annotations

import ast
import functools
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import sympy
from pydantic import BaseModel, ConfigDict, Field, field_validator
from .pyparse import parse_python

SIGN = "sign_error"
FACTOR = "constant_factor"
MISSING_TERM = "missing_term"
EXTRA_TERM = "extra_term"
TWO_SLIPS = "two_slips"


class Repairs(BaseModel):
    """The fixes a diagnosis of this item may name (see docs/partial-credit.md)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    factors: tuple[str, ...] = Field(default=("2", "1/2"), description=(
        "Factors a slip may drop or add: numbers ('2', '1/2', '5') or products of symbols and numbers "
        "('1/n', 'K', '2/K'). An answer that is the expected one multiplied or divided by exactly one "
        "of them is diagnosed constant_factor; feedback names the factor as written here. A sign is "
        "its own diagnosis (sign_error) and needs no entry."))
    terms: bool = Field(default=True, description=(
        "Recognise one missing or one extra term that is not the leading term (missing_term, extra_term)."))
    two_slips: float = Field(default=0.0, ge=0.0, le=1.0, description=(
        "Share of the points for an answer that two of these fixes together repair (diagnosis two_slips); "
        "never more than the smaller credit of the two slips alone. Default 0: two slips earn nothing."))

    @field_validator("factors")
    @classmethod
    def _readable(cls, factors: tuple[str, ...]) -> tuple[str, ...]:
        for text in factors:
            value = factor_expression(text)
            if value == 0 or value == 1 or value == -1:
                raise ValueError(f"factor {text!r} repairs nothing (0, 1 and -1 are not factors; a sign is sign_error)")
        return factors


DEFAULT_REPAIRS = Repairs()


def factor_expression(text: str) -> sympy.Expr:
    """A rubric's factor text ('1/n', '2*K', 'n**2') as a SymPy expression.

    Rubric text is trusted, but it is still read by walking a whitelisted tree (numbers, names,
    * / ** and unary minus), never by a SymPy parser.
    """
    try:
        tree = parse_python(text.strip(), mode="eval")
    except SyntaxError:
        raise ValueError(f"factor {text!r} is not a product of numbers and symbols, e.g. '1/n' or '2*K'") from None

    def build(node: ast.AST) -> sympy.Expr:
        if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
            return sympy.Integer(node.value)
        if isinstance(node, ast.Constant) and isinstance(node.value, float):
            return sympy.Rational(str(node.value))
        if isinstance(node, ast.Name):
            return sympy.Symbol(node.id)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -build(node.operand)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
            left, right = build(node.left), build(node.right)
            return left * right if isinstance(node.op, ast.Mult) else left / right
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) and isinstance(node.right, ast.Constant) \
                and isinstance(node.right.value, int) and abs(node.right.value) <= 4:
            return build(node.left) ** node.right.value
        raise ValueError(f"factor {text!r} is not a product of numbers and symbols, e.g. '1/n' or '2*K'")

    return build(tree.body)


@dataclass(frozen=True)
class RepairFactor:
    """One listed factor: its text (as the rubric wrote it) and value."""

    text: str
    expr: sympy.Expr

    @property
    def names(self) -> set[str]:
        return {s.name for s in self.expr.free_symbols}

    def value(self, point: Mapping[str, Any]) -> float:
        return float(self.expr.subs({sympy.Symbol(k): sympy.Rational(v) if not isinstance(v, float) else v
                                     for k, v in point.items() if k in self.names}))


def listed_factors(repairs: Repairs | None, available: Sequence[str] | None = None) -> list[RepairFactor]:
    """The item's factors, without those naming a symbol this item does not have."""
    repairs = repairs or DEFAULT_REPAIRS
    return list(_listed(repairs.factors, None if available is None else tuple(sorted(available))))


@functools.lru_cache(maxsize=256)
def _listed(factors: tuple[str, ...], available: tuple[str, ...] | None) -> tuple[RepairFactor, ...]:
    found: list[RepairFactor] = []
    for text in factors:
        factor = RepairFactor(text, factor_expression(text))
        if available is not None and not factor.names <= set(available):
            continue
        if any(sympy.simplify(f.expr - factor.expr) == 0 for f in found):
            continue
        found.append(factor)
    return tuple(found)


@dataclass(frozen=True)
class Slip:
    """One fix: what it is and, for a factor, how the answer relates to the expected one."""

    code: str
    factor: RepairFactor | None = None
    extra: bool = True  # constant_factor: True when the answer has the factor too much, False when it lacks it
    term: str | None = None  # missing_term / extra_term: the term (never shown to students)


@dataclass
class Repair:
    """The fixes that together turn the student's answer into an accepted one."""

    slips: tuple[Slip, ...]
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.slips[0].code if len(self.slips) == 1 else TWO_SLIPS

    def as_evidence(self) -> dict[str, Any]:
        evidence = dict(self.evidence)
        if self.code == TWO_SLIPS:
            evidence["slips"] = [slip.code for slip in self.slips]
        ratios = [slip.factor.expr if slip.extra else 1 / slip.factor.expr for slip in self.slips if slip.factor]
        if ratios:
            evidence["factor"] = str(sympy.Mul(*ratios))  # the answer over the expected one, sign aside
        return evidence


def slip_phrase(slip: Slip, *, name_factor: bool = True) -> str:
    """A student-facing description of one slip, never containing the expected answer."""
    if slip.code == SIGN:
        return "the sign is wrong"
    if slip.code == FACTOR:
        if not name_factor or slip.factor is None:
            return "a constant factor is dropped or added"
        if slip.extra:
            return f"there is an extra factor {slip.factor.text}"
        return f"a factor {slip.factor.text} is missing"
    if slip.code == MISSING_TERM:
        return "one term is missing"
    if slip.code == EXTRA_TERM:
        return "there is one term too many"
    return slip.code.replace("_", " ")


def describe(repair: Repair, *, name_factor: bool = True) -> str:
    """Feedback for a repair: the kind of slip and where to look."""
    if repair.code == TWO_SLIPS:
        first, second = (slip_phrase(s, name_factor=name_factor) for s in repair.slips)
        if first == second:  # two factors, unnamed: say so once
            return ("Two separate slips: two constant factors are dropped or added. Fixing both would make your "
                    "answer right; check your derivation step by step.")
        return (f"Two separate slips: {first}, and {second}. Fixing both would make your answer right; "
                "check your derivation step by step.")
    slip = repair.slips[0]
    if slip.code == SIGN:
        return "Your answer has the opposite sign of the expected one: check the sign convention in your derivation."
    if slip.code == FACTOR:
        return (f"Your answer is right up to a constant factor: {slip_phrase(slip, name_factor=name_factor)}. "
                "Look for where it is introduced or cancelled.")
    return f"Your answer is close: {slip_phrase(slip)}. Check which contributions you counted."


def find_value_repair(student: Sequence[Any], reference: Sequence[Any], points: Sequence[Mapping[str, Any]],
                      factors: Sequence[RepairFactor], close: Callable[[Any, Any], bool]) -> Repair | None:
    """The simplest repair that makes every student value equal the reference value, or None.

    ``student``/``reference`` are the two sides' values (floats or arrays) at ``points``, where
    each factor is evaluated.  Tried in order: the sign; one factor (multiplied or divided);
    then two slips: sign and factor, or two different factors.
    """
    if not student or len(student) != len(reference):
        return None
    if all(_is_zero(r) for r in reference):
        return None  # every multiple of zero is zero: nothing to repair with a factor
    values: list[tuple[Slip, list[float]]] = []
    for factor in factors:
        try:
            at = [factor.value(p) for p in points]
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if not all(math.isfinite(v) and v != 0 for v in at):
            continue
        # student == expected * f (an extra f): repaired by dividing by f
        values.append((Slip(FACTOR, factor, extra=True), [1 / v for v in at]))
        values.append((Slip(FACTOR, factor, extra=False), at))

    def fixes(multipliers: Sequence[float]) -> bool:
        return all(close(m * s, r) for m, s, r in zip(multipliers, student, reference))

    if fixes([-1.0] * len(student)):
        return Repair((Slip(SIGN),))
    for slip, multipliers in values:
        if fixes(multipliers):
            return Repair((slip,))
    for slip, multipliers in values:
        if fixes([-m for m in multipliers]):
            return Repair((Slip(SIGN), slip))
    for i, (first, a) in enumerate(values):
        for second, b in values[i + 1:]:
            if first.factor == second.factor:
                continue
            if fixes([x * y for x, y in zip(a, b)]):
                return Repair((first, second))
    return None


def _is_zero(value: Any) -> bool:
    try:
        import numpy as np

        return bool(np.all(np.asarray(value, dtype=float) == 0))
    except (TypeError, ValueError):
        return False


def two_slips_credit(shares: Mapping[str, float], repairs: Repairs | None, slips: Sequence[str]) -> float:
    """Credit of two slips: the rubric's share, never more than either slip alone earns."""
    repairs = repairs or DEFAULT_REPAIRS
    return min([repairs.two_slips, *(shares.get(code, 0.0) for code in slips)])
