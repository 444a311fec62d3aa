"""Kind ``function``: a function the submission defines, run in isolation on inputs the rubric generates.

The item names the function as its one answer and has a ``probe`` reference
returning the argument lists to call it with; the sandboxed child calls the
student's function on each (``grader.api._probes``) and the answer arrives as
:class:`grader.grading.FunctionResults` (``inputs`` and, per call, ``ok``,
``value`` or ``error``).  The item's own reference returns the expected
outputs for the same inputs, either as a list or as a dict::

    {"outputs": [...], "labels": ["n = 14 points, degree 3", ...]}

where ``labels`` (optional) describe the cases in feedback.

Each output is compared as a float array with tolerances: per entry
(``compare = "entries"``) or as a whole (``compare = "norm"``:
``||answer - expected|| <= rtol ||expected|| + atol``, for outputs such as
least-squares weights whose entries are only determined up to rounding).
Feedback names the failing cases by label and says what went wrong (an
exception, a wrong shape, wrong values, a constant factor) without printing
expected outputs.  Diagnoses: ``raises`` (some call raised or timed out),
``wrong_shape``, ``constant_factor`` (every case off by the same factor),
``wrong_values``.  With ``partial = true`` the item earns the share of cases
that pass.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import Field

from ..answers import explain_error, type_name
from . import register
from .base import AnswerFormatError, CheckContext, Checker, CheckerOptions, ReferenceProblem, Verdict
from ._numeric import simple_fraction

MAX_LISTED = 4


class FunctionOptions(CheckerOptions):
    rtol: float = Field(default=1e-6, ge=0, description="Relative tolerance.")
    atol: float = Field(default=1e-9, ge=0, description="Absolute tolerance.")
    compare: Literal["entries", "norm"] = Field(default="entries", description="'entries': every entry within tolerance; 'norm': the difference's norm within rtol times the expected norm (plus atol).")
    flatten: bool = Field(default=True, description="Accept any orientation of a vector output (a (k,), (k, 1) or (1, k) array or list).")
    partial: bool = Field(default=False, description="Award the share of cases that pass instead of all-or-nothing.")


def _expected_cases(expected: Any) -> tuple[list, list[str] | None]:
    if isinstance(expected, dict):
        if "outputs" not in expected:
            raise ReferenceProblem("a function reference dict needs 'outputs'")
        outputs, labels = list(expected["outputs"]), expected.get("labels")
        if labels is not None and len(labels) != len(outputs):
            raise ReferenceProblem("'labels' and 'outputs' differ in length")
        return outputs, [str(label) for label in labels] if labels is not None else None
    if isinstance(expected, (list, tuple)):
        return list(expected), None
    raise ReferenceProblem(f"a function reference must return a list of outputs or a dict, got {type(expected).__name__}")


def _as_float_array(value: Any, *, reference: bool) -> np.ndarray:
    if hasattr(value, "tolist") and not isinstance(value, np.ndarray):
        value = value.tolist()  # SymPy matrices
    try:
        array = np.array(value, dtype=float)
    except (TypeError, ValueError):
        if reference:
            raise ReferenceProblem(f"reference output is not numeric: {value!r}"[:200]) from None
        raise AnswerFormatError(f"the function returned {type_name(value)}, not numbers") from None
    return array


class _Case:
    """One call's outcome: ``problem`` is None when the output matches."""

    def __init__(self, label: str, problem: str | None, kind: str | None = None, factor: float | None = None):
        self.label, self.problem, self.kind, self.factor = label, problem, kind, factor


