"""Flat OPC: a whole package in one XML file (``pkg:package``), as Word's ``getOoxml`` returns.

Each ``pkg:part`` carries its name and content type; XML parts sit in ``pkg:xmlData``,
the others base64-encoded in ``pkg:binaryData``. The format has no [Content_Types].xml,
so one is built from the parts when the package is written as a zip.
"""

from __future__ import annotations

import base64
import binascii

from lxml import etree

from ..errors import CorruptDocumentError, DocumentTooLargeError, UnsupportedFormatError
from . import namespaces as ns
from .safexml import parse_xml

_PART = f"{{{ns.PKG_FLAT}}}part"
_NAME = f"{{{ns.PKG_FLAT}}}name"
_CONTENT_TYPE = f"{{{ns.PKG_FLAT}}}contentType"
_XML_DATA = f"{{{ns.PKG_FLAT}}}xmlData"
_BINARY_DATA = f"{{{ns.PKG_FLAT}}}binaryData"


def read_flat_opc(package, data: bytes) -> None:
    """Fill ``package`` with the parts of the Flat OPC document ``data``."""
    root = parse_xml(data, "the Flat OPC file")
    if root.tag != f"{{{ns.PKG_FLAT}}}package":
        raise UnsupportedFormatError(
            f"the XML root element is {etree.QName(root).localname!r}, not pkg:package; "
            "upload a .docx or the Flat OPC XML that Word's getOoxml() returns")
    parts = root.findall(_PART)
    if len(parts) > package.limits.max_parts:
        raise DocumentTooLargeError(
            f"the Flat OPC file contains {len(parts):,} parts, over the limit of "
            f"{package.limits.max_parts:,}")
    total = 0
    extensions: dict[str, str] = {}
    for element in parts:
        name = (element.get(_NAME) or "").lstrip("/")
        content_type = element.get(_CONTENT_TYPE) or ""
        if not name:
            raise CorruptDocumentError(
                f"a pkg:part at line {element.sourceline} has no pkg:name; the Flat OPC "
                "file is damaged")
        xml_data = element.find(_XML_DATA)
        binary_data = element.find(_BINARY_DATA)
        if xml_data is not None:
            children = [c for c in xml_data if isinstance(c.tag, str)]
            if len(children) != 1:
                raise CorruptDocumentError(
                    f"pkg:xmlData of part /{name} contains {len(children)} elements instead of "
                    "one; the Flat OPC file is damaged")
            blob = _standalone_xml(children[0])
        elif binary_data is not None:
            try:
                blob = base64.b64decode("".join((binary_data.text or "").split()),
                                        validate=True)
            except (binascii.Error, ValueError) as exc:
                raise CorruptDocumentError(
                    f"pkg:binaryData of part /{name} is not valid base64 ({exc}); the Flat "
                    "OPC file is damaged") from exc
        else:
            blob = b""
        total += len(blob)
        if total > package.limits.max_uncompressed_bytes:
            raise DocumentTooLargeError(
                f"the Flat OPC parts exceed {package.limits.max_uncompressed_bytes:,} bytes; "
                "split the document or raise the limit")
        if package.get(name) is not None:
            raise CorruptDocumentError(f"the Flat OPC file contains part /{name} twice")
        package._add_loaded_part(name, content_type, blob)
        package._overrides[name.lower()] = content_type
        extension = name.rpartition(".")[2].lower()
        extensions.setdefault(extension, content_type)
    # Give the zip form the usual Defaults, so that its [Content_Types].xml looks like
    # the one Word writes; Overrides cover every other part.
    package._defaults.update({"rels": ns.CT_RELS, "xml": ns.CT_XML})
    for name, content_type in list(package._overrides.items()):
        extension = name.rpartition(".")[2]
        if package._defaults.get(extension) == content_type:
            del package._overrides[name]
    package._content_types_dirty = True


def write_flat_opc(package) -> bytes:
    """Return the package as a Flat OPC document; unchanged XML parts keep their content."""
    root = etree.Element(f"{{{ns.PKG_FLAT}}}package", nsmap={"pkg": ns.PKG_FLAT})
    for part in package.parts.values():
        element = etree.SubElement(root, _PART)
        element.set(_NAME, "/" + part.name)
        element.set(_CONTENT_TYPE, part.content_type)
        if part.is_xml and (part.blob or part.dirty):
            data = etree.SubElement(element, _XML_DATA)
            if part.dirty:
                data.append(_copy(part.xml))
            else:
                # Parse the original bytes, not part.xml, which may carry the Strict
                # namespaces mapped to Transitional.
                data.append(parse_xml(part.blob, part.name))
        else:
            element.set(f"{{{ns.PKG_FLAT}}}compression", "store")
            data = etree.SubElement(element, _BINARY_DATA)
            encoded = base64.b64encode(part.blob).decode("ascii")
            data.text = "\n".join(encoded[i:i + 76] for i in range(0, len(encoded), 76))
    pi = etree.ProcessingInstruction("mso-application", 'progid="Word.Document"')
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            + etree.tostring(pi) + b"\n" + etree.tostring(root, encoding="UTF-8"))


def _standalone_xml(element: etree._Element) -> bytes:
    """Serialise one embedded part without the ``pkg`` declaration it inherits."""
    copy = _copy(element)
    # Keep every other prefix: mc:Ignorable names prefixes in an attribute value,
    # which cleanup_namespaces cannot see (ECMA-376 Part 3, 10.2.1).
    keep = [prefix for prefix in copy.nsmap if prefix and prefix != "pkg"]
    etree.cleanup_namespaces(copy, keep_ns_prefixes=keep)
    return etree.tostring(copy, xml_declaration=True, encoding="UTF-8", standalone=True)


def _copy(element: etree._Element) -> etree._Element:
    from copy import deepcopy

    return deepcopy(element)
