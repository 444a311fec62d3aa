"""The Python API: ``grade(submission, rubric, seed=...) -> Report``, and ``prepare(rubric, variant)``,
the frozen :class:`Prepared` that grading computes from the rubric before it sees a submission.

Stages, each in its own module:
load rubric (:mod:`grader.rubric`) -> run submission in isolation
(:mod:`grader.sandbox.runner`) -> validate answers (:mod:`grader.answers`) ->
check each item (:mod:`grader.grading`, :mod:`grader.checkers`) -> report
(:mod:`grader.report`).  The CLI only wraps this.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import threading
import time
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping, MutableMapping

import numpy as np

from . import __version__
from .answers import (ChannelError, ChildAnswers, FunctionRef, StatementError, UnsupportedValue, adopt_near_names,
                      parse_channel)
from .budget import AFTER_FORK, CheckBudget, CheckJob, check_all
from .checkers import CheckContext
from .grading import (Alternatives, Expected, FollowThroughCandidate, answer_key, collect_answers, follow_through_key,
                      grade_item, over_budget_report)
from .references import ReferenceFailure, call_arguments, evaluate, reference_locations, resolve
from .report import ItemReport, Report, RunInfo, StatementProblem, SubmissionInfo
from .statements import Note, Reading, read_submission
from .rubric import Item, ReferenceCall, Rubric, RubricError, VariantSet, declared_assignment, find_rubric, load_rubric
from .sandbox.child.protocol import TAG_ARRAY
from .sandbox.runner import Limits, RunHandle, RunOutcome, SandboxConfig, start
from .submission import Submission, load_submission
from .variants import other_parameter_sets, parameters_for, resolve_term, roster_term, student_key, variant_for


@dataclass
class GradeOptions:
    """Everything about a run that is not the submission or the rubric."""

    seed: int | None = None
    student: str | None = None  # any form of the id: normalised into the student key (grader.variants.student_key)
    term: str | None = None  # the offering graded; None: the rubric's assignment.term (or its only term)
    limits: Limits = field(default_factory=Limits)
    sandbox: SandboxConfig | None = None
    visible_only: bool = False
    hide: list[str] = field(default_factory=list)  # extra paths the child must not read (e.g. results dir)
    # Shared by the submissions of a batch: item verdicts by grading.answer_key (same rubric only).
    verdict_cache: MutableMapping[str, ItemReport] | None = None
    # Shared by the submissions of a batch: what prepare() computes, per term and variant.
    prepared_cache: MutableMapping[str, Prepared] | None = None
    # Time and memory the grader may spend checking this submission's answers (grader.budget).
    budget: CheckBudget = field(default_factory=CheckBudget)
    # For benchmarks: receives (item id, wall seconds, CPU seconds) of every check (in the grading
    # process for bounded kinds, then those run in the worker).
    check_timings: list[tuple[str, float, float]] | None = None
    # A child the caller started already with these limits (`grader run` starts it before importing
    # numpy and SymPy, so both interpreters start at once); used by one grade() call.
    started: RunHandle | None = None


@dataclass(frozen=True)
class Prepared:
    """Everything grading needs from a rubric for one term and variant, before any submission is seen:
    computed once by :func:`prepare` and shared, read-only, by every submission of that variant."""

    term: str | None  # the term graded (None: a rubric without terms)
    variant: str | None  # the variant's name (None: the rubric's own parameters)
    parameters: Mapping[str, Any]  # the rubric's parameters, then the term's, then the variant's
    items: tuple[Item, ...]  # the items a student of this term answers, in rubric order
    probes: Mapping[str, list]  # item id -> the argument lists its function answer is called with
    calls: tuple[dict, ...]  # those calls as sent to the submission's child
    expected: Mapping[str, Expected]  # item id -> expected value (or the reference's problem)
    alternatives: Mapping[str, Alternatives]  # item id -> known mistakes and other variants' values (computed on first use)


def prepare(rubric: str | Path | Rubric, variant_or_student: VariantSet | str | None = None,
            term: str | None = None) -> Prepared:
    """What grading a submission of ``variant_or_student`` (a variant, or any form of a student id;
    None: the default variant) computes from ``rubric`` before it sees the submission.

    ``grade()`` uses the same computation, so its expected values, probes and alternatives are these."""
    rubric_obj = rubric if isinstance(rubric, Rubric) else load_rubric(Path(rubric))
    term_name = resolve_term(rubric_obj, term)
    if isinstance(variant_or_student, VariantSet):
        variant = variant_or_student
    else:
        variant = variant_for(rubric_obj, student_key(rubric_obj, variant_or_student), term_name)
    return _prepare(rubric_obj, term_name, variant, parameters_for(rubric_obj, variant, term_name))


def _prepare(rubric: Rubric, term: str | None, variant: VariantSet | None, parameters: dict[str, Any],
             probes_ready: Callable[[tuple[dict, ...]], None] | None = None) -> Prepared:
    """:func:`prepare` for a resolved term and variant.  ``probes_ready`` gets the calls as soon as they are
    known, before the expected values: grade() starts the child with them, so both run at once."""
    applicable = tuple(rubric.items_for(term))
    probes, calls = _probes(list(applicable), parameters)
    if probes_ready is not None:
        probes_ready(tuple(calls))
    expected = {item.id: compute_expected(item.reference_call(), parameters) for item in applicable}
    alternatives = {item.id: _LazyAlternatives(item, rubric, parameters, variant, term) for item in applicable}
    return Prepared(term=term, variant=variant.name if variant else None, parameters=MappingProxyType(parameters),
                    items=applicable, probes=MappingProxyType(probes), calls=tuple(calls),
                    expected=MappingProxyType(expected), alternatives=MappingProxyType(alternatives))


def resolve_rubric(rubric: str | Path | Rubric | None, submission: Submission) -> tuple[Rubric, Path | None]:
    if isinstance(rubric, Rubric):
        return rubric, None
    if rubric is None:
        assignment = declared_assignment(submission.text)
        if assignment is None:
            raise RubricError(f"{submission.path}: no ASSIGNMENT = \"...\" line and no --rubric given")
        rubric = find_rubric(assignment)
    path = Path(rubric)
    return load_rubric(path), path


def _sandbox_config(options: GradeOptions, rubric_path: Path | None) -> SandboxConfig:
    config = replace(options.sandbox or SandboxConfig())
    package = Path(__file__).resolve().parent
    hide = {str(package)} | {str(Path(p).resolve()) for p in options.hide} | set(config.hide)
    if (package.parent / "pyproject.toml").exists():
        # A source checkout also holds example answers and rubrics: hide all of it.  An installed
        # grader sits in site-packages, which must stay readable for lazy imports of numpy.
        hide.add(str(package.parent))
    hide.update(reference_locations())  # the shipped references and every course's own
    if rubric_path is not None:
        hide.add(str(rubric_path.resolve().parent))
    config.hide = sorted(hide)
    return config


def compute_expected(call: ReferenceCall | None, parameters: dict[str, Any]) -> Expected:
    if call is None:
        return Expected()
    try:
        return Expected(value=evaluate(call, parameters))
    except ReferenceFailure as exc:
        return Expected(problem=str(exc))


def expected_values(rubric: Rubric, student: str | None = None, term: str | None = None) -> dict[str, Expected]:
    """Each applicable item's expected value for ``student``'s variant (for audits such as the
    test that no feedback gives an expected answer away; grading computes the same values)."""
    term_name = resolve_term(rubric, term)
    variant = variant_for(rubric, student_key(rubric, student), term_name)
    parameters = parameters_for(rubric, variant, term_name)
    return {item.id: compute_expected(item.reference_call(), parameters) for item in rubric.items_for(term_name)}


def _alternatives(item: Item, rubric: Rubric, parameters: dict[str, Any], variant, term: str | None = None) -> Alternatives:
    alternatives = Alternatives()
    for mistake in item.mistakes:
        alternatives.mistakes.append((mistake, compute_expected(mistake, parameters)))
    call = item.reference_call()
    seen: list[Any] = []
    for name, other_parameters in other_parameter_sets(rubric, term, variant):
        if call is not None and _uses_changed_parameters(call, parameters, other_parameters):
            arguments = _arguments(call, other_parameters)
            if arguments is not None and arguments in seen:
                continue  # another term's variant with the same numbers: one label is enough
            seen.append(arguments)
            alternatives.variants.append((name, compute_expected(call, other_parameters)))
    return alternatives


def _arguments(call: ReferenceCall, parameters: dict[str, Any]) -> Any:
    try:
        return call_arguments(call, parameters)
    except Exception:
        return None


class _LazyAlternatives(Alternatives):
    """An item's alternatives, computed the first time a wrong answer needs them.

    Known mistakes and other variants are only tried for an answer that failed, so a complete
    submission never pays for their references.  Shared by the threads of a batch (the prepared
    cache): computed under one lock, so each is computed once."""

    _lock = threading.Lock()

    @classmethod
    def _new_lock(cls) -> None:
        # A check worker is forked from a batch's thread; another thread may hold the lock then.
        cls._lock = threading.Lock()

    def __init__(self, item: Item, rubric: Rubric, parameters: dict[str, Any], variant, term: str | None = None):
        self._arguments = (item, rubric, parameters, variant, term)
        self._computed: Alternatives | None = None

    def _get(self) -> Alternatives:
        if self._computed is None:
            with self._lock:
                if self._computed is None:
                    self._computed = _alternatives(*self._arguments)
        return self._computed

    @property
    def mistakes(self):  # type: ignore[override]
        return self._get().mistakes

    @property
    def variants(self):  # type: ignore[override]
        return self._get().variants


AFTER_FORK.append(_LazyAlternatives._new_lock)


def _uses_changed_parameters(call: ReferenceCall, mine: dict, theirs: dict) -> bool:
    try:
        return call_arguments(call, mine) != call_arguments(call, theirs)
    except Exception:
        return False


def _probes(items: list[Item], parameters: dict[str, Any]) -> tuple[dict[str, list], list[dict]]:
    probes: dict[str, list] = {}
    calls: list[dict] = []
    for item in items:
        if item.probe is None:
            continue
        expected = compute_expected(item.probe, parameters)
        if expected.problem is not None or not isinstance(expected.value, list):
            continue
        inputs = [list(args) for args in expected.value]
        probes[item.id] = inputs
        for index, args in enumerate(inputs):
            calls.append({"id": f"{item.id}:{index}", "name": item.answers[0], "args": [_wire(a) for a in args]})
    return probes, calls


def _wire(value: Any) -> Any:
    """A probe input as the protocol carries it."""
    if isinstance(value, np.ndarray):
        return {TAG_ARRAY: value.tolist()}
    return value


def _run_problem(outcome: RunOutcome | None, channel_error: str | None) -> str | None:
    if outcome is None:
        return None
    if outcome.status != "finished":
        return outcome.message
    if channel_error:
        return f"the submission's answers could not be read ({channel_error})"
    return None


def submission_flags(rubric: Rubric, text: str, key: str | None, term: str | None) -> list[str]:
    """What staff should look at before trusting this grade (also shown to the student)."""
    flags = []
    declared = declared_assignment(text)
    if declared is not None and declared != rubric.assignment.id:
        flags.append(f"wrong_assignment: the file says ASSIGNMENT = \"{declared}\" but was graded as "
                     f"\"{rubric.assignment.id}\"; check that the right file was submitted to the right assignment")
    listed = roster_term(rubric, key)
    if listed is not None and term is not None and listed != term:
        flags.append(f"other_term: the roster of term {listed} lists this student, who was graded on term {term}")
    return flags


def answers_digest(child: ChildAnswers | None) -> str:
    """A fingerprint of the answer values a submission sent ('' when none): equal sets of answers are flagged."""
    if child is None or not child.values:
        return ""
    try:
        text = json.dumps({k: repr(v) for k, v in sorted(child.values.items())}, sort_keys=True)
    except Exception:  # noqa: BLE001 -- a digest is a courtesy, never a failure
        return ""
    return hashlib.sha256(text.encode()).hexdigest()


def grade(submission: str | Path, rubric: str | Path | Rubric | None = None, *, seed: int | None = None,
          student: str | None = None, term: str | None = None, options: GradeOptions | None = None) -> Report:
    """Grade one submission file.  Raises RubricError only when no rubric (or term) can be chosen.

    The caller's ``options`` are left as they are (the batch caches in them are shared on purpose)."""
    began = time.monotonic()
    given = {name: value for name, value in (("seed", seed), ("student", student), ("term", term)) if value is not None}
    handle = options.started if options is not None else None  # a started child is used by this call only
    options = replace(options or GradeOptions(), **given, started=None)
    loaded = load_submission(submission)
    if loaded.problem is None:
        if handle is None:
            handle = start(options.limits, replace(options.sandbox or SandboxConfig()))  # preloads numpy while we prepare
    elif handle is not None:  # nothing to run
        release(handle)
        handle = None
    try:
        rubric_obj, rubric_path = resolve_rubric(rubric, loaded)
        term_name = resolve_term(rubric_obj, options.term)
    except Exception:
        if handle is not None:
            release(handle)
        raise
    if handle is not None:
        handle.config.hide = _sandbox_config(options, rubric_path).hide
    the_student = student_key(rubric_obj, options.student)
    variant = variant_for(rubric_obj, the_student, term_name)
    variant_name = variant.name if variant else None
    parameters = parameters_for(rubric_obj, variant, term_name)
    run_seed = options.seed if options.seed is not None else rubric_obj.assignment.seed
    variant_key = f"{term_name or ''}\0{variant_name or ''}"
    prepared = options.prepared_cache.get(variant_key) if options.prepared_cache is not None else None
    reading = read_submission(loaded.source, loaded.cells) if loaded.problem is None else Reading()
    reading.notes[:0] = [Note(note) for note in loaded.notes]

    def run_child(calls: tuple[dict, ...]) -> None:
        if handle is not None:
            handle.send(None, rubric_obj.answer_names(), calls=list(calls), filename=loaded.path.name,
                        statements=reading.statements)

    if prepared is not None:
        run_child(prepared.calls)
    else:  # the expected values are computed while the child runs
        prepared = _prepare(rubric_obj, term_name, variant, parameters, probes_ready=run_child)
        if options.prepared_cache is not None:
            # Shared by a batch: computed here once, since what a check worker computes stays in it.
            for lazy in prepared.alternatives.values():
                lazy.mistakes
            options.prepared_cache[variant_key] = prepared
    applicable, probes, expected, alternatives = list(prepared.items), prepared.probes, prepared.expected, prepared.alternatives
    outcome = handle.wait() if handle is not None else None
    child, channel_error = _decode(outcome)
    if child is not None:
        child.errors = reading_errors(reading) + child.errors
        reading.notes += [Note(f"read from `{found}`: the template names this answer `{name}`, so name it that way", [name])
                          for name, found in adopt_near_names(child).items()]
    run_problem = loaded.problem and f"the submission was not run: {loaded.problem}"
    run_problem = run_problem or _run_problem(outcome, channel_error)
    items: list[ItemReport | None] = []
    graded: dict[str, ItemReport] = {}  # answer name -> report of the first item that asks for it
    # Checks that may take long run in a budgeted worker (grader.budget), in rubric order, as many at
    # once as possible.  An item whose follow-through sources are still pending is checked on the
    # assumption that they carry no error (true for every right answer); when the verdicts come back
    # and the assumption fails, it and everything after it are checked again with what is known.
    pending: list[tuple[int | None, str | None, Item, CheckJob, bool]] = []  # (position, memo key, item, job, assumed)
    pending_names: set[str] = set()
    worker_timings: list[tuple[float, float]] | None = [] if options.check_timings is not None else None

    def place(position: int | None, shown: bool, report: ItemReport | None) -> int | None:
        if position is not None:
            items[position] = report
            return position
        if not shown:
            return None
        items.append(report)
        return len(items) - 1

    def schedule(item: Item, position: int | None = None) -> None:
        if pending_names & set(item.answers):
            check_pending()  # another item with the same answer name is pending: its verdict comes first
        shown = not (options.visible_only and item.visibility != "visible")
        answers, problem = collect_answers(item, child, run_problem, probes)
        in_process = problem is not None or not item.checker.automatic or expected[item.id].problem is not None \
            or item.checker.bounded  # nothing to compute, or a cost bounded by the validated answer's size
        if in_process and pending_names & set(item.follow_through_answers()):
            check_pending()  # checked here at once: the verdicts it depends on come first
        assumed = bool(pending_names & set(item.follow_through_answers()))
        carried = [] if assumed else follow_through_candidates(item, rubric_obj, child, graded, parameters)
        key = None
        if options.verdict_cache is not None and problem is None and item.checker.automatic:
            key = answer_key(item, answers, f"{variant_key}\0{run_seed}\0{follow_through_key(carried, child.values if child else {})}")
            if key is not None and key in options.verdict_cache and not assumed:
                report = options.verdict_cache[key].model_copy(deep=True)
                _remember(graded, item, report)
                place(position, shown, _with_reading_notes(report, reading) if shown else None)
                return
        context = CheckContext(item_id=item.id, seed=run_seed, parameters=parameters)
        arguments = (item, answers, problem, expected[item.id], alternatives[item.id], context, carried)
        if in_process:
            began_wall, began_cpu = time.monotonic(), time.process_time()
            report = grade_item(*arguments)
            if options.check_timings is not None and problem is None and item.checker.automatic:
                options.check_timings.append((item.id, time.monotonic() - began_wall, time.process_time() - began_cpu))
            _remember(graded, item, report)
            if key is not None:
                options.verdict_cache[key] = report
            place(position, shown, _with_reading_notes(report, reading) if shown else None)
            return
        pending.append((place(position, shown, None), key, item,
                        CheckJob(run=partial(grade_item, *arguments), over_budget=partial(over_budget_report, item),
                                 seconds=item.check_seconds), assumed))
        pending_names.update(item.answers)

    def check_pending() -> None:
        batch = list(pending)
        pending.clear()
        pending_names.clear()
        first = len(worker_timings) if worker_timings is not None else 0
        reports = check_all([entry[3] for entry in batch], options.budget, worker_timings)
        if worker_timings is not None:
            options.check_timings.extend((entry[2].id, *timing) for entry, timing in zip(batch, worker_timings[first:]))
        for index, ((position, key, item, _, assumed), report) in enumerate(zip(batch, reports)):
            if assumed and follow_through_candidates(item, rubric_obj, child, graded, parameters):
                for position_again, _, item_again, _, _ in batch[index:]:  # the assumption failed: check again
                    schedule(item_again, position_again)
                return
            if key is not None:  # an assumption that held: the key is the one the real inputs give
                options.verdict_cache[key] = report
            _remember(graded, item, report)
            if position is not None:
                items[position] = _with_reading_notes(report, reading)

    for item in applicable:
        if options.visible_only and item.visibility != "visible" and not _feeds_follow_through(item, applicable):
            continue
        schedule(item)
    while pending:
        check_pending()
    return Report(
        assignment=rubric_obj.assignment.id,
        title=rubric_obj.assignment.title,
        score=round(sum(i.score for i in items), 6),
        max_score=round(sum(i.max_score for i in items), 6),
        seed=run_seed,
        submission=SubmissionInfo(file=loaded.path.name, sha256=loaded.sha256, student=the_student,
                                  variant=variant_name, term=term_name,
                                  flags=submission_flags(rubric_obj, loaded.text, the_student, term_name),
                                  answers_sha256=answers_digest(child)),
        run=_run_info(outcome, child, loaded, reading, rubric_obj.answer_names()),
        items=items,
        manual_points=sum(i.points_manual for i in items),
        execution_time=time.monotonic() - began,
        grader_version=__version__,
    )


