"""Grading a whole class: ``grade_batch(paths_or_dir, rubric) -> BatchResult``.

What is graded: every ``.py`` / ``.ipynb`` file given or found at the top of a folder (student =
file name), and every sub-folder (student = folder name, or the id in Gradescope's
``submission_metadata.yml`` / ``.json``), whose submission file is found by
:func:`grader.discovery.find_submission_file`.  This covers a folder of files and a Gradescope export alike.

How: one task per distinct submission (identical files of students with the same variant are
graded once), run by an executor (:mod:`grader.executors`; threads by default).  Each task calls
:func:`grader.api.grade` with the rubric object loaded once, so references are computed once per
parameter set, and with a verdict memo shared by the tasks of the batch, so identical answers
are checked once.  A submission that breaks anything -- itself, its child process, a checker,
even the grader -- gets a report saying so; the batch goes on.

Outputs (``output_dir``): ``reports/<student>.json`` (written as each one finishes), then
``scores.csv``, ``summary.json`` and ``summary.html`` (see :mod:`grader.summary`).
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from . import __version__
from .budget import CheckBudget
from .report import Report, RunInfo, SubmissionInfo, to_json
from .rubric import Rubric, load_rubric
from .sandbox.runner import Limits
from .submission import MAX_SUBMISSION_BYTES
from .summary import build_summary, load_reports, report_filename, write_outputs  # report_filename: re-exported

# Finding submissions is its own module; its names stay importable from here.
from .discovery import (  # noqa: F401
    METADATA_NAMES, PREFERRED_NAMES, SUBMISSION_SUFFIXES, BatchEntry, discover, find_submission_file,
    parse_export_yaml, read_export, read_export_metadata, read_folder_metadata, student_id,
    submitter_id,
)


# ---------------------------------------------------------------- one task

@dataclass(frozen=True)
class TaskSettings:
    """The per-batch part of :class:`grader.api.GradeOptions` (picklable, for process and Dask workers)."""

    seed: int | None = None
    limits: Limits = field(default_factory=Limits)
    hide: tuple[str, ...] = ()
    memo: bool = True
    budget: CheckBudget = field(default_factory=CheckBudget)
    term: str | None = None  # the one term every student of the batch is graded on


@dataclass(frozen=True)
class GradeTask:
    student: str  # the student key (selects the variant); the row name may add ~2
    path: str | None
    problem: str | None
    rubric: Rubric
    rubric_digest: str
    settings: TaskSettings


_memos: dict[str, dict] = {}
_prepared: dict[str, dict] = {}
_memo_lock = threading.Lock()


def _memo_for(digest: str, table: dict | None = None) -> dict:
    """A per-rubric table shared by every task in this process (verdicts, or prepared references)."""
    with _memo_lock:
        return (_memos if table is None else table).setdefault(digest, {})


def grade_task(task: GradeTask) -> Report:
    """Grade one submission; never raises (a failure becomes the report's message)."""
    from .api import GradeOptions, grade

    if task.path is None:
        return not_run_report(task.rubric, task.student, "", task.problem or "no submission file", status="not_run",
                              seed=task.settings.seed, term=task.settings.term)
    options = GradeOptions(seed=task.settings.seed, student=task.student, term=task.settings.term, limits=task.settings.limits,
                           hide=list(task.settings.hide), budget=task.settings.budget,
                           verdict_cache=_memo_for(task.rubric_digest) if task.settings.memo else None,
                           prepared_cache=_memo_for(task.rubric_digest, _prepared))
    try:
        return grade(task.path, task.rubric, options=options)
    except Exception as exc:  # noqa: BLE001 -- a grader bug costs this submission, not the batch
        return not_run_report(task.rubric, task.student, Path(task.path).name,
                              f"the grader failed on this submission ({type(exc).__name__}: {exc}); "
                              "tell the course staff", status="grader_error", seed=task.settings.seed,
                              term=task.settings.term)


def not_run_report(rubric: Rubric, student: str | None, file: str, problem: str, *, status: str = "not_run",
                   seed: int | None = None, term: str | None = None) -> Report:
    """A report for a submission that could not be run: each of the student's own term's items says why
    (so its max score is the one the student could have had); manual items stay listed."""
    from .checkers import CheckContext
    from .grading import Alternatives, AnswerProblem, Expected, grade_item
    from .variants import parameters_for, resolve_term, student_key, variant_for

    term = resolve_term(rubric, term)
    key = student_key(rubric, student)
    variant = variant_for(rubric, key, term)
    run_seed = seed if seed is not None else rubric.assignment.seed
    parameters = parameters_for(rubric, variant, term)
    not_graded = AnswerProblem(f"the submission was not graded: {problem}", "error")
    items = [grade_item(item, {}, not_graded, Expected(), Alternatives(),
                        CheckContext(item_id=item.id, seed=run_seed, parameters=parameters))
             for item in rubric.items_for(term)]
    return Report(
        assignment=rubric.assignment.id, title=rubric.assignment.title,
        score=0.0, max_score=round(sum(i.max_score for i in items), 6), seed=run_seed,
        submission=SubmissionInfo(file=file, sha256="", student=key, variant=variant.name if variant else None,
                                  term=term),
        run=RunInfo(status=status, message=problem[:1000]),
        items=items, manual_points=sum(i.points_manual for i in items), grader_version=__version__,
    )


# ---------------------------------------------------------------- progress

class Progress:
    """A one-line progress bar on stderr (a line per 10% when stderr is not a terminal)."""

    def __init__(self, total: int, enabled: bool = True, stream=None):
        self.total, self.done, self.problems = total, 0, 0
        self.enabled = enabled and total > 0
        self.stream = stream or sys.stderr
        self.interactive = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.began = time.monotonic()
        self._last_draw = 0.0
        self._last_decile = 0

    def update(self, report: Report) -> None:
        self.done += 1
        if report.run.status != "finished":
            self.problems += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if self.interactive:
            if now - self._last_draw >= 0.1 or self.done == self.total:
                self._last_draw = now
                self.stream.write("\r" + self.line())
                self.stream.flush()
        else:
            decile = self.done * 10 // self.total
            if decile != self._last_decile:
                self._last_decile = decile
                self.stream.write(self.line() + "\n")
                self.stream.flush()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.began, 1e-9)
        rate = self.done / elapsed
        width = 30
        filled = width * self.done // max(self.total, 1)
        eta = (self.total - self.done) / rate if rate > 0 else 0
        problems = f"  {self.problems} not run normally" if self.problems else ""
        return (f"grading [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}"
                f"  {rate:.1f}/s  eta {int(eta) // 60}:{int(eta) % 60:02d}{problems}")

    def close(self) -> None:
        if self.enabled and self.interactive:
            self.stream.write("\n")
            self.stream.flush()


