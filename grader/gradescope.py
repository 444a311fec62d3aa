"""The Gradescope autograder bundle: ``grader gradescope RUBRIC -o autograder.zip``.

Gradescope unpacks the zip into ``/autograder/source``, runs ``setup.sh`` once when it builds
the image, then for every submission copies ``run_autograder`` to ``/autograder/`` and runs it
with the student's files in ``/autograder/submission`` and their details in
``/autograder/submission_metadata.json``; whatever is in ``/autograder/results/results.json``
afterwards is the result.

The bundle::

    setup.sh             installs Python >= 3.11 if needed, a venv in /autograder/venv with the
                         grader's dependencies (pip, from the bundled source), and locks
                         /autograder/source to mode 700 so the sandbox uid cannot read the
                         rubric or the references even where no mount namespace is allowed
    run_autograder       runs ``python -m grader.gradescope run`` on the bundled source
    grader_bundle.json   which rubric, visibility settings, limits
    rubric/NAME.toml     the rubric
    grader_src/          the grader and the reference package, installable with pip

The root (``/autograder``) can be moved with ``GRADER_AUTOGRADER_ROOT`` and the interpreter
chosen with ``GRADER_PYTHON``: that is how the tests run a bundle in a temporary folder.
"""

from __future__ import annotations

import json
import os
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from . import __version__

ROOT_ENV = "GRADER_AUTOGRADER_ROOT"
DEFAULT_ROOT = "/autograder"
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # reproducible zips: same inputs, same bytes


class BundleConfig(BaseModel):
    """``grader_bundle.json``: what run_autograder grades with."""

    model_config = ConfigDict(extra="forbid")

    rubric: str = Field(description="Rubric file, relative to the bundle root.")
    assignment: str = Field(description="Assignment id of the rubric (for finding the submission file).")
    visibility: str = Field(default="visible", description="Gradescope top-level visibility of the results.")
    stdout_visibility: str = Field(default="hidden", description="Whether students see the autograder's output.")
    wall_seconds: float = Field(default=20.0, gt=0, description="Wall-clock limit for the submission.")
    cpu_seconds: int = Field(default=15, gt=0, description="CPU limit for the submission.")
    term: str | None = Field(default=None, description="The term (offering) every submission is graded on; None: the rubric's assignment.term.")
    grader_version: str = __version__


SETUP_SH = r"""#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
# It installs the grader's dependencies from the bundled source and locks the source folder.
set -euo pipefail
SOURCE="$(cd "$(dirname "$0")" && pwd)"
ROOT="${GRADER_AUTOGRADER_ROOT:-/autograder}"

PY=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    PY="$candidate"; break
  fi
done
if [ -z "$PY" ]; then                      # e.g. Ubuntu 22.04 images ship Python 3.10
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3.11 python3.11-venv
  PY=python3.11
fi
if ! "$PY" -m venv "$ROOT/venv" >/dev/null 2>&1; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$(basename "$PY")-venv" || \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
  "$PY" -m venv "$ROOT/venv"
fi
"$ROOT/venv/bin/pip" install --no-cache-dir -q --upgrade pip
"$ROOT/venv/bin/pip" install --no-cache-dir -q "$SOURCE/grader_src"
# Bytecode for the bundled source (what run_autograder imports) goes into the image: every
# submission runs in a fresh container, which would otherwise compile the grader again.
"$ROOT/venv/bin/python" -m compileall -q "$SOURCE/grader_src" >/dev/null

# Submissions run as numeric sandbox uids (no useradd needed).  The rubric, the references and the
# grader are root's alone, so they stay unreadable even where no mount namespace can hide them.
chown -R root:root "$SOURCE"
chmod 700 "$SOURCE"
"""

RUN_AUTOGRADER = r"""#!/usr/bin/env bash
# Gradescope runs this for every submission.  It always leaves a results.json.
set -u
ROOT="${GRADER_AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
PYTHON="${GRADER_PYTHON:-}"
if [ -z "$PYTHON" ]; then
  if [ -x "$ROOT/venv/bin/python" ]; then PYTHON="$ROOT/venv/bin/python"; else PYTHON=python3; fi
fi
mkdir -p "$ROOT/results"
rm -f "$ROOT/results/results.json"
# -P and cd: never import anything from the working folder (a student could submit grader.py).
cd "$SOURCE" || cd /
GRADER_AUTOGRADER_ROOT="$ROOT" PYTHONPATH="$SOURCE/grader_src" \
  "$PYTHON" -P -m grader.gradescope run --bundle "$SOURCE"
status=$?
if [ ! -s "$ROOT/results/results.json" ]; then
  printf '%s\n' '{"score": 0, "execution_time": 0, "visibility": "visible", "stdout_visibility": "hidden", "output": "The autograder could not start (exit status '"$status"'). The course staff have the log.", "tests": []}' \
    > "$ROOT/results/results.json"
fi
exit 0
"""


