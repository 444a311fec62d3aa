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
from .summary import build_summary, load_reports, report_filename, write_outputs  # report_filename: re-exported

SUBMISSION_SUFFIXES = (".py", ".ipynb")
PREFERRED_NAMES = ("submission.py", "submission.ipynb")
METADATA_NAMES = ("submission_metadata.yml", "submission_metadata.yaml", "submission_metadata.json")
_SKIPPED_DIRS = {"__pycache__", "__MACOSX", ".ipynb_checkpoints", ".git"}


# ---------------------------------------------------------------- finding submissions

@dataclass
class BatchEntry:
    """One row of the class: a student and the submission graded for them (``path`` None when none could be chosen).

    ``student`` is the row's name: the student key, with ``~2``, ``~3`` for further submissions of the
    same key (both graded, neither lost, flagged).  ``key`` is the normalised student key: it alone
    selects the variant, so a duplicate keeps its original variant.  Every member of a group
    submission gets a row of their own (same file, their own key and variant).
    """

    student: str
    path: Path | None
    problem: str | None = None
    submitters: list[dict[str, Any]] = field(default_factory=list)
    key: str | None = None
    identity: str = "file name"  # where the key came from: export metadata, folder name or file name
    flags: list[str] = field(default_factory=list)
    submitted_at: str | None = None  # Gradescope's created_at, for a late policy
    group: str | None = None  # the export's submission id, shared by the members of a group submission

    def __post_init__(self) -> None:
        if self.key is None:
            self.key = self.student


_IDENTITY_FIELDS = ("sid", "email", "id", "name")


def _plain(submitter: dict[str, Any]) -> dict[str, Any]:
    return {str(k).lstrip(":"): v for k, v in submitter.items()}


def submitter_id(submitter: dict[str, Any], prefer: str = "sid") -> str | None:
    """One submitter's id: ``prefer`` (sid or email) first, then the other, then id, then name."""
    if not isinstance(submitter, dict):
        return None
    plain = _plain(submitter)
    order = (prefer,) + tuple(f for f in _IDENTITY_FIELDS if f != prefer)
    for key in order:
        value = plain.get(key)
        if value not in (None, ""):
            return str(value).strip()
    return None


def student_id(submitters: Iterable[dict[str, Any]], prefer: str = "sid") -> str | None:
    """The id of the first submitter that has one: sid, else email, else id or name (``prefer`` first).

    Gradescope writes keys as ``sid`` (autograder JSON) or ``:sid`` (export YAML); both are read.
    """
    for submitter in submitters:
        found = submitter_id(submitter, prefer)
        if found is not None:
            return found
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
    """Submitters claimed by a ``submission_metadata.json`` / ``.yml`` inside a student's own folder.

    Such a file is the student's to write: it is never used for identity, only reported when it
    claims someone (see :func:`discover`).  Both shapes are read: the autograder's (``users``) and
    the export's (``submission_<id>: {:submitters: [...]}``)."""
    claimed: list[dict[str, Any]] = []
    for name in METADATA_NAMES:
        path = folder / name
        if not path.is_file():
            continue
        data = _read_metadata(path)
        if not isinstance(data, dict):
            continue
        users = data.get("users") or data.get(":submitters") or data.get("submitters")
        if users is None:
            users = [u for value in data.values() if isinstance(value, dict)
                     for u in (value.get(":submitters") or value.get("submitters") or value.get("users") or [])]
        claimed += [u for u in users if isinstance(u, dict)] if isinstance(users, list) else []
    return claimed


def read_export_metadata(directory: Path) -> dict[str, list[dict[str, Any]]]:
    """Folder name -> submitters, from a Gradescope export's top-level ``submission_metadata.yml``."""
    return {folder: entry["submitters"] for folder, entry in read_export(directory).items()}


def read_export(directory: Path) -> dict[str, dict[str, Any]]:
    """Folder name -> {"submitters": [...], "created_at": str | None} from an export's top-level metadata."""
    for name in METADATA_NAMES:
        path = directory / name
        if path.is_file():
            data = _read_metadata(path)
            if isinstance(data, dict):
                found = {}
                for key, value in data.items():
                    if isinstance(value, dict):
                        users = value.get(":submitters") or value.get("submitters") or value.get("users") or []
                        created = value.get(":created_at", value.get("created_at"))
                        found[str(key)] = {"submitters": [u for u in users if isinstance(u, dict)],
                                           "created_at": None if created is None else str(created)}
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


