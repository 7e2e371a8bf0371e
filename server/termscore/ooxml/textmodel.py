"""How WordprocessingML becomes text: the one place that decides it.

A story (body, header, footer, note, comment, text box) is walked once, in document
order, with ``iterchildren``-style loops. Each ``w:p`` yields *segments*: a piece of text,
the element it comes from and where it sits (run, revision, field, container, lock).
Two views are built from the same segments:

- current: every tracked change accepted. Text inside ``w:del``/``w:moveFrom`` is left
  out, whatever element contains it, because the content of ``w:del`` is deleted
  content (ECMA-376 Part 1, 17.13.5.14);
- original: every tracked change rejected. Text inside ``w:ins``/``w:moveTo`` is left
  out and ``w:delText`` counts.

How each element becomes text (ECMA-376 Part 1, 17.3.3):

====================  ======================================================
``w:t``, ``w:delText``  its text
``w:tab``, ``w:ptab``   "\\t"
``w:br``, ``w:cr``      "\\n" (line, page and column breaks alike)
``w:sym``               the character ``w:char`` names, as Word stores it (a
                        Symbol-font character keeps its U+F0xx code point)
``w:noBreakHyphen``     U+2011 NON-BREAKING HYPHEN
``w:softHyphen``        U+00AD SOFT HYPHEN
``w:instrText``         nothing: field codes are not text, only field results
``m:t`` (math)          its text, with a ``math_as_text`` warning
====================  ======================================================

Paragraph marks: a paragraph whose mark is tracked as deleted (``w:pPr/w:rPr/w:del``,
17.13.5.15) joins the following paragraph in the current view. The *following*
paragraph receives the joined text, because its mark, and so its properties and list
label, is the one that survives in Word. The joined paragraph keeps its index and gets
empty text in that view, with ``merged_into`` naming the receiving paragraph. An
inserted mark (``w:pPr/w:rPr/w:ins``) joins the paragraphs the same way in the original
view. Joining happens only between neighbours in the same container (table cell, text
box, note): Word never joins a paragraph into a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from lxml import etree

from . import namespaces as ns
from .namespaces import qn

VIEWS = ("current", "original")

_W = "{%s}" % ns.W
T = _W + "t"
DEL_TEXT = _W + "delText"
R = _W + "r"
P = _W + "p"
PPR = _W + "pPr"
RPR = _W + "rPr"
TAB = _W + "tab"
PTAB = _W + "ptab"
BR = _W + "br"
CR = _W + "cr"
SYM = _W + "sym"
NO_BREAK_HYPHEN = _W + "noBreakHyphen"
SOFT_HYPHEN = _W + "softHyphen"
FLD_CHAR = _W + "fldChar"
FLD_SIMPLE = _W + "fldSimple"
INS = _W + "ins"
DEL = _W + "del"
MOVE_FROM = _W + "moveFrom"
MOVE_TO = _W + "moveTo"
HYPERLINK = _W + "hyperlink"
SMART_TAG = _W + "smartTag"
CUSTOM_XML = _W + "customXml"
SDT = _W + "sdt"
SDT_PR = _W + "sdtPr"
SDT_CONTENT = _W + "sdtContent"
LOCK = _W + "lock"
DIR = _W + "dir"
BDO = _W + "bdo"
TBL = _W + "tbl"
TR = _W + "tr"
TR_PR = _W + "trPr"
TC = _W + "tc"
TXBX_CONTENT = _W + "txbxContent"
DRAWING = _W + "drawing"
PICT = _W + "pict"
OBJECT = _W + "object"
RUBY = _W + "ruby"
RUBY_BASE = _W + "rubyBase"
ALT_CHUNK = _W + "altChunk"
SECT_PR = _W + "sectPr"
SUB_DOC = _W + "subDoc"
P_STYLE = _W + "pStyle"
OUTLINE_LVL = _W + "outlineLvl"
W_VAL = _W + "val"
W_CHAR = _W + "char"
W_FLD_CHAR_TYPE = _W + "fldCharType"
PARA_ID = qn("w14:paraId")
ALTERNATE_CONTENT = qn("mc:AlternateContent")
MC_CHOICE = qn("mc:Choice")
MC_FALLBACK = qn("mc:Fallback")
M_T = qn("m:t")
M_OMATH = qn("m:oMath")
M_OMATH_PARA = qn("m:oMathPara")
OLE_OBJECT = qn("o:OLEObject")
V_TEXTPATH = qn("v:textpath")
GRAPHIC_DATA = qn("a:graphicData")

_TEXT_CHARS = {TAB: "\t", PTAB: "\t", BR: "\n", CR: "\n", NO_BREAK_HYPHEN: "\u2011",
               SOFT_HYPHEN: "\u00ad"}
# Run and paragraph children that never hold document text.
_NO_TEXT = frozenset(_W + name for name in (
    "rPr", "pPr", "instrText", "delInstrText", "lastRenderedPageBreak", "footnoteReference",
    "endnoteReference", "commentReference", "annotationRef", "footnoteRef", "endnoteRef",
    "separator", "continuationSeparator", "pgNum", "dayShort", "dayLong", "monthShort",
    "monthLong", "yearShort", "yearLong", "contentPart", "bookmarkStart", "bookmarkEnd",
    "proofErr", "permStart", "permEnd", "commentRangeStart", "commentRangeEnd",
    "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
    "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart",
    "customXmlDelRangeEnd", "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
    "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd", "sectPr", "tblPr", "tblGrid",
    "trPr", "tcPr", "tblPrEx", "sdtEndPr", "fitText", "rubyPr", "rt",
)) | {qn("w14:checkbox")}
_LOCKED_VALUES = frozenset({"contentLocked", "sdtContentLocked"})
# mc:Choice branches we can read: their Requires prefixes must name one of these.
_UNDERSTOOD_NAMESPACES = frozenset({
    ns.WPS, ns.W14, ns.M,
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "http://schemas.microsoft.com/office/drawing/2010/main",
    "http://schemas.microsoft.com/office/word/2012/wordml",
})

# Indices into a segment tuple (kept as tuples: one is made per text node, on the hot path).
_TEXT, _NODE, _RUN, _REV, _FIELD, _CONTAINER, _LOCKED, _IN_CURRENT, _IN_ORIGINAL = range(9)


@dataclass(slots=True)
class TextSpan:
    """One stretch ``[start, end)`` of a view's text and the element it comes from.

    ``node_offset`` is where the stretch starts inside ``node.text`` (0 for elements that
    stand for one character, such as ``w:tab``). ``field`` is the outermost field whose
    result contains the text: its ``w:fldChar`` begin element or its ``w:fldSimple``.
    ``container`` is the nearest ``w:hyperlink``, ``w:sdtContent``, ``w:smartTag`` or
    ``w:customXml`` inside the paragraph.
    """

    start: int
    end: int
    node: etree._Element
    node_offset: int
    run: etree._Element | None
    revision: etree._Element | None
    field: etree._Element | None
    container: etree._Element | None
    locked: bool

    @property
    def paragraph(self) -> etree._Element | None:
        """The ``w:p`` that contains the node (after a join, a preceding paragraph's)."""
        element = self.node
        while element is not None and element.tag != P:
            element = element.getparent()
        return element


class ParagraphSource:
    """The OOXML side of a ``Paragraph``: its ``w:p``, its part and the character map.

    ``element`` is the paragraph's own ``w:p``. After a join (see the module docstring),
    a view also covers text of the preceding ``w:p`` elements. ``elements(view)`` lists
    them in order, and every ``TextSpan`` points at its real node.
    """

    # One source is kept per paragraph of every story, so it stores the segment lists of
    # ``join_paragraphs`` as they are. Both views often share one list, and the element
    # lists are None when a view covers only ``element``.
    __slots__ = ("element", "part", "_current", "_original", "_current_elements",
                 "_original_elements", "_spans")

    def __init__(self, element, part, current: list[tuple], original: list[tuple],
                 current_elements: list | None = None, original_elements: list | None = None):
        self.element = element
        self.part = part
        self._current = current
        self._original = original
        self._current_elements = current_elements
        self._original_elements = original_elements
        self._spans: dict[str, list[TextSpan]] | None = None

    def _segments(self, view: str) -> list[tuple]:
        if view == "current":
            return self._current
        if view == "original":
            return self._original
        raise ValueError(f"unknown text view {view!r}; use 'current' or 'original'")

    def elements(self, view: str = "current") -> list:
        self._segments(view)  # raises ValueError for an unknown view
        elements = self._current_elements if view == "current" else self._original_elements
        return [self.element] if elements is None else list(elements)

    def spans(self, view: str = "current") -> list[TextSpan]:
        """Return the character map of ``view``: spans covering ``[0, len(text))`` in order.

        The spans describe the XML as it was read. After an edit changes this paragraph,
        read the package again before mapping more offsets.
        """
        segments = self._segments(view)
        if self._spans is None:
            self._spans = {}
        cached = self._spans.get(view)
        if cached is None:
            cached = []
            offset = 0
            for segment in segments:
                end = offset + len(segment[_TEXT])
                cached.append(TextSpan(offset, end, segment[_NODE], 0, segment[_RUN],
                                       segment[_REV], segment[_FIELD], segment[_CONTAINER],
                                       segment[_LOCKED]))
                offset = end
            self._spans[view] = cached
        return cached

    def text(self, view: str = "current") -> str:
        return segments_text(self._segments(view))

    def locate(self, offset: int, view: str = "current") -> tuple[TextSpan, int]:
        """Return the span holding character ``offset`` and the offset inside its node."""
        for span in self.spans(view):
            if span.start <= offset < span.end:
                return span, span.node_offset + offset - span.start
        raise IndexError(f"offset {offset} is outside the {view} text of this paragraph")


@dataclass(slots=True)
class RawParagraph:
    """One ``w:p`` as read, before paragraphs are joined across deleted marks."""

    element: Any
    story: str
    container: Any  # the table cell, text box or story root that contains the paragraph
    in_table: bool
    block_locked: bool
    segments: list
    mark_deleted: bool
    mark_inserted: bool
    note_id: str | None
    style: str | None  # w:pPr/w:pStyle/@w:val
    outline_level: str | None  # w:pPr/w:outlineLvl/@w:val, as written


class StoryWalker:
    """Read the paragraphs of one part's stories in document order.

    ``warn(code, message)`` receives everything the walker cannot read. Text boxes found
    in a paragraph are read right after it, as story "textbox" of the same part.
    """

    def __init__(self, warn):
        self.warn = warn
        self.paragraphs: list[RawParagraph] = []
        self.section_properties: list = []
        self._segments: list = []
        self._fields: list[list] = []  # [begin element, showing result]
        self._hidden = False
        self._textboxes: list = []
        self._story = "body"
        self._note_id: str | None = None
        # (revision, deleted, inserted) of the tracked table row being read, if any.
        self._row_change: tuple = (None, False, False)

    # ----- block level ---------------------------------------------------------------

    def read_story(self, root, story: str, note_id: str | None = None) -> None:
        """Read the block-level content of ``root`` (``w:body``, ``w:hdr``, a note...)."""
        saved = (self._story, self._note_id, self._fields, self._hidden)
        self._story, self._note_id, self._fields, self._hidden = story, note_id, [], False
        self._blocks(root, root, False, False)
        self._warn_unclosed_fields()
        self._story, self._note_id, self._fields, self._hidden = saved

    def _warn_unclosed_fields(self) -> None:
        if any(not showing for _, showing in self._fields):
            self.warn("unclosed_field",
                      f"a field in the {self._story} has no fldChar end; the text after its "
                      "field code was treated as field code and not read")

    def _blocks(self, parent, container, in_table: bool, locked: bool) -> None:
        for child in parent:
            tag = child.tag
            if tag == P:
                self._paragraph(child, container, in_table, locked)
            elif tag == TBL:
                self._table(child, locked)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self._blocks(content, container, in_table, locked or _sdt_locked(child))
            elif tag == CUSTOM_XML:
                self._blocks(child, container, in_table, locked)
            elif tag == SECT_PR:
                self.section_properties.append(child)
            elif tag == ALT_CHUNK:
                self.warn("altchunk_skipped",
                          "the document embeds imported content (w:altChunk, for example "
                          "HTML or another document) that Word converts on opening; "
                          "TermScore does not read it, so its text is not analyzed")
            elif tag == ALTERNATE_CONTENT:
                branch = choose_alternate(child)
                if branch is not None:
                    self._blocks(branch, container, in_table, locked)
            elif tag in _NO_TEXT or not isinstance(tag, str):
                continue
            else:
                self._unknown(child)

    def _table(self, element, locked: bool) -> None:
        # Rows and cells can sit inside w:sdt and w:customXml, which wrap them.
        for child in element:
            tag = child.tag
            if tag == TC:
                self._blocks(child, child, True, locked)
            elif tag == TR:
                saved = self._row_change
                self._row_change = _row_change(child, saved)
                self._table(child, locked)
                self._row_change = saved
            elif tag == CUSTOM_XML:
                self._table(child, locked)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self._table(content, locked or _sdt_locked(child))
            elif tag == ALTERNATE_CONTENT:
                branch = choose_alternate(child)
                if branch is not None:
                    self._table(branch, locked)

    def _paragraph(self, p, container, in_table: bool, locked: bool) -> None:
        mark_deleted = mark_inserted = False
        mark = section = style = outline = None
        first = p[0] if len(p) else None
        if first is not None and first.tag == PPR:
            # One pass over w:pPr: four find() calls, which go through lxml's ElementPath,
            # took about five times as long on a 16,000-paragraph contract. As with
            # find(), only the first child of each kind counts.
            for child in first:
                tag = child.tag
                if tag == RPR:
                    if mark is None:
                        mark = child
                elif tag == SECT_PR:
                    if section is None:
                        section = child
                elif tag == P_STYLE:
                    if style is None:
                        style = child
                elif tag == OUTLINE_LVL:
                    if outline is None:
                        outline = child
            if mark is not None:
                for change in mark:
                    if change.tag == DEL or change.tag == MOVE_FROM:
                        mark_deleted = True
                    elif change.tag == INS or change.tag == MOVE_TO:
                        mark_inserted = True
            if section is not None:
                self.section_properties.append(section)
        outer_segments, outer_textboxes = self._segments, self._textboxes
        self._segments, self._textboxes = [], []
        self._inline(p, *self._row_change, None, locked)
        record = RawParagraph(p, self._story, container, in_table, locked, self._segments,
                              mark_deleted, mark_inserted, self._note_id,
                              style.get(W_VAL) if style is not None else None,
                              outline.get(W_VAL) if outline is not None else None)
        textboxes = self._textboxes
        self._segments, self._textboxes = outer_segments, outer_textboxes
        self.paragraphs.append(record)
        for textbox in textboxes:
            saved = (self._story, self._fields, self._hidden)
            self._story, self._fields, self._hidden = "textbox", [], False
            self._blocks(textbox, textbox, False, locked)
            self._warn_unclosed_fields()
            self._story, self._fields, self._hidden = saved

    # ----- inline level --------------------------------------------------------------

    def _inline(self, parent, rev, deleted: bool, inserted: bool, container, locked: bool,
                simple_field=None) -> None:
        for child in parent:
            tag = child.tag
            if tag == R:
                self._run(child, child, rev, deleted, inserted, container, locked,
                          simple_field)
            elif tag in _NO_TEXT:
                continue
            elif tag == INS or tag == MOVE_TO:
                self._inline(child, child, deleted, True, container, locked, simple_field)
            elif tag == DEL or tag == MOVE_FROM:
                self._inline(child, child, True, inserted, container, locked, simple_field)
            elif tag == HYPERLINK or tag == SMART_TAG or tag == CUSTOM_XML:
                self._inline(child, rev, deleted, inserted, child, locked, simple_field)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self._inline(content, rev, deleted, inserted, content,
                                 locked or _sdt_locked(child), simple_field)
            elif tag == FLD_SIMPLE:
                self._inline(child, rev, deleted, inserted, container, locked,
                             simple_field if simple_field is not None else child)
            elif tag == DIR or tag == BDO:
                self._inline(child, rev, deleted, inserted, container, locked, simple_field)
            elif tag == M_OMATH or tag == M_OMATH_PARA:
                self._math(child, rev, deleted, inserted, container, locked, simple_field)
            elif tag == ALTERNATE_CONTENT:
                branch = choose_alternate(child)
                if branch is not None:
                    self._inline(branch, rev, deleted, inserted, container, locked,
                                 simple_field)
            elif tag == SUB_DOC:
                self.warn("subdocument_skipped",
                          "the document links a subdocument (w:subDoc); its text is not "
                          "part of this file and is not analyzed")
            elif isinstance(tag, str):
                self._unknown(child)

    def _run(self, parent, run, rev, deleted: bool, inserted: bool, container, locked: bool,
             simple_field) -> None:
        for child in parent:
            tag = child.tag
            if tag == T or tag == DEL_TEXT:
                text = child.text
                if text:
                    self._emit(text, child, run, rev, deleted, inserted, container, locked,
                               simple_field)
            elif tag in _TEXT_CHARS:
                self._emit(_TEXT_CHARS[tag], child, run, rev, deleted, inserted, container,
                           locked, simple_field)
            elif tag in _NO_TEXT:
                continue
            elif tag == FLD_CHAR:
                self._field_char(child)
            elif tag == SYM:
                char = _symbol_char(child)
                if char:
                    self._emit(char, child, run, rev, deleted, inserted, container, locked,
                               simple_field)
            elif tag == DRAWING or tag == PICT:
                self._embedded(child)
            elif tag == OBJECT:
                self.warn("ole_object_skipped",
                          "the document contains an embedded object (w:object, for example "
                          "an OLE spreadsheet); its content is not analyzed")
                self._embedded(child)
            elif tag == ALTERNATE_CONTENT:
                branch = choose_alternate(child)
                if branch is not None:
                    self._run(branch, run, rev, deleted, inserted, container, locked,
                              simple_field)
            elif tag == RUBY:
                base = child.find(RUBY_BASE)
                if base is not None:
                    self._inline(base, rev, deleted, inserted, container, locked,
                                 simple_field)
            elif isinstance(tag, str):
                self._unknown(child)

    def _emit(self, text, node, run, rev, deleted, inserted, container, locked,
              simple_field) -> None:
        if self._hidden:
            return
        field = self._fields[0][0] if self._fields else simple_field
        self._segments.append((text, node, run, rev, field, container, locked,
                               not deleted, not inserted))

    def _field_char(self, element) -> None:
        # Complex fields (ECMA-376 Part 1, 17.16.18): begin, instructions, separate,
        # result, end. They nest and can span paragraphs; only result text is shown.
        kind = element.get(W_FLD_CHAR_TYPE)
        if kind == "begin":
            self._fields.append([element, False])
        elif kind == "separate":
            if self._fields:
                self._fields[-1][1] = True
        elif kind == "end":
            if self._fields:
                self._fields.pop()
        else:
            return
        self._hidden = any(not showing for _, showing in self._fields)

    def _math(self, element, rev, deleted, inserted, container, locked, simple_field) -> None:
        self.warn("math_as_text",
                  "equations (m:oMath) are read as the characters of their terms, without "
                  "their layout (fractions, scripts)")
        for node in element.iter(M_T):
            if node.text:
                self._emit(node.text, node, node.getparent(), rev, deleted, inserted,
                           container, locked, simple_field)

    def _embedded(self, element) -> None:
        """Find the text boxes of a drawing or VML picture; warn about charts and diagrams."""
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == TXBX_CONTENT:
                self._textboxes.append(child)
            elif tag == ALTERNATE_CONTENT:
                branch = choose_alternate(child)
                if branch is not None:
                    self._embedded(branch)
            elif tag == GRAPHIC_DATA:
                uri = child.get("uri", "")
                if uri == ns.CHART_URI:
                    self.warn("chart_skipped", "the document contains a chart; its labels "
                              "and data are not analyzed")
                elif uri == ns.DIAGRAM_URI:
                    self.warn("smartart_skipped", "the document contains a SmartArt diagram; "
                              "its text is not analyzed")
                self._embedded(child)
            elif tag == V_TEXTPATH:
                self.warn("wordart_skipped",
                          "the document contains WordArt or a watermark (v:textpath) whose "
                          f"text {child.get('string', '')!r} is not analyzed")
            elif tag == OLE_OBJECT:
                self.warn("ole_object_skipped",
                          "the document contains an embedded object (OLE); its content is "
                          "not analyzed")
            else:
                self._embedded(child)

    def _unknown(self, element) -> None:
        if any(True for _ in element.iter(T)):
            name = etree.QName(element)
            self.warn("unknown_element",
                      f"text inside an element TermScore does not read ({name.localname} in "
                      f"{name.namespace}) was skipped")


def choose_alternate(element):
    """Return the ``mc:Choice`` to read, or the ``mc:Fallback``; never both.

    A Choice is read when every prefix in its ``Requires`` names a namespace we read
    (ECMA-376 Part 3, 10.2.1). Otherwise the Fallback is read, because that is what a
    consumer that does not understand the Choice shows.
    """
    fallback = None
    for child in element:
        if child.tag == MC_CHOICE:
            prefixes = (child.get("Requires") or "").split()
            nsmap = child.nsmap
            if prefixes and all(nsmap.get(prefix) in _UNDERSTOOD_NAMESPACES
                                for prefix in prefixes):
                return child
        elif child.tag == MC_FALLBACK:
            fallback = child
    return fallback


def _row_change(tr, outer: tuple) -> tuple:
    """Return (revision, deleted, inserted) for a row tracked as inserted or deleted.

    A row whose ``w:trPr`` holds ``w:ins`` or ``w:del`` was inserted or deleted as a whole
    (ECMA-376 Part 1, 17.13.5), so all its text belongs to that revision even where
    its runs carry no ``w:ins``/``w:del`` of their own.
    """
    revision, deleted, inserted = outer
    properties = tr.find(TR_PR)
    if properties is not None:
        for change in properties:
            if change.tag == DEL:
                revision, deleted = revision if revision is not None else change, True
            elif change.tag == INS:
                revision, inserted = revision if revision is not None else change, True
    return revision, deleted, inserted


def _sdt_locked(sdt) -> bool:
    properties = sdt.find(SDT_PR)
    if properties is None:
        return False
    lock = properties.find(LOCK)
    return lock is not None and lock.get(W_VAL) in _LOCKED_VALUES


def _symbol_char(sym) -> str:
    code = sym.get(W_CHAR) or ""
    try:
        return chr(int(code, 16))
    except (ValueError, OverflowError):
        return ""


def segments_text(segments: list[tuple]) -> str:
    return "".join(segment[_TEXT] for segment in segments)


def segments_locked(segments: list[tuple]) -> bool:
    """Tell whether any of the segments sits inside a locked content control."""
    return any(segment[_LOCKED] for segment in segments)


class JoinedViews(NamedTuple):
    """The segments and ``w:p`` elements of both views of one record, after joining.

    ``current`` and ``original`` are the same list object when the record's segments
    all count in both views and no join touches it. An element list is None when the
    view covers only the record's own ``w:p``.
    """

    current: list
    original: list
    current_elements: list | None
    original_elements: list | None
    merged_into: int | None
    original_merged_into: int | None


def join_paragraphs(records: list[RawParagraph]) -> list[JoinedViews]:
    """Apply the paragraph-mark joins of both views to one story's records.

    Returns one ``JoinedViews`` per record; ``merged_into`` values are indexes into
    ``records``.
    """
    count = len(records)
    views: dict[str, tuple[list, list, list]] = {}
    for view, flag, position in (("current", "mark_deleted", _IN_CURRENT),
                                 ("original", "mark_inserted", _IN_ORIGINAL)):
        segments_of: list = [None] * count
        elements_of: list = [None] * count
        merged_of: list = [None] * count
        pending: list[int] = []
        for i, record in enumerate(records):
            pending.append(i)
            following = records[i + 1] if i + 1 < count else None
            joins = (getattr(record, flag) and following is not None
                     and following.container is record.container)
            if joins:
                continue
            if len(pending) == 1:
                own = record.segments
                # Most paragraphs have no tracked change: their list serves both views.
                if all(segment[position] for segment in own):
                    segments_of[i] = own
                else:
                    segments_of[i] = [s for s in own if s[position]]
            else:
                segments_of[i] = [s for j in pending for s in records[j].segments
                                  if s[position]]
                elements_of[i] = [records[j].element for j in pending]
                for j in pending[:-1]:
                    segments_of[j] = []
                    merged_of[j] = i
            pending = []
        views[view] = (segments_of, elements_of, merged_of)
    current, current_elements, merged = views["current"]
    original, original_elements, original_merged = views["original"]
    return [JoinedViews(*row) for row in zip(current, original, current_elements,
                                             original_elements, merged, original_merged)]
