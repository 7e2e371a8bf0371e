"""The whole job on real contracts: audit and redline each one through a running server,
then check every redlined file with the tracked-change invariants."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from support import paths

pytestmark = [pytest.mark.slow, pytest.mark.corpus]


def _load_module():
    path = paths.REPO_ROOT / "bench" / "whole_job.py"
    spec = importlib.util.spec_from_file_location("termscore_bench_whole_job", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


whole_job = _load_module()


@pytest.fixture(scope="module")
def reports(corpus_dir):
    process, url = whole_job.start_server()
    try:
        yield {r.name: r for r in whole_job.run_all(whole_job.Service(url),
                                                     corpus_dir / "contracts")}
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_every_contract_audited(reports, corpus_dir):
    expected = sorted(p.name for p in (corpus_dir / "contracts").iterdir()
                      if p.suffix in (".docx", ".md", ".txt"))

    assert sorted(reports) == expected
    assert {name: r.audit_status for name, r in reports.items()} == \
        {name: 200 for name in expected}
    assert all(0 <= r.score <= 100 for r in reports.values())


def test_every_contract_redlined(reports):
    assert {name: r.redline_status for name, r in reports.items()} == \
        {name: 200 for name in reports}
    assert {name: r.applied > 0 for name, r in reports.items()} == \
        {name: True for name in reports}
    assert {name: r.revisions > 0 for name, r in reports.items()} == \
        {name: True for name in reports}


def test_redlines_keep_invariants(reports):
    problems = {name: r.problems for name, r in reports.items() if r.problems}

    assert problems == {}


def test_known_ai_training_clause_found(reports):
    report = reports["common-paper-cloud-service-agreement.docx"]

    assert report.rules["ai-training"] >= 1


def test_summary_table_lists_every_file(reports):
    table = whole_job.render(list(reports.values()))

    assert all(f"| {name} |" in table for name in reports)
    assert table.rstrip().endswith("0 with problems.")
