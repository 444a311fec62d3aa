"""Runs one submission.  Executed as ``python -I child.py REQUEST_FD ANSWER_FD``.

This file is the only code that shares a process with student code, so it
imports nothing from ``grader`` (the grading process's modules, rubrics and
references never enter this process) and it trusts nothing that happens after
the student's first statement.

Order of events, and why:

1. Preload the modules a submission may use (numpy, math, fractions, ...)
   while we can still read the interpreter's files: after step 4 the process
   may run as a user that cannot read the Python installation (root's
   ``/root`` is mode 700).
2. Read the request (source, answer names, function calls, limits) from its
   own pipe.
3. Isolate: private mount namespace when available (fresh tmpfs for /tmp,
   /var/tmp, /dev/shm; empty read-only tmpfs over the grader's project,
   rubrics, references and results), resource limits, no-new-privileges.
4. Drop to the unprivileged uid/gid when the grader runs as root.
5. Execute the submission one top-level statement at a time (a failing
   statement is recorded with its line and the names it would have set; the
   others still run), then call requested functions on the given inputs.
6. Encode the requested names as JSON data, write them to the answer pipe, and
   leave with ``os._exit`` so no student finaliser or atexit hook runs after.
"""

import sys

PRELOAD = (
    "numpy", "numpy.linalg", "numpy.random", "numpy.fft", "math", "cmath", "fractions", "decimal",
    "itertools", "functools", "operator", "collections", "collections.abc", "random", "statistics",
    "json", "re", "string", "typing", "dataclasses", "copy", "heapq", "bisect", "enum", "abc", "numbers",
    "traceback", "linecache", "tokenize", "ast", "io", "time", "warnings", "ctypes", "signal", "resource",
    "encodings.latin_1", "encodings.ascii", "encodings.utf_16", "encodings.utf_32", "encodings.idna",
    "unicodedata", "textwrap", "pprint", "struct", "array",
)


def _preload() -> None:
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # a missing optional module only narrows what students may import
            pass


# Environment for BLAS must be set before numpy loads.
import os  # noqa: E402

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"
_preload()

import ast  # noqa: E402
import ctypes  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import resource  # noqa: E402
import signal  # noqa: E402
import traceback  # noqa: E402
from fractions import Fraction  # noqa: E402

import numpy  # noqa: E402

CLONE_NEWNS = 0x00020000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REC, MS_PRIVATE = 1, 2, 4, 16384, 1 << 18
PR_SET_NO_NEW_PRIVS = 38
MAX_INT_DIGITS = 400


