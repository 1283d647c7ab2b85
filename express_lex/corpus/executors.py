"""Where batches run: in this process, on local worker processes, or on a Dask cluster.

Every executor maps `process_batch` over an iterator of batches and yields the results in
input order, with a bounded number of batches in flight, so neither the corpus nor its output
is ever held whole: memory is (in flight) x (batch size), whatever the corpus size.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import sys
import threading
from collections import deque
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Iterable, Iterator, Protocol

from ..errors import ExpressLexError, InputError
from .job import Batch, BatchResult, Job, process_batch, warm_worker

__all__ = ["Executor", "InProcess", "LocalProcesses", "DaskCluster", "default_workers", "DASK_EXTRA"]

DASK_EXTRA = "express-lex[dask]"
# scheme://host:port or host:port; checked first, as Client() on a malformed one hangs, then warns
_ADDRESS = re.compile(r"^(?:(?:tcp|tls|ws|wss|ucx)://)?(?:\[[0-9a-fA-F:]+\]|[\w.-]+):\d{1,5}$")


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Executor(Protocol):
    workers: int

    def map(self, job: Job, batches: Iterable[Batch]) -> Iterator[BatchResult]: ...

    def close(self) -> None: ...


class InProcess:
    """One worker: this process, lazily, batch by batch."""

    workers = 1

    def map(self, job: Job, batches: Iterable[Batch]) -> Iterator[BatchResult]:
        for batch in batches:
            yield process_batch(job, batch)

    def close(self) -> None:
        pass


def _ordered(submit: Any, batches: Iterable[Batch], window: int) -> Iterator[BatchResult]:
    """Submit up to `window` batches ahead and yield their results in submission order."""
    pending: deque[Any] = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _start_worker(job: Job) -> None:
    """A pool process: Ctrl-C is for the run, which stops the pool; a worker leaves quietly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_worker(job)


def _context() -> Any:
    """fork on Linux when this process runs no other thread: instant, and the children share
    the lexicon already loaded here. Otherwise forkserver (spawn where there is none): forking
    a process that runs threads, as a Dask client or a test runner may, can deadlock the child."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and threading.active_count() == 1 and "fork" in methods:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class LocalProcesses:
    """N worker processes on this machine, started on first use (an input of one batch runs
    here, with no start-up cost). Each process loads the lexicon once, in its initializer."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._pool: Any = None

    def map(self, job: Job, batches: Iterable[Batch]) -> Iterator[BatchResult]:
        stream = iter(batches)
        first = next(stream, None)
        if first is None:
            return
        second = next(stream, None)
        if second is None:  # too small to be worth starting processes
            yield process_batch(job, first)
            return
        pool = self._start(job)

        def chained() -> Iterator[Batch]:
            yield first
            yield second
            yield from stream

        try:
            yield from _ordered(lambda batch: pool.submit(process_batch, job, batch), chained(), 2 * self.workers)
        except BrokenProcessPool as error:
            raise ExpressLexError(f"a worker process died ({error}); rerun to resume an output directory") from None

    def _start(self, job: Job) -> Any:
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(self.workers, mp_context=_context(), initializer=_start_worker,
                                             initargs=(job,))
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskCluster:
    """A running Dask cluster (`tcp://host:port`). The workers need express-lex installed;
    the batches travel from this process, so they need no access to the input files. Each
    worker process keeps the lexicon in a module-level cache after its first batch."""

    def __init__(self, address: str, timeout: float = 10.0) -> None:
        if not _ADDRESS.match(address):
            raise InputError(f"bad Dask address {address!r} (expected a scheduler address such as tcp://host:8786)")
        try:
            from distributed import Client  # type: ignore[import-not-found, import-untyped, unused-ignore]
        except ImportError:
            raise InputError(f"--dask needs Dask: pip install '{DASK_EXTRA}'") from None
        try:
            self._client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise InputError(f"cannot reach the Dask scheduler at {address}: {error}") from None
        self.workers = max(1, sum(self._client.nthreads().values()))

    def map(self, job: Job, batches: Iterable[Batch]) -> Iterator[BatchResult]:
        def submit(batch: Batch) -> Any:
            return self._client.submit(process_batch, job, batch, pure=False)

        try:
            yield from _ordered(submit, batches, 2 * self.workers)
        except ExpressLexError:
            raise
        except (OSError, TimeoutError) as error:
            raise InputError(f"lost the Dask cluster: {error}") from None

    def close(self) -> None:
        self._client.close()
