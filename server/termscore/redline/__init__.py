"""Turn chosen findings into tracked changes, and write the AI-training addendum.

This layer works on findings (their location and suggestion) and the text model. The
XML work happens in ``termscore.ooxml.revisions``. Public functions:

- ``redline_document(document, findings, ...)``: apply each finding's suggestion;
- ``append_addendum(document, paragraphs, ...)``: add the addendum at the end, tracked;
- ``build_addendum_docx(paragraphs)``: a standalone addendum document.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field

from ..errors import InvalidRequestError
from ..ooxml.revisions import (
    DEFAULT_AUTHOR, DeleteParagraphEdit, InsertParagraphsEdit, NewParagraph, ReplaceEdit,
    apply_edits,
)
from ..results import Message
from .addendum import addendum_paragraphs, build_addendum_docx

__all__ = ["RedlineResult", "redline_document", "append_addendum", "build_addendum_docx",
           "findings_to_edits"]


@dataclass
class RedlineResult:
    """The redlined document's bytes, in the input's format, and what was done.

    ``refused`` lists ``{"finding": id, "reason": text}`` for suggestions not written;
    ``revisions`` counts the tracked changes written.
    """

    data: bytes
    format: str
    applied: list[str] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    revisions: int = 0

    def to_dict(self) -> dict:
        return {"format": self.format, "applied": list(self.applied),
                "refused": list(self.refused), "revisions": self.revisions,
                "warnings": [w.to_dict() for w in self.warnings]}


def _get(obj, key, default=None):
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _find_paragraph(document, location):
    story = _get(location, "story")
    part = _get(location, "part")
    index = _get(location, "index")
    if index is None:
        return None
    for paragraph in document.paragraphs:
        if paragraph.index == index and paragraph.part == part and \
                (story is None or paragraph.story == story):
            return paragraph
    return None


def _locate_span(paragraph, location) -> tuple[int, int]:
    """Return the finding's offsets, checked against its quote; search the quote if moved."""
    start, end = _get(location, "start"), _get(location, "end")
    quote = _get(location, "quote")
    text = paragraph.text
    if start is not None and end is not None and 0 <= start <= end <= len(text):
        if not quote or text[start:end] == quote:
            return start, end
    if quote:
        found = text.find(quote)
        if found >= 0 and text.find(quote, found + 1) < 0:
            return found, found + len(quote)
    raise _Skip("the quoted text is no longer at the reported place in the paragraph; "
                "run the audit again on this version of the document")


class _Skip(Exception):
    pass


# How far back a sub-item's clause heading is looked for; a clause has fewer items.
_MAX_CLAUSE_ITEMS = 60
# Labels of a clause's items rather than of a clause: "(c)", "c.", "(iv)", "(2)", a bullet.
# A numbered clause such as "4.4" is itself the clause a new one goes beside.
_SUB_ITEM_LABEL = re.compile(
    r"^\(?(?:[a-z]{1,2}|[ivxlc]{1,6}|[A-Z]|\d{1,2})\)$|^(?:[a-z]|[ivxlc]{1,6}|[A-Z])\.$|^\W$")


def _clause_head(document, paragraph):
    """Return the paragraph a new clause after ``paragraph`` should be formatted like.

    After the last sub-item of a clause ("(c)" under "7.1"), the new clause is a sibling of
    the clause, not a fourth item. So it takes the list level and formatting of the nearest
    earlier paragraph of the same part at a lower list level. A numbered clause ("4.4")
    and anything else formats like itself.
    """
    if paragraph.level is None or paragraph.source is None \
            or not _SUB_ITEM_LABEL.match(paragraph.label.strip()):
        return paragraph
    story = [p for p in document.paragraphs
             if p.story == paragraph.story and p.part == paragraph.part]
    position = next((i for i, p in enumerate(story) if p is paragraph), None)
    if position is None:
        return paragraph
    for candidate in reversed(story[max(0, position - _MAX_CLAUSE_ITEMS):position]):
        if candidate.level is not None and candidate.level < paragraph.level \
                and candidate.source is not None:
            return candidate
        if candidate.heading_level is not None and candidate.level is None:
            break  # a heading outside the list ends the clause
    return paragraph


