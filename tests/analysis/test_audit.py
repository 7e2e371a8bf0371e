"""The audit result: finding fields, ids, suggestions, sides, options and score."""

from __future__ import annotations

import json

import pytest

from termscore.analysis import audit
from termscore.analysis.locate import search_key
from termscore.analysis.score import contributions, grade, score
from termscore.errors import EmptyDocumentError, InvalidRequestError
from termscore.plaintext import read_text

AGENCY = (
    'This Agreement is between Acme Corp (the "Client") and Studio Ltd (the "Agency").\n\n'
    '"Client Data" means all data and materials the Client provides to the Agency.\n\n'
    "1. The Agency may use Client Data to train its machine learning models.\n\n"
    "2. The Client grants the Agency a perpetual, irrevocable, worldwide license to use "
    "Client Data.\n\n"
    "3. This Agreement is governed by the laws of Germany.\n"
)


def run(text=AGENCY, **kwargs):
    kwargs.setdefault("options", {"cuad": False})
    return audit(read_text(text.encode("utf-8"), name="agency.txt"), **kwargs)


def test_result_json_shape():
    data = run().to_dict()

    assert set(data) >= {"version", "document", "score", "grade", "parties", "findings",
                         "protections", "cuad", "jurisdiction", "score_breakdown", "warnings"}
    assert data["document"] == {"name": "agency.txt", "format": "text", "paragraphs": 5}
    assert data["parties"] == {"customer": "Client", "provider": "Agency",
                               "protected_side": "customer", "side_source": "auto",
                               "roles_clear": True, "service_term": ""}
    json.dumps(data)


def test_risk_finding_fields():
    finding = next(f for f in run().findings if f.rule == "ai-training")
    data = finding.to_dict()

    assert data["kind"] == "risk"
    assert data["severity"] == "high"
    assert data["id"].startswith("ai-training:")
    assert len(data["id"]) == len("ai-training:") + 8
    location = data["location"]
    assert location["index"] == 2
    assert location["label"] == "1."
    assert location["quote"] == "The Agency may use Client Data to train its machine learning models."
    assert (location["start"], location["end"]) == (0, len(location["quote"]))
    assert data["suggestion"] == {
        "action": "replace", "clause": "ai-training-prohibition",
        "text": "The Agency shall not use Client Data to train its machine learning models."}
    assert data["contribution"] == -15.0


def test_explanation_speaks_of_parties():
    finding = next(f for f in run().findings if f.rule == "ai-training")

    assert finding.explanation.startswith("Agency may use Client Data")
    assert "Provider" not in finding.explanation


def test_ids_stable_across_audits():
    first = [f.id for f in run().findings]
    second = [f.id for f in run().findings]

    assert first == second


def test_broad_license_minimal_rewrite():
    finding = next(f for f in run().findings if f.rule == "broad-license")

    assert finding.suggestion["text"] == "The Client grants the Agency a license to use Client Data."


def test_missing_protection_inserts_clause():
    result = run()
    missing = next(f for f in result.findings if f.id == "missing:data-deletion")

    assert missing.kind == "missing"
    assert missing.severity == "medium"
    assert missing.suggestion["action"] == "insert"
    assert missing.suggestion["position"] == "after"
    assert missing.suggestion["text"].startswith(
        "Within fourteen (14) days after the expiry or termination of this Agreement")
    assert "Agency shall return Client Data to Client" in missing.suggestion["text"]
    assert missing.location["start"] is None
    assert missing.location["quote"] is None
    assert isinstance(missing.location["index"], int)


def test_options_change_periods():
    result = run(options={"cuad": False, "notice_days": 10, "deletion_days": 5})
    texts = {f.rule: f.suggestion["text"] for f in result.findings if f.kind == "missing"}

    assert "may, on ten (10) days' written notice, audit" in texts["audit-rights"]
    assert texts["data-deletion"].startswith("Within five (5) days")


@pytest.mark.parametrize("options, message", [
    ({"notice_days": 0}, "notice_days must be a whole number"),
    ({"colour": 1}, "unknown audit option 'colour'"),
])
def test_invalid_options(options, message):
    with pytest.raises(InvalidRequestError, match=message):
        run(options=options)


def test_rules_filter():
    result = run(rules=["ai-training", "survival"])

    assert {f.rule for f in result.findings} == {"ai-training", "survival"}
    assert [p.id for p in result.protections] == ["survival"]


