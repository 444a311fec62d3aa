"""Every item's check within a budget (grader/budget.py): a forked worker, killed and replaced on overrun.

The slow checks here never finish at all (an endless loop, an endless sleep), or take minutes
(a nested-abs activation), so no outcome depends on how fast this machine is.
"""

from __future__ import annotations

import csv
import json
import os
import time
from pathlib import Path

import pytest

from grader import budget
from grader.api import GradeOptions, grade
from grader.budget import OVER_LIMITS, OVER_TIME, CheckBudget, CheckJob, check_all
from grader.report import ItemReport
from grader.rubric import load_rubric
from grader.sandbox.runner import Limits

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "submissions_example"
COLUMBIA = ROOT / "rubrics" / "columbia_nndl_hw1.toml"
LIMITS = Limits(wall_seconds=5, cpu_seconds=3, memory_mb=512)

pytestmark = pytest.mark.skipif(not budget.available(), reason="the check worker needs fork (Linux)")


def _report(name: str, status: str = "passed", feedback: str = "Correct.") -> ItemReport:
    return ItemReport(id=name, question="1", title=name, score=1.0 if status == "passed" else 0.0, max_score=1.0,
                      status=status, feedback=feedback)


def _job(name: str, run=None, seconds=None) -> CheckJob:
    return CheckJob(run=run or (lambda: _report(name)),
                    over_budget=lambda message, evidence: _report(name, "error", message).model_copy(
                        update={"evidence": evidence}),
                    seconds=seconds)


def _spin():
    while True:
        pass


def _sleep():
    time.sleep(3600)


def _allocate():
    hoard = []
    while True:
        hoard.append(bytearray(64 << 20))


def _exit_abruptly():
    os._exit(7)


def test_reports_come_back_in_order_and_validated():
    reports = check_all([_job(f"item{i}") for i in range(5)], CheckBudget())
    assert [r.id for r in reports] == [f"item{i}" for i in range(5)]
    assert all(isinstance(r, ItemReport) and r.status == "passed" for r in reports)


def test_an_endless_check_costs_only_its_own_item():
    jobs = [_job("before"), _job("spins", _spin), _job("after")]
    reports = check_all(jobs, CheckBudget(item_seconds=0.3))
    assert [r.status for r in reports] == ["passed", "error", "passed"]
    assert reports[1].feedback == OVER_TIME and reports[1].score == 0


def test_the_items_own_budget_wins_over_the_default():
    reports = check_all([_job("spins", _spin, seconds=0.2), _job("after")], CheckBudget(item_seconds=600))
    assert [r.status for r in reports] == ["error", "passed"]
    assert reports[0].evidence == {"check_budget": "0.2 CPU seconds"}


def test_a_check_that_waits_is_ended_by_the_wall_clock_backstop():
    reports = check_all([_job("sleeps", _sleep), _job("after")], CheckBudget(item_seconds=0.1, wall_factor=1))
    assert [r.status for r in reports] == ["error", "passed"]
    assert reports[0].feedback == OVER_TIME


def test_the_whole_submission_has_a_bound_too():
    jobs = [_job("first"), _job("spins", _spin), _job("also spins", _spin), _job("never reached")]
    reports = check_all(jobs, CheckBudget(item_seconds=600, submission_seconds=0.5))
    assert [r.status for r in reports] == ["passed", "error", "error", "error"]
    assert all(r.feedback == OVER_TIME for r in reports[1:])


def test_a_check_that_exhausts_memory_or_dies_is_reported_and_the_rest_go_on():
    jobs = [_job("hoards", _allocate), _job("exits", _exit_abruptly), _job("after")]
    reports = check_all(jobs, CheckBudget(item_seconds=600, memory_mb=256))
    assert [r.status for r in reports] == ["error", "error", "passed"]
    assert reports[1].feedback == OVER_LIMITS


def test_without_isolation_checks_run_here():
    pid = os.getpid()
    reports = check_all([_job("here", lambda: _report(str(os.getpid())))], CheckBudget(isolated=False))
    assert reports[0].id == str(pid)


def test_no_worker_is_left_behind(monkeypatch):
    started = []
    original = budget._Worker.__init__

    def recording(self, *args):
        original(self, *args)
        started.append(self.pid)

    monkeypatch.setattr(budget._Worker, "__init__", recording)
    check_all([_job("spins", _spin), _job("sleeps", _sleep), _job("after")], CheckBudget(item_seconds=0.2, wall_factor=1))
    assert len(started) >= 3  # killed twice (the sleeper once more), replaced each time
    for pid in started:  # every worker was killed and reaped: no zombie, no process
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


# ---------------------------------------------------------------- through grade()

def _slow_rubric(tmp_path: Path, extra: str = "") -> Path:
    """The Columbia rubric with the network's complexity bound raised far beyond what a check can
    do in seconds, so the answer below takes minutes on any machine."""
    text = COLUMBIA.read_text().replace('hard_threshold = "I(z>0)"', 'hard_threshold = "I(z>0)"\nmax_regions = 200000', 1)
    text = text.replace('kind = "network"\nterms = ["spring-2025"]', 'kind = "network"\nterms = ["spring-2025"]' + extra, 1)
    path = tmp_path / "columbia.toml"
    path.write_text(text)
    return path


