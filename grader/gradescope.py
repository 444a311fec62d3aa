"""The Gradescope autograder bundle: ``grader gradescope RUBRIC -o autograder.zip``.

Gradescope unpacks the zip into ``/autograder/source``, runs ``setup.sh`` once when it builds
the image, then for every submission copies ``run_autograder`` to ``/autograder/`` and runs it
with the student's files in ``/autograder/submission`` and their details in
``/autograder/submission_metadata.json``; whatever is in ``/autograder/results/results.json``
afterwards is the result.

The bundle::

    setup.sh             picks (or installs) a CPython the bundle has wheels for, makes a venv in
                         /autograder/venv and installs the pinned dependencies from wheels/ with
                         no network; compiles the grader's bytecode; locks /autograder/source to
                         mode 700 so the sandbox uid cannot read the rubric or the references even
                         where no mount namespace is allowed
    run_autograder       runs ``python -m grader.gradescope run`` on the bundled source
    grader_bundle.json   which rubric, visibility settings, limits, grader version and commit, pins
    requirements.lock    every runtime dependency, ``name==version`` (the versions the bundle was
                         checked with)
    wheels/              one wheel per pin (and target Python): see :mod:`grader.wheelhouse`
    rubric/NAME.toml     the rubric
    reference/           the course's own reference modules and the data files next to them,
                         when the rubric has them (``<course>/reference/``)
    grader_src/          the grader and its shipped references (``nn_reference``), run from source

``build_bundle`` first runs ``grader check``'s reference and answer-key pass on the rubric and
refuses (:class:`BundleError`) to write a bundle that fails it.

Every results.json records the grader's version and commit (``extra_data``), and starts with a
visible "submission check" test (:mod:`grader.submission_check`): whether every answer, hidden
ones included, is present and readable -- never whether it is right -- so students can use it
before the due date whatever the grades' visibility.

The root (``/autograder``) can be moved with ``GRADER_AUTOGRADER_ROOT`` and the interpreter
chosen with ``GRADER_PYTHON``: that is how the tests run a bundle in a temporary folder.
"""

from __future__ import annotations

import hashlib
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


from .errors import BundleError  # noqa: F401 -- defined in grader.errors, importable here as before


class BundleConfig(BaseModel):
    """``grader_bundle.json``: what run_autograder grades with."""

    model_config = ConfigDict(extra="forbid")

    rubric: str = Field(description="Rubric file, relative to the bundle root.")
    assignment: str = Field(description="Assignment id of the rubric (for finding the submission file).")
    visibility: str = Field(default="visible", description="Gradescope visibility of the results, and the loosest any test may have.")
    stdout_visibility: str = Field(default="hidden", description="Whether students see the autograder's output.")
    wall_seconds: float = Field(default=20.0, gt=0, description="Wall-clock limit for the submission.")
    cpu_seconds: int = Field(default=15, gt=0, description="CPU limit for the submission.")
    self_check: bool = Field(default=True, description="Start the results with the visible submission check.")
    term: str | None = Field(default=None, description="The term (offering) every submission is graded on; None: the rubric's assignment.term.")
    grader_version: str = Field(default=__version__, description="Version of the grader in grader_src/.")
    grader_commit: str = Field(default="unknown", description="Commit of the grader in grader_src/ ('+dirty': with uncommitted changes).")
    rubric_sha256: str = Field(default="", description="SHA-256 of the rubric file.")
    course_references: str | None = Field(default=None, description="Folder of the course's reference modules in the bundle, if any.")
    pythons: list[str] = Field(default_factory=list, description="CPython versions wheels/ holds compiled wheels for.")
    dependencies: list[str] = Field(default_factory=list, description="The pinned dependencies (requirements.lock).")


