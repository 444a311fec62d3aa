"""The grading process's side of the zygote: the pre-loaded child package that forks fresh children.

A cold child costs a Python start and the preload of numpy (about 0.2 s of CPU); a child forked
from a process that has already done both costs a few milliseconds.  One zygote serves every
thread of a grading process: it is started on first use, restarted if it dies, and shut down
when the process exits (or by :func:`shutdown`).

What crosses to the zygote is only file descriptors and a directory name (see
:func:`grader.sandbox.child.zygote.serve`): a run's request -- the student's source, answer names and
probe inputs -- goes straight from the grading process to the forked child on the run's own
pipe, so the zygote's memory, which every later child inherits, never holds anything of a
submission, a rubric or a reference.  Each forked child then isolates itself exactly as a cold
child does, and the grading process sweeps after it exactly as for a cold child (its orphans are
re-parented to the grading process, a subreaper, not to the zygote).
"""

from __future__ import annotations

import atexit
import json
import os
import select
import socket
import subprocess
import threading
import time

CONNECT_TIMEOUT = 30.0  # a zygote that has not forked a requested child by then is replaced


from ..errors import ZygoteGone  # noqa: F401 -- defined in grader.errors, importable here as before


class Zygote:
    """One running zygote process and the socket to it."""

    def __init__(self, python: str, script: str, env: dict[str, str], launch_lock: threading.Lock,
                 known: set[int]):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            # Started under the lock a sweep holds, and registered as known at once: the zygote
            # is a child of the grader that no sweep may take for an orphan.
            with launch_lock:
                self.process = subprocess.Popen(
                    [python, "-I", script, "--zygote", str(theirs.fileno())],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    pass_fds=(theirs.fileno(),), env=env, cwd="/", start_new_session=True,
                )
                known.add(self.process.pid)
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self.python = python
        self.sock = ours
        self._known, self._known_lock = known, launch_lock
        self._send_lock = threading.Lock()

    def alive(self) -> bool:
        return self.sock.fileno() >= 0 and self.process.poll() is None

    def spawn(self, home: str, fds: list[int]) -> socket.socket:
        """Ask for a child whose stdout, stderr, request and answer pipes are ``fds``; returns
        the run's control socket (the pid arrives on it).  Raises :class:`ZygoteGone`."""
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            with self._send_lock:
                socket.send_fds(self.sock, [json.dumps({"home": home}).encode()], [theirs.fileno(), *fds])
        except OSError as exc:
            mine.close()
            raise ZygoteGone(str(exc)) from exc
        finally:
            theirs.close()
        return mine

    def close(self, timeout: float = 2.0) -> None:
        """Close the socket (the zygote kills its remaining children and exits) and reap it."""
        try:
            self.sock.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:  # pragma: no cover - a process that ignores SIGKILL
                pass
        with self._known_lock:
            self._known.discard(self.process.pid)


