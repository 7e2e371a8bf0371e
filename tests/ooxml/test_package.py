"""Opening packages safely, rejecting bad input, and writing packages back."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from lxml import etree

from fixtures.ooxml.docx_builder import MAIN_CONTENT_TYPE, make_docx, xml_part
from termscore.document import open_document
from termscore.errors import (CorruptDocumentError, DocumentTooLargeError,
                              PasswordProtectedError, UnsafeXmlError, UnsupportedFormatError)
from termscore.limits import Limits
from termscore.ooxml.package import Package
from termscore.ooxml.sniff import cfb_stream_names, detect_format

BODY = "<w:p><w:r><w:t>Customer Data stays with Customer.</w:t></w:r></w:p>"


def zip_entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def build_cfb(stream_names: list[str]) -> bytes:
    """Return a minimal Compound File (MS-CFB version 3) whose directory lists the names."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 0x2C, 1)  # one FAT sector
    struct.pack_into("<I", header, 0x30, 1)  # directory starts at sector 1
    struct.pack_into("<I", header, 0x38, 4096)
    struct.pack_into("<IIII", header, 0x3C, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 0x4C, *difat)
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [0xFFFFFFFF] * 126
    directory = bytearray()
    for name in ["Root Entry"] + stream_names:
        entry = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        entry[0:len(encoded)] = encoded
        struct.pack_into("<H", entry, 0x40, len(encoded))
        entry[0x42] = 5 if name == "Root Entry" else 2
        directory += entry
    directory = directory.ljust(sector, b"\0")
    return bytes(header) + struct.pack("<128I", *fat) + bytes(directory)


# ----- sniffing ---------------------------------------------------------------------

def test_detect_format_kinds():
    assert detect_format(make_docx(BODY)) == "zip"
    assert detect_format(b'<?xml version="1.0"?><pkg:package xmlns:pkg='
                         b'"http://schemas.microsoft.com/office/2006/xmlPackage"/>') == "flatopc"
    assert detect_format(b"1. Licence. Customer grants...") == "text"


def test_cfb_with_encryption_info_is_password_protected():
    data = build_cfb(["EncryptionInfo", "EncryptedPackage"])

    assert cfb_stream_names(data) >= {"encryptioninfo", "encryptedpackage"}
    with pytest.raises(PasswordProtectedError) as caught:
        open_document(data, name="secret.docx")
    assert caught.value.status == 422
    assert "password-protected; remove the password and try again" in caught.value.message


def test_cfb_with_word_document_is_legacy_doc():
    with pytest.raises(UnsupportedFormatError) as caught:
        open_document(build_cfb(["WordDocument", "1Table"]), name="old.docx")

    assert caught.value.status == 415
    assert "legacy .doc is not supported; save as .docx" in caught.value.message


def test_other_cfb_is_unsupported():
    with pytest.raises(UnsupportedFormatError, match="Compound File"):
        open_document(build_cfb(["Workbook"]), name="sheet.xls")


def test_pdf_and_foreign_xml_are_unsupported():
    with pytest.raises(UnsupportedFormatError, match="PDF"):
        open_document(b"%PDF-1.7\n...", name="x.pdf")
    with pytest.raises(UnsupportedFormatError, match="not a Flat OPC"):
        open_document(b'<?xml version="1.0"?><html/>', name="x.xml")


def test_binary_garbage_is_unsupported():
    with pytest.raises(UnsupportedFormatError) as caught:
        open_document(b"\x00\x01\x02garbage" * 20, name="x.bin")

    assert caught.value.status == 415


def test_package_open_rejects_plain_text():
    with pytest.raises(UnsupportedFormatError, match="neither a zip package"):
        Package.open(b"just text")


# ----- corrupt and hostile zips -----------------------------------------------------

