"""Runs one submission.  Executed as ``python -I child.py REQUEST_FD ANSWER_FD``.

This file is the only code that shares a process with student code, so it
imports nothing from ``grader`` (the grading process's modules, rubrics and
references never enter this process) and it trusts nothing that happens after
the student's first statement: whatever the student does to this process
(patching ``json``, forging lines on the answer pipe, closing it, exiting) can
only change the *answers* the parent receives, never how they are judged.

Order of events, and why:

1. Preload the modules a submission may use (numpy, math, fractions, ...)
   while we can still read the interpreter's files: after step 4 the process
   may run as a user that cannot read the Python installation, and after the
   jail in step 3 no file outside the run's directory exists for it.
2. Read the request (source, answer names, function calls, limits) from its
   own pipe: an 8-byte length, then that much JSON.  It holds no expected value and nothing from the rubric but the
   answer names and the probe inputs of function answers.
3. Isolate (as root): a private mount, network and IPC namespace when available
   (size-limited tmpfs for the run's directory, empty mounts over the grader's
   files); a ``chroot`` jail in the run's directory, so no other file of the
   machine exists for the submission; resource limits.
4. Drop to the run's unprivileged uid/gid; set no-new-privileges; install a
   seccomp filter (no sockets, ptrace, mounts, namespaces, io_uring, System V
   IPC or POSIX message queues, and no signals to the grader or its ancestors); become non-dumpable (no other
   process of the uid may read this one's memory).
5. Write a header line (active layers, uid) on the answer pipe -- before any
   student statement runs, so the parent can trust it.
6. Execute the submission one top-level statement at a time (a failing
   statement is recorded with its line and the names it would have set; the
   others still run).  After every statement that touched an answer name, a
   *snapshot* of the answers goes to the answer pipe as one JSON line, so a
   submission that later loops, sleeps, blows up or is killed still has the
   answers it had assigned graded.  Then requested functions are called on the
   given inputs, and a final snapshot is written.
7. Leave with ``os._exit`` so no student finaliser or atexit hook runs after.

Every snapshot is built to pass the parent's validator (:mod:`grader.answers`):
values too large, too deep or of other types become ``{TAG_UNSUPPORTED: ...}``
markers for that answer alone, so one bad answer never costs the others.
"""

import sys


