"""Same submission, rubric and seed: byte-identical reports apart from timings, across runs and
with several submissions graded at once (``grade_batch`` with jobs > 1)."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from grader.api import GradeOptions, grade
from grader.sandbox.runner import Limits

ROOT = Path(__file__).resolve().parent.parent
RUBRIC = ROOT / "rubrics" / "columbia_nndl_hw1.toml"
EXAMPLES = ROOT / "submissions_example" / "columbia_nndl_hw1"
HOSTILE = ROOT / "submissions_example" / "hostile"
LIMITS = Limits(wall_seconds=5, cpu_seconds=3, memory_mb=512)
# Submissions whose run does not depend on timing (no timeouts): their reports must match exactly.
SUBMISSIONS = [EXAMPLES / name for name in (
    "correct.py", "partially_correct.py", "hessian_is_H_times_x.py", "wrong_shape.py", "missing_answer.py", "syntax_error.py",
)] + [HOSTILE / name for name in (
    "nan_inf_answers.py", "float_subclass.py", "forged_channel_then_exit.py", "surrogate_strings.py", "ansi_escapes.py",
)]


def _canonical(report) -> str:
    return json.dumps(report.without_timings(), sort_keys=True)


def _grade(path: Path, seed: int = 7) -> str:
    return _canonical(grade(path, RUBRIC, options=GradeOptions(limits=LIMITS, seed=seed)))


@pytest.fixture(scope="module")
def three_runs():
    """Each submission graded three times (three at once: concurrency must not matter either)."""
    jobs = [path for path in SUBMISSIONS for _ in range(3)]
    with ThreadPoolExecutor(4) as pool:
        texts = list(pool.map(_grade, jobs))
    return {path: texts[3 * i: 3 * i + 3] for i, path in enumerate(SUBMISSIONS)}


@pytest.mark.parametrize("path", SUBMISSIONS, ids=lambda p: p.name)
def test_three_runs_give_identical_reports(three_runs, path):
    first, second, third = three_runs[path]
    assert first == second == third


def test_the_seed_is_recorded_and_used(three_runs):
    correct = EXAMPLES / "correct.py"
    assert json.loads(three_runs[correct][0])["seed"] == 7
    assert json.loads(_grade(correct, seed=8))["seed"] == 8


def test_batch_with_several_jobs_matches_one_job(tmp_path):
    from grader.batch import grade_batch
    folder = tmp_path / "submissions"
    folder.mkdir()
    for path in SUBMISSIONS:
        shutil.copy(path, folder / f"{path.parent.name}-{path.name}")
    results = {}
    for jobs in (1, 4):
        result = grade_batch(folder, RUBRIC, jobs=jobs, progress=False, seed=7, limits=LIMITS, memo=jobs > 1, dedupe=False)
        results[jobs] = {student: _canonical(report) for student, report in result.reports.items()}
    assert len(results[1]) == len(SUBMISSIONS)
    assert results[1] == results[4]


def test_two_processes_with_different_hash_seeds_write_byte_identical_reports(tmp_path):
    """Determinism across processes: set and dict orders that depend on PYTHONHASHSEED must not
    reach the report.  Two `grader run`s (fresh interpreters) must write the same bytes."""
    import os
    import subprocess
    import sys

    outputs = []
    for hash_seed in ("1", "4242"):
        out = tmp_path / f"report-{hash_seed}.json"
        env = dict(os.environ, PYTHONHASHSEED=hash_seed, PYTHONPATH=str(ROOT))
        subprocess.run([sys.executable, "-c", "from grader.cli import main; main()", "run",
                        str(EXAMPLES / "partially_correct.py"), "--rubric", str(RUBRIC), "--seed", "7",
                        "--format", "json", "-o", str(out)], check=True, env=env, cwd=ROOT, timeout=600)
        report = json.loads(out.read_text())
        report["execution_time"] = 0.0
        report["run"]["duration"] = 0.0
        outputs.append(json.dumps(report, indent=2))
    assert outputs[0] == outputs[1]


def test_grade_leaves_its_options_alone():
    """A pure API: grade() reads its options, never changes them (the batch caches inside are shared)."""
    options = GradeOptions(limits=LIMITS, seed=3)
    before = (options.seed, options.student, options.term, options.started, options.visible_only)
    grade(EXAMPLES / "missing_answer.py", RUBRIC, seed=9, student="someone", options=options)
    assert (options.seed, options.student, options.term, options.started, options.visible_only) == before
