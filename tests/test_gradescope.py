"""The Gradescope bundle, unpacked into a folder laid out like the container and run end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.api import grade
from grader.cli import main
from grader.gradescope import build_bundle, unpack_bundle
from grader.rubric import load_rubric




import staff_helpers as _helpers  # registered by conftest.py
FULL_AUTOMATIC = _helpers.FULL_AUTOMATIC
RUBRIC_PATH = _helpers.RUBRIC_PATH
source = _helpers.source

VISIBILITIES = {"visible", "hidden", "after_due_date", "after_published"}
LOCAL_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"  # wheels for this interpreter only: a smaller zip


def checked_copy(folder: Path) -> Path:
    """staff_hw.toml as a course would ship it: its deliberately wrong key marked as known (errata),
    so `grader check` -- and with it `grader gradescope` -- passes."""
    folder.mkdir(parents=True, exist_ok=True)
    text = RUBRIC_PATH.read_text().replace(
        'answer_key_source = "spring 2025 staff key"\n',
        'answer_key_source = "spring 2025 staff key"\nanswer_key_errata = "printed for the fall parameters"\n', 1)
    path = folder / "staff_hw.toml"
    path.write_text(text)
    return path


def graded_tests(results: dict) -> list[dict]:
    """results.json's tests for rubric items (not the submission check)."""
    return [t for t in results["tests"] if "item" in t.get("extra_data", {})]


def assert_valid_results(results: dict) -> None:
    """Gradescope's results.json specification, for the fields this grader writes."""
    assert isinstance(results["score"], (int, float))
    assert isinstance(results["execution_time"], (int, float)) and results["execution_time"] >= 0
    assert isinstance(results["output"], str)
    assert results["visibility"] in VISIBILITIES and results["stdout_visibility"] in VISIBILITIES
    assert isinstance(results["tests"], list)
    for test in results["tests"]:
        assert {"name", "number", "output", "visibility", "tags"} <= set(test)
        assert isinstance(test["name"], str) and isinstance(test["number"], str) and isinstance(test["output"], str)
        if "score" in test:  # graded items; pending (manual) items and the submission check have none
            assert isinstance(test["score"], (int, float)) and isinstance(test["max_score"], (int, float))
            assert 0 <= test["score"] <= test["max_score"] or test["max_score"] == 0 == test["score"]
            assert test["status"] in ("passed", "failed")
        else:
            assert "status" not in test and "max_score" not in test
        assert test["visibility"] in VISIBILITIES
        assert isinstance(test["tags"], list) and all(isinstance(t, str) for t in test["tags"])
    assert results["score"] == pytest.approx(sum(t.get("score", 0) for t in results["tests"]))


@pytest.fixture(scope="module")
def checked_rubric(tmp_path_factory):
    return checked_copy(tmp_path_factory.mktemp("course") / "rubrics")


@pytest.fixture(scope="module")
def bundle(checked_rubric, tmp_path_factory):
    return build_bundle(checked_rubric, tmp_path_factory.mktemp("bundle") / "autograder.zip", wall_seconds=8, cpu_seconds=2,
                        pythons=(LOCAL_PYTHON,))


def _container(tmp_path: Path, bundle: Path, files: dict[str, str], sid: str | None = "A1") -> Path:
    root = unpack_bundle(bundle, tmp_path / "autograder")
    (root / "source").chmod(0o700)  # what setup.sh does (its pip install is replaced by this environment)
    for name, text in files.items():
        (root / "submission" / name).write_text(text)
    users = [{"email": "ada@example.edu", "id": 77, "name": "Ada", "sid": sid}] if sid else []
    (root / "submission_metadata.json").write_text(json.dumps({"id": 1, "users": users, "previous_submissions": []}))
    return root


def _run_autograder(root: Path, timeout: float = 60) -> tuple[dict, subprocess.CompletedProcess]:
    env = dict(os.environ, GRADER_AUTOGRADER_ROOT=str(root), GRADER_PYTHON=sys.executable)
    env.pop("PYTHONPATH", None)
    done = subprocess.run(["bash", str(root / "run_autograder")], cwd=root / "submission", env=env,
                          capture_output=True, text=True, timeout=timeout)
    results = json.loads((root / "results" / "results.json").read_text())
    return results, done