def _undumpable_now() -> None:
    """First thing: other processes of the same uid (runs sharing the grader's uid) may not
    read this process's memory, even while it is still starting."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0
    except Exception:
        pass


_undumpable_now()

PRELOAD = (
    "numpy", "numpy.linalg", "numpy.random", "numpy.fft", "numpy.polynomial", "math", "cmath", "fractions",
    "decimal", "itertools", "functools", "operator", "collections", "collections.abc", "random", "statistics",
    "json", "re", "string", "typing", "dataclasses", "copy", "heapq", "bisect", "enum", "abc", "numbers",
    "traceback", "linecache", "tokenize", "ast", "io", "time", "warnings", "ctypes", "signal", "resource",
    "encodings.latin_1", "encodings.ascii", "encodings.utf_16", "encodings.utf_32", "encodings.idna",
    "unicodedata", "textwrap", "pprint", "struct", "array", "types", "glob",
)


def _preload(names) -> None:
    import importlib

    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # a missing optional module only narrows what students may import
            pass


# Environment for BLAS must be set before numpy loads.
import os  # noqa: E402

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"
_preload(PRELOAD)

import ast  # noqa: E402
import ctypes  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import resource  # noqa: E402
import signal  # noqa: E402
import time  # noqa: E402
import types  # noqa: E402
from fractions import Fraction  # noqa: E402

import numpy  # noqa: E402

# The child's own code uses these bindings, taken before any student statement runs: a
# submission that patches ``builtins``, ``os.write`` or ``json.dumps`` changes its own
# namespace, not how this module encodes and sends answers.
from builtins import (  # noqa: E402,A004
    BaseException, Exception, callable, dict, exec, float, getattr, id, int, isinstance, len, list, min, range,
    repr, sorted, str, tuple, type,
)

_write = os.write
_exit = os._exit


def _make_json_encoder():
    """JSON text for plain data, from C functions bound now: a submission that patches
    ``json`` (``dumps``, ``JSONEncoder.iterencode``, ``json.encoder.c_make_encoder``) cannot
    change how snapshots are written."""
    try:
        from _json import encode_basestring_ascii, make_encoder

        def refuse(value):
            raise TypeError(f"not plain data: {type(value).__name__}")

        iterencode = make_encoder(None, refuse, encode_basestring_ascii, None, ":", ",", False, False, False)
        join = "".join

        def encode_json(value) -> str:
            return join(iterencode(value, 0))

        encode_json({"check": [1, 2.5, "x", None, True]})
        return encode_json
    except Exception:  # another Python implementation: the pure-Python encoder, bound now
        return json.JSONEncoder(allow_nan=False, separators=(",", ":"), ensure_ascii=True).encode


_encode_json = _make_json_encoder()
_ndarray = numpy.ndarray
_np_integer, _np_floating, _np_bool = numpy.integer, numpy.floating, numpy.bool_
_np_array = numpy.array
_isnan, _isinf = math.isnan, math.isinf
_cpu_time = time.process_time
_FunctionType, _BuiltinType, _MethodType = types.FunctionType, types.BuiltinFunctionType, types.MethodType

CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWIPC = 0x00020000, 0x40000000, 0x08000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 4096, 16384, 1 << 18
PR_SET_NO_NEW_PRIVS, PR_SET_DUMPABLE = 38, 4



def _load_protocol():
    """The wire protocol (grader/sandbox/protocol.py), loaded by path from this file's folder.

    ``python -I`` puts no folder of the grader on ``sys.path``, and importing it as
    ``grader.sandbox.protocol`` would run the grader package's ``__init__`` files in this
    process; the protocol module is stdlib-only and imports nothing, so executing just that file
    brings no grader code here.  It is not registered in ``sys.modules``: a submission cannot
    import it by name.  This runs at import time, before any request or student statement."""
    import importlib.util

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "protocol.py")
    spec = importlib.util.spec_from_file_location("_grader_sandbox_protocol", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_protocol = _load_protocol()
# The parent's bounds (grader/answers.py reads the same module), and the child's own inside them.
MAX_INT_DIGITS, MAX_STRING = _protocol.MAX_INT_DIGITS, _protocol.MAX_STRING
MAX_JSON_DEPTH, MAX_UNITS, MAX_ERRORS = _protocol.MAX_JSON_DEPTH, _protocol.MAX_UNITS, _protocol.MAX_ERRORS
NAME_CHARS = _protocol.NAME_CHARS
TAG_FLOAT, TAG_FRACTION, TAG_ARRAY = _protocol.TAG_FLOAT, _protocol.TAG_FRACTION, _protocol.TAG_ARRAY
TAG_DICT, TAG_FUNCTION, TAG_UNSUPPORTED = _protocol.TAG_DICT, _protocol.TAG_FUNCTION, _protocol.TAG_UNSUPPORTED
SCRATCH_DIRS = _protocol.SHARED_SCRATCH  # made private in the child's mount namespace
_PROTOCOL_HEADER = '{"protocol":' + repr(_protocol.PROTOCOL_VERSION) + ',"answers":{'
_LINE_END = _protocol.LINE_END
_REQUEST_LENGTH_BYTES = _protocol.REQUEST_LENGTH_BYTES
_request_length = _protocol.request_length
del _protocol
JAIL = "/tmp/work"  # inside the private /tmp of the child's mount namespace


# ---------------------------------------------------------------- request

def _read_request(fd: int) -> dict:
    """The request: an 8-byte length, then that much JSON.  Reading an exact length (not up to
    end of file) means no stray copy of the pipe's write end can keep the child waiting."""
    with os.fdopen(fd, "rb", buffering=0) as pipe:
        def read_exactly(count: int) -> bytes:
            chunks, left = [], count
            while left:
                chunk = pipe.read(min(left, 1 << 16))
                if not chunk:
                    raise SystemExit("the request ended early")
                chunks.append(chunk)
                left -= len(chunk)
            return b"".join(chunks)

        size = _request_length(read_exactly(_REQUEST_LENGTH_BYTES))
        return json.loads(read_exactly(size))


# ---------------------------------------------------------------- isolation (runs as root, before the drop)

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
    scratches = [scratch for scratch in SCRATCH_DIRS if os.path.isdir(scratch)]
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
        _exit(112)


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


# ---------------------------------------------------------------- seccomp (x86_64)

