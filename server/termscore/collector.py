"""Pause Python's cyclic garbage collector while a long read or audit runs.

Reading and auditing a contract create many objects that all live until the response is
sent (paragraphs, their sources, clause units, sentences). Their allocations trigger
collections that find no garbage but rescan every tracked object. On a 16,000-paragraph
document a full collection costs hundreds of milliseconds: the collector took about a
quarter of the read and up to half of the audit of such a file (``bench/run_all.py``).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """Disable the collector inside the block and enable it after, if it was enabled.

    NOTE: the collector is process-wide, so the pause applies to other threads too. When
    pauses overlap in several threads, the collector is enabled again as soon as the pause
    that found it enabled ends. Garbage made during a pause is found later, because the
    server's memory release collects explicitly after large requests.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