def _read_request(fd: int) -> dict:
    chunks = []
    with os.fdopen(fd, "rb") as pipe:
        while True:
            chunk = pipe.read(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    return json.loads(b"".join(chunks))


# ---------------------------------------------------------------- isolation

def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _mount_namespace(request: dict) -> list:
    """Private mounts: fresh scratch space, grader files hidden.  Returns the layers set up."""
    libc = _libc()
    if libc.unshare(CLONE_NEWNS) != 0:
        return []
    if libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        return []
    layers = ["mount_namespace"]
    size = int(request["limits"]["scratch_mb"])
    for scratch in ("/tmp", "/var/tmp", "/dev/shm"):
        if os.path.isdir(scratch):
            options = f"size={size}m,mode=1777,nr_inodes=4096".encode()
            libc.mount(b"tmpfs", scratch.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, options)
    hidden = 0
    for path in request.get("hide", []):
        if os.path.exists(path):
            target = path.encode()
            if os.path.isdir(path):
                ok = libc.mount(b"tmpfs", target, b"tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, b"size=4k,mode=000") == 0
            else:
                ok = libc.mount(b"/dev/null", target, None, 4096, None) == 0  # MS_BIND
            hidden += ok
    if hidden == len([p for p in request.get("hide", []) if os.path.exists(p)]):
        layers.append("hidden_paths")
    return layers


def _limits(limits: dict, dropping: bool) -> None:
    def cap(which, value):
        soft, hard = resource.getrlimit(which)
        value = int(value)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(which, (value, value if which != resource.RLIMIT_CPU else value + 1))

    cap(resource.RLIMIT_CPU, limits["cpu_seconds"])
    cap(resource.RLIMIT_AS, limits["memory_mb"] * 1024 * 1024)
    cap(resource.RLIMIT_FSIZE, limits["file_mb"] * 1024 * 1024)
    cap(resource.RLIMIT_NOFILE, limits["open_files"])
    cap(resource.RLIMIT_CORE, 0)
    if dropping:  # RLIMIT_NPROC counts every process of the uid, so only meaningful for our own uid
        cap(resource.RLIMIT_NPROC, limits["processes"])


def _drop_privileges(uid: int, gid: int) -> None:
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    if os.getuid() != uid or os.geteuid() != uid:
        raise SystemExit(112)


def _no_new_privs() -> bool:
    try:
        return _libc().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0
    except Exception:
        return False


# ---------------------------------------------------------------- running

def _targets(node: ast.stmt) -> list:
    names = []
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
            names.append(child.id)
        elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(child.name)
    return sorted(set(names))[:50]


def _chunks_by_indent(source: str, first_line: int = 1):
    """Split source into top-level chunks at lines that start in column 0 (used after a syntax error)."""
    lines = source.splitlines(keepends=True)
    start = 0
    for index in range(1, len(lines) + 1):
        at_end = index == len(lines)
        if at_end or (lines[index][:1] not in ("", " ", "\t", "\n", "\r", "#", ")", "]", "}")
                      and not lines[index].startswith(("else", "elif", "except", "finally"))):
            chunk = "".join(lines[start:index])
            if chunk.strip():
                yield first_line + start, chunk
            start = index


def _statements(source: str, filename: str, first_line: int, errors: list, cell):
    """Compiled top-level statements; a syntax error drops only the chunk it is in."""
    try:
        tree = ast.parse(source, filename)
        ast.increment_lineno(tree, first_line - 1)
        for node in tree.body:
            yield node.lineno, _targets(node), compile(ast.Module([node], []), filename, "exec")
        return
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        pass
    for line, chunk in _chunks_by_indent(source, first_line):
        try:
            tree = ast.parse(chunk, filename)
        except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:
            lineno = line + (getattr(exc, "lineno", 1) or 1) - 1
            message = getattr(exc, "msg", None) or str(exc)
            names = [n for n in _guess_targets(chunk)]
            errors.append({"line": lineno, "kind": type(exc).__name__, "message": str(message)[:500], "targets": names, "cell": cell})
            continue
        ast.increment_lineno(tree, line - 1)
        for node in tree.body:
            yield node.lineno, _targets(node), compile(ast.Module([node], []), filename, "exec")


def _guess_targets(chunk: str) -> list:
    first = chunk.lstrip().split("=", 1)[0].strip()
    return [first] if first.isidentifier() else []


def _run_source(namespace: dict, source: str, filename: str, errors: list, first_line: int = 1, cell=None):
    for lineno, names, code in _statements(source, filename, first_line, errors, cell):
        try:
            exec(code, namespace)
        except SystemExit as exc:
            code_value = exc.code if isinstance(exc.code, int) else 1
            errors.append({"line": lineno, "kind": "SystemExit", "message": f"sys.exit({exc.code!r}) stopped the submission here", "targets": names, "cell": cell})
            return code_value
        except BaseException as exc:  # noqa: BLE001 -- every failure is reported, none stops the others
            errors.append({"line": lineno, "kind": type(exc).__name__, "message": _safe_str(exc), "targets": names, "cell": cell})
    return None


def _safe_str(exc: BaseException) -> str:
    try:
        text = str(exc)
    except BaseException:  # noqa: BLE001
        text = "<unprintable exception>"
    return text[:500]


class _CallTimeout(BaseException):
    pass


def _on_alarm(signum, frame):
    raise _CallTimeout()


def _run_calls(namespace: dict, calls: list, seconds: float) -> dict:
    results = {}
    signal.signal(signal.SIGALRM, _on_alarm)
    for call in calls:
        function = namespace.get(call["name"])
        if not callable(function):
            results[call["id"]] = {"ok": False, "error": f"{call['name']} is not a function"}
            continue
        args = [_decode_arg(a) for a in call["args"]]
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            value = function(*args)
            signal.setitimer(signal.ITIMER_REAL, 0)
            results[call["id"]] = {"ok": True, "value": encode(value)}
        except _CallTimeout:
            results[call["id"]] = {"ok": False, "error": f"took longer than {seconds:g} s"}
        except BaseException as exc:  # noqa: BLE001
            signal.setitimer(signal.ITIMER_REAL, 0)
            results[call["id"]] = {"ok": False, "error": f"{type(exc).__name__}: {_safe_str(exc)}"}
    return results


def _decode_arg(value):
    if isinstance(value, dict) and "$array" in value:
        return numpy.array(value["$array"], dtype=float)
    return value


# ---------------------------------------------------------------- encoding

def encode(value, depth: int = 0):
    """Plain JSON for a Python value; anything else becomes a tagged 'unsupported' marker."""
    if depth > 40:
        return {"$unsupported": "too deeply nested"}
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int or isinstance(value, numpy.integer):
        number = int(value)
        if number.bit_length() > MAX_INT_DIGITS * 3.33:
            return {"$unsupported": "integer with too many digits"}
        return number
    if isinstance(value, numpy.bool_):
        return bool(value)
    if kind is float or isinstance(value, (numpy.floating, float)):
        number = float.__float__(float(value)) if kind is not float else value
        if math.isnan(number):
            return {"$float": "nan"}
        if math.isinf(number):
            return {"$float": "inf" if number > 0 else "-inf"}
        return number
    if isinstance(value, Fraction):
        return {"$fraction": [encode(int(value.numerator)), encode(int(value.denominator))]}
    if isinstance(value, numpy.ndarray):
        array = numpy.array(value, copy=True, subok=False)
        if array.dtype.kind not in "biuf":
            return {"$unsupported": f"array of {array.dtype}"}
        if array.size > 1_000_000:
            return {"$unsupported": "array with more than a million entries"}
        return {"$array": _plain_list(array.astype(float).tolist())}
    if kind in (list, tuple) or isinstance(value, (list, tuple)):
        if len(value) > 1_000_000:
            return {"$unsupported": "list with more than a million entries"}
        return [encode(v, depth + 1) for v in list.__iter__(list(value))]
    if isinstance(value, dict):
        return {"$dict": {str(k)[:200]: encode(v, depth + 1) for k, v in list(dict.items(value))[:10_000]}}
    if isinstance(value, str):
        return str.__str__(value)
    if callable(value):
        return {"$function": str(getattr(value, "__name__", "function"))[:200]}
    return {"$unsupported": kind.__name__[:100]}


def _plain_list(value):
    if isinstance(value, list):
        return [_plain_list(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return {"$float": "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")}
    return value


def _collect(namespace: dict, names: list) -> tuple:
    answers, missing = {}, []
    for name in names:
        if name not in namespace:
            missing.append(name)
            continue
        try:
            answers[name] = encode(namespace[name])
        except BaseException as exc:  # noqa: BLE001
            answers[name] = {"$unsupported": f"value that could not be read ({type(exc).__name__})"}
    return answers, missing


def main() -> None:
    request_fd, answer_fd = int(sys.argv[1]), int(sys.argv[2])
    request = _read_request(request_fd)
    layers = []
    dropping = request.get("uid") is not None
    if request.get("namespace"):
        layers += _mount_namespace(request)
    workdir = request["workdir"]
    if "mount_namespace" in layers:
        workdir = "/tmp/work"
    os.makedirs(workdir, mode=0o700, exist_ok=True)
    if dropping:
        os.chown(workdir, request["uid"], request["gid"])
    os.chdir(workdir)
    _limits(request["limits"], dropping)
    if dropping:
        _drop_privileges(request["uid"], request["gid"])
    if _no_new_privs():
        layers.append("no_new_privs")
    answers_pipe = os.fdopen(answer_fd, "wb", closefd=True)
    # Written before any student statement runs, so the parent can trust this first line.
    answers_pipe.write(json.dumps({"layers": layers, "uid": os.getuid()}).encode() + b"\n")
    answers_pipe.flush()
    names = list(request["answers"])
    calls = list(request.get("calls", []))
    call_seconds = float(request["limits"].get("call_seconds", 2.0))
    cells = request.get("cells")
    filename = request.get("filename", "submission.py")
    sources = cells if cells is not None else [request["source"]]
    del request
    namespace = {"__name__": "submission", "__builtins__": __builtins__}
    errors = []
    exit_code = None
    for index, source in enumerate(sources):
        exit_code = _run_source(namespace, source, filename, errors, 1, index + 1 if cells is not None else None)
        if exit_code is not None:
            break
    results = _run_calls(namespace, calls, call_seconds) if calls else {}
    answers, missing = _collect(namespace, names)
    for error in errors:
        if error.get("cell") is None:
            error.pop("cell", None)
    message = {"protocol": 1, "answers": answers, "missing": missing, "calls": results,
               "errors": errors[:1000], "exit_code": exit_code}
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001 -- the student's streams are theirs to break
            pass
    try:
        answers_pipe.write(json.dumps(message, allow_nan=False).encode())
        answers_pipe.close()
    except BaseException:  # noqa: BLE001 -- the parent reports a missing or broken channel
        os._exit(3)
    os._exit(0)


if __name__ == "__main__":
    main()