AUDIT_ARCH_X86_64 = 0xC000003E
SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO = 0x7FFF0000, 0x00050000
EPERM, ENOSYS = 1, 38
# Syscalls a submission never needs and an attacker would: network, other processes'
# memory, file-system and namespace tricks, kernel attack surface.
DENIED_X86_64 = {
    "socket": 41, "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "mount": 165,
    "umount2": 166, "pivot_root": 155, "chroot": 161, "unshare": 272, "setns": 308, "keyctl": 250,
    "add_key": 248, "request_key": 249, "bpf": 321, "perf_event_open": 298, "userfaultfd": 323,
    "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427, "pidfd_getfd": 438,
    "open_by_handle_at": 304, "kexec_load": 246, "init_module": 175, "finit_module": 313,
    "delete_module": 176, "acct": 163, "swapon": 167, "swapoff": 168, "reboot": 169, "open_tree": 428,
    "move_mount": 429, "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442,
    # System V IPC and POSIX message queues: objects that outlive the process and that another
    # run could open (also refused inside an IPC namespace, where they would be harmless).
    "shmget": 29, "shmat": 30, "shmctl": 31, "semget": 64, "semop": 65, "semctl": 66, "shmdt": 67,
    "msgget": 68, "msgsnd": 69, "msgrcv": 70, "msgctl": 71, "semtimedop": 220, "mq_open": 240,
    "mq_unlink": 241, "mq_timedsend": 242, "mq_timedreceive": 243, "mq_notify": 244, "mq_getsetattr": 245,
}
CLONE_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x80
# Syscalls whose first argument is a process that must not be one of the protected ones.
PID_ARG_X86_64 = {"kill": 62, "rt_sigqueueinfo": 129, "tkill": 200, "tgkill": 234, "rt_tgsigqueueinfo": 297,
                  "prlimit64": 302, "pidfd_open": 434}


def _seccomp_program(protected: list, own_pid: int) -> list:
    """A classic-BPF seccomp filter as (code, jt, jf, k) with symbolic jump labels."""
    LD, JEQ, JSET, JGE, RET = 0x20, 0x15, 0x45, 0x35, 0x06
    prog = [
        (LD, 0, 0, 4),                              # arch
        (JEQ, 0, "eperm", AUDIT_ARCH_X86_64),        # i386/x32 entry points are refused outright
        (LD, 0, 0, 0),                              # syscall number
        (JGE, "eperm", 0, 0x40000000),              # x32 ABI
        (JEQ, "enosys", 0, 435),                    # clone3: its flags are behind a pointer; libc falls back to clone
    ]
    for number in sorted(DENIED_X86_64.values()):
        prog.append((JEQ, "eperm", 0, number))
    # clone: no new namespaces
    prog += [(JEQ, 0, 3, 56), (LD, 0, 0, 16), (JSET, "eperm", 0, CLONE_NAMESPACE_FLAGS), (RET, 0, 0, SECCOMP_RET_ALLOW)]
    targets = [p & 0xFFFFFFFF for p in protected]
    for name, number in sorted(PID_ARG_X86_64.items(), key=lambda kv: kv[1]):
        checks = [(JEQ, "eperm", 0, t) for t in targets]
        if name in ("kill", "rt_sigqueueinfo"):
            # -1 is every process the uid may signal; other negative values are other process groups.
            checks += [(JEQ, "eperm", 0, 0xFFFFFFFF), (JEQ, 1, 0, (-own_pid) & 0xFFFFFFFF), (JSET, "eperm", 0, 0x80000000)]
        block = [(LD, 0, 0, 16)] + checks + [(RET, 0, 0, SECCOMP_RET_ALLOW)]
        prog.append((JEQ, 0, len(block), number))
        prog += block
    labels = {"allow": len(prog), "eperm": len(prog) + 1, "enosys": len(prog) + 2}
    prog += [(RET, 0, 0, SECCOMP_RET_ALLOW), (RET, 0, 0, SECCOMP_RET_ERRNO | EPERM), (RET, 0, 0, SECCOMP_RET_ERRNO | ENOSYS)]
    resolved = []
    for index, (code, jt, jf, k) in enumerate(prog):
        jt = labels[jt] - index - 1 if isinstance(jt, str) else jt
        jf = labels[jf] - index - 1 if isinstance(jf, str) else jf
        if not (0 <= jt < 256 and 0 <= jf < 256):
            raise ValueError("seccomp program too long for its jumps")
        resolved.append((code, jt, jf, k))
    return resolved


def _seccomp(protected: list) -> bool:
    if os.uname().machine != "x86_64":
        return False  # only the x86_64 syscall table is encoded (and tested)

    class SockFilter(ctypes.Structure):
        _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]

    try:
        program = _seccomp_program(protected, os.getpid())
        filters = (SockFilter * len(program))(*[SockFilter(*ins) for ins in program])
        fprog = SockFprog(len(program), filters)
        libc = _libc()
        # seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog): every thread at once.
        return libc.syscall(317, 1, 1, ctypes.byref(fprog)) == 0
    except Exception:
        return False


def _isolate(request: dict) -> list:
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
        if _seccomp(protected):
            layers.append("seccomp")
    if _not_dumpable():  # already done in main(); repeated because the uid change resets it
        layers.append("child_undumpable")
    return layers


def _not_dumpable() -> bool:
    """Other processes of the same uid (concurrent runs sharing the grader's uid) can then
    neither ptrace this one nor read its memory or environment through /proc."""
    try:
        return _libc().prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0
    except Exception:
        return False


