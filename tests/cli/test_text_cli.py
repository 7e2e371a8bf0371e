"""``termscore text``: paragraphs with locators, JSON output, exit status on bad input."""

from __future__ import annotations

import json

import pytest

from termscore.cli import EXIT_BAD_INPUT, main

BODY = ('<w:p><w:r><w:t xml:space="preserve">Provider shall </w:t></w:r>'
        '<w:del w:id="1" w:author="A"><w:r><w:delText xml:space="preserve">not </w:delText></w:r>'
        '</w:del><w:r><w:t>train</w:t><w:tab/><w:t>models.</w:t></w:r></w:p>'
        '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')


@pytest.fixture
def docx_file(tmp_path, make_docx):
    path = tmp_path / "contract.docx"
    path.write_bytes(make_docx(BODY, stories={"header": "<w:p><w:r><w:t>Head</w:t></w:r></w:p>"}))
    return path


def test_text_prints_one_line_per_body_paragraph(docx_file, capsys):
    status = main(["text", str(docx_file)])

    out = capsys.readouterr().out
    assert status == 0
    assert out.splitlines() == ["body:0\t\tProvider shall train\\tmodels.", "body:1\t\tCell"]


def test_text_original_view(docx_file, capsys):
    main(["text", str(docx_file), "--view", "original"])

    assert capsys.readouterr().out.splitlines()[0] == "body:0\t\tProvider shall not train\\tmodels."


def test_text_all_stories_name_part(docx_file, capsys):
    main(["text", str(docx_file), "--story", "all"])

    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "header:word/header1.xml:0\t\tHead"
    assert len(lines) == 3


def test_text_json_shape(docx_file, capsys):
    status = main(["text", str(docx_file), "--json"])

    payload = json.loads(capsys.readouterr().out)
    assert status == 0
    assert payload["paragraphs"][0] == {"story": "body", "part": "word/document.xml", "index": 0,
                                        "label": "", "text": "Provider shall train\tmodels."}
    assert payload["paragraphs"][1]["in_table"] is True
    assert payload["warnings"] == []


def test_text_json_lists_warnings(tmp_path, make_docx, capsys):
    path = tmp_path / "chunk.docx"
    path.write_bytes(make_docx('<w:altChunk r:id="rId5"/>'))

    main(["text", str(path), "--json"])

    codes = [w["code"] for w in json.loads(capsys.readouterr().out)["warnings"]]
    assert codes == ["altchunk_skipped", "empty_document"]


def test_text_reads_markdown(tmp_path, capsys):
    path = tmp_path / "terms.md"
    path.write_text("# Terms\n\n1. Provider may use data.\n", encoding="utf-8")

    main(["text", str(path)])

    assert capsys.readouterr().out.splitlines() == ["body:0\t\tTerms",
                                                    "body:1\t1.\tProvider may use data."]


@pytest.mark.parametrize("content, words", [
    (b"PK\x03\x04truncated", "not a readable zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "Compound File"),
])
def test_text_bad_input_exits_2_with_message(tmp_path, capsys, content, words):
    path = tmp_path / "bad.docx"
    path.write_bytes(content)

    status = main(["text", str(path)])

    captured = capsys.readouterr()
    assert status == EXIT_BAD_INPUT
    assert captured.out == ""
    assert captured.err.startswith("termscore text: error: ")
    assert words in captured.err


def test_text_missing_file_exits_2(tmp_path, capsys):
    status = main(["text", str(tmp_path / "absent.docx")])

    assert status == EXIT_BAD_INPUT
    assert "absent.docx" in capsys.readouterr().err


@pytest.mark.parametrize("make_arg, message", [
    (lambda tmp: str(tmp), "is a folder; pass a file"),
    (lambda tmp: "", "no file given"),
    (lambda tmp: str((tmp / "empty.txt").resolve()), "empty.txt is empty (0 bytes)"),
])
def test_text_bad_path_exits_2(tmp_path, capsys, make_arg, message):
    (tmp_path / "empty.txt").write_bytes(b"")

    status = main(["text", make_arg(tmp_path)])

    err = capsys.readouterr().err
    assert status == EXIT_BAD_INPUT
    assert message in err
    assert "Traceback" not in err
