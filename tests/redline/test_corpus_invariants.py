"""Invariants on every Word file of the corpus, with generated edits in every story.

For each story part the edits replace a few words in one paragraph, delete a span in
another, delete a whole paragraph, and insert a paragraph after a fourth, choosing paragraphs at the start, middle
and end of the story. Edits the writer refuses (locked controls, cut fields) are left out
of the expected text. The rest must satisfy every invariant.
"""

from __future__ import annotations

import pytest

from redline_helpers import CORPUS, redline_and_check

from termscore.ooxml.revisions import (
    DeleteParagraphEdit, InsertParagraphsEdit, NewParagraph, ReplaceEdit,
)

pytestmark = pytest.mark.corpus

_FOLDERS = ("wordfiles", "contracts", "redline-fixtures", "bugcases")
_BROKEN = {"tika-truncated-corrupt.docx", "BR-25.docx", "BR-29.docx", "BR-30.docx"}


def _inputs():
    if CORPUS is None:
        return []
    out = []
    for folder in _FOLDERS:
        base = CORPUS / folder
        if not base.is_dir():
            continue
        for path in sorted(base.iterdir()):
            if path.suffix in (".docx", ".docm", ".dotx") or (
                    path.suffix == ".xml" and folder in ("bugcases", "redline-fixtures")):
                if path.name not in _BROKEN:
                    out.append(path)
    return out


INPUTS = _inputs()


def generated_edits(document) -> list:
    """Replace, delete and insert in every story part, at fixed, spread-out paragraphs."""
    by_part: dict = {}
    for paragraph in document.paragraphs:
        if paragraph.story == "comment" or len(paragraph.text.strip()) < 12:
            continue
        # A paragraph joined with its neighbour through a tracked paragraph mark has
        # offsets over several w:p elements, which the expected-text helper cannot map.
        if len(paragraph.source.elements("current")) > 1 or \
                len(paragraph.source.elements("original")) > 1:
            continue
        by_part.setdefault((paragraph.story, paragraph.part), []).append(paragraph)
    edits = []
    for (story, part), paragraphs in by_part.items():
        first, middle, last = paragraphs[0], paragraphs[len(paragraphs) // 2], paragraphs[-1]
        words = _word_range(first.text, 1, 2)
        if words:
            edits.append(ReplaceEdit(first, *words, "replaced words", f"{story}:{part}:replace"))
        if middle is not first:
            words = _word_range(middle.text, 2, 1)
            if words:
                edits.append(ReplaceEdit(middle, *words, "", f"{story}:{part}:delete"))
        quarter = paragraphs[len(paragraphs) // 4]
        # A paragraph anchoring a text box contains paragraphs of its own, whose joining on
        # acceptance the expected-text helper does not model.
        nested = sum(1 for _ in quarter.source.element.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")) > 1
        if quarter is not first and quarter is not middle and len(paragraphs) > 4 and \
                not nested:
            edits.append(DeleteParagraphEdit(quarter, f"{story}:{part}:delete-paragraph"))
        if last is not first and last is not middle:
            edits.append(InsertParagraphsEdit(last, "after",
                                              [NewParagraph("A generated paragraph.")],
                                              f"{story}:{part}:insert"))
    return edits


def _word_range(text: str, skip: int, count: int):
    """Return the offsets of ``count`` words after the first ``skip`` words, or None."""
    import re

    words = [m.span() for m in re.finditer(r"\w+", text)]
    if len(words) < skip + count:
        return None
    return words[skip][0], words[skip + count - 1][1]


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_generated_edits_keep_invariants(path):
    outcome = redline_and_check(path.read_bytes(), generated_edits, name=path.name)

    assert outcome.problems.items == []
