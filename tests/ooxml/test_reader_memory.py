"""What the reader keeps in memory: shared view lists, dropped zip bytes, streamed writes."""

from __future__ import annotations

import gc
import io
import zipfile

import pytest
from lxml import etree

from termscore.document import open_document
from termscore.limits import DEFAULT_LIMITS
from termscore.ooxml import ids
from termscore.ooxml.namespaces import qn
from termscore.ooxml.package import Package
from termscore.ooxml.reader import read_package
from termscore.ooxml.textmodel import StoryWalker, join_paragraphs

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def walk(body_xml: str):
    body = etree.fromstring(f'<w:body xmlns:w="{W_NS}">{body_xml}</w:body>')
    walker = StoryWalker(lambda code, message: None)
    walker.read_story(body, "body")
    return walker.paragraphs


def zip_entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


# ----- joined views ------------------------------------------------------------------


def test_join_plain_paragraph_shares_one_list():
    records = walk('<w:p><w:r><w:t>Plain</w:t></w:r></w:p>')

    views, = join_paragraphs(records)

    assert views.current is views.original
    assert views.current is records[0].segments
    assert views.current_elements is None
    assert views.original_elements is None


def test_join_tracked_insertion_splits_views():
    records = walk('<w:p><w:r><w:t>Old </w:t></w:r><w:ins w:id="1" w:author="A">'
                   '<w:r><w:t>new</w:t></w:r></w:ins></w:p>')

    views, = join_paragraphs(records)

    assert [segment[0] for segment in views.current] == ["Old ", "new"]
    assert [segment[0] for segment in views.original] == ["Old "]


def test_join_deleted_mark_lists_both_elements():
    records = walk('<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr>'
                   '<w:r><w:t>First </w:t></w:r></w:p><w:p><w:r><w:t>second</w:t></w:r></w:p>')

    first, second = join_paragraphs(records)

    assert first.current == []
    assert first.merged_into == 1
    assert first.current_elements is None
    assert second.current_elements == [records[0].element, records[1].element]
    assert [segment[0] for segment in second.current] == ["First ", "second"]
    assert second.original_elements is None
    assert second.original is records[1].segments


def test_source_elements_default_to_own_paragraph(make_docx):
    doc = open_document(make_docx('<w:p><w:r><w:t>Only</w:t></w:r></w:p>'), name="t.docx")

    source = doc.story("body")[0].source

    assert source.elements("current") == [source.element]
    assert source.elements("original") == [source.element]
    with pytest.raises(ValueError, match="unknown text view 'both'"):
        source.elements("both")


# ----- paragraph properties ----------------------------------------------------------


def test_walker_records_style_and_outline_level():
    record, = walk('<w:p><w:pPr><w:pStyle w:val="Body"/><w:outlineLvl w:val="2"/></w:pPr>'
                   '<w:r><w:t>x</w:t></w:r></w:p>')

    assert record.style == "Body"
    assert record.outline_level == "2"


def test_walker_reads_first_of_repeated_properties():
    record, = walk('<w:p><w:pPr><w:pStyle w:val="First"/><w:pStyle w:val="Second"/>'
                   '<w:rPr><w:ins w:id="1" w:author="A"/></w:rPr>'
                   '<w:rPr><w:del w:id="2" w:author="A"/></w:rPr></w:pPr>'
                   '<w:r><w:t>x</w:t></w:r></w:p>')

    assert record.style == "First"
    assert record.mark_inserted is True
    assert record.mark_deleted is False


def test_paragraph_outline_level_gives_heading(make_docx):
    doc = open_document(make_docx('<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr>'
                                  '<w:r><w:t>Title</w:t></w:r></w:p>'
                                  '<w:p><w:pPr><w:outlineLvl w:val="9"/></w:pPr>'
                                  '<w:r><w:t>Body</w:t></w:r></w:p>'), name="t.docx")

    title, body = doc.story("body")

    assert title.heading_level == 1
    assert body.heading_level is None


# ----- garbage collector -------------------------------------------------------------


