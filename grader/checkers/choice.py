"""Kind ``choice``: one option among the rubric's options (normalisation and aliases in :mod:`._choice`)."""

from __future__ import annotations

from . import register
from ._choice import ChoiceOptions, normalise, require_allowed
from .base import Checker, Verdict


@register
class ChoiceChecker(Checker):
    kind = "choice"
    answer_form = "one option, as a string"
    bounded = True
    Options = ChoiceOptions

    def describe(self, answer_name):
        options = self.options
        return f"one of: {', '.join(repr(o) for o in options.options)}" if options.options else self.answer_form

    def check(self, answers, expected, context):
        options = self.options
        answer = normalise(self.single(answers), options)
        require_allowed(answer, options)
        if answer == normalise(expected, options):
            return Verdict.passed()
        return Verdict.failed("That option is not the right one.")
