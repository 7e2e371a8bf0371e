"""Every suggestion the audit makes, written into every corpus Word file: invariants hold."""

from __future__ import annotations

import pytest

from redline_helpers import CORPUS, audited_outcome, redline_and_check
from test_corpus_invariants import INPUTS

from termscore.analysis import audit
from termscore.document import open_document
from termscore.errors import EmptyDocumentError
from termscore.redline import findings_to_edits, redline_document

pytestmark = pytest.mark.corpus


def _audit_edits(document):
    try:
        findings = [f for f in audit(document).findings if f.suggestion]
    except EmptyDocumentError:
        return []  # a file with no text is refused before any suggestion is made
    edits, _ = findings_to_edits(document, findings)
    return edits


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_audit_suggestions_keep_invariants(path):
    outcome = audited_outcome(path)

    assert outcome.problems.items == []


def test_redline_document_reports_locked_clause():
    if CORPUS is None:
        pytest.skip("shared corpus not found")
    document = open_document(CORPUS / "bugcases" / "BR-06.docx")
    findings = audit(document).findings

    result = redline_document(document, findings, date="2026-01-01T00:00:00Z")
    refused = {item["finding"]: item["reason"] for item in result.refused}
    locked = [f.id for f in findings if f.location.get("index") == 0 and
              f.suggestion and f.suggestion.get("action") == "replace"]

    assert locked
    for finding_id in locked:
        assert "locked content control" in refused[finding_id]
    assert result.applied
    assert result.format == "docx"