@pytest.mark.parametrize("enabled", [True, False])
def test_read_restores_collector_state(make_docx, enabled):
    package = Package.open(make_docx('<w:p><w:r><w:t>x</w:t></w:r></w:p>'), DEFAULT_LIMITS)
    was_enabled = gc.isenabled()
    if not enabled:
        gc.disable()
    try:
        read_package(package)

        assert gc.isenabled() is enabled
    finally:
        if was_enabled:
            gc.enable()


def test_read_pauses_collector(make_docx, monkeypatch):
    from termscore.ooxml import reader

    seen = []
    make_resolver = reader._make_resolver

    def record_state(package, part):
        seen.append(gc.isenabled())
        return make_resolver(package, part)

    monkeypatch.setattr(reader, "_make_resolver", record_state)
    package = Package.open(make_docx('<w:p><w:r><w:t>x</w:t></w:r></w:p>'), DEFAULT_LIMITS)

    read_package(package)

    assert seen == [False]


# ----- package bytes -----------------------------------------------------------------


def test_parsed_part_inflates_blob_again(make_docx):
    data = make_docx('<w:p><w:r><w:t>Kept</w:t></w:r></w:p>')
    original = zip_entries(data)["word/document.xml"]
    package = Package.open(data, DEFAULT_LIMITS)
    part = package.main_part

    assert part.parsed is False
    part.xml  # noqa: B018

    assert part.parsed is True
    assert part.blob == original
    assert zip_entries(package.to_bytes())["word/document.xml"] == original


def test_flat_opc_part_keeps_blob(make_docx):
    docx = open_document(make_docx('<w:p><w:r><w:t>Flat</w:t></w:r></w:p>'), name="t.docx")
    flat = docx.package.to_bytes("flatopc")
    package = Package.open(flat, DEFAULT_LIMITS)
    part = package.main_part
    before = part.blob

    part.xml  # noqa: B018

    assert part.blob == before
    assert b"Flat" in part.blob


def test_changed_part_streams_tostring_bytes(make_docx):
    package = Package.open(make_docx('<w:p><w:r><w:t>Old</w:t></w:r></w:p>'), DEFAULT_LIMITS)
    part = package.main_part
    part.xml.find(f".//{qn('w:t')}").text = "New"
    part.mark_dirty()

    written = zip_entries(package.to_bytes())["word/document.xml"]

    assert part.streams_to_zip is True
    assert written == part.serialize()
    assert written.startswith(b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n")
    assert b"<w:t>New</w:t>" in written


def test_root_beside_instruction_is_not_streamed(make_docx):
    custom = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<?mso-contentType?><Form xmlns="urn:example"><Item>1</Item></Form>')
    data = make_docx('<w:p><w:r><w:t>x</w:t></w:r></w:p>',
                     extra_parts={"customXml/item1.xml": custom})
    package = Package.open(data, DEFAULT_LIMITS)
    part = package.get("customXml/item1.xml")
    part.xml[0].text = "2"
    part.mark_dirty()

    written = zip_entries(package.to_bytes())["customXml/item1.xml"]

    assert part.streams_to_zip is False
    assert written == part.serialize()
    assert b"<Item>2</Item>" in written


def test_unchanged_package_writes_same_entries(make_docx):
    data = make_docx('<w:p><w:r><w:t>Same</w:t></w:r></w:p>',
                     stories={"header": '<w:p><w:r><w:t>Head</w:t></w:r></w:p>'})
    package = Package.open(data, DEFAULT_LIMITS)
    read_package(package)

    assert zip_entries(package.to_bytes()) == zip_entries(data)


def test_story_parts_skip_inflating_parsed_parts(make_docx, monkeypatch):
    package = Package.open(make_docx('<w:p><w:ins w:id="7" w:author="A"><w:r><w:t>x</w:t>'
                                     '</w:r></w:ins></w:p>'), DEFAULT_LIMITS)
    package.main_part.xml  # noqa: B018

    def no_inflate(info):
        raise AssertionError(f"{info.filename} was inflated again")

    monkeypatch.setattr(package, "_inflate_again", no_inflate)

    assert 7 in ids.collect_ids(package)