# ---------------------------------------------------------------- running

def _targets(node: ast.stmt) -> list:
    names = []
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
            names.append(child.id[:NAME_CHARS])
        elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(child.name[:NAME_CHARS])
    return sorted(set(names))[:50]


def _mentions(node: ast.AST, names: set) -> bool:
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and child.id in names:
            return True
        if isinstance(child, (ast.Global, ast.Nonlocal)) and any(n in names for n in child.names):
            return True
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and child.name in names:
            return True
    return False


def _statements(source: str, filename: str, errors: list, cell, names: set):
    """The compiled top-level statements of one chunk.  The grading process cut the file into
    chunks that parse (grader.statements); a statement that parses but does not compile (a
    module-level ``return``, ``nonlocal``, a duplicate argument, nesting too deep for the
    compiler) is recorded and skipped: it costs only its own answers."""
    try:
        tree = ast.parse(source, filename)
    except BaseException as exc:  # noqa: BLE001 -- not expected: the parent checked it parses
        _add_error(errors, getattr(exc, "lineno", 0) or 0, type(exc).__name__,
                   getattr(exc, "msg", None) or str(exc), [], cell)
        return
    for node in tree.body:
        try:
            code = compile(ast.Module([node], []), filename, "exec")
        except BaseException as exc:  # noqa: BLE001 -- SyntaxError, RecursionError, MemoryError...
            line = getattr(exc, "lineno", None) if isinstance(exc, SyntaxError) else None
            _add_error(errors, line or node.lineno, type(exc).__name__, getattr(exc, "msg", None) or str(exc) or "could not compile",
                       _targets(node), cell)
            continue
        yield node.lineno, _targets(node), _mentions(node, names), code


def _clean(text, limit: int) -> str:
    """A plain str, valid UTF-8 (lone surrogates replaced), at most ``limit`` characters."""
    if type(text) is not str:
        try:
            text = str.__str__(text) if isinstance(text, str) else "?"
        except BaseException:  # noqa: BLE001
            text = "?"
    text = text[:limit]
    return text.encode("utf-8", "replace").decode("utf-8")


def _add_error(errors: list, line, kind, message, targets, cell) -> None:
    if len(errors) >= MAX_ERRORS:
        return
    errors.append({"line": line if type(line) is int else 0, "kind": _clean(kind, NAME_CHARS),
                   "message": _clean(message, 500), "targets": list(targets), "cell": cell})


def _type_name(value) -> str:
    try:
        name = type.__dict__["__name__"].__get__(type(value))
    except BaseException:  # noqa: BLE001
        name = "object"
    return _clean(name, 100)


def _safe_str(exc: BaseException) -> str:
    try:
        text = str(exc)
    except BaseException:  # noqa: BLE001
        text = "<unprintable exception>"
    return _clean(text, 500)


def _safe_repr(value) -> str:
    if value is None or type(value) in (bool, int, str):
        try:
            return _clean(repr(value), 100)
        except BaseException:  # noqa: BLE001 -- e.g. an int too large to print
            pass
    return _type_name(value)


def _exit_code(code) -> int:
    if code is None:
        return 0
    if type(code) is bool:
        return int(code)
    if type(code) is int and -(2**31) < code < 2**31:
        return code
    return 1