@register
class FunctionChecker(Checker):
    kind = "function"
    answer_form = "a Python function (def name(...): ... return ...), called by the grader on its own inputs"
    Options = FunctionOptions

    def check(self, answers, expected, context: CheckContext) -> Verdict:
        options: FunctionOptions = self.options
        results = self.single(answers)
        if not all(hasattr(results, attr) for attr in ("inputs", "results")):
            raise AnswerFormatError("this question expects a function (def ...), not a value")
        outputs, labels = _expected_cases(expected)
        if len(outputs) != len(results.results):
            raise ReferenceProblem(f"the reference gives {len(outputs)} outputs for {len(results.results)} probe inputs")
        if not outputs:
            raise ReferenceProblem("no probe inputs")
        labels = labels or [f"case {i + 1}" for i in range(len(outputs))]
        cases = [self._case(label, result, output, options) for label, result, output in zip(labels, results.results, outputs)]
        failing = [case for case in cases if case.problem is not None]
        evidence = {"cases": len(cases), "failing_cases": [c.label for c in failing],
                    "problems": {c.label: c.problem for c in failing[:MAX_LISTED * 2]}}
        if not failing:
            return Verdict.passed(f"Correct on all {len(cases)} test cases.", **evidence)
        diagnosis, factor = _diagnosis(failing, len(cases))
        if factor is not None:
            evidence["factor"] = factor
        listed = "; ".join(f"{c.label}: {c.problem}" for c in failing[:MAX_LISTED])
        more = f"; and {len(failing) - MAX_LISTED} more" if len(failing) > MAX_LISTED else ""
        feedback = f"Wrong on {len(failing)} of {len(cases)} test cases ({listed}{more})."
        if diagnosis == "constant_factor":
            # not named: the factor applied to the outputs would give every expected value away
            feedback += " Every output is off by the same constant factor: look for a dropped or extra constant."
        passed = len(cases) - len(failing)
        if options.partial and passed:
            return Verdict.partial(passed / len(cases), feedback, diagnosis=diagnosis, **evidence)
        return Verdict.failed(feedback, diagnosis=diagnosis, **evidence)

    def _case(self, label: str, result: Any, output: Any, options: FunctionOptions) -> _Case:
        if result is None:
            return _Case(label, "the function was not run (the submission stopped before the grader could call it)", "raises")
        if not result.ok:
            return _Case(label, f"the call failed: {explain_error(result.error or 'unknown error')}", "raises")
        reference = _as_float_array(output, reference=True)
        try:
            answer = _as_float_array(result.value, reference=False)
        except AnswerFormatError as exc:
            return _Case(label, str(exc), "wrong_shape")
        if options.flatten and answer.size == reference.size and _vector_like(answer) and _vector_like(reference):
            answer = answer.reshape(reference.shape)
        if answer.shape != reference.shape:
            return _Case(label, f"the output has shape {answer.shape}, expected shape {reference.shape}", "wrong_shape")
        if not np.all(np.isfinite(answer)):
            return _Case(label, "the output contains NaN or infinity", "wrong_values")
        if _close(answer, reference, options):
            return _Case(label, None)
        return _Case(label, "the output values are not correct", "wrong_values", _factor(answer, reference, options))

    def describe(self, answer_name: str) -> str:
        return f"a function: def {answer_name}(...): ... (see the prompt for its arguments and what it returns)"


def _vector_like(array: np.ndarray) -> bool:
    return array.ndim <= 1 or (array.ndim == 2 and 1 in array.shape)


def _close(answer: np.ndarray, reference: np.ndarray, options: FunctionOptions) -> bool:
    if options.compare == "norm":
        return float(np.linalg.norm(answer - reference)) <= options.rtol * float(np.linalg.norm(reference)) + options.atol
    return bool(np.allclose(answer, reference, rtol=options.rtol, atol=options.atol))


def _factor(answer: np.ndarray, reference: np.ndarray, options: FunctionOptions) -> float | None:
    """k with answer = k * reference, when there is one (k != 1)."""
    scale = float(np.vdot(reference, reference))
    if scale == 0:
        return None
    k = float(np.vdot(reference, answer)) / scale
    if k == 0 or abs(k - 1) < 1e-12:
        return None
    return k if _close(answer, k * reference, options) else None


def _diagnosis(failing: list[_Case], total: int) -> tuple[str, str | None]:
    kinds = {c.kind for c in failing}
    if "raises" in kinds:
        return "raises", None
    if "wrong_shape" in kinds:
        return "wrong_shape", None
    factors = [c.factor for c in failing]
    if len(failing) == total and all(f is not None for f in factors) and np.allclose(factors, factors[0], rtol=1e-6):
        simple = simple_fraction(factors[0], 100)
        return "constant_factor", str(simple) if simple is not None else f"{factors[0]:.6g}"
    return "wrong_values", None
