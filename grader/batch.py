"""Grading a whole class: ``grade_batch(paths_or_dir, rubric) -> BatchResult``.

What is graded: every ``.py`` / ``.ipynb`` file given or found at the top of a folder (student =
file name), and every sub-folder (student = folder name, or the id in Gradescope's
``submission_metadata.yml`` / ``.json``), whose submission file is found by
:func:`find_submission_file`.  This covers a folder of files and a Gradescope export alike.

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
import re
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
from .rubric import Rubric, declared_assignment, load_rubric
from .sandbox.runner import Limits
from .submission import MAX_SUBMISSION_BYTES

SUBMISSION_SUFFIXES = (".py", ".ipynb")
PREFERRED_NAMES = ("submission.py", "submission.ipynb")
METADATA_NAMES = ("submission_metadata.yml", "submission_metadata.yaml", "submission_metadata.json")
_SKIPPED_DIRS = {"__pycache__", "__MACOSX", ".ipynb_checkpoints", ".git"}


# ---------------------------------------------------------------- finding submissions

@dataclass
class BatchEntry:
    """One student's submission as found on disk (``path`` None when none could be chosen)."""

    student: str
    path: Path | None
    problem: str | None = None
    submitters: list[dict[str, Any]] = field(default_factory=list)


def student_id(submitters: Iterable[dict[str, Any]]) -> str | None:
    """The id that selects a student's variant: the first submitter's sid, else email, else id or name.

    Gradescope writes keys as ``sid`` (autograder JSON) or ``:sid`` (export YAML); both are read.
    """
    for submitter in submitters:
        if not isinstance(submitter, dict):
            continue
        plain = {str(k).lstrip(":"): v for k, v in submitter.items()}
        for key in ("sid", "email", "id", "name"):
            value = plain.get(key)
            if value not in (None, ""):
                return str(value).strip()
    return None


def find_submission_file(folder: Path, assignment_id: str | None = None) -> tuple[Path | None, str | None]:
    """The file to grade in a student's folder, or why none can be chosen.

    In order: the only candidate; ``submission.py`` / ``submission.ipynb``; the only candidate
    whose ``ASSIGNMENT`` names this assignment.  Anything else is ambiguous and reported, not guessed.
    """
    candidates = sorted(
        (p for p in folder.rglob("*") if p.suffix in SUBMISSION_SUFFIXES and p.is_file()
         and not any(part in _SKIPPED_DIRS or part.startswith(".") for part in p.relative_to(folder).parts)),
        key=lambda p: (len(p.relative_to(folder).parts), str(p)),
    )
    if not candidates:
        return None, "no .py or .ipynb file was submitted"
    if len(candidates) == 1:
        return candidates[0], None
    for path in candidates:
        if path.name in PREFERRED_NAMES:
            return path, None
    if assignment_id:
        declaring = [p for p in candidates if _declares(p, assignment_id)]
        if len(declaring) == 1:
            return declaring[0], None
    names = ", ".join(str(p.relative_to(folder)) for p in candidates[:8])
    return None, (f"several candidate files ({names}) and none is named submission.py or alone declares "
                  f'ASSIGNMENT = "{assignment_id}"; keep one, or name it submission.py')


def _declares(path: Path, assignment_id: str) -> bool:
    from .submission import load_submission

    loaded = load_submission(path)
    return loaded.problem is None and declared_assignment(loaded.text) == assignment_id


def read_folder_metadata(folder: Path) -> list[dict[str, Any]]:
    """Submitters listed in a student folder's own ``submission_metadata.json`` / ``.yml``."""
    for name in METADATA_NAMES:
        path = folder / name
        if path.is_file():
            data = _read_metadata(path)
            if isinstance(data, dict):
                users = data.get("users") or data.get(":submitters") or data.get("submitters") or []
                return [u for u in users if isinstance(u, dict)]
    return []


def read_export_metadata(directory: Path) -> dict[str, list[dict[str, Any]]]:
    """Folder name -> submitters, from a Gradescope export's top-level ``submission_metadata.yml``."""
    for name in METADATA_NAMES:
        path = directory / name
        if path.is_file():
            data = _read_metadata(path)
            if isinstance(data, dict):
                found = {}
                for key, value in data.items():
                    if isinstance(value, dict):
                        users = value.get(":submitters") or value.get("submitters") or value.get("users") or []
                        found[str(key)] = [u for u in users if isinstance(u, dict)]
                return found
    return {}


