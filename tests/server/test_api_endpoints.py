"""Every endpoint with the real document, analysis, redline and clause layers."""

from __future__ import annotations

import io
import json

import pytest

from support.paths import corpus_dir
from support.validators import errors_only, new_findings, validate_docx
from termscore.document import open_document

from server_testing import DOCX, requires_layer

pytestmark = [requires_layer("analysis", "audit"), requires_layer("redline", "redline_document")]

RISKY = (
    "1. Licence\n\n"
    "Provider may use Customer Data to train, improve and develop its artificial "
    "intelligence and machine learning models.\n\n"
    "2. Term\n\nThis Agreement lasts one year.\n"
).encode()


@pytest.fixture(scope="module")
def corpus():
    found = corpus_dir()
    if found is None:
        pytest.skip("the shared corpus is absent (set TERMSCORE_CORPUS)")
    return found


def test_health_reports_rules(client):
    response = client.get("/api/health")

    body = response.get_json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["rules"] == len(client.get("/api/clauses").get_json()["rules"])
    assert body["rules"] > 0
    assert all(body["components"].values())


def test_clauses_lists_rules_and_clauses(client):
    body = client.get("/api/clauses").get_json()

    assert {"rules", "clauses", "addendum"} <= set(body)
    assert all({"id", "title", "severity"} <= set(rule) for rule in body["rules"])
    assert all({"id", "text"} <= set(clause) for clause in body["clauses"])


def test_audit_text_finds_training_clause(client):
    response = client.post("/api/audit?name=msa.txt", data=RISKY, content_type="text/plain")

    body = response.get_json()
    assert response.status_code == 200
    assert body["document"]["name"] == "msa.txt"
    assert body["document"]["format"] == "text"
    assert 0 <= body["score"] < 100
    rules = {finding["rule"] for finding in body["findings"]}
    assert any("train" in rule for rule in rules), rules


def test_audit_rules_option_limits_rules(client):
    all_rules = client.post("/api/audit", data=RISKY, content_type="text/plain").get_json()
    chosen = all_rules["findings"][0]["rule"]

    limited = client.post(f"/api/audit?rules={chosen}", data=RISKY,
                          content_type="text/plain").get_json()

    assert {f["rule"] for f in limited["findings"] if f["kind"] == "risk"} == {chosen}


def test_audit_docx_three_forms_agree(client, corpus):
    data = (corpus / "bugcases" / "BR-14.docx").read_bytes()
    flat = (corpus / "bugcases" / "BR-21.xml").read_bytes()

    raw = client.post("/api/audit", data=data, content_type=DOCX).get_json()
    upload = client.post("/api/audit", data={"file": (io.BytesIO(data), "BR-14.docx")},
                         content_type="multipart/form-data").get_json()
    as_json = client.post("/api/audit", json={"ooxml": flat.decode("utf-8")}).get_json()
    flat_raw = client.post("/api/audit", data=flat, content_type="application/xml").get_json()

    assert raw["findings"] == upload["findings"]
    assert raw["score"] == upload["score"]
    assert upload["document"]["name"] == "BR-14.docx"
    assert as_json["document"]["format"] == "flatopc"
    assert as_json["findings"] == flat_raw["findings"]


def test_audit_json_ooxml_declared_utf16(client, corpus):
    flat = (corpus / "bugcases" / "BR-21.xml").read_text(encoding="utf-8")
    declared = flat.replace('<?xml version="1.0"', '<?xml version="1.0" encoding="utf-16"', 1)

    response = client.post("/api/audit", json={"ooxml": declared})

    assert 'encoding="utf-16"' in declared
    assert response.status_code == 200
    assert response.get_json()["document"]["format"] == "flatopc"


def word_view(paragraphs) -> list[dict]:
    """Word's body.paragraphs as the add-in sends it: NBSPs, no list labels, own ids."""
    return [{"index": 100 + p.index, "text": p.text.replace(" ", "\u00a0"),
             "id": f"W{p.index}"} for p in paragraphs]


def test_audit_maps_findings_to_word_paragraphs(client, corpus):
    data = (corpus / "bugcases" / "BR-14.docx").read_bytes()
    body = open_document(data).story("body")

    response = client.post("/api/audit", json={
        "ooxml": (corpus / "bugcases" / "BR-21.xml").read_text(encoding="utf-8"),
        "paragraphs": word_view(open_document((corpus / "bugcases" / "BR-21.xml")
                                              .read_bytes()).story("body")),
    })
    upload = client.post("/api/audit", data={
        "file": (io.BytesIO(data), "BR-14.docx"), "paragraphs": json.dumps(word_view(body))},
        content_type="multipart/form-data")

    for result in (response.get_json(), upload.get_json()):
        body_findings = [f for f in result["findings"]
                         if f["location"]["story"] == "body" and f["location"]["index"] is not None]
        assert body_findings
        for finding in body_findings:
            assert finding["location"]["word_index"] == 100 + finding["location"]["index"]
            assert finding["location"]["word_id"] == f"W{finding['location']['index']}"


