"""Every item's check in bounded time: checks run in a forked worker that is killed on overrun.

A signal in the grading thread cannot stop SymPy in the middle of one long C-level call (a
huge expansion, a polynomial GCD), and a batch grades in threads, where signals do not reach
at all.  So the items of one submission are checked in a *worker*: a fork of the grading
process, taken once the rubric, the references and every checker are loaded, that runs the
same trusted grader code on the already-validated answers and sends back each item's report
as JSON, which the grading process validates as :class:`~grader.report.ItemReport` (a
boundary like any other).  The worker never sees the submission's process or its source.

Budgets (:class:`CheckBudget`):

* per item, **CPU seconds** of the worker while it checks that item (``item_seconds``, or the
  rubric item's ``check_seconds``).  CPU time, not wall time, so a verdict does not depend on
  how busy the machine is; a wall-clock backstop (``wall_factor`` times the CPU budget, plus
  two seconds) ends a worker that waits instead of computing (it used under a tenth of its CPU
  budget by then); it is replaced and the item tried once more before it is given up.
* per submission, **wall seconds** for all its checks (``submission_seconds``): a hard bound
  on how long one student can hold the grader.
* the worker's **memory** (address space it may add, ``memory_mb``).

An item over budget becomes ``error`` with "could not be checked in time; the course staff
will review it" (no credit); the worker is killed and a fresh one, forked again from the
grading process, carries on with the next item.  When forking is not possible (not Linux) the
checks run in the grading process without a budget.

Cost: one fork per submission (``gc.freeze`` in the worker keeps the collector from copying
the shared pages), and nothing when every item is answered from the batch's verdict memo.
"""

from __future__ import annotations

import gc
import os
import resource
import select
import signal
import sys
import time
from dataclasses import dataclass
from typing import Callable, Sequence

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .report import ItemReport

