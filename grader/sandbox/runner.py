"""Run a submission in a child process and bring back its answers as bytes.

The grading process never imports the submission.  :func:`start` launches
``python -I grader/sandbox/child`` at once (it preloads numpy while the grader loads its
rubric and references), :meth:`RunHandle.send` gives it the request (an 8-byte
length, then JSON) and starts the wall clock, and :meth:`RunHandle.wait`
collects the outcome under that deadline.

The answer pipe carries lines: a header written before any student statement
runs (active layers, uid), then answer *snapshots*, the last complete one of
which becomes :attr:`RunOutcome.channel` -- so answers assigned before a
timeout, a crash or a kill are still graded.  Everything on it is untrusted.

Layers of protection (each recorded in the outcome when active):

``rlimits``            CPU seconds, address space, file size, open files, no core files,
                       and process count for the sandbox uid.
``process_group``      the child leads its own session; the whole group is killed after.
``empty_env``          only PATH, LANG, HOME and BLAS thread settings are passed.
``unprivileged_user``  as root, the child runs as a uid of its own (one per concurrent
                       run, from ``SandboxConfig.uid_base``) with no supplementary groups.
``mount_namespace``    when the kernel allows it (root with CAP_SYS_ADMIN): the run's files
                       live on a size- and inode-limited tmpfs; private /tmp, /var/tmp,
                       /dev/shm; empty mounts over the grader's files.
``network_namespace``  with the mount namespace: no network at all (loopback down).
``ipc_namespace``      with the mount namespace: System V IPC objects and POSIX message
                       queues of the run are its own and vanish with it.
``chroot``             as root (CAP_SYS_CHROOT, which containers keep): the child is jailed
                       in its run directory before dropping privileges, so no file of the
                       machine outside it exists for the submission.
``hidden_paths``       grader project, rubrics, references and results unreachable by the
                       child (jail, empty mounts over them, or file permissions that already
                       deny the sandbox uid).
``no_new_privs``       setuid binaries cannot raise privileges again.
``seccomp``            (x86_64) no sockets, ptrace, mounts, namespaces, io_uring, kernel
                       keyring, System V IPC or POSIX message queues, and no signal to the
                       grader or its ancestors.
``child_undumpable``   other processes of the same uid (concurrent runs sharing the grader's
                       uid) cannot ptrace the child or read its memory or environment.
``grader_undumpable``  when the child shares the grader's uid: the grader process is made
                       non-dumpable, so that uid cannot read its memory or environment.
``sweep``              after the run every process of the sandbox uid (as root) or every
                       marked orphan re-parented to the grader, a subreaper (otherwise), is
                       killed, and files the uid left in shared scratch directories and
                       System V IPC objects / POSIX message queues it owns are removed.  Without a size-limited tmpfs the parent also watches the
                       run directory's size and stops a run that exceeds ``scratch_mb``.
"""

from __future__ import annotations

import ctypes
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

from . import zygote
from ..statements import Statement, read_submission
from .channel import ANSWER_PIPE_BYTES, _Channel, _widen
from .child.protocol import SHARED_SCRATCH, frame_request
from .sweep import (  # the process helpers tests reach through this module are re-exported too
    PR_SET_CHILD_SUBREAPER, _become_subreaper, _ipc_objects_of_uid, _is_sandbox_process, _kill_tree, _kill_uid,
    _known_children, _known_lock, _parent_of, _pids_of_uid, _remove_files_of_uid, _remove_ipc_of_uid, _status,
    _sweep_orphans, _uids,
)
from .uids import UID_WAIT_SECONDS, _lock_dir, _UidSlot

# The run handle lives here; its parts live by idea beside it (uids, sweep, channel, protocol).
# Names imported above stay importable from this module, as before the split (to change
# UID_WAIT_SECONDS, patch grader.sandbox.uids, which reads it).
__all__ = [
    "ANSWER_PIPE_BYTES", "CHILD_PACKAGE", "Limits", "PR_SET_CHILD_SUBREAPER", "RunHandle", "RunOutcome", "SHARED_SCRATCH",
    "SandboxConfig", "UID_WAIT_SECONDS", "describe_layers", "namespace_available", "run", "start", "use_zygote",
]

