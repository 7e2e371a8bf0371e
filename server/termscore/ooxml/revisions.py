"""Write edits on the text model as tracked changes (ECMA-376 Part 1 §17.13.5).

Edits are expressed on a paragraph's current view (every tracked change accepted), the
same offsets that the analysis layer reports. The character map of the paragraph
(``ParagraphSource.spans("current")``) gives the element behind each character. So a
replacement splits runs at exact offsets, wraps the removed runs in ``w:del`` (text in
``w:delText``), and adds the new text in a ``w:ins`` run that copies the replaced run's
formatting. Only the words that change are marked: ``termscore.textdiff`` turns one
replacement into several small ones.

Rules kept here:

* Other authors' revisions keep their author, date and id. Deleting text inside their
  ``w:ins`` nests our ``w:del`` inside it (``w:ins > w:del > w:r > w:delText``), as Word
  does. Inserting strictly inside their ``w:ins`` splits it in two with the same author
  and date, and the second part gets a fresh id, because two elements may not share an
  id. This is the one change we make to another author's markup.
* A ``w:ins`` is never placed inside another ``w:ins`` or a ``w:del``, and a ``w:del``
  never inside a ``w:del``.
* An edit that would cut a field (part of its result, or its instructions) is refused; a
  whole field inside a deletion is deleted with all its runs (``w:instrText`` becomes
  ``w:delInstrText``). Text in a locked content control is refused.
* Every new ``w:id`` is unique across the package (``termscore.ooxml.ids``).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime, timezone

from lxml import etree

from ..collector import collector_paused
from ..errors import EditRejectedError, InvalidRequestError
from ..results import Message
from ..textdiff import diff_words
from .ids import IdAllocator
from .newpara import PPR_ORDER
from .settings import enable_track_revisions
from .wml import is_w, local_name, qn, text_element, w_element, w_sub

DEFAULT_AUTHOR = "TermScore"

# Run children that yield one character of text in the view.
_ONE_CHAR = ("tab", "br", "cr", "sym", "noBreakHyphen", "softHyphen", "ptab")
# Elements between runs that may stay inside a w:del (EG_RangeMarkupElements and friends).
_RANGE_MARKUP = ("bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd",
                 "commentRangeStart", "commentRangeEnd", "moveFromRangeStart",
                 "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd")
# Containers a pure insertion at their outer edge is placed after rather than inside.
_INLINE_CONTAINERS = ("hyperlink", "smartTag", "customXml", "fldSimple")
_INSERTIONS = ("ins", "moveTo")


@dataclass
class NewParagraph:
    """A paragraph to insert: its text and the paragraph style and list numbering it takes.

    ``numbering`` is ``(num_id, level)`` or None. ``bold`` sets direct bold formatting on
    the text (used for an addendum heading when the document has no heading style).
    ``run_format`` is a ``w:rPr`` of character formatting (EG_RPrBase children only) that
    the text and the paragraph mark take, or None. ``properties`` are further CT_PPrBase
    elements (indents, spacing, alignment) in schema order, without pStyle and numPr.
    """

    text: str
    style: str | None = None
    numbering: tuple[int, int] | None = None
    bold: bool = False
    run_format: object = None
    properties: list = field(default_factory=list)


@dataclass
class ReplaceEdit:
    """Replace ``[start, end)`` of ``paragraph``'s current text with ``text`` ("" deletes)."""

    paragraph: object
    start: int
    end: int
    text: str
    key: str
    reason: str | None = None


@dataclass
class DeleteParagraphEdit:
    """Delete a whole paragraph: its text and its paragraph mark (§17.13.5.15).

    The mark of the last paragraph in its container (table cell, note, body before a
    section break) cannot be deleted in Word, so only its text is, with a warning.
    """

    paragraph: object
    key: str
    reason: str | None = None


@dataclass
class InsertParagraphsEdit:
    """Insert ``paragraphs`` ``before`` or ``after`` the ``anchor`` paragraph.

    With ``position="end"`` (and ``anchor`` None) the paragraphs go at the end of the
    main document body.
    """

    anchor: object
    position: str
    paragraphs: list[NewParagraph]
    key: str
    reason: str | None = None


@dataclass
class EditReport:
    """Outcome of ``apply_edits``: applied edit keys, refused ones with a reason, warnings.

    ``revisions`` counts the revision elements written (``w:ins``, ``w:del`` and
    tracked paragraph marks).
    """

    applied: list[str] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    revisions: int = 0


