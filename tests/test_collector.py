"""The garbage-collector pause restores the collector's state, also when nested."""

from __future__ import annotations

import gc

import pytest

from termscore.collector import collector_paused


def test_pause_disables_inside_and_restores_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause found it disabled and leaves it so
    assert gc.isenabled()


def test_pause_restores_after_error():
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_audit_runs_with_the_collector_paused(monkeypatch):
    import importlib

    from termscore import analysis
    from termscore.model import Document, Paragraph

    seen = []
    audit_module = importlib.import_module("termscore.analysis.audit")
    original = audit_module.extract_terms
    monkeypatch.setattr(audit_module, "extract_terms",
                        lambda document: seen.append(gc.isenabled()) or original(document))
    text = "Provider may use Customer Data to train its machine learning models. " * 4
    document = Document(format="text", name="t.txt", paragraphs=[
        Paragraph(story="body", part="p", index=0, text=text, original=text)])
    analysis.audit(document)
    assert seen == [False]
    assert gc.isenabled()