CHILD_PACKAGE = Path(__file__).with_name("child")  # run as a script: python -I runs its __main__.py
PR_SET_DUMPABLE = 4


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
    # Modules the child imports before isolating, beside its own list (child/preload.py): after the
    # jail and the drop a submission can only import what is already loaded.
    extra_modules: list[str] = field(default_factory=list)
    # Fork each child from a pre-loaded zygote instead of starting an interpreter (see
    # grader/sandbox/zygote.py).  None: GRADER_SANDBOX_ZYGOTE, else from a process's second run on.
    zygote: bool | None = None


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
    launcher: str = Field(default="", description="cold (a fresh interpreter) or zygote (forked from the pre-loaded process)")


# ---------------------------------------------------------------- the grader itself

_undumpable = False


def _make_grader_undumpable() -> bool:
    """When the child shares our uid: a non-dumpable process's memory (/proc/PID/mem, ptrace)
    and environment are closed to other processes of the same uid, so a submission cannot
    read the expected values the grader computes while it runs."""
    global _undumpable
    if not _undumpable:
        try:
            _undumpable = ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0
        except OSError:
            _undumpable = False
    return _undumpable


# ---------------------------------------------------------------- disk use without a tmpfs

def _tree_usage(root: str, max_entries: int) -> tuple[int, int]:
    """(bytes allocated, entries) under ``root``, without following symlinks; stops counting
    entries at ``max_entries``."""
    total, entries, stack = 0, 0, [root]
    while stack and entries <= max_entries:
        try:
            with os.scandir(stack.pop()) as listing:
                for entry in listing:
                    entries += 1
                    try:
                        info = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    total += info.st_blocks * 512
                    if stat.S_ISDIR(info.st_mode):
                        stack.append(entry.path)
        except OSError:
            continue
    return total, entries


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
    """Could a uid of its own reach ``path`` by permissions alone (read it, or write into it)?"""
    current = Path(path).resolve()
    try:
        if not current.exists():
            return False
        mode = current.stat().st_mode
        if not mode & (stat.S_IROTH | stat.S_IWOTH if current.is_file() else stat.S_IXOTH):
            return False
        for parent in current.parents:
            if not parent.stat().st_mode & stat.S_IXOTH:
                return False
    except OSError:
        return False
    return True


class _ColdChild:
    """A child started as a fresh interpreter (``python -I grader/sandbox/child``)."""

    launcher = "cold"

    def __init__(self, config: SandboxConfig, env: dict[str, str], workdir: str, request_read: int, answer_write: int):
        # Spawned and registered under the lock a sweep holds, so no concurrent sweep can take
        # this new child for an orphan.
        with _known_lock:
            self.process = subprocess.Popen(
                [config.python, "-I", str(CHILD_PACKAGE), str(request_read), str(answer_write)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=(request_read, answer_write),
                env=env,
                cwd=workdir,
                start_new_session=True,
            )
            _known_children.add(self.process.pid)
        self.pid = self.process.pid
        self.stdout_fd, self.stderr_fd = self.process.stdout.fileno(), self.process.stderr.fileno()
        self.returncode: int | None = None
        self.cpu_used: float | None = None

    def started(self, timeout: float = 0.0) -> bool:
        return True

    def exited(self) -> bool:
        """Has the child exited?  It is not reaped here: until the run's group and descendants
        are killed, its zombie keeps its pid (and process group id) from being reused."""
        try:
            return os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
        except ChildProcessError:  # pragma: no cover - reaped elsewhere
            return True

    def reap(self, timeout: float) -> None:
        """Reap the child, keeping its exit status and CPU time (os.wait4's rusage)."""
        give_up = time.monotonic() + timeout
        while self.returncode is None:
            try:
                pid, status, usage = os.wait4(self.pid, os.WNOHANG)
            except ChildProcessError:  # pragma: no cover - reaped elsewhere
                self.returncode = self.process.poll()
                return
            if pid:
                self.returncode = self.process.returncode = os.waitstatus_to_exitcode(status)
                self.cpu_used = usage.ru_utime + usage.ru_stime
                return
            if time.monotonic() > give_up:  # pragma: no cover - a kernel that does not deliver SIGKILL
                return
            time.sleep(0.002)

    def close(self) -> None:  # idempotent: file objects close once
        for stream in (self.process.stdout, self.process.stderr):
            try:
                stream.close()
            except OSError:
                pass
        with _known_lock:
            _known_children.discard(self.pid)


def use_zygote(config: SandboxConfig) -> bool:
    """Start this run's child from the zygote?  ``SandboxConfig.zygote`` if set, else the
    environment variable ``GRADER_SANDBOX_ZYGOTE`` (1 or 0), else: once this process grades
    more than one submission (a batch, a test suite, a server), i.e. from its second run on.  A
    single ``grader run`` uses a cold child: a zygote would cost the same interpreter start."""
    if config.zygote is not None:
        return config.zygote
    setting = os.environ.get("GRADER_SANDBOX_ZYGOTE", "").strip().lower()
    if setting in ("0", "1", "false", "true", "no", "yes", "off", "on"):
        return setting in ("1", "true", "yes", "on")
    return _runs_started > 0


_runs_started = 0
_runs_lock = threading.Lock()


def _child_env(home: str) -> dict[str, str]:
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": home,
        "GRADER_SANDBOX": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }


