"""The one XML parser every part goes through: no DTD, no entities, no network.

ECMA-376 Part 2, 8.1.4 forbids DTD declarations in package parts, so a DOCTYPE is
rejected outright instead of being parsed with entity expansion switched off.
"""

from __future__ import annotations

import re

from lxml import etree

from ..errors import CorruptDocumentError, UnsafeXmlError

_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False,
                       dtd_validation=False, huge_tree=False, remove_comments=False)
# A DOCTYPE or ENTITY declaration anywhere in the bytes. The check runs before parsing,
# so the parser never reads one (markup-like text inside elements is always escaped).
_DTD_PATTERN = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def make_parser() -> etree.XMLParser:
    return etree.XMLParser(**_PARSER_OPTIONS)


def _as_utf8_for_check(data: bytes) -> bytes:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace").encode("utf-8")
    return data


def check_no_dtd(data: bytes, where: str) -> None:
    """Raise ``UnsafeXmlError`` if ``data`` declares a DTD or an entity."""
    if _DTD_PATTERN.search(_as_utf8_for_check(data)):
        raise UnsafeXmlError(
            f"{where} contains a DTD or entity declaration, which Office Open XML forbids; "
            "TermScore does not read such files. Re-save the document from Word."
        )


def parse_xml(data: bytes, where: str) -> etree._Element:
    """Parse one part (or a Flat OPC file) safely and return its root element.

    ``where`` names the part in error messages. Raises ``UnsafeXmlError`` for a DTD or
    entity declaration, ``CorruptDocumentError`` for malformed XML.
    """
    check_no_dtd(data, where)
    try:
        root = etree.fromstring(data, make_parser())
    except etree.XMLSyntaxError as exc:
        line = f" at line {exc.lineno}" if exc.lineno else ""
        raise CorruptDocumentError(
            f"{where} is not well-formed XML{line}: {exc.msg}; "
            "the document is damaged, re-save it from Word",
        ) from exc
    if root is None:
        raise CorruptDocumentError(f"{where} is empty; the document is damaged")
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise UnsafeXmlError(f"{where} contains a DTD, which Office Open XML forbids")
    return root