SETUP_SH = r"""#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
# It installs the pinned dependencies from the bundled wheels (no network) and locks the source folder.
set -euo pipefail
SOURCE="$(cd "$(dirname "$0")" && pwd)"
ROOT="${GRADER_AUTOGRADER_ROOT:-/autograder}"
PYTHONS="@PYTHONS@"                          # the CPython versions wheels/ has compiled wheels for

version_of() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true; }
PY="${GRADER_PYTHON:-}"
if [ -z "$PY" ]; then
  for version in $PYTHONS; do
    for candidate in "python$version" python3; do
      if command -v "$candidate" >/dev/null 2>&1 && [ "$(version_of "$candidate")" = "$version" ]; then
        PY="$candidate"; break 2
      fi
    done
  done
fi
if [ -z "$PY" ]; then                      # e.g. the Ubuntu 22.04 image, whose python3 is 3.10
  first="${PYTHONS%% *}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "python$first" "python$first-venv"
  PY="python$first"
fi
if ! "$PY" -m venv "$ROOT/venv" >/dev/null 2>&1; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$(basename "$PY")-venv" || \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
  "$PY" -m venv "$ROOT/venv"
fi
# Exactly the versions the bundle was checked with, from its own wheels: no index, no network.
"$ROOT/venv/bin/python" -m pip install --no-index --find-links "$SOURCE/wheels" --no-cache-dir \
  --disable-pip-version-check -q -r "$SOURCE/requirements.lock"
# Bytecode for the bundled source (what run_autograder imports) goes into the image: every
# submission runs in a fresh container, which would otherwise compile the grader again.
"$ROOT/venv/bin/python" -m compileall -q "$SOURCE/grader_src" >/dev/null
if [ -d "$SOURCE/reference" ]; then "$ROOT/venv/bin/python" -m compileall -q "$SOURCE/reference" >/dev/null; fi

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

def _tree(folder: Path, prefix: str) -> list[tuple[Path, str]]:
    """(file, name in the zip) for every file under ``folder``, without bytecode or hidden files."""
    files = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if (path.is_file() and "__pycache__" not in relative.parts and path.suffix not in (".pyc", ".pyo")
                and not any(part.startswith(".") for part in relative.parts)):
            files.append((path, f"{prefix}/{relative.as_posix()}"))
    return files


def _source_files() -> list[tuple[Path, str]]:
    """(file, name in the zip) for the grader package and the shipped reference package."""
    import grader
    import nn_reference

    files: list[tuple[Path, str]] = []
    for package in (Path(grader.__file__).resolve().parent, Path(nn_reference.__file__).resolve().parent):
        files += _tree(package, f"grader_src/{package.name}")
    return files


def _project() -> Path | None:
    """The grader's source checkout, when it runs from one (else it is installed)."""
    import grader

    project = Path(grader.__file__).resolve().parent.parent
    return project if (project / "pyproject.toml").is_file() else None


def grader_commit(project: Path | None = None) -> str:
    """The commit of the running grader: its checkout's HEAD (``+dirty`` with uncommitted changes to
    the grader), else the commit pip recorded when it was installed from git, else ``unknown``."""
    import subprocess

    project = project if project is not None else _project()
    if project is not None:
        try:
            head = subprocess.run(["git", "-C", str(project), "rev-parse", "HEAD"], capture_output=True, text=True,
                                  timeout=30)
            if head.returncode == 0:
                dirty = subprocess.run(["git", "-C", str(project), "status", "--porcelain", "--", "grader", "nn_reference",
                                        "pyproject.toml"], capture_output=True, text=True, timeout=30)
                return head.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")
        except (OSError, subprocess.SubprocessError):
            pass
    try:
        from importlib.metadata import distribution

        direct = json.loads(distribution("nn-grader").read_text("direct_url.json") or "{}")
        commit = direct.get("vcs_info", {}).get("commit_id")
        if commit:
            return commit
    except Exception:  # noqa: BLE001 -- no record is "unknown", not a failure
        pass
    return "unknown"


def _packaging(project: Path | None) -> dict[str, str]:
    """pyproject.toml (+ README) beside the source, so grader_src stays an installable project."""
    if project is not None:
        texts = {"grader_src/pyproject.toml": (project / "pyproject.toml").read_text(encoding="utf-8")}
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
        '[tool.setuptools.packages.find]\ninclude = ["grader*", "nn_reference*"]\n')}


def _write(archive: zipfile.ZipFile, name: str, data: bytes, mode: int = 0o644) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.external_attr = (0o100000 | mode) << 16
    # Wheels are zips already: stored as they are, which is as small and much faster.
    info.compress_type = zipfile.ZIP_STORED if name.endswith(".whl") else zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def check_before_bundling(rubric_path: Path) -> None:
    """``grader check``'s reference and answer-key pass; BundleError listing the errors if it fails."""
    from .selfcheck import check_rubric

    result = check_rubric(rubric_path, examples_root=None)
    if not result.ok:
        errors = [finding.render() for finding in result.findings if finding.level == "error"]
        raise BundleError(f"{rubric_path}: `grader check` fails, so no bundle was written:\n" + "\n".join(errors)
                          + f"\nFix these, check with `grader check {rubric_path} --no-examples`, then build again.")