def format_date(date: datetime | str | None) -> str:
    """Return ``date`` as the ISO 8601 UTC form Word writes (``2026-01-31T12:00:00Z``)."""
    if date is None:
        date = datetime.now(timezone.utc)
    if isinstance(date, str):
        try:
            date = datetime.fromisoformat(date.replace("Z", "+00:00"))
        except ValueError as exc:
            raise InvalidRequestError(
                f"invalid revision date {date!r}; use ISO 8601, for example 2026-01-31T12:00:00Z"
            ) from exc
    if date.tzinfo is None:
        date = date.replace(tzinfo=timezone.utc)
    return date.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def apply_edits(document, edits, *, author: str = DEFAULT_AUTHOR, date=None,
                comments: bool = False, track_revisions: bool = True) -> EditReport:
    """Write ``edits`` into ``document.package`` as tracked changes; return what happened.

    An edit that cannot be written safely is refused with a reason and leaves the document
    untouched; the other edits still apply. Changed parts are marked dirty so that
    ``Package.to_bytes`` writes them.
    """
    if not author or not author.strip():
        raise InvalidRequestError("the revision author is empty; pass a name such as 'TermScore'")
    package = document.package
    if package is None:
        raise InvalidRequestError(
            f"{document.name or 'the document'} is {document.format}, not a Word package; "
            "tracked changes need a .docx or Flat OPC input"
        )
    with collector_paused():
        return _apply(document, package, edits, author, date, comments, track_revisions)


def _apply(document, package, edits, author, date, comments, track_revisions) -> EditReport:
    writer = _Writer(package, author=author, date=format_date(date), comments=comments)
    report = writer.report

    by_paragraph: dict[int, list[ReplaceEdit]] = {}
    inserts: list[InsertParagraphsEdit] = []
    marks: list[ReplaceEdit] = []
    for edit in edits:
        if isinstance(edit, DeleteParagraphEdit):
            edit = ReplaceEdit(edit.paragraph, 0, len(edit.paragraph.text), "", edit.key,
                               edit.reason)
            marks.append(edit)
        if isinstance(edit, ReplaceEdit):
            by_paragraph.setdefault(id(edit.paragraph), []).append(edit)
        elif isinstance(edit, InsertParagraphsEdit):
            inserts.append(edit)
        else:
            raise InvalidRequestError(f"unknown edit type {type(edit).__name__}")

    for paragraph_edits in by_paragraph.values():
        writer.replace_in_paragraph(paragraph_edits)
    for edit in marks:
        if id(edit) in writer.applied_edits:
            writer.delete_mark(edit.paragraph)
    for edit in inserts:
        writer.insert_paragraphs(document, edit)
    writer.move_anchor_marks()

    if report.applied and track_revisions:
        enable_track_revisions(package)
    return report


