"""Every accepted input form of /api/audit and /api/redline, with fake analysis layers."""

from __future__ import annotations

import io
import json
import tempfile

import pytest

from server_testing import DOCX

TEXT = b"1. Definitions\n\nProvider may use Customer Data to train its models.\n\nThe end.\n"
FLAT_OPC = b'<?xml version="1.0"?><pkg:package xmlns:pkg="urn:x"/>'


def test_raw_text_body(client, fake_layers):
    response = client.post("/api/audit?side=customer&rules=ai-training,data-deletion&name=msa.txt",
                           data=TEXT, content_type="text/plain")

    assert response.status_code == 200
    body = response.get_json()
    assert body["document"] == {"name": "msa.txt", "format": "text", "paragraphs": 3}
    assert body["side"] == "customer"
    assert body["rules"] == ["ai-training", "data-deletion"]


def test_raw_markdown_body_read_as_markdown(client, fake_layers):
    response = client.post("/api/audit?name=terms", data=b"# Terms\n\nText.\n",
                           content_type="text/markdown; charset=utf-8")

    assert response.status_code == 200
    assert response.get_json()["document"]["format"] == "markdown"
    assert response.get_json()["document"]["name"] == "terms"


def test_raw_docx_body(client, fake_layers):
    response = client.post("/api/audit", data=b"PK\x03\x04rest", content_type=DOCX)

    assert response.status_code == 200
    assert response.get_json()["document"]["format"] == "docx"
    assert fake_layers.calls[0] == ("open", {"name": None, "size": 8})


def test_raw_flat_opc_body(client, fake_layers):
    response = client.post("/api/audit", data=FLAT_OPC, content_type="application/xml")

    assert response.status_code == 200
    assert response.get_json()["document"]["format"] == "flatopc"


def test_multipart_upload_with_form_options(client, fake_layers):
    data = {"file": (io.BytesIO(TEXT), "/home/me/Secret Deal.txt"), "side": "provider",
            "rules": "ai-training"}

    response = client.post("/api/audit?side=customer", data=data,
                           content_type="multipart/form-data")

    assert response.status_code == 200
    body = response.get_json()
    assert body["document"]["name"] == "Secret_Deal.txt"
    assert body["side"] == "provider"  # the form field wins over the query string
    assert body["rules"] == ["ai-training"]


