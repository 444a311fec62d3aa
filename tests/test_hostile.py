"""The hostile corpus (submissions_example/hostile/, outcomes in expected.toml).

Every attack must end in a complete report whose score is exactly what the submission's honest
answers earn, with nothing outside the sandbox changed, no process of the child left, nothing
secret in the report, the grader's memory and time bounded, and clean, bounded feedback.

All (mode, case) runs happen once, concurrently, in a module fixture; the tests assert on what
it recorded.  Modes (each layer tested where this machine allows it):

``root``               the default as root: a uid of the run's own, chroot jail, mount and
                       network namespaces, seccomp, rlimits, sweep by uid.
``root_no_namespace``  ``use_namespace=False``: what a container without CAP_SYS_ADMIN gets
                       (uid, chroot, seccomp, parent-side disk watch).
``same_uid``           ``drop_privileges=False``: the child shares the grader's uid (a laptop).
                       The tests run as root, so here the child IS root; cases that would then
                       damage the machine are skipped (reason in expected.toml), and secrecy and
                       integrity are not asserted (that mode does not claim them).

Each mode runs twice: with children forked from the zygote (what a batch uses) and, as
``<mode>_cold``, with a fresh interpreter per run (what a single ``grader run`` uses).

Two subprocess tests add what in-process modes cannot show: the grader really running as a
non-root user (``nobody``), and a root grader without CAP_SYS_ADMIN.
"""

from __future__ import annotations

import ast
import json
import os
import re
import resource
import secrets
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from grader.api import GradeOptions, grade
from grader.budget import CheckBudget
from grader.report import to_gradescope, to_json, to_text
from grader.sandbox import runner
from grader.sandbox.runner import Limits, SandboxConfig

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "submissions_example" / "hostile"
RUBRIC = ROOT / "rubrics" / "columbia_nndl_hw1.toml"
MANIFEST = tomllib.loads((HOSTILE / "expected.toml").read_text())
CASE_LIST = sorted(MANIFEST["case"], key=lambda case: case["file"])
CASES = {case["file"]: case for case in CASE_LIST}
LIMITS = Limits(wall_seconds=3, cpu_seconds=1, memory_mb=384)
BUDGET = CheckBudget(item_seconds=2, submission_seconds=30)  # the grader's own checks (grader/budget.py)
IPC_KEYS = {0x47524131, 0x47524132, 0x47524133}  # the keys the ipc_*.py cases use
IS_ROOT = os.geteuid() == 0
MODES = {  # each isolation mode with children forked by the zygote (a batch) and with cold children (`grader run`)
    "root": {"zygote": True},
    "root_no_namespace": {"use_namespace": False, "zygote": True},
    "same_uid": {"drop_privileges": False, "use_namespace": False, "zygote": True},
    "root_cold": {"zygote": False},
    "root_no_namespace_cold": {"use_namespace": False, "zygote": False},
    "same_uid_cold": {"drop_privileges": False, "use_namespace": False, "zygote": False},
}
UID_BASE = 64000  # + 100 * mode index + case index: one uid per (mode, case), so leftovers are attributable
LISTEN_PORT = 47613
BAD_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
HONEST_ITEMS = {"hessian": 5, "vhp-z": 4, "vhp-reverse-scalar": 2, "vhp-forward-hessian": 2}


def _statuses(case: dict) -> list[str]:
    status = case.get("status", "finished")
    return status if isinstance(status, list) else [status]


def _passed(case: dict) -> list[str]:
    return case.get("passed", ["hessian", "vhp-z"] if case["score"] >= 9 else [])


def _mode_skip(mode: str) -> str | None:
    if mode.startswith("root") and not IS_ROOT:
        return "needs root: the unprivileged-uid, chroot and namespace layers only exist when the grader is root"
    if mode in ("root", "root_cold") and not runner.namespace_available():
        return "mount namespaces are not available here (no CAP_SYS_ADMIN); root_no_namespace covers this machine"
    return None


def _case_skip(mode: str, case: dict) -> str | None:
    if mode.startswith("same_uid") and case.get("same_uid"):
        return case["same_uid"]
    return None


# ---------------------------------------------------------------- the world around the sandbox

