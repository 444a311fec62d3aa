"""Kind ``ordered_choice``: a sequence of options whose order matters (normalisation and aliases in :mod:`._choice`)."""

from __future__ import annotations

from . import register
from ._choice import ChoiceOptions, require_allowed, normalise, as_sequence
from .base import Checker, ReferenceProblem, Verdict


@register
class OrderedChoiceChecker(Checker):
    kind = "ordered_choice"
    answer_form = "a list of options in order, e.g. ['first option', 'second option', 'third option']"
    bounded = True
    Options = ChoiceOptions

    def check(self, answers, expected, context):
        options = self.options
        answer = [normalise(v, options) for v in as_sequence(self.single(answers))]
        for element in answer:
            require_allowed(element, options)
        if not isinstance(expected, (list, tuple)):
            raise ReferenceProblem("ordered_choice reference must be a list")
        reference = [normalise(v, options) for v in expected]
        if answer == reference:
            return Verdict.passed()
        if sorted(answer) == sorted(reference):
            first = next(i for i, (a, r) in enumerate(zip(answer, reference)) if a != r)
            return Verdict.failed(f"The right steps, but not in the right order (the first step out of place is step {first + 1}).",
                                  diagnosis="wrong_order", first_wrong=first + 1)
        missing = len(set(reference) - set(answer))
        extra = len(set(answer) - set(reference))
        feedback = f"{missing} step(s) are missing and {extra} do not belong." if missing or extra else "Some steps repeat."
        right = sum(a == r for a, r in zip(answer, reference))
        if options.partial and right:
            return Verdict.partial(right / len(reference), feedback, diagnosis=None, in_place=right)
        return Verdict.failed(feedback, missing=missing, extra=extra)