class _Run:
    """The submission's namespace plus what the parent needs to hear about it."""

    def __init__(self, names: list, answer_fd: int, answer_bytes: int):
        self.names = names
        self.name_set = set(names)
        self.fd = answer_fd
        self.answer_bytes = answer_bytes
        self.namespace = {"__name__": "submission", "__builtins__": __builtins__}
        self.errors = []
        self.exit_code = None
        self.calls = {}
        self._identity = self._bindings()
        self._pending = False
        self._not_before = 0.0

    # -- snapshots

    def _bindings(self) -> tuple:
        namespace = self.namespace
        return tuple(id(namespace[n]) if n in namespace else 0 for n in self.names)

    def snapshot(self, force: bool = False, final: bool = False) -> None:
        """Send the answers if they may have changed.  Snapshots that cost real CPU time (big
        answers) are spaced out so that encoding stays under about 5% of the run's CPU time;
        small ones are always sent at once.  The final one is always sent."""
        bindings = self._bindings()
        if force or bindings != self._identity:
            self._pending = True
        if not self._pending:
            return
        began = _cpu_time()
        if not final and began < self._not_before:
            return
        self._identity = bindings
        self._pending = False
        self.send(self.message())
        spent = _cpu_time() - began
        self._not_before = began + 20 * spent if spent > 0.02 else 0.0

    def message(self) -> str:
        budget = _Budget(MAX_UNITS, max(self.answer_bytes - 65536, 4096))
        answers, missing = [], []
        for name in self.names:
            if name not in self.namespace:
                missing.append(name)
                continue
            answers.append(_encode_json(name) + ":" + budget.answer(self.namespace[name]))
        calls = []
        for call_id, result in self.calls.items():
            if result.get("ok"):
                body = '{"ok":true,"value":' + budget.answer(result["value"]) + "}"
            else:
                body = _encode_json({"ok": False, "error": _clean(result.get("error", ""), 1000)})
            calls.append(_encode_json(call_id) + ":" + body)
        errors = []
        for error in self.errors:
            error = dict(error)
            if error.get("cell") is None:
                error.pop("cell", None)
            errors.append(error)
        return (_PROTOCOL_HEADER + ",".join(answers) + '},"missing":' + _encode_json(missing)
                + ',"calls":{' + ",".join(calls) + '},"errors":' + _encode_json(errors)
                + ',"exit_code":' + _encode_json(self.exit_code) + "}")

    def send(self, text: str) -> bool:
        data = memoryview(text.encode("ascii") + _LINE_END)
        try:
            while data:
                written = _write(self.fd, data)
                data = data[written:]
        except BaseException:  # noqa: BLE001 -- the student closed or broke its own channel
            return False
        return True

    # -- execution

    def run_source(self, source: str, filename: str, cell=None):
        namespace = self.namespace
        for lineno, targets, mentions, code in _statements(source, filename, self.errors, cell, self.name_set):
            failed = False
            try:
                exec(code, namespace)
            except SystemExit as exc:
                self.exit_code = _exit_code(exc.code)
                _add_error(self.errors, lineno, "SystemExit", f"sys.exit({_safe_repr(exc.code)}) stopped the submission here",
                           targets, cell)
                return True
            except BaseException as exc:  # noqa: BLE001 -- every failure is reported, none stops the others
                failed = len(self.errors) < MAX_ERRORS
                _add_error(self.errors, lineno, _type_name(exc), _safe_str(exc), targets, cell)
            self.snapshot(force=mentions or failed)
        return False

    def run_calls(self, calls: list, seconds: float) -> None:
        signal.signal(signal.SIGALRM, _on_alarm)
        for call in calls:
            function = self.namespace.get(call["name"])
            if not callable(function):
                self.calls[call["id"]] = {"ok": False, "error": f"{call['name']} is not a function"}
                continue
            args = [_decode_arg(a) for a in call["args"]]
            try:
                signal.setitimer(signal.ITIMER_REAL, seconds)
                value = function(*args)
                signal.setitimer(signal.ITIMER_REAL, 0)
                self.calls[call["id"]] = {"ok": True, "value": value}
            except _CallTimeout:
                self.calls[call["id"]] = {"ok": False, "error": f"took longer than {seconds:g} s"}
            except BaseException as exc:  # noqa: BLE001
                signal.setitimer(signal.ITIMER_REAL, 0)
                self.calls[call["id"]] = {"ok": False, "error": f"{_type_name(exc)}: {_safe_str(exc)}"}


class _CallTimeout(BaseException):
    pass


def _on_alarm(signum, frame):
    raise _CallTimeout()


def _decode_arg(value):
    if isinstance(value, dict) and TAG_ARRAY in value:
        return numpy.array(value[TAG_ARRAY], dtype=float)
    return value


# ---------------------------------------------------------------- encoding

class _TooLarge(Exception):
    pass


class _Budget:
    """Bounds for one snapshot: units as the parent counts them, and bytes of JSON."""

    def __init__(self, units: int, size: int):
        self.units = units
        self.size = size

    def take(self, n: int) -> None:
        self.units -= n
        if self.units < 0:
            raise _TooLarge("answer too large (more than a million values)")

    def answer(self, value) -> str:
        """One answer's JSON; a marker instead when it cannot be encoded within the bounds."""
        saved = self.units
        try:
            text = _encode_json(encode(value, self))
        except _TooLarge as exc:
            self.units = saved
            text = _encode_json({TAG_UNSUPPORTED: str(exc)})
        except BaseException as exc:  # noqa: BLE001 -- a value whose methods raise or misbehave
            self.units = saved
            text = _encode_json({TAG_UNSUPPORTED: f"value that could not be read ({_type_name(exc)})"})
        if len(text) > self.size:
            self.units = saved
            text = _encode_json({TAG_UNSUPPORTED: "answer too large to send back"})
        self.size -= len(text)
        self.units -= 1
        return text


def _float(number: float):
    if _isnan(number):
        return {TAG_FLOAT: "nan"}
    if _isinf(number):
        return {TAG_FLOAT: "inf" if number > 0 else "-inf"}
    return number


