"""Redlining leaves the numbering of existing paragraphs alone.

LibreOffice shows a list item's old number in brackets ("[1.5]") when a tracked
insertion before it shifts its number. That must come only from the inserted numbered
paragraphs, never from a change we write on an existing paragraph's properties.
"""

from __future__ import annotations

import copy

import pytest
from lxml import etree

from redline_helpers import AUTHOR, CORPUS, audited_outcome

from termscore.document import open_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PILOT = CORPUS / "contracts" / "common-paper-pilot-agreement.docx" if CORPUS else None


def _ppr_key(paragraph) -> bytes:
    ppr = paragraph.find(W + "pPr")
    if ppr is None:
        return b""
    ppr = copy.deepcopy(ppr)
    mark = ppr.find(W + "rPr")
    if mark is not None:
        for revision in mark.findall(W + "ins"):
            if revision.get(W + "author") == AUTHOR:
                mark.remove(revision)
    return etree.tostring(ppr, method="c14n")


def _ours(paragraph) -> bool:
    return any(e.get(W + "author") == AUTHOR for e in paragraph.iter(W + "ins"))


def test_existing_paragraphs_keep_their_numbering_properties():
    if PILOT is None:
        pytest.skip("shared corpus not found")
    document = open_document(PILOT.read_bytes(), name=PILOT.name)
    before = [_ppr_key(p) for p in document.package.main_part.xml.iter(W + "p")]
    root = open_document(audited_outcome(PILOT).data).package.main_part.xml
    inserted = [p for p in root.iter(W + "p") if _ours(p) and
                p.find(f"{W}pPr/{W}rPr/{W}ins") is not None]
    kept = [p for p in root.iter(W + "p") if p not in inserted]

    assert inserted
    assert not list(root.iter(W + "pPrChange"))
    assert [_ppr_key(p) for p in kept] == before
    # Each inserted clause takes its anchor's list: the same numId and level.
    for paragraph in inserted:
        anchor = paragraph.getprevious()
        assert paragraph.find(f"{W}pPr/{W}numPr") is not None
        assert etree.tostring(paragraph.find(f"{W}pPr/{W}numPr"), method="c14n") == \
            etree.tostring(anchor.find(f"{W}pPr/{W}numPr"), method="c14n")


def _fonts(rpr) -> list[bytes]:
    """The fonts and size of a w:rPr, the part of its formatting a new clause takes."""
    if rpr is None:
        return []
    return [etree.tostring(c, method="c14n") for c in rpr
            if c.tag in (W + "rFonts", W + "sz", W + "szCs")]


def _redline_after_first(body: str):
    from redline_helpers import make_docx, redline_and_check

    from termscore.ooxml.newpara import anchor_paragraph_properties, anchor_run_format
    from termscore.ooxml.revisions import InsertParagraphsEdit, NewParagraph

    def edits(document):
        anchor = document.paragraphs[0]
        return [InsertParagraphsEdit(anchor, "after", [NewParagraph(
            "Provider shall delete Customer Data.", style="Body", numbering=(3, 1),
            run_format=anchor_run_format(anchor),
            properties=anchor_paragraph_properties(anchor))], "insert", reason="Deletion")]

    outcome = redline_and_check(make_docx(body + '<w:p><w:r><w:t>Fees are due.</w:t></w:r></w:p>'),
                                edits)
    assert outcome.problems.items == []
    new = open_document(outcome.data).package.main_part.xml.findall(f"{W}body/{W}p")[1]
    run = new.find(f"{W}ins/{W}r/{W}rPr")
    mark = new.find(f"{W}pPr/{W}rPr")
    return [c.tag[len(W):] for c in run], [c.tag[len(W):] for c in mark], mark


def _properties_after_first(body: str) -> list[str]:
    from redline_helpers import make_docx, redline_and_check

    from termscore.ooxml.newpara import anchor_paragraph_properties
    from termscore.ooxml.revisions import InsertParagraphsEdit, NewParagraph

    def edits(document):
        anchor = document.paragraphs[0]
        return [InsertParagraphsEdit(anchor, "after", [NewParagraph(
            "Provider shall delete Customer Data.", style="Body", numbering=(3, 1),
            properties=anchor_paragraph_properties(anchor))], "insert", reason="Deletion")]

    outcome = redline_and_check(make_docx(body + '<w:p><w:r><w:t>Fees are due.</w:t></w:r></w:p>'),
                                edits)
    assert outcome.problems.items == []
    new = open_document(outcome.data).package.main_part.xml.findall(f"{W}body/{W}p")[1]
    return [(c.tag[len(W):], c.get(W + "firstLine") or c.get(W + "val") or c.get(W + "after"))
            for c in new.find(f"{W}pPr")]


