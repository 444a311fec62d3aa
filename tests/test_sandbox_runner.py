"""The sandbox runner and child, unit by unit: the answer channel, snapshots, clocks, the sweep,
uid slots, the seccomp program, what the request carries.  End-to-end attacks are in
tests/test_hostile.py."""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from grader.answers import parse_channel
from grader.sandbox import runner, uids
from grader.sandbox.child import seccomp
from grader.sandbox.runner import Limits, SandboxConfig, _Channel, run, start

ROOT = Path(__file__).resolve().parent.parent
IS_ROOT = os.geteuid() == 0
FAST = Limits(wall_seconds=3, cpu_seconds=1, memory_mb=384)
SAME_UID = SandboxConfig(drop_privileges=False, use_namespace=False)




def _configs():
    configs = [pytest.param(SAME_UID, id="same_uid")]
    if IS_ROOT:
        configs.insert(0, pytest.param(SandboxConfig(use_namespace=False), id="root_no_namespace"))
        if runner.namespace_available():
            configs.insert(0, pytest.param(SandboxConfig(), id="root"))
    return configs


# ---------------------------------------------------------------- the channel (parent side)

def test_channel_keeps_header_and_last_complete_document():
    channel = _Channel(cap=100)
    for chunk in (b'{"layers":["x"]', b',"uid":1}\n{"a":1}\n{"a"', b":2}\n", b'{"a":3'):  # the last line never ends
        channel.feed(chunk)
    assert channel.header == b'{"layers":["x"],"uid":1}'
    assert channel.document == b'{"a":2}'
    assert not channel.overflow


def test_channel_discards_oversized_lines_as_they_arrive():
    channel = _Channel(cap=50)
    channel.feed(b"header\n")
    channel.feed(b'{"good":1}\n')
    for _ in range(1000):
        channel.feed(b"x" * 1000)  # 1 MB without a newline: never buffered beyond the cap
        assert len(channel._line) <= 50
    channel.feed(b"\n")
    assert channel.overflow and channel.document == b'{"good":1}'
    channel.feed(b'{"later":2}\n')
    assert channel.document == b'{"later":2}'


def test_outcome_reports_overflow_only_without_a_usable_document():
    outcome = run("import os, sys\nos.write(int(sys.argv[-1]), b'x' * 300000)\nos._exit(0)\n", ["H"],
                  limits=FAST.model_copy(update={"answer_bytes": 1000}), config=SAME_UID)
    assert outcome.channel is None and outcome.channel_overflow


# ---------------------------------------------------------------- snapshots, clocks, output

@pytest.mark.parametrize("config", _configs())
def test_answers_assigned_before_a_timeout_still_arrive(config):
    outcome = run("H = [[1, 2]]\nprint('before the loop')\nz = 3\nimport time\ntime.sleep(100)\n", ["H", "z", "M"],
                  limits=Limits(wall_seconds=1, cpu_seconds=1, memory_mb=384), config=config)
    assert outcome.status == "timeout"
    assert "answers assigned before that are graded" in outcome.message
    answers = parse_channel(outcome.channel)
    assert answers.values == {"H": [[1, 2]], "z": 3} and answers.missing == ["M"]
    assert "before the loop" in outcome.stdout  # line-buffered: output up to the loop is kept


def test_wall_clock_starts_when_the_request_is_sent():
    handle = start(Limits(wall_seconds=1, cpu_seconds=1, memory_mb=384), SAME_UID)
    time.sleep(1.5)  # the grader loading its rubric: not the submission's time
    handle.send("H = 1\n", ["H"])
    outcome = handle.wait()
    assert outcome.status == "finished", outcome.message
    assert outcome.duration < 1.0


def test_the_child_finishes_while_the_grader_is_not_yet_reading():
    """Per-statement snapshots of forty answers add up to more than a default 64 KiB pipe: the
    answer pipe has room for them, so the child need not wait for the grader's wait()."""
    names = [f"a{i}" for i in range(40)]
    source = "".join(f"{name} = [[{i}.5] * 30] * 3\n" for i, name in enumerate(names))
    handle = start(Limits(wall_seconds=10, cpu_seconds=5, memory_mb=384), SAME_UID)
    handle.send(source, names)
    deadline = time.monotonic() + 5
    while not handle.child.exited() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert handle.child.exited(), "the child waited for the grader to read its snapshots"
    outcome = handle.wait()
    assert parse_channel(outcome.channel).values["a39"] == [[39.5] * 30] * 3