def _int(number: int):
    if number.bit_length() > 1328 and (number.bit_length() > 4000 or len(int.__repr__(abs(number))) > MAX_INT_DIGITS):
        return {TAG_UNSUPPORTED: f"integer with more than {MAX_INT_DIGITS} digits"}
    return number


def encode(value, budget: _Budget = None, depth: int = 0):
    """Plain JSON data for a Python value, within the parent's bounds; anything else is a marker.

    Only the built-in behaviour of the base types is used (``list.__iter__``, ``float.__float__``
    ...), so subclasses that override ``__iter__``, ``__float__`` or ``__eq__`` are read for what
    they hold, not for what their methods claim.
    """
    budget = budget if budget is not None else _Budget(MAX_UNITS, 1 << 62)
    budget.take(1)
    if depth > MAX_JSON_DEPTH:
        return {TAG_UNSUPPORTED: "too deeply nested"}
    kind = type(value)
    if value is None or kind is bool:
        return value
    if kind is str or isinstance(value, str):
        text = str.__str__(value)
        if len(text) > MAX_STRING:
            return {TAG_UNSUPPORTED: f"string longer than {MAX_STRING:,} characters"}
        return _clean(text, MAX_STRING)
    if kind is int or isinstance(value, int):
        return _int(int.__index__(value))
    if isinstance(value, _np_bool):
        return bool(value)
    if isinstance(value, _np_integer):
        return _int(int(value))
    if isinstance(value, float):
        return _float(float.__float__(value))
    if isinstance(value, _np_floating):
        return _float(float(value))
    if isinstance(value, Fraction):
        numerator, denominator = value.numerator, value.denominator
        if type(numerator) is not int or type(denominator) is not int or denominator <= 0:
            return {TAG_UNSUPPORTED: "fraction"}
        numerator, denominator = _int(numerator), _int(denominator)
        if type(numerator) is not int or type(denominator) is not int:
            return {TAG_UNSUPPORTED: f"fraction with more than {MAX_INT_DIGITS} digits"}
        budget.take(2)
        return {TAG_FRACTION: [numerator, denominator]}
    if isinstance(value, _ndarray):
        return _encode_array(value, budget, depth)
    if isinstance(value, (list, tuple)):
        size = list.__len__(value) if isinstance(value, list) else tuple.__len__(value)
        if size > 1_000_000:
            return {TAG_UNSUPPORTED: "list with more than a million entries"}
        budget.take(size)
        items = list.__iter__(value) if isinstance(value, list) else tuple.__iter__(value)
        return [encode(item, budget, depth + 1) for item in items]
    if isinstance(value, dict):
        size = dict.__len__(value)
        if size > 10_000:
            return {TAG_UNSUPPORTED: "dict with more than 10,000 entries"}
        budget.take(size)
        body = {}
        for key, item in list(dict.items(value)):
            body[_dict_key(key)] = encode(item, budget, depth + 2)
        return {TAG_DICT: body}
    if callable(value):
        if type(value) in (_FunctionType, _BuiltinType, _MethodType):
            name = value.__name__
        else:
            name = _type_name(value)
        return {TAG_FUNCTION: _clean(name, NAME_CHARS)}
    return {TAG_UNSUPPORTED: _type_name(value)}


def _dict_key(key) -> str:
    if isinstance(key, str):
        return _clean(str.__str__(key), NAME_CHARS)
    if isinstance(key, int) and not isinstance(key, bool):
        return int.__repr__(int.__index__(key))[:NAME_CHARS]
    return f"<{_type_name(key)}>"


def _encode_array(value, budget: _Budget, depth: int):
    shape = _ndarray.shape.__get__(value)
    size = 1
    for dim in shape:
        size *= dim
    if size > 1_000_000:
        return {TAG_UNSUPPORTED: "array with more than a million entries"}
    if len(shape) == 0:  # a 0-d array is a number
        value = _np_array(value, copy=True, subok=False).reshape(())
        if value.dtype.kind not in "biuf":
            return {TAG_UNSUPPORTED: f"array of {value.dtype}"}
        return _float(float(value.astype(float)))
    if depth + 2 + len(shape) > MAX_JSON_DEPTH:
        return {TAG_UNSUPPORTED: f"array with {len(shape)} dimensions"}
    array = _np_array(value, copy=True, subok=False)
    if array.dtype.kind not in "biuf":
        return {TAG_UNSUPPORTED: f"array of {array.dtype}"}
    lists = sum(_prefix_products(shape))  # list nodes below the outermost one
    budget.take(1 + 2 * lists + 2 * size)  # each list counted as a value and by its length, each entry as a value
    return {TAG_ARRAY: _plain_list(array.astype(float).tolist())}


