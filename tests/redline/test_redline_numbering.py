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


def _formatting(rpr) -> list[bytes]:
    """The character formatting children of a w:rPr, without revisions, in order."""
    if rpr is None:
        return []
    skipped = {W + t for t in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "vanish")}
    return [etree.tostring(c, method="c14n") for c in rpr if c.tag not in skipped]


def test_inserted_clause_takes_the_anchor_marks_character_formatting():
    from redline_helpers import make_docx, redline_and_check

    from termscore.ooxml.newpara import mark_run_format
    from termscore.ooxml.revisions import InsertParagraphsEdit, NewParagraph

    # The mark carries another author's insertion and a hidden flag: neither is copied.
    body = ('<w:p><w:pPr><w:rPr><w:ins w:id="7" w:author="Ann" w:date="2026-01-01T00:00:00Z"/>'
            '<w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:vanish/><w:color w:val="1D2021"/>'
            '<w:sz w:val="16"/></w:rPr></w:pPr>'
            '<w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="16"/></w:rPr>'
            '<w:t>Provider may use Usage Data to improve the Services.</w:t></w:r></w:p>'
            '<w:p><w:r><w:t>Fees are due in 30 days.</w:t></w:r></w:p>')

    def edits(document):
        anchor = document.paragraphs[0]
        return [InsertParagraphsEdit(anchor, "after", [NewParagraph(
            "Provider shall delete Customer Data.", run_format=mark_run_format(anchor))],
            "insert", reason="Deletion")]

    outcome = redline_and_check(make_docx(body), edits)

    assert outcome.problems.items == []
    root = open_document(outcome.data).package.main_part.xml
    new = root.findall(f"{W}body/{W}p")[1]
    expected = [b'<w:rFonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
                b' w:ascii="Arial" w:hAnsi="Arial"></w:rFonts>',
                b'<w:color xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
                b' w:val="1D2021"></w:color>',
                b'<w:sz xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
                b' w:val="16"></w:sz>']
    run_format = new.find(f"{W}ins/{W}r/{W}rPr")
    assert [etree.tostring(c, method="c14n") for c in run_format] == expected
    mark = new.find(f"{W}pPr/{W}rPr")
    # CT_ParaRPr: our insertion first, then the copied formatting; nothing of Ann's.
    assert mark[0].tag == W + "ins" and mark[0].get(W + "author") == AUTHOR
    assert [etree.tostring(c, method="c14n") for c in mark[1:]] == expected


def test_inserted_clauses_of_a_real_contract_match_their_anchor():
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
        wanted = _formatting(anchor.find(f"{W}pPr/{W}rPr"))
        assert wanted, "the pilot agreement's clauses carry direct fonts on their marks"
        assert _formatting(paragraph.find(f"{W}pPr/{W}rPr")) == wanted
        for run in paragraph.iter(W + "r"):
            assert _formatting(run.find(W + "rPr")) == wanted
