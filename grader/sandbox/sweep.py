"""The process table and the sweep: nothing a submission starts or leaves behind outlives its run.

Read from /proc, without forking the grader: the processes of a sandbox uid (killed after a run
as root, after freezing them so none can fork away), the files and System V / POSIX IPC objects it
left in shared places, and -- in every mode -- orphans a submission double-forked, which come
back to the grader because it is a child subreaper.  Every signal is sent through a pidfd after
re-checking the target, so a pid freed and reused by an unrelated process is never hit.

``_known_children`` (under ``_known_lock``) is the runner's list of the children it started:
they are never taken for orphans.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import stat
import threading
import time
from typing import TYPE_CHECKING

from .child.protocol import SHARED_SCRATCH

if TYPE_CHECKING:  # the runner imports this module: the type only, no import cycle
    from .runner import SandboxConfig

PR_SET_CHILD_SUBREAPER = 36


def _kill_uid(uid: int) -> None:
    """Kill every process of ``uid``: freeze them all (a stopped process cannot fork), listing
    again until no new one appears, then kill them.  No fork of the grader is involved.  When
    the first listing finds nothing (the usual case: the run's child has exited or was killed
    with its group) that one scan of /proc is all it costs."""
    stopped: set[int] = set()
    for _ in range(200):
        fresh = [pid for pid in _pids_of_uid(uid) if pid not in stopped]
        if not fresh:
            break
        for pid in fresh:
            _signal_if_uid(pid, uid, signal.SIGSTOP)  # fails only if it is gone or not this uid any more
            stopped.add(pid)
    if not stopped:
        return
    for _ in range(50):
        for pid in _pids_of_uid(uid):
            _signal_if_uid(pid, uid, signal.SIGKILL)
        time.sleep(0.002)
        if not _pids_of_uid(uid):
            return


def _signal_if_uid(pid: int, uid: int, sig: int) -> bool:
    """Signal ``pid`` only if it still belongs to ``uid`` (see :func:`_signal_checked`)."""
    return _signal_checked(pid, sig, lambda p: uid in _uids(_status(p)))


def _status(pid: int) -> dict[str, str]:
    try:
        with open(f"/proc/{pid}/status") as handle:
            return dict(line.rstrip("\n").split(":\t", 1) for line in handle if ":\t" in line)
    except (OSError, ValueError):
        return {}


def _uids(status: dict[str, str]) -> set[int]:
    try:
        return {int(x) for x in status.get("Uid", "").split()}
    except ValueError:
        return set()


def _pids_of_uid(uid: int, *, include_zombies: bool = False) -> list[int]:
    """Processes whose real, effective or saved uid is ``uid`` (from /proc/PID/status:
    the owner of /proc/PID itself can read as root for processes that are not dumpable).

    Runs after every run over every process of the machine, so it reads raw bytes and looks
    only at the State and Uid lines (a quarter of the cost of parsing whole status files)."""
    pids = []
    wanted = str(uid).encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fd = os.open(f"/proc/{entry}/status", os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:
            continue
        finally:
            os.close(fd)
        start = data.find(b"\nUid:")
        if start < 0 or wanted not in data[start + 5:data.find(b"\n", start + 5)].split()[:4]:
            continue
        if not include_zombies:
            state = data.find(b"\nState:")
            if state >= 0 and data[state + 7:state + 16].lstrip()[:1] in (b"Z", b"X"):
                continue
        pids.append(int(entry))
    return pids


def _remove_files_of_uid(uid: int, roots=SHARED_SCRATCH, budget: int = 20000) -> int:
    removed = 0
    for root in roots:
        if not os.path.isdir(root):
            continue
        for dirpath, dirnames, filenames in os.walk(root, topdown=False):
            for name in filenames + dirnames:
                budget -= 1
                if budget < 0:
                    return removed
                path = os.path.join(dirpath, name)
                try:
                    info = os.lstat(path)
                    if info.st_uid != uid:
                        continue
                    if stat.S_ISDIR(info.st_mode):
                        shutil.rmtree(path, ignore_errors=True)
                    else:
                        os.unlink(path)
                    removed += 1
                except OSError:
                    pass
    return removed


IPC_RMID = 0
SYSV_IPC_TABLES = {"shm": "shmid", "msg": "msqid", "sem": "semid"}
POSIX_MQUEUE = "/dev/mqueue"


def _ipc_objects_of_uid(uid: int) -> list[tuple[str, int]]:
    """(kind, id) of every System V shared memory segment, message queue and semaphore set that
    ``uid`` owns or created, in this process's IPC namespace (from /proc/sysvipc)."""
    found = []
    for kind, id_column in SYSV_IPC_TABLES.items():
        try:
            with open(f"/proc/sysvipc/{kind}") as handle:
                header, *rows = handle.read().splitlines()
        except (OSError, ValueError):
            continue
        columns = header.split()
        try:
            at_id, at_uid, at_cuid = columns.index(id_column), columns.index("uid"), columns.index("cuid")
        except ValueError:
            continue
        for row in rows:
            fields = row.split()
            try:
                if uid in (int(fields[at_uid]), int(fields[at_cuid])):
                    found.append((kind, int(fields[at_id])))
            except (IndexError, ValueError):
                continue
    return found


