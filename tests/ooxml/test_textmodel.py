"""Text views and the character map, one WordprocessingML construct per test."""

from __future__ import annotations

import pytest
from lxml import etree

from termscore.document import open_document
from termscore.ooxml.namespaces import qn

ONE_CHAR = {qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n",
            qn("w:noBreakHyphen"): "\u2011", qn("w:softHyphen"): "\u00ad"}


def read(make_docx, body: str, **kwargs):
    return open_document(make_docx(body, **kwargs), name="test.docx")


def body_texts(document, view="current"):
    return [p.view(view) for p in document.story("body")]


def node_char(node, offset: int) -> str:
    if node.tag in ONE_CHAR:
        assert offset == 0
        return ONE_CHAR[node.tag]
    if node.tag == qn("w:sym"):
        return chr(int(node.get(qn("w:char")), 16))
    return node.text[offset]


def check_char_map(paragraph, view: str) -> list:
    """Assert that the spans tile the view's text and every offset maps to its character."""
    text = paragraph.view(view)
    spans = paragraph.source.spans(view)
    position = 0
    for span in spans:
        assert span.start == position
        assert span.end > span.start
        for offset in range(span.start, span.end):
            assert node_char(span.node, span.node_offset + offset - span.start) == text[offset]
        position = span.end
    assert position == len(text)
    return spans


def tags(spans) -> list[str]:
    return [etree.QName(s.node).localname for s in spans]


def test_plain_runs_map_to_their_text_nodes(make_docx):
    doc = read(make_docx, '<w:p><w:r><w:t>Hello </w:t></w:r><w:r><w:rPr><w:b/></w:rPr>'
                          '<w:t>world</w:t></w:r></w:p>')

    paragraph = doc.story("body")[0]
    spans = check_char_map(paragraph, "current")

    assert paragraph.text == "Hello world"
    assert [(s.start, s.end) for s in spans] == [(0, 6), (6, 11)]
    assert all(s.run.tag == qn("w:r") for s in spans)
    assert paragraph.part == "word/document.xml"


def test_hyperlink_text_counts_and_container_is_link(make_docx):
    doc = read(make_docx, '<w:p><w:r><w:t xml:space="preserve">a perpetual </w:t></w:r>'
                          '<w:hyperlink r:id="rId9"><w:r><w:t>worldwide</w:t></w:r></w:hyperlink>'
                          '<w:r><w:t xml:space="preserve"> license</w:t></w:r></w:p>')

    paragraph = doc.story("body")[0]
    spans = check_char_map(paragraph, "current")

    assert paragraph.text == "a perpetual worldwide license"
    assert spans[0].container is None
    assert spans[1].container.tag == qn("w:hyperlink")
    assert spans[2].container is None


def test_nested_smart_tags_and_custom_xml_count(make_docx):
    doc = read(make_docx, '<w:p><w:smartTag w:uri="u" w:element="place"><w:smartTag w:uri="u" '
                          'w:element="City"><w:r><w:t>Paris</w:t></w:r></w:smartTag></w:smartTag>'
                          '<w:customXml w:element="x"><w:r><w:t xml:space="preserve"> office</w:t>'
                          '</w:r></w:customXml></w:p>')

    paragraph = doc.story("body")[0]
    spans = check_char_map(paragraph, "current")

    assert paragraph.text == "Paris office"
    assert spans[0].container.tag == qn("w:smartTag")
    assert spans[0].container.get(qn("w:element")) == "City"
    assert spans[1].container.tag == qn("w:customXml")


