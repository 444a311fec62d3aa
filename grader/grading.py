"""Checking each item: pure functions from (item, answers, expected values) to an ItemReport.

Nothing here starts processes or touches files, so every rule (missing answers,
known mistakes, other variants, partial credit) is tested directly.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Literal, Mapping, Sequence

import numpy as np

from .answers import ChildAnswers, FunctionRef, UnsupportedValue, explain_error, type_name
from .checkers import CannotDecide, CheckContext, ReferenceProblem, Verdict
from .repairs import TWO_SLIPS, two_slips_credit
from .report import ItemReport, clean_text
from .rubric import FollowThrough, Item


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
class FollowThroughCandidate:
    """One follow-through rule whose earlier answers were wrong: the expected value recomputed from them.

    ``compute`` is called only when this item's answer is wrong (it may run reference code)."""

    rule: FollowThrough
    sources: list[tuple[str, str]]  # (earlier answer name, id of the item that graded it)
    compute: Callable[[], Expected]


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
        if isinstance(value, UnsupportedValue):
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
            return f"`{name}` was not set because the statement at {where} failed ({error.kind}: {explain_error(error.message)})"
    if child.exit_code is not None:
        return f"`{name}` was not set: the submission called sys.exit before assigning it"
    if run_problem:
        return f"`{name}` was not set: {run_problem}"
    near = child.near.get(name)
    if near is not None and len(near.names) > 1:
        spelt = " and ".join(f"`{n}`" for n in near.names)
        return f"`{name}` is missing; the submission has {spelt}, spelt like it: name the one you mean `{name}`"
    return f"`{name}` is missing: assign it at the top level of the submission (see `grader template`)"


def answer_key(item: Item, answers: Mapping[str, Any], parameters_key: str) -> str | None:
    """A canonical key of (item, parameters, answers) for memoising verdicts across a batch."""
    try:
        canonical = json.dumps(_plain({k: _canonical(v) for k, v in answers.items()}), sort_keys=True)
    except (TypeError, ValueError):
        return None
    return hashlib.sha256(f"{item.id}\0{parameters_key}\0{canonical}".encode()).hexdigest()


def follow_through_key(candidates: Sequence[FollowThroughCandidate], values: Mapping[str, Any]) -> str:
    """What a follow-through verdict depends on besides the item's own answers: the earlier answers
    its applicable rules use (part of the batch's verdict-cache key)."""
    if not candidates:
        return ""
    used = sorted({name for candidate in candidates for name, _ in candidate.sources}
                  | {name for candidate in candidates for name in candidate.rule.using.values()})
    return json.dumps([[name, _plain(_canonical(values.get(name)))] for name in used], sort_keys=True)


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
               alternatives: Alternatives, context: CheckContext,
               follow_through: Sequence[FollowThroughCandidate] = ()) -> ItemReport:
    """Check one item and apply the rubric's partial-credit rules.

    ``follow_through``: the item's follow-through rules whose earlier answers were graded wrong; a
    wrong answer that is right given those earlier answers earns the rule's credit."""
    if not item.checker.automatic:
        return _manual(item, answers, answer_problem)
    if answer_problem is not None:
        return _report(item, answer_problem.status, 0.0, _capitalise(answer_problem.message))
    if expected.problem is not None:
        return _report(item, "error", 0.0, "This item could not be graded automatically; the course staff will grade it.",
                       evidence={"reference_problem": expected.problem})
    context = dataclasses.replace(context, repairs=item.repairs)
    try:
        verdict = item.checker.judge(answers, expected.value, context)  # a rejected answer is an invalid verdict
    except ReferenceProblem as exc:
        return _report(item, "error", 0.0, "This item could not be graded automatically; the course staff will grade it.",
                       evidence={"reference_problem": str(exc)})
    except CannotDecide as exc:  # never a pass without proof: staff decide
        return _report(item, "error", 0.0, str(exc), diagnosis="needs_review")
    except Exception as exc:  # a checker bug must not cost the other items their grades
        return _report(item, "error", 0.0, "This item could not be graded automatically; the course staff will grade it.",
                       evidence={"checker_error": f"{type(exc).__name__}: {exc}"})
    verdict = best_verified_diagnosis(item, verdict)
    if verdict.status in ("failed", "partial") and follow_through:
        # Right given the student's own earlier (wrong) answers: the mistake was made there, and
        # was already charged there.  Tried before known mistakes, which describe a slip made here.
        verdict = _follow_through(item, answers, verdict, follow_through, alternatives, context)
    if verdict.status in ("failed", "partial"):
        # Rubric-listed mistakes and other variants are more specific than a checker's generic
        # diagnosis (a wrong shape may be the H x mistake), so they are tried first.
        verdict = _recognise(item, answers, verdict, alternatives, context)
    return _apply_credit(item, verdict)


def best_verified_diagnosis(item: Item, verdict: Verdict) -> Verdict:
    """Of several single fixes a checker verified (evidence ``diagnoses``, a list of codes: each
    one alone repairs the answer), the one the rubric credits most: the best single verified fix
    wins, whatever order the checker tried them in."""
    codes = verdict.evidence.get("diagnoses")
    if verdict.status != "failed" or not isinstance(codes, list) or verdict.diagnosis not in codes:
        return verdict
    best = max(codes, key=lambda code: (item.partial_credit.get(code, 0.0), -codes.index(code)))
    if item.partial_credit.get(best, 0.0) <= item.partial_credit.get(verdict.diagnosis, 0.0):
        return verdict
    return verdict.model_copy(update={"diagnosis": best})