def test_preload_cpu_is_not_counted_against_the_submission():
    burn = "import time\nstart = time.process_time()\nwhile time.process_time() - start < 0.8:\n    pass\nH = 1\n"
    outcome = run(burn, ["H"], limits=Limits(wall_seconds=5, cpu_seconds=1, memory_mb=384), config=SAME_UID)
    assert outcome.status == "finished", outcome.message
    assert parse_channel(outcome.channel).values == {"H": 1}


def test_cpu_limit_is_reported_as_a_timeout():
    outcome = run("H = 1\nwhile True:\n    pass\n", ["H"], limits=Limits(wall_seconds=8, cpu_seconds=1, memory_mb=384),
                  config=SAME_UID)
    assert outcome.status == "timeout" and "CPU" in outcome.message
    assert outcome.signal == "SIGXCPU"  # the CPU limit stopped it, not the 8 s wall clock (no timing asserted)


def test_endless_output_is_drained_cut_and_stopped_at_the_wall_clock():
    began = time.monotonic()
    outcome = run("H = 1\nwhile True:\n    print('y' * 1000)\n", ["H"],
                  limits=Limits(wall_seconds=1, cpu_seconds=5, memory_mb=384), config=SAME_UID)
    assert outcome.status == "timeout" and outcome.output_truncated
    assert len(outcome.stdout) <= FAST.output_bytes
    assert time.monotonic() - began < 3
    assert parse_channel(outcome.channel).values == {"H": 1}


def test_statement_failures_and_exit_codes_never_break_the_document():
    source = (
        "H = 1\n"
        "class E(Exception):\n    pass\n"
        "E.__name__ = 'N' * 500\n"
        "raise E('\\ud800' * 3000)\n"
        "M = 10**400\n"
        "import sys\n"
        "sys.exit(True)\n"
    )
    outcome = run(source, ["H", "M"], limits=FAST, config=SAME_UID)
    answers = parse_channel(outcome.channel)  # would raise ChannelError if any field broke the envelope
    assert answers.values["H"] == 1 and answers.exit_code == 1
    assert set(answers.errors[0].kind) == {"N"} and len(answers.errors[0].kind) <= 200
    assert len(answers.errors[0].message) <= 500
    assert answers.values["M"].type_name.startswith("integer with more than")


def test_zero_dimensional_arrays_are_numbers():
    outcome = run("import numpy as np\nM = np.array(12.0)\nz = np.float32(2.5)\n", ["M", "z"], limits=FAST, config=SAME_UID)
    assert parse_channel(outcome.channel).values == {"M": 12.0, "z": 2.5}


# ---------------------------------------------------------------- the sweep

def _daemon(marker: Path) -> str:
    return (
        "import os, sys, time\n"
        "H = 1\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n"
        "        try:\n"
        f"            open({str(marker)!r}, 'w').write(str(os.getpid()))\n"
        "        except OSError:\n"
        "            pass\n"
        "        os.closerange(0, 1024)\n"
        "        while True:\n"
        "            time.sleep(0.05)\n"
        "    os._exit(0)\n"
        "time.sleep(0.3)\n"
    )


@pytest.mark.parametrize("config", [pytest.param(SAME_UID, id="same_uid_subreaper")]
                         + ([pytest.param(SandboxConfig(use_namespace=False, uid_base=64990, uid_slots=1), id="root_uid_kill")]
                            if IS_ROOT else []))
def test_a_daemon_that_closed_its_stdio_is_killed(config, tmp_path):
    tmp_path.chmod(0o777)
    marker = tmp_path / "daemon.pid"
    outcome = run(_daemon(marker), ["H"], limits=FAST, config=config)
    assert outcome.status == "finished"
    if config.drop_privileges is False:
        pid = int(marker.read_text())
        assert not _alive(pid), f"daemon {pid} survived"
    else:
        assert runner._pids_of_uid(config.uid_base) == []


