"""Namespace URIs, relationship types and content types that the OOXML reader uses.

Everything that names an OOXML namespace lives here, so that the Strict-to-Transitional
mapping (ECMA-376 Part 1, the Strict conformance class uses ``http://purl.oclc.org/ooxml/``
URIs for the same vocabularies) is one table.
"""

from __future__ import annotations

import re

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V = "urn:schemas-microsoft-com:vml"
O = "urn:schemas-microsoft-com:office:office"
XML = "http://www.w3.org/XML/1998/namespace"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
PKG_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
PKG_FLAT = "http://schemas.microsoft.com/office/2006/xmlPackage"

CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DIAGRAM_URI = "http://schemas.openxmlformats.org/drawingml/2006/diagram"

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_OFFICE_DOCUMENT = _REL + "officeDocument"
RT_STYLES = _REL + "styles"
RT_NUMBERING = _REL + "numbering"
RT_HEADER = _REL + "header"
RT_FOOTER = _REL + "footer"
RT_FOOTNOTES = _REL + "footnotes"
RT_ENDNOTES = _REL + "endnotes"
RT_COMMENTS = _REL + "comments"
RT_GLOSSARY = _REL + "glossaryDocument"
RT_ALTCHUNK = _REL + "aFChunk"
RT_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"

CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"
CT_XML = "application/xml"

# Content type of the main part -> the Document.format it gives.
WORD_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "docm",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "dotx",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "dotm",
}
# Main-part content type prefixes of the other Office formats, for a 415 that names them.
OTHER_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.": "an Excel workbook",
    "application/vnd.ms-excel.": "an Excel workbook",
    "application/vnd.openxmlformats-officedocument.presentationml.": "a PowerPoint presentation",
    "application/vnd.ms-powerpoint.": "a PowerPoint presentation",
}

STRICT_PREFIX = b"http://purl.oclc.org/ooxml/"
# Strict URIs are ``http://purl.oclc.org/ooxml/<area>/<name>``; the Transitional ones are
# ``http://schemas.openxmlformats.org/<area>/2006/<name>``. This holds for every
# vocabulary part 1 defines (wordprocessingml, drawingml, officeDocument, including the
# relationship types).
_STRICT_URI = re.compile(rb"http://purl\.oclc\.org/ooxml/(\w+)/")


def strict_to_transitional(data: bytes) -> bytes:
    """Return ``data`` with every Strict namespace URI replaced by its Transitional one."""
    return _STRICT_URI.sub(rb"http://schemas.openxmlformats.org/\1/2006/", data)


def strict_rel_type(rel_type: str) -> str:
    """Map a Strict relationship type to Transitional; other strings come back unchanged."""
    return strict_to_transitional(rel_type.encode()).decode()


def qn(prefixed: str) -> str:
    """Return the Clark name (``{uri}local``) of a prefixed name such as ``w:t``."""
    prefix, _, local = prefixed.partition(":")
    return "{%s}%s" % (_PREFIXES[prefix], local)


_PREFIXES = {"w": W, "r": R, "m": M, "a": A, "wp": WP, "wps": WPS, "w14": W14, "mc": MC,
             "v": V, "o": O, "xml": XML, "pkg": PKG_FLAT}