# ---------------------------------------------------------------- building the zip

def _source_files() -> list[tuple[Path, str]]:
    """(file, name in the zip) for the grader package, the reference package and packaging files."""
    import grader
    import reference

    files: list[tuple[Path, str]] = []
    for package in (Path(grader.__file__).resolve().parent, Path(reference.__file__).resolve().parent):
        for path in sorted(package.rglob("*")):
            relative = path.relative_to(package.parent)
            if path.is_file() and "__pycache__" not in relative.parts and path.suffix not in (".pyc", ".pyo"):
                files.append((path, f"grader_src/{relative.as_posix()}"))
    return files


def _packaging(project: Path) -> dict[str, str]:
    """pyproject.toml (+ README) for ``pip install grader_src``: the checkout's own when there is one."""
    pyproject = project / "pyproject.toml"
    if pyproject.is_file():
        texts = {"grader_src/pyproject.toml": pyproject.read_text(encoding="utf-8")}
        readme = project / "README.md"
        texts["grader_src/README.md"] = readme.read_text(encoding="utf-8") if readme.is_file() else "# grader\n"
        return texts
    try:  # an installed grader: rebuild a minimal pyproject from its metadata
        from importlib.metadata import requires

        dependencies = [r for r in (requires("nn-grader") or []) if "extra ==" not in r]
    except Exception:  # noqa: BLE001
        dependencies = ["numpy>=1.26", "sympy>=1.12", "pydantic>=2.5,<3", "click>=8.1", "pylatexenc>=2.10,<3"]
    deps = ", ".join(json.dumps(d) for d in dependencies)
    return {"grader_src/pyproject.toml": (
        '[build-system]\nrequires = ["setuptools>=68"]\nbuild-backend = "setuptools.build_meta"\n\n'
        f'[project]\nname = "nn-grader"\nversion = "{__version__}"\nrequires-python = ">=3.11"\n'
        f"dependencies = [{deps}]\n\n"
        '[tool.setuptools.packages.find]\ninclude = ["grader*", "reference*"]\n')}


def _write(archive: zipfile.ZipFile, name: str, data: bytes, mode: int = 0o644) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.external_attr = (0o100000 | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def build_bundle(rubric_path: str | Path, output: str | Path, *, visibility: str = "visible",
                 stdout_visibility: str = "hidden", wall_seconds: float = 20.0, cpu_seconds: int | None = None,
                 term: str | None = None) -> Path:
    """Write the autograder zip for one rubric and term; the rubric is validated first (RubricError if bad)."""
    from .rubric import load_rubric
    from .variants import resolve_term

    rubric_path = Path(rubric_path)
    rubric = load_rubric(rubric_path)
    term = resolve_term(rubric, term)  # fixed in the bundle: one Gradescope assignment = one term
    for value, name in ((visibility, "visibility"), (stdout_visibility, "stdout_visibility")):
        if value not in ("visible", "hidden", "after_due_date", "after_published"):
            raise ValueError(f"{name} must be visible, hidden, after_due_date or after_published, not {value!r}")
    config = BundleConfig(rubric=f"rubric/{rubric_path.name}", assignment=rubric.assignment.id, visibility=visibility,
                          stdout_visibility=stdout_visibility, wall_seconds=wall_seconds,
                          cpu_seconds=cpu_seconds or max(1, int(wall_seconds * 0.75)), term=term)
    import grader

    project = Path(grader.__file__).resolve().parent.parent
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w") as archive:
        _write(archive, "setup.sh", SETUP_SH.encode(), 0o755)
        _write(archive, "run_autograder", RUN_AUTOGRADER.encode(), 0o755)
        _write(archive, "grader_bundle.json", (config.model_dump_json(indent=2) + "\n").encode())
        _write(archive, config.rubric, rubric_path.read_bytes())
        for name, text in sorted(_packaging(project).items()):
            _write(archive, name, text.encode())
        for path, name in _source_files():
            _write(archive, name, path.read_bytes())
    return output


def unpack_bundle(bundle: str | Path, root: str | Path) -> Path:
    """Lay a bundle out as Gradescope does (for tests and for trying a bundle locally)."""
    root = Path(root)
    source = root / "source"
    source.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(bundle) as archive:
        for info in archive.infolist():
            target = source / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(info))
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                target.chmod(mode)
    (root / "run_autograder").write_bytes((source / "run_autograder").read_bytes())
    (root / "run_autograder").chmod(0o755)
    for folder in ("submission", "results"):
        (root / folder).mkdir(exist_ok=True)
    return root


