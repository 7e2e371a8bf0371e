"""A short load and fault test of the real service under gunicorn on 127.0.0.1.

The full-size run is ``bench/load.py``. This one sends a few hundred requests, so that it
fits in the test suite: it took 20 to 68 s on a 2-core machine shared with other work.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from support import paths

pytestmark = [pytest.mark.slow, pytest.mark.corpus]

_LOAD_PATH = paths.REPO_ROOT / "bench" / "load.py"


def _load_module():
    spec = importlib.util.spec_from_file_location("termscore_bench_load", _LOAD_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


load = _load_module()

# The same bound as bench/load.py. Workers free finished documents and trim the heap
# after large requests, so their idle RSS returns to about the same level after every
# run. Keeping each parsed document (a few MB for the inputs used here, an estimate)
# would exceed it within 300 requests.
MAX_RSS_GROWTH = 0.20


@pytest.fixture(scope="module")
def corpus(corpus_dir) -> Path:
    return corpus_dir


@pytest.fixture(scope="module")
def server(corpus):
    gunicorn = load.Gunicorn(workers=2, threads=4)
    try:
        yield gunicorn
    finally:
        gunicorn.stop()


def _probe(corpus: Path, name: str) -> "load.Probe":
    data = (corpus / "bugcases" / name).read_bytes()
    expected = load.BAD_INPUTS.get(name, {200})
    return load.Probe(f"audit {name}", "POST", "/api/audit", data,
                      "application/octet-stream", frozenset(expected))


@pytest.mark.parametrize("name, statuses", [
    ("BR-27.bin", {422}),
    ("BR-28.bin", {415}),
    ("BR-29.docx", {413}),
    ("BR-30.docx", {400, 413, 415, 422}),
    ("BR-25.docx", {200, 400, 413, 415, 422}),
])
def test_bad_input_documented_status(server, corpus, name, statuses):
    outcome = load.send(server.port, _probe(corpus, name))

    assert outcome.error is None
    assert outcome.status in statuses, f"{name} answered {outcome.status}"


def test_mix_without_server_errors(server, corpus):
    probes = load.build_probes(corpus, small_only=True)
    load.run_mix(server.port, probes, requests=150, concurrency=16, max_seconds=60, seed=0)
    rss_warm = server.idle_rss_mib()

    result = load.run_mix(server.port, probes, requests=300, concurrency=16, max_seconds=60)
    rss_after = server.idle_rss_mib()

    assert len(result.outcomes) == 300, "the run hit its time bound"
    assert [(o.label, o.status, o.error) for o in result.server_errors()] == []
    assert [(o.label, o.status) for o in result.unexpected()] == []
    assert rss_warm > 0
    assert rss_after <= rss_warm * (1 + MAX_RSS_GROWTH), \
        f"worker RSS grew from {rss_warm:.0f} to {rss_after:.0f} MiB"


def test_huge_request_does_not_stall(server, corpus):
    small = _probe(corpus, "BR-14.docx")
    heavy = [load.Probe("huge body", "POST", "/api/audit", load.huge_body(25 * 1024 * 1024),
                        load.DOCX, frozenset({413})),
             load.Probe("long docx audit", "POST", "/api/audit",
                        (corpus / "wordfiles" / "poi-long-268k-chars-numbering-tables.docx")
                        .read_bytes(), load.DOCX)]

    measured = load.isolation(server.port, small, heavy, samples=10)

    statuses = sorted(status for _, status, _ in measured["heavy"])
    assert statuses == [200, 413]
    assert measured["during_samples"] > 0
    # Seconds-long work in one worker must not hold the small request behind it.
    assert measured["during_median_ms"] < 1000


def test_time_limit_answers_503_and_serves_others(corpus):
    limited = load.Gunicorn(workers=2, threads=4, env={"TERMSCORE_ANALYSIS_TIMEOUT": "1"})
    try:
        small = _probe(corpus, "BR-14.docx")
        slow = load.Probe("long docx redline", "POST", "/api/redline",
                          (corpus / "wordfiles" / "poi-long-268k-chars-numbering-tables.docx")
                          .read_bytes(), load.DOCX, frozenset({503}))

        measured = load.isolation(limited.port, small, [slow], samples=5)
        after = load.send(limited.port, small)
    finally:
        limited.stop()

    assert [status for _, status, _ in measured["heavy"]] == [503]
    assert measured["during_samples"] > 0
    assert after.status == 200