def _prefix_products(shape) -> list:
    products, running = [], 1
    for dim in shape[:-1]:
        running *= dim
        products.append(running)
    return products


def _plain_list(value):
    if type(value) is list:
        return [_plain_list(v) for v in value]
    if type(value) is float and not math.isfinite(value):
        return _float(value)
    return value


# ---------------------------------------------------------------- main

def main() -> None:
    request_fd, answer_fd = int(sys.argv[1]), int(sys.argv[2])
    _not_dumpable()  # before the request (a classmate's source) is in memory
    request = _read_request(request_fd)
    if request.get("preload"):
        _preload([str(name) for name in request["preload"]])
    layers = _isolate(request)
    # Written before any student statement runs, so the parent can trust this first line.
    run = _Run(list(request["answers"]), answer_fd, int(request["limits"]["answer_bytes"]))
    if not run.send(json.dumps({"layers": layers, "uid": os.getuid()})):
        _exit(3)
    calls = list(request.get("calls", []))
    call_seconds = float(request["limits"].get("call_seconds", 2.0))
    filename = request.get("filename", "submission.py")
    statements = [(str(s["source"]), s.get("cell")) for s in request.get("statements", [])]
    del request
    try:  # output up to a loop or a crash still reaches the report
        sys.stdout.reconfigure(line_buffering=True)
    except Exception:
        pass
    for source, cell in statements:
        if run.run_source(source, filename, cell):
            break
    if calls:
        run.run_calls(calls, call_seconds)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001 -- the student's streams are theirs to break
            pass
    try:
        run.snapshot(force=True, final=True)
    except BaseException:  # noqa: BLE001 -- the parent still has the earlier snapshots
        _exit(3)
    _exit(0)


# ---------------------------------------------------------------- the zygote

def zygote(control_fd: int) -> None:
    """Serve fresh children to one grading process (``python -I child.py --zygote FD``).

    The zygote is this module with everything preloaded.  It never runs student code and never
    receives anything from a rubric, a reference or a submission: the grading process sends it
    only file descriptors (a control socket for the run, the run's stdout and stderr pipes, its
    request and answer pipes) and the run's home directory.  For each run it forks a child that
    makes itself exactly what ``python -I child.py`` is when :func:`main` starts (its own
    session, stdio on the run's pipes, no other descriptor, the same environment and modules)
    and runs :func:`main`, which reads the request from its own pipe and isolates as usual.

    On a run's control socket the grading process is told the child's pid (``pid N``) and later
    asks for it to be reaped (``reap``).  The child is not reaped before that, so its pid and
    process group id stay reserved while the grading process kills the group and sweeps; the
    reply is ``status WAITSTATUS UTIME STIME``.  A run socket closed before ``reap`` (the
    grading process gave up on the run), or the main socket closed (the grading process is
    gone), kills the children concerned.  Orphans of a child are not the zygote's: they go to
    the grading process, a subreaper, which sweeps them as it does for cold children.
    """
    leave = os._exit
    modules_before = set(sys.modules)  # what a cold child has at main(): forked children go back to it
    import select
    import socket

    try:  # children are watched through pidfds (Linux 5.3): without them, no zygote (the grader starts cold children)
        os.close(os.pidfd_open(os.getpid()))
    except (AttributeError, OSError):
        _exit(4)

    control = socket.socket(fileno=control_fd)
    poller = select.poll()
    poller.register(control_fd, select.POLLIN)
    runs = {}      # run socket fd -> _ZygoteRun
    exits = {}     # pidfd -> _ZygoteRun (until the child has exited)

    def close_run(run) -> None:
        for table, fd in ((runs, run.sock.fileno()), (exits, run.pidfd)):
            if fd in table:
                poller.unregister(fd)
                del table[fd]
        run.sock.close()
        if run.pidfd is not None:
            os.close(run.pidfd)
            run.pidfd = None

    def reap(run) -> None:
        """The child has exited and the grading process has asked: reap it and report."""
        try:
            _, status, usage = os.wait4(run.pid, 0)
            reply = b"status %d %r %r" % (status, usage.ru_utime, usage.ru_stime)
        except ChildProcessError:
            reply = b"status none"
        try:
            run.sock.send(reply)
        except OSError:
            pass
        close_run(run)

    def spawn(message: bytes, fds: list) -> None:
        if len(fds) != 5:
            for fd in fds:
                os.close(fd)
            return
        sock = socket.socket(fileno=fds[0])
        try:
            home = str(json.loads(message)["home"])
            pid = os.fork()
        except Exception as exc:  # noqa: BLE001 -- EAGAIN and the like: the grader then starts a cold child
            for fd in fds[1:]:
                os.close(fd)
            try:
                sock.send(b"error " + _clean(str(exc), 200).encode())
            except OSError:
                pass
            sock.close()
            return
        if pid == 0:
            _become_run_child(fds[1:], home, modules_before)  # never returns
            leave(70)
        for fd in fds[1:]:
            os.close(fd)
        try:
            pidfd = os.pidfd_open(pid)
        except OSError:  # cannot happen for an unreaped child; if it does, no child rather than an unwatched one
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            sock.close()
            return
        run = _ZygoteRun(pid, sock, pidfd)
        runs[sock.fileno()] = run
        exits[run.pidfd] = run
        poller.register(sock.fileno(), select.POLLIN)
        poller.register(run.pidfd, select.POLLIN)
        try:
            sock.send(b"pid %d" % pid)
        except OSError:
            given_up(run)

    def given_up(run) -> None:
        run.reap = True
        run.kill()
        if run.sock.fileno() in runs:
            poller.unregister(run.sock.fileno())
            del runs[run.sock.fileno()]

    while True:
        for fd, _ in poller.poll():
            try:
                if fd == control_fd:
                    try:
                        message, fds, _, _ = socket.recv_fds(control, 4096, 8)
                    except OSError:
                        message, fds = b"", []
                    if not message:  # the grading process is gone, and with it every run
                        for run in list(runs.values()) + list(exits.values()):
                            run.kill()
                        for run in set(runs.values()) | set(exits.values()):
                            try:
                                os.waitpid(run.pid, 0)
                            except ChildProcessError:
                                pass
                        _exit(0)
                    spawn(message, fds)
                elif fd in runs:
                    run = runs[fd]
                    try:
                        command = run.sock.recv(64)
                    except OSError:
                        command = b""
                    if command == b"reap":
                        run.reap = True
                        if run.exited:
                            reap(run)
                    elif not command:
                        given_up(run)
                        if run.exited:
                            reap(run)
                elif fd in exits:
                    run = exits.pop(fd)
                    poller.unregister(fd)
                    run.exited = True
                    if run.reap:
                        reap(run)
            except Exception:  # noqa: BLE001 -- one run's trouble must not stop the others'
                pass