def test_truncated_zip_is_corrupt():
    data = make_docx(BODY)

    with pytest.raises(CorruptDocumentError) as caught:
        open_document(data[: len(data) // 2], name="cut.docx")

    assert caught.value.status == 422
    assert "truncated or damaged" in caught.value.message


def test_zip_without_content_types_is_unsupported():
    entries = zip_entries(make_docx(BODY))
    del entries["[Content_Types].xml"]

    with pytest.raises(UnsupportedFormatError, match=r"no \[Content_Types\]\.xml"):
        open_document(rezip(entries), name="x.docx")


def test_zip_without_office_document_relationship_is_unsupported():
    entries = zip_entries(make_docx(BODY))
    entries["_rels/.rels"] = (b'<Relationships xmlns="http://schemas.openxmlformats.org/'
                              b'package/2006/relationships"/>')

    with pytest.raises(UnsupportedFormatError, match="no officeDocument relationship"):
        open_document(rezip(entries), name="x.docx")


def test_missing_main_part_is_corrupt():
    entries = zip_entries(make_docx(BODY))
    del entries["word/document.xml"]

    with pytest.raises(CorruptDocumentError, match="word/document.xml"):
        open_document(rezip(entries), name="x.docx")


@pytest.mark.parametrize("content_type, what", [
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
     "an Excel workbook"),
    ("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
     "a PowerPoint presentation"),
])
def test_spreadsheet_or_presentation_main_part_is_named(content_type, what):
    with pytest.raises(UnsupportedFormatError) as caught:
        open_document(make_docx(BODY, main_content_type=content_type), name="x.docx")

    assert caught.value.status == 415
    assert what in caught.value.message


def test_malformed_xml_names_part_and_line():
    broken = b'<?xml version="1.0"?>\n<w:document xmlns:w="x">\n<w:body><w:p></w:body>'

    with pytest.raises(CorruptDocumentError) as caught:
        open_document(make_docx("", document_xml=broken), name="x.docx")

    assert "word/document.xml" in caught.value.message
    assert "line 3" in caught.value.message


@pytest.mark.parametrize("declaration", [
    b'<!DOCTYPE w:document [<!ENTITY x "boom">]>',
    b'<!DOCTYPE w:document SYSTEM "file:///etc/passwd">',
    b'<!doctype w:document>',
])
def test_dtd_in_a_part_is_unsafe(declaration):
    document = xml_part("document", "<w:body><w:p><w:r><w:t>&amp;</w:t></w:r></w:p></w:body>")
    document = document.replace(b"?>\n", b"?>\n" + declaration, 1)

    with pytest.raises(UnsafeXmlError) as caught:
        open_document(make_docx("", document_xml=document), name="x.docx")

    assert caught.value.status == 422
    assert "word/document.xml" in caught.value.message


def test_dtd_in_flat_opc_is_unsafe():
    data = (b'<?xml version="1.0"?><!DOCTYPE pkg:package [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">&e;'
            b'</pkg:package>')

    with pytest.raises(UnsafeXmlError):
        open_document(data, name="x.xml")


def test_zip_bomb_rejected_from_declared_sizes():
    entries = zip_entries(make_docx(BODY))
    entries["word/media/zeros.bin"] = bytes(3 * 1024 * 1024)
    limits = Limits(max_uncompressed_bytes=2 * 1024 * 1024)

    with pytest.raises(DocumentTooLargeError) as caught:
        open_document(rezip(entries), name="bomb.docx", limits=limits)

    assert caught.value.status == 413
    assert "before inflating" in caught.value.message


def test_zip_bomb_rejected_by_compression_ratio():
    entries = zip_entries(make_docx(BODY))
    entries["word/media/zeros.bin"] = bytes(2 * 1024 * 1024)

    with pytest.raises(DocumentTooLargeError, match="ratio"):
        open_document(rezip(entries), name="bomb.docx")


def test_lying_declared_size_never_inflates_past_it():
    entries = zip_entries(make_docx(BODY))
    entries["word/media/zeros.bin"] = bytes(200_000)
    data = bytearray(rezip(entries))
    # Shrink the uncompressed size in the central directory entry of zeros.bin.
    position = data.rfind(b"word/media/zeros.bin") - 46
    assert data[position:position + 4] == b"PK\x01\x02"
    struct.pack_into("<I", data, position + 24, 1000)

    with pytest.raises((CorruptDocumentError, DocumentTooLargeError)):
        open_document(bytes(data), name="liar.docx")


def test_too_many_parts_is_too_large():
    entries = zip_entries(make_docx(BODY))
    for i in range(20):
        entries[f"customXml/item{i}.xml"] = b"<a/>"

    with pytest.raises(DocumentTooLargeError, match="entries"):
        open_document(rezip(entries), name="x.docx", limits=Limits(max_parts=10))


def test_input_over_size_cap_is_413():
    with pytest.raises(DocumentTooLargeError) as caught:
        open_document(make_docx(BODY), name="x.docx", limits=Limits(max_input_bytes=100))

    assert caught.value.status == 413


def test_encrypted_zip_entry_is_password_protected():
    data = bytearray(make_docx(BODY))
    # Set the "encrypted" bit (general purpose flag bit 0) in every central directory entry.
    position = data.find(b"PK\x01\x02")
    while position >= 0:
        flags, = struct.unpack_from("<H", data, position + 8)
        struct.pack_into("<H", data, position + 8, flags | 1)
        position = data.find(b"PK\x01\x02", position + 4)

    with pytest.raises(PasswordProtectedError):
        open_document(bytes(data), name="x.docx")


# ----- reading ----------------------------------------------------------------------

def test_main_part_found_through_relationships():
    doc = open_document(make_docx(BODY, main_name="word/main.xml"), name="x.docx")

    assert doc.story("body")[0].part == "word/main.xml"
    assert doc.story("body")[0].text == "Customer Data stays with Customer."


def test_docm_is_read_with_macro_warning():
    data = make_docx(BODY, main_content_type="application/vnd.ms-word.document.macroEnabled.main+xml")

    doc = open_document(data, name="x.docm")

    assert doc.format == "docm"
    assert "macros_ignored" in [w.code for w in doc.warnings]


def strict_docx() -> bytes:
    entries = zip_entries(make_docx(BODY))
    for name in ("word/document.xml", "_rels/.rels"):
        entries[name] = (entries[name]
                         .replace(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                                  b"http://purl.oclc.org/ooxml/wordprocessingml/main")
                         .replace(b"http://schemas.openxmlformats.org/officeDocument/2006/"
                                  b"relationships",
                                  b"http://purl.oclc.org/ooxml/officeDocument/relationships"))
    return rezip(entries)


def test_strict_namespaces_are_mapped_with_warning():
    doc = open_document(strict_docx(), name="strict.docx")

    assert [p.text for p in doc.story("body")] == ["Customer Data stays with Customer."]
    warning = next(w for w in doc.warnings if w.code == "strict_ooxml")
    assert "Strict" in warning.message


# ----- writing ----------------------------------------------------------------------

def test_docx_round_trip_keeps_parts_byte_identical():
    original = make_docx(BODY, stories={"header": "<w:p><w:r><w:t>H</w:t></w:r></w:p>"})
    package = Package.open(original)
    package.main_part.xml  # parsing alone must not change what is written

    written = package.to_bytes("docx")

    assert zip_entries(written) == zip_entries(original)
    assert list(zip_entries(written)) == list(zip_entries(original))


def test_dirty_part_is_serialised_and_others_kept():
    original = make_docx(BODY, stories={"header": "<w:p><w:r><w:t>H</w:t></w:r></w:p>"})
    package = Package.open(original)
    package.main_part.xml.find(".//{*}t").text = "Changed."
    package.main_part.mark_dirty()

    before, after = zip_entries(original), zip_entries(package.to_bytes())

    assert b"Changed." in after["word/document.xml"]
    assert {n for n in before if before[n] != after[n]} == {"word/document.xml"}


def test_add_part_and_relationship():
    package = Package.open(make_docx(BODY))
    root = etree.fromstring(xml_part("comments", ""))

    package.add_part("word/comments.xml", "application/vnd.openxmlformats-officedocument."
                     "wordprocessingml.comments+xml", root)
    rid = package.add_relationship(package.main_part, "http://schemas.openxmlformats.org/"
                                   "officeDocument/2006/relationships/comments", "comments.xml")
    reopened = Package.open(package.to_bytes())

    assert rid == "rId1"
    assert reopened.related(reopened.main_part, "http://schemas.openxmlformats.org/"
                            "officeDocument/2006/relationships/comments").name == "word/comments.xml"
    assert reopened.get("word/comments.xml").content_type.endswith("comments+xml")


def test_flat_opc_round_trip_keeps_parts():
    docx = make_docx(BODY, stories={"footnotes": '<w:footnote w:id="1"><w:p><w:r><w:t>N</w:t>'
                                                 '</w:r></w:p></w:footnote>'},
                     extra_parts={"word/media/image1.png": b"\x89PNG\r\n\x1a\nfake"})
    flat = Package.open(docx).to_bytes("flatopc")

    from_flat = Package.open(flat)
    as_docx = from_flat.to_bytes("docx")
    again = Package.open(Package.open(as_docx).to_bytes("flatopc"))

    assert detect_format(flat) == "flatopc"
    assert from_flat.source_format == "flatopc"
    assert set(again.parts) == set(Package.open(docx).parts)
    for name, part in Package.open(docx).parts.items():
        copy = again.get(name)
        assert copy.content_type == part.content_type or name.endswith(".png")
        if part.is_xml:
            assert etree.tostring(copy.xml, method="c14n") == etree.tostring(part.xml, method="c14n")
        else:
            assert copy.blob == part.blob
    assert open_document(as_docx).story("footnote")[0].text == "N"


def test_flat_opc_dangling_relationship_is_warned():
    flat = Package.open(make_docx(BODY)).to_bytes("flatopc")
    flat = flat.replace(b'Target="word/document.xml"/>', b'Target="word/document.xml"/>'
                        b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/'
                        b'2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>')

    doc = open_document(flat, name="getooxml.xml")

    assert doc.format == "flatopc"
    assert doc.story("body")[0].text == "Customer Data stays with Customer."
    warning = next(w for w in doc.warnings if w.code == "dangling_relationship")
    assert "docProps/core.xml" in warning.message


def test_unknown_output_format_is_rejected():
    with pytest.raises(ValueError, match="unknown package format 'pdf'"):
        Package.open(make_docx(BODY)).to_bytes("pdf")


def test_main_content_type_constant_matches_reader():
    assert MAIN_CONTENT_TYPE.endswith("document.main+xml")


def test_unknown_zip_version_is_corrupt():
    data = bytearray(make_docx(BODY))
    position = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, position + 6, 99)  # "version needed to extract": 9.9

    with pytest.raises(CorruptDocumentError, match="not a readable zip archive"):
        open_document(bytes(data), name="x.docx")


def test_bad_local_header_offset_is_corrupt():
    data = bytearray(make_docx(BODY))
    position = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, position + 42, 0xFFFFFF00)  # offset past the end

    with pytest.raises(CorruptDocumentError):
        open_document(bytes(data), name="x.docx")
