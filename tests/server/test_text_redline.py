"""Redlining .txt and .md uploads: the text is written as a .docx, audited again, redlined."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from support.paths import corpus_dir
from support.validators import errors_only, validate_docx
from termscore.document import open_document

MD_CONTRACT = "contracts/bonterms-cloud-terms-v1.md"
TXT_CONTRACT = "contracts/cuad-kiromic-consulting.txt"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def corpus():
    found = corpus_dir()
    if found is None:
        pytest.skip("shared corpus not found: set TERMSCORE_CORPUS or place it at ../shared/corpus")
    return found


def _count_revisions(data: bytes, author: str) -> dict[str, int]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    quoted = re.escape(f'w:author="{author}"')
    return {kind: len(re.findall(rf"<w:{kind} [^>]*{quoted}", xml)) for kind in ("ins", "del")}


def _suggestion_ids(client, data: bytes, name: str, mimetype: str) -> list[str]:
    audit = client.post(f"/api/audit?name={name}", data=data, content_type=mimetype).get_json()
    return [f["id"] for f in audit["findings"] if f.get("suggestion")]


def _shared_count(client, data: bytes, name: str, mimetype: str) -> int:
    """Count findings whose suggestion another finding on the same words writes."""
    audit = client.post(f"/api/audit?name={name}", data=data, content_type=mimetype).get_json()
    return sum(1 for f in audit["findings"]
               if any(w["code"] == "shared_suggestion" for w in f.get("warnings") or []))


@pytest.mark.parametrize("path, mimetype", [
    (MD_CONTRACT, "text/markdown"),
    (TXT_CONTRACT, "text/plain"),
])
def test_text_redline_writes_tracked_docx(client, corpus, path, mimetype):
    data = (corpus / path).read_bytes()
    name = path.rsplit("/", 1)[1]
    ids = _suggestion_ids(client, data, name, mimetype)

    response = client.post("/api/redline", data={
        "file": (io.BytesIO(data), name, mimetype), "findings": ",".join(ids),
        "author": "Ann Lee"}, content_type="multipart/form-data")

    assert response.status_code == 200, response.get_data()[:300]
    assert response.mimetype == DOCX
    stem = name.rsplit(".", 1)[0]
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{stem}.redlined.docx"')
    applied = int(response.headers["X-TermScore-Applied"])
    refused = int(response.headers["X-TermScore-Refused"])
    refused_ids = [i for i in response.headers["X-TermScore-Refused-Ids"].split(",") if i]
    assert ids, "the contract has suggestions to apply"
    assert applied >= 1
    # Of findings that share one suggestion, the redline writes and counts one.
    shared = _shared_count(client, data, name, mimetype)
    assert len(ids) - shared <= applied + refused <= len(ids)
    assert set(refused_ids) <= set(ids), "refusals name the ids the client sent"
    assert _count_revisions(response.data, "Ann Lee")["ins"] >= applied - 1
    assert errors_only(validate_docx(response.data)) == []


def test_text_redline_keeps_chosen_ids(client, corpus):
    data = (corpus / MD_CONTRACT).read_bytes()
    ids = _suggestion_ids(client, data, "terms.md", "text/markdown")
    chosen = [ident for ident in ids if not ident.startswith("missing:")][:1]

    response = client.post("/api/redline?name=terms.md&findings=" + ",".join(chosen),
                           data=data, content_type="text/markdown")

    assert chosen
    assert response.status_code == 200
    assert response.headers["X-TermScore-Applied"] == "1"
    assert response.headers["X-TermScore-Refused"] == "0"


def test_text_redline_keeps_headings_and_labels(client):
    text = (b"# Master Agreement\n\n## 4. Data\n\n4.1 Provider may use Customer Data to "
            b"train its artificial intelligence models.\n")

    response = client.post("/api/redline?name=deal.md", data=text, content_type="text/markdown")

    assert response.status_code == 200
    body = open_document(response.data, name="deal.docx").story("body")
    assert [(p.style_name, p.heading_level) for p in body[:2]] == [
        ("heading 1", 1), ("heading 2", 2)]
    assert body[1].original == "4. Data"
    # Clauses added after the last paragraph move its original mark to the last new
    # paragraph, so its original text is read there.
    assert body[-1].original.startswith("4.1 Provider may use Customer Data")
    assert body[2].text.startswith("4.1 Provider")


def test_redline_error_names_no_api_path(client):
    response = client.post("/api/redline?name=x.txt", data=b"\xff\xfe\x00garbage",
                           content_type="text/plain")

    assert response.status_code == 415
    message = response.get_json()["message"] + (response.get_json()["detail"] or "")
    assert "/api/" not in message
    assert "does not look like a text document" in message


def test_labelled_quote_id_still_selects(client):
    text = (b"# Data Terms\n\n(a) Provider may use Customer Data to train its artificial "
            b"intelligence models.\n\n(b) Customer owns its data.\n")
    audit = client.post("/api/audit?name=terms.md", data=text,
                        content_type="text/markdown").get_json()
    risk = [f["id"] for f in audit["findings"] if f["location"]["quote"]]

    response = client.post("/api/redline?name=terms.md&author=Ann%20Lee&findings=" + risk[0],
                           data=text, content_type="text/markdown")

    assert len(risk) == 1
    assert response.status_code == 200
    assert response.headers["X-TermScore-Applied"] == "1"
    assert response.headers["X-TermScore-Refused"] == "0"
    assert _count_revisions(response.data, "Ann Lee")["ins"] >= 1