def test_word_mapping_with_deleted_text(client, corpus):
    # Word's Paragraph.text keeps tracked deletions: for a deletion-only change that is
    # the original view, here "shall not use" where the current text reads "shall use".
    data = (corpus / "bugcases" / "BR-03.docx").read_bytes()
    body = open_document(data).story("body")
    changed = [p for p in body if p.text != p.original]
    word = [{"index": p.index, "text": p.original, "id": f"W{p.index}"} for p in body]

    result = client.post("/api/audit", data={
        "file": (io.BytesIO(data), "BR-03.docx"), "paragraphs": json.dumps(word)},
        content_type="multipart/form-data").get_json()

    assert changed
    located = [f for f in result["findings"] if f["location"]["index"] is not None
               and f["location"]["story"] == "body"]
    assert any(f["location"]["index"] == changed[0].index for f in located)
    for finding in located:
        assert finding["location"]["word_index"] == finding["location"]["index"]


def test_redline_docx_valid_and_tracked(client, corpus):
    data = (corpus / "bugcases" / "BR-14.docx").read_bytes()

    response = client.post("/api/redline?name=BR-14.docx&author=Reviewer&comments=true",
                           data=data, content_type=DOCX)

    assert response.status_code == 200, response.get_data()[:300]
    assert response.mimetype == DOCX
    assert response.headers["Content-Disposition"] == 'attachment; filename="BR-14.redlined.docx"'
    applied = int(response.headers["X-TermScore-Applied"])
    assert applied >= 1
    document_xml = open_document(response.data).package.parts["word/document.xml"].blob
    assert b"<w:ins " in document_xml or b"<w:del " in document_xml
    assert b'w:author="Reviewer"' in document_xml
    assert new_findings(validate_docx(data), validate_docx(response.data)) == []


def test_redline_selected_findings_only(client, corpus):
    data = (corpus / "bugcases" / "BR-14.docx").read_bytes()
    findings = client.post("/api/audit", data=data, content_type=DOCX).get_json()["findings"]
    first = findings[0]["id"]

    response = client.post("/api/redline", data={
        "file": (io.BytesIO(data), "deal.docx"), "findings": f"{first},no-such:id"},
        content_type="multipart/form-data")

    assert response.status_code == 200
    applied = int(response.headers["X-TermScore-Applied"])
    refused = int(response.headers["X-TermScore-Refused"])
    assert applied + refused == 2
    assert refused >= 1  # the unknown id at least


def test_redline_flat_opc_stays_flat_opc(client, corpus):
    flat = (corpus / "bugcases" / "BR-21.xml").read_text(encoding="utf-8")

    response = client.post("/api/redline", json={"ooxml": flat, "name": "from-word"})

    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert b"pkg:package" in response.data[:2000]
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="from-word.redlined.xml"')
    assert open_document(response.data).format == "flatopc"


@pytest.mark.parametrize("name, status, code", [
    ("BR-27.bin", 422, "password_protected"),
    ("BR-28.bin", 415, "unsupported_format"),
    ("BR-29.docx", 413, "document_too_large"),
])
def test_bugcase_errors(client, corpus, name, status, code):
    response = client.post("/api/audit", data=(corpus / "bugcases" / name).read_bytes(),
                           content_type=DOCX)

    assert response.status_code == status
    assert response.get_json()["code"] == code


def test_dtd_document_rejected(client, corpus):
    response = client.post("/api/audit", data=(corpus / "bugcases" / "BR-30.docx").read_bytes(),
                           content_type=DOCX)

    assert response.status_code == 422
    assert response.get_json()["code"] == "unsafe_xml"


def test_addendum_json(client):
    response = client.get("/api/addendum?customer=Acme%20Ltd&provider=Cloudco&notice_days=45")

    body = response.get_json()
    assert response.status_code == 200
    assert body["parameters"] == {"customer": "Acme Ltd", "provider": "Cloudco",
                                  "notice_days": 45}
    roles = {p["role"] for p in body["paragraphs"]}
    assert {"title", "heading", "clause"} <= roles
    assert all({"text", "role", "level", "number", "style"} <= set(p) for p in body["paragraphs"])
    styles = {p["role"]: p["style"] for p in body["paragraphs"]}
    assert styles["title"] == "Heading2"
    assert styles["heading"] == "Heading3"
    assert styles["clause"] == "Normal"
    text = " ".join(p["text"] for p in body["paragraphs"])
    assert "Acme Ltd" in text
    assert "Cloudco" in text


def test_addendum_text(client):
    response = client.get("/api/addendum?format=text&customer=Acme")

    assert response.mimetype == "text/plain"
    assert "Acme" in response.get_data(as_text=True)


def test_addendum_docx_and_ooxml_valid(client):
    docx = client.get("/api/addendum?format=docx&customer=Acme")
    flat = client.get("/api/addendum?format=ooxml&customer=Acme")

    assert docx.mimetype == DOCX
    assert docx.headers["Content-Disposition"] == 'attachment; filename="ai-addendum.docx"'
    assert flat.mimetype == "application/xml"
    assert b"pkg:package" in flat.data[:2000]
    for data in (docx.data, flat.data):
        document = open_document(data)
        assert any("Acme" in p.text for p in document.paragraphs)
        assert errors_only(validate_docx(data)) == []


@pytest.mark.parametrize("query, message", [
    ("format=pdf", "format 'pdf' is not valid"),
    ("notice_days=0", "notice_days '0' is not a whole number"),
    ("deletion_days=ten", "deletion_days 'ten'"),
    ("customer=" + "x" * 201, "customer is 201 characters long"),
    ("provider=Acme%00Corp", "provider contains the character U+0000"),
    ("customer=Acme%1B", "customer contains the character U+001B"),
])
def test_addendum_invalid_parameters(client, query, message):
    response = client.get(f"/api/addendum?{query}")

    assert response.status_code == 400
    assert message in response.get_json()["message"]
