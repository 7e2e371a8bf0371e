"""Give the memory that finished documents leave behind back to the operating system.

Two things keep a worker's resident memory near the peak of the documents that were in
flight at the same time, and let it creep up under load:

- A read package and its parsed parts refer to each other, so a finished document is
  freed by Python's cyclic garbage collector, not when its last reference goes. A
  document that lived through a long analysis sits in the oldest generation, which
  Python collects rarely and never while the process is idle.
- Freed lxml nodes and Python objects go back to glibc's malloc, which keeps the pages in
  its arenas (one per thread, up to 8 per core) for reuse. ``malloc_trim(0)`` walks every
  arena and returns each whole free page to the kernel (glibc 2.8 and later, per the
  malloc_trim(3) manual page).

After a request with a large body, a background thread therefore runs a full garbage
collection and then ``malloc_trim(0)``, at most once per ``min_interval`` seconds, so no
response waits for it. Where the C library is not glibc, only the collection runs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import platform
import sys
import threading
import time
from collections.abc import Callable

__all__ = ["MIN_BODY_BYTES", "MIN_INTERVAL_SECONDS", "MemoryReleaser", "load_malloc_trim"]

log = logging.getLogger(__name__)

# Requests with a body of at least this many bytes trigger a release. A 16 KiB .docx
# already expands to several MiB of parsed XML and analysis data (an estimate).
MIN_BODY_BYTES = 16 * 1024

# The shortest time between two releases, in seconds. A full collection holds the GIL.
# Under bench/load.py on a 2-core AMD EPYC it took about 95 ms and the trim about 25 ms
# per release, so a worker under constant load spends up to about 12% of its time here.
# Throughput in that benchmark stayed within its run-to-run noise (35 requests/s with the
# collection, 32-37 without).
MIN_INTERVAL_SECONDS = 1.0

TrimFunction = Callable[[int], int]


def load_malloc_trim() -> TrimFunction | None:
    """Return glibc's ``malloc_trim``, or None on another system or C library."""
    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        function = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_size_t]
    function.restype = ctypes.c_int
    return function


class MemoryReleaser:
    """Collects garbage and trims the C heap on a background thread after large requests.

    ``request_finished(body_bytes)`` requests a release when the body has at least
    ``min_bytes`` bytes. Requests that arrive while a release runs, or before
    ``min_interval`` has passed since the last one, are merged into one later release.
    So the last large request of a burst is always followed by one. The thread starts on
    the first request, not in the constructor, so that each process that gunicorn forks
    after building the app starts its own thread.
    """

    def __init__(self, *, min_bytes: int = MIN_BODY_BYTES,
                 min_interval: float = MIN_INTERVAL_SECONDS,
                 trim: TrimFunction | None = None,
                 collect: Callable[[], int] = gc.collect):
        self.min_bytes = min_bytes
        self.min_interval = min_interval
        self.trim_function = trim if trim is not None else load_malloc_trim()
        self.collect_function = collect
        self.releases = 0
        self.collect_seconds = 0.0
        self.trim_seconds = 0.0
        self._requested = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def request_finished(self, body_bytes: int | None) -> bool:
        """Request a release if ``body_bytes`` reaches ``min_bytes``; return whether it did."""
        if body_bytes is None or body_bytes < self.min_bytes:
            return False
        self._start_thread()
        self._requested.set()
        return True

    def release_now(self) -> None:
        """Run a full garbage collection, then ``malloc_trim(0)`` where glibc has it."""
        start = time.perf_counter()
        self.collect_function()
        collected = time.perf_counter()
        trimmed = collected
        if self.trim_function is not None:
            self.trim_function(0)
            trimmed = time.perf_counter()
        with self._lock:
            self.releases += 1
            self.collect_seconds += collected - start
            self.trim_seconds += trimmed - collected

    def _start_thread(self) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(target=self._run, daemon=True,
                                            name="termscore-memory-release")
            self._thread.start()

    def _run(self) -> None:
        while True:
            self._requested.wait()
            # Cleared before the release, so that memory freed meanwhile gets the next one.
            self._requested.clear()
            try:
                self.release_now()
            except Exception:  # a failed release must not end the thread
                log.exception("releasing memory failed")
            time.sleep(self.min_interval)