def _read_metadata(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if path.suffix == ".json":
        try:
            return json.loads(text)
        except ValueError:
            return None
    try:
        import yaml  # optional: PyYAML reads any export; the fallback reads the fields we need

        return yaml.safe_load(text)
    except ImportError:
        return parse_export_yaml(text)
    except Exception:  # noqa: BLE001 -- a malformed file falls back to the line reader
        return parse_export_yaml(text)


_TOP_KEY = re.compile(r"^([^\s#:'\"-][^:]*):\s*$")
_FIELD = re.compile(r"^\s*(-\s+)?:(\w+):\s*(.*?)\s*$")


def parse_export_yaml(text: str) -> dict[str, dict[str, list[dict[str, str]]]]:
    """The submitters of Gradescope's export YAML, without a YAML library.

    The file maps ``submission_<id>:`` to ``:submitters:`` (a list of ``:name:`` / ``:sid:`` /
    ``:email:``) and other keys; only the submitters are read.
    """
    result: dict[str, dict[str, list[dict[str, str]]]] = {}
    current: list[dict[str, str]] | None = None
    in_submitters = False
    for line in text.splitlines():
        top = _TOP_KEY.match(line)
        if top:
            current = []
            result[top.group(1).strip().strip("'\"")] = {":submitters": current}
            in_submitters = False
            continue
        if current is None:
            continue
        stripped = line.strip()
        if line.startswith("  :") and not line.startswith("   "):
            in_submitters = stripped.startswith(":submitters:")
            continue
        match = _FIELD.match(line)
        if in_submitters and match:
            if match.group(1) or not current:
                current.append({})
            current[-1][":" + match.group(2)] = match.group(3).strip("'\"")
    return result


def discover(paths_or_dir: str | Path | Iterable[str | Path], assignment_id: str | None = None,
             exclude: Iterable[Path] = ()) -> list[BatchEntry]:
    """Every submission in the given files and folders, one entry per student."""
    if isinstance(paths_or_dir, (str, Path)):
        paths_or_dir = [paths_or_dir]
    excluded = {Path(p).resolve() for p in exclude}
    entries: list[BatchEntry] = []
    for given in paths_or_dir:
        path = Path(given)
        if path.is_file():
            entries.append(BatchEntry(student=path.stem, path=path))
        elif path.is_dir():
            entries.extend(_discover_dir(path, assignment_id, excluded))
        else:
            entries.append(BatchEntry(student=path.stem or str(path), path=None, problem=f"{path}: no such file or folder"))
    return _unique_students(entries)


def _discover_dir(directory: Path, assignment_id: str | None, excluded: set[Path]) -> list[BatchEntry]:
    export = read_export_metadata(directory)
    entries = []
    for child in sorted(directory.iterdir()):
        if child.resolve() in excluded or child.name.startswith(".") or child.name in _SKIPPED_DIRS:
            continue
        if child.is_dir() and (child / "summary.json").is_file() and (child / "reports").is_dir():
            continue  # the output of an earlier batch, not a student
        if child.is_file() and child.suffix in SUBMISSION_SUFFIXES:
            entries.append(BatchEntry(student=child.stem, path=child))
        elif child.is_dir():
            submitters = export.get(child.name) or read_folder_metadata(child)
            path, problem = find_submission_file(child, assignment_id)
            entries.append(BatchEntry(student=student_id(submitters) or child.name, path=path, problem=problem,
                                      submitters=submitters))
    return entries


def _unique_students(entries: list[BatchEntry]) -> list[BatchEntry]:
    seen: dict[str, int] = {}
    for entry in entries:
        count = seen.get(entry.student, 0) + 1
        seen[entry.student] = count
        if count > 1:  # two files of one student (alice.py, alice.ipynb): both graded, neither lost
            entry.student = f"{entry.student}~{count}"
    return entries


def report_filename(student: str) -> str:
    """A safe, stable file name for a student's report."""
    safe = re.sub(r"[^A-Za-z0-9_.@~+-]", "_", student).strip(".") or "student"
    if safe != student:  # keep names of different students apart after cleaning
        safe += "-" + hashlib.sha256(student.encode()).hexdigest()[:6]
    return safe[:120] + ".json"


# ---------------------------------------------------------------- one task

@dataclass(frozen=True)
class TaskSettings:
    """The per-batch part of :class:`grader.api.GradeOptions` (picklable, for process and Dask workers)."""

    seed: int | None = None
    limits: Limits = field(default_factory=Limits)
    hide: tuple[str, ...] = ()
    memo: bool = True
    budget: CheckBudget = field(default_factory=CheckBudget)


@dataclass(frozen=True)
class GradeTask:
    student: str
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
                              seed=task.settings.seed)
    options = GradeOptions(seed=task.settings.seed, student=task.student, limits=task.settings.limits,
                           hide=list(task.settings.hide), budget=task.settings.budget,
                           verdict_cache=_memo_for(task.rubric_digest) if task.settings.memo else None,
                           prepared_cache=_memo_for(task.rubric_digest, _prepared))
    try:
        return grade(task.path, task.rubric, options=options)
    except Exception as exc:  # noqa: BLE001 -- a grader bug costs this submission, not the batch
        return not_run_report(task.rubric, task.student, Path(task.path).name,
                              f"the grader failed on this submission ({type(exc).__name__}: {exc}); "
                              "tell the course staff", status="grader_error", seed=task.settings.seed)


