"""Where a batch's grading tasks run: threads or processes here, or a Dask cluster.

An executor is anything with ``submit(fn, *args) -> future`` (the future has ``result()`` and
``add_done_callback()``), ``map(fn, items)`` (results in input order) and ``shutdown()``.
:func:`completed` yields futures as they finish, for any such executor.

Threads are the default: the heavy part of grading runs in a child process per submission, so
the grading process mostly waits, and threads share one rubric, one reference cache and one
verdict memo.  Processes are there for checkers that hold the GIL for long; Dask for classes too
large for one machine (``pip install 'nn-grader[dask]'``; its workers must see the submission
files at the same paths, e.g. on a shared file system).
"""

from __future__ import annotations

import os
import queue
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, Callable, Iterable, Iterator, Protocol


class FutureLike(Protocol):
    def result(self, timeout: float | None = None) -> Any: ...

    def add_done_callback(self, fn: Callable[[Any], None]) -> None: ...


class Executor(Protocol):
    """What :func:`grader.batch.grade_batch` needs from an execution engine."""

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> FutureLike: ...

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]: ...

    def shutdown(self) -> None: ...


def default_jobs() -> int:
    """Concurrent submissions: twice the cores and two more, since each task mostly waits on its child
    (and a hostile one may sleep until its wall-clock limit)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 2 * cores + 2


class LocalExecutor:
    """Threads (default) or processes on this machine."""

    def __init__(self, jobs: int | None = None, kind: str = "thread"):
        if kind not in ("thread", "process"):
            raise ValueError(f"executor kind must be 'thread' or 'process', not {kind!r}")
        self.jobs = max(1, jobs or default_jobs())
        self.kind = kind
        if kind == "thread":
            self._pool = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="grader")
        else:
            import multiprocessing

            # spawn: the grading process has threads (sandbox feeders), and fork with threads is unsafe.
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"))

    def submit(self, fn, /, *args):
        return self._pool.submit(fn, *args)

    def map(self, fn, items):
        return self._pool.map(fn, items)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Tasks on a Dask ``distributed`` cluster: an existing ``Client``, a scheduler address, or a
    local cluster of ``jobs`` single-threaded worker processes when neither is given."""

    def __init__(self, client: Any = None, *, address: str | None = None, jobs: int | None = None):
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise RuntimeError("the Dask executor needs dask[distributed]: pip install 'nn-grader[dask]'") from exc
        self._own_cluster = None
        if client is None:
            if address is None:
                # Processes, one thread each: like the local executor's processes, but scheduled by Dask.
                self._own_cluster = LocalCluster(n_workers=max(1, jobs or os.cpu_count() or 1), threads_per_worker=1,
                                                 processes=True, dashboard_address=None)
                address = self._own_cluster.scheduler_address
            client = Client(address)
            self._own_client = True
        else:
            self._own_client = False
        self.client = client

    def submit(self, fn, /, *args):
        # pure=False: two tasks with equal arguments are still two gradings (timings, retries).
        return self.client.submit(fn, *args, pure=False)

    def map(self, fn, items):
        futures = self.client.map(fn, list(items), pure=False)
        for future in futures:
            yield future.result()

    def shutdown(self) -> None:
        if self._own_client:
            self.client.close()
        if self._own_cluster is not None:
            self._own_cluster.close()


def make_executor(name: str = "thread", jobs: int | None = None, address: str | None = None) -> Executor:
    """An executor by name: ``thread``, ``process`` or ``dask`` (``address`` = scheduler, optional)."""
    if name in ("thread", "process"):
        return LocalExecutor(jobs, name)
    if name == "dask":
        return DaskExecutor(address=address, jobs=jobs)
    raise ValueError(f"unknown executor {name!r}: use thread, process or dask")


def completed(futures: Iterable[FutureLike]) -> Iterator[FutureLike]:
    """Futures in the order they finish (works for concurrent.futures and Dask futures alike)."""
    done: queue.Queue = queue.Queue()
    pending = 0
    for future in futures:
        future.add_done_callback(done.put)
        pending += 1
    for _ in range(pending):
        yield done.get()