def findings_to_edits(document, findings) -> tuple[list, list[dict]]:
    """Turn findings into edits; return the edits and the findings that cannot be edited."""
    from ..ooxml.newpara import anchor_paragraph_properties, anchor_run_format, paragraph_format

    edits = []
    refused = []
    given = {_get(finding, "id") for finding in findings}
    for finding in findings:
        finding_id = _get(finding, "id") or "finding"
        location = _get(finding, "location") or {}
        suggestion = _get(finding, "suggestion") or {}
        action = _get(suggestion, "action")
        text = _get(suggestion, "text") or ""
        reason = _get(finding, "title") or _get(finding, "explanation")
        if action == "none":
            # The finding shares the edit of the finding its suggestion names.
            primary = _get(suggestion, "see")
            if primary not in given:
                refused.append({"finding": finding_id,
                                "reason": f"this finding shares the edit of {primary}; "
                                          f"select {primary} to apply it"})
            continue
        try:
            paragraph = _find_paragraph(document, location)
            if action in ("replace", "delete"):
                if paragraph is None:
                    raise _Skip("the finding names no paragraph of this document")
                start, end = _locate_span(paragraph, location)
                if action == "delete" and start == 0 and end == len(paragraph.text):
                    # Deleting all of a paragraph's text deletes the paragraph, mark and all.
                    edits.append(DeleteParagraphEdit(paragraph, finding_id, reason))
                    continue
                new_text = text if action == "replace" else ""
                edits.append(ReplaceEdit(paragraph, start, end, new_text, finding_id, reason))
            elif action == "insert":
                if not text.strip():
                    raise _Skip("the suggestion has no text to insert")
                position = _get(suggestion, "position") or "after"
                if paragraph is None or position == "end":
                    edits.append(InsertParagraphsEdit(None, "end", [NewParagraph(text)],
                                                      finding_id, reason))
                else:
                    model = _clause_head(document, paragraph) if position == "after" else paragraph
                    style, numbering = paragraph_format(model)
                    edits.append(InsertParagraphsEdit(
                        paragraph, position,
                        [NewParagraph(text, style, numbering,
                                      run_format=anchor_run_format(model),
                                      properties=anchor_paragraph_properties(model))],
                        finding_id, reason))
            else:
                raise _Skip(f"unknown suggestion action {action!r}; expected replace, delete "
                            "or insert")
        except _Skip as exc:
            refused.append({"finding": finding_id, "reason": str(exc)})
    return edits, refused


def _require_package(document) -> None:
    if document.package is None:
        raise InvalidRequestError(
            f"{document.name or 'the document'} is {document.format}; tracked changes need a "
            ".docx or Flat OPC input. Save it from Word as .docx and try again"
        )


def redline_document(document, findings, *, author: str = DEFAULT_AUTHOR, date=None,
                     comments: bool = False) -> RedlineResult:
    """Write each finding's suggestion into ``document`` as tracked changes.

    Findings are audit-result dicts (or objects with the same attributes). A suggestion
    that cannot be written safely (locked control, a cut field, text that moved) is
    listed in ``refused`` with the reason; the others are applied. The output has the
    input's format (.docx zip or Flat OPC).
    """
    _require_package(document)
    edits, refused = findings_to_edits(document, findings)
    report = apply_edits(document, edits, author=author, date=date, comments=comments)
    refused.extend({"finding": item["key"], "reason": item["reason"]}
                   for item in report.refused)
    return RedlineResult(document.package.to_bytes(), document.package.source_format,
                         list(report.applied), refused, list(report.warnings),
                         report.revisions)


def append_addendum(document, paragraphs, *, author: str = DEFAULT_AUTHOR,
                    date=None) -> RedlineResult:
    """Append the addendum ``paragraphs`` at the end of the body as one tracked insertion.

    ``paragraphs`` are ``{text, role, level, number}`` dicts from
    ``termscore.clauses.render_addendum``. Headings use the document's "Heading 1"/"Heading
    2" styles when it has them, else direct bold formatting; clauses are numbered through
    a new list definition.
    """
    _require_package(document)
    new = addendum_paragraphs(document.package, paragraphs)
    edit = InsertParagraphsEdit(None, "end", new, "addendum")
    report = apply_edits(document, [edit], author=author, date=date)
    refused = [{"finding": item["key"], "reason": item["reason"]} for item in report.refused]
    return RedlineResult(document.package.to_bytes(), document.package.source_format,
                         list(report.applied), refused, list(report.warnings),
                         report.revisions)
