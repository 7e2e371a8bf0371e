"""No document text, quote or file name reaches any log record, at any level."""

from __future__ import annotations

import io

import pytest

from termscore.server import create_app

from server_testing import requires_layer

SECRET_NAME = "Project-Bluebird-term-sheet.txt"
SECRET_LINES = [
    "Zephyrine Holdings grants Quillfeather Analytics a perpetual licence.",
    "Quillfeather Analytics may use Customer Data to train its machine learning models.",
    "The purchase price is eleven million four hundred thousand dollars.",
]
DOCUMENT = "\n\n".join(SECRET_LINES).encode()
# Distinctive words that appear nowhere but in the document.
MARKERS = ["Zephyrine", "Quillfeather", "eleven million", "Bluebird"]


def assert_no_markers(log_text: str) -> None:
    for marker in MARKERS:
        assert marker.lower() not in log_text.lower(), f"{marker!r} leaked into the logs"


def exercise(client) -> list[int]:
    statuses = []
    statuses.append(client.post(f"/api/audit?name={SECRET_NAME}", data=DOCUMENT,
                                content_type="text/plain").status_code)
    statuses.append(client.post("/api/audit", data={"file": (io.BytesIO(DOCUMENT), SECRET_NAME),
                                                    "side": "customer"},
                                content_type="multipart/form-data").status_code)
    statuses.append(client.post("/api/audit", json={
        "ooxml": DOCUMENT.decode(), "name": SECRET_NAME,
        "paragraphs": [{"index": i, "text": t} for i, t in enumerate(SECRET_LINES)],
    }).status_code)
    # Failures log too: a corrupt .docx, and RTF content sent to redline.
    statuses.append(client.post(f"/api/audit?name={SECRET_NAME}",
                                data=b"PK\x03\x04" + DOCUMENT, content_type="application/"
                                "vnd.openxmlformats-officedocument.wordprocessingml.document"
                                ).status_code)
    statuses.append(client.post(f"/api/redline?name={SECRET_NAME}", data=b"{\\rtf1 " + DOCUMENT,
                                content_type="text/plain").status_code)
    statuses.append(client.post(f"/api/redline?name={SECRET_NAME}", data=DOCUMENT,
                                content_type="text/plain").status_code)
    statuses.append(client.get("/api/addendum?customer=Zephyrine&provider=Quillfeather"
                               "&format=text").status_code)
    return statuses


def test_fake_pipeline_logs_no_document_content(all_logs, fake_layers):
    client = create_app({"TESTING": True}).test_client()

    statuses = exercise(client)

    assert statuses[:3] == [200, 200, 200]
    assert statuses[4] == 415
    assert any(r.name == "termscore.server.access" for r in all_logs.records)
    assert_no_markers(all_logs.text())


@requires_layer("analysis", "audit")
def test_real_pipeline_logs_no_document_content(all_logs):
    client = create_app({"TESTING": True}).test_client()

    statuses = exercise(client)
    response = client.post("/api/audit", data=DOCUMENT, content_type="text/plain")

    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] in (415, 422)
    assert statuses[4] == 415
    # The response does carry the text, so the markers are present to leak.
    assert "Quillfeather" in response.get_data(as_text=True)
    assert_no_markers(all_logs.text())


def secret_docx() -> bytes:
    import docx

    document = docx.Document()
    for line in SECRET_LINES:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@requires_layer("redline", "redline_document")
def test_real_docx_audit_and_redline_log_no_content(all_logs):
    client = create_app({"TESTING": True}).test_client()
    data = secret_docx()

    audit = client.post("/api/audit", data={"file": (io.BytesIO(data), SECRET_NAME)},
                        content_type="multipart/form-data")
    redline = client.post(f"/api/redline?name={SECRET_NAME}&comments=true&author=Zephyrine",
                          data=data, content_type="application/"
                          "vnd.openxmlformats-officedocument.wordprocessingml.document")

    assert audit.status_code == 200
    assert "Quillfeather" in audit.get_data(as_text=True)
    assert redline.status_code == 200
    assert_no_markers(all_logs.text())


def test_access_log_line_fields(all_logs, fake_layers):
    client = create_app({"TESTING": True}).test_client()

    client.post("/api/audit?side=customer", data=DOCUMENT, content_type="text/plain",
                headers={"X-Request-ID": "trace-7"})

    lines = [r.getMessage() for r in all_logs.records if r.name == "termscore.server.access"]
    assert len(lines) == 1
    method, path, status, size, unit, duration, ms, request_id = lines[0].split(" ")
    assert (method, path, status, unit, ms) == ("POST", "/api/audit", "200", "bytes", "ms")
    assert int(size) > 0
    assert float(duration) >= 0
    assert request_id == "id=trace-7"


def test_log_filenames_option_adds_name(all_logs, fake_layers):
    client = create_app({"TESTING": True, "LOG_FILENAMES": True}).test_client()

    client.post(f"/api/audit?name={SECRET_NAME}", data=DOCUMENT, content_type="text/plain")

    access = [r.getMessage() for r in all_logs.records if r.name == "termscore.server.access"]
    assert f"file='{SECRET_NAME}'" in access[0]
    for marker in ("Zephyrine", "Quillfeather"):
        assert marker not in all_logs.text()


@pytest.mark.parametrize("path", ["/api/audit"])
def test_nothing_written_to_disk(tmp_path, monkeypatch, fake_layers, path):
    import os
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    client = create_app({"TESTING": True}).test_client()
    big = DOCUMENT * 10_000  # past Werkzeug's in-memory threshold for uploads

    response = client.post(path, data={"file": (io.BytesIO(big), SECRET_NAME)},
                           content_type="multipart/form-data")

    assert response.status_code == 200
    assert os.listdir(tmp_path) == []
