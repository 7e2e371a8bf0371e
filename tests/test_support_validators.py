"""The validator wrappers: findings from both tools, and the before/after comparison."""

from __future__ import annotations

import pytest

from support.paths import corpus_dir, shared_tool
from support.validators import (
    Finding,
    errors_only,
    new_findings,
    openxml_audit_findings,
    validate_docx,
)

CORPUS = corpus_dir()
needs_corpus = pytest.mark.skipif(CORPUS is None, reason="shared corpus not found")
needs_validator = pytest.mark.skipif(
    shared_tool("ooxml-validate", "validate_docx.py") is None,
    reason="ooxml-validate not found beside the repository")


@needs_corpus
@needs_validator
def test_validate_docx_clean_file_has_no_errors():
    findings = validate_docx(CORPUS / "redline-fixtures" / "d_tracked.docx")

    assert errors_only(findings) == []


@needs_corpus
@needs_validator
def test_validate_docx_reports_w_t_inside_deletion():
    findings = errors_only(validate_docx(CORPUS / "bugcases" / "BR-11.docx"))

    assert [(f.check, f.part) for f in findings] == [("revisions", "word/document.xml")]
    assert "w:t inside w:del" in findings[0].message
    assert findings[0].path == "/w:document/w:body/w:p/w:del/w:r/w:t"


@needs_corpus
@needs_validator
def test_validate_docx_accepts_bytes_and_flat_opc():
    zipped = (CORPUS / "bugcases" / "BR-11.docx").read_bytes()
    flat = (CORPUS / "bugcases" / "BR-21.xml").read_bytes()

    assert [f.check for f in errors_only(validate_docx(zipped))] == ["revisions"]
    assert errors_only(validate_docx(flat)) == []


@needs_corpus
@needs_validator
def test_validate_docx_reports_truncated_zip():
    findings = validate_docx(CORPUS / "wordfiles" / "tika-truncated-corrupt.docx")

    assert [(f.level, f.check) for f in findings] == [("error", "zip")]


@needs_corpus
def test_openxml_audit_reports_missing_relationships():
    findings = openxml_audit_findings(CORPUS / "bugcases" / "BR-11.docx")

    checks = {f.check for f in errors_only(findings)}
    assert checks == {"semantic:Sem_MissingRelationshipType"}
    assert len(findings) == 4
    assert all(f.part == "word/document.xml" for f in findings)


@needs_corpus
def test_openxml_audit_accepts_bytes():
    data = (CORPUS / "redline-fixtures" / "d_tracked.docx").read_bytes()

    findings = openxml_audit_findings(data)

    # Word 14 left stylesWithEffects.xml out of step with styles.xml in this file.
    assert {f.part for f in findings} == {"word/stylesWithEffects.xml"}


def finding(message, path="/w:document/w:body/w:p[3]", level="error"):
    return Finding("ooxml-validate", level, "schema", "word/document.xml", message, path)


def test_new_findings_ignores_positions_and_line_numbers():
    before = [finding("bad attribute (line 2)", "/w:document/w:body/w:p[3]")]
    after = [finding("bad attribute (line 9)", "/w:document/w:body/w:p[4]")]

    assert new_findings(before, after) == []


def test_new_findings_counts_repeats():
    before = [finding("bad attribute")]
    after = [finding("bad attribute"), finding("bad attribute")]

    assert new_findings(before, after) == [after[1]]


def test_new_findings_filters_level():
    after = [finding("odd", level="warning"), finding("broken")]

    assert new_findings([], after) == [after[1]]
    assert new_findings([], after, level="warning") == [after[0]]
