"""Returning freed heap memory to the system: the malloc_trim trimmer and finished jobs."""

from __future__ import annotations

import platform
import sys
import threading
import time
import weakref

import pytest

from termscore.server import create_app, memory
from termscore.server.deadline import DeadlineRunner
from termscore.server.memory import MemoryTrimmer, load_malloc_trim

ON_GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


class RecordingTrim:
    """A stand-in for malloc_trim that records each call and can hold it until released."""

    def __init__(self, hold: bool = False):
        self.calls: list[int] = []
        self.started = threading.Event()
        self.release = threading.Event()
        if not hold:
            self.release.set()

    def __call__(self, pad: int) -> int:
        self.calls.append(pad)
        self.started.set()
        self.release.wait(5)
        return 1


def wait_for(condition, timeout: float = 2.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def test_load_malloc_trim_none_without_glibc(monkeypatch):
    monkeypatch.setattr(platform, "libc_ver", lambda: ("", ""))

    assert load_malloc_trim() is None


def test_load_malloc_trim_none_off_linux(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")

    assert load_malloc_trim() is None


@pytest.mark.skipif(not ON_GLIBC, reason="malloc_trim exists only in glibc")
def test_trim_now_calls_glibc():
    trimmer = MemoryTrimmer()

    trimmer.trim_now()

    assert trimmer.enabled
    assert trimmer.trims == 1
    assert trimmer.trim_seconds > 0


def test_trimmer_without_glibc_does_nothing(monkeypatch):
    monkeypatch.setattr(memory, "load_malloc_trim", lambda: None)
    trimmer = MemoryTrimmer(min_bytes=10)

    requested = trimmer.request_finished(10_000_000)
    trimmer.trim_now()

    assert not trimmer.enabled
    assert requested is False
    assert trimmer.trims == 0
    assert trimmer._thread is None


def test_large_body_trims_once():
    trim = RecordingTrim()
    trimmer = MemoryTrimmer(min_bytes=1000, min_interval=0, trim=trim)

    requested = trimmer.request_finished(1000)

    assert requested is True
    assert wait_for(lambda: trimmer.trims == 1)
    assert trim.calls == [0]


@pytest.mark.parametrize("body_bytes", [None, 0, 999])
def test_small_body_does_not_trim(body_bytes):
    trim = RecordingTrim()
    trimmer = MemoryTrimmer(min_bytes=1000, min_interval=0, trim=trim)

    requested = trimmer.request_finished(body_bytes)
    time.sleep(0.1)

    assert requested is False
    assert trim.calls == []
    assert trimmer._thread is None


def test_requests_during_trim_merge_into_one():
    trim = RecordingTrim(hold=True)
    trimmer = MemoryTrimmer(min_bytes=1, min_interval=0, trim=trim)
    trimmer.request_finished(10)
    assert trim.started.wait(2)

    for _ in range(5):
        trimmer.request_finished(10)
    trim.release.set()

    assert wait_for(lambda: trimmer.trims == 2)
    time.sleep(0.1)
    assert trimmer.trims == 2


def test_interval_delays_next_trim():
    trim = RecordingTrim()
    trimmer = MemoryTrimmer(min_bytes=1, min_interval=0.5, trim=trim)
    trimmer.request_finished(10)
    assert wait_for(lambda: trimmer.trims == 1)

    trimmer.request_finished(10)
    time.sleep(0.2)
    trims_within_interval = trimmer.trims

    assert trims_within_interval == 1
    assert wait_for(lambda: trimmer.trims == 2)


def test_app_trims_after_large_request_only(fake_layers):
    app = create_app({"TESTING": True})
    trim = RecordingTrim()
    app.extensions["termscore.trimmer"] = MemoryTrimmer(min_bytes=16 * 1024, min_interval=0,
                                                        trim=trim)
    client = app.test_client()

    small = client.post("/api/audit", data=b"PK" + bytes(1000), content_type="application/"
                        "vnd.openxmlformats-officedocument.wordprocessingml.document")
    health = client.get("/api/health")
    time.sleep(0.1)
    calls_after_small = list(trim.calls)
    large = client.post("/api/audit", data=b"PK" + bytes(20_000), content_type="application/"
                        "vnd.openxmlformats-officedocument.wordprocessingml.document")

    assert small.status_code == 200
    assert health.status_code in (200, 503)
    assert calls_after_small == []
    assert large.status_code == 200
    assert wait_for(lambda: trim.calls == [0])


def test_runner_drops_finished_job():
    class Result:
        pass

    runner = DeadlineRunner(1)
    result = runner.run(Result, timeout=1)
    reference = weakref.ref(result)

    del result

    # The analysis thread must not keep the last job's result while it waits for the next.
    assert wait_for(lambda: reference() is None)