class _Writer:
    def __init__(self, package, *, author: str, date: str, comments: bool):
        self.package = package
        self.author = author
        self.date = date
        self.ids = IdAllocator.for_package(package)
        self.report = EditReport()
        self._last_inserted: dict[int, etree._Element] = {}
        # New paragraphs by element id, and the paragraphs new ones were placed after.
        # The list keeps the lxml proxies alive, so that their ids stay valid.
        self._new_ids: set[int] = set()
        self._new_elements: list[etree._Element] = []
        self._anchors: list[etree._Element] = []
        self.applied_edits: set[int] = set()
        self._comments = None
        if comments:
            from .comments import CommentWriter

            self._comments = CommentWriter(package, self.ids, author=author, date=date)

    # -- revision elements -------------------------------------------------------------

    def _revision(self, tag: str) -> etree._Element:
        self.report.revisions += 1
        return w_element(tag, {"w:id": self.ids.allocate(), "w:author": self.author,
                               "w:date": self.date})

    # -- replacements ------------------------------------------------------------------

    def replace_in_paragraph(self, edits: list[ReplaceEdit]) -> None:
        """Apply every replacement on one paragraph, right to left so offsets stay valid."""
        paragraph = edits[0].paragraph
        text = paragraph.text
        accepted: list[tuple[ReplaceEdit, list]] = []
        taken: list[tuple[int, int]] = []
        spans = paragraph.source.spans("current")

        for edit in sorted(edits, key=lambda e: (e.start, e.end)):
            try:
                _check_range(edit, text)
                if any(edit.start < end and start < edit.end or
                       (edit.start == edit.end and start < edit.start < end)
                       for start, end in taken):
                    raise EditRejectedError("it overlaps another change to the same paragraph")
                old = text[edit.start:edit.end]
                ops = [(edit.start + op.start, edit.start + op.end, op.text)
                       for op in diff_words(old, edit.text)]
                for start, end, _ in ops:
                    _check_op(spans, start, end)
            except EditRejectedError as exc:
                self.report.refused.append({"key": edit.key, "reason": exc.message})
                continue
            taken.append((edit.start, edit.end))
            accepted.append((edit, ops))

        for edit, ops in sorted(accepted, key=lambda pair: pair[0].start, reverse=True):
            changed = []
            for start, end, new_text in reversed(ops):
                changed.extend(self._replace(paragraph, spans, start, end, new_text))
            if changed and self._comments is not None and edit.reason:
                elements = _in_document_order(paragraph.source.element, changed)
                self._comments.add(elements[0], elements[-1], edit.reason)
            self.report.applied.append(edit.key)
            self.applied_edits.add(id(edit))
        if accepted:
            paragraph.source.part.mark_dirty()

    def _replace(self, paragraph, spans, start: int, end: int, new_text: str) -> list:
        """Write one minimal change; return the revision elements written."""
        written = []
        rpr_source = None
        anchor = None
        if start < end:
            runs = _isolate(spans, start, end, self.ids)
            runs = _with_whole_fields(spans, start, end, runs)
            rpr_source = runs[0]
            deletions = self._wrap_deleted(runs)
            written.extend(deletions)
            anchor = deletions[-1]
        elif start > 0:
            anchor = _run_ending_at(spans, start, self.ids)
            anchor = _outside_containers(anchor, spans, start)
            rpr_source = _last_run(anchor)
        if rpr_source is None and spans:
            rpr_source = spans[0].run if start == 0 else None

        if new_text:
            insertion = self._revision("w:ins")
            insertion.extend(_new_runs(new_text, _copy_rpr(rpr_source)))
            if anchor is not None:
                _place_after(anchor, insertion, self)
            elif spans:
                first = spans[0].node.getparent()
                _place_before(_outside_containers_before(first), insertion)
            else:
                paragraph.source.element.append(insertion)
            written.append(insertion)
        return written

    def _wrap_deleted(self, runs: list) -> list:
        """Wrap ``runs`` (in document order) in ``w:del`` elements, one per sibling group."""
        groups: list[list] = []
        for run in runs:
            if groups and _adjacent(groups[-1][-1], run):
                groups[-1].append(run)
            else:
                groups.append([run])
        deletions = []
        for group in groups:
            for run in group:
                _to_deleted_text(run)
            deletion = self._revision("w:del")
            group[0].addprevious(deletion)
            node = deletion.getnext()
            last = group[-1]
            while node is not None:
                following = node.getnext()
                deletion.append(node)
                if node is last:
                    break
                node = following
            deletions.append(deletion)
        return deletions

    def delete_mark(self, paragraph) -> None:
        """Track the deletion of a paragraph's mark (``w:pPr/w:rPr/w:del``)."""
        element = paragraph.source.element
        following = element.getnext()
        while following is not None and is_w(following, *_RANGE_MARKUP):
            following = following.getnext()
        if following is None or not is_w(following, "p"):
            self.report.warnings.append(Message(
                "paragraph_mark_kept",
                "the last paragraph of a table cell, note or section keeps its paragraph "
                "mark; only its text is deleted", f"{paragraph.part}:{paragraph.index}"))
            return
        mark = _mark_properties(element)
        # CT_ParaRPr begins with ins, del, moveFrom, moveTo, in that order.
        deletion = self._revision("w:del")
        insertion = mark.find(qn("w:ins"))
        if insertion is not None:
            insertion.addnext(deletion)
        else:
            mark.insert(0, deletion)
        paragraph.source.part.mark_dirty()

    # -- new paragraphs ----------------------------------------------------------------

    def insert_paragraphs(self, document, edit: InsertParagraphsEdit) -> None:
        try:
            if edit.position not in ("before", "after", "end"):
                raise EditRejectedError(f"unknown position {edit.position!r}; use before, after or end")
            if not edit.paragraphs:
                raise EditRejectedError("there are no paragraphs to insert")
            if edit.position == "end" or edit.anchor is None:
                body = _main_body(document.package)
                anchor_element = None
            else:
                anchor_element = edit.anchor.source.element
                locked = _locked_control(anchor_element)
                if locked is not None:
                    if edit.position == "before" or not is_w(locked.getparent(), "body", "tc"):
                        raise EditRejectedError("the paragraph is in a locked content control, so a "
                                       "new paragraph beside it would change the control; "
                                       "unlock it in Word or insert elsewhere")
                    # The new paragraph goes after the whole control, outside it.
                    anchor_element = locked
        except EditRejectedError as exc:
            self.report.refused.append({"key": edit.key, "reason": exc.message})
            return

        new = [self._new_paragraph(p) for p in edit.paragraphs]
        self._new_elements.extend(new)
        self._new_ids.update(id(p) for p in new)
        if anchor_element is None:
            section = body.find(qn("w:sectPr"))
            if section is not None and section.getparent() is not body:
                section = None
            last = _last_block(body)
            if last is not None and is_w(last, "p") and id(last) not in self._new_ids:
                self._anchors.append(last)
            for paragraph in new:
                if section is not None:
                    section.addprevious(paragraph)
                else:
                    body.append(paragraph)
            part = document.package.main_part
        elif edit.position == "after":
            # Several insertions after one anchor keep the order of the edits.
            after = self._last_inserted.get(id(anchor_element), anchor_element)
            if is_w(anchor_element, "p"):
                self._anchors.append(anchor_element)
            for paragraph in reversed(new):
                after.addnext(paragraph)
            self._last_inserted[id(anchor_element)] = new[-1]
            part = edit.anchor.source.part
        else:
            for paragraph in new:
                anchor_element.addprevious(paragraph)
            part = edit.anchor.source.part
        part.mark_dirty()
        before, following = _previous_block(new[0]), _next_block(new[-1])
        if not (before is not None and is_w(before, "p")) and \
                not (following is not None and is_w(following, "p")):
            # NOTE: with no paragraph on either side, no mark can be moved. This happens
            # after a block content control or a table at the end of the body or a cell,
            # and LibreOffice's Reject All then leaves the last new paragraph empty.
            self.report.warnings.append(Message(
                "empty_paragraph_on_reject",
                "the new paragraphs follow a content control or table at the end of their "
                "container; rejecting them may leave one empty paragraph there",
                edit.key))

        if self._comments is not None and edit.reason:
            first_run = new[0].find(qn("w:ins"))
            if first_run is not None:
                self._comments.add(first_run, first_run, edit.reason)
        self.report.applied.append(edit.key)

    def move_anchor_marks(self) -> None:
        """Track new paragraphs that end a container through the anchor's mark.

        A new paragraph is normally tracked through its own mark, so rejecting it joins
        its (then empty) content to the following paragraph. With no following
        paragraph (end of the body or of a table cell, or a table next), there is
        nothing to join and LibreOffice keeps an empty paragraph. Word writes that case
        the other way round: the anchor's own mark becomes the inserted one
        (``w:pPr/w:rPr/w:ins``, ECMA-376 Part 1 §17.13.5.16) and the last new paragraph
        takes the anchor's original mark. Rejecting then removes the new text and the
        inserted marks, and the anchor's text joins its own original mark again.
        """
        done: set[int] = set()
        for anchor in self._anchors:
            if id(anchor) in done:
                continue
            done.add(id(anchor))
            last = None
            node = _next_block(anchor)
            while node is not None and id(node) in self._new_ids:
                last = node
                node = _next_block(node)
            if last is None or (node is not None and is_w(node, "p")):
                continue
            anchor_ppr = anchor.find(qn("w:pPr"))
            if anchor_ppr is not None and anchor_ppr.find(qn("w:sectPr")) is not None:
                # NOTE: a section break on the anchor would move with its mark; that
                # case keeps the plain technique.
                self._warn_empty_on_reject(last)
                continue
            anchor_mark = anchor_ppr.find(qn("w:rPr")) if anchor_ppr is not None else None
            if anchor_mark is not None and any(
                    anchor_mark.find(qn("w:" + tag)) is not None
                    for tag in ("del", "moveFrom")):
                # NOTE: a mark another author deleted keeps the plain technique.
                self._warn_empty_on_reject(last)
                continue
            self._move_mark(anchor, last)

    def _warn_empty_on_reject(self, last) -> None:
        self.report.warnings.append(Message(
            "empty_paragraph_on_reject",
            "new paragraphs end their container after a paragraph whose mark cannot carry "
            "the insertion; rejecting them may leave one empty paragraph there",
            _paragraph_text_start(last)))

    def _move_mark(self, anchor, last) -> None:
        anchor_ppr = anchor.find(qn("w:pPr"))
        original = copy.deepcopy(anchor_ppr) if anchor_ppr is not None else w_element("w:pPr")
        original_mark = original.find(qn("w:rPr"))
        if original_mark is not None:
            original.remove(original_mark)
        # Another author's w:pPrChange describes the original mark's properties: it moves
        # with them.
        theirs = original.find(qn("w:pPrChange"))
        if theirs is not None:
            original.remove(theirs)

        # The last new paragraph gets the anchor's original mark: its properties, its
        # run properties, no insertion.
        last_ppr = last.find(qn("w:pPr"))
        last_mark = last_ppr.find(qn("w:rPr"))
        wanted = copy.deepcopy(last_ppr)
        wanted.remove(wanted.find(qn("w:rPr")))
        change = None
        if theirs is not None or _properties_equal(wanted, _subset_like(original, wanted)):
            # Same style and numbering as the anchor: take all of the anchor's
            # properties, so nothing differs after rejection and no format change is needed.
            # Also when another author's w:pPrChange moves here, because a paragraph can
            # have only one.
            replacement = copy.deepcopy(original)
        else:
            # Other formatting (an addendum heading): keep it, and record the anchor's
            # properties in w:pPrChange (§17.13.5.29) so rejecting restores them.
            replacement = wanted
            change = self._revision("w:pPrChange")
            old = w_sub(change, "w:pPr")
            for child in original:
                old.append(copy.deepcopy(child))
        # CT_PPr: the paragraph properties, then rPr, sectPr, pPrChange.
        if original_mark is not None:
            replacement.append(original_mark)
        if change is not None:
            replacement.append(change)
        if theirs is not None:
            replacement.append(theirs)
            for own in anchor_ppr.findall(qn("w:pPrChange")):
                anchor_ppr.remove(own)
        last.replace(last_ppr, replacement)

        # The anchor's mark becomes the inserted one.
        mark = _mark_properties(anchor)
        # Another author's revision of the original mark moved to the last new paragraph.
        # Ids are unique, so the mark left here drops it.
        for revision in mark.findall(qn("w:ins")) + mark.findall(qn("w:moveTo")) + \
                mark.findall(qn("w:rPrChange")):
            mark.remove(revision)
        # CT_ParaRPr begins with ins, del, moveFrom, moveTo, in that order.
        mark.insert(0, last_mark.find(qn("w:ins")))

    def _new_paragraph(self, spec: NewParagraph) -> etree._Element:
        """Build a ``w:p`` whose content and paragraph mark are tracked insertions.

        The paragraph mark's insertion is ``w:pPr/w:rPr/w:ins`` (ECMA-376 Part 1
        §17.13.5.16); pPr children follow CT_PPrBase order (pStyle, numPr, ..., rPr).
        """
        paragraph = w_element("w:p")
        ppr = w_sub(paragraph, "w:pPr")
        if spec.style:
            w_sub(ppr, "w:pStyle", {"w:val": spec.style})
        if spec.numbering is not None:
            num_id, level = spec.numbering
            numpr = w_sub(ppr, "w:numPr")
            w_sub(numpr, "w:ilvl", {"w:val": str(level)})
            w_sub(numpr, "w:numId", {"w:val": str(num_id)})
        for extra in spec.properties:
            # Keep CT_PPrBase order: the extra goes before the first child ranked after it.
            rank = PPR_ORDER.get(extra.tag, len(PPR_ORDER))
            later = next((c for c in ppr if PPR_ORDER.get(c.tag, len(PPR_ORDER)) > rank), None)
            if later is None:
                ppr.append(copy.deepcopy(extra))
            else:
                later.addprevious(copy.deepcopy(extra))
        mark = w_sub(ppr, "w:rPr")
        mark.append(self._revision("w:ins"))
        # CT_ParaRPr (§17.3.1.29): the mark's revision comes before its formatting.
        formatting = list(spec.run_format) if spec.run_format is not None else []
        mark.extend(copy.deepcopy(child) for child in formatting)
        if spec.text:
            rpr = None
            if formatting or spec.bold:
                rpr = w_element("w:rPr")
                rpr.extend(copy.deepcopy(child) for child in formatting
                           if not (spec.bold and is_w(child, "b")))
                if spec.bold:
                    # CT_RPr order (§17.3.2.28): rStyle and rFonts come before b.
                    leading = sum(1 for child in rpr if is_w(child, "rStyle", "rFonts"))
                    rpr.insert(leading, w_element("w:b"))
            insertion = self._revision("w:ins")
            insertion.extend(_new_runs(spec.text, rpr))
            paragraph.append(insertion)
        return paragraph