# ---------------------------------------------------------------- inside the container

def _results_for_failure(message: str, began: float) -> dict[str, Any]:
    return {"score": 0, "execution_time": round(time.monotonic() - began, 3), "visibility": "visible",
            "stdout_visibility": "hidden", "output": message, "tests": []}


def _write_results(results_dir: Path, results: dict[str, Any]) -> None:
    results_dir.mkdir(parents=True, exist_ok=True)
    temporary = results_dir / ".results.json.tmp"
    temporary.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, results_dir / "results.json")  # atomic: never a half-written file


def submission_student(metadata_path: Path, prefer: str = "sid") -> str | None:
    """The student id in ``submission_metadata.json`` (first user's sid, else email, else id; ``prefer`` first).

    It becomes the student key in :func:`grader.api.grade`, normalised exactly as ``grader run`` and
    ``grader batch`` normalise it."""
    from .batch import student_id

    try:
        data = json.loads(metadata_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    users = data.get("users") if isinstance(data, dict) else None
    return student_id(users or [], prefer)


def run_in_container(bundle_dir: Path, root: Path | None = None) -> dict[str, Any]:
    """Grade ``ROOT/submission`` and write ``ROOT/results/results.json``; returns the results."""
    began = time.monotonic()
    root = root or Path(os.environ.get(ROOT_ENV, DEFAULT_ROOT))
    results_dir = root / "results"
    try:
        results = _grade_in_container(bundle_dir, root)
    except Exception as exc:  # noqa: BLE001 -- Gradescope must always get a results.json
        print(f"grader: autograder failure: {type(exc).__name__}: {exc}", file=sys.stderr)
        results = _results_for_failure("The autograder failed on this submission; the course staff have been told. "
                                       f"({type(exc).__name__})", began)
    _write_results(results_dir, results)
    return results


def _grade_in_container(bundle_dir: Path, root: Path) -> dict[str, Any]:
    from .sandbox.runner import Limits, SandboxConfig, start

    config = BundleConfig.model_validate_json((bundle_dir / "grader_bundle.json").read_text(encoding="utf-8"))
    limits = Limits(wall_seconds=config.wall_seconds, cpu_seconds=config.cpu_seconds)
    # As in `grader run`: the submission's interpreter starts now, on the other core, while this
    # one imports numpy, SymPy and the checkers.
    started = start(limits, SandboxConfig())
    from .api import GradeOptions, grade, release
    from .batch import find_submission_file, not_run_report
    from .report import to_gradescope
    from .rubric import load_rubric

    try:
        rubric = load_rubric(bundle_dir / config.rubric)
        metadata = root / "submission_metadata.json"
        student = submission_student(metadata, rubric.students.identifier)
        path, problem = find_submission_file(root / "submission", config.assignment)
    except BaseException:
        release(started)
        raise
    if path is None:
        release(started)
        report = not_run_report(rubric, student, "", problem or "no submission file", term=config.term)
    else:
        options = GradeOptions(
            student=student,
            term=config.term,
            limits=limits,
            # The bundle (rubric, references, grader) and the results are never the submission's to read.
            hide=[str(bundle_dir), str(root / "results"), str(metadata)],
            started=started,
        )
        report = grade(path, rubric, options=options)
    results = to_gradescope(report, visibility=config.visibility, stdout_visibility=config.stdout_visibility)
    print(f"graded {path.name if path else '(nothing)'} for {report.submission.student or 'unknown student'} "
          f"(term {report.submission.term or '-'}, variant {report.submission.variant or '-'}): {report.score:g}/{report.max_score:g}, run {report.run.status}")
    return results


def main(argv: list[str] | None = None) -> int:
    """``python -m grader.gradescope run --bundle DIR``: the body of run_autograder."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m grader.gradescope")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="grade the submission in the autograder root")
    run.add_argument("--bundle", type=Path, default=Path(os.environ.get(ROOT_ENV, DEFAULT_ROOT)) / "source")
    args = parser.parse_args(argv)
    run_in_container(args.bundle)
    return 0


if __name__ == "__main__":
    main()
    # results.json is written (atomically) and the child reaped: end without tearing down an
    # interpreter full of SymPy (about 0.05 s of every student's wait), as `grader run` does.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
