"""Reading meaning in the bug-case documents: tracked changes, list units, provisos."""

from __future__ import annotations

import pytest

from termscore.analysis import audit, segment_units
from termscore.analysis.terms import extract_terms
from termscore.document import open_document

pytestmark = pytest.mark.corpus


@pytest.fixture
def bugcase(corpus_dir):
    def load(name):
        return open_document(corpus_dir / "bugcases" / name)
    return load


def risks(result, rule=None):
    return [f for f in result.findings if f.kind == "risk" and (rule is None or f.rule == rule)]


def test_deleted_not_reads_as_permission(bugcase):
    result = audit(bugcase("BR-03.docx"))

    training = risks(result, "ai-training")
    assert len(training) == 1
    assert training[0].location["index"] == 0
    assert training[0].location["quote"] == (
        "3.1 Provider shall use Customer Data to train machine learning models.")
    assert training[0].suggestion == {
        "action": "replace", "clause": "ai-training-prohibition",
        "text": "3.1 Provider shall not use Customer Data to train machine learning models."}


def test_tracked_narrowing_is_read(bugcase):
    result = audit(bugcase("BR-03.docx"))

    assert [f for f in risks(result) if f.location["index"] == 1] == []
    assert next(p for p in result.protections if p.id == "limited-license").present


def test_tracked_audit_clause_counts(bugcase):
    result = audit(bugcase("BR-08.docx"))

    audit_rights = next(p for p in result.protections if p.id == "audit-rights")
    assert audit_rights.present
    assert audit_rights.location["index"] == 2
    assert audit_rights.location["quote"] == "8.3 Customer may audit Provider's compliance once per year."
    assert [w.code for w in audit_rights.warnings] == ["audit-rights_incomplete"]
    assert "missing:audit-rights" not in {f.id for f in result.findings}


def test_numbered_clause_is_one_unit(bugcase):
    document = bugcase("BR-14.docx")

    units = segment_units(document)

    first = units[0]
    assert first.label == "14."
    assert [p.label for p in first.paragraphs] == ["14.", "(a)", "(b)", "(c)", ""]
    assert first.text.endswith("in each case on a perpetual and irrevocable basis.")


def test_tail_qualifier_applies_to_grant(bugcase):
    result = audit(bugcase("BR-14.docx"))

    broad = risks(result, "broad-license")
    assert len(broad) == 1
    assert broad[0].location["index"] == 4
    assert broad[0].location["quote"] == "in each case on a perpetual and irrevocable basis."
    assert broad[0].suggestion["text"] == (
        "in each case solely to provide the Services and only for the term of this Agreement.")


def test_sub_items_carry_labels(bugcase):
    result = audit(bugcase("BR-14.docx"))

    training = risks(result, "ai-training")
    derivative = risks(result, "derivative-works")
    assert [f.location["label"] for f in training] == ["(b)"]
    assert [f.location["label"] for f in derivative] == ["(c)"]
    assert training[0].suggestion["action"] == "delete"


def test_defined_terms_extracted_whole(bugcase):
    terms = extract_terms(bugcase("BR-15.docx"))

    assert terms["Provider's Platform"].written == "Provider\u2019s Platform"
    assert terms["Aggregated Data"].exclusions == [
        "Customer Personal Data or any data from which Customer can be identified."]


def test_proviso_flagged_not_prohibition(bugcase):
    result = audit(bugcase("BR-15.docx"))

    flagged = risks(result)
    assert flagged, "the proviso in 15.1 must be flagged"
    proviso = (", provided that Provider may use Aggregated Data for service improvement "
               "and to train machine learning models")
    assert {f.location["quote"] for f in flagged} == {proviso}
    assert {f.rule for f in flagged} >= {"ai-training", "service-improvement"}
    assert all(f.location["index"] == 3 for f in flagged)
    # One edit for the span: the first finding deletes the proviso, the others point to it.
    primary, *others = flagged
    assert primary.suggestion["action"] == "delete"
    assert others and all(f.suggestion == {"action": "none", "see": primary.id,
                                           "clause": primary.suggestion["clause"]}
                          for f in others)


def test_negated_grant_not_flagged(bugcase):
    result = audit(bugcase("BR-15.docx"))

    assert [f for f in risks(result) if f.location["index"] == 4] == []


def test_long_clause_search_key(bugcase):
    result = audit(bugcase("BR-22.docx"))
    paragraph = bugcase("BR-22.docx").paragraphs[0].text

    for finding in risks(result):
        location = finding.location
        key = location["search_key"]
        assert 0 < len(key) <= 255
        assert not set(key) & set("^?*[]{}<>@\\~")
        assert paragraph.lower().count(key.lower()) == 1
        assert paragraph[location["start"]:location["end"]] == location["quote"]
        assert key in location["quote"]


def test_long_clause_one_rewrite(bugcase):
    result = audit(bugcase("BR-22.docx"))

    texts = {f.suggestion["text"] for f in risks(result) if f.suggestion["action"] != "none"}
    assert len(texts) == 1
    text = texts.pop()
    assert "perpetual" not in text
    assert "irrevocable" not in text
    assert "excluding the training of artificial intelligence or machine-learning models" in text
    assert "\u00a712" in text.replace("\u00a0", "")