def test_bundle_holds_setup_runner_rubric_references_grader_and_pinned_wheels(bundle):
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        modes = {info.filename: (info.external_attr >> 16) & 0o777 for info in archive.infolist()}
        setup = archive.read("setup.sh").decode()
        config = json.loads(archive.read("grader_bundle.json"))
        lock = archive.read("requirements.lock").decode().splitlines()
    assert {"setup.sh", "run_autograder", "grader_bundle.json", "requirements.lock", "rubric/staff_hw.toml",
            "grader_src/pyproject.toml", "grader_src/grader/api.py", "grader_src/grader/sandbox/child/__main__.py",
            "grader_src/nn_reference/autodiff.py"} <= names
    assert not any("__pycache__" in n or n.endswith(".pyc") or n.startswith("grader_src/tests") for n in names)
    assert not any(n.startswith("reference/") for n in names)  # no course references next to this rubric
    assert modes["setup.sh"] == modes["run_autograder"] == 0o755
    # Exact pins, each with its wheel: installed offline
    from importlib.metadata import version

    assert f"numpy=={version('numpy')}" in lock and f"sympy=={version('sympy')}" in lock and f"pydantic=={version('pydantic')}" in lock
    assert config["dependencies"] == lock and config["pythons"] == [LOCAL_PYTHON]
    wheels = [n for n in names if n.startswith("wheels/")]
    for pin in lock:
        name, pinned = pin.split("==")
        assert any(w.split("/")[1].split("-")[0].lower() == name.replace("-", "_").lower() and w.split("-")[1] == pinned
                   for w in wheels), pin
    assert '--no-index --find-links "$SOURCE/wheels"' in setup and '-r "$SOURCE/requirements.lock"' in setup
    assert 'PYTHONS="' + LOCAL_PYTHON + '"' in setup and 'chmod 700 "$SOURCE"' in setup
    # bytecode is compiled into the image, before the source is locked
    assert setup.index('-m compileall -q "$SOURCE/grader_src"') < setup.index('chmod 700 "$SOURCE"')
    assert not any(line.strip().startswith("useradd") for line in setup.splitlines())  # numeric sandbox uids
    assert config["rubric"] == "rubric/staff_hw.toml" and config["assignment"] == "staff-test-hw"
    assert (config["wall_seconds"], config["cpu_seconds"]) == (8, 2)
    from grader import __version__
    from grader.gradescope import grader_commit

    assert config["grader_version"] == __version__ and config["grader_commit"] == grader_commit()
    assert len(config["grader_commit"].split("+")[0]) == 40  # the tests run from a git checkout


def test_bundle_is_reproducible(bundle, checked_rubric, tmp_path):
    again = build_bundle(checked_rubric, tmp_path / "again.zip", wall_seconds=8, cpu_seconds=2, pythons=(LOCAL_PYTHON,))
    assert again.read_bytes() == bundle.read_bytes()


def test_no_bundle_is_written_for_a_rubric_that_fails_its_check(tmp_path):
    from grader.gradescope import BundleError

    # The shipped test rubric's printed key is wrong and not marked as known.
    with pytest.raises(BundleError, match="(?s)grader check` fails.*does not match the reference"):
        build_bundle(RUBRIC_PATH, tmp_path / "a.zip", pythons=(LOCAL_PYTHON,))
    # A reference function that does not exist.
    course = tmp_path / "course" / "rubrics"
    rubric = checked_copy(course)
    rubric.write_text(rubric.read_text().replace('"autodiff:quadratic_form_hessian"', '"autodiff:no_such_function"', 1))
    with pytest.raises(BundleError, match="no_such_function"):
        build_bundle(rubric, tmp_path / "b.zip", pythons=(LOCAL_PYTHON,))
    assert not list(tmp_path.glob("*.zip*"))


def test_run_autograder_grades_the_students_variant(bundle, tmp_path):
    rubric = load_rubric(RUBRIC_PATH)
    root = _container(tmp_path, bundle, {"submission.py": source(rubric, "A1", "correct")}, sid="A1")
    results, done = _run_autograder(root)
    assert done.returncode == 0, done.stderr
    assert_valid_results(results)
    assert results["score"] == FULL_AUTOMATIC
    direct = grade(root / "submission" / "submission.py", rubric, student="A1")
    assert [(t["extra_data"]["item"], t.get("score", 0.0)) for t in graded_tests(results)] == [(i.id, i.score) for i in direct.items]
    assert results["extra_data"]["grader_commit"] == json.loads((root / "source" / "grader_bundle.json").read_text())["grader_commit"]
    assert "variant " + direct.submission.variant in done.stdout
    assert "more points are graded by the course staff" in results["output"]


def test_other_variant_answers_are_recognised_through_metadata(bundle, tmp_path):
    from grader.variants import variant_for

    rubric = load_rubric(RUBRIC_PATH)
    # A student whose variant is not spring-2025 submits the spring (default) answers.
    student = next(f"s{i}" for i in range(100) if variant_for(rubric, f"s{i}").name != "spring-2025")
    spring = source(rubric, None, "correct")
    root = _container(tmp_path, bundle, {"hw1.py": spring}, sid=student)
    results, _ = _run_autograder(root)
    assert_valid_results(results)
    hessian = graded_tests(results)[0]
    assert hessian["number"] == "1.3" and hessian["name"].startswith("Hessian")
    assert hessian["score"] == 0 and hessian["extra_data"]["diagnosis"] == "other_variant"
    assert "other_variant" not in hessian["output"] + hessian["name"] + " ".join(hessian["tags"])  # codes are for staff


