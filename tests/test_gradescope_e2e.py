"""A course repository on Gradescope, end to end: its own references (one named like a shipped
module, one reading a data file), bundled, unpacked into an emulated /autograder, installed with
the network cut off, run by run_autograder, and its results.json read field by field against
Gradescope's specification -- and against what `grader run` gives locally."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from grader.api import grade
from grader.gradescope import build_bundle, unpack_bundle
from grader.report import to_gradescope
from grader.rubric import load_rubric

pytestmark = pytest.mark.slow

LOCAL_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"

# Gradescope's results.json (autograder specification): every field this grader may write.
TOP_LEVEL = {"score": (int, float), "execution_time": (int, float), "output": str, "output_format": str,
             "test_output_format": str, "test_name_format": str, "visibility": str, "stdout_visibility": str,
             "extra_data": dict, "tests": list}
TEST_FIELDS = {"score": (int, float), "max_score": (int, float), "status": str, "name": str, "name_format": str,
               "number": str, "output": str, "output_format": str, "tags": list, "visibility": str, "extra_data": dict}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}
VISIBILITIES = ("visible", "after_due_date", "after_published", "hidden")

# The course's own modules.  `costs` is also the name of a shipped module: the course's must win
# for this course's rubric, and the shipped one must stay as it is for everyone else.
COSTS = '''"""Course references: targets are read from a data file next to this module."""
from pathlib import Path

from .scaling import factor


def _targets():
    text = (Path(__file__).parent / "data" / "targets.csv").read_text()
    return [float(x) for x in text.split(",")]


def scaled_targets(w):
    return [factor() * w * t for t in _targets()]


def total(w):
    return sum(scaled_targets(w))
'''
SCALING = "def factor():\n    return 2\n"

RUBRIC = '''[assignment]
id = "ml-course-hw2"
title = "ML course HW2"
course = "e2e"

[parameters]
w = 3
v = [1, 2]
x = [0, 1]

[[items]]
id = "targets"
question = "2.1"
title = "2.1 Scaled targets"
points = 4
kind = "vector"
answers = ["scaled"]
reference = "costs:scaled_targets"
answer_key = [3.0, 12.0, 6.0]
answer_key_source = "handout key"

[[items]]
id = "total"
question = "2.2"
title = "Sum of the scaled targets"
points = 2
kind = "scalar"
answers = ["total"]
reference = "costs:total"
visibility = "hidden"

[[items]]
id = "hessian"
question = "2.3"
title = "Hessian of the quadratic form"
points = 3
kind = "matrix"
answers = ["H"]
reference = "autodiff:quadratic_form_hessian"
visibility = "after_published"

[[items]]
id = "why"
question = "2.4"
title = "Explain the scaling"
points = 2
kind = "manual"
answers = ["why"]
'''

CORRECT = '''ASSIGNMENT = "ml-course-hw2"
scaled = [3.0, 12.0, 6.0]
total = 21.0
H = [[1, 2], [2, 4]]
why = "each target is multiplied by 2 w"
'''
# Wrong visible answer, hidden answer missing, free text left empty.
FLAWED = '''ASSIGNMENT = "ml-course-hw2"
scaled = [3.0, 12.0, 7.0]
H = [[1, 2], [2, 4]]
why = None
'''


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("ml-course")
    (root / "rubrics").mkdir()
    (root / "reference" / "data").mkdir(parents=True)
    (root / "reference" / "costs.py").write_text(COSTS)
    (root / "reference" / "scaling.py").write_text(SCALING)
    (root / "reference" / "data" / "targets.csv").write_text("0.5,2,1")
    (root / "rubrics" / "hw2.toml").write_text(RUBRIC)
    return root


@pytest.fixture(scope="module")
def installed(course, tmp_path_factory) -> Path:
    """The bundle, unpacked as Gradescope does and set up by its own setup.sh with no network."""
    bundle = build_bundle(course / "rubrics" / "hw2.toml", tmp_path_factory.mktemp("dist") / "autograder.zip",
                          visibility="after_due_date", wall_seconds=10, cpu_seconds=5, pythons=(LOCAL_PYTHON,))
    root = unpack_bundle(bundle, tmp_path_factory.mktemp("container") / "autograder")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_", "VIRTUAL_ENV"))}
    # Offline: no index, and any attempt to reach the network goes to a closed port.
    env.update(GRADER_AUTOGRADER_ROOT=str(root), GRADER_PYTHON=sys.executable, PIP_NO_INDEX="1", PIP_CONFIG_FILE=os.devnull,
               HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9", http_proxy="http://127.0.0.1:9",
               https_proxy="http://127.0.0.1:9")
    done = subprocess.run(["bash", str(root / "source" / "setup.sh")], env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return root


def run_autograder(root: Path, submission: str, sid: str = "S1") -> dict:
    for old in (root / "submission").iterdir():
        old.unlink()
    (root / "submission" / "hw2.py").write_text(submission)
    (root / "submission_metadata.json").write_text(json.dumps({"users": [{"sid": sid, "email": "s@example.edu"}]}))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["GRADER_AUTOGRADER_ROOT"] = str(root)  # no GRADER_PYTHON: run_autograder uses the venv setup.sh made
    done = subprocess.run(["bash", str(root / "run_autograder")], cwd=root / "submission", env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads((root / "results" / "results.json").read_text())


def assert_gradescope_spec(results: dict) -> None:
    """results.json, field by field, as Gradescope's autograder specification describes it."""
    assert set(results) <= set(TOP_LEVEL), set(results) - set(TOP_LEVEL)
    for field, kind in TOP_LEVEL.items():
        if field in results:
            assert isinstance(results[field], kind), field
    assert "score" in results  # tests without a score of their own need the top-level one
    assert results["execution_time"] >= 0
    for field in ("output_format", "test_output_format", "test_name_format"):
        assert results[field] in FORMATS
    assert results["visibility"] in VISIBILITIES and results["stdout_visibility"] in VISIBILITIES
    numbers = []
    for test in results["tests"]:
        assert set(test) <= set(TEST_FIELDS), set(test) - set(TEST_FIELDS)
        for field, kind in TEST_FIELDS.items():
            if field in test:
                assert isinstance(test[field], kind), (field, test)
        assert test["visibility"] in VISIBILITIES
        assert test["name_format"] in FORMATS and test["output_format"] in FORMATS
        assert all(isinstance(tag, str) for tag in test["tags"])
        if "status" in test:
            assert test["status"] in ("passed", "failed")
            assert "score" in test and "max_score" in test and 0 <= test["score"] <= test["max_score"]
            assert test["status"] == ("passed" if test["score"] == test["max_score"] else "failed")
        numbers.append(test["number"])
    assert len(numbers) == len(set(numbers))
    assert results["score"] == pytest.approx(sum(t.get("score", 0) for t in results["tests"]))
    json.dumps(results, allow_nan=False)