def test_inline_and_block_content_controls(make_docx):
    doc = read(make_docx,
               '<w:sdt><w:sdtPr><w:lock w:val="contentLocked"/></w:sdtPr><w:sdtContent>'
               '<w:p><w:r><w:t>Locked clause.</w:t></w:r></w:p></w:sdtContent></w:sdt>'
               '<w:p><w:r><w:t xml:space="preserve">Term is </w:t></w:r><w:sdt><w:sdtPr>'
               '<w:lock w:val="sdtContentLocked"/></w:sdtPr><w:sdtContent><w:r><w:t>perpetual'
               '</w:t></w:r></w:sdtContent></w:sdt><w:r><w:t>.</w:t></w:r></w:p>'
               '<w:p><w:sdt><w:sdtPr><w:lock w:val="sdtLocked"/></w:sdtPr><w:sdtContent><w:r>'
               '<w:t>Open</w:t></w:r></w:sdtContent></w:sdt></w:p>')

    first, second, third = doc.story("body")
    spans = check_char_map(second, "current")

    assert body_texts(doc) == ["Locked clause.", "Term is perpetual.", "Open"]
    assert first.locked is True
    assert [s.locked for s in spans] == [False, True, False]
    assert spans[1].container.tag == qn("w:sdtContent")
    assert second.locked is True
    assert third.locked is False  # sdtLocked forbids deleting the control, not editing it


def test_simple_field_result_counts(make_docx):
    doc = read(make_docx, '<w:p><w:r><w:t xml:space="preserve">Dated </w:t></w:r>'
                          '<w:fldSimple w:instr=" DATE \\@ &quot;d MMMM yyyy&quot; ">'
                          '<w:r><w:t>1 May 2024</w:t></w:r></w:fldSimple></w:p>')

    paragraph = doc.story("body")[0]
    spans = check_char_map(paragraph, "current")

    assert paragraph.text == "Dated 1 May 2024"
    assert spans[0].field is None
    assert spans[1].field.tag == qn("w:fldSimple")


COMPLEX_FIELD = (
    '<w:p><w:r><w:t xml:space="preserve">See Section </w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> REF _Ref4 \\h </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    '<w:r><w:t>4.2</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    '<w:r><w:t xml:space="preserve"> below.</w:t></w:r></w:p>'
)


def test_complex_field_shows_result_not_instructions(make_docx):
    doc = read(make_docx, COMPLEX_FIELD)

    paragraph = doc.story("body")[0]
    spans = check_char_map(paragraph, "current")

    assert paragraph.text == "See Section 4.2 below."
    assert paragraph.original == "See Section 4.2 below."
    assert spans[1].field.tag == qn("w:fldChar")
    assert spans[1].field.get(qn("w:fldCharType")) == "begin"
    assert spans[0].field is None
    assert spans[2].field is None


def test_nested_fields_show_outer_result(make_docx):
    # An IF field whose instructions hold a nested REF field: the nested result belongs
    # to the outer instructions, so only the outer result is text.
    doc = read(make_docx,
               '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
               '<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>'
               '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
               '<w:r><w:instrText> REF x </w:instrText></w:r>'
               '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
               '<w:r><w:t>inner</w:t></w:r>'
               '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
               '<w:r><w:instrText xml:space="preserve"> = 1 "yes" "no" </w:instrText></w:r>'
               '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
               '<w:r><w:t>yes</w:t></w:r>'
               '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
               '<w:r><w:t>!</w:t></w:r></w:p>')

    paragraph = doc.story("body")[0]
    spans = check_char_map(paragraph, "current")

    assert paragraph.text == "yes!"
    assert spans[0].field.get(qn("w:fldCharType")) == "begin"
    assert spans[1].field is None


def test_complex_field_without_separate_has_no_text(make_docx):
    doc = read(make_docx,
               '<w:p><w:r><w:t xml:space="preserve">Page </w:t></w:r>'
               '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
               '<w:r><w:instrText> PAGE </w:instrText></w:r>'
               '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
               '<w:r><w:t xml:space="preserve"> end</w:t></w:r></w:p>')

    assert body_texts(doc) == ["Page  end"]


def test_field_result_spanning_paragraphs(make_docx):
    doc = read(make_docx,
               '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
               '<w:r><w:instrText> TOC \\o </w:instrText></w:r>'
               '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1. Scope</w:t></w:r></w:p>'
               '<w:p><w:r><w:t>2. Data</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
               '<w:p><w:r><w:t>Body</w:t></w:r></w:p>')

    first, second, third = doc.story("body")

    assert body_texts(doc) == ["1. Scope", "2. Data", "Body"]
    assert first.source.spans()[0].field is second.source.spans()[0].field
    assert third.source.spans()[0].field is None