def test_inserted_clause_anchor_indents():
    # Misordered and repeated as some writers leave them; the frame and the page break
    # before the anchor stay with the anchor.
    body = ('<w:p><w:pPr><w:ind w:firstLine="180"/><w:keepNext/><w:spacing w:after="120"/>'
            '<w:framePr w:w="2000"/><w:pageBreakBefore/><w:jc w:val="both"/>'
            '<w:ind w:left="720"/><w:widowControl w:val="0"/></w:pPr>'
            '<w:r><w:t>Provider may use Usage Data.</w:t></w:r></w:p>')

    assert _properties_after_first(body) == [
        ("pStyle", "Body"), ("keepNext", None), ("widowControl", "0"), ("numPr", None),
        ("spacing", "120"), ("ind", "180"), ("jc", "both"), ("rPr", None)]


def test_inserted_clause_anchor_end_fonts():
    # The last run's bold marks a word, not the clause; the mark's formatting is ignored
    # when a run has its own.
    body = ('<w:p><w:pPr><w:rPr><w:ins w:id="7" w:author="Ann" w:date="2026-01-01T00:00:00Z"/>'
            '<w:vanish/><w:color w:val="1D2021"/></w:rPr></w:pPr>'
            '<w:r><w:t>Provider may use Usage Data to improve </w:t></w:r>'
            '<w:r><w:rPr><w:sz w:val="16"/><w:b/><w:rFonts w:ascii="Arial"/><w:sz w:val="18"/>'
            '</w:rPr><w:t>the Services.</w:t></w:r></w:p>')

    run, mark, mark_element = _redline_after_first(body)

    # Each element once, in schema order, although the source repeats and misorders them.
    assert run == ["rFonts", "sz"]
    assert mark == ["ins", "rFonts", "sz"]
    assert mark_element[0].get(W + "author") == AUTHOR


def test_inserted_clause_mark_fonts_fallback():
    body = ('<w:p><w:pPr><w:rPr><w:ins w:id="7" w:author="Ann" w:date="2026-01-01T00:00:00Z"/>'
            '<w:rFonts w:ascii="Arial"/><w:vanish/><w:color w:val="1D2021"/><w:sz w:val="16"/>'
            '</w:rPr></w:pPr><w:r><w:t>Provider may use Usage Data.</w:t></w:r></w:p>')

    run, mark, _ = _redline_after_first(body)

    # Another author's insertion and the hidden flag stay behind.
    assert run == ["rFonts", "color", "sz"]
    assert mark == ["ins", "rFonts", "color", "sz"]


def test_inserted_clause_fonts_real_contract():
    if PILOT is None:
        pytest.skip("shared corpus not found")
    root = open_document(audited_outcome(PILOT).data).package.main_part.xml
    inserted = [p for p in root.iter(W + "p") if _ours(p) and
                p.find(f"{W}pPr/{W}rPr/{W}ins") is not None]

    assert inserted
    for paragraph in inserted:
        anchor = paragraph.getprevious()
        while anchor is not None and anchor in inserted:
            anchor = anchor.getprevious()
        last_run = [t for t in anchor.iter(W + "t") if t.text][-1].getparent()
        expected = _fonts(last_run.find(W + "rPr")) or _fonts(anchor.find(f"{W}pPr/{W}rPr"))
        assert expected, "the pilot agreement's clauses carry direct fonts"
        for run in paragraph.iter(W + "r"):
            assert _fonts(run.find(W + "rPr")) == expected


def test_inserted_clause_keeps_emphasis_off():
    # Some contracts set their clauses in a bold Heading 1 style and switch bold off on
    # the runs. The new clause must not come out bold.
    body = ('<w:p><w:r><w:rPr><w:b w:val="0"/><w:i/><w:u w:val="none"/><w:sz w:val="18"/>'
            '</w:rPr><w:t>Provider may use Usage Data to improve the Services.</w:t></w:r></w:p>')

    run, mark, _ = _redline_after_first(body)

    assert run == ["b", "sz", "u"]
    assert mark == ["ins", "b", "sz", "u"]


def test_inserted_clause_after_sub_items_numbering():
    # The contractor agreement's indemnity clause 7.1 ends with items a.-c.; a missing
    # protection placed after c. is clause 7.2, not item d. One placed after the numbered
    # clause 4.4 is 4.5, not a new top-level 5.
    path = CORPUS / "contracts" / "common-paper-independent-contractor-agreement.docx" \
        if CORPUS else None
    if path is None or not path.is_file():
        pytest.skip("shared corpus not found")
    document = open_document(audited_outcome(path).data, name=path.name)
    body = document.story("body")
    inserted = {p.text[:40]: (p.label.strip(), body[i - 1].label.strip())
                for i, p in enumerate(body)
                if p.source is not None and _ours(p.source.element)
                and p.source.element.find(f"{W}pPr/{W}rPr/{W}ins") is not None}

    indemnity = next(v for k, v in inserted.items() if k.startswith("Contractor shall defend"))
    deletion = next(v for k, v in inserted.items() if k.startswith("Within fourteen"))
    assert indemnity == ("7.2", "c.")
    assert deletion == ("4.5", "4.4")
