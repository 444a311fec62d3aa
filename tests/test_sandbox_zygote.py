"""Children forked from the zygote: the same child as a cold one, out of reach of the submission,
nothing of one run in the next, and a zygote that dies is replaced.  The hostile corpus runs in
both paths (tests/test_hostile.py); these tests cover what is specific to the zygote."""

from __future__ import annotations

import os
import secrets
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from grader.answers import parse_channel
from grader.sandbox import runner, zygote
from grader.sandbox.runner import Limits, SandboxConfig, run, start

IS_ROOT = os.geteuid() == 0
FAST = Limits(wall_seconds=5, cpu_seconds=2, memory_mb=512)
SAME_UID = {"drop_privileges": False, "use_namespace": False}


def _modes():
    modes = [pytest.param(SAME_UID, id="same_uid")]
    if IS_ROOT:
        modes.append(pytest.param({"use_namespace": False}, id="root_no_namespace"))
        if runner.namespace_available():
            modes.append(pytest.param({}, id="root"))
    return modes


def _values(outcome) -> dict:
    assert outcome.channel is not None, (outcome.status, outcome.message, outcome.stderr[-2000:])
    return parse_channel(outcome.channel).values


def _zygote_pid() -> int:
    run("H = 1\n", ["H"], limits=FAST, config=SandboxConfig(zygote=True, **SAME_UID))
    with zygote._lock:
        (server,) = [z for z in zygote._zygotes.values() if z.alive()]
    return server.process.pid


@pytest.mark.parametrize("mode", _modes())
def test_zygote_children_have_the_same_layers_as_cold_ones(mode):
    source = "import numpy as np\nH = np.eye(2).tolist()\nprint('out')\n"
    cold = run(source, ["H"], limits=FAST, config=SandboxConfig(zygote=False, **mode))
    forked = run(source, ["H"], limits=FAST, config=SandboxConfig(zygote=True, **mode))
    assert (cold.launcher, forked.launcher) == ("cold", "zygote")
    assert forked.status == cold.status == "finished", forked.stderr
    assert forked.layers == cold.layers
    assert _values(forked) == _values(cold) == {"H": [[1.0, 0.0], [0.0, 1.0]]}
    assert forked.stdout == cold.stdout == "out\n"


def test_a_forked_child_starts_like_a_cold_one():
    """Same modules, descriptors, environment keys, session and working directory at the first
    statement; the zygote's own modules (socket, select) are gone."""
    source = (
        "import os, sys\n"
        "H = sorted(sys.modules)\n"
        "z = sorted(os.listdir('/proc/self/fd'))\n"
        "M = sorted(os.environ)\n"
        "H_vhp = [os.getsid(0) == os.getpid(), os.getpgid(0) == os.getpid(), os.getcwd() == os.environ['HOME'],"
        " len(sys.argv), os.isatty(0)]\n"
    )
    names = ["H", "z", "M", "H_vhp"]
    cold = _values(run(source, names, limits=FAST, config=SandboxConfig(zygote=False, **SAME_UID)))
    forked = _values(run(source, names, limits=FAST, config=SandboxConfig(zygote=True, **SAME_UID)))
    assert forked["H"] == cold["H"]
    assert "socket" not in forked["H"] and "select" not in forked["H"]
    assert len(forked["z"]) == len(cold["z"])  # stdio, the answer pipe, the listing itself
    assert forked["M"] == cold["M"]
    assert forked["H_vhp"] == cold["H_vhp"] == [True, True, True, 3, False]


def test_forked_children_draw_fresh_random_numbers():
    source = "import random, numpy\nH = [random.random(), float(numpy.random.random())]\n"
    config = SandboxConfig(zygote=True, **SAME_UID)
    first, second = (_values(run(source, ["H"], limits=FAST, config=config))["H"] for _ in range(2))
    assert first[0] != second[0] and first[1] != second[1]


def test_no_trace_of_one_submission_in_the_next_child():
    """The zygote never sees a request, so a child (which inherits the zygote's memory) cannot
    find a classmate's source in its own memory."""
    token = "CLASSMATE-" + secrets.token_hex(16)
    config = SandboxConfig(zygote=True, **SAME_UID)
    run(f"H = {token!r}\n", ["H"], limits=FAST, config=config)
    reversed_token = token[::-1].encode()  # the scanning source must not contain the token itself
    scan = (
        f"needle = bytes(reversed({reversed_token!r}))\n"
        "hits = 0\n"
        "with open('/proc/self/maps') as maps, open('/proc/self/mem', 'rb', 0) as mem:\n"
        "    for line in maps:\n"
        "        fields = line.split()\n"
        "        if 'r' not in fields[1] or (len(fields) > 5 and fields[5].startswith('[v')):\n"
        "            continue\n"
        "        start, end = (int(x, 16) for x in fields[0].split('-'))\n"
        "        try:\n"
        "            mem.seek(start)\n"
        "            hits += mem.read(end - start).count(needle)\n"
        "        except (OSError, ValueError, OverflowError):\n"
        "            pass\n"
        "H = hits\n"
    )
    # The needle itself is the one copy the scan must find (so it does scan); any other would be a leak.
    assert _values(run(scan, ["H"], limits=FAST, config=config))["H"] == 1


