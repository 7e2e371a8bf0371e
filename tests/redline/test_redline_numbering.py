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
