"""What kind of wrong is a wrong scalar answer?  Only what a fix verifies (see :mod:`grader.repairs`).

A diagnosis is a *repair*: applied to the student's answer it gives an answer
the checker accepts, at every compared point.  Tried in order:

``sign_error``        -1 times the answer is right
``constant_factor``   the answer times (or divided by) one factor of the item's list is right
                      (default 2 and 1/2; the rubric may name ``1/n``, ``K``...)
``missing_term`` /    adding or removing one term that is not the leading term makes it right
``extra_term``        (a constant term for any expression; any single term for polynomials)
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
    """One missing or extra term, not the leading one, that turns ``student`` into ``reference``.

    Both sides polynomials in ``generators`` (rational coefficients): the difference must be a
    single term c*m.  It is *missing* when the student has less of the monomial m than expected
    (none, or part of it), *extra* when more; a sign flip of a term is neither.  It must not be
    the leading term: the two answers have the same degree, and at that degree the student keeps
    at least as much of m as the fix adds or removes (so "m" for "2mn + m" and "mn" for "3mn" are
    not one term away).  Other expressions: only a constant term, when the expected answer is
    not itself a constant.
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
        mine_c, theirs_c = _constant_term(student), _constant_term(reference)
        return _classify(mine_c, theirs_c, difference)
    degree = theirs.total_degree()
    if mine.total_degree() != degree or degree <= 0:
        return None
    (monomial, coefficient), = term.terms()
    if sum(monomial) < degree:
        return _classify(mine.coeff_monomial(monomial), theirs.coeff_monomial(monomial), coefficient)
    return _classify(mine.coeff_monomial(monomial), theirs.coeff_monomial(monomial), coefficient,
                     top_mass=(_top_mass(mine, degree), _top_mass(theirs, degree)))


def _top_mass(poly: sympy.Poly, degree: int):
    return sum(abs(c) for m, c in poly.terms() if sum(m) == degree)


def _classify(mine, theirs, added, top_mass=None) -> Slip | None:
    """missing (the student has 0 <= mine/theirs < 1 of it) or extra (0 <= theirs/mine < 1).

    At the leading degree (``top_mass``: the sizes of both leading parts) the fix may change at
    most half of the leading part: otherwise it *is* the leading term.
    """
    if theirs != 0 and 0 <= mine / theirs < 1:
        if top_mass is not None and abs(added) * 2 > top_mass[1]:
            return None
        return Slip(MISSING_TERM)
    if mine != 0 and 0 <= theirs / mine < 1:
        if top_mass is not None and abs(added) * 2 > top_mass[0]:
            return None
        return Slip(EXTRA_TERM)
    return None


def _constant_term(expression: sympy.Expr) -> sympy.Expr:
    constant, _ = sympy.expand(expression).as_coeff_Add()
    return constant


def is_constant(value: sympy.Basic) -> bool:
    return not getattr(value, "free_symbols", set())

