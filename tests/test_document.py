"""open_document: the format comes from the bytes, Markdown from the file name."""

from __future__ import annotations

import pytest

from termscore.document import open_document
from termscore.errors import (DocumentTooLargeError, EmptyDocumentError, InvalidRequestError,
                              UnsupportedFormatError)
from termscore.limits import Limits
from termscore.ooxml.package import Package

BODY = "<w:p><w:r><w:t>Clause one.</w:t></w:r></w:p>"


def test_docx_from_bytes_path_and_str(tmp_path, make_docx):
    data = make_docx(BODY)
    path = tmp_path / "a.docx"
    path.write_bytes(data)

    from_bytes = open_document(data, name="x.docx")
    from_path = open_document(path)
    from_str = open_document(str(path))

    assert [p.text for p in from_bytes.paragraphs] == ["Clause one."]
    assert from_path.name == "a.docx"
    assert from_str.format == "docx"
    assert from_path.is_ooxml


def test_docx_named_txt_is_still_read_as_docx(tmp_path, make_docx):
    path = tmp_path / "misnamed.txt"
    path.write_bytes(make_docx(BODY))

    assert open_document(path).format == "docx"


def test_flat_opc_is_dispatched(make_docx):
    flat = Package.open(make_docx(BODY)).to_bytes("flatopc")

    document = open_document(flat, name="body.xml")

    assert document.format == "flatopc"
    assert document.story("body")[0].text == "Clause one."


def test_markdown_chosen_by_suffix(tmp_path):
    path = tmp_path / "terms.md"
    path.write_text("## 2. Data\n\nProvider **may** use data.\n", encoding="utf-8")

    document = open_document(path)

    assert document.format == "markdown"
    assert [(p.label, p.text, p.heading_level) for p in document.paragraphs] == [
        ("2.", "Data", 2), ("", "Provider may use data.", None)]


def test_plain_text_without_suffix(tmp_path):
    document = open_document(b"1. Scope.\n\n2. Fees.", name=None)

    assert document.format == "text"
    assert [p.label for p in document.paragraphs] == ["1.", "2."]


def test_file_over_limit_is_rejected_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2000)

    with pytest.raises(DocumentTooLargeError, match="big.txt is 2,000 bytes"):
        open_document(path, limits=Limits(max_input_bytes=1000))


def test_missing_file_is_invalid_request(tmp_path):
    with pytest.raises(InvalidRequestError, match="cannot read"):
        open_document(tmp_path / "nope.docx")


# --- inputs that are not a document ------------------------------------------------------

def test_empty_file_rejected(tmp_path):
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")

    with pytest.raises(EmptyDocumentError) as raised:
        open_document(path)

    assert raised.value.status == 422
    assert raised.value.message == "empty.docx is empty (0 bytes); choose the contract file again"


def test_empty_bytes_rejected():
    with pytest.raises(EmptyDocumentError, match=r"^a.txt is empty \(0 bytes\)"):
        open_document(b"", name="a.txt")


def test_whitespace_text_rejected():
    with pytest.raises(EmptyDocumentError, match="contains no text to audit"):
        open_document(b"  \r\n\t\n", name="blank.md")


def test_docx_without_text_is_read(make_docx):
    document = open_document(make_docx("<w:p/>"), name="images-only.docx")

    assert [p.text for p in document.paragraphs] == [""]


def test_folder_rejected(tmp_path):
    with pytest.raises(InvalidRequestError, match=r"is a folder; pass a file$"):
        open_document(tmp_path)


def test_empty_path_rejected():
    with pytest.raises(InvalidRequestError, match="^no file given"):
        open_document("")


def test_unknown_suffix_read_as_text(tmp_path):
    path = tmp_path / "notes.rtf"
    path.write_text("1. Provider may use Customer Data.\n", encoding="utf-8")

    document = open_document(path)

    assert document.format == "text"
    assert document.paragraphs[0].text == "Provider may use Customer Data."


def test_rtf_content_rejected(tmp_path):
    path = tmp_path / "notes.rtf"
    path.write_bytes(b"{\\rtf1\\ansi Provider may use data.}")

    with pytest.raises(UnsupportedFormatError, match="RTF"):
        open_document(path)
