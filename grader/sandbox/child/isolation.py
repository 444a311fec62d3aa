"""Isolation, as root before the drop: namespaces, the jail, resource limits, the run's uid.

Steps 3 and 4 of the order in the package docstring.  :func:`isolate` returns the layers that
actually hold (``mount_namespace``, ``chroot``, ``seccomp``, ...), which the child reports to the
grading process in its first line, before any student statement runs.
"""

import ctypes
import math
import os
import resource
import signal

from .protocol import SHARED_SCRATCH
from .seccomp import install_seccomp

CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWIPC = 0x00020000, 0x40000000, 0x08000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 4096, 16384, 1 << 18
PR_SET_NO_NEW_PRIVS, PR_SET_DUMPABLE = 38, 4
JAIL = "/tmp/work"  # inside the private /tmp of the child's mount namespace


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _namespaces(request: dict) -> tuple:
    """Private mounts (and network when possible).  Returns (layers, jail root or None)."""
    libc = _libc()
    layers = []
    if libc.unshare(CLONE_NEWNS | CLONE_NEWNET) == 0:
        layers.append("network_namespace")  # only a loopback device, and it is down
    elif libc.unshare(CLONE_NEWNS) != 0:
        return [], None
    if libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        return [], None
    layers.insert(0, "mount_namespace")
    if libc.unshare(CLONE_NEWIPC) == 0:
        # System V shared memory, queues and semaphores (and POSIX queues) of this run exist only
        # for it and vanish with its last process: nothing to leave behind, nothing to read.
        layers.append("ipc_namespace")
    size = int(request["limits"]["scratch_mb"])
    # The jail's root: a size- and inode-limited tmpfs, so files cannot fill the grader's disk.
    scratches = [scratch for scratch in SHARED_SCRATCH if os.path.isdir(scratch)]
    for scratch in scratches:
        options = f"size={size}m,mode=1777,nr_inodes=4096".encode()
        libc.mount(b"tmpfs", scratch.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, options)
    # A fresh scratch tmpfs already hides what the grader keeps there, and a path holding the
    # jail (a report written to /tmp/x.json hides /tmp; one written to / hides /) cannot be
    # covered without losing the jail: outside the jail only the chroot hides it.
    requested = [os.path.normpath(p) for p in request.get("hide", [])]
    holds_jail = [p for p in requested if p not in scratches and (JAIL + "/").startswith(p.rstrip("/") + "/")]
    hide = [p for p in requested if p not in scratches and p not in holds_jail and os.path.exists(p)]
    hidden = 0
    for path in hide:
        target = path.encode()
        if os.path.isdir(path):
            hidden += libc.mount(b"tmpfs", target, b"tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, b"size=4k,mode=000") == 0
        else:
            hidden += libc.mount(b"/dev/null", target, None, MS_BIND, None) == 0
    if not holds_jail and hidden == len(hide):
        layers.append("hidden_paths")
    return layers, JAIL


def _prepare_jail(root: str, uid, gid) -> None:
    os.makedirs(root, mode=0o700, exist_ok=True)
    tmp = os.path.join(root, "tmp")
    os.makedirs(tmp, exist_ok=True)
    os.chmod(tmp, 0o1777)  # students who hard-code /tmp still find one, inside the jail
    if uid is not None:
        os.chown(root, uid, gid)
    os.chmod(root, 0o700)


def _chroot(root: str) -> bool:
    try:
        os.chroot(root)
        os.chdir("/")
    except OSError:
        return False
    os.environ["HOME"] = "/"
    os.environ["TMPDIR"] = "/tmp"
    return True


def _tasks_of_my_uid() -> int:
    """Tasks (processes and threads) of this uid now: RLIMIT_NPROC counts them all.
    (/proc/PID/stat, unlike /proc/PID/status, needs no lock on the process's memory map.)"""
    uid, count = os.getuid(), 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.stat(f"/proc/{entry}").st_uid != uid:
                continue
            with open(f"/proc/{entry}/stat", "rb") as handle:
                count += int(handle.read().rsplit(b")", 1)[1].split()[17])
        except (OSError, IndexError, ValueError):
            pass
    return count


def _limits(limits: dict, dropping: bool) -> None:
    def cap(which, value):
        soft, hard = resource.getrlimit(which)
        value = int(value)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(which, (value, value if which != resource.RLIMIT_CPU else value + 1))

    # The CPU the preload used (before any student statement) is not counted against the submission.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cap(resource.RLIMIT_CPU, limits["cpu_seconds"] + math.ceil(usage.ru_utime + usage.ru_stime))
    cap(resource.RLIMIT_AS, limits["memory_mb"] * 1024 * 1024)
    cap(resource.RLIMIT_FSIZE, limits["file_mb"] * 1024 * 1024)
    cap(resource.RLIMIT_NOFILE, limits["open_files"])
    cap(resource.RLIMIT_CORE, 0)
    # RLIMIT_NPROC counts every task of the uid.  With a uid of its own the run gets exactly
    # `processes`; sharing the grader's uid it gets that many more than the uid has now.
    base = 0 if dropping else _tasks_of_my_uid()
    cap(resource.RLIMIT_NPROC, base + limits["processes"])
    # Past RLIMIT_FSIZE a write fails with EFBIG instead of killing the whole run.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _drop_privileges(uid: int, gid: int) -> None:
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    if os.getuid() != uid or os.geteuid() != uid or os.getresgid() != (gid, gid, gid):
        os._exit(112)


def _no_new_privs() -> bool:
    try:
        return _libc().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0
    except Exception:
        return False


def _ancestors() -> list:
    """The grader's pid and its ancestors: processes the submission must never signal."""
    pids, pid = [], os.getppid()
    while pid > 1 and len(pids) < 20:
        pids.append(pid)
        try:
            with open(f"/proc/{pid}/stat", "rb") as handle:
                pid = int(handle.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            break
    return pids + [1]


def isolate(request: dict) -> list:
    uid, gid = request.get("uid"), request.get("gid")
    dropping = uid is not None
    layers = []
    jail = request["workdir"]
    if request.get("namespace"):
        ns_layers, ns_root = _namespaces(request)
        layers += ns_layers
        jail = ns_root or jail
    protected = _ancestors()
    _prepare_jail(jail, uid, gid)
    os.chdir(jail)
    if dropping and _chroot(jail):  # a chroot only holds a process that is not root
        layers.append("chroot")
        if "hidden_paths" not in layers:
            layers.append("hidden_paths")  # nothing outside the jail exists for the submission
    else:
        os.environ["HOME"] = jail
    _limits(request["limits"], dropping)
    if dropping:
        _drop_privileges(uid, gid)
    if _no_new_privs():
        layers.append("no_new_privs")
        if install_seccomp(protected):
            layers.append("seccomp")
    if not_dumpable():  # already done at start-up; repeated because the uid change resets it
        layers.append("child_undumpable")
    return layers


def not_dumpable() -> bool:
    """Other processes of the same uid (concurrent runs sharing the grader's uid) can then
    neither ptrace this one nor read its memory or environment through /proc."""
    try:
        return _libc().prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0
    except Exception:
        return False