def reading_errors(reading: Reading) -> list[StatementError]:
    """What could not be read, in the form of the child's failed statements (it never ran)."""
    return [StatementError(line=p.line, kind=p.kind, message=p.message[:2000], targets=p.targets[:200], cell=p.cell)
            for p in reading.problems]


def _with_reading_notes(item: ItemReport, reading: Reading) -> ItemReport:
    notes = [n.message for n in reading.notes if set(n.targets) & set(item.answers)]
    if not notes:
        return item
    return item.model_copy(update={"feedback": item.feedback + "\n" + " ".join(f"({n}.)" for n in notes)})


def _remember(graded: dict[str, ItemReport], item: Item, report: ItemReport) -> None:
    for name in item.answers:
        graded.setdefault(name, report)


def _feeds_follow_through(item: Item, items: list[Item]) -> bool:
    """A hidden item still has to be graded when a later item's follow-through depends on its verdict."""
    used = {name for other in items for name in other.follow_through_answers()}
    return any(name in used for name in item.answers)


def follow_through_candidates(item: Item, rubric: Rubric, child: ChildAnswers | None, graded: dict[str, ItemReport],
                              parameters: dict[str, Any]) -> list[FollowThroughCandidate]:
    """The item's follow-through rules that apply: every earlier answer they name was graded and can be
    used as data, and at least one of them was graded wrong (its item failed or earned partial credit).

    An answer that could not be read (invalid, missing) or is a function is never used; a right one
    used together with a wrong one changes nothing (it agrees with the reference).  An answer that
    earned follow-through credit itself counts as carrying the error on (a chain z3 -> y_hat -> loss)."""
    if not item.follow_through or child is None:
        return []
    candidates = []
    for rule in item.follow_through:
        sources: list[tuple[str, str]] = []
        values: dict[str, Any] = {}
        for argument, name in rule.using.items():
            report = graded.get(name)
            value = child.values.get(name)
            if report is None or report.status not in ("passed", "failed", "partial") or value is None \
                    or isinstance(value, (UnsupportedValue, FunctionRef)):
                break
            if report.status != "passed" or report.diagnosis == "follow_through":
                # wrong, or itself right only given an earlier wrong answer: the error is carried on
                sources.append((name, report.id))
            values[argument] = value
        else:
            if not sources:
                continue  # every earlier answer was right: nothing was carried forward
            candidates.append(FollowThroughCandidate(
                rule=rule, sources=sources,
                compute=lambda rule=rule, values=values: _recompute(item, rule, values, parameters)))
    return candidates


