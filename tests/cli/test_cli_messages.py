"""Help text, error messages and exit status shared by the ``termscore`` subcommands."""

from __future__ import annotations

import json

import pytest

from termscore.cli import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, main

RISKY = "1. Provider may use Customer Data to train machine learning models.\n"


@pytest.mark.parametrize("command", ["audit", "redline", "text", "addendum", "serve"])
def test_help_lists_exit_status(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])

    out = capsys.readouterr().out
    assert "exit status:\n  0  every file was processed" in out
    assert "\n  2  invalid option or argument, or a file could not be read" in out


def test_exit_status_values():
    assert (EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT) == (0, 1, 2)


def test_redline_help_names_text_inputs(capsys):
    with pytest.raises(SystemExit):
        main(["redline", "--help"])

    out = " ".join(capsys.readouterr().out.split())
    assert ".docx, .docm, .dotx, Flat OPC .xml, .txt or .md files" in out
    assert "A .txt or .md input is written as a new .docx first" in out


def test_blank_file_named_once(tmp_path, capsys):
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\n ")

    status = main(["redline", str(blank), "-o", str(tmp_path / "out.docx")])

    err = capsys.readouterr().err
    assert status == EXIT_BAD_INPUT
    assert err.count("blank.txt") == 1
    assert f"termscore redline: {blank} contains no text to audit" in err
    assert "files failed" not in err


def test_corrupt_single_file_exits_2(tmp_path, capsys):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")

    audit_status = main(["audit", str(broken)])
    redline_status = main(["redline", str(broken), "-o", str(tmp_path / "out.docx")])

    assert audit_status == EXIT_BAD_INPUT
    assert redline_status == EXIT_BAD_INPUT
    assert "broken.docx" in capsys.readouterr().err


def test_batch_json_file_lists_failures(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(RISKY)
    (folder / "b.txt").write_text("")
    report = tmp_path / "out.json"

    status = main(["audit", str(folder), "--format", "json", "-o", str(report)])

    entries = json.loads(report.read_text())
    assert status == EXIT_BAD_INPUT
    assert [entry["document"]["name"] for entry in entries] == ["a.txt", "b.txt"]
    assert "score" in entries[0]
    assert entries[1]["document"]["path"] == str(folder / "b.txt")
    assert entries[1]["error"] == {"code": "empty_document",
                                   "message": "b.txt is empty (0 bytes); choose the contract "
                                              "file again"}


def test_fail_under_with_failure_exits_2(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(RISKY)
    (folder / "b.docx").write_bytes(b"PK\x03\x04 not really a zip")

    status = main(["audit", str(folder), "--fail-under", "99"])

    assert status == EXIT_BAD_INPUT


def test_unwritable_report_exits_2(tmp_path, capsys):
    source = tmp_path / "a.txt"
    source.write_text(RISKY)
    report = tmp_path / "missing-folder" / "out.json"

    status = main(["audit", str(source), "--format", "json", "-o", str(report)])

    assert status == EXIT_BAD_INPUT
    assert f"the folder of -o {report} does not exist" in capsys.readouterr().err
