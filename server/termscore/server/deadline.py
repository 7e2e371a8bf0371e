"""Run analysis in a worker thread with a deadline, so one slow document cannot hold others.

Each job runs in a daemon thread. A semaphore bounds how many run at once; waiting for a
slot counts against the same deadline. On timeout the server returns 503 at once. Python cannot stop a thread, so the late job runs on in the background, keeps its
slot until it ends, and its result is dropped.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from ..errors import AnalysisTimeoutError

T = TypeVar("T")


class DeadlineRunner:
    """Runs callables on worker threads, at most ``workers`` at a time, each within a deadline."""

    def __init__(self, workers: int):
        self.slots = threading.BoundedSemaphore(workers)

    def run(self, func: Callable[[], T], timeout: float) -> T:
        """Return ``func()``, or raise ``AnalysisTimeoutError`` after ``timeout`` seconds.

        An exception raised by ``func`` is re-raised in the calling thread.
        """
        deadline = time.monotonic() + timeout
        if not self.slots.acquire(timeout=timeout):
            raise _timeout(timeout, queued=True)
        outcome: dict[str, object] = {}
        done = threading.Event()

        def work():
            try:
                outcome["value"] = func()
            except BaseException as exc:  # handed to the request thread below
                outcome["error"] = exc
            finally:
                self.slots.release()
                done.set()

        threading.Thread(target=work, name="termscore-analysis", daemon=True).start()
        if not done.wait(max(0.0, deadline - time.monotonic())):
            raise _timeout(timeout, queued=False)
        if "error" in outcome:
            raise outcome["error"]  # type: ignore[misc]
        return outcome["value"]  # type: ignore[return-value]


def _timeout(seconds: float, *, queued: bool) -> AnalysisTimeoutError:
    reason = ("every analysis worker stayed busy" if queued
              else "the analysis did not finish")
    return AnalysisTimeoutError(
        f"The analysis timed out after {seconds:g} seconds because {reason}.",
        detail="try again later, split the document, or raise TERMSCORE_ANALYSIS_TIMEOUT",
    )