def over_budget_report(item: Item, message: str, evidence: dict) -> ItemReport:
    """An item whose check did not finish within the grader's budget: no credit, for staff review."""
    return _report(item, "error", 0.0, message, diagnosis="check_budget_exceeded", evidence=evidence)


def _follow_through(item: Item, answers: dict[str, Any], verdict: Verdict, candidates: Sequence[FollowThroughCandidate],
                    alternatives: Alternatives, context: CheckContext) -> Verdict:
    if any(expected.problem is None and _matches(item, answers, expected.value, context)
           for _, expected in alternatives.variants):
        return verdict  # another variant's answer (its numbers copied): reported as such, never carried forward
    for candidate in candidates:
        if candidate.rule.credit <= verdict.fraction:
            continue
        try:
            expected = candidate.compute()
        except Exception:  # the earlier answer cannot be used (e.g. a wrong shape): no follow-through
            continue
        if expected.problem is not None or _all_zero(expected.value) or not _matches(item, answers, expected.value, context):
            continue  # an all-zero recomputation (H = 0, so z = 0) rewards no work: never carried forward
        names = ", ".join(f"`{name}`" for name, _ in candidate.sources)
        items = ", ".join(sorted({owner for _, owner in candidate.sources}))
        earlier = "answer" if len(candidate.sources) == 1 else "answers"
        feedback = (f"Your answer is not the expected one, but it is right given your own earlier {earlier} {names} "
                    f"(item {items}), which {'is' if len(candidate.sources) == 1 else 'are'} not right: follow-through "
                    "credit (the earlier mistake is charged there, not again here).")
        if candidate.rule.credit < 1:
            feedback += f" ({candidate.rule.credit:g} of the points.)"
        if candidate.rule.feedback:
            feedback += " " + candidate.rule.feedback
        evidence = dict(verdict.evidence)
        evidence["follow_through"] = {"from": [name for name, _ in candidate.sources], "items": sorted({o for _, o in candidate.sources}),
                                      "credit": candidate.rule.credit}
        status = "passed" if candidate.rule.credit >= 1 else ("partial" if candidate.rule.credit > 0 else "failed")
        return Verdict(status=status, fraction=candidate.rule.credit, feedback=feedback,
                       diagnosis="follow_through", evidence=evidence)
    return verdict


def _recognise(item: Item, answers: dict[str, Any], verdict: Verdict, alternatives: Alternatives,
               context: CheckContext) -> Verdict:
    """Is the wrong answer a known mistake, or right for another variant's parameters?

    Alternatives only raise: a match replaces the checker's verdict when it earns at least as much
    (it is the more specific explanation), never when the checker alone gives more.
    """
    alone = _credit(item, verdict)
    for mistake, expected in alternatives.mistakes:
        if expected.problem is None and _matches(item, answers, expected.value, context):
            if mistake.credit < alone:
                return verdict
            return Verdict(status="partial" if mistake.credit > 0 else "failed", fraction=mistake.credit,
                           feedback=mistake.feedback, diagnosis=mistake.name, evidence=verdict.evidence)
    for variant, expected in alternatives.variants:
        if expected.problem is None and _matches(item, answers, expected.value, context):
            share = item.partial_credit.get("other_variant", 0.0)
            if share < alone:
                return verdict
            return Verdict(status="partial" if share > 0 else "failed", fraction=share, diagnosis="other_variant",
                           feedback="This answer is right for another version of the question's numbers, not for "
                                    "yours. Check the numbers in your own copy of the handout.",
                           evidence={"matches_variant": variant})
    return verdict


def _all_zero(value: Any) -> bool:
    """A numeric expected value that is zero everywhere (expressions and other objects are not)."""
    if hasattr(value, "tolist") and not isinstance(value, np.ndarray):
        value = value.tolist()  # SymPy matrices
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return False
    return array.size > 0 and not np.any(array)


def _matches(item: Item, answers: dict[str, Any], expected: Any, context: CheckContext) -> bool:
    try:
        return item.checker.judge(answers, expected, context).status == "passed"
    except Exception:  # an alternative that cannot be compared simply does not match
        return False


def _credit(item: Item, verdict: Verdict) -> float:
    """The share a verdict earns under the rubric's partial-credit rules."""
    if verdict.status == "invalid":
        return 0.0
    fraction = verdict.fraction
    if verdict.diagnosis == TWO_SLIPS:
        # two slips never earn more than one: the rubric's share, capped by each slip's own credit
        slips = verdict.evidence.get("slips") or []
        fraction = max(fraction, two_slips_credit(item.partial_credit, item.repairs, slips))
    elif verdict.diagnosis in item.checker.descriptive_diagnoses:
        pass  # a description of the difference, not a mistake any fix repairs: no credit
    elif verdict.diagnosis and verdict.diagnosis in item.partial_credit:
        # The rubric's share for a recognised mistake is a floor: a checker that already awards
        # more (e.g. most steps of a backward pass right) keeps its own fraction.
        fraction = max(fraction, item.partial_credit[verdict.diagnosis])
    return fraction


def _apply_credit(item: Item, verdict: Verdict) -> ItemReport:
    fraction = _credit(item, verdict)
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
