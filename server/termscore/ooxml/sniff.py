"""Tell the input formats apart from their first bytes, before any parsing.

A Compound File Binary (CFB) container is an encrypted OOXML package when it has the
streams ``EncryptionInfo`` and ``EncryptedPackage`` (MS-OFFCRYPTO). It is a legacy Word
97-2003 document when it has a ``WordDocument`` stream (MS-DOC). Each is rejected here
with its own error.
"""

from __future__ import annotations

import struct

from ..errors import PasswordProtectedError, UnsupportedFormatError

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_FREESECT_OR_END = 0xFFFFFFFA  # sector numbers at or above this are markers, not sectors


def detect_format(data: bytes) -> str:
    """Return "zip", "flatopc" or "text"; raise for CFB, PDF, RTF and foreign XML."""
    if data.startswith(ZIP_MAGICS):
        return "zip"
    if data.startswith(CFB_MAGIC):
        _reject_cfb(data)
    if data.startswith(b"%PDF"):
        raise UnsupportedFormatError("the input is a PDF; TermScore reads .docx, Flat OPC .xml, "
                                     ".txt and .md files. Save the contract as .docx")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        raise UnsupportedFormatError("the input is an RTF file; save it as .docx and try again")
    head = _xml_head(data)
    if head is not None:
        if b"schemas.microsoft.com/office/2006/xmlPackage" in head:
            return "flatopc"
        if head.lstrip().startswith(b"<?xml"):
            if b"schemas.microsoft.com/office/word/2003/wordml" in head:
                raise UnsupportedFormatError(
                    "the input is a Word 2003 XML document, which is not supported; "
                    "save it as .docx")
            raise UnsupportedFormatError(
                "the input is XML but not a Flat OPC package (pkg:package); "
                "upload the .docx, or the XML that Word's getOoxml() returns")
    return "text"


def _xml_head(data: bytes) -> bytes | None:
    """Return the first 4 KB as UTF-8 if the input looks like XML, else None."""
    sample = data[:4096]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        sample = sample.decode("utf-16", errors="ignore").encode("utf-8")
    sample = sample.removeprefix(b"\xef\xbb\xbf")
    if sample.lstrip().startswith((b"<?xml", b"<pkg:package", b"<package")):
        return sample
    return None


def _reject_cfb(data: bytes) -> None:
    names = cfb_stream_names(data)
    if "encryptioninfo" in names or "encryptedpackage" in names:
        raise PasswordProtectedError(
            "the document is password-protected; remove the password and try again")
    if "worddocument" in names:
        raise UnsupportedFormatError("legacy .doc is not supported; save as .docx")
    raise UnsupportedFormatError(
        "the input is a Compound File (OLE) container that is neither a Word document nor "
        "an encrypted Office file; save the contract as .docx")


def cfb_stream_names(data: bytes) -> set[str]:
    """Return the lower-cased names of every directory entry of a CFB container.

    Reads the header, the FAT and the directory chain as MS-CFB lays them out. On a damaged
    container it falls back to searching the bytes for the UTF-16 names we care about.
    """
    try:
        return _parse_cfb_directory(data)
    except (struct.error, IndexError, ValueError):
        found = set()
        for name in ("EncryptionInfo", "EncryptedPackage", "WordDocument"):
            if (name + "\0").encode("utf-16-le") in data:
                found.add(name.lower())
        return found


def _parse_cfb_directory(data: bytes) -> set[str]:
    sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    if sector_size not in (512, 4096):
        raise ValueError("bad sector size")
    first_dir, = struct.unpack_from("<I", data, 0x30)
    first_difat, difat_count = struct.unpack_from("<II", data, 0x44)

    def sector(n: int) -> bytes:
        offset = (n + 1) * sector_size
        if offset >= len(data):  # the last sector may be short, but never absent
            raise ValueError("sector out of range")
        return data[offset:offset + sector_size]

    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < _FREESECT_OR_END]
    next_difat, seen = first_difat, 0
    while next_difat < _FREESECT_OR_END and seen < difat_count:
        entries = struct.unpack(f"<{sector_size // 4}I", sector(next_difat))
        fat_sectors += [s for s in entries[:-1] if s < _FREESECT_OR_END]
        next_difat, seen = entries[-1], seen + 1
    fat: list[int] = []
    for s in fat_sectors:
        fat.extend(struct.unpack(f"<{sector_size // 4}I", sector(s).ljust(sector_size, b"\0")))

    names: set[str] = set()
    current, steps = first_dir, 0
    while current < _FREESECT_OR_END:
        block = sector(current)
        for offset in range(0, len(block) - 127, 128):
            length, = struct.unpack_from("<H", block, offset + 0x40)
            if 2 <= length <= 64:
                names.add(block[offset:offset + length - 2].decode("utf-16-le", "replace").lower())
        current = fat[current]
        steps += 1
        if steps > len(fat):
            raise ValueError("directory chain loops")
    return names