class ZygoteChild:
    """A run's child, forked by the zygote: what the runner needs of it (pid, exit, status)."""

    launcher = "zygote"

    def __init__(self, zygote: Zygote, home: str, request_read: int, answer_write: int, known: set[int],
                 known_lock: threading.Lock):
        stdout_read, stdout_write = os.pipe()
        stderr_read, stderr_write = os.pipe()
        try:
            self.sock = zygote.spawn(home, [stdout_write, stderr_write, request_read, answer_write])
        except BaseException:
            for fd in (stdout_read, stderr_read):
                os.close(fd)
            raise
        finally:
            for fd in (stdout_write, stderr_write):
                os.close(fd)
        self.stdout_fd, self.stderr_fd = stdout_read, stderr_read
        self.zygote = zygote
        self.pid: int | None = None
        self.returncode: int | None = None
        self.cpu_used: float | None = None
        self._pidfd: int | None = None
        self._known, self._known_lock = known, known_lock
        self._reaped = False

    def started(self, timeout: float = CONNECT_TIMEOUT) -> bool:
        """Wait for the zygote to report the child's pid.  False if it could not fork one (it
        died, or fork failed): the caller then starts a cold child instead."""
        if self.pid is not None:
            return True
        reply = self._receive(timeout)
        try:
            pid = int(reply[4:]) if reply.startswith(b"pid ") else None
        except ValueError:
            pid = None
        if pid is None:
            failed(self.zygote)
            return False
        served()
        with self._known_lock:
            self._known.add(pid)  # should the zygote die, the child becomes ours: never an orphan
        self.pid = pid
        try:
            self._pidfd = os.pidfd_open(pid)  # not reaped until we ask: still this child
        except OSError:
            self._pidfd = None
        return True

    def exited(self) -> bool:
        if self.pid is None:
            return True
        if self._pidfd is None:
            return not os.path.exists(f"/proc/{self.pid}")
        return _readable(self._pidfd, 0.0)

    def reap(self, timeout: float) -> None:
        """Have the zygote reap the child (after the sweep) and keep its status and CPU time."""
        if self.pid is None or self._reaped:
            return
        self._reaped = True
        try:
            self.sock.send(b"reap")
            reply = self._receive(timeout)
        except OSError:
            reply = b""
        if reply.startswith(b"status "):
            fields = reply.split()
            if len(fields) == 4:
                try:
                    self.returncode = os.waitstatus_to_exitcode(int(fields[1]))
                    self.cpu_used = float(fields[2]) + float(fields[3])
                except ValueError:
                    pass
            return
        # No answer: the zygote died, so the child (or its zombie) was re-parented to us.
        give_up = time.monotonic() + timeout
        while True:
            try:
                pid, status, usage = os.wait4(self.pid, os.WNOHANG)
            except ChildProcessError:
                return
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
                self.cpu_used = usage.ru_utime + usage.ru_stime
                return
            if time.monotonic() > give_up:  # pragma: no cover
                return
            time.sleep(0.002)

    def close(self) -> None:
        """Idempotent: in a threaded grader a descriptor number closed twice may already be
        another run's."""
        fds = (self.stdout_fd, self.stderr_fd, self._pidfd)
        self.stdout_fd = self.stderr_fd = self._pidfd = None
        for fd in fds:
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.sock.close()
        if self.pid is not None:
            with self._known_lock:
                self._known.discard(self.pid)

    def _receive(self, timeout: float) -> bytes:
        if not _readable(self.sock.fileno(), timeout):
            return b""
        try:
            return self.sock.recv(256)
        except OSError:
            return b""


def _readable(fd: int, timeout: float) -> bool:
    poller = select.poll()  # not select(): descriptors of a busy grader may exceed FD_SETSIZE
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(max(0, int(timeout * 1000))))


# ---------------------------------------------------------------- one zygote per grading process

_zygotes: dict[str, Zygote] = {}
_lock = threading.Lock()
_failures = 0
MAX_FAILURES = 3  # zygotes that died or could not serve in a row: after that many, this process uses cold children


def get(python: str, script: str, env: dict[str, str], launch_lock: threading.Lock, known: set[int],
        replace: Zygote | None = None) -> Zygote:
    """The running zygote for ``python``, started (or restarted) if needed.  Raises
    :class:`ZygoteGone` when zygotes keep failing here (the caller starts a cold child)."""
    global _failures
    with _lock:
        zygote = _zygotes.get(python)
        if zygote is not None and (zygote is replace or not zygote.alive()):
            _failures += 1
            zygote.close(timeout=0.5)
            del _zygotes[python]
            zygote = None
        if zygote is None:
            if _failures >= MAX_FAILURES:
                raise ZygoteGone("the zygote failed repeatedly in this process")
            zygote = _zygotes[python] = Zygote(python, script, env, launch_lock, known)
        return zygote


def served() -> None:
    """A zygote forked a child: failures are counted again from zero."""
    global _failures
    _failures = 0


def failed(zygote: Zygote) -> None:
    """A zygote accepted a request but did not fork a child for it: replace it next time."""
    global _failures
    with _lock:
        if _zygotes.get(zygote.python) is zygote:
            _failures += 1
            del _zygotes[zygote.python]
        else:
            return
    zygote.close(timeout=0.5)


def running() -> bool:
    with _lock:
        return any(z.alive() for z in _zygotes.values())


def shutdown() -> None:
    """Stop every zygote of this process (its remaining children are killed)."""
    with _lock:
        zygotes = list(_zygotes.values())
        _zygotes.clear()
    for zygote in zygotes:
        zygote.close()


def _forget_after_fork() -> None:
    """A forked copy of the grading process starts its own zygote; it must not share the socket."""
    global _lock
    _lock = threading.Lock()
    for zygote in _zygotes.values():
        try:
            zygote.sock.close()
        except OSError:
            pass
    _zygotes.clear()


atexit.register(shutdown)
os.register_at_fork(after_in_child=_forget_after_fork)

