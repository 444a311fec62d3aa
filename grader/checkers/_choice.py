"""Shared logic of the kinds ``choice`` (one option), ``ordered_choice`` (a sequence in order) and ``set`` (unordered).

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
from .base import AnswerFormatError, CheckerOptions


class ChoiceOptions(CheckerOptions):
    options: list[str] = Field(default_factory=list, description="The allowed options; an answer outside them is invalid. Empty: anything.")
    aliases: dict[str, str] = Field(default_factory=dict, description="Accepted spelling -> canonical option.")
    case_sensitive: bool = False
    partial: bool = Field(default=False, description="ordered_choice/set: award the share of right elements.")


def normalise(value: Any, options: ChoiceOptions) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise AnswerFormatError(f"expected a string, got {type_name(value)}")
    text = re.sub(r"\s+", " ", str(value).strip())
    if not options.case_sensitive:
        text = text.lower()
    aliases = {(k if options.case_sensitive else k.lower()): v for k, v in options.aliases.items()}
    text = aliases.get(text, text)
    return text if options.case_sensitive else text.lower()


def require_allowed(text: str, options: ChoiceOptions) -> None:
    if options.options:
        allowed = [normalise(o, options) for o in options.options]
        if text not in allowed:
            raise AnswerFormatError(f"{text!r} is not one of the options: {', '.join(options.options)}")


def as_sequence(value: Any) -> list:
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        return [part for part in re.split(r"\s*[,;]\s*|\s*->\s*", value.strip()) if part]
    raise AnswerFormatError(f"expected a list of options, got {type_name(value)}")
