"""A small stand-in for the document model's character map, built on the real Package.

It follows the character map contract of docs/dev/interfaces.md for the elements the
redline tests use: w:t, w:tab, w:br, complex fields (instructions excluded) and
w:fldSimple results, hyperlinks, content controls and existing revisions. The redline
tests run against it and against the real reader, so a difference between the two
shows up as a failing test rather than a silent mismatch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from termscore.model import Document, Paragraph
from termscore.ooxml.package import Package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTAINERS = ("hyperlink", "sdtContent", "smartTag", "customXml")
_REVISIONS = ("ins", "del", "moveFrom", "moveTo")
_ONE_CHAR = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "\u2011", "ptab": "\t"}


def _local(element) -> str:
    tag = element.tag
    return tag[len(W) + 2:] if isinstance(tag, str) and tag.startswith("{" + W) else ""


@dataclass
class Span:
    start: int
    end: int
    node: object
    node_offset: int
    run: object
    revision: object = None
    field: object = None
    container: object = None
    locked: bool = False


@dataclass
class Source:
    element: object
    part: object
    _spans: dict = field(default_factory=dict)

    def spans(self, view: str = "current") -> list[Span]:
        return build_spans(self.element, view)


def build_spans(paragraph, view: str = "current") -> list[Span]:
    spans: list[Span] = []
    fields: list[list] = []  # [begin element, phase]
    position = 0

    def walk(node, revision, container, locked, simple):
        nonlocal position
        for child in node:
            name = _local(child)
            if name in ("pPr", "txbxContent", "rPr"):
                continue
            if name in _REVISIONS:
                if view == "current" and name in ("del", "moveFrom"):
                    continue
                if view == "original" and name in ("ins", "moveTo"):
                    continue
                walk(child, child, container, locked, simple)
            elif name in _CONTAINERS:
                child_locked = locked
                if name == "sdtContent":
                    lock = child.getparent().find(f"{{{W}}}sdtPr/{{{W}}}lock")
                    if lock is not None and lock.get(f"{{{W}}}val") in (
                            "contentLocked", "sdtContentLocked"):
                        child_locked = True
                walk(child, revision, child, child_locked, simple)
            elif name == "sdt":
                content = child.find(f"{{{W}}}sdtContent")
                if content is not None:
                    walk(child, revision, container, locked, simple)
            elif name == "fldSimple":
                walk(child, revision, container, locked, child)
            elif name == "r":
                run_field = simple
                for item in child:
                    kind = _local(item)
                    if kind == "fldChar":
                        fld_type = item.get(f"{{{W}}}fldCharType")
                        if fld_type == "begin":
                            fields.append([item, "instr"])
                        elif fld_type == "separate" and fields:
                            fields[-1][1] = "result"
                        elif fld_type == "end" and fields:
                            fields.pop()
                        continue
                    if fields and fields[-1][1] == "instr":
                        continue
                    text = None
                    if kind in ("t", "delText"):
                        text = item.text or ""
                    elif kind in _ONE_CHAR:
                        text = _ONE_CHAR[kind]
                    if not text:
                        continue
                    owner = run_field if run_field is not None else (
                        fields[-1][0] if fields else None)
                    spans.append(Span(position, position + len(text), item, 0, child,
                                      revision, owner, container, locked))
                    position += len(text)

    walk(paragraph, None, None, False, None)
    return spans


def open_stub(data: bytes, name: str = "test.docx") -> Document:
    """Open a package and list paragraphs of body, headers, footers and notes with stub spans."""
    package = Package.open(data)
    paragraphs = []
    for part_name, part in package.parts.items():
        if not part_name.endswith(".xml") or not part.is_xml:
            continue
        root = part.xml if part_name.startswith("word/") else None
        if root is None or _local(root) not in ("document", "hdr", "ftr", "footnotes", "endnotes"):
            continue
        story = {"document": "body", "hdr": "header", "ftr": "footer",
                 "footnotes": "footnote", "endnotes": "endnote"}[_local(root)]
        index = 0
        for p in root.iter(f"{{{W}}}p"):
            ancestor = p.getparent()
            in_box = False
            while ancestor is not None:
                if _local(ancestor) == "txbxContent":
                    in_box = True
                ancestor = ancestor.getparent()
            if in_box:
                continue
            spans = build_spans(p, "current")
            text = "".join(s.node.text[s.node_offset:s.node_offset + s.end - s.start]
                           if _local(s.node) in ("t",) else _ONE_CHAR.get(_local(s.node), "")
                           for s in spans)
            original = "".join(
                s.node.text if _local(s.node) in ("t", "delText") else _ONE_CHAR.get(
                    _local(s.node), "") for s in build_spans(p, "original"))
            paragraphs.append(Paragraph(story, part_name, index, text, original,
                                        locked=any(s.locked for s in spans),
                                        source=Source(p, part)))
            index += 1
    return Document("docx" if package.source_format == "docx" else "flatopc", paragraphs,
                    package=package, name=name)