def _alive(pid: int) -> bool:
    status = runner._status(pid)
    return bool(status) and not status.get("State", "").startswith(("Z", "X"))


def test_sweep_marks_survive_an_exec_with_a_clean_environment(tmp_path):
    tmp_path.chmod(0o777)
    marker = tmp_path / "daemon.pid"
    source = _daemon(marker).replace("        while True:\n            time.sleep(0.05)\n",
                                     "        os.execve('/bin/sleep', ['sleep', '1000'], {})\n")
    outcome = run(source, ["H"], limits=FAST, config=SAME_UID)
    assert outcome.status == "finished"
    pid = int(marker.read_text())
    assert not _alive(pid), "an exec'd daemon with an empty environment survived the sweep"


# ---------------------------------------------------------------- uid slots (root)

@pytest.mark.skipif(not IS_ROOT, reason="uid slots are only used as root")
def test_uid_slot_never_follows_a_planted_symlink(tmp_path, monkeypatch):
    monkeypatch.setattr(uids, "UID_WAIT_SECONDS", 0.1)  # the only slot stays unusable: no point waiting
    victim = tmp_path / "victim"
    victim.write_text("precious")
    uid = 64995
    link = Path(runner._lock_dir()) / f"{uid}.lock"
    link.unlink(missing_ok=True)
    link.symlink_to(victim)
    try:
        with pytest.raises(RuntimeError, match="no free sandbox uid"):
            runner._UidSlot(SandboxConfig(uid_base=uid, uid_slots=1))
        assert victim.read_text() == "precious"
    finally:
        link.unlink()


@pytest.mark.skipif(not IS_ROOT, reason="uid slots are only used as root")
def test_lock_dir_is_private():
    path = runner._lock_dir()
    info = os.lstat(path)
    assert info.st_uid == os.geteuid() and not info.st_mode & 0o077


@pytest.mark.skipif(not IS_ROOT, reason="uid slots are only used as root")
def test_concurrent_runs_get_distinct_uids():
    config = SandboxConfig(use_namespace=False, uid_base=64970, uid_slots=8)
    source = "import os\nH = os.getuid()\nimport time\ntime.sleep(0.5)\n"
    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(lambda _: run(source, ["H"], limits=FAST, config=config), range(4)))
    uids = [parse_channel(o.channel).values["H"] for o in outcomes]
    assert len(set(uids)) == 4 and all(64970 <= u < 64978 for u in uids)


# ---------------------------------------------------------------- layers and modules

@pytest.mark.parametrize("config", _configs())
def test_layers_are_recorded(config):
    outcome = run("H = 1\n", ["H"], limits=FAST, config=config)
    layers = set(outcome.layers)
    assert {"rlimits", "process_group", "empty_env", "no_new_privs", "seccomp", "sweep"} <= layers
    if config.drop_privileges is False:
        assert "unprivileged_user" not in layers and "chroot" not in layers
    else:
        assert {"unprivileged_user", "chroot", "hidden_paths"} <= layers
        assert ("mount_namespace" in layers) == bool(config.use_namespace is not False)


@pytest.mark.parametrize("config", _configs())
@pytest.mark.parametrize("hidden", [["/tmp"], ["/"], ["/tmp/work"], ["/var/tmp", "/dev/shm"]])
def test_hiding_a_folder_that_holds_the_jail_still_runs_the_submission(config, hidden, tmp_path):
    """`grader run -o /tmp/report.json` hides /tmp (the report's folder), and a rubric in / hides /."""
    config = SandboxConfig(drop_privileges=config.drop_privileges, use_namespace=config.use_namespace, hide=hidden)
    outcome = run("H = 1\n", ["H"], limits=FAST, config=config)
    assert outcome.status == "finished", outcome.stderr
    assert parse_channel(outcome.channel).values["H"] == 1
    if config.drop_privileges is not False:
        assert "hidden_paths" in outcome.layers  # the chroot hides everything outside the jail


@pytest.mark.skipif(not IS_ROOT, reason="the jail only exists as root")
def test_only_preloaded_modules_exist_in_the_jail():
    config = SandboxConfig(use_namespace=False)
    source = "try:\n    import csv\n    H = 'csv'\nexcept ImportError:\n    H = 'missing'\n"
    assert parse_channel(run(source, ["H"], limits=FAST, config=config).channel).values["H"] == "missing"
    config = SandboxConfig(use_namespace=False, extra_modules=["csv"])
    assert parse_channel(run(source, ["H"], limits=FAST, config=config).channel).values["H"] == "csv"