def _nested_abs_submission(tmp_path: Path) -> Path:
    text = (EXAMPLES / "columbia_nndl_hw1" / "correct.py").read_text()
    activation = "z"
    for i in range(8):  # inside the expression bound; tens of thousands of regions
        activation = f"abs({activation}-{i % 3 + 1})"
    path = tmp_path / "nested_abs.py"
    path.write_text(text.replace('phi1 = "I(z>0)"', f'phi1 = "{activation}"'))
    return path


def test_a_slow_answer_is_sent_to_staff_and_every_other_item_is_graded(tmp_path):
    path = _nested_abs_submission(tmp_path)
    report = grade(path, _slow_rubric(tmp_path), options=GradeOptions(limits=LIMITS, budget=CheckBudget(item_seconds=0.5)))
    by_id = {item.id: item for item in report.items}
    network = by_id["hard-coded-network"]
    assert network.status == "error" and network.score == 0
    assert network.feedback == OVER_TIME
    correct = grade(EXAMPLES / "columbia_nndl_hw1" / "correct.py", COLUMBIA, options=GradeOptions(limits=LIMITS))
    assert report.score == correct.score - correct.items[0].score  # every other item as in the correct one


def test_the_rubric_item_budget_is_read(tmp_path):
    rubric = _slow_rubric(tmp_path, "\ncheck_seconds = 0.25")
    assert load_rubric(rubric).item("hard-coded-network").check_seconds == 0.25
    report = grade(_nested_abs_submission(tmp_path), rubric, options=GradeOptions(limits=LIMITS))
    assert report.items[0].status == "error" and report.items[0].evidence == {"check_budget": "0.25 CPU seconds"}


@pytest.mark.parametrize("path,rubric", [
    (EXAMPLES / "columbia_nndl_hw1" / name, "columbia_nndl_hw1")
    for name in ("correct.py", "partially_correct.py", "spring_slips.py", "seed002_fall_fail_units.py")
] + [(EXAMPLES / "toronto_csc413_a1" / name, "toronto_csc413_a1") for name in ("correct.py", "jacobian_follow_through.py")]
  + [(EXAMPLES / "nyu_dl_hw1" / name, "nyu_dl_hw1") for name in ("correct.py", "seed004_writeup.py", "drops_one_over_K.py")],
    ids=lambda v: getattr(v, "name", v))
def test_reports_are_identical_with_and_without_the_worker(path, rubric):
    # (the follow-through examples check items whose earlier answers were still being checked on the
    # assumption that they were right, and check them again when that turns out wrong)
    if not path.exists():
        pytest.skip(f"{path} not in this checkout")
    rubric_path = ROOT / "rubrics" / f"{rubric}.toml"
    texts = []
    for isolated in (True, False):
        report = grade(path, rubric_path, options=GradeOptions(limits=LIMITS, budget=CheckBudget(isolated=isolated)))
        texts.append(json.dumps(report.without_timings(), sort_keys=True))
    assert texts[0] == texts[1]


def test_a_batch_with_an_endless_check_still_writes_its_csv_and_summary(tmp_path):
    from grader.batch import grade_batch

    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "alice.py").write_text((EXAMPLES / "columbia_nndl_hw1" / "correct.py").read_text())
    _nested_abs_submission(tmp_path).rename(folder / "bob.py")
    result = grade_batch(folder, _slow_rubric(tmp_path), output_dir=tmp_path / "out", progress=False, limits=LIMITS,
                         budget=CheckBudget(item_seconds=0.5), jobs=2)
    rows = {row["student"]: row for row in csv.DictReader((tmp_path / "out" / "scores.csv").open())}
    assert set(rows) == {"alice", "bob"}
    assert (tmp_path / "out" / "summary.json").is_file()
    bob = {item.id: item for item in result.reports["bob"].items}
    assert bob["hard-coded-network"].status == "error"
    assert not [item.id for item in result.reports["alice"].items if item.status == "error"]


def test_the_cli_sets_the_budget(tmp_path):
    from click.testing import CliRunner

    from grader.cli import main

    path = _nested_abs_submission(tmp_path)
    result = CliRunner().invoke(main, ["run", str(path), "--rubric", str(_slow_rubric(tmp_path)), "--check-seconds", "0.5",
                                       "--checks-total-seconds", "120"])
    assert result.exit_code == 0, result.output
    items = {item["id"]: item for item in json.loads(result.output)["items"]}
    assert items["hard-coded-network"]["feedback"] == OVER_TIME


def test_check_timings_are_recorded_for_benchmarks():
    timings: list = []
    report = grade(EXAMPLES / "columbia_nndl_hw1" / "correct.py", COLUMBIA,
                   options=GradeOptions(limits=LIMITS, check_timings=timings))
    kinds = {item.id: item.checker for item in load_rubric(COLUMBIA).items}
    automatic = [item.id for item in report.items if item.status != "manual"]
    here = [item_id for item_id in automatic if kinds[item_id].bounded]  # numeric checks: no worker needed
    assert [item_id for item_id, _, _ in timings] == here + [i for i in automatic if i not in here]
    assert "hessian" in here and "hard-coded-network" not in here
    assert all(wall >= 0 and cpu >= 0 for _, wall, cpu in timings)
