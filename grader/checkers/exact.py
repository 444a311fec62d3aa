"""Kind ``exact``: a number, or list of numbers, that must equal the reference exactly.

For integer and rational answers (counts, the squared Frobenius norms 572 and
195, parameter counts): a float is accepted when it is the exact decimal of
the reference value (12.0 for 12, 0.25 for 1/4), nothing looser.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ..answers import as_exact, number_from_text, type_name
from ..repairs import listed_factors
from . import register
from .base import AnswerFormatError, Checker, ReferenceProblem, Verdict


def _exact_tree(value: Any, *, reference: bool) -> Any:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if hasattr(value, "tolist") and not isinstance(value, (list, int, float)):
        value = value.tolist()  # SymPy matrices
    if isinstance(value, (list, tuple)):
        return [_exact_tree(v, reference=reference) for v in value]
    if reference and hasattr(value, "is_Rational") and value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    if not reference and isinstance(value, str) and (number := number_from_text(value)) is not None:
        value = number  # "195": a number in quotes
    exact = as_exact(value)
    if exact is None:
        if reference:
            raise ReferenceProblem(f"exact item has a non-rational reference {value!r}")
        raise AnswerFormatError(f"expected an exact number, got {type_name(value)}")
    return exact


def _as_flat_list(answer: Any, reference: Any) -> Any:
    """A flat list written as one row (``[[11, 52]]``) or one column (``[[11], [52]]``) is that
    list, as the vector kind reads it; anything else is left as written."""
    if not isinstance(reference, list) or any(isinstance(r, list) for r in reference) or not isinstance(answer, list):
        return answer
    if len(answer) == 1 and isinstance(answer[0], list) and len(reference) != 1:
        return answer[0]
    if answer and all(isinstance(a, list) and len(a) == 1 for a in answer):
        return [a[0] for a in answer]
    return answer


@register
class ExactChecker(Checker):
    kind = "exact"
    answer_form = "an exact number (integer or fraction as a decimal), or a list of them"
    bounded = True

    @staticmethod
    def _factors(context) -> list[Fraction]:
        """The rubric's numeric factors (default 2 and 1/2), both ways: multiplied or divided."""
        numbers = []
        for factor in listed_factors(context.repairs, available=()):  # no symbols: a single number has none
            if factor.expr.is_Rational:
                value = Fraction(int(factor.expr.p), int(factor.expr.q))
                numbers += [value, 1 / value]
        return numbers

    def check(self, answers, expected, context):
        reference = _exact_tree(expected, reference=True)
        answer = _exact_tree(self.single(answers), reference=False)
        answer = _as_flat_list(answer, reference)
        if isinstance(reference, list) != isinstance(answer, list):
            return Verdict.failed("The answer should be " + ("a list of numbers." if isinstance(reference, list) else "a single number."),
                                  diagnosis="wrong_shape")
        if answer == reference:
            return Verdict.passed()
        if isinstance(reference, list):
            if len(answer) != len(reference):
                return Verdict.failed(f"The answer has {len(answer)} entries; {len(reference)} are expected.", diagnosis="wrong_shape")
            if any(isinstance(a, list) != isinstance(r, list) for a, r in zip(answer, reference)):
                return Verdict.failed("The answer is nested differently from the list of numbers expected.",
                                      diagnosis="wrong_shape")
            wrong = [i + 1 for i, (a, r) in enumerate(zip(answer, reference)) if a != r]
            return Verdict.failed(f"Entries {wrong} are not correct.", wrong_entries=wrong)
        # A sign or a listed factor (grader.repairs), verified by applying it exactly; never named.
        for code, fixed in (("sign_error", [-1]), ("constant_factor", self._factors(context))):
            if reference != 0 and any(answer * factor == reference for factor in fixed):
                text = ("The value has the wrong sign." if code == "sign_error" else
                        "The value is off by a constant factor: look for where one is introduced or cancelled.")
                return Verdict.failed(text, diagnosis=code)
        return Verdict.failed("The value is not correct.")
