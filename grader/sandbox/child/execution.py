"""The statement runner: the submission's statements one at a time, then its requested calls.

Step 6 of the order in the package docstring.  A failing statement is recorded with its line and
the names it would have set, and the others still run.  After every statement that touched an
answer name, a *snapshot* of the answers goes to the answer pipe as one JSON line, so a
submission that later loops, sleeps, blows up or is killed still has the answers it had
assigned graded.
"""

import ast
import builtins
import os
import signal
import time
from builtins import (  # noqa: A004 -- bound before any student statement, see encoding.py
    BaseException, any, callable, compile, dict, exec, float, getattr, id, int, isinstance, len, list, repr, set,
    sorted, str, tuple, type,
)

import numpy

from .encoding import Budget, clean, encode_json, safe_repr, safe_str, type_name
from .protocol import LINE_END, MAX_ERRORS, MAX_UNITS, NAME_CHARS, PROTOCOL_VERSION, TAG_ARRAY

_write = os.write
_cpu_time = time.process_time
_np_array = numpy.array
_PROTOCOL_HEADER = '{"protocol":' + repr(PROTOCOL_VERSION) + ',"answers":{'


def _targets(node: ast.stmt) -> list:
    names = []
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
            names.append(child.id[:NAME_CHARS])
        elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(child.name[:NAME_CHARS])
    return sorted(set(names))[:50]


def spelling(name: str) -> str:
    """A name as compared with the template's: case and underscores aside (``H_VHP`` is ``H_vhp``)."""
    return name.lower().replace("_", "")


def _mentions(node: ast.AST, spellings: set) -> bool:
    """Does the statement touch an answer name, or a name spelt like one?"""
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and spelling(child.id) in spellings:
            return True
        if isinstance(child, (ast.Global, ast.Nonlocal)) and any(spelling(n) in spellings for n in child.names):
            return True
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and spelling(child.name) in spellings:
            return True
    return False


def statements(source: str, filename: str, errors: list, cell, names: set):
    """The compiled top-level statements of one chunk.  The grading process cut the file into
    chunks that parse (grader.statements); a statement that parses but does not compile (a
    module-level ``return``, ``nonlocal``, a duplicate argument, nesting too deep for the
    compiler) is recorded and skipped: it costs only its own answers."""
    try:
        tree = ast.parse(source, filename)
    except BaseException as exc:  # noqa: BLE001 -- not expected: the parent checked it parses
        add_error(errors, getattr(exc, "lineno", 0) or 0, type(exc).__name__,
                  getattr(exc, "msg", None) or str(exc), [], cell)
        return
    for node in tree.body:
        try:
            code = compile(ast.Module([node], []), filename, "exec")
        except BaseException as exc:  # noqa: BLE001 -- SyntaxError, RecursionError, MemoryError...
            line = getattr(exc, "lineno", None) if isinstance(exc, SyntaxError) else None
            add_error(errors, line or node.lineno, type(exc).__name__,
                      getattr(exc, "msg", None) or str(exc) or "could not compile", _targets(node), cell)
            continue
        yield node.lineno, _targets(node), _mentions(node, names), code


def add_error(errors: list, line, kind, message, targets, cell) -> None:
    if len(errors) >= MAX_ERRORS:
        return
    errors.append({"line": line if type(line) is int else 0, "kind": clean(kind, NAME_CHARS),
                   "message": clean(message, 500), "targets": list(targets), "cell": cell})


def _exit_code(code) -> int:
    if code is None:
        return 0
    if type(code) is bool:
        return int(code)
    if type(code) is int and -(2**31) < code < 2**31:
        return code
    return 1


class Run:
    """The submission's namespace plus what the parent needs to hear about it."""

    def __init__(self, names: list, answer_fd: int, answer_bytes: int):
        self.names = names
        self.spellings = {spelling(name) for name in names}
        self.fd = answer_fd
        self.answer_bytes = answer_bytes
        self.namespace = {"__name__": "submission", "__builtins__": builtins}
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
        budget = Budget(MAX_UNITS, max(self.answer_bytes - 65536, 4096))
        answers, missing = [], []
        for name in self.names:
            if name not in self.namespace:
                missing.append(name)
                continue
            answers.append(encode_json(name) + ":" + budget.answer(self.namespace[name]))
        near = []
        for name, found in self.near_names(missing).items():
            body = '{"names":' + encode_json([clean(key, NAME_CHARS) for key in found])
            if len(found) == 1:
                body += ',"value":' + budget.answer(self.namespace[found[0]])
            near.append(encode_json(name) + ":" + body + "}")
        calls = []
        for call_id, result in self.calls.items():
            if result.get("ok"):
                body = '{"ok":true,"value":' + budget.answer(result["value"]) + "}"
            else:
                body = encode_json({"ok": False, "error": clean(result.get("error", ""), 1000)})
            calls.append(encode_json(call_id) + ":" + body)
        errors = []
        for error in self.errors:
            error = dict(error)
            if error.get("cell") is None:
                error.pop("cell", None)
            errors.append(error)
        return (_PROTOCOL_HEADER + ",".join(answers) + '},"missing":' + encode_json(missing)
                + ',"near":{' + ",".join(near) + '},"calls":{' + ",".join(calls) + '},"errors":' + encode_json(errors)
                + ',"exit_code":' + encode_json(self.exit_code) + "}")

    def near_names(self, missing: list) -> dict:
        """For each missing answer, the top-level names spelt like it (``H_VHP`` for ``H_vhp``): the
        grading process decides what to make of them."""
        if not missing:
            return {}
        wanted = {spelling(name): name for name in missing}
        found = {}
        for key in list(dict.keys(self.namespace)):
            if type(key) is str and not key.startswith("_") and spelling(key) in wanted:
                found.setdefault(wanted[spelling(key)], []).append(key)
        return {name: sorted(keys)[:5] for name, keys in found.items()}

    def send(self, text: str) -> bool:
        data = memoryview(text.encode("ascii") + LINE_END)
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
        for lineno, targets, mentions, code in statements(source, filename, self.errors, cell, self.spellings):
            failed = False
            try:
                exec(code, namespace)
            except SystemExit as exc:
                self.exit_code = _exit_code(exc.code)
                add_error(self.errors, lineno, "SystemExit",
                          f"sys.exit({safe_repr(exc.code)}) stopped the submission here", targets, cell)
                return True
            except BaseException as exc:  # noqa: BLE001 -- every failure is reported, none stops the others
                failed = len(self.errors) < MAX_ERRORS
                add_error(self.errors, lineno, type_name(exc), safe_str(exc), targets, cell)
            self.snapshot(force=mentions or failed)
        return False

    def run_calls(self, calls: list, seconds: float) -> None:
        signal.signal(signal.SIGALRM, _on_alarm)
        for call in calls:
            function = self.namespace.get(call["name"])
            if function is None:  # def Softplus for softplus: the one name spelt like it, as for values
                found = self.near_names([call["name"]]).get(call["name"], [])
                function = self.namespace[found[0]] if len(found) == 1 else None
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
                self.calls[call["id"]] = {"ok": False, "error": f"{type_name(exc)}: {safe_str(exc)}"}


class _CallTimeout(BaseException):
    pass


def _on_alarm(signum, frame):
    raise _CallTimeout()


def _decode_arg(value):
    if isinstance(value, dict) and TAG_ARRAY in value:
        return _np_array(value[TAG_ARRAY], dtype=float)
    return value
