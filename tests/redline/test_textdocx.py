"""Text and Markdown contracts written as .docx so that they can carry tracked changes."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest

from termscore.cli import main
from termscore.document import open_document
from termscore.errors import InvalidRequestError
from termscore.redline.textdocx import build_docx_from_text, match_finding_ids

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

    written = out_dir / "terms.redlined.docx"
    assert status == 0, capsys.readouterr().err
    with zipfile.ZipFile(io.BytesIO(written.read_bytes())) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert len(re.findall(r'<w:ins [^>]*w:author="Ann Lee"', xml)) >= 1


def _finding(ident, index, quote, rule="ai-training"):
    return {"id": ident, "rule": rule, "location": {"index": index, "quote": quote}}


def test_match_ids_across_typed_labels():
    text_findings = [
        _finding("ai-training:1", 2, "Provider may train."),
        _finding("ai-training:2", 5, "Unchanged quote."),
        _finding("missing:audit-rights", 7, None, rule="audit-rights"),
        _finding("feedback:3", 9, "Gone in the .docx.", rule="feedback"),
    ]
    docx_findings = [
        _finding("ai-training:9", 2, "(a) Provider may train."),
        _finding("ai-training:2", 5, "Unchanged quote."),
        _finding("missing:audit-rights", 7, None, rule="audit-rights"),
        _finding("feedback:8", 4, "Gone in the .docx.", rule="feedback"),
    ]

    mapping = match_finding_ids(text_findings, docx_findings)

    assert mapping == {"ai-training:1": "ai-training:9", "ai-training:2": "ai-training:2",
                       "missing:audit-rights": "missing:audit-rights",
                       "feedback:3": "feedback:3"}


def test_cli_text_finding_id_selects(tmp_path, capsys):
    source = tmp_path / "terms.md"
    source.write_text("# Data Terms\n\n(a) Provider may use Customer Data to train its "
                      "artificial intelligence models.\n", encoding="utf-8")
    main(["audit", str(source), "--format", "json"])
    audit = json.loads(capsys.readouterr().out)
    risk = [f["id"] for f in audit["findings"] if f["location"]["quote"]]

    status = main(["redline", str(source), "-o", str(tmp_path / "out.docx"),
                   "--findings", risk[0]])

    out = capsys.readouterr().out
    assert status == 0
    assert "1 changes written, 0 refused" in out
