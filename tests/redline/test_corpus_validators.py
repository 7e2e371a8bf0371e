"""Validators on every corpus Word file after redlining: nothing new may appear.

Each file gets every suggestion the audit makes, or the generated edits of the corpus
invariant test when the audit has no suggestion. ooxml-validate and openxml-audit then
run on the input and the output, and the output may add no error. Both validators take a
few seconds per file, so this test is marked slow.
"""

from __future__ import annotations

import pytest

from redline_helpers import audit_findings
from test_corpus_invariants import INPUTS, generated_edits

from termscore.document import open_document
from termscore.ooxml.revisions import apply_edits
from termscore.redline import findings_to_edits

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


def _redline(path) -> bytes:
    document = open_document(path.read_bytes(), name=path.name)
    edits, _ = findings_to_edits(document, audit_findings(path))
    if not edits:
        edits = generated_edits(document)
    apply_edits(document, edits, date="2026-01-15T10:00:00Z", comments=True)
    return document.package.to_bytes()


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_redline_adds_no_validator_error(path, tmp_path):
    from support.validators import new_findings, openxml_audit_findings, validate_docx

    # The output keeps the input's name because validators check the extension against
    # the main content type.
    output = tmp_path / path.name
    output.write_bytes(_redline(path))

    assert [str(f) for f in new_findings(validate_docx(path), validate_docx(output))] == []
    if output.read_bytes()[:2] == b"PK":
        before = openxml_audit_findings(path)
        after = openxml_audit_findings(output)
        assert [str(f) for f in new_findings(before, after) if not _numbering_off(f)] == []


def _numbering_off(finding) -> bool:
    """True for openxml-audit's report of ``w:numId w:val="0"`` as a missing definition.

    Value 0 removes numbering and never points to a definition (ECMA-376 Part 1
    §17.9.19). A paragraph that had it passes it on to the new paragraph that takes its
    original mark, so rejecting gives it back; the second copy is reported again.
    """
    return finding.check == "semantic:Sem_ReferencedElementMissing" and \
        "Numbering definition '0'" in finding.message