def _generate(kind: str, directory: Path) -> Path:
    honest = 'ASSIGNMENT = "columbia-nndl-hw1"\nH = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]\nz = [48, 12, 24]\n'
    if kind == "million_parens":
        path = directory / "million_parens.py"
        path.write_text(honest + "x = " + "(" * 1_000_000 + "\nafter = 1\n")
    elif kind == "huge_file_100mb":
        path = directory / "huge_file_100mb.py"
        with open(path, "w") as handle:
            handle.write(honest)
            line = "# " + "padding " * 12 + "\n"
            handle.write(line * (100 * 1024 * 1024 // len(line) + 1))
    else:  # pragma: no cover - manifest typo
        raise ValueError(kind)
    return path


def _file_state(path: Path) -> tuple:
    info = path.lstat()
    return (info.st_mtime_ns, info.st_size, stat.S_IMODE(info.st_mode), path.read_bytes() if path.is_file() else None)


def _tree_state(directory: Path) -> dict:
    return {str(p): _file_state(p) for p in sorted(directory.rglob("*"))} | {str(directory): _file_state(directory)}


def _pwned_in_project() -> list[str]:
    found = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in (".git", "__pycache__", ".pytest_cache")]
        found += [os.path.join(dirpath, n) for n in filenames + dirnames if "pwned" in n.lower()]
    return found


def _scratch_leftovers(uids: range) -> list[str]:
    """Files in shared scratch dirs named like an attack's, or owned by a test sandbox uid."""
    found = []
    for scratch in ("/tmp", "/var/tmp", "/dev/shm", "/run/lock"):
        try:
            entries = list(os.scandir(scratch))
        except OSError:
            continue
        for entry in entries:
            try:
                owner = entry.stat(follow_symlinks=False).st_uid
            except OSError:
                continue
            if "pwned" in entry.name.lower() or owner in uids or entry.name in ("sitecustomize.py", "results.json"):
                found.append(f"{entry.path} (uid {owner})")
    return found


def _ipc_leftovers(uids: range) -> list[str]:
    """System V IPC objects owned or created by a test sandbox uid or carrying a key of the ipc_*
    cases, and POSIX message queues named like theirs."""
    found = []
    for kind in ("shm", "msg", "sem"):
        try:
            header, *rows = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()
        except OSError:
            continue
        columns = header.split()
        for row in rows:
            fields = dict(zip(columns, row.split()))
            if int(fields["key"]) in IPC_KEYS or {int(fields["uid"]), int(fields["cuid"])} & set(uids):
                found.append(f"{kind} {row.strip()}")
    if os.path.isdir("/dev/mqueue"):
        found += [f"mqueue {name}" for name in os.listdir("/dev/mqueue") if "grader" in name]
    return found


def _live_pids_with_uid_in(uids: range) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            status = runner._status(int(entry))
            if runner._uids(status) & set(uids) and not status.get("State", "").startswith(("Z", "X")):
                pids.append(int(entry))
    return pids


def _marked_descendants(root_pid: int) -> list[int]:
    """Live descendants of ``root_pid`` with no_new_privs set: sandbox processes (the test
    process itself never sets it)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            parent = runner._parent_of(int(entry))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry))
    found, stack = [], list(children.get(root_pid, []))
    while stack:
        pid = stack.pop()
        stack += children.get(pid, [])
        status = runner._status(pid)
        if status.get("NoNewPrivs", "0").strip() == "1" and not status.get("State", "").startswith(("Z", "X")):
            found.append(pid)
    return found


class _Listener:
    """A TCP listener on 127.0.0.1 that records whatever connects (sockets.py aims at it)."""

    def __init__(self, port: int):
        self.received: list[bytes] = []
        self.available = True
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self._sock.bind(("127.0.0.1", port))
            self._sock.listen(16)
            self._sock.settimeout(0.2)
        except OSError:
            self.available = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while self.available and not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(0.5)
                try:
                    self.received.append(conn.recv(100) or b"<connected>")
                except OSError:
                    self.received.append(b"<connected>")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._sock.close()


class World:
    """Canary files the attacks aim at (their paths all start /tmp/grader-hostile-), a copy of
    the rubric next to a secret, a world-writable results directory, a secret in the grader's
    environment, and a network listener."""

    def __init__(self):
        self.secret = "GRADER-CANARY-" + secrets.token_hex(12)
        self.canary = Path(tempfile.mkdtemp(prefix="grader-hostile-canary-"))
        self.results = Path(tempfile.mkdtemp(prefix="grader-hostile-results-"))
        self.rubrics = Path(tempfile.mkdtemp(prefix="grader-hostile-rubrics-"))
        self.generated = Path(tempfile.mkdtemp(prefix="grader-generated-"))
        (self.canary / "canary.txt").write_text(f"do not touch {self.secret}\n")
        (self.results / "results.json").write_text('{"score": "ORIGINAL"}\n')
        self.rubric = self.rubrics / RUBRIC.name
        self.rubric.write_text(RUBRIC.read_text() + f"\n# {self.secret}\n")
        (self.rubrics / "secret.txt").write_text(f"staff only: {self.secret}\n")
        # Worst case for permission-only hiding: world-writable results and canary, readable rubric.
        for directory, mode in ((self.canary, 0o777), (self.results, 0o777), (self.rubrics, 0o755), (self.generated, 0o755)):
            directory.chmod(mode)
        for path in (self.canary / "canary.txt", self.results / "results.json"):
            path.chmod(0o666)
        for path in (self.rubric, self.rubrics / "secret.txt"):
            path.chmod(0o644)
        self.listener = _Listener(LISTEN_PORT)
        self.before = self.state()

    def state(self) -> dict:
        return {
            "canary": _tree_state(self.canary),
            "results": _tree_state(self.results),
            "rubrics": _tree_state(self.rubrics),
            "pwned_in_project": _pwned_in_project(),
        }

    def submission(self, case: dict) -> Path:
        if "generate" in case:
            path = self.generated / case["file"]
            return path if path.exists() else _generate(case["generate"], self.generated)
        return HOSTILE / case["file"]

    def close(self) -> None:
        self.listener.close()
        for directory in (self.canary, self.results, self.rubrics, self.generated):
            shutil.rmtree(directory, ignore_errors=True)


class Outcome:
    def __init__(self, report, elapsed, leftovers, error=None):
        self.report, self.elapsed, self.leftovers, self.error = report, elapsed, leftovers, error


def _run_case(world: World, mode: str, index: int, case: dict) -> Outcome:
    uid_base = UID_BASE + 100 * list(MODES).index(mode) + index
    config = SandboxConfig(uid_base=uid_base, uid_slots=1, **MODES[mode])
    options = GradeOptions(limits=LIMITS, sandbox=config, hide=[str(world.results)], budget=BUDGET)
    began = time.monotonic()
    try:
        report = grade(world.submission(case), world.rubric, options=options)
    except Exception as exc:  # noqa: BLE001 -- recorded; the test for this case fails with it
        return Outcome(None, time.monotonic() - began, [], f"{type(exc).__name__}: {exc}")
    elapsed = time.monotonic() - began
    leftovers = _live_pids_with_uid_in(range(uid_base, uid_base + 1)) if config.drop_privileges is not False and IS_ROOT else []
    return Outcome(report, elapsed, leftovers)


@pytest.fixture(scope="module")
def world():
    previous = os.environ.get("GRADER_HOSTILE_SECRET")
    world = World()
    os.environ["GRADER_HOSTILE_SECRET"] = world.secret  # the grader's own environment holds a secret
    try:
        yield world
    finally:
        if previous is None:
            os.environ.pop("GRADER_HOSTILE_SECRET", None)
        else:
            os.environ["GRADER_HOSTILE_SECRET"] = previous
        world.close()


@pytest.fixture(scope="module")
def outcomes(world):
    """Run every (mode, case) once, six at a time, slowest first."""
    jobs = []
    for mode in MODES:
        if _mode_skip(mode):
            continue
        for index, case in enumerate(CASE_LIST):
            if not _case_skip(mode, case):
                jobs.append((mode, index, case))
    jobs.sort(key=lambda job: ("finished" in _statuses(job[2]) and "timeout" not in _statuses(job[2]), job[1]))
    blank = world.generated / "blank.py"
    blank.write_text('ASSIGNMENT = "columbia-nndl-hw1"\n')
    item_ids = [item.id for item in grade(blank, world.rubric, options=GradeOptions(limits=LIMITS)).items]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = {(mode, case["file"]): pool.submit(_run_case, world, mode, index, case) for mode, index, case in jobs}
        results = {key: future.result() for key, future in futures.items()}
    results["_item_ids"] = item_ids
    results["_rss_growth_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    results["_wall"] = time.monotonic() - began
    results["_after"] = world.state()
    results["_scratch"] = _scratch_leftovers(range(UID_BASE, UID_BASE + 100 * len(MODES)))
    results["_ipc"] = _ipc_leftovers(range(UID_BASE, UID_BASE + 100 * len(MODES)))
    results["_survivors"] = _live_pids_with_uid_in(range(UID_BASE, UID_BASE + 100 * len(MODES))) if IS_ROOT else []
    results["_marked_descendants"] = _marked_descendants(os.getpid())
    return results



# ---------------------------------------------------------------- per case

def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("name", [case["file"] for case in CASE_LIST])
def test_hostile_case(outcomes, world, mode, name):
    case = CASES[name]
    reason = _mode_skip(mode) or _case_skip(mode, case)
    if reason:
        pytest.skip(reason)
    outcome = outcomes[(mode, name)]
    assert outcome.error is None, f"grade() raised instead of reporting: {outcome.error}"
    report = outcome.report

    # A complete report (every item of a normal run), in every format, encodable as UTF-8.
    assert [item.id for item in report.items] == outcomes["_item_ids"]
    data = report.model_dump(mode="json")
    rendered = [to_json(report), to_text(report), json.dumps(to_gradescope(report), ensure_ascii=False)]
    for text in rendered:
        text.encode("utf-8")

    # Exactly what the honest answers earn; the run ended the expected way.
    assert report.score == case["score"], (report.run.status, report.run.message, [(i.id, i.status, i.feedback[:120]) for i in report.items])
    assert report.run.status in _statuses(case), (report.run.status, report.run.message)
    by_id = {item.id: item for item in report.items}
    for item_id in _passed(case):
        assert by_id[item_id].status == "passed", (item_id, by_id[item_id].feedback)
    if case.get("output_truncated"):
        assert report.run.output_truncated
    for item_id in case.get("invalid", []):  # refused before any analysis: a fast, fixed outcome
        assert by_id[item_id].status == "invalid" and by_id[item_id].score == 0, (item_id, by_id[item_id].feedback)
    for item_id in case.get("unproven", []):  # never a pass without proof; no credit
        assert by_id[item_id].status in ("failed", "error") and by_id[item_id].score == 0, (item_id, by_id[item_id].status)
    if case.get("channel_rejected"):
        automatic = [i for i in report.items if i.status != "manual"]
        assert all(i.status == "error" and "could not be read" in i.feedback for i in automatic)
    if report.run.status != "not_run":
        assert "sweep" in report.run.layers and "rlimits" in report.run.layers

    # The grader's time is bounded.  Only a hang fails this: the bound is far above any load the
    # shared CI machine sees (speed itself is measured in benchmarks/, never asserted).
    assert outcome.elapsed < LIMITS.wall_seconds + 300, outcome.elapsed
    # No process of this run survives it (root modes: each case ran under a uid of its own).
    assert outcome.leftovers == [], f"processes of the sandbox uid survived: {outcome.leftovers}"

    # Feedback and output: no control characters, escapes or surrogates; bounded lengths.
    for text in _strings(data):
        assert not BAD_CHARS.search(text), repr(text[:200])
    assert all(len(item["feedback"]) <= 2000 for item in data["items"])
    assert len(data["run"]["stdout"]) <= 8000 and len(data["run"]["stderr"]) <= 8000
    assert len(to_json(report)) < 400_000

    if mode.startswith("same_uid"):
        return  # a child with the grader's uid can read and write what the grader can (see docs/isolation.md, Modes)
    # Nothing secret reached the child or the report.
    for text in rendered:
        assert world.secret not in text
    flagged = [line for line in report.run.stdout.splitlines() if line.startswith(("LEAK", "PWNED"))]
    assert flagged == [], flagged
    if report.run.status != "not_run":
        assert {"unprivileged_user", "chroot", "hidden_paths", "no_new_privs"} <= set(report.run.layers), report.run.layers
        if mode in ("root", "root_cold"):
            assert {"mount_namespace", "network_namespace", "ipc_namespace"} <= set(report.run.layers)


# ---------------------------------------------------------------- across all runs

def test_nothing_outside_the_sandbox_changed(outcomes, world):
    after = outcomes["_after"]
    for key in ("canary", "results", "rubrics"):
        assert after[key] == world.before[key], f"{key} changed"
    assert after["pwned_in_project"] == world.before["pwned_in_project"] == []
    assert outcomes["_scratch"] == [], "files left in shared scratch directories"
    assert outcomes["_ipc"] == [], "System V IPC objects or POSIX queues left behind"


def test_no_process_of_any_run_survives(outcomes):
    assert outcomes["_survivors"] == [], "processes of sandbox uids are still alive"
    assert outcomes["_marked_descendants"] == [], "sandbox processes (no_new_privs) still descend from the grader"


def test_grader_memory_stays_bounded(outcomes):
    # Every run's output, answers and reports are held at once here; the oversized channel
    # (24 MB) and the 10**7-element answers are cut before they reach the grader's memory.
    assert outcomes["_rss_growth_kib"] < 400 * 1024, outcomes["_rss_growth_kib"]


def test_network_is_closed(outcomes, world):
    if not world.listener.available:
        pytest.skip(f"port {LISTEN_PORT} is busy: cannot listen for the attack")
    ran = [outcomes[(mode, "sockets.py")] for mode in MODES if (mode, "sockets.py") in outcomes]
    assert ran and all({"seccomp"} & set(o.report.run.layers) or {"network_namespace"} & set(o.report.run.layers) for o in ran)
    assert world.listener.received == []


def test_manifest_matches_corpus():
    on_disk = {p.name for p in HOSTILE.glob("*.py")}
    listed = {case["file"] for case in CASE_LIST if "generate" not in case}
    assert on_disk == listed
    assert len(CASE_LIST) >= 35
    issue_15 = [c for c in CASE_LIST if c["file"].startswith(("slow_", "huge_valid", "ipc_"))]
    assert len(issue_15) >= 15
    for case in CASE_LIST:
        assert set(case) <= {"file", "tries", "score", "status", "passed", "output_truncated", "same_uid", "generate",
                             "channel_rejected", "invalid", "unproven", "valid_extra"}
        assert 0 <= case["score"] <= sum(HONEST_ITEMS.values()) + case.get("valid_extra", 0)


def test_hostile_expressions_are_refused_by_the_parser():
    from grader.expressions.parser import ExpressionError, parse_expression
    tree = ast.parse((HOSTILE / "expression_import.py").read_text())  # read, never executed
    strings = next(ast.literal_eval(node.value) for node in tree.body
                   if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "HOSTILE_EXPRESSIONS")
    assert len(strings) >= 10
    for text in strings:
        began = time.monotonic()
        with pytest.raises(ExpressionError):
            parse_expression(text, ["x"])
        assert time.monotonic() - began < 1.0, text


# ---------------------------------------------------------------- real modes in subprocesses

_SCRIPT = textwrap.dedent('''
    import json, os, sys
    from concurrent.futures import ThreadPoolExecutor
    from grader.api import GradeOptions, grade
    from grader.sandbox.runner import Limits
    rubric, results_dir, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    limits = Limits(wall_seconds=3, cpu_seconds=1, memory_mb=384)
    def one(path):
        r = grade(path, rubric, options=GradeOptions(limits=limits, hide=[results_dir]))
        return {"file": os.path.basename(path), "score": r.score, "status": r.run.status, "layers": r.run.layers,
                "stdout": r.run.stdout, "message": r.run.message, "stderr": r.run.stderr[-1500:],
                "text": json.dumps(r.model_dump(mode="json"))}
    with ThreadPoolExecutor(4) as pool:
        print(json.dumps(list(pool.map(one, names))))
''')


def _subprocess_cases(command: list[str], world: World, names: list[str], env: dict, timeout: float = 60) -> list[dict]:
    script = world.generated / "run_cases.py"
    script.write_text(_SCRIPT)
    script.chmod(0o644)
    completed = subprocess.run(command + [str(script), str(world.rubric), str(world.results)]
                               + [str(HOSTILE / n) for n in names],
                               capture_output=True, text=True, timeout=timeout, env=env, cwd="/")
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


LAPTOP_CASES = ["ipc_msg_leftover.py", "ipc_shm_leftover.py", "ipc_reads_other_runs.py", "kills_parent.py", "kill_minus_one.py", "fork_bomb.py", "double_forked_daemon.py", "daemon_clean_env.py",
                "thousands_of_threads.py", "reads_proc_environ.py", "ptrace_parent.py", "modifies_limits.py", "busy_loop.py",
                "reads_sibling_memory.py", "sleeps.py"]


def test_laptop_mode_as_a_real_non_root_user(world):
    """The grader as ``nobody``: the child shares its uid.  Attacks on the grader's process
    (signals, ptrace, its memory and environment, its limits) must fail, fork bombs stay
    bounded, and the sweep must still find every daemon."""
    if not IS_ROOT or not shutil.which("unshare") or not shutil.which("setpriv") or not runner.namespace_available():
        pytest.skip("needs root, unshare and setpriv to start the grader as nobody with this Python")
    if sys.prefix != sys.base_prefix:
        pytest.skip("inside a virtual environment: the bind-mount trick below assumes a plain installation")
    nobody = 65534
    before = set(_live_pids_with_uid_in(range(nobody, nobody + 1)))
    prefix = Path(sys.base_prefix)
    hidden_home = next((p for p in prefix.parents if p != Path("/") and not p.stat().st_mode & stat.S_IXOTH), None)
    keep = world.generated / "keep"
    keep.mkdir()
    # The Python may live under a directory nobody cannot traverse (/root, mode 700).  In a mount
    # namespace of this command only, an empty tmpfs replaces that directory and the Python tree
    # is bound back at the same path, so sys.executable stays valid for the grader's children.
    setup = ""
    if hidden_home is not None:
        inner = prefix.relative_to(hidden_home).parts[0]
        setup = (f'mount --bind "{hidden_home / inner}" "{keep}" && mount -t tmpfs -o mode=755 tmpfs "{hidden_home}" && '
                 f'mkdir "{hidden_home / inner}" && mount --bind "{keep}" "{hidden_home / inner}" && ')
    command = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
               setup + f'exec setpriv --reuid={nobody} --regid={nobody} --clear-groups "{sys.executable}" "$@"', "sh"]
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/tmp", "GRADER_HOSTILE_SECRET": world.secret,
           "PYTHONPATH": str(ROOT)}  # this checkout's grader, whatever is installed
    results = _subprocess_cases(command, world, LAPTOP_CASES, env)
    by_file = {r["file"]: r for r in results}
    assert set(by_file) == set(LAPTOP_CASES)  # the grader survived every attack and reported
    for name, result in by_file.items():
        assert result["score"] == CASES[name]["score"], (name, result["status"], result["message"], result["stdout"][-500:], result["stderr"])
        assert "seccomp" in result["layers"] and "grader_undumpable" in result["layers"]
        assert "unprivileged_user" not in result["layers"]
        assert world.secret not in result["text"], name
        assert not [l for l in result["stdout"].splitlines() if l.startswith(("PWNED", "LEAK"))], (name, result["stdout"])
    time.sleep(0.2)
    assert set(_live_pids_with_uid_in(range(nobody, nobody + 1))) <= before, "a process of the non-root grader's uid survived"
    assert _ipc_leftovers(range(nobody, nobody + 1)) == []


GRADESCOPE_CASES = ["ipc_msg_leftover.py", "ipc_shm_leftover.py", "ipc_sem_leftover.py", "ipc_posix_mqueue.py",
                    "ipc_reads_other_runs.py", "reads_rubrics.py", "writes_results_json.py", "writes_outside_workdir.py", "symlink_to_outside.py",
                    "sockets.py", "endless_file.py", "double_forked_daemon.py", "reads_proc_environ.py"]


def test_root_without_cap_sys_admin(world):
    """A root grader without CAP_SYS_ADMIN (a Gradescope container): no namespaces, so the uid,
    the chroot jail, seccomp and the parent's disk watch must hold on their own."""
    if not IS_ROOT or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to drop CAP_SYS_ADMIN from a root grader")
    before = world.state()
    command = ["setpriv", "--bounding-set=-sys_admin", "--inh-caps=-sys_admin", sys.executable]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": "/root", "PYTHONPATH": str(ROOT),
           "GRADER_HOSTILE_SECRET": world.secret}
    results = _subprocess_cases(command, world, GRADESCOPE_CASES, env)
    for result in results:
        name = result["file"]
        assert result["score"] == CASES[name]["score"], (name, result["status"], result["message"], result["stdout"][-500:], result["stderr"])
        layers = set(result["layers"])
        assert "mount_namespace" not in layers and "ipc_namespace" not in layers
        assert {"unprivileged_user", "chroot", "hidden_paths", "seccomp", "no_new_privs"} <= layers, layers
        assert world.secret not in result["text"], name
        assert not [l for l in result["stdout"].splitlines() if l.startswith(("PWNED", "LEAK"))], (name, result["stdout"])
    after = world.state()
    for key in ("canary", "results", "rubrics"):
        assert after[key] == before[key], f"{key} changed"
    assert after["pwned_in_project"] == []
    default = SandboxConfig()
    assert _ipc_leftovers(range(default.uid_base, default.uid_base + default.uid_slots)) == []