def _loosest_allowed(item_visibility: str, default: str) -> str:
    return max(item_visibility, default, key=VISIBILITIES.index)


def test_the_install_step_pins_exactly_the_checked_versions(installed):
    from importlib.metadata import version

    venv_python = installed / "venv" / "bin" / "python"
    probe = "import numpy, sympy, pydantic; print(numpy.__version__, sympy.__version__, pydantic.VERSION)"
    out = subprocess.run([str(venv_python), "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert out == [version("numpy"), version("sympy"), version("pydantic")]
    assert (installed / "source").stat().st_mode & 0o777 == 0o700  # locked by setup.sh
    lock = (installed / "source" / "requirements.lock").read_text().splitlines()
    frozen = subprocess.run([str(venv_python), "-m", "pip", "freeze"], capture_output=True, text=True, check=True).stdout
    assert set(lock) <= set(frozen.splitlines())


@pytest.mark.parametrize("name,submission", [("correct", CORRECT), ("flawed", FLAWED)])
def test_results_match_grader_run_and_the_specification(installed, course, name, submission, tmp_path):
    results = run_autograder(installed, submission)
    assert_gradescope_spec(results)

    # The same grade as `grader run` gives locally against the course folder.
    local_file = tmp_path / "hw2.py"
    local_file.write_text(submission)
    rubric_path = course / "rubrics" / "hw2.toml"
    report = grade(local_file, rubric_path, student="S1")
    local = to_gradescope(report, visibility="after_due_date")
    assert results["score"] == report.score == local["score"]
    graded = [t for t in results["tests"] if "item" in t["extra_data"]]
    strip = lambda test: {k: v for k, v in test.items() if k != "extra_data"}  # noqa: E731
    assert [strip(t) for t in graded] == [strip(t) for t in local["tests"]]
    assert [t["extra_data"] for t in graded] == [t["extra_data"] for t in local["tests"]]

    # Visibility: each test is its item's, never looser than --visibility after_due_date.
    rubric = load_rubric(rubric_path)
    assert results["visibility"] == "after_due_date"
    for test in graded:
        item = rubric.item(test["extra_data"]["item"])
        assert test["visibility"] == _loosest_allowed(item.visibility, "after_due_date")
    assert [t["visibility"] for t in graded] == ["after_due_date", "hidden", "after_published", "after_due_date"]

    # Names without the question number, plain language, manual item pending.
    by_item = {t["extra_data"]["item"]: t for t in graded}
    assert (by_item["targets"]["number"], by_item["targets"]["name"]) == ("2.1", "Scaled targets")
    assert "status" not in by_item["why"] and "score" not in by_item["why"] and by_item["why"]["output"].startswith("Pending")
    provenance = json.loads((installed / "source" / "grader_bundle.json").read_text())
    assert results["extra_data"]["grader_version"] == provenance["grader_version"]
    assert results["extra_data"]["grader_commit"] == provenance["grader_commit"] != "unknown"

    # The submission check: always visible, no verdicts, every item including the hidden one.
    check = next(t for t in results["tests"] if t["number"] == "0")
    assert check["visibility"] == "visible" and "score" not in check and "status" not in check
    if name == "correct":
        assert results["score"] == 9 and all(t["status"] == "passed" for t in graded if "status" in t)
        assert "4 of 4 answers present and readable" in check["output"]
    else:
        assert by_item["targets"]["score"] == 0 and by_item["total"]["score"] == 0 and by_item["hessian"]["score"] == 3
        assert "2 of 4 answers present and readable" in check["output"]
        assert "MISSING       2.2" in check["output"] and "Free-text answers still empty: why" in check["output"]
        assert "Not correct" not in check["output"] and "wrong" not in check["output"].lower()
