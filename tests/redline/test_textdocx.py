"""Text and Markdown contracts written as .docx so that they can carry tracked changes."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from termscore.cli import main
from termscore.document import open_document
from termscore.errors import InvalidRequestError
from termscore.redline.textdocx import build_docx_from_text

MARKDOWN = (b"# Services Agreement\n\n## 1. Data\n\n#### Deep heading\n\n"
            b"1.1 Provider may use Customer Data to train its AI models.\n\n"
            b"- Page\x0cbreak item\n")


def test_paragraphs_styles_and_labels():
    text_document = open_document(MARKDOWN, name="deal.md")

    body = open_document(build_docx_from_text(text_document), name="deal.docx").story("body")

    assert [(p.text, p.style_name) for p in body] == [
        ("Services Agreement", "heading 1"),
        ("1. Data", "heading 2"),
        ("Deep heading", "heading 3"),
        ("1.1 Provider may use Customer Data to train its AI models.", "Normal"),
        ("Page break item", "Normal"),
    ]


def test_word_document_rejected(make_docx):
    document = open_document(make_docx("<w:p><w:r><w:t>x</w:t></w:r></w:p>"), name="a.docx")

    with pytest.raises(InvalidRequestError, match="already a Word document"):
        build_docx_from_text(document)


def test_cli_redlines_markdown(tmp_path, capsys):
    source = tmp_path / "terms.md"
    source.write_text("## 4. Data\n\nProvider may use Customer Data to train its artificial "
                      "intelligence models.\n", encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    status = main(["redline", str(source), "-o", str(out_dir), "--author", "Ann Lee"])

    written = out_dir / "terms-redlined.docx"
    assert status == 0, capsys.readouterr().err
    with zipfile.ZipFile(io.BytesIO(written.read_bytes())) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert len(re.findall(r'<w:ins [^>]*w:author="Ann Lee"', xml)) >= 1