# ---------------------------------------------------------------- IPC across runs (issue 15)

@pytest.mark.parametrize("mode", list(MODES))
def test_no_message_crosses_runs(world, mode):
    """One run leaves a System V message, a shared segment and a POSIX queue; the next run (another
    uid, as in a batch) finds nothing, and nothing is left after either."""
    reason = _mode_skip(mode)
    if reason:
        pytest.skip(reason)
    uid_base = UID_BASE + 100 * list(MODES).index(mode) + 90
    reports = []
    for offset, name in enumerate(["ipc_msg_leftover.py", "ipc_shm_leftover.py", "ipc_posix_mqueue.py",
                                   "ipc_reads_other_runs.py"]):
        config = SandboxConfig(uid_base=uid_base + offset, uid_slots=1, **MODES[mode])
        reports.append(grade(HOSTILE / name, world.rubric, options=GradeOptions(limits=LIMITS, sandbox=config,
                                                                                  budget=BUDGET)))
    writer, reader = reports[0], reports[-1]
    assert [r.score for r in reports] == [9, 9, 9, 9]
    assert "LEAK" not in reader.run.stdout and "done" in reader.run.stdout, reader.run.stdout
    # Each layer, where present, stops it on its own: the namespace, else seccomp refuses the call.
    assert "ipc_namespace" in writer.run.layers or "msgget: -1" in writer.run.stdout, writer.run.stdout
    if not mode.startswith("same_uid"):
        assert _ipc_leftovers(range(uid_base, uid_base + 4)) == []
    assert _ipc_leftovers(range(0)) == []  # no object with the cases' keys, whoever owns it


@pytest.mark.skipif(not IS_ROOT, reason="needs root to create IPC objects as another uid")
def test_the_sweep_removes_ipc_objects_of_the_run_uid():
    """The last line of defence (no namespace, no seccomp, e.g. not x86_64): whatever the run's
    uid created in System V IPC is removed after the run."""
    uid = UID_BASE + 99
    pid = os.fork()
    if pid == 0:  # a stand-in for a run without seccomp: create one object of each kind as the uid
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            made = [libc.shmget(0, 1 << 20, 0o1000 | 0o600), libc.msgget(0, 0o1000 | 0o600),
                    libc.semget(0, 4, 0o1000 | 0o600)]
            os._exit(0 if all(m >= 0 for m in made) else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0
    assert sorted(kind for kind, _ in runner._ipc_objects_of_uid(uid)) == ["msg", "sem", "shm"]
    assert runner._remove_ipc_of_uid(uid) == 3
    assert runner._ipc_objects_of_uid(uid) == [] and _ipc_leftovers(range(uid, uid + 1)) == []
