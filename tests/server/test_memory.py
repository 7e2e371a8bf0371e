"""Releasing memory after large requests, and analysis threads dropping finished jobs."""

from __future__ import annotations

import platform
import sys
import threading
import time
import weakref

import pytest

from termscore.server import create_app, memory
from termscore.server.deadline import DeadlineRunner
from termscore.server.memory import MemoryReleaser, load_malloc_trim

ON_GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Recorder:
    """Stand-ins for gc.collect and malloc_trim that log their calls in order.

    With ``hold``, a trim waits until ``release`` is set.
    """

    def __init__(self, hold: bool = False):
        self.calls: list[str] = []
        self.trim_started = threading.Event()
        self.release = threading.Event()
        if not hold:
            self.release.set()

    def collect(self) -> int:
        self.calls.append("collect")
        return 0

    def trim(self, pad: int) -> int:
        self.calls.append(f"trim({pad})")
        self.trim_started.set()
        self.release.wait(5)
        return 1

    def releaser(self, **options) -> MemoryReleaser:
        return MemoryReleaser(trim=self.trim, collect=self.collect, **options)


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
def test_release_now_calls_glibc():
    releaser = MemoryReleaser()

    releaser.release_now()

    assert releaser.trim_function is not None
    assert releaser.releases == 1
    assert releaser.trim_seconds > 0


def test_release_without_glibc_only_collects(monkeypatch):
    monkeypatch.setattr(memory, "load_malloc_trim", lambda: None)
    collected = []
    releaser = MemoryReleaser(collect=lambda: collected.append(1) or 0)

    releaser.release_now()

    assert releaser.trim_function is None
    assert collected == [1]
    assert releaser.releases == 1
    assert releaser.trim_seconds == 0


def test_large_body_collects_then_trims():
    recorder = Recorder()
    releaser = recorder.releaser(min_bytes=1000, min_interval=0)

    requested = releaser.request_finished(1000)

    assert requested is True
    assert wait_for(lambda: releaser.releases == 1)
    assert recorder.calls == ["collect", "trim(0)"]


@pytest.mark.parametrize("body_bytes", [None, 0, 999])
def test_small_body_does_not_release(body_bytes):
    recorder = Recorder()
    releaser = recorder.releaser(min_bytes=1000, min_interval=0)

    requested = releaser.request_finished(body_bytes)
    time.sleep(0.1)

    assert requested is False
    assert recorder.calls == []
    assert releaser._thread is None


def test_requests_during_release_merge_into_one():
    recorder = Recorder(hold=True)
    releaser = recorder.releaser(min_bytes=1, min_interval=0)
    releaser.request_finished(10)
    assert recorder.trim_started.wait(2)

    for _ in range(5):
        releaser.request_finished(10)
    recorder.release.set()

    assert wait_for(lambda: releaser.releases == 2)
    time.sleep(0.1)
    assert releaser.releases == 2


def test_interval_delays_next_release():
    recorder = Recorder()
    releaser = recorder.releaser(min_bytes=1, min_interval=0.5)
    releaser.request_finished(10)
    assert wait_for(lambda: releaser.releases == 1)

    releaser.request_finished(10)
    time.sleep(0.2)
    releases_within_interval = releaser.releases

    assert releases_within_interval == 1
    assert wait_for(lambda: releaser.releases == 2)


def test_app_releases_after_large_request_only(fake_layers):
    app = create_app({"TESTING": True})
    recorder = Recorder()
    app.extensions["termscore.memory"] = recorder.releaser(min_bytes=16 * 1024,
                                                           min_interval=0)
    client = app.test_client()

    small = client.post("/api/audit", data=b"PK" + bytes(1000), content_type=DOCX)
    health = client.get("/api/health")
    time.sleep(0.1)
    calls_after_small = list(recorder.calls)
    large = client.post("/api/audit", data=b"PK" + bytes(20_000), content_type=DOCX)

    assert small.status_code == 200
    assert health.status_code in (200, 503)
    assert calls_after_small == []
    assert large.status_code == 200
    assert wait_for(lambda: recorder.calls == ["collect", "trim(0)"])


def test_runner_drops_finished_job():
    class Result:
        pass

    runner = DeadlineRunner(1)
    result = runner.run(Result, timeout=1)
    reference = weakref.ref(result)

    del result

    # The analysis thread must not keep the last job's result while it waits for the next.
    assert wait_for(lambda: reference() is None)
