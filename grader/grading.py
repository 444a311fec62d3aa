"""Checking each item: pure functions from (item, answers, expected values) to an ItemReport.

Nothing here starts processes or touches files, so every rule (missing answers,
known mistakes, other variants, partial credit) is tested directly.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal, Mapping

import numpy as np

from .answers import ChildAnswers, FunctionRef, Unsupported, type_name
from .checkers import AnswerFormatError, CannotDecide, CheckContext, ReferenceProblem, Verdict
from .report import ItemReport, clean_text
from .rubric import Item


@dataclass
class Expected:
    """An item's expected value, or why it could not be computed."""

    value: Any = None
    problem: str | None = None


@dataclass(frozen=True)
class AnswerProblem:
    """Why an item's answers cannot be checked.  ``error``: the run gave nothing to grade (it
    crashed, timed out, was not run); ``invalid``: this answer is unusable (missing, a type the
    grader cannot read, a value where a function is expected)."""

    message: str
    status: Literal["error", "invalid"] = "invalid"


@dataclass
class Alternatives:
    """Other expected values to try when an answer is wrong: known mistakes, then other variants."""

    mistakes: list[tuple[Any, Expected]] = field(default_factory=list)  # (KnownMistake, expected)
    variants: list[tuple[str, Expected]] = field(default_factory=list)  # (variant name, expected)


@dataclass
class FunctionResults:
    """A function answer: the results of calling it on the rubric's probe inputs, in order."""

    name: str
    inputs: list[list[Any]]
    results: list[Any]  # CallResult-like: .ok, .value, .error


MANUAL_FEEDBACK = "Graded by the course staff."


def _manual(item: Item, answers: Mapping[str, Any] | None = None, problem: AnswerProblem | None = None) -> ItemReport:
    # The student's text goes into evidence so staff can grade from the export (grader manual-export).
    texts = {name: clean_text(value, 20000) for name, value in (answers or {}).items() if isinstance(value, str)}
    evidence: dict[str, Any] = {"answers": texts} if texts else {}
    feedback = MANUAL_FEEDBACK
    if problem is not None:
        # Never silently: staff see "answer lost" in the report, the batch summary and manual.csv.
        evidence["answer_lost"] = problem.message
        feedback += f" Your answer could not be read: {problem.message}"
    return ItemReport(
        id=item.id, question=item.question, title=item.title, score=0.0, max_score=0.0, status="manual",
        feedback=feedback, answers=item.answers, visibility=item.visibility,
        points_manual=item.points, evidence=evidence,
    )


def _report(item: Item, status: str, fraction: float, feedback: str, diagnosis=None, evidence=None) -> ItemReport:
    return ItemReport(
        id=item.id, question=item.question, title=item.title, score=round(item.points * fraction, 6),
        max_score=item.points, status=status, feedback=feedback, diagnosis=diagnosis,
        evidence=_plain(evidence or {}), answers=item.answers, visibility=item.visibility,
    )


def _plain(value: Any) -> Any:
    """Evidence as JSON data: arrays to lists, non-finite floats to strings, unknown objects to str."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return value if np.isfinite(value) else str(value)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)


def collect_answers(item: Item, child: ChildAnswers | None, run_problem: str | None,
                    probes: Mapping[str, list[list[Any]]]) -> tuple[dict[str, Any], AnswerProblem | None]:
    """The item's answers by name, or why they are unusable."""
    if child is None:
        return {}, AnswerProblem(run_problem or "the submission sent no answers", "error")
    values: dict[str, Any] = {}
    tolerant = item.checker.accepts_missing_answers
    for name in item.answers:
        if name not in child.values:
            if tolerant and any(n in child.values for n in item.answers):
                values[name] = None  # like an untouched template line; the checker grades the rest
                continue
            return {}, AnswerProblem(_missing_message(name, child, run_problem))
        value = child.values[name]
        if isinstance(value, Unsupported):
            article = "an" if value.type_name[:1].lower() in "aeiou" else "a"
            return {}, AnswerProblem(f"`{name}` is {article} {value.type_name}, which the grader cannot read; use numbers, "
                                     "lists, strings or numpy arrays")
        if isinstance(value, FunctionRef):
            if item.id not in probes:
                return {}, AnswerProblem(f"`{name}` is a function, but this question expects a value")
            inputs = probes[item.id]
            results = [child.calls.get(f"{item.id}:{i}") for i in range(len(inputs))]
            value = FunctionResults(name=name, inputs=inputs, results=results)
        elif item.id in probes:
            return {}, AnswerProblem(f"`{name}` should be a function (def {name}(...):), got {type_name(value)}")
        values[name] = value
    return values, None


def _missing_message(name: str, child: ChildAnswers, run_problem: str | None) -> str:
    for error in child.errors:
        if name in error.targets:
            where = f"cell {error.cell}, line {error.line}" if error.cell else f"line {error.line}"
            return f"`{name}` was not set because the statement at {where} failed ({error.kind}: {error.message})"
    if child.exit_code is not None:
        return f"`{name}` was not set: the submission called sys.exit before assigning it"
    if run_problem:
        return f"`{name}` was not set: {run_problem}"
    return f"`{name}` is missing: assign it at the top level of the submission (see `grader template`)"