TRACKED = (
    '<w:p><w:r><w:t xml:space="preserve">Provider shall </w:t></w:r>'
    '<w:del w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r>'
    '<w:delText xml:space="preserve">not </w:delText></w:r></w:del>'
    '<w:r><w:t xml:space="preserve">use data </w:t></w:r>'
    '<w:ins w:id="2" w:author="B" w:date="2024-01-01T00:00:00Z"><w:r>'
    '<w:t xml:space="preserve">to train models </w:t></w:r></w:ins>'
    '<w:r><w:t>today.</w:t></w:r></w:p>'
)


def test_insertions_and_deletions_in_both_views(make_docx):
    doc = read(make_docx, TRACKED)

    paragraph = doc.story("body")[0]
    current = check_char_map(paragraph, "current")
    original = check_char_map(paragraph, "original")

    assert paragraph.text == "Provider shall use data to train models today."
    assert paragraph.original == "Provider shall not use data today."
    assert tags(current) == ["t", "t", "t", "t"]
    assert current[2].revision.tag == qn("w:ins")
    assert current[2].revision.get(qn("w:author")) == "B"
    assert tags(original) == ["t", "delText", "t", "t"]
    assert original[1].revision.tag == qn("w:del")
    assert (original[1].start, original[1].end) == (15, 19)


def test_text_inside_deletion_is_deleted_whatever_element(make_docx):
    doc = read(make_docx, '<w:p><w:r><w:t xml:space="preserve">Keep </w:t></w:r>'
                          '<w:del w:id="1" w:author="A"><w:r><w:t xml:space="preserve">gone </w:t>'
                          '<w:tab/></w:r><w:hyperlink r:id="rId3"><w:r><w:t>link</w:t></w:r>'
                          '</w:hyperlink></w:del><w:r><w:t>end</w:t></w:r></w:p>')

    paragraph = doc.story("body")[0]
    check_char_map(paragraph, "original")

    assert paragraph.text == "Keep end"
    assert paragraph.original == "Keep gone \tlinkend"


def test_moves_follow_insert_and_delete_rules(make_docx):
    doc = read(make_docx, '<w:p><w:moveFrom w:id="1" w:author="A"><w:r><w:t>Old place. </w:t>'
                          '</w:r></w:moveFrom><w:r><w:t xml:space="preserve">Stay. </w:t></w:r>'
                          '<w:moveTo w:id="2" w:author="A"><w:r><w:t>Old place.</w:t></w:r>'
                          '</w:moveTo></w:p>')

    paragraph = doc.story("body")[0]
    current = check_char_map(paragraph, "current")

    assert paragraph.text == "Stay. Old place."
    assert paragraph.original == "Old place. Stay. "
    assert current[1].revision.tag == qn("w:moveTo")


def test_insertion_inside_deletion_is_in_neither_view(make_docx):
    doc = read(make_docx, '<w:p><w:r><w:t>A</w:t></w:r><w:ins w:id="1" w:author="X"><w:del '
                          'w:id="2" w:author="Y"><w:r><w:delText>B</w:delText></w:r></w:del>'
                          '</w:ins><w:r><w:t>C</w:t></w:r></w:p>')

    assert body_texts(doc) == ["AC"]
    assert body_texts(doc, "original") == ["AC"]


DELETED_MARK = (
    '<w:p><w:pPr><w:rPr><w:del w:id="7" w:author="A"/></w:rPr></w:pPr>'
    '<w:r><w:t xml:space="preserve">First half </w:t></w:r></w:p>'
    '<w:p><w:r><w:t>second half.</w:t></w:r></w:p>'
    '<w:p><w:r><w:t>Next.</w:t></w:r></w:p>'
)


def test_deleted_paragraph_mark_joins_following_paragraph(make_docx):
    doc = read(make_docx, DELETED_MARK)

    first, second, third = doc.story("body")
    spans = check_char_map(second, "current")

    assert [p.index for p in (first, second, third)] == [0, 1, 2]
    assert first.text == ""
    assert first.merged_into == 1
    assert second.text == "First half second half."
    assert second.merged_into is None
    assert spans[0].paragraph is first.source.element
    assert spans[1].paragraph is second.source.element
    assert second.source.elements("current") == [first.source.element, second.source.element]
    assert [first.original, second.original] == ["First half ", "second half."]
    assert third.text == "Next."


