"""Run analysis on worker threads with a deadline, so one slow document cannot hold others.

A fixed set of daemon threads per process takes jobs from a queue, so at most ``workers``
analyses run at once. Waiting in the queue counts against the same deadline. On timeout
the server returns 503 at once, and a job still queued is dropped. A running job cannot
be stopped, because Python has no way to stop a thread. It keeps its worker until it
ends, and its result is discarded.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import TypeVar

from ..errors import AnalysisTimeoutError

T = TypeVar("T")


class _Job:
    def __init__(self, func: Callable[[], object]):
        self.func = func
        self.state = "queued"  # then "running", or "cancelled" if its deadline passed first
        self.done = threading.Event()
        self.value: object = None
        self.error: BaseException | None = None


class DeadlineRunner:
    """Runs callables on ``workers`` long-lived threads, each call within a deadline.

    The threads start on the first call, not in the constructor, so that a server that
    forks worker processes after building the app (gunicorn ``--preload``) gets threads
    in every process.
    """

    def __init__(self, workers: int):
        self.workers = workers
        self.jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []

    def run(self, func: Callable[[], T], timeout: float) -> T:
        """Return ``func()``, or raise ``AnalysisTimeoutError`` after ``timeout`` seconds.

        An exception raised by ``func`` is re-raised in the calling thread.
        """
        self._start_threads()
        job = _Job(func)
        self.jobs.put(job)
        if not job.done.wait(timeout):
            with self.lock:
                queued = job.state == "queued"
                if queued:
                    job.state = "cancelled"
            raise _timeout(timeout, queued=queued)
        if job.error is not None:
            raise job.error
        return job.value  # type: ignore[return-value]

    def _start_threads(self) -> None:
        with self.lock:
            self.threads = [t for t in self.threads if t.is_alive()]
            while len(self.threads) < self.workers:
                thread = threading.Thread(target=self._work, daemon=True,
                                          name=f"termscore-analysis-{len(self.threads)}")
                thread.start()
                self.threads.append(thread)

    def _work(self) -> None:
        while True:
            # One call per job, so that this thread drops the finished job when the call
            # returns. A job still held while waiting for the next would keep its input
            # bytes and result alive, and, after an error, the parsed document in the
            # traceback's frames.
            self._run_job(self.jobs.get())

    def _run_job(self, job: _Job) -> None:
        with self.lock:
            if job.state == "cancelled":
                return
            job.state = "running"
        try:
            job.value = job.func()
        except BaseException as exc:  # handed to the request thread
            job.error = exc
        finally:
            job.done.set()


def _timeout(seconds: float, *, queued: bool) -> AnalysisTimeoutError:
    reason = ("every analysis worker stayed busy" if queued
              else "the analysis did not finish")
    return AnalysisTimeoutError(
        f"The analysis timed out after {seconds:g} seconds because {reason}.",
        detail="try again later, split the document, or raise TERMSCORE_ANALYSIS_TIMEOUT",
    )
