"""Batch helpers: folder expansion notes skipped files; warnings name their file."""

from __future__ import annotations

import pytest

from termscore.cli.batch import expand_inputs, format_warning
from termscore.errors import EmptyDocumentError, InvalidRequestError


def test_folder_skips_unsupported_with_note(tmp_path, capsys):
    (tmp_path / "a.md").write_text("1. Terms.", encoding="utf-8")
    (tmp_path / "notes.rtf").write_text("plain", encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "~$a.docx").write_bytes(b"lock")

    files = expand_inputs([tmp_path])

    assert [f.name for f in files] == ["a.md"]
    assert capsys.readouterr().err == (
        "note: skipped 2 files with unsupported types: notes.rtf, scan.pdf\n")


def test_folder_all_supported_no_note(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("1. Terms.", encoding="utf-8")

    expand_inputs([tmp_path])

    assert capsys.readouterr().err == ""


def test_named_unsupported_file_kept(tmp_path, capsys):
    path = tmp_path / "notes.rtf"
    path.write_text("plain", encoding="utf-8")

    assert expand_inputs([path]) == [path]
    assert capsys.readouterr().err == ""


def test_empty_path_rejected():
    with pytest.raises(InvalidRequestError, match="^no file given"):
        expand_inputs([""])


def test_format_warning_names_file():
    line = format_warning("deals/a.docx", "empty_document", "The document contains no text.")

    assert line == "warning: deals/a.docx: empty_document: The document contains no text."


def test_named_empty_file_rejected(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")

    with pytest.raises(EmptyDocumentError, match=r"empty.txt is empty \(0 bytes\)"):
        expand_inputs([path])


def test_empty_file_in_folder_kept(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")

    assert [p.name for p in expand_inputs([tmp_path])] == ["empty.txt"]


def test_audit_empty_file_exits_2(tmp_path, capsys):
    from termscore.cli import EXIT_BAD_INPUT, main

    path = tmp_path / "empty.docx"
    path.write_bytes(b"")

    status = main(["audit", str(path)])

    assert status == EXIT_BAD_INPUT
    assert "empty.docx is empty (0 bytes)" in capsys.readouterr().err
