"""docs/course-ci.yml works as written: every `run:` step, in order, in a generated course repository.

The `uses:` steps are GitHub's (checkout, setup-python, upload-artifact); they are emulated: the
course repository is the working folder, and a fresh virtual environment of this Python (with
the grader's dependencies installed offline from the wheel cache the bundles use) stands in for
setup-python.  The grader itself comes from the wheel the course commits, as the file says.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

from grader.wheelhouse import cache_dir, collect_wheels, lock_text, pinned_requirements  # noqa: E402

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "docs" / "course-ci.yml"
LOCAL_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"

RUBRIC = '''[assignment]
id = "ci-course-hw1"
title = "CI course HW1"

[parameters]
n = 4

[[items]]
id = "squares"
question = "1"
title = "Squares up to n"
points = 2
kind = "vector"
answers = ["squares"]
reference = "sequences:squares"
answer_key = [1, 4, 9, 16]

[[items]]
id = "hessian"
question = "2"
title = "Hessian"
points = 1
kind = "matrix"
answers = ["H"]
reference = "autodiff:quadratic_form_hessian"
constants = { v = [1, 2], x = [0, 0] }
'''


def _grader_wheel(folder: Path) -> Path:
    """The grader's wheel, built from a clean copy of this checkout (nothing written into the checkout)."""
    source = folder / "grader-source"
    for name in ("grader", "nn_reference"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    out = folder / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)], check=True,
                   capture_output=True, timeout=600)
    (wheel,) = out.glob("nn_grader-*.whl")
    return wheel


def _course(folder: Path, wheel: Path) -> Path:
    repo = folder / "course-repo"
    (repo / "rubrics").mkdir(parents=True)
    (repo / "reference").mkdir()
    (repo / ".grader").mkdir()
    (repo / "submissions_example" / "hw1").mkdir(parents=True)
    (repo / "rubrics" / "hw1.toml").write_text(RUBRIC)
    (repo / "reference" / "sequences.py").write_text("def squares(n):\n    return [k * k for k in range(1, n + 1)]\n")
    (repo / "submissions_example" / "hw1" / "correct.py").write_text(
        'ASSIGNMENT = "ci-course-hw1"\nsquares = [1, 4, 9, 16]\nH = [[1, 2], [2, 4]]\n')
    (repo / "submissions_example" / "hw1" / "expected.toml").write_text(
        '[[submission]]\nfile = "correct.py"\nscore = 3\n')
    shutil.copy(wheel, repo / ".grader" / wheel.name)
    return repo


def _python_environment(folder: Path) -> dict[str, str]:
    """What actions/setup-python gives: a Python on PATH, here with the dependencies preinstalled offline."""
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pins = pinned_requirements(ROOT)
    collect_wheels(pins, (LOCAL_PYTHON,))
    lock = folder / "requirements.lock"
    lock.write_text(lock_text(pins))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_", "VIRTUAL_ENV"))}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", PIP_CONFIG_FILE=os.devnull,
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-index", "--find-links",
                    str(cache_dir()), "-r", str(lock)], check=True, env=env, capture_output=True, timeout=900)
    return env


def test_every_run_step_of_the_course_workflow_passes(tmp_path):
    workflow = yaml.safe_load(WORKFLOW.read_text())
    job = workflow["jobs"]["check"]
    steps = job["steps"]
    assert [s.get("uses", "").split("@")[0] for s in steps if "uses" in s] == [
        "actions/checkout", "actions/setup-python", "actions/upload-artifact"]
    repo = _course(tmp_path, _grader_wheel(tmp_path))
    env = _python_environment(tmp_path)
    env.update({k: str(v) for k, v in job.get("env", {}).items()})
    ran = []
    for step in steps:
        if "run" not in step:
            continue
        done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step["run"]], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=1200)
        assert done.returncode == 0, f"step {step.get('name')!r} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        ran.append((step.get("name"), done.stdout))
    assert [name for name, _ in ran] == ["Install the grader", "Self-test rubrics, references, answer keys and example submissions",
                                         "Build the Gradescope autograder bundles"]
    # The grader that ran is the course's pinned wheel, not this checkout.
    where = subprocess.run(["python", "-c", "import grader; print(grader.__file__)"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, check=True).stdout
    assert str(tmp_path / "venv") in where
    assert "ok     rubrics/hw1.toml" in ran[1][1] and "1 answer keys, 1 examples; 0 errors" in ran[1][1]
    bundle = repo / "dist" / "autograder-hw1.zip"
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        config = json.loads(archive.read("grader_bundle.json"))
    assert "reference/sequences.py" in names and "rubric/hw1.toml" in names
    assert config["course_references"] == "reference" and config["dependencies"]