def _recompute(item: Item, rule, values: dict[str, Any], parameters: dict[str, Any]) -> Expected:
    """The item's expected value with the student's earlier answers in place of some reference arguments."""
    reference = rule.reference or item.reference
    try:
        accepted = set(inspect.signature(resolve(reference)).parameters)
    except (ReferenceFailure, TypeError, ValueError) as exc:
        return Expected(problem=str(exc))
    overlay = dict(parameters)
    args = {k: v for k, v in {**item.args, **rule.args}.items() if k in accepted and k not in values}
    constants = {k: v for k, v in {**item.constants, **rule.constants}.items() if k in accepted and k not in values}
    for argument, value in values.items():
        slot = f"__follow_through__{argument}"
        overlay[slot] = _as_data(value)
        args[argument] = slot
    call = ReferenceCall(reference=reference, args=args, constants=constants)
    call._course_references = item._course_references  # the course's own reference package, as for the item
    return compute_expected(call, overlay)


def _as_data(value: Any) -> Any:
    """A validated answer as plain data for a reference function: arrays as nested lists, numbers kept exact."""
    if isinstance(value, np.ndarray):
        return _as_data(value.tolist())
    if isinstance(value, (list, tuple)):
        return [_as_data(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def release(handle: RunHandle) -> None:
    """End a started child that will not be given a submission."""
    handle.send("", [])
    handle.wait()


def _decode(outcome: RunOutcome | None) -> tuple[ChildAnswers | None, str | None]:
    if outcome is None:
        return None, None
    if outcome.channel_overflow:
        return None, "the answers were larger than the limit"
    if outcome.channel is None:
        return None, "no answers were sent" if outcome.status == "finished" else None
    try:
        return parse_channel(outcome.channel), None
    except ChannelError as exc:
        return None, str(exc)


def _run_info(outcome: RunOutcome | None, child: ChildAnswers | None, loaded: Submission, reading: Reading,
              answer_names: list[str]) -> RunInfo:
    if outcome is None:
        return RunInfo(status="not_run", message=loaded.problem or "")
    errors = child.errors if child else reading_errors(reading)
    names = set(answer_names)
    problems = [StatementProblem(line=e.line, kind=e.kind, message=e.message, cell=e.cell,
                                 lost=[t for t in e.targets if t in names]) for e in errors]
    problems.sort(key=lambda p: (p.cell or 0, p.line))
    return RunInfo(status=outcome.status, message=outcome.message, duration=round(outcome.duration, 3),
                   layers=outcome.layers, stdout=outcome.stdout, stderr=outcome.stderr,
                   output_truncated=outcome.output_truncated, problems=problems, notes=[n.message for n in reading.notes])