def not_run_report(rubric: Rubric, student: str | None, file: str, problem: str, *, status: str = "not_run",
                   seed: int | None = None) -> Report:
    """A report for a submission that could not be run: every item says why; manual items stay listed."""
    from .checkers import CheckContext
    from .grading import Alternatives, AnswerProblem, Expected, grade_item
    from .variants import parameters_for, variant_for

    variant = variant_for(rubric, student)
    run_seed = seed if seed is not None else rubric.assignment.seed
    parameters = parameters_for(rubric, variant)
    not_graded = AnswerProblem(f"the submission was not graded: {problem}", "error")
    items = [grade_item(item, {}, not_graded, Expected(), Alternatives(),
                        CheckContext(item_id=item.id, seed=run_seed, parameters=parameters))
             for item in rubric.items]
    return Report(
        assignment=rubric.assignment.id, title=rubric.assignment.title,
        score=0.0, max_score=round(sum(i.max_score for i in items), 6), seed=run_seed,
        submission=SubmissionInfo(file=file, sha256="", student=student, variant=variant.name if variant else None),
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
                memo: bool = True, dedupe: bool = True, budget: CheckBudget | None = None) -> BatchResult:
    """Grade every submission found; write reports and the class summary when ``output_dir`` is given.

    ``executor``: None or "thread" (default), "process", "dask", or any object with
    ``submit(fn, *args)`` (see :mod:`grader.executors`).  ``jobs``: concurrent submissions
    (default: 2 x cores + 2).  ``memo``: share verdicts of identical answers.  ``dedupe``: grade
    byte-identical files of students with the same variant once.  ``budget``: time and memory for
    each submission's checks (:class:`grader.budget.CheckBudget`).
    """
    from .executors import completed, make_executor
    from .summary import write_outputs
    from .variants import variant_for

    began = time.monotonic()
    rubric_obj, digest, rubric_path = _rubric_and_digest(rubric)
    for item in rubric_obj.items:  # load every checker kind now, not concurrently in the workers
        item.checker
    out = Path(output_dir) if output_dir is not None else None
    inputs = [Path(paths_or_dir)] if isinstance(paths_or_dir, (str, Path)) else [Path(p) for p in paths_or_dir]
    entries = discover(inputs, rubric_obj.assignment.id, exclude=[out] if out else [])
    settings = TaskSettings(seed=seed, limits=limits or Limits(), hide=_paths_to_hide(inputs, out, rubric_path), memo=memo,
                            budget=budget or CheckBudget())

    # Identical files of students with the same variant get the same grading: run it once.
    groups: dict[Any, list[BatchEntry]] = {}
    for index, entry in enumerate(entries):
        key: Any = index
        if dedupe and entry.path is not None:
            try:
                if entry.path.stat().st_size > MAX_SUBMISSION_BYTES:
                    raise OSError("too large to compare; grade_task reports it")
                content = hashlib.sha256(entry.path.read_bytes()).hexdigest()
                variant = variant_for(rubric_obj, entry.student)
                key = (content, variant.name if variant else None, entry.path.suffix)
            except OSError:
                pass
        groups.setdefault(key, []).append(entry)

    reports_dir = None
    if out is not None:
        reports_dir = out / "reports"
        reports_dir.mkdir(parents=True, exist_ok=True)
    owned = executor is None or isinstance(executor, str)
    runner = make_executor(executor or "thread", jobs) if owned else executor
    bar = Progress(len(entries), enabled=progress)
    reports: dict[str, Report] = {}
    files: dict[str, str] = {}
    try:
        futures = {}
        for members in groups.values():
            first = members[0]
            task = GradeTask(first.student, str(first.path) if first.path else None, first.problem, rubric_obj, digest, settings)
            futures[runner.submit(grade_task, task)] = members
        for future in completed(list(futures)):
            members = futures[future]
            try:
                graded = future.result()
            except Exception as exc:  # noqa: BLE001 -- the executor lost the task (worker died, ...)
                graded = not_run_report(rubric_obj, members[0].student, members[0].path.name if members[0].path else "",
                                        f"the grading task failed ({type(exc).__name__}: {exc}); grade it again",
                                        status="grader_error", seed=seed)
            for entry in members:
                report = graded if entry is members[0] else _copy_for(graded, entry)
                reports[entry.student] = report
                if reports_dir is not None:
                    name = report_filename(entry.student)
                    (reports_dir / name).write_text(to_json(report), encoding="utf-8")
                    files[entry.student] = f"reports/{name}"
                bar.update(report)
    finally:
        bar.close()
        if owned:
            runner.shutdown()
    reports = dict(sorted(reports.items()))
    from .summary import build_summary

    summary = build_summary(rubric_obj, reports, files)
    if out is not None:
        write_outputs(out, rubric_obj, reports, summary)
    return BatchResult(rubric=rubric_obj, reports=reports, summary=summary, output_dir=out,
                       elapsed=time.monotonic() - began, report_files=files)


def _copy_for(report: Report, entry: BatchEntry) -> Report:
    """The report of an identical submission, re-labelled for another student."""
    copy = report.model_copy(deep=True)
    copy.submission = copy.submission.model_copy(update={"student": entry.student,
                                                         "file": entry.path.name if entry.path else ""})
    return copy
