"""Kind ``claim``: a claim the grader verifies by running trusted code (an experiment, a search).

Some questions have many right answers that can only be confirmed by doing
something: "give n1 < n2 and d for which more data gives a larger test loss"
(Toronto CSC413 A1 1.3.5) is checked by running the experiment at the claimed
setting.  The item's reference returns a *verifier*: a callable that takes the
item's decoded answers (a dict, answer name -> value) and returns
``(holds, evidence)`` -- ``holds`` a bool, ``evidence`` plain data that
explains the outcome (the grader's own measurements at the student's
setting; never a right answer to copy).  A verifier raises ``ValueError`` with
a message for the student when the claim is malformed (missing key, out of
range); that makes the answer ``invalid``.  Any other exception is a
reference bug and makes the item ``error``.

Diagnosis: ``claim_refuted`` when the verifier runs and the claim does not hold.
"""

from __future__ import annotations

from typing import Any, Callable

from pydantic import Field

from . import register
from .base import CheckContext, Checker, CheckerOptions, ReferenceProblem, Verdict


class ClaimOptions(CheckerOptions):
    holds_feedback: str = Field(default="Your claim holds: the grader's run of the experiment confirms it.", description="Feedback when the claim is confirmed.")
    refuted_feedback: str = Field(default="The grader's run of the experiment does not support your claim.", description="Feedback when the claim does not hold; the evidence is appended.")


def _evidence_text(evidence: dict[str, Any]) -> str:
    parts = []
    for key, value in evidence.items():
        if isinstance(value, float):
            value = f"{value:.4g}"
        parts.append(f"{key} = {value}")
    return ", ".join(parts)


@register
class ClaimChecker(Checker):
    kind = "claim"
    answer_form = "the values of your claim (see the prompt), checked by running the grader's own experiment"
    Options = ClaimOptions

    def check(self, answers, expected, context: CheckContext) -> Verdict:
        options: ClaimOptions = self.options
        if not callable(expected):
            raise ReferenceProblem(f"a claim item's reference must return a verifier function, got {type(expected).__name__}")
        verify: Callable[[dict], tuple[bool, dict]] = expected
        try:
            outcome = verify(dict(answers))
        except ValueError as exc:
            self.fail(f"Your claim cannot be checked: {exc}")
        except Exception as exc:  # the verifier is trusted code: anything else is its bug
            raise ReferenceProblem(f"the claim verifier failed: {type(exc).__name__}: {exc}") from exc
        try:
            holds, evidence = outcome
        except (TypeError, ValueError):
            raise ReferenceProblem("a claim verifier must return (holds, evidence)") from None
        if not isinstance(holds, bool) or not isinstance(evidence, dict):
            raise ReferenceProblem("a claim verifier must return (bool, dict)")
        details = _evidence_text(evidence)
        if holds:
            return Verdict.passed(f"{options.holds_feedback} ({details})." if details else options.holds_feedback, **evidence)
        feedback = f"{options.refuted_feedback} ({details})." if details else options.refuted_feedback
        return Verdict.failed(feedback, diagnosis="claim_refuted", **evidence)