@pytest.mark.skipif(os.uname().machine != "x86_64", reason="the seccomp filter is only encoded for x86_64")
@pytest.mark.parametrize("mode", _modes())
def test_the_zygote_is_out_of_the_childs_reach(mode):
    """The zygote is the child's parent: signals, pidfds and prlimit aimed at it are refused,
    and it keeps serving."""
    source = (
        "import os, signal\n"
        "parent = os.getppid()\n"
        "H = []\n"
        "for attempt in (lambda: os.kill(parent, signal.SIGKILL), lambda: os.kill(parent, 0),\n"
        "                lambda: os.pidfd_open(parent), lambda: os.killpg(os.getpgid(parent), signal.SIGKILL)):\n"
        "    try:\n"
        "        attempt()\n"
        "        H.append('done')\n"
        "    except OSError as exc:\n"
        "        H.append(type(exc).__name__)\n"
    )
    pid = _zygote_pid()
    outcome = run(source, ["H"], limits=FAST, config=SandboxConfig(zygote=True, **mode))
    assert outcome.launcher == "zygote"
    assert all(result != "done" for result in _values(outcome)["H"]), _values(outcome)
    assert os.path.exists(f"/proc/{pid}") and _zygote_pid() == pid


def test_a_dead_zygote_is_replaced():
    pid = _zygote_pid()
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.05)
    outcome = run("H = 2\n", ["H"], limits=FAST, config=SandboxConfig(zygote=True, **SAME_UID))
    assert outcome.status == "finished" and _values(outcome) == {"H": 2}
    assert _zygote_pid() != pid
    with zygote._lock:
        zygote._failures = 0


def test_a_run_survives_its_zygote_dying():
    """Killed after forking the child: the child is re-parented to the grader, which reaps it.
    Killed before: the run is started again as a cold child."""
    config = SandboxConfig(zygote=True, **SAME_UID)
    pid = _zygote_pid()
    handle = start(FAST, config)
    assert handle.child.started()
    os.kill(pid, signal.SIGKILL)
    handle.send("H = 3\nimport time\ntime.sleep(0.2)\n", ["H"])
    outcome = handle.wait()
    assert outcome.status == "finished" and outcome.returncode == 0 and _values(outcome) == {"H": 3}

    pid = _zygote_pid()
    os.kill(pid, signal.SIGSTOP)  # it cannot fork for us; it dies before it does
    handle = start(FAST, config)
    os.kill(pid, signal.SIGKILL)
    handle.send("H = 4\n", ["H"])
    outcome = handle.wait()
    assert outcome.status == "finished" and outcome.launcher == "cold" and _values(outcome) == {"H": 4}
    with zygote._lock:
        zygote._failures = 0


def test_concurrent_runs_from_one_zygote():
    config = SandboxConfig(zygote=True, **SAME_UID)

    def one(i):
        outcome = run(f"H = {i}\n", ["H"], limits=FAST, config=config)
        return outcome.status, outcome.launcher, _values(outcome)["H"]

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(one, range(40)))
    assert results == [("finished", "zygote", i) for i in range(40)]


def test_shutdown_kills_children_still_running():
    config = SandboxConfig(zygote=True, **SAME_UID)
    handle = start(FAST, config)
    assert handle.child.started()
    child = handle.child.pid
    zygote.shutdown()
    time.sleep(0.1)
    status = runner._status(child)
    assert not status or status.get("State", "").startswith(("Z", "X"))
    handle.send("H = 1\n", ["H"])
    assert handle.wait().status != "finished"


def test_switch_selects_the_launcher(monkeypatch):
    monkeypatch.setenv("GRADER_SANDBOX_ZYGOTE", "0")
    assert run("H = 1\n", ["H"], limits=FAST, config=SandboxConfig(**SAME_UID)).launcher == "cold"
    monkeypatch.setenv("GRADER_SANDBOX_ZYGOTE", "1")
    assert run("H = 1\n", ["H"], limits=FAST, config=SandboxConfig(**SAME_UID)).launcher == "zygote"
    assert runner.use_zygote(SandboxConfig(zygote=False)) is False
