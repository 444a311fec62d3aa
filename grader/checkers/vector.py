"""Kind ``vector``: a vector of numbers; row, column and flat forms are all accepted (see :mod:`._numeric`).

A single number where a bias-like vector is expected (an answer named ``b``, ``b1``, ``b_2``, ``bias``,
``layer2_b``...) is read as that number in every entry, with a note in the feedback
(``broadcast_scalar``; default: on for bias-like names, off otherwise).
"""

from __future__ import annotations

import re

import numpy as np
from pydantic import Field

from . import register
from ._numeric import ArrayChecker, NumericOptions, expected_array

#: answer names that hold a bias: b, b1, b_2, bias, hidden_bias, sort2_b1, select_b
BIAS_NAME = re.compile(r"(?:^|_)(?:b|bias|biases)_?\d*$", re.IGNORECASE)


class VectorOptions(NumericOptions):
    broadcast_scalar: bool | None = Field(default=None, description=(
        "Read a single number as that number in every entry (b1 = 0 for a zero bias), with a note; "
        "default: on for bias-like answer names (b, b1, bias...), off otherwise."))


@register
class VectorChecker(ArrayChecker):
    kind = "vector"
    answer_form = "a vector as a list of numbers, e.g. [-1.5, 0, 7] (row or column form both accepted)"
    lenient_orientation = True
    Options = VectorOptions

    def check(self, answers, expected, context):
        options = self.options
        (name, value), = answers.items() if len(answers) == 1 else ((None, None),)
        broadcast = options.broadcast_scalar if options.broadcast_scalar is not None else \
            bool(name and BIAS_NAME.search(name))
        if broadcast and name is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
            reference = expected_array(expected)
            if reference.size > 1:
                spread = np.full(reference.shape, float(value)).tolist()
                verdict = super().check({name: spread}, expected, context)
                note = f"{name} is one number; it was read as that number in each of the {reference.size} entries"
                return verdict.model_copy(update={"feedback": f"{verdict.feedback} (Note: {note}.)",
                                                  "evidence": {**verdict.evidence, "notes": [note]}})
        return super().check(answers, expected, context)
