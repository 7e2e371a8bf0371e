"""Read a Word package into the format-neutral ``Document``: every story, both views."""

from __future__ import annotations

import re

from ..collector import collector_paused
from ..errors import UnsupportedFormatError
from ..limits import DEFAULT_LIMITS, Limits
from ..model import Document, Paragraph
from . import namespaces as ns
from .namespaces import qn
from .numbering import NumberingResolver
from .package import Package, Part
from .textmodel import (OUTLINE_LVL, PARA_ID, PPR, W_VAL, ParagraphSource,
                        StoryWalker, join_paragraphs, segments_locked, segments_text)

_W_ID = qn("w:id")
_W_TYPE = qn("w:type")
_R_ID = qn("r:id")
_HEADER_REF = qn("w:headerReference")
_FOOTER_REF = qn("w:footerReference")
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
# Footnotes and endnotes of these types contain the separator lines, not notes.
_SEPARATOR_NOTE_TYPES = frozenset({"separator", "continuationSeparator", "continuationNotice"})


def read_package_document(data: bytes, *, name: str | None = None,
                          limits: Limits = DEFAULT_LIMITS) -> Document:
    """Open a .docx/.docm/.dotx or Flat OPC package and read all its stories."""
    package = Package.open(data, limits)
    return read_package(package, name=name)


def read_package(package: Package, *, name: str | None = None) -> Document:
    """Read every story of an open package into a ``Document``."""
    with collector_paused():
        return _read_package(package, name)


def _read_package(package: Package, name: str | None) -> Document:
    main = package.main_part
    doc_format = _check_main_type(main)
    if package.source_format == "flatopc":
        doc_format = "flatopc"
    if doc_format in ("docm", "dotm") or package.related(main, ns.RT_VBA) is not None:
        package.warn("macros_ignored", "the document is macro-enabled; TermScore reads its "
                     "text and never runs its macros")

    reader = _DocumentReader(package)
    reader.read_main(main)
    for kind, rel_type in (("header", ns.RT_HEADER), ("footer", ns.RT_FOOTER)):
        for part in reader.ordered_header_parts(main, rel_type):
            reader.read_part(part, kind, lambda root: [(root, None)])
    for kind, rel_type, element in (("footnote", ns.RT_FOOTNOTES, "footnote"),
                                    ("endnote", ns.RT_ENDNOTES, "endnote")):
        for part in package.related_all(main, rel_type):
            reader.read_part(part, kind, lambda root, element=element: _notes(root, element))
    for part in package.related_all(main, ns.RT_COMMENTS):
        reader.read_part(part, "comment", lambda root: _notes(root, "comment"))
    if package.related(main, ns.RT_GLOSSARY) is not None:
        package.warn("glossary_skipped", "the document's glossary (building blocks and "
                     "placeholder texts for content controls) is not analyzed")
    if not any(p.text.strip() or p.original.strip() for p in reader.paragraphs):
        package.warn("empty_document", "the document contains no text to analyze")
    return Document(format=doc_format, paragraphs=reader.paragraphs,
                    warnings=list(package.warnings), package=package, name=name)


def _check_main_type(main: Part) -> str:
    content_type = main.content_type
    fmt = ns.WORD_MAIN_TYPES.get(content_type)
    if fmt is not None:
        return fmt
    for prefix, what in ns.OTHER_MAIN_TYPES.items():
        if content_type.startswith(prefix):
            raise UnsupportedFormatError(
                f"the file is {what} ({content_type}), not a Word document; TermScore reads "
                ".docx, .docm, .dotx and Flat OPC files")
    if content_type:
        raise UnsupportedFormatError(
            f"the main part {main.name} has content type {content_type!r}, which is not a Word "
            "document; upload a .docx file")
    main.package.warn("content_type_missing",
                      f"the main part {main.name} has no content type in [Content_Types].xml; "
                      "it was read as a Word document")
    return "docx"


def _notes(root, tag: str):
    wanted = qn(f"w:{tag}")
    for note in root:
        if note.tag == wanted and note.get(_W_TYPE) not in _SEPARATOR_NOTE_TYPES:
            yield note, note.get(_W_ID)