OVER_TIME = "This answer could not be checked in time; the course staff will review it."
OVER_LIMITS = "This answer could not be checked within the grader's limits; the course staff will review it."
_FRAME_HEADER = 8
_POLL_SECONDS = 0.05
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class CheckBudget(BaseModel):
    """How long and how much memory the grader may spend checking one submission's answers."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    item_seconds: float = Field(default=5.0, gt=0, description=(
        "CPU seconds for one item's check (its known mistakes and other variants included), unless the rubric item "
        "sets check_seconds.  Over it, the item becomes 'error' for staff review."))
    submission_seconds: float = Field(default=60.0, gt=0, description=(
        "Wall-clock seconds for all checks of one submission; items not checked by then become 'error'."))
    memory_mb: int = Field(default=2048, ge=64, description=(
        "Address space (MiB) the check worker may add to what it inherits from the grading process."))
    wall_factor: float = Field(default=4.0, ge=1, description=(
        "Wall-clock backstop for one item: this many times its CPU budget, plus 2 s, for a worker that waits "
        "instead of computing (under a tenth of its CPU budget used by then)."))
    isolated: bool = Field(default=True, description=(
        "Check in a forked worker (the budget is enforced); False checks in the grading process, unbounded."))

    def seconds_for(self, item_seconds: float | None) -> float:
        return item_seconds if item_seconds is not None else self.item_seconds


@dataclass
class CheckJob:
    """One item's check: ``run()`` returns its report (called in the worker); ``over_budget(message,
    evidence)`` builds the report used when the worker could not finish it."""

    run: Callable[[], ItemReport]
    over_budget: Callable[[str, dict], ItemReport]
    seconds: float | None = None  # the rubric item's own CPU budget


def available() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def check_all(jobs: Sequence[CheckJob], budget: CheckBudget | None = None,
              timings: list[tuple[float, float]] | None = None) -> list[ItemReport]:
    """Every job's report, in order, each within its budget.  ``timings`` (for benchmarks) receives
    (wall seconds, CPU seconds) per job checked in a worker, in order; over-budget jobs included."""
    budget = budget or CheckBudget()
    if not jobs:
        return []
    if not budget.isolated or not available():
        reports = []
        for job in jobs:
            wall, cpu = time.monotonic(), time.process_time()
            reports.append(job.run())
            if timings is not None:
                timings.append((time.monotonic() - wall, time.process_time() - cpu))
        return reports
    reports: list[ItemReport | None] = [None] * len(jobs)
    measured: dict[int, tuple[float, float]] = {}
    deadline = time.monotonic() + budget.submission_seconds
    retried: set[int] = set()
    index = 0
    while index < len(jobs):
        if time.monotonic() >= deadline:
            break
        worker = _Worker(jobs, index, budget)
        try:
            while index < len(jobs):
                seconds = budget.seconds_for(jobs[index].seconds)
                outcome = worker.next_report(seconds, budget.wall_factor * seconds + 2.0, deadline)
                measured[index] = worker.last_timing
                if isinstance(outcome, ItemReport):
                    reports[index] = outcome
                    index += 1
                    continue
                if outcome == "stalled" and index not in retried:
                    retried.add(index)  # no CPU used: a worker stuck, not a costly answer; once more
                elif outcome == "deadline":
                    pass  # every item left is reported below
                else:
                    evidence = {"check_budget": f"{seconds:g} CPU seconds" if outcome in ("cpu", "stalled")
                                else outcome}
                    message = OVER_TIME if outcome in ("cpu", "stalled") else OVER_LIMITS
                    reports[index] = jobs[index].over_budget(message, evidence)
                    index += 1
                break
        finally:
            worker.close()
    for position in range(index, len(jobs)):
        if reports[position] is None:
            reports[position] = jobs[position].over_budget(
                OVER_TIME, {"check_budget": f"{budget.submission_seconds:g} s for the whole submission"})
    if timings is not None:
        timings.extend(measured.get(position, (0.0, 0.0)) for position in range(len(jobs)))
    return reports  # type: ignore[return-value]


class _Worker:
    """A fork of this process checking ``jobs[start:]`` in order, one frame per report."""

    def __init__(self, jobs: Sequence[CheckJob], start: int, budget: CheckBudget):
        read_end, write_end = os.pipe()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError, AttributeError):
                pass
        self.pid = os.fork()
        if self.pid == 0:  # the worker: never returns
            _work(jobs, start, write_end, read_end, budget)
        os.close(write_end)
        self._fd = read_end
        self._buffer = b""
        self._cpu_mark = self._cpu()
        self.last_timing = (0.0, 0.0)

    def next_report(self, cpu_seconds: float, wall_seconds: float, deadline: float) -> ItemReport | str:
        """The next report, or why none came: 'cpu' (over its CPU budget), 'stalled' (over the
        wall backstop with little CPU used), 'deadline' (the submission's time is up), or a
        description of how the worker ended."""
        began = time.monotonic()
        while True:
            frame = self._frame()
            if frame is not None:
                cpu = self._cpu()
                self.last_timing = (time.monotonic() - began, cpu - self._cpu_mark)
                self._cpu_mark = cpu
                return _validated(frame)
            now = time.monotonic()
            used = self._cpu() - self._cpu_mark
            self.last_timing = (now - began, used)
            if self._fd is None:
                return f"the check worker ended ({self._exit_description()})"
            if used > cpu_seconds:
                return "cpu"
            if now - began > wall_seconds and used < 0.1 * cpu_seconds:
                return "stalled"  # waiting, not computing; a check that computes slowly on a busy machine goes on
            if now >= deadline:
                return "deadline"
            wait = min(_POLL_SECONDS * (1 + min(now - began, 1.0) * 4), max(deadline - now, 0.0))
            ready, _, _ = select.select([self._fd], [], [], wait)
            if ready:
                self._fill()

    def _frame(self) -> bytes | None:
        if len(self._buffer) >= _FRAME_HEADER:
            size = int.from_bytes(self._buffer[:_FRAME_HEADER], "big")
            if len(self._buffer) >= _FRAME_HEADER + size:
                frame = self._buffer[_FRAME_HEADER:_FRAME_HEADER + size]
                self._buffer = self._buffer[_FRAME_HEADER + size:]
                return frame
        return None

    def _fill(self) -> None:
        chunk = os.read(self._fd, 1 << 20)
        if chunk:
            self._buffer += chunk
        else:
            os.close(self._fd)
            self._fd = None

    def _cpu(self) -> float:
        """The worker's CPU seconds so far (user + system), from /proc; 0 where there is none."""
        try:
            with open(f"/proc/{self.pid}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / _TICKS
        except (OSError, IndexError, ValueError):
            return 0.0

    def _exit_description(self) -> str:
        self._reap(block=True)
        status = self._status
        if status is not None and os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            return "out of memory" if number in (signal.SIGSEGV, signal.SIGABRT) else f"signal {number}"
        return "out of memory" if status is not None and os.WEXITSTATUS(status) == 3 else "no report"

    _status: int | None = None
    _reaped = False

    def _reap(self, block: bool) -> None:
        if self._reaped:
            return
        try:
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            self._reaped = True
            return
        if pid:
            self._reaped, self._status = True, status

    def close(self) -> None:
        if not self._reaped:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._reap(block=True)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _validated(frame: bytes) -> ItemReport | str:
    try:
        return ItemReport.model_validate_json(frame)
    except ValidationError:
        return "the check worker sent an unreadable report"


def _work(jobs: Sequence[CheckJob], start: int, write_end: int, read_end: int, budget: CheckBudget) -> None:
    """In the worker: check the jobs in order and send each report; leave with ``os._exit``."""
    code = 0
    try:
        # The collector would otherwise write into every inherited object it scans, copying the
        # pages this process shares with the grading process; new objects are still collected.
        gc.freeze()
        _only_descriptors(write_end)
        for hook in AFTER_FORK:
            hook()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _cap_memory(budget.memory_mb)
        for job in jobs[start:]:
            try:
                report = job.run()
            except MemoryError:
                code = 3
                break
            body = report.model_dump_json().encode()
            _write_all(write_end, len(body).to_bytes(_FRAME_HEADER, "big") + body)
    except BaseException:  # noqa: BLE001 -- the grading process reports the item it was waiting for
        code = code or 1
    finally:
        os._exit(code)


#: callables run in a fresh worker before any check (e.g. locks another thread may have held
#: at the moment of the fork are replaced)
AFTER_FORK: list[Callable[[], None]] = []


def _only_descriptors(keep: int) -> None:
    """The worker holds no other descriptor of the grading process (pipes of other students'
    children in a batch would otherwise stay open while it runs); stdin/stdout/stderr stay."""
    try:
        os.closerange(3, keep)
        os.closerange(keep + 1, 1 << 20)
    except OSError:
        pass


def _cap_memory(extra_mb: int) -> None:
    try:
        with open("/proc/self/statm", "rb") as handle:
            pages = int(handle.read().split()[0])
        current = pages * os.sysconf("SC_PAGE_SIZE")
        limit = current + extra_mb * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError, IndexError):
        pass


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]