def build_bundle(rubric_path: str | Path, output: str | Path, *, visibility: str = "visible",
                 stdout_visibility: str = "hidden", wall_seconds: float = 20.0, cpu_seconds: int | None = None,
                 pythons: tuple[str, ...] | None = None, self_check: bool = True, term: str | None = None) -> Path:
    """Write the autograder zip for one rubric and term.

    The rubric is validated (RubricError if bad) and passes ``grader check``'s reference and
    answer-key pass (BundleError otherwise); its dependencies are pinned and their wheels fetched
    (BundleError if they cannot be); only then is ``output`` written.
    """
    from .references import course_reference_dir
    from .rubric import load_rubric
    from .variants import resolve_term
    from .wheelhouse import DEFAULT_PYTHONS, WheelError, collect_wheels, pinned_requirements

    rubric_path = Path(rubric_path)
    rubric = load_rubric(rubric_path)
    term = resolve_term(rubric, term)  # fixed in the bundle: one Gradescope assignment = one term
    for value, name in ((visibility, "visibility"), (stdout_visibility, "stdout_visibility")):
        if value not in ("visible", "hidden", "after_due_date", "after_published"):
            raise ValueError(f"{name} must be visible, hidden, after_due_date or after_published, not {value!r}")
    check_before_bundling(rubric_path)
    project = _project()
    pythons = tuple(pythons or DEFAULT_PYTHONS)
    try:
        pins = pinned_requirements(project)
        wheels = collect_wheels(pins, pythons)
    except WheelError as exc:
        raise BundleError(f"the pinned dependencies cannot be bundled: {exc}") from None
    course = course_reference_dir(rubric_path)
    config = BundleConfig(rubric=f"rubric/{rubric_path.name}", assignment=rubric.assignment.id, visibility=visibility,
                          stdout_visibility=stdout_visibility, wall_seconds=wall_seconds,
                          cpu_seconds=cpu_seconds or max(1, int(wall_seconds * 0.75)), self_check=self_check,
                          grader_commit=grader_commit(project),
                          rubric_sha256=hashlib.sha256(rubric_path.read_bytes()).hexdigest(),
                          course_references="reference" if course else None, pythons=list(pythons),
                          dependencies=[pin.requirement for pin in pins], term=term)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name(output.name + ".partial")
    try:
        _write_zip(temporary, config, pins, rubric_path, project, course, wheels, pythons)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    os.replace(temporary, output)
    return output


def _write_zip(temporary: Path, config: BundleConfig, pins, rubric_path: Path, project: Path | None,
               course: Path | None, wheels: list[Path], pythons: tuple[str, ...]) -> None:
    from .wheelhouse import lock_text

    with zipfile.ZipFile(temporary, "w") as archive:
        _write(archive, "setup.sh", SETUP_SH.replace("@PYTHONS@", " ".join(pythons)).encode(), 0o755)
        _write(archive, "run_autograder", RUN_AUTOGRADER.encode(), 0o755)
        _write(archive, "grader_bundle.json", (config.model_dump_json(indent=2) + "\n").encode())
        _write(archive, "requirements.lock", lock_text(pins).encode())
        _write(archive, config.rubric, rubric_path.read_bytes())
        for name, text in sorted(_packaging(project).items()):
            _write(archive, name, text.encode())
        for path, name in _source_files() + (_tree(course, "reference") if course else []):
            _write(archive, name, path.read_bytes())
        for wheel in wheels:
            _write(archive, f"wheels/{wheel.name}", wheel.read_bytes())


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
    return {"score": 0, "execution_time": round(time.monotonic() - began, 3), "output": message,
            "output_format": "text", "visibility": "visible", "stdout_visibility": "hidden",
            "extra_data": {"grader_version": __version__}, "tests": []}


def provenance(config: BundleConfig) -> dict[str, Any]:
    """What graded this submission, for every results.json (``extra_data``: kept, not shown)."""
    return {"grader_version": config.grader_version, "grader_commit": config.grader_commit,
            "rubric": config.rubric, "rubric_sha256": config.rubric_sha256, "dependencies": config.dependencies}


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
    extra_tests = []
    if config.self_check:
        from .submission_check import as_gradescope_test, check_from_report

        extra_tests.append(as_gradescope_test(check_from_report(report)))
    results = to_gradescope(report, visibility=config.visibility, stdout_visibility=config.stdout_visibility,
                            extra_data=provenance(config), extra_tests=extra_tests)
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
