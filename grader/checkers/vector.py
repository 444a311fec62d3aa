"""Kind ``vector``: a vector of numbers; row, column and flat forms are all accepted (see :mod:`._numeric`)."""

from __future__ import annotations

from . import register
from ._numeric import ArrayChecker


@register
class VectorChecker(ArrayChecker):
    kind = "vector"
    answer_form = "a vector as a list of numbers, e.g. [1, 2, 3] (row or column form both accepted)"
    lenient_orientation = True
