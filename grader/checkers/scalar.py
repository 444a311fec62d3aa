"""Kind ``scalar``: one real number with tolerances (see :mod:`._numeric`)."""

from __future__ import annotations

import numpy as np

from ..answers import as_number
from . import register
from ._numeric import NumericOptions, compare_arrays, expected_array
from .base import Checker, ReferenceProblem


@register
class ScalarChecker(Checker):
    kind = "scalar"
    answer_form = "a single number, e.g. -3.5 or 0.125"
    bounded = True
    Options = NumericOptions

    def check(self, answers, expected, context):
        reference = expected_array(expected)
        if reference.size != 1:
            raise ReferenceProblem(f"scalar item has a reference of shape {reference.shape}")
        answer = as_number(self.single(answers))
        return compare_arrays(np.array([float(answer)]), reference.reshape(1), self.options, context)