# ---------------------------------------------------------------- the batch

@dataclass
class BatchResult:
    """Reports by student (sorted), the class summary, and where the files went."""

    rubric: Rubric
    reports: dict[str, Report]
    summary: dict[str, Any]
    output_dir: Path | None
    elapsed: float
    report_files: dict[str, str] = field(default_factory=dict)  # student -> path relative to output_dir
    diff: list[dict[str, Any]] = field(default_factory=list)  # with update=True: the regrade diff (grader.regrade)

    @property
    def submissions_per_second(self) -> float:
        return len(self.reports) / self.elapsed if self.elapsed > 0 else 0.0


def _rubric_and_digest(rubric: str | Path | Rubric) -> tuple[Rubric, str, Path | None]:
    if isinstance(rubric, Rubric):
        return rubric, hashlib.sha256(rubric.model_dump_json().encode()).hexdigest(), None
    path = Path(rubric)
    loaded = load_rubric(path)
    return loaded, hashlib.sha256(loaded.model_dump_json().encode()).hexdigest(), path


def _paths_to_hide(inputs: list[Path], output_dir: Path | None, rubric_path: Path | None) -> tuple[str, ...]:
    """Other students' files, the reports and the rubric are no business of a submission."""
    candidates = [p if p.is_dir() else p.parent for p in inputs]
    if output_dir is not None:
        candidates.append(output_dir)
    if rubric_path is not None:
        candidates.append(rubric_path.parent)
    scratch = Path(tempfile.gettempdir()).resolve()
    hide = []
    for path in candidates:
        path = path.resolve()
        # Never hide a folder holding the child's scratch space or the whole file system.
        if path == Path(path.anchor) or path == scratch or path in scratch.parents or path == Path.home():
            continue
        hide.append(str(path))
    return tuple(sorted(set(hide)))