class _ZygoteRun:
    """A child of the zygote, until it is reaped."""

    def __init__(self, pid: int, sock, pidfd: int):
        self.pid, self.sock, self.pidfd = pid, sock, pidfd
        self.reap = False     # the grading process asked for the status (or is gone)
        self.exited = False

    def kill(self) -> None:
        if self.exited:
            return
        for target in (-self.pid, self.pid):  # not reaped yet: the group id is still the child's
            try:
                os.kill(target, signal.SIGKILL)
            except OSError:
                pass


def _become_run_child(fds: list, home: str, modules_before: set) -> None:
    """In a child forked by the zygote: become what a cold ``python -I child.py`` is at main(),
    run the submission, and never return into the zygote's loop."""
    leave = os._exit  # a local: a submission that rebinds this module's _exit or os._exit cannot make us return
    try:
        stdout_w, stderr_w, request_fd, answer_fd = fds
        os.setsid()  # its own session and process group, as Popen(start_new_session=True) gives
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(stdout_w, 1)
        os.dup2(stderr_w, 2)
        # Every other descriptor of the zygote (the main socket, other runs' sockets, pidfds) goes.
        low = 3
        for fd in sorted({request_fd, answer_fd}):
            os.closerange(low, fd)
            low = fd + 1
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        os.closerange(low, soft if 0 < soft < (1 << 20) else (1 << 20))
        os.chdir(home)
        os.environ["HOME"] = home
        sys.argv[1:] = [str(request_fd), str(answer_fd)]
        for name in set(sys.modules) - modules_before:  # the zygote's own modules (socket, select)
            del sys.modules[name]
        numpy.random.seed()  # fresh seeds, as in a cold child (random reseeds itself at fork)
    except BaseException:  # noqa: BLE001
        leave(113)
    code = 0
    try:
        main()
    except SystemExit as exc:  # e.g. the request ended early: what a cold interpreter would do
        code = exc.code
        if isinstance(code, str):
            try:
                sys.stderr.write(code + "\n")
                sys.stderr.flush()
            except BaseException:  # noqa: BLE001
                pass
            code = 1
        code = 0 if code is None else code & 0xFF if type(code) is int else 1
    except BaseException:  # noqa: BLE001
        try:
            import traceback

            traceback.print_exc()
            sys.stderr.flush()
        except BaseException:  # noqa: BLE001
            pass
        code = 1
    finally:
        leave(code)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--zygote"]:
        zygote(int(sys.argv[2]))
    else:
        main()