def _run_checker(item: Item, answers: dict[str, Any], expected: Any, context: CheckContext) -> Verdict:
    checker = item.checker
    try:
        return checker.check(answers, expected, item.checker_options(), context)
    except AnswerFormatError as exc:
        return Verdict.invalid(str(exc))
    except OverflowError:
        # A huge but finite number (a weight of 10**350, say) is the answer's problem, not the
        # grader's: it cannot be compared in floating point, so it is not graded.
        return Verdict.invalid("A number in your answer is too large to be checked (beyond about 1e308); "
                               "use numbers of ordinary size")


def answer_key(item: Item, answers: Mapping[str, Any], parameters_key: str) -> str | None:
    """A canonical key of (item, parameters, answers) for memoising verdicts across a batch."""
    try:
        canonical = json.dumps(_plain({k: _canonical(v) for k, v in answers.items()}), sort_keys=True)
    except (TypeError, ValueError):
        return None
    return hashlib.sha256(f"{item.id}\0{parameters_key}\0{canonical}".encode()).hexdigest()


def _canonical(value: Any) -> Any:
    """JSON data that tells every decoded type apart, so two different answers never share a key.

    Keys are shared across the students of a batch: a dict shaped like an array, the string
    "nan" or "1/2" must not pick up the verdict of a float nan, a Fraction or an array.
    """
    if isinstance(value, FunctionResults):
        return {"$function": [[r.ok, _canonical(r.value), r.error] if r else None for r in value.results]}
    if isinstance(value, np.ndarray):
        return {"$array": _plain(value.tolist()), "shape": list(value.shape)}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {"$dict": {str(k): _canonical(v) for k, v in value.items()}}
    if isinstance(value, float) and not np.isfinite(value):
        return {"$float": repr(value)}
    if isinstance(value, Fraction):
        return {"$fraction": [value.numerator, value.denominator]}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return {"$other": f"{type(value).__name__}:{value!r}"}


def grade_item(item: Item, answers: dict[str, Any] | None, answer_problem: AnswerProblem | None, expected: Expected,
               alternatives: Alternatives, context: CheckContext) -> ItemReport:
    """Check one item and apply the rubric's partial-credit rules."""
    if not item.checker.automatic:
        return _manual(item, answers, answer_problem)
    if answer_problem is not None:
        return _report(item, answer_problem.status, 0.0, _capitalise(answer_problem.message))
    if expected.problem is not None:
        return _report(item, "error", 0.0, "This item could not be graded automatically; the course staff will grade it.",
                       evidence={"reference_problem": expected.problem})
    try:
        verdict = _run_checker(item, answers, expected.value, context)
    except ReferenceProblem as exc:
        return _report(item, "error", 0.0, "This item could not be graded automatically; the course staff will grade it.",
                       evidence={"reference_problem": str(exc)})
    except CannotDecide as exc:  # never a pass without proof: staff decide
        return _report(item, "error", 0.0, str(exc), diagnosis="needs_review")
    except Exception as exc:  # a checker bug must not cost the other items their grades
        return _report(item, "error", 0.0, "This item could not be graded automatically; the course staff will grade it.",
                       evidence={"checker_error": f"{type(exc).__name__}: {exc}"})
    if verdict.status in ("failed", "partial"):
        # Rubric-listed mistakes and other variants are more specific than a checker's generic
        # diagnosis (a wrong shape may be the H x mistake), so they are tried first.
        verdict = _recognise(item, answers, verdict, alternatives, context)
    return _apply_credit(item, verdict)


def over_budget_report(item: Item, message: str, evidence: dict) -> ItemReport:
    """An item whose check did not finish within the grader's budget: no credit, for staff review."""
    return _report(item, "error", 0.0, message, diagnosis="check_budget_exceeded", evidence=evidence)


def _recognise(item: Item, answers: dict[str, Any], verdict: Verdict, alternatives: Alternatives,
               context: CheckContext) -> Verdict:
    """Is the wrong answer a known mistake, or right for another variant's parameters?"""
    for mistake, expected in alternatives.mistakes:
        if expected.problem is None and _matches(item, answers, expected.value, context):
            return Verdict(status="partial" if mistake.credit > 0 else "failed", fraction=mistake.credit,
                           feedback=mistake.feedback, diagnosis=mistake.name, evidence=verdict.evidence)
    for variant, expected in alternatives.variants:
        if expected.problem is None and _matches(item, answers, expected.value, context):
            return Verdict(status="failed", fraction=0.0, diagnosis="other_variant",
                           feedback=f"This answer is right for the parameters of variant '{variant}', not for yours. "
                                    "Check the numbers in your own copy of the handout.",
                           evidence={"matches_variant": variant})
    return verdict


def _matches(item: Item, answers: dict[str, Any], expected: Any, context: CheckContext) -> bool:
    try:
        return _run_checker(item, answers, expected, context).status == "passed"
    except Exception:  # an alternative that cannot be compared simply does not match
        return False


def _apply_credit(item: Item, verdict: Verdict) -> ItemReport:
    fraction = verdict.fraction
    if verdict.diagnosis and verdict.diagnosis in item.partial_credit:
        # The rubric's share for a recognised mistake is a floor: a checker that already awards
        # more (e.g. most steps of a backward pass right) keeps its own fraction.
        fraction = max(fraction, item.partial_credit[verdict.diagnosis])
    if verdict.status == "invalid":
        status, fraction = "invalid", 0.0
    elif fraction >= 1.0:
        status = "passed"  # e.g. a known alternative the rubric accepts at full credit
    elif fraction > 0:
        status = "partial"
    else:
        status = "failed"
    evidence = dict(verdict.evidence)
    return _report(item, status, fraction, verdict.feedback, verdict.diagnosis, evidence)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