def test_inserted_paragraph_mark_joins_in_original_view(make_docx):
    doc = read(make_docx, '<w:p><w:pPr><w:rPr><w:ins w:id="7" w:author="A"/></w:rPr></w:pPr>'
                          '<w:r><w:t xml:space="preserve">One </w:t></w:r></w:p>'
                          '<w:p><w:r><w:t>two.</w:t></w:r></w:p>')

    first, second = doc.story("body")
    check_char_map(second, "original")

    assert [first.text, second.text] == ["One ", "two."]
    assert [first.original, second.original] == ["", "One two."]
    assert first.original_merged_into == 1
    assert first.to_dict("original")["merged_into"] == 1


def test_deleted_mark_never_joins_into_a_table(make_docx):
    doc = read(make_docx, '<w:p><w:pPr><w:rPr><w:del w:id="7" w:author="A"/></w:rPr></w:pPr>'
                          '<w:r><w:t>Before</w:t></w:r></w:p>'
                          '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell</w:t></w:r></w:p></w:tc></w:tr>'
                          '</w:tbl>')

    assert body_texts(doc) == ["Before", "Cell"]


def test_nested_tables_in_document_order(make_docx):
    doc = read(make_docx,
               '<w:p><w:r><w:t>Intro</w:t></w:r></w:p>'
               '<w:tbl><w:tblPr/><w:tblGrid/><w:tr><w:tc><w:tcPr/><w:p><w:r><w:t>A1</w:t></w:r></w:p>'
               '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Inner</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
               '<w:p/></w:tc><w:tc><w:p><w:r><w:t>B1</w:t></w:r></w:p></w:tc></w:tr>'
               '<w:sdt><w:sdtContent><w:tr><w:tc><w:p><w:r><w:t>A2</w:t></w:r></w:p></w:tc></w:tr>'
               '</w:sdtContent></w:sdt></w:tbl>'
               '<w:p><w:r><w:t>Outro</w:t></w:r></w:p>')

    paragraphs = doc.story("body")

    assert body_texts(doc) == ["Intro", "A1", "Inner", "", "B1", "A2", "Outro"]
    assert [p.index for p in paragraphs] == list(range(7))
    assert [p.in_table for p in paragraphs] == [False, True, True, True, True, True, False]


DRAWING_TEXTBOX = (
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
    '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Boxed clause.</w:t></w:r></w:p>'
    '</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>'
    '</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>'
    '<w:t>Boxed clause.</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>'
    '</mc:Fallback></mc:AlternateContent></w:r>'
)


def test_drawing_text_box_read_once_as_textbox_story(make_docx):
    doc = read(make_docx, '<w:p><w:r><w:t>Anchor</w:t></w:r>' + DRAWING_TEXTBOX + '</w:p>'
                          '<w:p><w:r><w:t>After</w:t></w:r></w:p>')

    stories = [(p.story, p.index, p.text) for p in doc.story("all")]

    assert stories == [("body", 0, "Anchor"), ("textbox", 0, "Boxed clause."),
                       ("body", 1, "After")]
    assert doc.story("textbox")[0].part == "word/document.xml"


def test_unknown_choice_falls_back_to_vml_text_box(make_docx):
    body = DRAWING_TEXTBOX.replace('Requires="wps"', 'Requires="w14 x"').replace(
        '<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Boxed clause.',
        '<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>VML box.')
    body = body.replace("<w:r><mc:AlternateContent>",
                        '<w:r><mc:AlternateContent xmlns:x="urn:unknown">')

    doc = read(make_docx, f"<w:p>{body}</w:p>")

    assert [p.text for p in doc.story("textbox")] == ["VML box."]