def test_hostile_submission_cannot_forge_results_or_hang_the_autograder(bundle, tmp_path):
    root = tmp_path / "autograder"
    forged = json.dumps({"score": 1000, "tests": []})
    hostile = f"""ASSIGNMENT = "staff-test-hw"
import os, json
H = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
for path in ({str(root / 'results' / 'results.json')!r}, "/autograder/results/results.json", "results.json"):
    try:
        with open(path, "w") as handle:
            handle.write({forged!r})
    except Exception:
        pass
try:
    if os.fork() == 0:           # a child that would outlive the run (3 s) and write after the grader
        import time
        time.sleep(4)
        open({str(root / 'results' / 'results.json')!r}, "w").write({forged!r})
        os._exit(0)
except Exception:
    pass
print("hello from the submission " * 50)
while True:
    pass
"""
    root = _container(tmp_path, bundle, {"submission.py": hostile})
    began = time.monotonic()
    results, done = _run_autograder(root)
    assert time.monotonic() - began < 30
    time.sleep(max(0.0, began + 5 - time.monotonic()))  # the forked child, had it survived, has written by now
    results = json.loads((root / "results" / "results.json").read_text())
    assert_valid_results(results)
    assert results["score"] < 1000 and results["score"] == 0
    assert "stopped" in results["output"]
    assert graded_tests(results)[0]["status"] == "failed"


def test_missing_submission_still_gives_valid_results(bundle, tmp_path):
    root = _container(tmp_path, bundle, {"notes.txt": "I forgot the file"})
    results, done = _run_autograder(root)
    assert done.returncode == 0
    assert_valid_results(results)
    assert results["score"] == 0
    assert "no .py or .ipynb" in graded_tests(results)[0]["output"]


def test_a_broken_bundle_still_writes_a_results_json(bundle, tmp_path):
    root = _container(tmp_path, bundle, {"submission.py": "x = 1\n"})
    (root / "source" / "grader_bundle.json").write_text("{not json")
    results, done = _run_autograder(root)
    assert done.returncode == 0
    assert_valid_results(results)
    assert results["score"] == 0 and "autograder failed" in results["output"]
    assert "ValidationError" in done.stderr or "Error" in done.stderr


def test_cli_gradescope_builds_the_zip(checked_rubric, tmp_path):
    out = tmp_path / "ag.zip"
    result = CliRunner().invoke(main, ["gradescope", str(checked_rubric), "-o", str(out), "--visibility", "after_published",
                                       "--python", LOCAL_PYTHON], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        assert json.loads(archive.read("grader_bundle.json"))["visibility"] == "after_published"
    bad = tmp_path / "bad.toml"
    bad.write_text("[assignment]\nid = 'x'\n")
    result = CliRunner().invoke(main, ["gradescope", str(bad), "-o", str(tmp_path / "bad.zip")])
    assert result.exit_code == 2 and "bad.toml" in result.output
    failing = CliRunner().invoke(main, ["gradescope", str(RUBRIC_PATH), "-o", str(tmp_path / "failing.zip"), "--python", LOCAL_PYTHON])
    assert failing.exit_code == 2 and "no bundle was written" in failing.output and not (tmp_path / "failing.zip").exists()


def test_every_test_is_at_most_as_visible_as_asked(checked_rubric, tmp_path):
    rubric = load_rubric(checked_rubric)
    out = build_bundle(checked_rubric, tmp_path / "late.zip", visibility="after_due_date", wall_seconds=8, cpu_seconds=2,
                       pythons=(LOCAL_PYTHON,))
    root = _container(tmp_path, out, {"submission.py": source(rubric, "A1", "hessian_times_x")}, sid="A1")
    results, _ = _run_autograder(root)
    assert_valid_results(results)
    assert results["visibility"] == "after_due_date"
    graded = graded_tests(results)
    assert graded and all(t["visibility"] in ("after_due_date", "after_published", "hidden") for t in graded)
    by_item = {item.id: item.visibility for item in rubric.items}
    for test in graded:
        if by_item[test["extra_data"]["item"]] == "hidden":
            assert test["visibility"] == "hidden"
    check = [t for t in results["tests"] if t not in graded]
    assert len(check) == 1 and check[0]["visibility"] == "visible"  # the submission check: no grades in it
    assert "present and readable" in check[0]["output"] and "Not correct" not in check[0]["output"]
