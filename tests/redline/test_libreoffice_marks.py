"""LibreOffice's Reject All on new paragraphs at the end of a container gives the input.

A new paragraph tracked only by its own mark leaves an empty paragraph in LibreOffice
after Reject All when nothing follows it in its container; the writer moves the anchor's
mark instead. Each case is checked with our own checker and in LibreOffice: the same
paragraph count and texts after Reject All as in the input.
"""

from __future__ import annotations

import re

import pytest

from redline_helpers import AUTHOR, CORPUS, DATE, audited_outcome, make_docx
from support import invariants

from termscore.document import open_document
from termscore.ooxml.revisions import InsertParagraphsEdit, NewParagraph, apply_edits

pytestmark = pytest.mark.libreoffice

TABLE = ('<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>'
         '<w:gridCol w:w="4000"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w="4000" '
         'w:type="dxa"/></w:tcPr><w:p><w:r><w:t>Cell text</w:t></w:r></w:p></w:tc></w:tr>'
         '</w:tbl>')
PILOT = CORPUS / "contracts" / "common-paper-pilot-agreement.docx" if CORPUS else None


def _last_body_paragraph(document):
    return [p for p in document.paragraphs if p.story == "body"][-1]


def _numbered_followed_by_paragraph(document):
    for index, paragraph in enumerate(document.paragraphs[:-1]):
        if paragraph.label and paragraph.text.strip() and paragraph.story == "body":
            return paragraph
    raise AssertionError("no numbered paragraph in the pilot")


CASES = {
    # name: (body xml or None for the pilot, anchor chooser)
    "end-of-body": ('<w:p><w:r><w:t>First</w:t></w:r></w:p>'
                    '<w:p><w:r><w:t>Last clause.</w:t></w:r></w:p>',
                    lambda d: d.paragraphs[-1]),
    "end-of-cell": ('<w:p><w:r><w:t>Before</w:t></w:r></w:p>' + TABLE +
                    '<w:p><w:r><w:t>After</w:t></w:r></w:p>',
                    lambda d: d.paragraphs[1]),
    "before-table": ('<w:p><w:r><w:t>Intro</w:t></w:r></w:p>' + TABLE +
                     '<w:p><w:r><w:t>After</w:t></w:r></w:p>',
                     lambda d: d.paragraphs[0]),
    "pilot-numbered": (None, _numbered_followed_by_paragraph),
    "pilot-end-of-body": (None, _last_body_paragraph),
}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lo-marks")
    out = {}
    for name, (body, choose) in CASES.items():
        if body is None:
            if PILOT is None:
                continue
            data = PILOT.read_bytes()
        else:
            data = make_docx(body)
        document = open_document(data, name=f"{name}.docx")
        anchor = choose(document)
        style, numbering = _format_of(anchor)
        edits = [InsertParagraphsEdit(anchor, "after", [
            NewParagraph("New clause one.", style=style, numbering=numbering),
            NewParagraph("New clause two.", style=style, numbering=numbering)], name)]
        before = invariants.snapshot(document.package)
        expected = invariants.expected_texts(document.package, edits)
        report = apply_edits(document, edits, author=AUTHOR, date=DATE)
        output = document.package.to_bytes()
        after = invariants.snapshot(open_document(output).package)
        problems = invariants.check_package(before, after, author=AUTHOR,
                                            expected_text=expected)
        source, path = folder / f"{name}-in.docx", folder / f"{name}.docx"
        source.write_bytes(data)
        path.write_bytes(output)
        out[name] = (source, path, report, problems)
    return out


def _format_of(paragraph):
    from termscore.ooxml.newpara import paragraph_format

    return paragraph_format(paragraph)


@pytest.mark.parametrize("name", list(CASES))
def test_reject_all_gives_input_in_our_checker(written, name):
    if name not in written:
        pytest.skip("shared corpus not found")
    _, _, report, problems = written[name]

    assert report.applied == [name]
    assert problems.items == []


@pytest.mark.parametrize("name", list(CASES))
def test_reject_all_gives_input_in_libreoffice(libreoffice, written, name):
    if name not in written:
        pytest.skip("shared corpus not found")
    source, path, _, _ = written[name]
    original = libreoffice.text(source, "original")
    rejected = libreoffice.text(path, "original")
    accepted = libreoffice.text(path, "current")

    assert len(rejected) == len(original)
    assert rejected == original
    assert len(accepted) == len(original) + 2
    assert "New clause two." in accepted


def test_pilot_with_every_finding_rejects_to_input(libreoffice, tmp_path):
    if PILOT is None:
        pytest.skip("shared corpus not found")
    outcome = audited_outcome(PILOT)
    path = tmp_path / "pilot.docx"
    path.write_bytes(outcome.data)

    assert outcome.report.applied
    assert libreoffice.text(path, "original") == libreoffice.text(PILOT, "original")
    # The list numbers come back too: the inserted numbered paragraphs shift the
    # numbers only while they are pending.
    assert [p.label for p in libreoffice.paragraphs(path, "original")] == \
        [p.label for p in libreoffice.paragraphs(PILOT, "original")]
    accepted = [p for p in libreoffice.paragraphs(path, "current") 
                if re.fullmatch(r"1\.\d+", p.label)]
    assert [p.label for p in accepted] == [f"1.{i}" for i in range(1, len(accepted) + 1)]
