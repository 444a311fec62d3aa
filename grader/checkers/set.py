"""Kind ``set``: a collection of options in any order (normalisation and aliases in :mod:`._choice`)."""

from __future__ import annotations

from . import register
from ._choice import ChoiceOptions, require_allowed, normalise, as_sequence
from .base import Checker, Verdict


@register
class SetChecker(Checker):
    kind = "set"
    answer_form = "a list of options, in any order"
    bounded = True
    Options = ChoiceOptions

    def check(self, answers, expected, options, context):
        answer = {normalise(v, options) for v in as_sequence(self.single(answers))}
        for element in answer:
            require_allowed(element, options)
        reference = {normalise(v, options) for v in expected}
        if answer == reference:
            return Verdict.passed()
        missing, extra = len(reference - answer), len(answer - reference)
        feedback = f"{missing} element(s) are missing and {extra} do not belong."
        if options.partial:
            share = max(0.0, (len(reference) - missing - extra) / len(reference))
            if share > 0:
                return Verdict.partial(share, feedback, missing=missing, extra=extra)
        return Verdict.failed(feedback, missing=missing, extra=extra)
