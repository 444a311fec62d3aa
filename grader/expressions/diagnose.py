"""What kind of wrong is a wrong scalar answer?  Only what a fix verifies (see :mod:`grader.repairs`).

A diagnosis is a *repair*: applied to the student's answer it gives an answer
the checker accepts, at every compared point.  Tried in order:

``sign_error``        -1 times the answer is right
``constant_factor``   the answer times (or divided by) one factor of the item's list is right
                      (default 2 and 1/2; the rubric may name ``1/n``, ``K``...)
``missing_term`` /    adding or removing one whole term (of the expected / the student's expanded
``extra_term``        polynomial, with its own coefficient) that is not of leading degree makes it
                      right (a constant term for any expression)
``two_slips``         two of the above together (sign and factor, two factors)

Anything else has no diagnosis; the evidence may still describe the difference
(``difference = "rounded_decimal"``: decimals within 1% of the expected value)
for the feedback, which never carries credit.  Feedback names the kind of slip,
never the expected value or a term; a factor is named as the rubric lists it
(``1/K``, never its value), and not at all when the expected value is a single
number (naming it would give the number away).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import sympy

from ..repairs import (
    EXTRA_TERM,
    MISSING_TERM,
    Repair,
    RepairFactor,
    Slip,
    describe,
    find_value_repair,
)
from .equivalence import Sample

_REPAIR_RTOL = 1e-9


@dataclass
class Diagnosis:
    code: str | None
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)


def diagnose(samples: Sequence[Sample], *, factors: Sequence[RepairFactor] = (), student_has_decimals: bool = False,
             constant_reference: bool = False, term: Callable[[], Slip | None] | Slip | None = None) -> Diagnosis | None:
    """The repair that explains every sample (or a description of the difference), or None.

    ``term`` is a one-term repair found symbolically (:func:`term_repair`), or a function finding
    it (called only when no sign or factor explains the samples).
    """
    usable = [s for s in samples if math.isfinite(s.student) and math.isfinite(s.reference)]
    if len(usable) < 2 or len(usable) < len(samples):
        return None

    def close(a: float, b: float) -> bool:
        return abs(a - b) <= 1e-12 + _REPAIR_RTOL * max(abs(a), abs(b))

    repair = find_value_repair([s.student for s in usable], [s.reference for s in usable],
                               [s.point for s in usable], factors, close)
    if repair is not None:
        return Diagnosis(repair.code, describe(repair, name_factor=not constant_reference), repair.as_evidence())
    if callable(term):
        term = term()
    if term is not None and not constant_reference:
        return Diagnosis(term.code, describe(Repair((term,))), {})
    if student_has_decimals and all(abs(s.student - s.reference) <= 1e-2 * max(abs(s.reference), 1e-300) for s in usable):
        return Diagnosis(None, "Your answer is close to the expected one but not equal: it seems to use rounded "
                         "decimals. Write exact numbers, e.g. 1/3 instead of 0.333.", {"difference": "rounded_decimal"})
    return None


def term_repair(student: sympy.Expr, reference: sympy.Expr, generators: Sequence[sympy.Symbol]) -> Slip | None:
    """One missing or extra term, not of leading degree, that turns ``student`` into ``reference``.

    Both sides polynomials in ``generators`` (rational coefficients), written in expanded form:
    the difference must be one whole term c*m *of one side as written*, with its own coefficient:
    *missing* when the expected polynomial has the term c*m and the student's has no m at all,
    *extra* when the student's has c*m and the expected one has no m.  A changed coefficient
    ("n**2 + m*n" for "2*n**2 + m*n", one of two m*n steps forgotten) is not a missing term.  The
    monomial m must be of lower total degree than the expected polynomial's top degree (and the
    student's keeps that degree): a term of leading order ("2*n**2" for "2*n**2 + m*n", "m" for
    "2*m*n + m") is never "one term". Other expressions: only a whole constant term, when the
    expected answer is not itself a constant.
    """
    # No time budget (a SIGALRM budget works only on the main thread, and verdicts must not depend on
    # the thread): answers are small trees with bounded exponents, so expanding them is cheap.
    try:
        return _term_repair(student, reference, list(generators))
    except (TypeError, ValueError, ArithmeticError, sympy.SympifyError):
        return None


def _term_repair(student, reference, generators) -> Slip | None:
    difference = sympy.expand(reference - student)
    if difference == 0 or len(sympy.Add.make_args(difference)) != 1:
        return None
    try:
        if not generators:
            raise sympy.PolynomialError("no symbols")
        mine, theirs = sympy.Poly(sympy.expand(student), *generators), sympy.Poly(sympy.expand(reference), *generators)
        term = sympy.Poly(difference, *generators)
        if not all(p.domain.is_QQ or p.domain.is_ZZ for p in (mine, theirs, term)):
            raise sympy.PolynomialError("coefficients are not numbers")
    except sympy.PolynomialError:
        if difference.free_symbols or not (reference.free_symbols & set(generators)):
            return None
        return _classify(_constant_term(student), _constant_term(reference))
    degree = theirs.total_degree()
    if mine.total_degree() != degree or degree <= 0:
        return None
    (monomial, _coefficient), = term.terms()
    if sum(monomial) >= degree:
        return None  # a term of leading order is never "one term"
    return _classify(mine.coeff_monomial(monomial), theirs.coeff_monomial(monomial))


def _classify(mine, theirs) -> Slip | None:
    """The student's and the expected coefficient of the one differing monomial: missing when only
    the expected answer has it, extra when only the student's does, otherwise nothing (a changed
    coefficient or sign is not a whole term)."""
    if mine == 0 and theirs != 0:
        return Slip(MISSING_TERM)
    if theirs == 0 and mine != 0:
        return Slip(EXTRA_TERM)
    return None


def _constant_term(expression: sympy.Expr) -> sympy.Expr:
    constant, _ = sympy.expand(expression).as_coeff_Add()
    return constant


def is_constant(value: sympy.Basic) -> bool:
    return not getattr(value, "free_symbols", set())

