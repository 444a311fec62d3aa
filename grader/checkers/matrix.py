"""Kind ``matrix``: a matrix of numbers compared entry by entry (see :mod:`._numeric`)."""

from __future__ import annotations

from . import register
from ._numeric import ArrayChecker


@register
class MatrixChecker(ArrayChecker):
    kind = "matrix"
    answer_form = "a matrix as a list of rows, e.g. [[1, 2], [3, 4]] (or a numpy array)"