# -- checks -------------------------------------------------------------------------------

def _check_range(edit: ReplaceEdit, text: str) -> None:
    if not 0 <= edit.start <= edit.end <= len(text):
        raise EditRejectedError(f"the range [{edit.start}, {edit.end}) is outside the paragraph's "
                       f"{len(text)} characters")


def _check_op(spans, start: int, end: int) -> None:
    if start < end:
        inside = [s for s in spans if s.start < end and start < s.end]
        for span in inside:
            _check_editable(span)
            if span.locked:
                raise EditRejectedError("the text is in a locked content control, which the document "
                               "protects from edits; unlock it in Word to change it")
        for fld in {id(s.field): s.field for s in inside if s.field is not None}.values():
            covered = all(start <= s.start and s.end <= end for s in spans if s.field is fld)
            if not covered:
                raise EditRejectedError("the change would cut a field (its result would be partly "
                               "edited); edit the text around the field instead")
            if not _is_simple_field(fld) and _field_runs(fld) is None:
                raise EditRejectedError("the field to delete spans several containers")
        return
    before = _span_at(spans, start - 1) if start > 0 else None
    after = _span_at(spans, start)
    for span in (before, after):
        if span is not None:
            _check_editable(span)
        if span is not None and span.locked:
            raise EditRejectedError("the text is in a locked content control, which the document "
                           "protects from edits; unlock it in Word to change it")
    if before is not None and after is not None and before.field is not None \
            and before.field is after.field:
        raise EditRejectedError("the insertion point is inside a field result; insert before or "
                       "after the field")


