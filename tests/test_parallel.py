"""grader/parallel.py: a single run's items shared with a forked helper give the very same report."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from grader import parallel
from grader.api import GradeOptions, grade
from grader.report import to_gradescope, to_text
from grader.sandbox.runner import Limits

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "submissions_example"
HOSTILE = EXAMPLES / "hostile"
LIMITS = Limits(wall_seconds=5, cpu_seconds=3, memory_mb=512)
pytestmark = pytest.mark.skipif(not parallel.available() or os.geteuid() != 0,
                                reason="a helper is forked on Linux with two cores, for a child under its own uid (as root)")


def _examples() -> list[tuple[Path, Path]]:
    cases = []
    for folder in ("columbia_nndl_hw1", "toronto_csc413_a1", "nyu_dl_hw1"):
        rubric = ROOT / "rubrics" / f"{folder}.toml"
        cases += [(path, rubric) for path in sorted((EXAMPLES / folder).glob("*.py"))]
    columbia = ROOT / "rubrics" / "columbia_nndl_hw1.toml"
    cases += [(HOSTILE / name, columbia) for name in ("nan_inf_answers.py", "float_subclass.py", "surrogate_strings.py",
                                                      "forged_channel_then_exit.py")]
    return cases


def _all_formats(report) -> tuple[str, str, str]:
    without = report.without_timings()
    report = report.model_copy(update={"execution_time": 0.0, "run": report.run.model_copy(update={"duration": 0.0})})
    return json.dumps(without, sort_keys=True), to_text(report), json.dumps(to_gradescope(report), sort_keys=True)


@pytest.fixture
def helpers_started(monkeypatch):
    """Counts the helpers forked, so a test knows the two-process path really ran."""
    started = []
    original = parallel.ItemHelper.__init__

    def counting(self, *args, **kwargs):
        original(self, *args, **kwargs)
        started.append(self.pid)

    monkeypatch.setattr(parallel.ItemHelper, "__init__", counting)
    return started


@pytest.mark.parametrize("submission, rubric", _examples(), ids=lambda p: f"{p.parent.name}/{p.name}" if p.suffix == ".py" else "")
def test_two_processes_give_the_same_report_in_every_format(submission, rubric, helpers_started):
    alone = grade(submission, rubric, options=GradeOptions(limits=LIMITS, seed=3))
    shared = grade(submission, rubric, options=GradeOptions(limits=LIMITS, seed=3, item_processes=2))
    assert helpers_started, "no helper was forked"
    assert _all_formats(shared) == _all_formats(alone)


def test_a_failing_helper_changes_nothing(monkeypatch, helpers_started):
    """The helper dies before answering: its items are graded by the grading process itself."""
    submission = EXAMPLES / "toronto_csc413_a1" / "correct.py"
    rubric = ROOT / "rubrics" / "toronto_csc413_a1.toml"
    alone = grade(submission, rubric, options=GradeOptions(limits=LIMITS))

    def dying_prepare(self_prepare):
        def prepare():
            os._exit(3)
        return prepare

    original = parallel.ItemHelper.__init__
    monkeypatch.setattr(parallel.ItemHelper, "__init__",
                        lambda self, prepare, finish: original(self, dying_prepare(prepare), finish))
    shared = grade(submission, rubric, options=GradeOptions(limits=LIMITS, item_processes=2))
    assert _all_formats(shared) == _all_formats(alone)


def test_forged_helper_results_are_refused(monkeypatch):
    """Results that are not the helper's items' reports are not used."""
    submission = EXAMPLES / "columbia_nndl_hw1" / "correct.py"
    rubric = ROOT / "rubrics" / "columbia_nndl_hw1.toml"
    alone = grade(submission, rubric, options=GradeOptions(limits=LIMITS))
    monkeypatch.setattr(parallel.ItemHelper, "results", lambda self: (os.waitpid(self.pid, 0), [{"id": "x"}])[1])
    shared = grade(submission, rubric, options=GradeOptions(limits=LIMITS, item_processes=2))
    assert _all_formats(shared) == _all_formats(alone)


def test_no_helper_when_the_submission_shares_the_graders_uid(helpers_started):
    """A same-uid child could stop or trace a helper: then everything stays in one process."""
    from grader.sandbox.runner import SandboxConfig

    submission = EXAMPLES / "nyu_dl_hw1" / "correct.py"
    same_uid = SandboxConfig(drop_privileges=False, use_namespace=False)
    report = grade(submission, ROOT / "rubrics" / "nyu_dl_hw1.toml",
                   options=GradeOptions(limits=LIMITS, item_processes=2, sandbox=same_uid))
    assert not helpers_started
    assert report.score > 0


def test_split_is_balanced_deterministic_and_complete():
    costs = [15, 0, 1, 3, 3, 12, 1, 1, 5, 0.5]
    mine, theirs = parallel.split(costs)
    assert sorted(mine + theirs) == list(range(len(costs)))
    assert abs(sum(costs[i] for i in mine) - sum(costs[i] for i in theirs)) <= max(costs)
    assert parallel.split(costs) == (mine, theirs)
    assert parallel.split([2.0]) == ([0], [])


def test_helper_holds_only_its_own_pipes(tmp_path):
    """Descriptors of the grading process (here: an open file) are closed in the helper."""
    with open(tmp_path / "held", "w") as held:
        def prepare():
            return sorted(int(fd) for fd in os.listdir("/proc/self/fd"))

        helper = parallel.ItemHelper(prepare, lambda descriptors, message, payload: [{"fds": descriptors, **message}])
        helper.send({"hello": 1})
        (result,) = helper.results()
        assert result["hello"] == 1
        assert held.fileno() not in result["fds"]
        assert len([fd for fd in result["fds"] if fd > 2]) <= 3  # its two pipes (and the listing itself)
    with pytest.raises(ChildProcessError):
        os.waitpid(helper.pid, os.WNOHANG)  # reaped


def test_a_helper_that_raises_reports_failure():
    helper = parallel.ItemHelper(lambda: None, lambda prepared, message, payload: 1 / 0)
    helper.send({})
    assert helper.results() is None
