"""What kind of wrong is a wrong scalar answer?  Read off the values at the compared points.

Tried in order (the first that fits every compared point wins):

``sign_error``        student == -reference
``rounded_decimal``   the student wrote decimals and is within 1% everywhere: rounding, not derivation
``constant_factor``   student == c * reference, c a number or a monomial in the symbols
                      (c = n: "a factor 1/n is missing"); the factor is reported
``constant_offset``   student - reference is the same nonzero constant everywhere

Reporting the factor or offset is deliberate (it tells what kind of slip it
is, e.g. a dropped 1/K); the expected expression itself is never shown.
Variant answers and rubric-listed known mistakes are not handled here: the
pipeline calls the checker again with their expected values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import numpy as np
import sympy

from .equivalence import Sample

_RATIO_RTOL = 1e-7
_MAX_MONOMIAL_POWER = 4


@dataclass
class Diagnosis:
    code: str
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)


def diagnose(samples: Sequence[Sample], *, student_has_decimals: bool = False) -> Diagnosis | None:
    """The first diagnosis that explains every sample, or None."""
    usable = [s for s in samples if math.isfinite(s.student) and math.isfinite(s.reference)]
    if len(usable) < 2 or all(s.reference == 0 for s in usable):
        return None
    if all(_close(s.student, -s.reference) for s in usable):
        return Diagnosis("sign_error", "Your answer has the opposite sign of the expected one.")
    if student_has_decimals and all(abs(s.student - s.reference) <= 1e-2 * max(abs(s.reference), 1e-300) for s in usable):
        return Diagnosis("rounded_decimal", "Your answer is close to the expected one but not equal: it seems to use "
                         "rounded decimals. Write exact numbers, e.g. 1/3 instead of 0.333.")
    factor = constant_factor(usable)
    if factor is not None:
        text, inverse = factor
        return Diagnosis("constant_factor", f"Your answer equals the expected one multiplied by {text}: look for a "
                         f"missing factor {inverse} (or an extra factor {text}).", {"factor": text})
    offset = constant_offset(usable)
    if offset is not None:
        return Diagnosis("constant_offset", "Your answer differs from the expected one by a constant term "
                         "(the parts that depend on the variables are right).", {"offset": offset})
    return None


def constant_factor(samples: Sequence[Sample]) -> tuple[str, str] | None:
    """(factor, 1/factor) as text when student/reference is a constant or a monomial, else None."""
    pairs = [(s.point, s.student / s.reference) for s in samples if s.reference != 0]
    if len(pairs) < 2 or any(s.reference == 0 and not _close(s.student, 0.0) for s in samples):
        return None
    ratios = [ratio for _, ratio in pairs]
    if all(_close(r, ratios[0], _RATIO_RTOL) for r in ratios):
        if _close(ratios[0], 1.0) or _close(ratios[0], -1.0) or ratios[0] == 0:
            return None
        return _factor_text(ratios[0], {})
    exponents = _monomial_exponents(pairs)
    if exponents is None:
        return None
    coefficients = [ratio / _monomial(point, exponents) for point, ratio in pairs]
    if not all(_close(c, coefficients[0], _RATIO_RTOL) for c in coefficients) or coefficients[0] == 0:
        return None
    number = _number_expr(coefficients[0])
    if not (number.is_Rational and (abs(number.p) == 1 or number.q == 1)):
        return None  # with symbols, a factor has a whole (or 1/whole) number in front: n, 2*n, 1/(2*K)
    return _factor_text(coefficients[0], exponents)


def constant_offset(samples: Sequence[Sample]) -> str | None:
    differences = [s.student - s.reference for s in samples]
    scale = max(max(abs(s.student), abs(s.reference)) for s in samples)
    if all(abs(d - differences[0]) <= 1e-9 * max(scale, 1.0) for d in differences) and abs(differences[0]) > 1e-12 * max(scale, 1.0):
        return _nice_number(differences[0])
    return None


def _close(a: float, b: float, rtol: float = 1e-9) -> bool:
    return abs(a - b) <= 1e-12 + rtol * max(abs(a), abs(b))


def _monomial_exponents(pairs: list[tuple[dict[str, Fraction], float]]) -> dict[str, int] | None:
    """Integer k_j with |ratio| ~ |c| * prod |x_j|**k_j (least squares on logs, then rounded)."""
    names = sorted(pairs[0][0])
    rows, targets = [], []
    for point, ratio in pairs:
        if ratio == 0 or any(point[name] == 0 for name in names):
            continue
        rows.append([1.0] + [math.log(abs(float(point[name]))) for name in names])
        targets.append(math.log(abs(ratio)))
    if len(rows) < len(names) + 2:
        return None
    matrix = np.array(rows)
    if np.linalg.matrix_rank(matrix) < matrix.shape[1]:
        # a symbol whose sampled values never vary in magnitude cannot be told apart from the constant
        return None
    solution, *_ = np.linalg.lstsq(matrix, np.array(targets), rcond=None)
    exponents = {}
    for name, k in zip(names, solution[1:]):
        rounded = round(float(k))
        if abs(k - rounded) > 1e-4 or abs(rounded) > _MAX_MONOMIAL_POWER:
            return None
        if rounded:
            exponents[name] = rounded
    if len({k > 0 for k in exponents.values()}) > 1:
        return None  # a factor multiplies or divides (n, 1/K); n/m is not a missing factor
    return exponents or None


def _monomial(point: dict[str, Fraction], exponents: dict[str, int]) -> float:
    value = 1.0
    for name, k in exponents.items():
        value *= float(point[name]) ** k
    return value


def _factor_text(coefficient: float, exponents: dict[str, int]) -> tuple[str, str]:
    factor = _number_expr(coefficient)
    for name, k in sorted(exponents.items()):
        factor *= sympy.Symbol(name) ** k
    return str(factor), str(1 / factor)


def _number_expr(value: float) -> sympy.Expr:
    """A short fraction when ``value`` is one (within 1e-9), else the value to 6 significant digits."""
    fraction = Fraction(value).limit_denominator(1000)
    if abs(float(fraction) - value) <= 1e-9 * max(1.0, abs(value)):
        return sympy.Rational(fraction.numerator, fraction.denominator)
    return sympy.Float(value, 6)


def _nice_number(value: float) -> str:
    return str(_number_expr(value))