def _remove_ipc_of_uid(uid: int) -> int:
    """Remove the System V IPC objects and POSIX message queues ``uid`` left behind (a segment
    is freed once its last attached process is gone: the run's processes are dead by now)."""
    removed = 0
    objects = _ipc_objects_of_uid(uid)
    if objects:
        libc = ctypes.CDLL(None, use_errno=True)
        remove = {"shm": lambda i: libc.shmctl(i, IPC_RMID, None), "msg": lambda i: libc.msgctl(i, IPC_RMID, None),
                  "sem": lambda i: libc.semctl(i, 0, IPC_RMID)}
        for kind, number in objects:
            removed += remove[kind](number) == 0
    try:
        queues = list(os.scandir(POSIX_MQUEUE))
    except OSError:
        queues = []
    for entry in queues:
        try:
            if entry.stat(follow_symlinks=False).st_uid == uid:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass
    return removed


# ---------------------------------------------------------------- orphans (every mode)

_subreaper_set = False
_known_children: set[int] = set()
_known_lock = threading.Lock()


def _become_subreaper() -> bool:
    """Orphans of our children (a double-forked daemon) are re-parented to us, not to init,
    so they can be found and reaped even in a container whose init does not reap."""
    global _subreaper_set
    if not _subreaper_set:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            _subreaper_set = libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
        except OSError:
            _subreaper_set = False
    return _subreaper_set



def _parent_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return int(handle.read().rsplit(b")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _parent_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            parent = _parent_of(int(entry))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry))
    return children


def _children_of(pid: int) -> list[int]:
    return _parent_map().get(pid, [])


def _signal_checked(pid: int, sig: int, check) -> bool:
    """Signal ``pid`` only if ``check(pid)`` holds while a pidfd pins the process, so a pid
    freed and reused by an unrelated process (or a thread of the grader) is never hit."""
    try:
        handle = os.pidfd_open(pid)
    except AttributeError:  # pragma: no cover - Python or kernel without pidfds
        if not check(pid):
            return False
        try:
            os.kill(pid, sig)
            return True
        except OSError:
            return False
    except OSError:
        return False
    try:
        if not check(pid):
            return False
        signal.pidfd_send_signal(handle, sig)
        return True
    except OSError:
        return False
    finally:
        os.close(handle)


def _kill_tree(root: int, check) -> None:
    """Freeze ``root`` and all its descendants that pass ``check`` (a stopped process cannot
    fork), listing again until no new one appears, then kill them all."""
    stopped: list[int] = []
    for _ in range(200):
        children = _parent_map()
        found, stack = [], [root]
        while stack:
            pid = stack.pop()
            found.append(pid)
            stack.extend(children.get(pid, []))
        fresh = [pid for pid in found if pid not in stopped]
        if not fresh:
            break
        for pid in fresh:
            _signal_checked(pid, signal.SIGSTOP, check)
            stopped.append(pid)
    for pid in stopped:
        _signal_checked(pid, signal.SIGKILL, check)


def _limit_hard(pid: int, name: str) -> str | None:
    try:
        with open(f"/proc/{pid}/limits") as handle:
            for line in handle:
                if line.startswith(name):
                    return line[len(name):].split()[1]
    except (OSError, IndexError):
        pass
    return None


def _is_sandbox_process(pid: int, config: SandboxConfig) -> bool:
    """Marks a sandbox process keeps whatever it does: its uid (as root), and otherwise the
    no-new-privileges flag and a finite hard CPU limit, which no process can ever clear.  The
    environment variable is only a fallback (a process can exec with a clean environment)."""
    status = _status(pid)
    if not status:
        return False
    if any(config.uid_base <= uid < config.uid_base + config.uid_slots for uid in _uids(status)):
        return True
    mine = _status(os.getpid())
    if status.get("NoNewPrivs", "0").strip() == "1" and mine.get("NoNewPrivs", "0").strip() != "1":
        return True
    if _limit_hard(os.getpid(), "Max cpu time") == "unlimited" and _limit_hard(pid, "Max cpu time") not in (None, "unlimited"):
        return True
    try:
        with open(f"/proc/{pid}/environ", "rb") as handle:
            return b"GRADER_SANDBOX=1" in handle.read().split(b"\0")
    except OSError:
        return False


def _sweep_orphans(config: SandboxConfig) -> int:
    """Kill and reap sandbox processes that were re-parented to this (subreaper) process.

    Everything happens under the lock that spawning holds: a child being started is never
    taken for an orphan, and two sweeps never reap each other's zombies (a reaped pid can be
    reused at once by a new child of this process)."""
    killed = 0
    with _known_lock:
        for _ in range(20):
            orphans = [pid for pid in _children_of(os.getpid())
                       if pid not in _known_children and _is_sandbox_process(pid, config)]
            if not orphans:
                break
            for pid in orphans:
                _kill_tree(pid, lambda p: _is_sandbox_process(p, config))
                killed += 1
            for pid in orphans:
                _reap(pid)
    return killed


def _reap(pid: int, timeout: float = 1.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return
        if done or time.monotonic() > deadline:
            return
        time.sleep(0.005)

