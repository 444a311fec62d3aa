"""Run a submission in a child process and bring back its answers as bytes.

The grading process never imports the submission.  :func:`start` launches
``python -I child.py`` at once (it preloads numpy while the grader loads its
rubric and references), :meth:`RunHandle.send` gives it the request, and
:meth:`RunHandle.wait` collects the outcome under a wall-clock deadline.

Layers of protection (each recorded in the outcome when active):

``rlimits``            CPU seconds, address space, file size, open files, no core files,
                       and process count for the sandbox uid.
``process_group``      the child leads its own session; the whole group is killed after.
``empty_env``          only PATH, LANG, HOME and BLAS thread settings are passed.
``unprivileged_user``  as root, the child runs as a uid of its own (one per concurrent
                       run, from ``SandboxConfig.uid_base``) with no supplementary groups.
``mount_namespace``    when the kernel allows it: private /tmp, /var/tmp, /dev/shm.
``hidden_paths``       grader project, rubrics, references and results unreadable to the
                       child (empty mounts over them, or file permissions that already
                       deny the sandbox uid).
``no_new_privs``       setuid binaries cannot raise privileges again.
``sweep``              after the run every process of the sandbox uid (as root) or every
                       orphan re-parented to the grader (otherwise) is killed, and files
                       the uid left in shared scratch directories are removed.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import selectors
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

CHILD_SCRIPT = Path(__file__).with_name("child.py")
PR_SET_CHILD_SUBREAPER = 36
SHARED_SCRATCH = ("/tmp", "/var/tmp", "/dev/shm")


class Limits(BaseModel):
    """Resource limits for one submission run."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    wall_seconds: float = Field(default=20.0, gt=0, description="Wall-clock time for the whole run, answers included.")
    cpu_seconds: int = Field(default=15, gt=0, description="CPU seconds (RLIMIT_CPU).")
    memory_mb: int = Field(default=1536, gt=64, description="Address space in MiB (RLIMIT_AS).")
    file_mb: int = Field(default=16, gt=0, description="Largest file the child may write, MiB (RLIMIT_FSIZE).")
    scratch_mb: int = Field(default=32, gt=0, description="Size of the private /tmp when a mount namespace is available.")
    open_files: int = Field(default=64, ge=16, description="Open file descriptors (RLIMIT_NOFILE).")
    processes: int = Field(default=32, ge=1, description="Processes and threads of the sandbox uid (RLIMIT_NPROC, as root only).")
    answer_bytes: int = Field(default=8 * 1024 * 1024, gt=0, description="Largest answer document read back.")
    output_bytes: int = Field(default=32 * 1024, gt=0, description="Stdout/stderr kept for the report; the rest is discarded.")
    call_seconds: float = Field(default=2.0, gt=0, description="Time for each call of a submitted function.")


@dataclass
class SandboxConfig:
    """Where and as whom the child runs."""

    hide: list[str] = field(default_factory=list)
    drop_privileges: bool | None = None  # None: when running as root
    uid_base: int = 61000
    uid_slots: int = 1000
    use_namespace: bool | None = None  # None: when available
    python: str = sys.executable