def parse_export_yaml(text: str) -> dict[str, dict[str, Any]]:
    """The submitters (and ``:created_at:``) of Gradescope's export YAML, without a YAML library.

    The file maps ``submission_<id>:`` to ``:submitters:`` (a list of ``:name:`` / ``:sid:`` /
    ``:email:``) and other keys; only the submitters and the submission time are read.
    """
    result: dict[str, dict[str, Any]] = {}
    current: list[dict[str, str]] | None = None
    entry: dict[str, Any] = {}
    in_submitters = False
    for line in text.splitlines():
        top = _TOP_KEY.match(line)
        if top:
            current = []
            entry = {":submitters": current}
            result[top.group(1).strip().strip("'\"")] = entry
            in_submitters = False
            continue
        if current is None:
            continue
        stripped = line.strip()
        if line.startswith("  :") and not line.startswith("   "):
            in_submitters = stripped.startswith(":submitters:")
            if stripped.startswith(":created_at:"):
                entry[":created_at"] = stripped[len(":created_at:"):].strip().strip("'\"")
            continue
        match = _FIELD.match(line)
        if in_submitters and match:
            if match.group(1) or not current:
                current.append({})
            current[-1][":" + match.group(2)] = match.group(3).strip("'\"")
    return result


def discover(paths_or_dir: str | Path | Iterable[str | Path], assignment_id: str | None = None,
             exclude: Iterable[Path] = (), students: Any = None) -> list[BatchEntry]:
    """Every submission in the given files and folders, one entry per student.

    Identity comes from the export-level metadata (a Gradescope export's top-level
    ``submission_metadata.yml``) or from the file / folder name -- never from a file inside a
    student's own folder, which the student wrote.  ``students`` (the rubric's
    :class:`~grader.rubric.StudentKeys`) normalises the ids into keys.
    """
    from .rubric import StudentKeys

    keys = students if students is not None else StudentKeys()
    if isinstance(paths_or_dir, (str, Path)):
        paths_or_dir = [paths_or_dir]
    excluded = {Path(p).resolve() for p in exclude}
    entries: list[BatchEntry] = []
    for given in paths_or_dir:
        path = Path(given)
        if path.is_file():
            entries.append(BatchEntry(student=path.stem, path=path))
        elif path.is_dir():
            entries.extend(_discover_dir(path, assignment_id, excluded, keys.identifier))
        else:
            entries.append(BatchEntry(student=path.stem or str(path), path=None, problem=f"{path}: no such file or folder"))
    for entry in entries:
        entry.key = keys.key(entry.key or entry.student) or entry.student
        entry.student = entry.key
    return _unique_students(entries)


def _discover_dir(directory: Path, assignment_id: str | None, excluded: set[Path], prefer: str = "sid") -> list[BatchEntry]:
    export = read_export(directory)
    entries = []
    for child in sorted(directory.iterdir()):
        if child.resolve() in excluded or child.name.startswith(".") or child.name in _SKIPPED_DIRS:
            continue
        if child.is_dir() and (child / "summary.json").is_file() and (child / "reports").is_dir():
            continue  # the output of an earlier batch, not a student
        if child.is_file() and child.suffix in SUBMISSION_SUFFIXES:
            entries.append(BatchEntry(student=child.stem, path=child))
        elif child.is_dir():
            path, problem = find_submission_file(child, assignment_id)
            claimed = read_folder_metadata(child)  # the student's own file: reported, never believed
            listed = export.get(child.name)
            members = [(submitter_id(s, prefer), s) for s in (listed or {}).get("submitters", [])]
            members = [(sid, s) for sid, s in members if sid is not None]
            if members:
                for sid, submitter in members:
                    entries.append(BatchEntry(student=sid, path=path, problem=problem, submitters=[submitter],
                                              identity="export metadata", submitted_at=listed.get("created_at"),
                                              group=child.name if len(members) > 1 else None))
            else:
                flags = []
                if export:
                    flags.append(f"identity: folder {child.name!r} is not in the export's submission_metadata; "
                                 "its name was used as the student id")
                entries.append(BatchEntry(student=child.name, path=path, problem=problem, identity="folder name",
                                          flags=flags))
            if claimed:
                claim = student_id(claimed, prefer)
                for entry in entries[len(entries) - max(len(members), 1):]:
                    entry.flags.append(f"identity: a metadata file inside folder {child.name!r} claims "
                                       f"{claim!r}; ignored (identity comes from {entry.identity})")
    return entries


def _unique_students(entries: list[BatchEntry]) -> list[BatchEntry]:
    """Further submissions of one key get rows ``key~2``, ... (graded on the key's own variant, flagged)."""
    by_key: dict[str, list[BatchEntry]] = {}
    for entry in entries:
        by_key.setdefault(entry.key or entry.student, []).append(entry)
    for key, same in by_key.items():
        if len(same) < 2:
            continue
        paths = {str(e.path) for e in same}
        if len(paths) == 1:  # one group submission listing a member twice: one row is enough
            for extra in same[1:]:
                entries.remove(extra)
            continue
        for count, entry in enumerate(same, start=1):
            if count > 1:
                entry.student = f"{key}~{count}"
            where = ", ".join(_where(e) for e in same)
            entry.flags.append(f"duplicate: {len(same)} submissions for student {key!r} ({where}); "
                               "each is graded on the student's own variant; keep the right one")
    return entries


def _where(entry: BatchEntry) -> str:
    if entry.path is None:
        return "no file"
    return f"{entry.path.parent.name}/{entry.path.name}" if entry.identity != "file name" else entry.path.name


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
    for item in rubric_obj.items:  # load every checker kind now, not concurrently in the workers
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
