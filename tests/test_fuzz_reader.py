"""Mutated real documents: the reader, the audit and the redline engine either succeed or
raise a documented ``TermScoreError`` with a 4xx status, within a per-case time limit.

The strategies live in ``bench/fuzz.py``, which runs the same check for thousands of
cases. Here hypothesis runs a fixed, derandomised set of about 200 cases.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from support import paths

pytestmark = [pytest.mark.corpus]


def _load_module():
    path = paths.REPO_ROOT / "bench" / "fuzz.py"
    spec = importlib.util.spec_from_file_location("termscore_bench_fuzz", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fuzz = _load_module()

_CORPUS = paths.corpus_dir()
_SEEDS = fuzz.seed_documents(_CORPUS) if _CORPUS is not None else {}

_SETTINGS = settings(max_examples=70, deadline=None, database=None, derandomize=True,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                            HealthCheck.filter_too_much])

requires_seeds = pytest.mark.skipif(not _SEEDS, reason="shared corpus not found: set "
                                    "TERMSCORE_CORPUS or place it at ../shared/corpus")


def _run(name: str, data: bytes) -> str:
    with fuzz.time_limit(fuzz.CASE_TIMEOUT):
        return fuzz.check(data, Path(name).name)


@requires_seeds
@_SETTINGS
@given(fuzz.mutated_documents(_SEEDS) if _SEEDS else fuzz.st.nothing())
def test_mutations_fail_cleanly(case):
    name, _kind, data = case

    outcome = _run(name, data)

    assert outcome == "ok" or outcome.replace("_", "").isalpha()


@requires_seeds
@_SETTINGS
@given(fuzz.st.sampled_from(sorted(_SEEDS)).flatmap(
    lambda name: fuzz.xml_mutation(_SEEDS[name]).map(lambda data: (name, data)))
    if _SEEDS else fuzz.st.nothing())
def test_xml_mutations_fail_cleanly(case):
    name, data = case

    outcome = _run(name, data)

    assert outcome == "ok" or outcome.replace("_", "").isalpha()


@requires_seeds
@_SETTINGS
@given(fuzz.st.sampled_from(sorted(_SEEDS)).flatmap(
    lambda name: fuzz.zip_mutation(_SEEDS[name]).map(lambda data: (name, data)))
    if _SEEDS else fuzz.st.nothing())
def test_zip_mutations_fail_cleanly(case):
    name, data = case

    outcome = _run(name, data)

    assert outcome == "ok" or outcome.replace("_", "").isalpha()


@requires_seeds
def test_seed_files_read_unchanged():
    outcomes = {name: _run(name, data) for name, data in _SEEDS.items()}

    assert outcomes == {name: "ok" for name in _SEEDS}


def test_check_rejects_a_truncated_zip():
    assert fuzz.check(b"PK\x03\x04" + b"\x00" * 40, "broken.docx") == "corrupt_document"


@requires_seeds
def test_unrelated_settings_part_kept():
    # A package holding word/settings.xml that no relationship reaches: the redline
    # must add its own settings part beside it, not fail or overwrite it.
    from lxml import etree

    from termscore.analysis import audit
    from termscore.document import open_document
    from termscore.redline import redline_document

    entries = dict((info.filename, content)
                   for info, content in fuzz._entries(_SEEDS["bugcases/BR-14.docx"]))
    assert "word/settings.xml" not in entries
    entries["word/settings.xml"] = (b'<w:settings xmlns:w="http://schemas.openxmlformats.org/'
                                    b'wordprocessingml/2006/main"><w:zoom w:percent="90"/>'
                                    b'</w:settings>')
    document = open_document(fuzz._zip(list(entries.items())), name="no-settings.docx")

    result = redline_document(document, audit(document).to_dict()["findings"])

    with fuzz.zipfile.ZipFile(fuzz.io.BytesIO(result.data)) as archive:
        names = set(archive.namelist())
        kept = archive.read("word/settings.xml")
    assert kept == entries["word/settings.xml"]
    assert "word/settings2.xml" in names
    assert result.applied