class RunOutcome(BaseModel):
    """What happened to the child.  ``channel`` holds the raw answer document, untrusted."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    status: str = Field(description="finished, timeout, crashed, killed")
    returncode: int | None = None
    signal: str | None = None
    duration: float = 0.0
    layers: list[str] = Field(default_factory=list)
    stdout: str = ""
    stderr: str = ""
    output_truncated: bool = False
    channel: bytes | None = None
    channel_overflow: bool = False
    message: str = ""


# ---------------------------------------------------------------- uid slots

class _UidSlot:
    """A sandbox uid reserved for one run, across grader processes, by a lock file."""

    def __init__(self, config: SandboxConfig):
        lock_dir = Path(tempfile.gettempdir()) / "grader-uid-locks"
        lock_dir.mkdir(mode=0o700, exist_ok=True)
        start = (os.getpid() * 7919 + threading.get_ident()) % config.uid_slots
        for offset in range(config.uid_slots):
            uid = config.uid_base + (start + offset) % config.uid_slots
            handle = open(lock_dir / f"{uid}.lock", "w")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                continue
            self.uid, self._handle = uid, handle
            return
        raise RuntimeError("no free sandbox uid")

    def release(self) -> None:
        fcntl.flock(self._handle, fcntl.LOCK_UN)
        self._handle.close()


def _kill_uid(uid: int) -> None:
    """Kill every process of ``uid``: a forked helper becomes that uid and signals -1."""
    for _ in range(3):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the forked helper
            try:
                os.setgroups([])
                os.setresgid(uid, uid, uid)
                os.setresuid(uid, uid, uid)
                os.kill(-1, signal.SIGKILL)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        if not _pids_of_uid(uid):
            return
        time.sleep(0.01)


def _pids_of_uid(uid: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    pids.append(int(entry))
            except OSError:
                pass
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


# ---------------------------------------------------------------- non-root sweep

_subreaper_set = False
_known_children: set[int] = set()
_known_lock = threading.Lock()


def _become_subreaper() -> bool:
    global _subreaper_set
    if not _subreaper_set:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            _subreaper_set = libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
        except OSError:
            _subreaper_set = False
    return _subreaper_set


def _children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(entry))
        except (OSError, IndexError, ValueError):
            pass
    return found


def _kill_tree(root: int) -> None:
    stack, seen = [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            os.kill(pid, signal.SIGSTOP)
        except OSError:
            pass
        stack.extend(_children_of(pid))
    for pid in seen:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _sweep_orphans() -> None:
    """Kill orphans of earlier runs that were re-parented to this (subreaper) process."""
    with _known_lock:
        known = set(_known_children)
    for pid in _children_of(os.getpid()):
        if pid not in known and _is_sandbox_orphan(pid):
            _kill_tree(pid)
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass


def _is_sandbox_orphan(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/environ", "rb") as handle:
            return b"GRADER_SANDBOX=1" in handle.read()
    except OSError:
        return True


# ---------------------------------------------------------------- the run

def namespace_available() -> bool:
    return os.geteuid() == 0 and shutil.which("unshare") is not None and _probe_unshare()


_unshare_ok: bool | None = None


def _probe_unshare() -> bool:
    global _unshare_ok
    if _unshare_ok is None:
        try:
            _unshare_ok = subprocess.run(["unshare", "-m", "true"], capture_output=True, timeout=5).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            _unshare_ok = False
    return _unshare_ok


def _readable_by_others(path: str) -> bool:
    current = Path(path).resolve()
    try:
        if not current.exists():
            return False
        mode = current.stat().st_mode
        if not mode & (stat.S_IROTH if current.is_file() else stat.S_IXOTH):
            return False
        for parent in current.parents:
            if not parent.stat().st_mode & stat.S_IXOTH:
                return False
    except OSError:
        return False
    return True


class RunHandle:
    """A started child.  Call :meth:`send` once, then :meth:`wait` once."""

    def __init__(self, limits: Limits, config: SandboxConfig):
        self.limits = limits
        self.config = config
        self.started = time.monotonic()
        self.dropping = os.geteuid() == 0 if config.drop_privileges is None else config.drop_privileges
        self.namespace = namespace_available() if config.use_namespace is None else config.use_namespace
        self.slot = _UidSlot(config) if self.dropping else None
        self.workdir = tempfile.mkdtemp(prefix="grader-run-")
        if not self.dropping:
            _become_subreaper()
        request_read, self._request_write = os.pipe()
        self._answer_read, answer_write = os.pipe()
        env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "HOME": self.workdir,
            "GRADER_SANDBOX": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
        }
        self.process = subprocess.Popen(
            [config.python, "-I", str(CHILD_SCRIPT), str(request_read), str(answer_write)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=(request_read, answer_write),
            env=env,
            cwd=self.workdir,
            start_new_session=True,
        )
        with _known_lock:
            _known_children.add(self.process.pid)
        os.close(request_read)
        os.close(answer_write)
        self._sent = False

    def send(self, source: str | None, answer_names: list[str], *, calls: list[dict] | None = None,
             cells: list[str] | None = None, filename: str = "submission.py") -> None:
        request = {
            "source": source,
            "cells": cells,
            "filename": filename,
            "answers": answer_names,
            "calls": calls or [],
            "limits": self.limits.model_dump(),
            "workdir": self.workdir,
            "namespace": self.namespace,
            "hide": [str(Path(p).resolve()) for p in self.config.hide],
            "uid": self.slot.uid if self.slot else None,
            "gid": self.slot.uid if self.slot else None,
        }
        payload = json.dumps(request).encode()
        fd = self._request_write

        def feed() -> None:
            try:
                view = memoryview(payload)
                while view:
                    written = os.write(fd, view[:65536])
                    view = view[written:]
            except OSError:
                pass
            finally:
                os.close(fd)

        threading.Thread(target=feed, daemon=True).start()
        self._sent = True

    def wait(self) -> RunOutcome:
        if not self._sent:
            raise RuntimeError("send() the request before wait()")
        try:
            return self._collect()
        finally:
            self._cleanup()

    # -- internals

    def _collect(self) -> RunOutcome:
        limits = self.limits
        deadline = self.started + limits.wall_seconds
        buffers = {"stdout": bytearray(), "stderr": bytearray(), "answers": bytearray()}
        caps = {"stdout": limits.output_bytes, "stderr": limits.output_bytes, "answers": limits.answer_bytes + 65536}
        overflow = {"stdout": False, "stderr": False, "answers": False}
        selector = selectors.DefaultSelector()
        streams = {"stdout": self.process.stdout.fileno(), "stderr": self.process.stderr.fileno(), "answers": self._answer_read}
        for name, fd in streams.items():
            os.set_blocking(fd, False)
            selector.register(fd, selectors.EVENT_READ, name)
        timed_out = False
        exited_at = None
        while selector.get_map():
            now = time.monotonic()
            if now >= deadline:
                timed_out = self.process.poll() is None
                break
            if exited_at is None and self.process.poll() is not None:
                exited_at = now
            if exited_at is not None and now - exited_at > 0.5:
                break  # leftover descendants hold the pipes open; the sweep ends them
            timeout = min(deadline - now, 0.05 if exited_at is None else 0.02)
            for key, _ in selector.select(timeout):
                name = key.data
                try:
                    chunk = os.read(key.fd, 65536)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    chunk = b""
                if not chunk:
                    selector.unregister(key.fd)
                    continue
                room = caps[name] - len(buffers[name])
                if room > 0:
                    buffers[name] += chunk[:room]
                if len(chunk) > room:
                    overflow[name] = True
                    if name == "answers":
                        selector.unregister(key.fd)
        selector.close()
        self._terminate()
        returncode = self.process.returncode
        duration = time.monotonic() - self.started
        return self._outcome(buffers, overflow, timed_out, returncode, duration)

    def _terminate(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except OSError:
            pass
        if self.slot is not None:
            _kill_uid(self.slot.uid)
        else:
            _kill_tree(self.process.pid)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - a kernel that does not deliver SIGKILL
            pass
        if self.slot is None:
            _sweep_orphans()

    def _outcome(self, buffers, overflow, timed_out, returncode, duration) -> RunOutcome:
        layers = ["rlimits", "process_group", "empty_env"]
        raw = bytes(buffers["answers"])
        header, _, document = raw.partition(b"\n")
        try:
            announced = json.loads(header) if header else {}
            child_layers = [x for x in announced.get("layers", []) if isinstance(x, str)]
            child_uid = announced.get("uid")
        except (ValueError, AttributeError):
            child_layers, child_uid = [], None
        if self.slot is not None and child_uid == self.slot.uid:
            layers.append("unprivileged_user")
        layers += [x for x in child_layers if x in ("mount_namespace", "hidden_paths", "no_new_privs")]
        if "hidden_paths" not in layers and self.slot is not None and self.config.hide and \
                not any(_readable_by_others(p) for p in self.config.hide):
            layers.append("hidden_paths")
        layers.append("sweep")
        signal_name = None
        if returncode is not None and returncode < 0:
            try:
                signal_name = signal.Signals(-returncode).name
            except ValueError:
                signal_name = str(-returncode)
        if timed_out:
            status, message = "timeout", f"the submission did not finish within {self.limits.wall_seconds:g} s and was stopped"
        elif signal_name == "SIGXCPU" or (signal_name == "SIGKILL" and duration >= self.limits.cpu_seconds):
            status, message = "timeout", f"the submission used more than {self.limits.cpu_seconds} s of CPU time and was stopped"
        elif signal_name:
            status, message = "killed", f"the submission was killed by {signal_name}"
        elif returncode not in (0, None) and not document:
            status, message = "crashed", f"the submission's process exited with status {returncode} before sending answers"
        else:
            status, message = "finished", ""
        if not header and status == "finished":
            status, message = "crashed", "the sandbox could not start the submission"
        return RunOutcome(
            status=status,
            returncode=returncode,
            signal=signal_name,
            duration=duration,
            layers=layers,
            stdout=bytes(buffers["stdout"]).decode("utf-8", "replace"),
            stderr=bytes(buffers["stderr"]).decode("utf-8", "replace"),
            output_truncated=overflow["stdout"] or overflow["stderr"],
            channel=document if (document and not overflow["answers"]) else None,
            channel_overflow=overflow["answers"],
            message=message,
        )

    def _cleanup(self) -> None:
        for stream in (self.process.stdout, self.process.stderr):
            try:
                stream.close()
            except OSError:
                pass
        try:
            os.close(self._answer_read)
        except OSError:
            pass
        if self.slot is not None:
            if not self.namespace:
                _remove_files_of_uid(self.slot.uid)
            self.slot.release()
        shutil.rmtree(self.workdir, ignore_errors=True)
        with _known_lock:
            _known_children.discard(self.process.pid)


def start(limits: Limits | None = None, config: SandboxConfig | None = None) -> RunHandle:
    """Launch a child now; it preloads numpy while the caller prepares the request."""
    return RunHandle(limits or Limits(), config or SandboxConfig())


def run(source: str, answer_names: list[str], *, limits: Limits | None = None, config: SandboxConfig | None = None,
        calls: list[dict] | None = None, cells: list[str] | None = None) -> RunOutcome:
    handle = start(limits, config)
    handle.send(source, answer_names, calls=calls, cells=cells)
    return handle.wait()


def describe_layers(layers: list[str]) -> dict[str, Any]:
    return {"active": layers}
