"""Grading one submission's items in two processes: the other core of a single ``grader run``.

A lone ``grader run`` is one process doing one thing after another on a two-core
machine, while the submission's child is the only other work.  Once the rubric is
loaded (SymPy, NumPy and every checker imported), :class:`ItemHelper` forks a
copy of the grading process that computes the expected values of its share of
the items while the child runs, waits for the answers, grades its items and
hands back their reports as JSON, which the grading process validates as
:class:`~grader.report.ItemReport` like any other boundary.  The share is
balanced by each checker's ``cost``.

The helper never sees the submission's process: it is forked before the request is
sent (no thread is running yet), closes every descriptor but its two pipes, receives
the same raw answer document the grading process read, and leaves with ``os._exit``.
If it fails in any way the grading process grades its items itself, so the report
never depends on it: item verdicts are computed per item from the item's own seed,
in whichever process.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from typing import Callable, Sequence, TypeVar

Work = TypeVar("Work")

#: a frame on a pipe: 8-byte big-endian length, then the bytes
_LENGTH = 8


#: modules both processes would import on first use: imported once, before the fork
#: (SymPy's Add imports its tensor module the first time it combines terms: 0.06 s)
SHARED_LAZY_IMPORTS = {"sympy": ("sympy.tensor.tensor",), "numpy": ("numpy.random",)}


def warm_shared_imports() -> None:
    import importlib

    for loaded, modules in SHARED_LAZY_IMPORTS.items():
        if loaded in sys.modules:
            for module in modules:
                importlib.import_module(module)


def processes_for_a_single_run() -> int:
    """2 unless GRADER_ITEM_PROCESSES=1 (for ``grader run`` and the Gradescope autograder)."""
    return 1 if os.environ.get("GRADER_ITEM_PROCESSES", "2").strip() == "1" else 2


def available() -> bool:
    """Forking a copy of a process holding SymPy is cheap and safe on Linux only."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    return len(os.sched_getaffinity(0)) >= 2  # the cores this process may use, not the machine's


def split(costs: Sequence[float]) -> tuple[list[int], list[int]]:
    """Indices for this process and for the helper, the heaviest first to the lighter side
    (ties to this process, so the split is the same on every run)."""
    mine: list[int] = []
    theirs: list[int] = []
    load = [0.0, 0.0]
    for index in sorted(range(len(costs)), key=lambda i: (-costs[i], i)):
        side = 0 if load[0] <= load[1] else 1
        (mine if side == 0 else theirs).append(index)
        load[side] += costs[index]
    return sorted(mine), sorted(theirs)


class ItemHelper:
    """A forked helper: ``prepare()`` runs at once in it; ``finish(prepared, message)`` runs once
    :meth:`send` delivers the message, and its list of JSON-able results comes back from
    :meth:`results`."""

    def __init__(self, prepare: Callable[[], Work], finish: Callable[[Work, dict, bytes], list[dict]]):
        warm_shared_imports()
        # The collector writes into every object it scans: after a fork that would copy nearly every
        # page both processes share.  Frozen objects are not scanned (until results() or abandon()).
        gc.freeze()
        to_helper, self._to_helper = os.pipe()
        self._from_helper, from_helper = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:  # the helper
            code = 1
            try:
                _close_all_but(to_helper, from_helper)
                prepared = prepare()
                header, payload = _read_frame(to_helper), _read_frame(to_helper)
                if header is not None and payload is not None:
                    results = finish(prepared, json.loads(header), payload)
                    _write_frame(from_helper, json.dumps(results, allow_nan=True).encode())
                    code = 0
            except BaseException:  # the grading process grades these items itself
                pass
            finally:
                os._exit(code)
        os.close(to_helper)
        os.close(from_helper)

    def send(self, message: dict, payload: bytes = b"") -> None:
        try:
            _write_frame(self._to_helper, json.dumps(message).encode())
            _write_frame(self._to_helper, payload)
        except OSError:
            pass  # a helper that died reports nothing; results() says so
        finally:
            os.close(self._to_helper)
            self._to_helper = None

    def results(self) -> list[dict] | None:
        """The helper's results, or None if it failed; the helper is reaped either way."""
        try:
            frame = _read_frame(self._from_helper)
        finally:
            os.close(self._from_helper)
            self._from_helper = None
            _, status = os.waitpid(self.pid, 0)
            gc.unfreeze()
        if frame is None or not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return None
        try:
            results = json.loads(frame)
        except ValueError:
            return None
        return results if isinstance(results, list) else None

    def abandon(self) -> None:
        """Stop and reap the helper (the grading process failed before collecting it)."""
        for fd in (self._to_helper, self._from_helper):
            if fd is not None:
                os.close(fd)
        self._to_helper = self._from_helper = None
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        gc.unfreeze()


def _close_all_but(*keep: int) -> None:
    """The helper holds none of the grading process's other descriptors (the child's pipes, the
    uid slot's lock): those stay the grading process's alone."""
    try:
        descriptors = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return
    for fd in descriptors:
        if fd > 2 and fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass


def _write_frame(fd: int, data: bytes) -> None:
    view = memoryview(len(data).to_bytes(_LENGTH, "big") + data)
    while view:
        view = view[os.write(fd, view):]


def _read_frame(fd: int) -> bytes | None:
    def exactly(count: int) -> bytes | None:
        chunks, left = [], count
        while left:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                return None
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    length = exactly(_LENGTH)
    return None if length is None else exactly(int.from_bytes(length, "big"))
