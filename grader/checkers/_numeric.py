"""Shared logic of the numeric kinds ``scalar``, ``vector`` and ``matrix``.

The three kinds share one comparison (tolerances, named wrong entries, shape
diagnosis) and differ in the shape they expect and how lenient they are about
orientation.  The expected value may be a number, nested list, numpy array or
SymPy matrix; it is converted to a float array.

Diagnoses (in this order): ``wrong_shape`` / ``transposed`` (shape is the
transpose's), ``transposed`` (square answer equal to the transpose),
``sign_error``, ``constant_factor`` (a factor of the item's ``repairs.factors``,
default 2 and 1/2, that fixes every entry; symbolic factors are evaluated at the
rubric's parameters), ``two_slips``, ``wrong_entries``.  Any other wrong number
is simply wrong: it is not "a constant factor" away.
Feedback names the wrong entries by row and column but never prints expected
values.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from pydantic import Field

from ..answers import as_array
from .base import Checker, CheckerOptions, ReferenceProblem, Verdict


class NumericOptions(CheckerOptions):
    rtol: float = Field(default=1e-6, ge=0, description="Relative tolerance per entry.")
    atol: float = Field(default=1e-9, ge=0, description="Absolute tolerance per entry.")
    per_entry_credit: bool = Field(default=False, description="Award the share of correct entries instead of all-or-nothing.")
    diagnose: bool = Field(default=True, description="Look for sign errors, constant factors and transposes.")


def expected_array(expected: Any) -> np.ndarray:
    try:
        if hasattr(expected, "tolist") and not isinstance(expected, np.ndarray):
            expected = expected.tolist()  # SymPy matrices
        return np.array(expected, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ReferenceProblem(f"reference value is not numeric: {exc}") from None


def _position(index: tuple[int, ...]) -> str:
    if len(index) == 1:
        return f"entry {index[0] + 1}"
    if len(index) == 2:
        return f"row {index[0] + 1}, column {index[1] + 1}"
    return "entry " + ",".join(str(i + 1) for i in index)


def _shape_text(shape: tuple[int, ...]) -> str:
    if len(shape) == 0:
        return "a single number"
    if len(shape) == 1:
        return f"a vector of {shape[0]}"
    return " x ".join(str(s) for s in shape) + " (rows x columns)"


def simple_fraction(value: float, limit: int) -> Fraction | None:
    """``value`` as p/q with |p|, q <= limit, if it is one (to float precision)."""
    fraction = Fraction(value).limit_denominator(limit)
    if abs(float(fraction) - value) <= 1e-9 * max(1.0, abs(value)) and abs(fraction.numerator) <= limit:
        return fraction
    return None


def nice_ratio(value: float) -> str:
    fraction = simple_fraction(value, 100)
    return str(fraction) if fraction is not None else f"{value:.6g}"


def compare_arrays(answer: np.ndarray, expected: np.ndarray, options: NumericOptions, context=None) -> Verdict:
    """Same-shape comparison with diagnosis of the classic slips (fixes from ``context.repairs``)."""
    close = np.isclose(answer, expected, rtol=options.rtol, atol=options.atol)
    if close.all():
        return Verdict.passed("Correct.")
    wrong = [tuple(int(i) for i in idx) for idx in np.argwhere(~close)]
    evidence = {"wrong_entries": [[i + 1 for i in idx] for idx in wrong[:20]], "wrong_count": len(wrong),
                "entries": int(answer.size)}
    if options.diagnose:
        diagnosis = _diagnose(answer, expected, options, context)
        if diagnosis:
            code, text, extra = diagnosis
            return Verdict.failed(text, diagnosis=code, **evidence, **extra)
    listed = "; ".join(_position(idx) for idx in wrong[:6]) + ("; ..." if len(wrong) > 6 else "")
    if answer.size == 1:
        feedback = "The value is not correct."
    elif 2 * len(wrong) >= answer.size or not answer.any():
        # half the entries or more wrong, or an all-zero answer: where they are would show where the
        # key's zeros are; the count says enough
        feedback = f"{len(wrong)} of {answer.size} entries are not correct: re-derive the whole answer."
    else:
        feedback = f"{len(wrong)} of {answer.size} entries are not correct ({listed})."
    if options.per_entry_credit and len(wrong) < answer.size:
        fraction = 1 - len(wrong) / answer.size
        return Verdict.partial(fraction, feedback, diagnosis="wrong_entries", **evidence)
    return Verdict.failed(feedback, diagnosis=None, **evidence)


def _diagnose(answer: np.ndarray, expected: np.ndarray, options: NumericOptions, context=None):
    def same(a, b):
        return np.allclose(a, b, rtol=options.rtol, atol=options.atol)

    if answer.ndim == 2 and answer.shape[0] == answer.shape[1] and not same(expected, expected.T) and same(answer, expected.T):
        return "transposed", "The answer is the transpose of the right matrix: check which index is the row.", {}
    return _repair(answer, expected, same, context)


def _repair(answer: np.ndarray, expected: np.ndarray, same, context):
    """A sign, a listed factor, or two of them, that fixes every entry at once."""
    from ..repairs import describe, find_value_repair, listed_factors

    parameters = {name: value for name, value in (getattr(context, "parameters", None) or {}).items()
                  if isinstance(value, (int, float)) and not isinstance(value, bool) and np.isfinite(value)}
    factors = listed_factors(getattr(context, "repairs", None), list(parameters))
    repair = find_value_repair([answer], [expected], [parameters], factors, same)
    if repair is None:
        return None
    # A number times a named factor is the expected number: for a single number or a matrix of
    # numbers, naming the factor would give every expected entry away.  Only the kind of slip is said.
    text = describe(repair, name_factor=False)
    if answer.size > 1:
        text = text.replace("Your answer is right", "Every entry of your answer is right")
    return repair.code, text, repair.as_evidence()


class ArrayChecker(Checker):
    Options = NumericOptions
    bounded = True
    lenient_orientation = False

    def check(self, answers, expected, context):
        options = self.options
        reference = expected_array(expected)
        answer = as_array(self.single(answers))
        if self.lenient_orientation and answer.size == reference.size and (answer.ndim <= 2 and reference.ndim <= 2) \
                and (1 in answer.shape or answer.ndim == 1) and (1 in reference.shape or reference.ndim == 1):
            answer = answer.reshape(reference.shape)
        elif answer.ndim == 1 and reference.ndim == 2 and 1 in reference.shape and answer.size == reference.size:
            answer = answer.reshape(reference.shape)  # a flat list for a row or column vector
        if answer.shape != reference.shape:
            return self._shape_verdict(answer, reference, options)
        return compare_arrays(answer, reference, options, context)

    def _shape_verdict(self, answer, reference, options) -> Verdict:
        evidence = {"answer_shape": list(answer.shape), "expected_shape": list(reference.shape)}
        if answer.ndim == 2 and reference.ndim == 2 and answer.shape == reference.shape[::-1]:
            inner = compare_arrays(answer.T, reference, options)
            if inner.status == "passed":
                return Verdict.failed(
                    f"The answer has shape {_shape_text(answer.shape)} but should be {_shape_text(reference.shape)}: "
                    "it is the transpose of the right answer.", diagnosis="transposed", **evidence)
        return Verdict.failed(f"The answer is {_shape_text(answer.shape)}, but this question asks for "
                              f"{_shape_text(reference.shape)}.", diagnosis="wrong_shape", **evidence)