def _locked_control(element):
    """Return the outermost block-level ``w:sdt`` around ``element`` whose content is
    locked (``w:lock``, ECMA-376 Part 1 §17.5.2.23), or None."""
    found = None
    node = element.getparent()
    while node is not None:
        if is_w(node, "sdtContent"):
            lock = node.getparent().find(qn("w:sdtPr") + "/" + qn("w:lock"))
            if lock is not None and lock.get(qn("w:val")) in ("contentLocked",
                                                               "sdtContentLocked"):
                found = node.getparent()
        node = node.getparent()
    return found


def _check_editable(span) -> None:
    if not is_w(span.node.getparent(), "r"):
        raise EditRejectedError("the text is not in a plain run (an equation, or an alternate-content "
                       "branch), which TermScore does not edit")


# -- span and run helpers ----------------------------------------------------------------

def _span_at(spans, offset: int):
    for span in spans:
        if span.start <= offset < span.end:
            return span
    return None


def _node_length(node) -> int:
    if is_w(node, "t", "delText", "instrText", "delInstrText"):
        return len(node.text or "")
    return 1


def _is_text_bearing(child) -> bool:
    return is_w(child, "t", *_ONE_CHAR) and not (is_w(child, "t") and not child.text)


def _split_run(run, node, index: int, ids: IdAllocator):
    """Split ``run`` before character ``index`` of child ``node``.

    The left part stays in ``run``, so elements to the left keep their identity. The
    right part moves to a new run after it, with a copy of the run's attributes and rPr.
    Returns the run holding the right part, or None when nothing is right of the cut.
    A formatting revision (``w:rPrChange``) in the copied rPr gets a fresh id, because
    ids must stay unique; its author, date and old properties are copied unchanged.
    """
    children = list(run)
    position = children.index(node)
    length = _node_length(node)
    left_has_text = any(_is_text_bearing(c) for c in children[:position]) or index > 0
    right_has_text = any(_is_text_bearing(c) for c in children[position + 1:]) or index < length
    if not right_has_text:
        return None
    if not left_has_text:
        return run

    right = etree.Element(run.tag, attrib=dict(run.attrib), nsmap=run.nsmap)
    rpr = run.find(qn("w:rPr"))
    if rpr is not None:
        rpr = copy.deepcopy(rpr)
        for change in rpr.iter(qn("w:rPrChange")):
            change.set(qn("w:id"), ids.allocate())
        right.append(rpr)
    if 0 < index < length:
        tail_text = node.text[index:]
        node.text = node.text[:index]
        if node.text != node.text.strip():
            node.set(qn("xml:space"), "preserve")
        right.append(text_element("w:" + local_name(node), tail_text))
        moving = children[position + 1:]
    elif index == 0:
        moving = children[position:]
    else:
        moving = children[position + 1:]
    for child in moving:
        right.append(child)
    run.addnext(right)
    return right