def test_legacy_vml_text_box_is_read(make_docx):
    doc = read(make_docx, '<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>'
                          '<w:t>Legacy box</w:t></w:r></w:p></w:txbxContent></v:textbox>'
                          '</v:shape></w:pict></w:r></w:p>')

    assert [p.text for p in doc.story("textbox")] == ["Legacy box"]
    assert body_texts(doc) == [""]


def test_symbol_tab_break_and_hyphens(make_docx):
    doc = read(make_docx, '<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/>'
                          '<w:sym w:font="Wingdings" w:char="F0FC"/><w:t>world</w:t>'
                          '<w:softHyphen/><w:t>wide</w:t><w:noBreakHyphen/><w:t>x</w:t>'
                          '<w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/>'
                          '<w:sym w:font="Symbol" w:char="00A7"/></w:r></w:p>')

    paragraph = doc.story("body")[0]
    spans = check_char_map(paragraph, "current")

    assert paragraph.text == "a\tb\nc\n\uf0fcworld\u00adwide\u2011x\t\u00a7"
    assert tags(spans) == ["t", "tab", "t", "br", "t", "cr", "sym", "t", "softHyphen", "t",
                           "noBreakHyphen", "t", "ptab", "sym"]


def test_proofing_bookmarks_and_page_breaks_are_not_text(make_docx):
    doc = read(make_docx, '<w:p><w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" '
                          'w:name="b"/><w:r><w:t>li</w:t><w:lastRenderedPageBreak/><w:t>cense'
                          '</w:t></w:r><w:bookmarkEnd w:id="0"/><w:proofErr w:type="spellEnd"/>'
                          '<w:commentRangeStart w:id="3"/><w:r><w:commentReference w:id="3"/></w:r>'
                          '</w:p>')

    paragraph = doc.story("body")[0]
    spans = check_char_map(paragraph, "current")

    assert paragraph.text == "license"
    assert [(s.start, s.end, s.node.text) for s in spans] == [(0, 2, "li"), (2, 7, "cense")]


def test_math_text_is_read_with_warning(make_docx):
    doc = read(make_docx, '<w:p><w:r><w:t xml:space="preserve">Fee = </w:t></w:r><m:oMath><m:r>'
                          '<m:t>x</m:t></m:r><m:sSup><m:e><m:r><m:t>y</m:t></m:r></m:e><m:sup>'
                          '<m:r><m:t>2</m:t></m:r></m:sup></m:sSup></m:oMath></w:p>')

    paragraph = doc.story("body")[0]

    assert paragraph.text == "Fee = xy2"
    assert "math_as_text" in [w.code for w in doc.warnings]


def test_altchunk_and_ole_object_are_warned(make_docx):
    doc = read(make_docx, '<w:altChunk r:id="rId20"/><w:p><w:r><w:object><v:shape/>'
                          '<o:OLEObject ProgID="Excel.Sheet.12"/></w:object></w:r></w:p>')

    codes = [w.code for w in doc.warnings]

    assert "altchunk_skipped" in codes
    assert "ole_object_skipped" in codes


def test_unknown_element_with_text_is_warned(make_docx):
    doc = read(make_docx, '<w:p><w:r><w:t>Known</w:t></w:r><w:futureThing><w:r><w:t>lost'
                          '</w:t></w:r></w:futureThing></w:p>')

    warning = next(w for w in doc.warnings if w.code == "unknown_element")

    assert body_texts(doc) == ["Known"]
    assert "futureThing" in warning.message


def test_paragraph_id_and_style(make_docx):
    styles = ('<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/>'
              '</w:style><w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
              '<w:name w:val="Normal"/></w:style>')
    doc = read(make_docx, '<w:p w14:paraId="3A1F0C2B"><w:pPr><w:pStyle w:val="Heading2"/>'
                          '</w:pPr><w:r><w:t>Data</w:t></w:r></w:p><w:p><w:r><w:t>x</w:t></w:r>'
                          '</w:p>', stories={"styles": styles})

    heading, normal = doc.story("body")

    assert heading.para_id == "3A1F0C2B"
    assert (heading.style, heading.style_name, heading.heading_level) == \
        ("Heading2", "heading 2", 2)
    assert (normal.style_name, normal.heading_level) == ("Normal", None)


