"""Inserted paragraphs at the end of a container are tracked through the anchor's mark.

Rejecting our revisions must give the input's paragraphs exactly, with no empty
paragraph left where the insertion was (end of the body, end of a table cell, before a
table); elsewhere the new paragraphs keep their own tracked marks.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "redline"))

from redline_helpers import make_docx  # noqa: E402
from support import invariants  # noqa: E402
from support.invariants import qn  # noqa: E402

from termscore.document import open_document  # noqa: E402
from termscore.ooxml.revisions import (  # noqa: E402
    InsertParagraphsEdit, NewParagraph, apply_edits,
)

NUMBERED = ('<w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/>'
            '<w:numId w:val="1"/></w:numPr><w:ind w:left="720"/></w:pPr>')
TABLE = ('<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>'
         '<w:gridCol w:w="4000"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w="4000" '
         'w:type="dxa"/></w:tcPr><w:p><w:r><w:t>Cell text</w:t></w:r></w:p></w:tc></w:tr>'
         '</w:tbl>')


def redline(body: str, edits_for):
    document = open_document(make_docx(body), name="t.docx")
    edits = edits_for(document.paragraphs)
    before = invariants.snapshot(document.package)
    expected = invariants.expected_texts(document.package, edits)
    report = apply_edits(document, edits, author="TermScore", date="2026-01-01T00:00:00Z")
    after = invariants.snapshot(open_document(document.package.to_bytes()).package)
    problems = invariants.check_package(before, after, author="TermScore",
                                        expected_text=expected)
    return report, before, after, problems


def rejected_paragraphs(snapshot) -> list[str]:
    return invariants.texts(invariants.reject(snapshot["word/document.xml"]))


def body_paragraphs(after) -> list:
    return after["word/document.xml"].find(qn("body")).findall(qn("p"))


def mark_inserted(paragraph) -> bool:
    return paragraph.find(f"{qn('pPr')}/{qn('rPr')}/{qn('ins')}") is not None


def new(*texts, style="ListParagraph", numbering=(1, 0)):
    return [NewParagraph(t, style=style, numbering=numbering) for t in texts]


def test_after_last_body_paragraph_marks_the_anchor_mark_inserted():
    report, before, after, problems = redline(
        f'<w:p>{NUMBERED}<w:r><w:t>Last clause.</w:t></w:r></w:p>',
        lambda ps: [InsertParagraphsEdit(ps[0], "after", new("New one.", "New two."), "k")])
    anchor, first, last = body_paragraphs(after)

    assert problems.items == []
    assert rejected_paragraphs(after) == rejected_paragraphs(before) == ["Last clause."]
    assert [mark_inserted(p) for p in (anchor, first, last)] == [True, True, False]
    # The last new paragraph carries the anchor's original properties, indent included.
    assert last.find(qn("pPr")).find(qn("ind")).get(qn("left")) == "720"
    assert report.revisions == 4


def test_end_position_with_other_style_records_the_anchor_properties():
    report, before, after, problems = redline(
        '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>Signature</w:t></w:r></w:p>',
        lambda ps: [InsertParagraphsEdit(None, "end", [NewParagraph("Addendum",
                                                                    style="Heading1")], "k")])
    anchor, last = body_paragraphs(after)
    change = last.find(qn("pPr")).find(qn("pPrChange"))

    assert problems.items == []
    assert rejected_paragraphs(after) == ["Signature"]
    assert mark_inserted(anchor) and not mark_inserted(last)
    assert last.find(qn("pPr")).find(qn("pStyle")).get(qn("val")) == "Heading1"
    assert change.get(qn("author")) == "TermScore"
    assert change.find(qn("pPr")).find(qn("jc")).get(qn("val")) == "center"


def test_end_of_table_cell():
    report, before, after, problems = redline(
        TABLE + '<w:p><w:r><w:t>After</w:t></w:r></w:p>',
        lambda ps: [InsertParagraphsEdit(ps[0], "after", new("In cell."), "k")])
    cell = after["word/document.xml"].find(f".//{qn('tc')}")

    assert problems.items == []
    assert rejected_paragraphs(after) == rejected_paragraphs(before) == ["Cell text", "After"]
    assert [mark_inserted(p) for p in cell.findall(qn("p"))] == [True, False]


def test_before_a_table():
    report, before, after, problems = redline(
        f'<w:p>{NUMBERED}<w:r><w:t>Intro</w:t></w:r></w:p>' + TABLE +
        '<w:p><w:r><w:t>After</w:t></w:r></w:p>',
        lambda ps: [InsertParagraphsEdit(ps[0], "after", new("New."), "k")])
    paragraphs = after["word/document.xml"].find(qn("body")).findall(qn("p"))

    assert problems.items == []
    assert rejected_paragraphs(after) == ["Intro", "Cell text", "After"]
    assert [mark_inserted(p) for p in paragraphs] == [True, False, False]


def test_after_numbered_paragraph_followed_by_paragraph_keeps_own_marks():
    report, before, after, problems = redline(
        f'<w:p>{NUMBERED}<w:r><w:t>One</w:t></w:r></w:p>'
        f'<w:p>{NUMBERED}<w:r><w:t>Two</w:t></w:r></w:p>',
        lambda ps: [InsertParagraphsEdit(ps[0], "after", new("New."), "k")])
    one, inserted, two = body_paragraphs(after)

    assert problems.items == []
    assert rejected_paragraphs(after) == ["One", "Two"]
    assert [mark_inserted(p) for p in (one, inserted, two)] == [False, True, False]
    # The existing paragraphs keep their properties untouched: no w:pPrChange.
    assert not list(after["word/document.xml"].iter(qn("pPrChange")))


def test_two_edits_after_the_last_paragraph_move_the_mark_once():
    report, before, after, problems = redline(
        '<w:p><w:r><w:t>Last</w:t></w:r></w:p>',
        lambda ps: [InsertParagraphsEdit(ps[0], "after", new("A", style=None, numbering=None),
                                         "k1"),
                    InsertParagraphsEdit(ps[0], "after", new("B", style=None, numbering=None),
                                         "k2")])
    paragraphs = body_paragraphs(after)

    assert problems.items == []
    assert invariants.texts(invariants.accept(after["word/document.xml"])) == ["Last", "A", "B"]
    assert [mark_inserted(p) for p in paragraphs] == [True, True, False]


def test_another_authors_inserted_mark_moves_with_the_anchor_mark():
    report, before, after, problems = redline(
        '<w:p><w:r><w:t>Keep</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:rPr><w:ins w:id="5" w:author="Ann" w:date="2025-01-01T00:00:00Z"/>'
        '</w:rPr></w:pPr><w:r><w:t>Theirs</w:t></w:r></w:p>',
        lambda ps: [InsertParagraphsEdit(ps[1], "after", new("New", style=None,
                                                             numbering=None), "k")])
    _, anchor, last = body_paragraphs(after)

    def authors(paragraph):
        return [m.get(qn("author")) for m in paragraph.find(qn("pPr")).find(qn("rPr"))
                .findall(qn("ins"))]

    assert problems.items == []
    assert authors(anchor) == ["TermScore"]
    assert authors(last) == ["Ann"]
    assert rejected_paragraphs(after) == ["Keep", "Theirs"]
