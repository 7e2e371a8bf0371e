"""Turn a Flat OPC file (``pkg:package``, what Word's getOoxml returns) into a .docx zip.

LibreOffice 7.4 does not read Flat OPC and opens it as plain text, so the oracle gives
it the same parts as an ordinary package. The conversion is independent of
``termscore.ooxml.flatopc`` on purpose: the test must not trust the code it checks.
"""

from __future__ import annotations

import base64
import zipfile
from pathlib import Path

from lxml import etree

PKG_NS = "http://schemas.microsoft.com/office/2006/xmlPackage"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELATIONSHIPS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"


def is_flat_opc(path: Path) -> bool:
    head = path.read_bytes()[:4096]
    return head.lstrip().startswith(b"<") and b"pkg:package" in head


def flat_opc_to_docx(source: Path, target: Path) -> Path:
    """Write the parts of Flat OPC ``source`` into the zip package ``target``."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.parse(str(source), parser).getroot()
    types = etree.Element(f"{{{CONTENT_TYPES_NS}}}Types", nsmap={None: CONTENT_TYPES_NS})
    etree.SubElement(types, f"{{{CONTENT_TYPES_NS}}}Default", Extension="rels",
                     ContentType=RELATIONSHIPS_TYPE)
    parts = {}
    for part in root.iterfind(f"{{{PKG_NS}}}part"):
        name = part.get(f"{{{PKG_NS}}}name").lstrip("/")
        content_type = part.get(f"{{{PKG_NS}}}contentType")
        xml_data = part.find(f"{{{PKG_NS}}}xmlData")
        if xml_data is not None and len(xml_data):
            data = etree.tostring(xml_data[0], xml_declaration=True, encoding="UTF-8",
                                  standalone=True)
        else:
            binary = part.findtext(f"{{{PKG_NS}}}binaryData") or ""
            data = base64.b64decode("".join(binary.split()))
        parts[name] = data
        if content_type != RELATIONSHIPS_TYPE:
            etree.SubElement(types, f"{{{CONTENT_TYPES_NS}}}Override", PartName=f"/{name}",
                             ContentType=content_type)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml",
                         etree.tostring(types, xml_declaration=True, encoding="UTF-8",
                                        standalone=True))
        for name, data in parts.items():
            package.writestr(name, data)
    return target