def test_headers_footnotes_endnotes_comments(make_docx):
    doc = read(make_docx, '<w:p><w:r><w:t>Body</w:t></w:r></w:p>', stories={
        "header": '<w:p><w:r><w:t>Head</w:t></w:r></w:p>',
        "footer": '<w:p><w:r><w:t>Foot</w:t></w:r></w:p>',
        "footnotes": '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
                     '</w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
                     '<w:r><w:t>Note one</w:t></w:r></w:p></w:footnote>',
        "endnotes": '<w:endnote w:id="2"><w:p><w:r><w:t>End note</w:t></w:r></w:p></w:endnote>',
        "comments": '<w:comment w:id="5" w:author="R"><w:p><w:r><w:t>Check</w:t></w:r></w:p>'
                    '</w:comment>',
    })

    found = [(p.story, p.part, p.index, p.note_id, p.text) for p in doc.story("all")]

    assert found == [
        ("body", "word/document.xml", 0, None, "Body"),
        ("header", "word/header1.xml", 0, None, "Head"),
        ("footer", "word/footer1.xml", 0, None, "Foot"),
        ("footnote", "word/footnotes.xml", 0, "1", "Note one"),
        ("endnote", "word/endnotes.xml", 0, "2", "End note"),
        ("comment", "word/comments.xml", 0, "5", "Check"),
    ]


def test_unknown_view_is_rejected(make_docx):
    doc = read(make_docx, "<w:p><w:r><w:t>x</w:t></w:r></w:p>")

    with pytest.raises(ValueError, match="unknown text view 'accepted'"):
        doc.story("body")[0].source.spans("accepted")


def test_locate_returns_node_offset(make_docx):
    doc = read(make_docx, '<w:p><w:r><w:t>ab</w:t></w:r><w:r><w:t>cdef</w:t></w:r></w:p>')

    span, offset = doc.story("body")[0].source.locate(4)

    assert (span.node.text, offset) == ("cdef", 2)


def test_chain_of_deleted_marks_joins_into_last(make_docx):
    doc = read(make_docx, '<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr>'
                          '<w:del w:id="2" w:author="A"><w:r><w:delText>Gone.</w:delText></w:r>'
                          '</w:del></w:p>'
                          '<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="A"/></w:rPr></w:pPr>'
                          '<w:r><w:t xml:space="preserve">Kept </w:t></w:r></w:p>'
                          '<w:p><w:r><w:t>end.</w:t></w:r></w:p>')

    paragraphs = doc.story("body")
    spans = check_char_map(paragraphs[2], "current")

    assert body_texts(doc) == ["", "", "Kept end."]
    assert [p.merged_into for p in paragraphs] == [2, 2, None]
    assert body_texts(doc, "original") == ["Gone.", "Kept ", "end."]
    assert [s.paragraph for s in spans] == [paragraphs[1].source.element,
                                            paragraphs[2].source.element]


def test_deleted_field_result_only_in_original(make_docx):
    doc = read(make_docx, '<w:p><w:r><w:t xml:space="preserve">See </w:t></w:r>'
                          '<w:del w:id="1" w:author="A"><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                          '<w:r><w:delInstrText> REF x </w:delInstrText></w:r>'
                          '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                          '<w:r><w:delText>4.2</w:delText></w:r>'
                          '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:del></w:p>')

    paragraph = doc.story("body")[0]
    spans = check_char_map(paragraph, "original")

    assert paragraph.text == "See "
    assert paragraph.original == "See 4.2"
    assert spans[1].field.get(qn("w:fldCharType")) == "begin"
    assert spans[1].revision.tag == qn("w:del")


def test_ruby_reads_base_text_only(make_docx):
    doc = read(make_docx, '<w:p><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>kan</w:t></w:r></w:rt>'
                          '<w:rubyBase><w:r><w:t>漢</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>')

    assert body_texts(doc) == ["漢"]


