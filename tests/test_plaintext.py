"""Plain text and Markdown contracts become paragraphs with labels beside the text."""

from __future__ import annotations

import pytest

from termscore.errors import UnsupportedFormatError
from termscore.plaintext import decode_text, read_text


def texts(document):
    return [(p.label, p.text) for p in document.paragraphs]


def test_blank_lines_split_and_hard_wraps_join():
    document = read_text(b"1. Licence.\r\nCustomer grants\r\na licence.\r\n\r\nSecond para.")

    assert texts(document) == [("1.", "Licence. Customer grants a licence."),
                               ("", "Second para.")]
    assert [p.index for p in document.paragraphs] == [0, 1]
    assert document.paragraphs[0].story == "body"


def test_numbered_line_starts_paragraph_only_in_markdown():
    # Plain text converted from PDF wraps lines anywhere, so a line that starts with
    # "2.1" may continue a sentence. Only Markdown treats such a line as a new item.
    source = b"Intro line\n(a) first item\n(b) second item"

    plain = read_text(source)
    markdown = read_text(source, markdown=True)

    assert texts(plain) == [("", "Intro line (a) first item (b) second item")]
    assert texts(markdown) == [("", "Intro line"), ("(a)", "first item"), ("(b)", "second item")]


@pytest.mark.parametrize("data", [
    "\ufeffSchedule \u00a7 4".encode("utf-8"),
    "Schedule \u00a7 4".encode("utf-16"),
    "Schedule \u00a7 4".encode("cp1252"),
])
def test_decoding_variants(data):
    assert decode_text(data) == "Schedule \u00a7 4"


def test_binary_is_rejected():
    with pytest.raises(UnsupportedFormatError, match="binary file"):
        decode_text(b"\x00\x01\x02\x03", name="blob.bin")


def test_markdown_structure():
    source = ("---\ntitle: Terms\n---\n# 1. Terms\n\n<!-- draft -->\n- Provider may use "
              "[data](http://x).\n\n| Term | Value |\n|---|---|\n| Fee | 10 |\n\n```\ncode line\n```\n")

    document = read_text(source.encode(), markdown=True)

    assert texts(document) == [("1.", "Terms"), ("", "Provider may use data."),
                               ("", "Term | Value"), ("", "Fee | 10"), ("", "code line")]
    assert document.paragraphs[0].heading_level == 1
    assert document.format == "markdown"


def test_empty_text_warns():
    document = read_text(b"\n\n  \n")

    assert document.paragraphs == []
    assert [w.code for w in document.warnings] == ["empty_document"]


# --- text that is not text ---------------------------------------------------------------

CHINESE = "第一条 服务。\n供应商不得使用客户数据训练人工智能模型。\n"


@pytest.mark.parametrize("data, reason", [
    (b"\xff\xfe\x00garbage", "byte order mark makes them read as CJK"),
    (b"\xff\xfe\x00garbage\n", "even number of bytes"),
    (bytes(range(1, 256)) * 8, "control characters"),
    ("\ue000\ue001\ue002 private".encode("utf-8"), "private-use"),
    ("\ufeffabc".encode("utf-8") + b"\xef\xbb\xbf\xff\xfe\xfd" * 5, "not valid utf-8"),
])
def test_decoded_garbage_rejected(data, reason):
    with pytest.raises(UnsupportedFormatError) as raised:
        decode_text(data, "binary.txt")

    assert raised.value.status == 415
    assert raised.value.message.startswith("binary.txt does not look like a text document (")
    assert reason in raised.value.message
    assert raised.value.message.endswith("upload .docx, Flat OPC .xml, .txt or .md")


@pytest.mark.parametrize("data, expected", [
    ("\ufeff1. Services.\r\nProvider shall not train models.\r\n".encode("utf-16-le"),
     "1. Services.\r\nProvider shall not train models.\r\n"),
    (CHINESE.encode("utf-8"), CHINESE),
    (CHINESE.encode("utf-16"), CHINESE),
    ("Café – naïve".encode("cp1252"), "Café – naïve"),
    (b"Page one.\x0cPage two.", "Page one.\x0cPage two."),
])
def test_real_text_still_decodes(data, expected):
    assert decode_text(data, "ok.txt") == expected


def test_rtf_content_rejected():
    with pytest.raises(UnsupportedFormatError, match="RTF is not supported; save it as .docx"):
        decode_text(b"{\\rtf1\\ansi Provider may use data.}", "notes.txt")


def test_page_break_inside_sentence_is_joined():
    data = (b"2.3.2  All Usage Data shall be owned jointly by Microsoft and\n\n\n\n"
            b"Inktomi, and Inktomi assigns to Microsoft an interest therein. However, it shall not have\n\n"
            b"the right to share such data.\n\n"
            b"2.4  Inktomi shall provide reports.\n")

    document = read_text(data)

    assert [p.label for p in document.paragraphs] == ["2.3.2", "2.4"]
    assert document.paragraphs[0].text == (
        "All Usage Data shall be owned jointly by Microsoft and Inktomi, and Inktomi assigns "
        "to Microsoft an interest therein. However, it shall not have the right to share "
        "such data.")


def test_finished_sentences_stay_apart():
    document = read_text(b"The Services.\n\nCustomer may cancel\n\nSECTION 2\n\nFees")

    assert [p.text for p in document.paragraphs] == [
        "The Services.", "Customer may cancel", "SECTION 2", "Fees"]
