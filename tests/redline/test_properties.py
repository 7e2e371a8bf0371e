"""Property-based test: random paragraphs and random edits keep the tracked-change invariants.

Paragraphs mix runs with random splits and formatting, hyperlinks, bookmarks, complex and
simple fields, and other authors' insertions and deletions. Edits replace, delete or
insert at random offsets of the current text, and sometimes add a paragraph. Edits that
the writer refuses (cutting a field) are left out of the expected text.
"""

from __future__ import annotations

import os
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redline_helpers import make_docx, redline_and_check

from termscore.ooxml.revisions import (
    DeleteParagraphEdit, InsertParagraphsEdit, NewParagraph, ReplaceEdit,
)

WORDS = st.sampled_from(["data", "license", "Provider", "train", "model", "shall", "not",
                         "perpetual", "use", "Customer", "the", "any", "4.2", "(a)"])
FORMATS = st.sampled_from(["", "<w:b/>", "<w:i/>", "<w:u w:val=\"single\"/>",
                           "<w:b/><w:i/>", "<w:color w:val=\"FF0000\"/>"])


@st.composite
def text_piece(draw):
    words = draw(st.lists(WORDS, min_size=1, max_size=4))
    return " ".join(words) + draw(st.sampled_from(["", " ", ", ", ". "]))


def _run(text: str, fmt: str = "", tag: str = "t") -> str:
    rpr = f"<w:rPr>{fmt}</w:rPr>" if fmt else ""
    return f'<w:r>{rpr}<w:{tag} xml:space="preserve">{escape(text)}</w:{tag}></w:r>'


@st.composite
def segment(draw, ids):
    kind = draw(st.sampled_from(["run", "run", "run", "link", "bookmark", "field", "simple",
                                 "ins", "del", "tab"]))
    text = draw(text_piece())
    fmt = draw(FORMATS)
    if kind == "run":
        return _run(text, fmt)
    if kind == "tab":
        return "<w:r><w:tab/></w:r>"
    if kind == "link":
        second = draw(text_piece())
        return (f'<w:hyperlink w:anchor="b{next(ids)}">{_run(text, fmt)}'
                f'{_run(second, "<w:u w:val=\"single\"/>")}</w:hyperlink>')
    if kind == "bookmark":
        number = next(ids)
        return (f'<w:bookmarkStart w:id="{number}" w:name="m{number}"/>{_run(text, fmt)}'
                f'<w:bookmarkEnd w:id="{number}"/>')
    if kind == "field":
        return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                '<w:r><w:instrText xml:space="preserve"> REF _Ref1 \\h </w:instrText></w:r>'
                f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{_run(text, fmt)}'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    if kind == "simple":
        return f'<w:fldSimple w:instr=" DATE ">{_run(text, fmt)}</w:fldSimple>'
    attrs = f'w:id="{next(ids)}" w:author="Other" w:date="2025-06-01T00:00:00Z"'
    if kind == "ins":
        return f"<w:ins {attrs}>{_run(text, fmt)}{_run(draw(text_piece()))}</w:ins>"
    return f'<w:del {attrs}>{_run(text, fmt, "delText")}</w:del>'


@st.composite
def document_body(draw):
    counter = iter(range(1, 10_000))
    paragraphs = []
    for _ in range(draw(st.integers(1, 3))):
        segments = draw(st.lists(segment(counter), min_size=1, max_size=7))
        paragraphs.append("<w:p>" + "".join(segments) + "</w:p>")
    return "".join(paragraphs)


@st.composite
def edit_plan(draw):
    """Random choices turned into edits once the paragraph texts are known."""
    return draw(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 0.5),
                                   st.sampled_from(["replace", "delete", "insert", "para",
                                                    "delete-paragraph"]),
                                   text_piece()),
                         min_size=1, max_size=4))


def _edits(document, plan):
    edits = []
    taken: dict[int, list[tuple[int, int]]] = {}
    paragraphs = document.paragraphs
    for number, (where, length, kind, text) in enumerate(plan):
        paragraph = paragraphs[number % len(paragraphs)]
        size = len(paragraph.text)
        if kind == "para":
            edits.append(InsertParagraphsEdit(paragraph, "after", [NewParagraph(text)],
                                              f"p{number}"))
            continue
        if kind == "delete-paragraph":
            if id(paragraph) not in taken:
                taken[id(paragraph)] = [(0, size)]
                edits.append(DeleteParagraphEdit(paragraph, f"d{number}"))
            continue
        start = int(where * size)
        end = start if kind == "insert" else min(size, start + max(1, int(length * size)))
        if kind != "insert" and end <= start:
            continue
        spans = taken.setdefault(id(paragraph), [])
        if any(start <= b and a <= end for a, b in spans):
            continue
        spans.append((start, end))
        new = "" if kind == "delete" else text
        edits.append(ReplaceEdit(paragraph, start, end, new, f"e{number}"))
    return edits


# TERMSCORE_HYPOTHESIS_EXAMPLES raises the number of examples for a longer search.
@settings(max_examples=int(os.environ.get("TERMSCORE_HYPOTHESIS_EXAMPLES", "100")),
          deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(body=document_body(), plan=edit_plan())
def test_random_edits_keep_invariants(body, plan):
    data = make_docx(body)

    outcome = redline_and_check(data, lambda document: _edits(document, plan))

    assert outcome.problems.items == []
    for item in outcome.report.refused:
        assert "field" in item["reason"] or "overlaps" in item["reason"]