def _isolate(spans, start: int, end: int, ids: IdAllocator) -> list:
    """Split runs so that ``[start, end)`` is exactly covered by whole runs; return them."""
    last = _span_at(spans, end - 1)
    _split_run(last.node.getparent(), last.node, last.node_offset + end - last.start, ids)

    first = _span_at(spans, start)
    index = first.node_offset + start - first.start
    split_node = first.node
    first_run = _split_run(first.node.getparent(), first.node, index, ids)
    moved_node = index > 0 and first_run is not first.node.getparent()

    runs = []
    for span in spans:
        if span.start >= end or span.end <= start:
            continue
        if moved_node and span.node is split_node:
            run = first_run
        else:
            run = span.node.getparent()
        if not runs or runs[-1] is not run:
            if run not in runs:
                runs.append(run)
    return runs


def _with_whole_fields(spans, start: int, end: int, runs: list) -> list:
    """Add the begin/instruction/separate/end runs of complex fields wholly in the range."""
    extra = []
    fields = {id(s.field): s.field for s in spans
              if s.field is not None and s.start < end and start < s.end}
    for fld in fields.values():
        if _is_simple_field(fld):
            continue
        extra.extend(_field_runs(fld) or [])
    if not extra:
        return runs
    known = {id(r) for r in runs}
    merged = runs + [r for r in extra if id(r) not in known]
    paragraph = _paragraph_of(merged[0])
    return _in_document_order(paragraph, merged)


