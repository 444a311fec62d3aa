"""Kind ``manual``: free text, drawings, explanations.  No automatic points; listed for the staff.

Staff export these items with ``grader manual-export`` and merge their scores
back with ``grader merge``, so the final score lives in one report.
"""

from __future__ import annotations

from . import register
from .base import Checker, Verdict


@register
class ManualChecker(Checker):
    kind = "manual"
    automatic = False
    answer_form = "free text (a string); graded by the course staff"

    def check(self, answers, expected, context):  # pragma: no cover - the pipeline never calls it
        return Verdict.passed("Graded by the course staff.")