def test_unknown_rule_rejected():
    with pytest.raises(InvalidRequestError, match="unknown rule id nope"):
        run(rules="nope")


def test_eu_governing_law_adds_gdpr_note():
    result = run()

    assert result.jurisdiction["governing_law"] == "Germany"
    assert result.jurisdiction["eu"] is True
    training = next(f for f in result.findings if f.rule == "ai-training")
    assert "purpose-limitation principle (Art. 5(1)(b))" in training.explanation
    assert any(r.startswith("GDPR Art. 5(1)(b)") for r in training.references)


def test_no_gdpr_note_outside_eu():
    result = run(AGENCY.replace("Germany", "the State of New York"))

    training = next(f for f in result.findings if f.rule == "ai-training")
    assert result.jurisdiction["eu"] is False
    assert "purpose-limitation principle" not in training.explanation


def test_side_provider_speaks_for_provider():
    result = run(side="provider")

    assert result.parties.protected_side == "provider"
    missing = next(f for f in result.findings if f.id == "missing:ai-training-prohibition")
    assert missing.suggestion["text"].startswith("Client shall not use")


def test_score_breakdown_adds_up():
    result = run()

    points = [c["points"] for c in result.score_breakdown["contributions"]]
    assert points == [f.contribution for f in result.findings]
    assert result.score == max(0, round(100 + sum(points)))
    assert result.grade == grade(result.score)


def test_score_is_monotone():
    class F:
        def __init__(self, rule, kind, severity):
            self.rule, self.kind, self.severity = rule, kind, severity

    base = [F("ai-training", "risk", "medium")]
    worse = base + [F("ai-training", "risk", "medium")]
    harsher = [F("ai-training", "risk", "high")]

    assert score(contributions(worse)) <= score(contributions(base))
    assert score(contributions(harsher)) <= score(contributions(base))
    assert contributions(worse) == [-8.0, -4.0]
    assert score(contributions([])) == 100


@pytest.mark.parametrize("value, letter", [(100, "A"), (90, "A"), (89, "B"), (70, "C"),
                                           (60, "D"), (59, "F"), (0, "F")])
def test_grades(value, letter):
    assert grade(value) == letter


@pytest.mark.parametrize("text", ["", "   \n\n\t  \n"])
def test_empty_document_is_refused(text):
    with pytest.raises(EmptyDocumentError) as raised:
        run(text)

    assert raised.value.status == 422
    assert "the document contains no text to audit" in str(raised.value)


def test_short_text_warns():
    result = run("Provider may use Customer Data to train its machine learning models.")

    assert "too_little_text" in {w.code for w in result.warnings}
    assert "too_little_text" not in {w.code for w in run().warnings}


def test_search_key_short_and_unique():
    text = "Provider may use data. Provider may use data to train models [v2] here."
    start = text.index("Provider may use data to")

    key, unique = search_key(text, start, len(text))

    assert unique
    assert text.lower().count(key.lower()) == 1
    assert not set(key) & set("[]")
    assert len(key) <= 255


@pytest.mark.parametrize("clause, law, eu", [
    ("This Agreement shall be governed by and construed under the Laws of the Republic of "
     "Ireland.", "Republic of Ireland", True),
    ("This Agreement is governed by German law.", "German law", True),
    ("This Agreement shall be governed by the laws of the State of Texas, without reference "
     "to its conflict of laws rules.", "State of Texas", False),
])
def test_governing_law_forms(clause, law, eu):
    from termscore.analysis.jurisdiction import detect_jurisdiction

    found = detect_jurisdiction(read_text(clause.encode("utf-8"), name="law.txt"))

    assert found["governing_law"] == law
    assert found["eu"] is eu


def test_eu_company_form_counts_as_eu_party():
    from termscore.analysis.jurisdiction import detect_jurisdiction

    found = detect_jurisdiction(read_text(b"Acme GmbH (the \"Customer\") and Beta Inc.",
                                          name="p.txt"))

    assert found["eu_party"] is True
    assert found["governing_law"] is None


def test_provider_side_sees_no_grant_to_itself(corpus_dir):
    from termscore.document import open_document

    document = open_document(corpus_dir / "contracts" / "bonterms-cloud-terms-v1.md")

    result = audit(document, side="provider", options={"cuad": False})

    assert [f.rule for f in result.findings if f.kind == "risk"] == []