def _field_element(fld):
    for name in ("element", "begin", "node"):
        value = getattr(fld, name, None)
        if value is not None and isinstance(getattr(value, "tag", None), str):
            return value
    return fld


def _is_simple_field(fld) -> bool:
    return is_w(_field_element(fld), "fldSimple")


def _field_runs(fld):
    """Return the sibling runs from a complex field's begin to its matching end, or None."""
    begin = _field_element(fld)
    run = begin if is_w(begin, "r") else begin.getparent()
    runs = [run]
    depth = 0
    node = run
    while node is not None:
        if is_w(node, "r"):
            for char in node.iter(qn("w:fldChar")):
                kind = char.get(qn("w:fldCharType"))
                if kind == "begin":
                    depth += 1
                elif kind == "end":
                    depth -= 1
            if node is not run:
                runs.append(node)
            if depth == 0:
                return runs
        elif not is_w(node, *_RANGE_MARKUP):
            return None
        node = node.getnext()
    return None


def _run_ending_at(spans, offset: int, ids: IdAllocator):
    """Return the run whose text ends exactly at ``offset`` (splitting one if needed)."""
    span = _span_at(spans, offset - 1)
    run = span.node.getparent()
    _split_run(run, span.node, span.node_offset + offset - span.start, ids)
    return run


def _outside_containers(anchor, spans, offset: int):
    """Move a pure insertion's anchor out of a container or field that ends at ``offset``."""
    before = _span_at(spans, offset - 1)
    after = _span_at(spans, offset)
    if before.field is not None and (after is None or after.field is not before.field):
        if _is_simple_field(before.field):
            return _field_element(before.field)
        runs = _field_runs(before.field)
        if runs:
            anchor = runs[-1]
    while True:
        parent = anchor.getparent()
        if not is_w(parent, *_INLINE_CONTAINERS):
            return anchor
        if after is not None and _is_ancestor(parent, after.node):
            return anchor
        anchor = parent


def _outside_containers_before(run):
    while is_w(run.getparent(), *_INLINE_CONTAINERS, *_INSERTIONS) and \
            _first_content(run.getparent()) is run:
        run = run.getparent()
    return run


def _first_content(parent):
    for child in parent:
        if not is_w(child, "rPr", "pPr", "hyperlinkPr", *_RANGE_MARKUP):
            return child
    return None


def _is_ancestor(ancestor, node) -> bool:
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


def _last_run(element):
    if is_w(element, "r"):
        return element
    runs = list(element.iter(qn("w:r")))
    return runs[-1] if runs else None


def _adjacent(left, right) -> bool:
    if left.getparent() is not right.getparent():
        return False
    node = left.getnext()
    while node is not None and node is not right:
        if not is_w(node, *_RANGE_MARKUP):
            return False
        node = node.getnext()
    return node is right


def _to_deleted_text(run) -> None:
    """Turn a run's text into deleted text (ECMA-376 Part 1 §17.3.3.7, §17.16.13)."""
    for child in run:
        if is_w(child, "t"):
            child.tag = qn("w:delText")
        elif is_w(child, "instrText"):
            child.tag = qn("w:delInstrText")


def _copy_rpr(run):
    if run is None:
        return None
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        return None
    rpr = copy.deepcopy(rpr)
    # A formatting revision belongs to the run it was made on; copying it would also
    # duplicate its id.
    for change in rpr.findall(qn("w:rPrChange")):
        rpr.remove(change)
    for mark in rpr.findall(qn("w:ins")) + rpr.findall(qn("w:del")):
        rpr.remove(mark)
    return rpr


