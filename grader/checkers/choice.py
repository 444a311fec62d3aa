"""Kinds ``choice`` (one option), ``ordered_choice`` (a sequence in order) and ``set`` (unordered).

Answers are strings compared after normalisation (case, surrounding space,
inner runs of space, and the rubric's ``aliases`` table, e.g. "sgd" ->
"stochastic gradient descent").  The reference returns the right option, the
right sequence, or the right collection.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field

from ..answers import type_name
from . import register
from .base import AnswerFormatError, Checker, CheckerOptions, ReferenceProblem, Verdict


class ChoiceOptions(CheckerOptions):
    options: list[str] = Field(default_factory=list, description="The allowed options; an answer outside them is invalid. Empty: anything.")
    aliases: dict[str, str] = Field(default_factory=dict, description="Accepted spelling -> canonical option.")
    case_sensitive: bool = False
    partial: bool = Field(default=False, description="ordered_choice/set: award the share of right elements.")


def _normal(value: Any, options: ChoiceOptions) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise AnswerFormatError(f"expected a string, got {type_name(value)}")
    text = re.sub(r"\s+", " ", str(value).strip())
    if not options.case_sensitive:
        text = text.lower()
    aliases = {(k if options.case_sensitive else k.lower()): v for k, v in options.aliases.items()}
    text = aliases.get(text, text)
    return text if options.case_sensitive else text.lower()


def _allowed(text: str, options: ChoiceOptions) -> None:
    if options.options:
        allowed = [_normal(o, options) for o in options.options]
        if text not in allowed:
            raise AnswerFormatError(f"{text!r} is not one of the options: {', '.join(options.options)}")


def _sequence(value: Any) -> list:
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        return [part for part in re.split(r"\s*[,;]\s*|\s*->\s*", value.strip()) if part]
    raise AnswerFormatError(f"expected a list of options, got {type_name(value)}")


@register
class ChoiceChecker(Checker):
    kind = "choice"
    answer_form = "one option, as a string"
    Options = ChoiceOptions

    def describe(self, answer_name, options):
        return f"one of: {', '.join(repr(o) for o in options.options)}" if options.options else self.answer_form

    def check(self, answers, expected, options, context):
        answer = _normal(self.single(answers), options)
        _allowed(answer, options)
        if answer == _normal(expected, options):
            return Verdict.passed()
        return Verdict.failed("That option is not the right one.")


@register
class OrderedChoiceChecker(Checker):
    kind = "ordered_choice"
    answer_form = "a list of options in order, e.g. ['forward', 'loss', 'zero_grad', 'backward', 'step']"
    Options = ChoiceOptions

    def check(self, answers, expected, options, context):
        answer = [_normal(v, options) for v in _sequence(self.single(answers))]
        for element in answer:
            _allowed(element, options)
        if not isinstance(expected, (list, tuple)):
            raise ReferenceProblem("ordered_choice reference must be a list")
        reference = [_normal(v, options) for v in expected]
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


@register
class SetChecker(Checker):
    kind = "set"
    answer_form = "a list of options, in any order"
    Options = ChoiceOptions

    def check(self, answers, expected, options, context):
        answer = {_normal(v, options) for v in _sequence(self.single(answers))}
        for element in answer:
            _allowed(element, options)
        reference = {_normal(v, options) for v in expected}
        if answer == reference:
            return Verdict.passed()
        missing, extra = len(reference - answer), len(answer - reference)
        feedback = f"{missing} element(s) are missing and {extra} do not belong."
        if options.partial:
            share = max(0.0, (len(reference) - missing - extra) / len(reference))
            if share > 0:
                return Verdict.partial(share, feedback, missing=missing, extra=extra)
        return Verdict.failed(feedback, missing=missing, extra=extra)