def test_seccomp_program_is_well_formed():
    program = seccomp.seccomp_program([1234, 1], own_pid=4321)
    assert len(program) < 256
    for index, (code, jt, jf, k) in enumerate(program):
        if code & 0x07 == 0x05:  # jumps stay inside the program
            assert index + 1 + max(jt, jf) < len(program)
    assert program[-3:] == [(0x06, 0, 0, seccomp.SECCOMP_RET_ALLOW), (0x06, 0, 0, seccomp.SECCOMP_RET_ERRNO | 1),
                            (0x06, 0, 0, seccomp.SECCOMP_RET_ERRNO | 38)]


@pytest.mark.skipif(os.uname().machine != "x86_64", reason="the seccomp filter is only encoded for x86_64")
def test_seccomp_refuses_sockets_and_signals_to_the_grader():
    source = (
        "import ctypes, os, signal\n"
        "libc = ctypes.CDLL(None, use_errno=True)\n"
        "H = [libc.socket(2, 1, 0), ctypes.get_errno()]\n"
        "try:\n    os.kill(os.getppid(), 0)\n    z = 'signalled'\nexcept PermissionError:\n    z = 'refused'\n"
        "try:\n    os.kill(-1, 0)\n    M = 'signalled'\nexcept PermissionError:\n    M = 'refused'\n"
        "os.kill(os.getpid(), 0)\nH_vhp = 'own process ok'\n"
    )
    outcome = run(source, ["H", "z", "M", "H_vhp"], limits=FAST, config=SAME_UID)
    assert parse_channel(outcome.channel).values == {"H": [-1, 1], "z": "refused", "M": "refused", "H_vhp": "own process ok"}


# ---------------------------------------------------------------- what the child is told

def test_request_holds_no_expected_value_or_rubric_text(monkeypatch, tmp_path):
    """The child's memory holds only the request: source, answer names, probe inputs, limits,
    paths.  Capture it as sent and look for anything from the rubric or the references."""
    from grader.api import GradeOptions, compute_expected, grade
    from grader.rubric import load_rubric
    from grader.variants import parameters_for, variant_for

    sent = {}
    original = runner.RunHandle.send

    def spy(self, source, answer_names, **kwargs):
        sent.update(source=source, names=answer_names, hide=list(self.config.hide), **kwargs)
        sent["statements"] = [vars(s) for s in sent.get("statements") or []]
        return original(self, source, answer_names, **kwargs)

    monkeypatch.setattr(runner.RunHandle, "send", spy)
    submission = tmp_path / "blank.py"
    submission.write_text('ASSIGNMENT = "columbia-nndl-hw1"\nx = 1\n')
    rubric_path = ROOT / "rubrics" / "columbia_nndl_hw1.toml"
    grade(submission, rubric_path, options=GradeOptions(limits=FAST, sandbox=SAME_UID))
    request = json.dumps({k: v for k, v in sent.items() if k != "hide"})  # paths are not secrets
    rubric = load_rubric(rubric_path)
    parameters = parameters_for(rubric, variant_for(rubric, None))
    for item in rubric.items:
        expected = compute_expected(item.reference_call(), parameters).value
        for form in _forms(expected):
            assert form not in request, (item.id, form)
    for fragment in (rubric.assignment.title, "answer_key", "reference", "[[items]]", "partial_credit"):
        assert fragment not in request
    assert set(sent["names"]) == set(rubric.answer_names())
    assert all(os.path.isabs(p) for p in sent["hide"])


def _forms(value) -> list[str]:
    """Textual forms an expected array or matrix could take in JSON (only distinctive ones)."""
    try:
        import numpy as np

        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return []
    if array.size < 3:
        return []  # a lone number could appear anywhere by chance
    flat = [float(x) for x in array.ravel()]
    return [json.dumps(flat)[1:-1], json.dumps([int(x) for x in flat])[1:-1] if all(x == int(x) for x in flat) else "\0"]