def grade_batch(paths_or_dir: str | Path | Iterable[str | Path], rubric: str | Path | Rubric, *,
                jobs: int | None = None, executor: Any = None, output_dir: str | Path | None = None,
                progress: bool = True, seed: int | None = None, limits: Limits | None = None,
                memo: bool = True, dedupe: bool = True, term: str | None = None, update: bool = False,
                students: Iterable[str] = (), dry_run: bool = False, diff_stream: Any = None,
                budget: CheckBudget | None = None) -> BatchResult:
    """Grade every submission found; write reports and the class summary when ``output_dir`` is given.

    ``executor``: None or "thread" (default), "process", "dask", or any object with
    ``submit(fn, *args)`` (see :mod:`grader.executors`).  ``jobs``: concurrent submissions
    (default: 2 x cores + 2).  ``memo``: share verdicts of identical answers.  ``dedupe``: grade
    byte-identical files of students with the same variant once.  ``term``: the offering every
    student is graded on (default: the rubric's ``assignment.term``).

    ``update``: regrade into an existing ``output_dir`` only what changed (new or changed files,
    ``students`` named, items whose rubric entry or reference changed -- see :mod:`grader.regrade`),
    keep everybody else's report and the manual grades merged before, and write the regrade diff
    to ``diff_stream`` (and ``regrade.json``) before publishing; ``dry_run``: only the diff.  ``budget``: time and memory
    for each submission's checks (:class:`grader.budget.CheckBudget`).
    """
    from . import regrade
    from .executors import completed, make_executor
    from .variants import resolve_term, variant_for

    began = time.monotonic()
    rubric_obj, digest, rubric_path = _rubric_and_digest(rubric)
    term = resolve_term(rubric_obj, term)
    for item in rubric_obj.items:  # build every item's checker now, not concurrently in the workers
        item.checker
    out = Path(output_dir) if output_dir is not None else None
    if update and out is None:
        raise ValueError("--update needs the output folder of an earlier batch")
    inputs = [Path(paths_or_dir)] if isinstance(paths_or_dir, (str, Path)) else [Path(p) for p in paths_or_dir]
    entries = discover(inputs, rubric_obj.assignment.id, exclude=[out] if out else [], students=rubric_obj.students)
    settings = TaskSettings(seed=seed, limits=limits or Limits(), hide=_paths_to_hide(inputs, out, rubric_path), memo=memo,
                            term=term, budget=budget or CheckBudget())
    fingerprints = regrade.item_fingerprints(rubric_obj, term)

    old_reports: dict[str, Report] = {}
    old_files: dict[str, str] = {}
    old_state = None
    rows: dict[str, dict[str, Any]] = {}
    selection = None
    if update:
        old_state = regrade.load_state(out)
        if (out / "summary.json").is_file():
            old_reports, old_files = load_reports(out)
        rows = dict((old_state or {}).get("rows", {}))
        named = {rubric_obj.students.key(s) for s in students} | set(students)
        selection = regrade.select(entries, old_state, old_reports, fingerprints, term, named)
        given = {e.student for e in entries}
        for row in selection.reasons:  # rows not given now but to regrade: from the file recorded last time
            if row not in given:
                info = rows.get(row, {})
                path = Path(info["path"]) if info.get("path") else None
                if path is not None and path.is_file():
                    entries.append(BatchEntry(student=row, path=path, key=info.get("key") or row,
                                              identity=info.get("identity", "file name"), flags=list(info.get("flags", [])),
                                              submitted_at=info.get("submitted_at"), group=info.get("group")))
        to_grade = [e for e in entries if e.student in selection.reasons]
    else:
        to_grade = entries
    for entry in entries:
        rows[entry.student] = {"key": entry.key, "path": str(entry.path.resolve()) if entry.path else None,
                               "identity": entry.identity, "flags": entry.flags, "submitted_at": entry.submitted_at,
                               "group": entry.group}

    # Identical files of students with the same variant get the same grading: run it once.
    groups: dict[Any, list[BatchEntry]] = {}
    for index, entry in enumerate(to_grade):
        key: Any = index
        if dedupe and entry.path is not None:
            try:
                if entry.path.stat().st_size > MAX_SUBMISSION_BYTES:
                    raise OSError("too large to compare; grade_task reports it")
                content = hashlib.sha256(entry.path.read_bytes()).hexdigest()
                variant = variant_for(rubric_obj, entry.key, term)
                key = (content, variant.name if variant else None, entry.path.suffix)
            except OSError:
                pass
        groups.setdefault(key, []).append(entry)

    reports_dir = None
    if out is not None:
        reports_dir = out / "reports"
        if not dry_run:
            reports_dir.mkdir(parents=True, exist_ok=True)
    write_now = reports_dir is not None and not update  # an update publishes only after its diff
    owned = executor is None or isinstance(executor, str)
    runner = make_executor(executor or "thread", jobs) if owned else executor
    bar = Progress(len(to_grade), enabled=progress)
    reports: dict[str, Report] = {}
    files: dict[str, str] = {}
    try:
        futures = {}
        for members in groups.values():
            first = members[0]
            task = GradeTask(first.key or first.student, str(first.path) if first.path else None, first.problem,
                             rubric_obj, digest, settings)
            futures[runner.submit(grade_task, task)] = members
        for future in completed(list(futures)):
            members = futures[future]
            try:
                graded = future.result()
            except Exception as exc:  # noqa: BLE001 -- the executor lost the task (worker died, ...)
                graded = not_run_report(rubric_obj, members[0].key, members[0].path.name if members[0].path else "",
                                        f"the grading task failed ({type(exc).__name__}: {exc}); grade it again",
                                        status="grader_error", seed=seed, term=term)
            for entry in members:
                report = graded if entry is members[0] else _copy_for(graded, entry)
                reports[entry.student] = report
                if reports_dir is not None:
                    files[entry.student] = f"reports/{report_filename(entry.student)}"
                    if write_now:
                        (out / files[entry.student]).write_text(to_json(report), encoding="utf-8")
                bar.update(report)
    finally:
        bar.close()
        if owned:
            runner.shutdown()

    diff: list[dict[str, Any]] = []
    if update:
        notes = {row: regrade.carry_manual_grades(old_reports.get(row), report) for row, report in reports.items()}
        diff = regrade.diff_reports(old_reports, reports, selection.reasons, notes)
        graded_rows = set(reports)
        text = regrade.render_diff(diff)
        if diff_stream is not None:
            diff_stream.write(text)
            diff_stream.flush()
        merged = dict(old_reports)
        merged.update(reports)
        files = {row: old_files.get(row) or f"reports/{report_filename(row)}" for row in merged} | files
        reports = merged
        rows = {row: info for row, info in rows.items() if row in reports}
    reports = dict(sorted(reports.items()))
    summary = build_summary(rubric_obj, reports, files, rows=rows)
    if out is not None and not dry_run:
        if update:
            for row in diff:
                if row["student"] not in graded_rows:
                    continue  # kept as it was
                target = out / files[row["student"]]
                temporary = target.with_suffix(".json.tmp")
                temporary.write_text(to_json(reports[row["student"]]), encoding="utf-8")
                temporary.replace(target)
            (out / "regrade.json").write_text(json.dumps(diff, indent=2) + "\n", encoding="utf-8")
        write_outputs(out, rubric_obj, reports, summary)
        regrade.write_state(out, {"assignment": rubric_obj.assignment.id, "term": term, "grader_version": __version__,
                                  "items": fingerprints, "rows": rows})
    result = BatchResult(rubric=rubric_obj, reports=reports, summary=summary, output_dir=out,
                         elapsed=time.monotonic() - began, report_files=files)
    result.diff = diff
    return result


def _copy_for(report: Report, entry: BatchEntry) -> Report:
    """The report of an identical submission, re-labelled for another student."""
    copy = report.model_copy(deep=True)
    copy.submission = copy.submission.model_copy(update={"student": entry.key or entry.student,
                                                         "file": entry.path.name if entry.path else ""})
    return copy