def _mark_properties(paragraph: etree._Element) -> etree._Element:
    """Return the ``w:pPr/w:rPr`` of a paragraph's mark, creating both where missing."""
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = w_element("w:pPr")
        paragraph.insert(0, ppr)
    mark = ppr.find(qn("w:rPr"))
    if mark is None:
        # CT_PPr (§17.3.1.26): the paragraph properties, then rPr, sectPr and pPrChange.
        mark = w_element("w:rPr")
        later = [c for c in ppr if is_w(c, "sectPr", "pPrChange")]
        if later:
            later[0].addprevious(mark)
        else:
            ppr.append(mark)
    return mark


def _new_runs(text: str, rpr) -> list:
    """Build runs for ``text``: tabs become ``w:tab``, line breaks ``w:br``."""
    run = w_element("w:r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    buffer = []
    for char in text:
        if char in "\t\n\v":
            if buffer:
                run.append(text_element("w:t", "".join(buffer)))
                buffer = []
            run.append(w_element("w:tab" if char == "\t" else "w:br"))
        else:
            buffer.append(char)
    if buffer:
        run.append(text_element("w:t", "".join(buffer)))
    return [run]


def _place_after(anchor, element, writer: _Writer) -> None:
    """Insert ``element`` after ``anchor``, never inside another author's insertion.

    When the anchor is the last content of a ``w:ins``/``w:moveTo``, the new element goes
    after that wrapper. When content follows inside it, the wrapper is split in two: the
    second part keeps every attribute except ``w:id``, which must be unique.
    """
    parent = anchor.getparent()
    while is_w(parent, *_INSERTIONS, "del", "moveFrom"):
        following = [n for n in _siblings_after(anchor) if not is_w(n, *_RANGE_MARKUP)]
        if following:
            second = etree.Element(parent.tag, attrib=dict(parent.attrib), nsmap=parent.nsmap)
            second.set(qn("w:id"), writer.ids.allocate())
            for node in list(_siblings_after(anchor)):
                second.append(node)
            parent.addnext(second)
            writer.report.warnings.append(Message(
                "revision_split",
                f"the tracked insertion by {parent.get(qn('w:author'))!r} was split in two "
                f"to insert text inside it; its second part has the new id {second.get(qn('w:id'))}",
            ))
        anchor = parent
        parent = anchor.getparent()
    anchor.addnext(element)


def _place_before(anchor, element) -> None:
    anchor.addprevious(element)


def _siblings_after(node):
    sibling = node.getnext()
    while sibling is not None:
        yield sibling
        sibling = sibling.getnext()


def _paragraph_of(element):
    while element is not None and not is_w(element, "p"):
        element = element.getparent()
    return element


def _in_document_order(root, elements: list) -> list:
    order = {id(e): i for i, e in enumerate(root.iter())}
    return sorted(elements, key=lambda e: order.get(id(e), -1))


def _next_block(element):
    """Return the next sibling that is not range markup (bookmarks, comment ranges)."""
    node = element.getnext()
    while node is not None and is_w(node, *_RANGE_MARKUP):
        node = node.getnext()
    return node


def _paragraph_text_start(paragraph, length: int = 40) -> str:
    text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
    return text[:length]


def _previous_block(element):
    """Return the previous sibling that is not range markup."""
    node = element.getprevious()
    while node is not None and is_w(node, *_RANGE_MARKUP):
        node = node.getprevious()
    return node


def _last_block(body):
    """Return the body's last block-level child before its final ``w:sectPr``."""
    for child in reversed(body):
        if is_w(child, "sectPr", *_RANGE_MARKUP) or not isinstance(child.tag, str):
            continue
        return child
    return None


def _subset_like(original, wanted):
    """Return the children of ``original`` with the same tags as those of ``wanted``."""
    tags = {child.tag for child in wanted}
    subset = w_element("w:pPr")
    for child in original:
        if child.tag in tags:
            subset.append(copy.deepcopy(child))
    return subset


def _properties_equal(left, right) -> bool:
    """Compare two elements by tag, attributes and children (namespace declarations aside)."""
    if left.tag != right.tag or dict(left.attrib) != dict(right.attrib) or \
            len(left) != len(right):
        return False
    return all(_properties_equal(a, b) for a, b in zip(left, right))


def _main_body(package):
    root = package.main_part.xml
    body = root.find(qn("w:body"))
    if body is None:
        raise EditRejectedError("the main document has no w:body")
    return body


__all__ = ["NewParagraph", "ReplaceEdit", "DeleteParagraphEdit", "InsertParagraphsEdit", "EditReport", "apply_edits",
           "format_date", "DEFAULT_AUTHOR"]
