"""``termscore redline`` and ``termscore addendum`` on files, as a user runs them."""

from __future__ import annotations

import pytest
from lxml import etree

from redline_helpers import CORPUS

from termscore.cli import main
from termscore.document import open_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _corpus(*parts):
    if CORPUS is None:
        pytest.skip("shared corpus not found")
    return CORPUS.joinpath(*parts)


def _authors(data: bytes) -> set[str]:
    package = open_document(data).package
    root = package.main_part.xml
    return {e.get(W + "author") for e in root.iter(W + "ins", W + "del")}


def test_redline_command_writes_tracked_changes(tmp_path, capsys):
    source = _corpus("bugcases", "BR-02.docx")
    out = tmp_path / "out.docx"

    code = main(["redline", str(source), "-o", str(out), "--author", "Reviewer",
                 "--date", "2026-02-01T09:00:00Z"])

    assert code == 0
    assert "changes written" in capsys.readouterr().out
    assert _authors(out.read_bytes()) == {"Reviewer", "Counterparty Counsel"}


def test_redline_command_several_files_to_folder(tmp_path):
    sources = [_corpus("bugcases", "BR-01.docx"), _corpus("bugcases", "BR-21.xml")]
    folder = tmp_path / "out"

    code = main(["redline", *map(str, sources), "-o", str(folder)])

    assert code == 0
    # The same naming as the web page: <name>.redlined.<ext>.
    assert sorted(p.name for p in folder.iterdir()) == ["BR-01.redlined.docx",
                                                        "BR-21.redlined.xml"]
    flat = etree.fromstring((folder / "BR-21.redlined.xml").read_bytes())
    assert flat.tag == "{http://schemas.microsoft.com/office/2006/xmlPackage}package"


def test_redline_command_unknown_finding_fails(tmp_path, capsys):
    source = _corpus("bugcases", "BR-02.docx")

    code = main(["redline", str(source), "-o", str(tmp_path / "o.docx"),
                 "--findings", "no-such-finding"])

    assert code == 2  # bad input: the finding id is unknown
    assert "no-such-finding" in capsys.readouterr().err


def test_redline_command_rejects_bad_date(tmp_path, capsys):
    source = _corpus("bugcases", "BR-02.docx")

    code = main(["redline", str(source), "-o", str(tmp_path / "o.docx"), "--date", "soon"])

    assert code == 2
    assert "invalid revision date 'soon'" in capsys.readouterr().err


def test_addendum_command_standalone(tmp_path):
    out = tmp_path / "addendum.docx"

    code = main(["addendum", "-o", str(out), "--customer", "Client", "--provider", "Agency"])
    paragraphs = open_document(out.read_bytes()).paragraphs

    assert code == 0
    assert len(paragraphs) > 5
    assert any("Client" in p.text for p in paragraphs)
    assert any("Agency" in p.text for p in paragraphs)


def test_addendum_command_appends_tracked(tmp_path):
    source = _corpus("redline-fixtures", "e_numbered.docx")
    out = tmp_path / "with-addendum.docx"

    code = main(["addendum", "--append-to", str(source), "-o", str(out)])
    document = open_document(out.read_bytes())
    root = document.package.main_part.xml
    body = root.find(W + "body")
    last = [p for p in body.findall(W + "p")][-1]
    heading = [p for p in document.paragraphs if p.style == "Heading2"]

    assert code == 0
    # The addendum's last paragraph holds the document's original last mark; its text
    # is inserted (the marks of the paragraphs before it are).
    assert last.find(W + "ins") is not None
    assert last.find(W + "pPr/" + W + "rPr/" + W + "ins") is None
    assert heading
    assert heading[0].label == "1."


def _bad_paths(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    (tmp_path / "afile.docx").write_bytes(b"x")
    return folder


@pytest.mark.parametrize("args, words", [
    (["addendum", "--append-to", "{folder}", "-o", "{tmp}/z.docx"], "is a folder"),
    (["addendum", "--append-to", "{source}", "-o", "{folder}"], "is a folder"),
    (["addendum", "-o", "{folder}"], "is a folder"),
    (["addendum", "-o", "{tmp}/missing/z.docx"], "does not exist"),
    (["addendum", "--append-to", "", "-o", "{tmp}/z.docx"], "--append-to is empty"),
    (["addendum", "--append-to", "{tmp}/missing.docx", "-o", "{tmp}/z.docx"], "missing.docx"),
    (["addendum", "-o", ""], "-o is empty"),
    (["redline", "{source}", "-o", "{tmp}/missing/x.docx"], "does not exist"),
    (["redline", "{source}", "-o", ""], "-o is empty"),
    (["redline", "{source}", "{source}", "-o", "{tmp}/afile.docx"], "is a file"),
])
def test_path_errors_exit_2_with_a_message(tmp_path, capsys, args, words):
    folder = _bad_paths(tmp_path)
    source = _corpus("bugcases", "BR-02.docx")
    argv = [a.format(folder=folder, source=source, tmp=tmp_path) for a in args]

    code = main(argv)
    err = capsys.readouterr().err

    assert code == 2
    assert words in err
    assert "Traceback" not in err
