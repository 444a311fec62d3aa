"""Kind ``set``: a collection of options in any order (normalisation and aliases in :mod:`._choice`).

By default the answer must be exactly the reference collection.  With ``choose = k`` the reference
lists every acceptable element and the answer must be k distinct ones of them ("name four types of
linear maps"); with ``partial`` each acceptable element earns 1/k.
"""

from __future__ import annotations

from pydantic import Field

from . import register
from ._choice import ChoiceOptions, require_allowed, normalise, as_sequence
from .base import Checker, Verdict


class SetOptions(ChoiceOptions):
    choose: int | None = Field(default=None, ge=1, description="Ask for this many distinct elements of the reference collection (which lists every acceptable one) instead of the collection itself.")


@register
class SetChecker(Checker):
    kind = "set"
    answer_form = "a list of options, in any order"
    bounded = True
    Options = SetOptions

    def check(self, answers, expected, context):
        options = self.options
        given = [normalise(v, options) for v in as_sequence(self.single(answers))]
        answer = set(given)
        for element in answer:
            require_allowed(element, options)
        reference = {normalise(v, options) for v in expected}
        if options.choose is not None:
            return self._choose(given, answer, reference, options)
        if answer == reference:
            return Verdict.passed()
        missing, extra = len(reference - answer), len(answer - reference)
        feedback = f"{missing} element(s) are missing and {extra} do not belong."
        if options.partial:
            share = max(0.0, (len(reference) - missing - extra) / len(reference))
            if share > 0:
                return Verdict.partial(share, feedback, missing=missing, extra=extra)
        return Verdict.failed(feedback, missing=missing, extra=extra)

    def _choose(self, given: list[str], answer: set[str], reference: set[str], options) -> Verdict:
        wanted = options.choose
        right = len(answer & reference)
        wrong = len(answer - reference)
        repeated = len(given) - len(answer)
        if right >= wanted and wrong == 0 and len(answer) == wanted:
            return Verdict.passed()
        parts = []
        if wrong:
            parts.append(f"{wrong} of the elements you gave {'does' if wrong == 1 else 'do'} not belong")
        if repeated:
            parts.append(f"{repeated} repeat another element (the same one under two names)")
        if len(answer) < wanted:
            parts.append(f"the question asks for {wanted} different ones, you gave {len(answer)}")
        if len(answer) > wanted:
            parts.append(f"the question asks for {wanted}, you gave {len(answer)}")
        feedback = "; ".join(parts).capitalize() + "."
        share = max(0.0, (min(right, wanted) - max(0, len(answer) - wanted)) / wanted)
        if options.partial and share > 0:
            return Verdict.partial(share, feedback, right=right, wrong=wrong)
        return Verdict.failed(feedback, right=right, wrong=wrong)
