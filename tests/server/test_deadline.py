"""The per-request analysis deadline: 503 on time-out, and no blocking of other requests."""

from __future__ import annotations

import threading
import time

import pytest

from termscore.errors import AnalysisTimeoutError
from termscore.server import api, create_app
from termscore.server.deadline import DeadlineRunner


def test_runner_returns_value_and_reraises():
    runner = DeadlineRunner(2)

    assert runner.run(lambda: 42, timeout=1) == 42
    with pytest.raises(ZeroDivisionError):
        runner.run(lambda: 1 / 0, timeout=1)


def test_runner_times_out():
    runner = DeadlineRunner(1)
    release = threading.Event()

    started = time.monotonic()
    with pytest.raises(AnalysisTimeoutError, match="timed out after 0.2 seconds"):
        runner.run(release.wait, timeout=0.2)
    elapsed = time.monotonic() - started
    release.set()

    assert elapsed < 1.0


def test_runner_counts_queueing_against_deadline():
    runner = DeadlineRunner(1)
    release = threading.Event()
    blocker = threading.Thread(target=lambda: runner.run(release.wait, timeout=5))
    blocker.start()
    time.sleep(0.05)

    with pytest.raises(AnalysisTimeoutError, match="every analysis worker stayed busy"):
        runner.run(lambda: 1, timeout=0.2)
    release.set()
    blocker.join()


def test_queued_job_dropped_after_timeout():
    runner = DeadlineRunner(1)
    release = threading.Event()
    ran = []
    blocker = threading.Thread(target=lambda: runner.run(release.wait, timeout=5))
    blocker.start()
    time.sleep(0.05)

    with pytest.raises(AnalysisTimeoutError):
        runner.run(lambda: ran.append("late job"), timeout=0.1)
    release.set()
    blocker.join()
    assert runner.run(lambda: "next", timeout=1) == "next"

    assert ran == []


def test_runner_reuses_its_threads():
    runner = DeadlineRunner(3)

    results = [runner.run(lambda n=n: n * 2, timeout=1) for n in range(50)]

    assert results == [n * 2 for n in range(50)]
    assert len(runner.threads) == 3
    assert sum(t.name.startswith("termscore-analysis") for t in threading.enumerate()) >= 3


def test_slow_audit_is_503_and_others_still_served(monkeypatch):
    app = create_app({"TESTING": True, "ANALYSIS_TIMEOUT": 0.5, "ANALYSIS_WORKERS": 4})
    release = threading.Event()
    real_layer = api.layer

    class Result:
        findings = []

        def __init__(self, text):
            self.text = text

        def to_dict(self):
            return {"text": self.text}

    def audit(document, *, side, rules):
        if "slow" in document.paragraphs[0].text:
            release.wait(10)
        return Result(document.paragraphs[0].text)

    monkeypatch.setattr(api, "layer", lambda m, n: audit if n == "audit" else real_layer(m, n))
    outcome = {}

    def slow_request():
        response = app.test_client().post("/api/audit", data=b"slow", content_type="text/plain")
        outcome["slow"] = (response.status_code, response.get_json()["code"])

    slow = threading.Thread(target=slow_request)
    slow.start()
    time.sleep(0.1)
    started = time.monotonic()
    fast = app.test_client().post("/api/audit", data=b"fast", content_type="text/plain")
    fast_elapsed = time.monotonic() - started
    slow.join(5)
    release.set()

    assert fast.status_code == 200
    assert fast.get_json() == {"text": "fast"}
    assert fast_elapsed < 0.4
    assert outcome["slow"] == (503, "analysis_timeout")