def test_multipart_upload_never_touches_disk(client, fake_layers, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("an upload was spooled to a temporary file")

    monkeypatch.setattr(tempfile, "SpooledTemporaryFile", refuse)
    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    big = TEXT * 20_000  # about 1.3 MB, past Werkzeug's 500 KB in-memory threshold

    response = client.post("/api/audit", data={"file": (io.BytesIO(big), "big.txt")},
                           content_type="multipart/form-data")

    assert response.status_code == 200


def test_json_ooxml_with_options(client, fake_layers):
    response = client.post("/api/audit?side=provider",
                           json={"ooxml": FLAT_OPC.decode(), "side": "customer",
                                 "rules": ["ai-training", "x"], "name": "from-word.docx"})

    assert response.status_code == 200
    body = response.get_json()
    assert body["document"]["format"] == "flatopc"
    assert body["document"]["name"] == "from-word.docx"
    assert body["side"] == "customer"
    assert body["rules"] == ["ai-training", "x"]


def test_json_paragraphs_add_word_locations(client, fake_layers):
    paragraphs = [{"index": 10, "text": "1. Definitions", "id": "{A}"},
                  {"index": 11, "text": "Provider may use Customer Data to train its models.",
                   "id": "{B}"},
                  {"index": 12, "text": "The end.", "id": None}]

    response = client.post("/api/audit", json={"ooxml": TEXT.decode(), "paragraphs": paragraphs})

    assert response.status_code == 200
    first, second = response.get_json()["findings"]
    assert first["location"]["word_index"] == 10
    assert first["location"]["word_id"] == "{A}"
    assert second["location"]["word_index"] == 12
    assert second["location"]["word_id"] is None


def test_multipart_paragraphs_field(client, fake_layers):
    paragraphs = [{"index": 0, "text": "Definitions"}]
    data = {"file": (io.BytesIO(TEXT), "a.txt"), "paragraphs": json.dumps(paragraphs)}

    response = client.post("/api/audit", data=data, content_type="multipart/form-data")

    first = response.get_json()["findings"][0]
    assert first["location"]["word_index"] == 0


@pytest.mark.parametrize("body, status, code", [
    ({"ooxml": ""}, 400, "invalid_request"),
    ({"text": "abc"}, 400, "invalid_request"),
    ({"ooxml": "x", "paragraphs": "nope"}, 400, "invalid_request"),
    ({"ooxml": "x", "paragraphs": [{"index": "1", "text": "a"}]}, 400, "invalid_request"),
    ({"ooxml": "x", "paragraphs": [{"index": 1, "text": "a", "id": 5}]}, 400, "invalid_request"),
    ({"ooxml": "x", "side": "landlord"}, 400, "invalid_request"),
    ({"ooxml": "x", "rules": ["r"] * 6000}, 400, "invalid_request"),
])
def test_json_body_errors(client, fake_layers, body, status, code):
    response = client.post("/api/audit", json=body)

    assert response.status_code == status
    assert response.get_json()["code"] == code


def test_json_body_not_an_object(client, fake_layers):
    response = client.post("/api/audit", data=b"[1, 2]", content_type="application/json")

    assert response.status_code == 400
    assert "not an object" in response.get_json()["message"]


def test_json_body_malformed(client, fake_layers):
    response = client.post("/api/audit", data=b'{"ooxml": ', content_type="application/json")

    assert response.status_code == 400
    assert response.get_json()["message"] == "The request body is not valid JSON."


def test_multipart_large_paragraphs_field(client, fake_layers):
    paragraphs = [{"index": i, "text": "A clause of the agreement. " * 10, "id": None}
                  for i in range(3000)]  # about 900 KB, past Werkzeug's 500 KB field cap
    data = {"file": (io.BytesIO(TEXT), "a.txt"), "paragraphs": json.dumps(paragraphs)}

    response = client.post("/api/audit", data=data, content_type="multipart/form-data")

    assert response.status_code == 200


def test_empty_raw_body(client, fake_layers):
    response = client.post("/api/audit", data=b"", content_type="text/plain")

    assert response.status_code == 422
    assert response.get_json()["code"] == "empty_document"
    assert response.get_json()["message"] == (
        "The uploaded file is empty (0 bytes); choose the contract file again.")


def test_empty_multipart_file(client, fake_layers):
    data = {"file": (io.BytesIO(b""), "contract.docx")}

    response = client.post("/api/audit", data=data, content_type="multipart/form-data")

    assert response.status_code == 422
    assert response.get_json()["message"].startswith("The uploaded file is empty (0 bytes)")


def test_whitespace_text_is_empty_document(client, fake_layers):
    response = client.post("/api/audit?name=blank.txt", data=b" \r\n\t\n",
                           content_type="text/plain")

    assert response.status_code == 422
    assert response.get_json()["code"] == "empty_document"
    assert "contains no text to audit" in response.get_json()["message"]


def test_multipart_without_file_field(client, fake_layers):
    response = client.post("/api/audit", data={"document": (io.BytesIO(TEXT), "a.txt")},
                           content_type="multipart/form-data")

    assert response.status_code == 400
    assert "'file'" in response.get_json()["message"]


def test_unsupported_content_type(client, fake_layers):
    response = client.post("/api/audit", data=b"\x89PNG", content_type="image/png")

    assert response.status_code == 415
    assert response.get_json()["code"] == "unsupported_format"
    assert "image/png" in response.get_json()["message"]


def test_missing_content_type(client, fake_layers):
    response = client.post("/api/audit", data=b"abc")

    assert response.status_code == 415


def test_multipart_paragraphs_invalid_json(client, fake_layers):
    data = {"file": (io.BytesIO(TEXT), "a.txt"), "paragraphs": "[{"}

    response = client.post("/api/audit", data=data, content_type="multipart/form-data")

    assert response.status_code == 400
    assert "not valid JSON" in response.get_json()["message"]


# --- redline ------------------------------------------------------------------------

def test_redline_raw_docx_all_findings(client, fake_layers):
    response = client.post("/api/redline?name=../../Deal%20v2.docx&author=Legal&comments=true",
                           data=b"PK\x03\x04", content_type=DOCX)

    assert response.status_code == 200
    assert response.mimetype == DOCX
    assert response.data == b"PK-redlined"
    assert response.headers["Content-Disposition"] == 'attachment; filename="Deal_v2.redlined.docx"'
    assert response.headers["X-TermScore-Applied"] == "2"
    assert response.headers["X-TermScore-Refused"] == "1"
    assert response.headers["X-TermScore-Refused-Ids"] == "x"
    assert response.headers["X-TermScore-Warnings"] == "locked_control"
    assert fake_layers.calls[-1] == ("redline", {"findings": ["ai-training:1", "ai-training:2"],
                                                 "author": "Legal", "comments": True})


def test_redline_multipart_selected_findings(client, fake_layers):
    data = {"file": (io.BytesIO(b"PK\x03\x04"), "msa.docx"),
            "findings": "ai-training:2,unknown:9", "comments": "false"}

    response = client.post("/api/redline", data=data, content_type="multipart/form-data")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="msa.redlined.docx"'
    assert response.headers["X-TermScore-Applied"] == "1"
    assert response.headers["X-TermScore-Refused"] == "2"  # one refused, one unknown id
    assert response.headers["X-TermScore-Refused-Ids"] == "x,unknown:9"
    assert fake_layers.calls[-1][1]["findings"] == ["ai-training:2"]
    assert fake_layers.calls[-1][1]["author"] == "TermScore"


def test_redline_json_flat_opc_returns_flat_opc(client, fake_layers):
    response = client.post("/api/redline", json={"ooxml": FLAT_OPC.decode(),
                                                 "findings": ["ai-training:1"]})

    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="document.redlined.xml"')
    assert fake_layers.calls[-1][1]["findings"] == ["ai-training:1"]


def test_redline_docm_keeps_macro_type(client, fake_layers):
    response = client.post("/api/redline?name=plan.docm", data=b"PK\x03\x04", content_type=DOCX)

    assert response.status_code == 200
    assert response.mimetype == "application/vnd.ms-word.document.macroEnabled.12"
    assert response.headers["Content-Disposition"] == 'attachment; filename="plan.redlined.docm"'


def test_header_list_sanitised_and_capped():
    from termscore.server.api import header_list

    assert header_list(["ai-training:1a", "bad id\r\nX: y", ""]) == "ai-training:1a,bad_id__X:_y"
    capped = header_list([f"rule:{n:04d}" for n in range(1000)], limit=100)
    assert len(capped) <= 104
    assert capped.endswith(",...")


def test_redline_text_input_becomes_docx(client, fake_layers):
    response = client.post("/api/redline?name=terms.txt", data=TEXT, content_type="text/plain")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="terms.redlined.docx"')
    opened = [call for name, call in fake_layers.calls if name == "open"]
    assert opened[-1]["name"] == "terms.docx"
    audited = [call for name, call in fake_layers.calls if name == "audit"]
    assert audited[-1]["document"].format == "docx"


@pytest.mark.parametrize("query, message", [
    ("comments=maybe", "not a boolean"),
    ("author=" + "a" * 300, "maximum is 255"),
    ("author=Ann%07", "author contains the character U+0007"),
    ("rules=" + "a" * 10_001, "option 'rules' is longer than 10000 characters"),
])
def test_redline_option_errors(client, fake_layers, query, message):
    response = client.post(f"/api/redline?{query}", data=b"PK\x03\x04", content_type=DOCX)

    assert response.status_code == 400
    assert message in response.get_json()["message"]


def test_json_ooxml_declared_utf16_read_as_utf8(client, fake_layers):
    from termscore.server.inputs import as_utf8_xml

    text = '<?xml version="1.0" encoding="utf-16" standalone="yes"?><pkg:package/>'

    assert as_utf8_xml(text) == (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><pkg:package/>')
    assert as_utf8_xml("<pkg:package/>") == b"<pkg:package/>"