def test_chart_and_smartart_are_warned(make_docx):
    chart = ('<w:p><w:r><w:drawing><wp:inline><a:graphic><a:graphicData uri="http://schemas.'
             'openxmlformats.org/drawingml/2006/chart"/></a:graphic></wp:inline></w:drawing></w:r>'
             '<w:r><w:drawing><wp:inline><a:graphic><a:graphicData uri="http://schemas.'
             'openxmlformats.org/drawingml/2006/diagram"/></a:graphic></wp:inline></w:drawing></w:r>'
             '</w:p>')

    codes = [w.code for w in read(make_docx, chart).warnings]

    assert "chart_skipped" in codes
    assert "smartart_skipped" in codes


def test_glossary_part_is_warned(make_docx):
    data = make_docx(BODY_ONE, extra_parts={"word/glossary/document.xml": b"<w:glossaryDocument "
                     b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'})
    data = _add_main_relationship(data, "http://schemas.openxmlformats.org/officeDocument/2006/"
                                  "relationships/glossaryDocument", "glossary/document.xml")

    doc = open_document(data, name="g.docx")

    assert "glossary_skipped" in [w.code for w in doc.warnings]


BODY_ONE = "<w:p><w:r><w:t>x</w:t></w:r></w:p>"


def _add_main_relationship(data: bytes, rel_type: str, target: str) -> bytes:
    from termscore.ooxml.package import Package

    package = Package.open(data)
    package.add_relationship(package.main_part, rel_type, target)
    return package.to_bytes()


def test_text_box_inside_header_is_textbox_story(make_docx):
    doc = read(make_docx, BODY_ONE, stories={"header": '<w:p>' + DRAWING_TEXTBOX + '</w:p>'})

    boxes = doc.story("textbox")

    assert [(p.part, p.index, p.text) for p in boxes] == [("word/header1.xml", 0, "Boxed clause.")]


def test_unclosed_field_is_warned(make_docx):
    doc = read(make_docx, '<w:p><w:r><w:t xml:space="preserve">Before </w:t></w:r>'
                          '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                          '<w:r><w:instrText> REF x </w:instrText></w:r></w:p>'
                          '<w:p><w:r><w:t>After</w:t></w:r></w:p>')

    warning = next(w for w in doc.warnings if w.code == "unclosed_field")

    assert body_texts(doc) == ["Before ", ""]
    assert warning.location == "word/document.xml"
    assert "no fldChar end" in warning.message


def test_watermark_text_is_warned(make_docx):
    doc = read(make_docx, BODY_ONE, stories={
        "header": '<w:p><w:r><w:pict><v:shape><v:textpath string="DRAFT"/></v:shape></w:pict>'
                  '</w:r></w:p>'})

    warning = next(w for w in doc.warnings if w.code == "wordart_skipped")

    assert "'DRAFT'" in warning.message
    assert warning.location == "word/header1.xml"


def test_tracked_row_insertion_and_deletion(make_docx):
    doc = read(make_docx,
               '<w:tbl><w:tr><w:trPr><w:ins w:id="1" w:author="A"/></w:trPr><w:tc><w:p><w:r>'
               '<w:t>New row</w:t></w:r></w:p></w:tc></w:tr>'
               '<w:tr><w:trPr><w:del w:id="2" w:author="A"/></w:trPr><w:tc><w:p><w:r>'
               '<w:t>Old row</w:t></w:r></w:p></w:tc></w:tr>'
               '<w:tr><w:tc><w:p><w:r><w:t>Kept</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')

    inserted = doc.story("body")[0].source.spans("current")[0]

    assert body_texts(doc) == ["New row", "", "Kept"]
    assert body_texts(doc, "original") == ["", "Old row", "Kept"]
    assert inserted.revision.tag == qn("w:ins")
    assert inserted.revision.getparent().tag == qn("w:trPr")


def test_numbering_warnings_reach_document(make_docx):
    numbering = ('<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                 '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>')
    body = ('<w:p><w:pPr><w:numPr><w:ilvl w:val="3"/><w:numId w:val="5"/></w:numPr></w:pPr>'
            '<w:r><w:t>Level three has no definition.</w:t></w:r></w:p>')

    document = open_document(make_docx(body, stories={"numbering": numbering}))

    codes = [w.code for w in document.warnings]
    assert "numbering_level_missing" in codes
    assert document.paragraphs[0].label == ""
