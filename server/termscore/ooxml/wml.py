"""Names and small element builders shared by the modules that write WordprocessingML."""

from __future__ import annotations

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_NS = "http://www.w3.org/XML/1998/namespace"

REL_SETTINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"
REL_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
REL_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"

CT_SETTINGS = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
CT_NUMBERING = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"


def qn(tag: str) -> str:
    """Return the Clark name of ``w:tag`` (or ``r:tag``, ``xml:tag``)."""
    prefix, _, local = tag.rpartition(":")
    namespace = {"": W_NS, "w": W_NS, "r": R_NS, "xml": XML_NS}[prefix]
    return f"{{{namespace}}}{local}"


def w_element(tag: str, attrs: dict[str, str] | None = None, nsmap=None) -> etree._Element:
    """Build a ``w:`` element with ``w:``-qualified attributes."""
    element = etree.Element(qn(tag), nsmap=nsmap)
    for name, value in (attrs or {}).items():
        element.set(qn(name), value)
    return element


def w_sub(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    element = etree.SubElement(parent, qn(tag))
    for name, value in (attrs or {}).items():
        element.set(qn(name), value)
    return element


def text_element(tag: str, text: str) -> etree._Element:
    """Build ``w:t``/``w:delText``, keeping edge spaces (``xml:space``, ECMA-376 Part 1 §17.3.3.31)."""
    element = w_element(tag)
    element.text = text
    if text != text.strip() or "  " in text:
        element.set(qn("xml:space"), "preserve")
    return element


def local_name(element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def is_w(element, *names: str) -> bool:
    tag = element.tag
    return isinstance(tag, str) and tag.startswith("{" + W_NS + "}") and tag[len(W_NS) + 2:] in names
