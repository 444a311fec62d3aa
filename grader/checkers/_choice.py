"""Shared logic of the kinds ``choice`` (one option), ``ordered_choice`` (a sequence in order) and ``set`` (unordered).

Answers are strings compared after normalisation (case, surrounding space,
runs of space, ``_`` and ``-``, a trailing ``()``), then through the rubric's
``aliases`` table (e.g. "sgd" -> "stochastic gradient descent") and the
built-in synonyms of :data:`DEFAULT_ALIASES` ("backprop" -> "backward",
"update weights" -> "step"...), which a rubric extends or overrides with its
own ``aliases`` and turns off with ``default_aliases = false``.  A built-in
synonym is used only when its target is one of the item's ``options``.  The
reference returns the right option, the right sequence, or the right
collection.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field

from ..answers import type_name
from .base import AnswerFormatError, CheckerOptions


#: built-in synonyms: canonical option -> other ways students name it (training-loop steps)
DEFAULT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "forward": ("forward pass", "forward propagation", "forward prop", "forwardprop", "feedforward", "feed forward",
                "predict", "prediction", "predictions", "compute predictions", "compute the prediction", "compute output",
                "compute the output", "model(x)", "y_hat = model(x)", "output = model(x)", "run the model",
                "forward step", "net(x)", "model.forward(x)"),
    "loss": ("compute loss", "compute the loss", "calculate loss", "calculate the loss", "evaluate the loss",
             "criterion", "criterion(y_hat, y)", "loss = criterion(y_hat, y)", "loss function", "loss_fn",
             "loss computation", "get loss"),
    "zero_grad": ("zero grad", "zero grads", "zero gradients", "zero the gradients", "zero the grads",
                  "optimizer.zero_grad()", "optimiser.zero_grad()", "model.zero_grad()", "reset gradients",
                  "reset the gradients", "clear gradients", "clear the gradients", "set gradients to zero",
                  "zeroing gradients", "zero_grad()"),
    "backward": ("backward pass", "backprop", "back prop", "backpropagation", "back propagation", "backpropagate",
                 "back-propagation", "loss.backward()", "compute gradients", "compute the gradients",
                 "calculate gradients", "gradient computation", "backward()"),
    "step": ("update", "update weights", "update the weights", "update parameters", "update the parameters",
             "parameter update", "weight update", "weights update", "gradient step", "gradient descent step",
             "optimizer.step()", "optimiser.step()", "optimizer step", "optimiser step", "sgd step",
             "apply gradients", "step()", "take a step"),
}


def loose(text: str) -> str:
    """The comparison key of a spelling: lower case, ``_``/``-``/spaces as one space, no trailing '()'."""
    key = re.sub(r"[\s_\-]+", " ", text.strip().lower()).strip()
    return key[:-2].strip() if key.endswith("()") and "." not in key and "(" not in key[:-2] else key


#: loose spelling -> canonical option (see DEFAULT_SYNONYMS)
DEFAULT_ALIASES: dict[str, str] = {loose(spelling): option for option, spellings in DEFAULT_SYNONYMS.items()
                                   for spelling in (option, *spellings)}


class ChoiceOptions(CheckerOptions):
    options: list[str] = Field(default_factory=list, description="The allowed options; an answer outside them is invalid. Empty: anything.")
    aliases: dict[str, str] = Field(default_factory=dict, description="Accepted spelling -> canonical option (extends and overrides the built-in synonyms).")
    default_aliases: bool = Field(default=True, description="Also accept the built-in synonyms (\"backprop\" -> \"backward\", \"update weights\" -> \"step\"...; docs/notation.md) for targets among the options.")
    case_sensitive: bool = False
    partial: bool = Field(default=False, description="ordered_choice/set: award the share of right elements.")


def normalise(value: Any, options: ChoiceOptions) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise AnswerFormatError(f"expected a string, got {type_name(value)}")
    text = re.sub(r"\s+", " ", str(value).strip())
    if options.case_sensitive:
        return options.aliases.get(text, text)
    text = text.lower()
    own = {loose(k): v for k, v in options.aliases.items()}
    key = loose(text)
    if key in own:
        return own[key].lower()
    by_key = {loose(o): o.lower() for o in options.options}
    if key in by_key:
        return by_key[key]
    if options.default_aliases and key in DEFAULT_ALIASES:
        target = DEFAULT_ALIASES[key]
        if loose(target) in by_key:
            return by_key[loose(target)]
    return text


def require_allowed(text: str, options: ChoiceOptions) -> None:
    if options.options:
        allowed = [normalise(o, options) for o in options.options]
        if text not in allowed:
            raise AnswerFormatError(f"{text!r} is not one of the options: {', '.join(options.options)}")


def as_sequence(value: Any) -> list:
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):  # "forward, loss, backward", "forward -> loss", "1. forward 2. loss" (one per line)
        parts = re.split(r"\s*(?:[,;\n]|->|=>|\u2192|\bthen\b)\s*|\s+(?=\d+[.)]\s)", value.strip())
        return [re.sub(r"^\(?\d+[.)]\s*", "", part).strip() for part in parts if part.strip()]
    raise AnswerFormatError(f"expected a list of options, got {type_name(value)}")
