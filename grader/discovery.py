"""Finding a class's submissions: which file to grade for which student, under which identity.

Two layouts, alike to the grader: a folder of ``.py`` / ``.ipynb`` files (student = file name), and
a folder of sub-folders (student = folder name, or the id Gradescope's ``submission_metadata.yml`` /
``.json`` gives), whose submission file is found by :func:`find_submission_file`.  Nothing here
runs or grades a submission: :mod:`grader.batch` grades the :class:`BatchEntry` rows found here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .rubric import declared_assignment


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