def _launch(config: SandboxConfig, workdir: str, request_read: int, answer_write: int):
    """The run's child: forked by the zygote when wanted and possible, else a cold interpreter."""
    global _runs_started
    with _runs_lock:
        wanted = use_zygote(config)
        _runs_started += 1
    if wanted:
        try:
            previous = None
            for _ in range(2):  # a dead zygote is replaced once
                server = zygote.get(config.python, str(CHILD_PACKAGE), _child_env("/"), _known_lock, _known_children,
                                    replace=previous)
                try:
                    return zygote.ZygoteChild(server, workdir, request_read, answer_write, _known_children, _known_lock)
                except zygote.ZygoteGone:
                    previous = server
        except OSError:  # the zygote cannot be started at all (no pidfds, no fds left...)
            pass
    return _ColdChild(config, _child_env(workdir), workdir, request_read, answer_write)



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
        _become_subreaper()
        self.undumpable = _make_grader_undumpable() if self.slot is None else False
        self._sent = False
        self._payload = b""
        self._child_layers: list[str] = []
        self.disk_exceeded = False
        self.cpu_used: float | None = None
        try:
            self._start_child(lambda request_read, answer_write: _launch(config, self.workdir, request_read, answer_write))
        except BaseException:
            if self.slot is not None:
                self.slot.release()
            shutil.rmtree(self.workdir, ignore_errors=True)
            raise

    def _start_child(self, launch) -> None:
        request_read, request_write = os.pipe()
        answer_read, answer_write = os.pipe()
        _widen(answer_write)
        try:
            child = launch(request_read, answer_write)
        except BaseException:
            os.close(request_write)
            os.close(answer_read)
            raise
        finally:
            os.close(request_read)
            os.close(answer_write)
        self.child, self._request_write, self._answer_read = child, request_write, answer_read

    def _close_answer_pipe(self) -> None:
        """Closed once: in a threaded grader a descriptor number closed twice may already be
        another run's."""
        fd, self._answer_read = self._answer_read, None
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                pass

    @property
    def launcher(self) -> str:
        return self.child.launcher

    def send(self, source: str | None, answer_names: list[str], *, calls: list[dict] | None = None,
             cells: list[str] | None = None, filename: str = "submission.py",
             statements: list[Statement] | None = None) -> None:
        """Start the submission: ``statements`` as read by :func:`grader.statements.read_submission`
        (read here from ``source`` or ``cells`` when not given; what could not be read is then
        simply not run)."""
        if statements is None:
            statements = read_submission(source, cells).statements
        request = {
            "statements": [{"source": s.source, "cell": s.cell} for s in statements],
            "filename": filename,
            "answers": answer_names,
            "calls": calls or [],
            "limits": self.limits.model_dump(),
            "workdir": self.workdir,
            "namespace": self.namespace,
            "hide": [str(Path(p).resolve()) for p in self.config.hide],
            "uid": self.slot.uid if self.slot else None,
            "gid": self.slot.uid if self.slot else None,
            "preload": list(self.config.extra_modules),
        }
        body = json.dumps(request).encode()
        self._payload = frame_request(body)
        self._feed()
        self.sent_at = time.monotonic()
        self._sent = True

    def _feed(self) -> None:
        """Write the request without ever blocking the caller: what the pipe takes now, the
        rest from a thread (the child may still be preloading)."""
        payload, fd = self._payload, self._request_write
        view = memoryview(payload)
        try:
            os.set_blocking(fd, False)
            while view:
                view = view[os.write(fd, view[:65536]):]
        except BlockingIOError:
            pass
        except OSError:
            view = view[:0]
        if not view:
            os.close(fd)
            return
        os.set_blocking(fd, True)

        def feed() -> None:
            nonlocal view
            try:
                while view:
                    written = os.write(fd, view[:65536])
                    view = view[written:]
            except OSError:
                pass
            finally:
                try:
                    os.close(fd)
                except OSError:
                    pass

        threading.Thread(target=feed, daemon=True).start()

    def wait(self) -> RunOutcome:
        if not self._sent:
            raise RuntimeError("send() the request before wait()")
        try:
            return self._collect()
        finally:
            self._cleanup()

    # -- internals

    def _ensure_started(self) -> None:
        """A zygote that died or could not fork before creating this run's child: start a cold
        child instead, with the same request (the submission has not begun)."""
        if self.child.started(max(self.limits.wall_seconds, zygote.CONNECT_TIMEOUT)):
            return
        self.child.close()
        self._close_answer_pipe()
        self._start_child(lambda request_read, answer_write: _ColdChild(self.config, _child_env(self.workdir), self.workdir,
                                                                        request_read, answer_write))
        self._feed()
        self.sent_at = time.monotonic()

    def _collect(self) -> RunOutcome:
        limits = self.limits
        self._ensure_started()
        # The clock starts when the request is sent: the time the grader spends loading its
        # rubric and references (the child preloads meanwhile) is not the submission's.
        deadline = self.sent_at + limits.wall_seconds
        self._output = {"stdout": bytearray(), "stderr": bytearray()}
        self._truncated = False
        self._channel = _Channel(limits.answer_bytes + 65536)
        selector = selectors.DefaultSelector()
        streams = {"stdout": self.child.stdout_fd, "stderr": self.child.stderr_fd, "answers": self._answer_read}
        for name, fd in streams.items():
            os.set_blocking(fd, False)
            selector.register(fd, selectors.EVENT_READ, name)
        timed_out = False
        exited_at = None
        next_disk_check = time.monotonic() + 0.2
        while selector.get_map():
            now = time.monotonic()
            if now >= deadline:
                timed_out = not self.child.exited()
                break
            if exited_at is None and self.child.exited():
                exited_at = now
            if exited_at is not None and now - exited_at > 0.5:
                break  # leftover descendants hold the pipes open; the sweep ends them
            if not self.namespace and now >= next_disk_check:
                next_disk_check = now + 0.2
                if self._over_disk_quota():
                    self.disk_exceeded = True
                    break
            timeout = min(deadline - now, 0.05 if exited_at is None else 0.02)
            for key, _ in selector.select(timeout):
                if self._read(key.fd, key.data) is False:
                    selector.unregister(key.fd)
        # What is already in the pipes still counts (the child may have written it just before
        # the deadline or its exit): read it without waiting, a bounded amount.
        for fd, name in [(key.fd, key.data) for key in selector.get_map().values()]:
            for _ in range(64):
                if self._read(fd, name) is not True:
                    break
        selector.close()
        self._terminate()
        output, truncated, channel = self._output, self._truncated, self._channel
        returncode = self.child.returncode
        duration = time.monotonic() - self.sent_at
        return self._outcome(output, truncated, channel, timed_out, returncode, duration)

    def _read(self, fd: int, name: str) -> bool | None:
        """Read one chunk from a stream: True if data came, False at end of file, None when
        nothing is waiting.

        Whatever the child writes is drained (a full pipe would block it, not stop it); only the
        first ``output_bytes`` of each output stream and the channel's last snapshot are kept."""
        try:
            chunk = os.read(fd, 65536)
        except (BlockingIOError, InterruptedError):
            return None
        except OSError:
            chunk = b""
        if not chunk:
            return False
        if name == "answers":
            self._channel.feed(chunk)
            return True
        buffer = self._output[name]
        room = self.limits.output_bytes - len(buffer)
        if room > 0:
            buffer += chunk[:room]
        if len(chunk) > room:
            self._truncated = True
        return True

    def _over_disk_quota(self) -> bool:
        used, entries = _tree_usage(self.workdir, 4096)
        return used > self.limits.scratch_mb * 1024 * 1024 or entries > 4096

    def _terminate(self) -> None:
        pid = self.child.pid  # not reaped yet: the pid and the group id are still the run's
        if pid is not None:
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
        if self.slot is not None:
            _kill_uid(self.slot.uid)
        elif pid is not None:
            _kill_tree(pid, lambda p: p == pid or _is_sandbox_process(p, self.config))
        self.child.reap(5.0)
        self.cpu_used = self.child.cpu_used
        _sweep_orphans(self.config)

    def _outcome(self, output, truncated, channel: _Channel, timed_out, returncode, duration) -> RunOutcome:
        layers = ["rlimits", "process_group", "empty_env"]
        try:
            announced = json.loads(channel.header) if channel.header else {}
            child_layers = [x for x in announced.get("layers", []) if isinstance(x, str)]
            child_uid = announced.get("uid")
        except (ValueError, AttributeError):
            child_layers, child_uid = [], None
        self._child_layers = child_layers
        if self.slot is not None and child_uid == self.slot.uid:
            layers.append("unprivileged_user")
        if self.undumpable:
            layers.append("grader_undumpable")
        layers += [x for x in child_layers
                   if x in ("mount_namespace", "network_namespace", "ipc_namespace", "chroot", "hidden_paths",
                            "no_new_privs", "seccomp", "child_undumpable")]
        if "hidden_paths" not in layers and self.slot is not None and self.config.hide and \
                not any(_readable_by_others(p) for p in self.config.hide):
            layers.append("hidden_paths")
        layers.append("sweep")
        document = channel.document
        signal_name = None
        if returncode is not None and returncode < 0:
            try:
                signal_name = signal.Signals(-returncode).name
            except ValueError:
                signal_name = str(-returncode)
        if self.disk_exceeded:
            status, message = "killed", f"the submission wrote more than {self.limits.scratch_mb} MiB (or 4096 files) and was stopped"
        elif timed_out:
            status, message = "timeout", f"the submission did not finish within {self.limits.wall_seconds:g} s and was stopped"
        elif signal_name == "SIGXCPU" or (signal_name == "SIGKILL" and (self.cpu_used or 0) >= self.limits.cpu_seconds):
            status, message = "timeout", f"the submission used more than {self.limits.cpu_seconds} s of CPU time and was stopped"
        elif signal_name:
            status, message = "killed", f"the submission was killed by {signal_name}"
        elif returncode not in (0, None) and not document:
            status, message = "crashed", f"the submission's process exited with status {returncode} before sending answers"
        else:
            status, message = "finished", ""
        if channel.header is None and status == "finished":
            status, message = "crashed", "the sandbox could not start the submission"
        if status != "finished" and document:
            message += "; answers assigned before that are graded"
        return RunOutcome(
            status=status,
            returncode=returncode,
            signal=signal_name,
            duration=duration,
            layers=layers,
            stdout=bytes(output["stdout"]).decode("utf-8", "replace"),
            stderr=bytes(output["stderr"]).decode("utf-8", "replace"),
            output_truncated=truncated,
            channel=document,
            channel_overflow=channel.overflow and document is None,
            message=message,
            launcher=self.child.launcher,
        )

    def _cleanup(self) -> None:
        self.child.close()
        self._close_answer_pipe()
        if self.slot is not None:
            if not self.namespace and "chroot" not in self._child_layers:
                _remove_files_of_uid(self.slot.uid)  # without a jail the uid could write to /tmp & co
            _remove_ipc_of_uid(self.slot.uid)  # shared memory, queues, semaphores outlive processes
            self.slot.release()
        shutil.rmtree(self.workdir, ignore_errors=True)


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