class _DocumentReader:
    def __init__(self, package: Package):
        self.package = package
        self.paragraphs: list[Paragraph] = []
        self._styles = _StyleTable(package)
        self._section_properties: list = []

    def read_main(self, main: Part) -> None:
        body = main.xml.find(qn("w:body"))
        if body is None:
            self.package.warn("empty_document", f"{main.name} has no w:body")
            return
        self.read_part(main, "body", lambda root: [(body, None)])

    def read_part(self, part: Part, story: str, roots) -> None:
        walker = StoryWalker(lambda code, message: self.package.warn(code, message, part.name))
        for root, note_id in roots(part.xml):
            walker.read_story(root, story, note_id)
        self._section_properties.extend(walker.section_properties)
        read: list[Paragraph] = []
        for story_name in (story, "textbox"):
            records = [r for r in walker.paragraphs if r.story == story_name]
            joined = join_paragraphs(records)
            for index, (record, views) in enumerate(zip(records, joined)):
                read.append(self._paragraph(part, record, views, index))
        # Text-box paragraphs follow the paragraph that anchors them, as in the walk. The
        # story's own paragraphs are in that order already.
        if any(record.story == "textbox" for record in walker.paragraphs):
            order = {id(r.element): i for i, r in enumerate(walker.paragraphs)}
            read.sort(key=lambda p: order[id(p.source.element)])
        # The numbering resolver counts list items, so it must be given every paragraph
        # of the part once, in document order.
        resolver = _make_resolver(self.package, part)
        if resolver is not None:
            for paragraph in read:
                paragraph.label, paragraph.level = _safe_label(
                    self.package, resolver, paragraph.source.element)
            for message in resolver.warnings:
                self.package.warn(message.code, message.message, message.location)
        self.paragraphs.extend(read)

    def _paragraph(self, part: Part, record, views, index: int) -> Paragraph:
        source = ParagraphSource(record.element, part, views.current, views.original,
                                 views.current_elements, views.original_elements)
        style_id = record.style
        style_name, heading_level = self._styles.describe(style_id, record.outline_level)
        text = segments_text(views.current)
        original = text if views.original is views.current else segments_text(views.original)
        return Paragraph(
            story=record.story, part=part.name, index=index,
            text=text, original=original,
            style=style_id, style_name=style_name,
            para_id=record.element.get(PARA_ID), note_id=record.note_id,
            in_table=record.in_table,
            locked=record.block_locked or segments_locked(views.current),
            heading_level=heading_level, source=source,
            merged_into=views.merged_into,
            original_merged_into=views.original_merged_into,
        )

    def ordered_header_parts(self, main: Part, rel_type: str) -> list[Part]:
        """Return header (or footer) parts in the order the sections name them, then the rest."""
        parts: list[Part] = []
        for section in self._section_properties:
            for reference in section:
                if reference.tag in (_HEADER_REF, _FOOTER_REF):
                    part = self.package.part_by_rid(main, reference.get(_R_ID) or "")
                    if part is not None and part not in parts:
                        parts.append(part)
        wanted = set(map(id, self.package.related_all(main, rel_type)))
        ordered = [p for p in parts if id(p) in wanted]
        ordered += [p for p in self.package.related_all(main, rel_type) if p not in ordered]
        return ordered


def _make_resolver(package: Package, part: Part):
    try:
        return NumberingResolver(package)
    except Exception as exc:  # a faulty numbering part must not lose the text
        package.warn("numbering_unreadable",
                     f"list labels could not be computed ({type(exc).__name__}: {exc}); "
                     "paragraphs are read without them")
        return None


def _safe_label(package: Package, resolver, element) -> tuple[str, int | None]:
    try:
        label, level = resolver.label(element)
    except Exception as exc:  # keep reading: a label is beside the text, never the text
        package.warn("numbering_unreadable",
                     f"a list label could not be computed ({type(exc).__name__}: {exc})")
        return "", None
    return label or "", level


class _StyleTable:
    """Paragraph style names and outline levels from styles.xml, read once."""

    def __init__(self, package: Package):
        self._styles: dict[str, tuple[str, int | None, str | None]] = {}
        self._default: str | None = None
        part = package.related(package.main_part, ns.RT_STYLES)
        if part is None:
            return
        style_tag, name_tag = qn("w:style"), qn("w:name")
        based_tag = qn("w:basedOn")
        for style in part.xml:
            if style.tag != style_tag or style.get(_W_TYPE) != "paragraph":
                continue
            style_id = style.get(qn("w:styleId")) or ""
            name = style.find(name_tag)
            properties = style.find(PPR)
            outline = properties.find(OUTLINE_LVL) if properties is not None else None
            based = style.find(based_tag)
            self._styles[style_id] = (
                name.get(W_VAL) if name is not None else style_id,
                _int(outline.get(W_VAL)) if outline is not None else None,
                based.get(W_VAL) if based is not None else None,
            )
            if style.get(qn("w:default")) in ("1", "true", "on"):
                self._default = style_id

    def describe(self, style_id: str | None,
                 outline_level: str | None) -> tuple[str | None, int | None]:
        """Return (style name, heading level 1-9 or None) of a paragraph.

        ``outline_level`` is the paragraph's own ``w:outlineLvl`` value, if it has one.
        """
        style_id = style_id or self._default
        name = None
        level = _int(outline_level) if outline_level is not None else None
        seen = set()
        current = style_id
        while current and current in self._styles and current not in seen:
            seen.add(current)
            style_name, outline_level, based_on = self._styles[current]
            if name is None:
                name = style_name
            match = _HEADING_NAME.match(style_name)
            if level is None and match:
                level = int(match.group(1)) - 1
            if level is None and outline_level is not None:
                level = outline_level
            current = based_on
        # w:outlineLvl 9 means body text (17.3.1.20).
        heading = level + 1 if level is not None and 0 <= level < 9 else None
        return name, heading


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
