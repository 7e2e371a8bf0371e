"""Every shared Word file opens or fails with its documented error; bug cases read right."""

from __future__ import annotations

import pytest

from termscore.document import open_document
from termscore.errors import (CorruptDocumentError, DocumentTooLargeError, PasswordProtectedError,
                              TermScoreError, UnsafeXmlError, UnsupportedFormatError)
from termscore.ooxml.namespaces import qn
from termscore.ooxml.package import Package

pytestmark = pytest.mark.corpus

# Files of the corpus that must fail, with the error they must fail with.
EXPECTED_ERRORS = {
    "wordfiles/tika-truncated-corrupt.docx": CorruptDocumentError,
    "bugcases/BR-27.bin": PasswordProtectedError,
    "bugcases/BR-28.bin": UnsupportedFormatError,
    "bugcases/BR-29.docx": DocumentTooLargeError,
    "bugcases/BR-30.docx": UnsafeXmlError,
}


def corpus_files(corpus_dir, folders):
    for folder in folders:
        for path in sorted((corpus_dir / folder).iterdir()):
            if path.is_file() and path.name not in ("README.md", "SOURCES.md"):
                yield path


def test_every_corpus_file_opens_or_fails_as_documented(corpus_dir):
    failures = []
    opened = 0

    for path in corpus_files(corpus_dir, ("wordfiles", "contracts", "bugcases")):
        key = f"{path.parent.name}/{path.name}"
        expected = EXPECTED_ERRORS.get(key)
        try:
            document = open_document(path)
        except TermScoreError as exc:
            if expected is None or not isinstance(exc, expected):
                failures.append(f"{key}: unexpected {type(exc).__name__}: {exc.message}")
            continue
        if expected is not None:
            failures.append(f"{key}: opened, expected {expected.__name__}")
        opened += 1
        for paragraph in document.paragraphs:
            for view in ("current", "original"):
                spans = paragraph.source.spans(view) if paragraph.source else []
                if spans and spans[-1].end != len(paragraph.view(view)):
                    failures.append(f"{key}: char map of {paragraph.locator()} is short")

    assert failures == []
    assert opened > 100


def read(corpus_dir, name):
    return open_document(corpus_dir / "bugcases" / name)


def body(document, view="current"):
    return [p.view(view) for p in document.story("body")]


def test_br01_phrase_read_across_hyperlink(corpus_dir):
    paragraph = read(corpus_dir, "BR-01.docx").story("body")[0]
    spans = paragraph.source.spans()

    assert paragraph.text == ("1.1 Customer grants Provider a perpetual, irrevocable, worldwide "
                              "license to use, copy and modify Customer Data.")
    linked = [s for s in spans if s.container is not None]
    assert [(s.start, s.end) for s in linked] == [(55, 72)]
    assert linked[0].container.tag == qn("w:hyperlink")
    assert paragraph.text[55:72] in "perpetual, irrevocable, worldwide license"


def test_br02_other_authors_insertion_counts(corpus_dir):
    document = read(corpus_dir, "BR-02.docx")

    assert body(document) == [
        "2.1 Customer grants Provider a perpetual, irrevocable, worldwide license to use "
        "Customer Data for service improvement.",
        "2.2 Provider may use Customer Data to train its artificial intelligence models.",
    ]
    assert body(document, "original")[0] == ("2.1 Customer grants Provider a worldwide license "
                                             "to use Customer Data for service improvement.")
    inserted = document.story("body")[0].source.spans()[1]
    assert inserted.revision.tag == qn("w:ins")
    assert inserted.revision.get(qn("w:author")) == "Counterparty Counsel"
    assert inserted.revision.get(qn("w:id")) == "101"


def test_br03_deleted_not_is_never_live_text(corpus_dir):
    document = read(corpus_dir, "BR-03.docx")

    assert body(document)[0] == "3.1 Provider shall use Customer Data to train machine learning models."
    assert body(document, "original")[0] == ("3.1 Provider shall not use Customer Data to train "
                                             "machine learning models.")


def test_br04_phrase_over_many_runs_maps_back(corpus_dir):
    paragraph = read(corpus_dir, "BR-04.docx").story("body")[0]
    phrase = "perpetual, irrevocable, worldwide license"
    start = paragraph.text.index(phrase)

    pieces = []
    for offset in range(start, start + len(phrase)):
        span, inside = paragraph.source.locate(offset)
        pieces.append(span.node.text[inside])

    assert "".join(pieces) == phrase
    assert paragraph.text == ("4.1 Customer hereby grants to Provider a perpetual, irrevocable, "
                              "worldwide license to reproduce, modify and create derivative works "
                              "of the Customer Data.")


def test_br06_content_controls_read_and_lock_reported(corpus_dir):
    locked, open_one = read(corpus_dir, "BR-06.docx").story("body")

    assert locked.text == ("6.1 Provider may use Customer Data to train artificial intelligence "
                           "and machine learning models.")
    assert locked.locked is True
    assert open_one.text == "6.2 The license granted in Section 6.1 is perpetual and irrevocable."
    assert open_one.locked is False
    inline = [s for s in open_one.source.spans() if s.container is not None]
    assert [open_one.text[s.start:s.end] for s in inline] == ["perpetual and irrevocable"]


def test_br11_w_t_inside_deletion_is_deleted(corpus_dir):
    document = read(corpus_dir, "BR-11.docx")

    assert body(document) == ["11.1 Provider may use Customer Data to provide the Services."]
    assert body(document, "original") == [
        "11.1 Provider may use Customer Data to train machine learning models and to provide "
        "the Services."]


def test_br14_list_labels_beside_text(corpus_dir):
    paragraphs = read(corpus_dir, "BR-14.docx").story("body")

    assert [p.label for p in paragraphs] == ["14.", "(a)", "(b)", "(c)", ""]
    assert paragraphs[0].text.startswith("License to Customer Data.")
    assert paragraphs[1].text == "host and process Customer Data to provide the Services;"
    assert paragraphs[4].text == "in each case on a perpetual and irrevocable basis."


def test_br15_curly_quotes_kept(corpus_dir):
    texts = body(read(corpus_dir, "BR-15.docx"))

    assert texts[2].startswith("\u2018Provider\u2019s Platform\u2019 means")
    assert texts[0].startswith("\u201cAggregated Data\u201d means")


def test_br18_every_story_read_and_named(corpus_dir):
    document = read(corpus_dir, "BR-18.docx")

    found = [(p.story, p.part) for p in document.story("all")]

    assert found == [("body", "word/document.xml"), ("header", "word/header1.xml"),
                     ("footnote", "word/footnotes.xml")]
    header = document.story("header")[0]
    assert header.text == "CONFIDENTIAL - Customer grants Provider a perpetual license to all Feedback."
    assert header.original == "CONFIDENTIAL - "
    assert "train machine learning models" in document.story("footnote")[0].text


def test_br21_flat_opc_read_and_written_back(corpus_dir):
    data = (corpus_dir / "bugcases" / "BR-21.xml").read_bytes()
    document = open_document(data, name="BR-21.xml")

    written = document.package.to_bytes()
    reread = open_document(written, name="again.xml")

    assert document.format == "flatopc"
    assert body(document) == ["21.1 Provider may use Customer Data for service improvement.",
                              "21.2 Customer grants Provider a perpetual, irrevocable license "
                              "to Feedback."]
    assert written.lstrip().startswith(b"<?xml")
    assert b"pkg:package" in written[:400]
    assert reread.format == "flatopc"
    assert body(reread) == body(document)
    assert set(Package.open(written).parts) == set(document.package.parts)


def test_br22_special_characters_kept(corpus_dir):
    text = body(read(corpus_dir, "BR-22.docx"))[0]

    assert "\u00a7\u00a012\u201314" in text
    assert text.startswith("22.1 Subject to Section 9(a)")
    assert len(text) == 650


def test_br25_strict_read_with_warning(corpus_dir):
    document = read(corpus_dir, "BR-25.docx")

    assert body(document) == ["25.1 Customer grants Provider a perpetual, irrevocable license "
                              "to use Customer Data for service improvement."]
    assert [w.code for w in document.warnings] == ["strict_ooxml"]


@pytest.mark.parametrize("name, error, status, words", [
    ("BR-27.bin", PasswordProtectedError, 422, "password-protected; remove the password"),
    ("BR-28.bin", UnsupportedFormatError, 415, "legacy .doc is not supported; save as .docx"),
    ("BR-29.docx", DocumentTooLargeError, 413, "before inflating"),
    ("BR-30.docx", UnsafeXmlError, 422, "DTD"),
])
def test_bad_input_bugcases(corpus_dir, name, error, status, words):
    with pytest.raises(error) as caught:
        read(corpus_dir, name)

    assert caught.value.status == status
    assert words in caught.value.message


def test_br29_rejected_without_inflating(corpus_dir):
    import tracemalloc

    data = (corpus_dir / "bugcases" / "BR-29.docx").read_bytes()
    tracemalloc.start()
    try:
        with pytest.raises(DocumentTooLargeError):
            open_document(data, name="BR-29.docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert peak < 5 * 1024 * 1024


def test_wordfiles_with_known_text(corpus_dir):
    folder = corpus_dir / "wordfiles"
    macros = open_document(folder / "tika-macros.docm")
    altchunk = open_document(folder / "tika-altchunk-html.docx")

    assert macros.format == "docm"
    assert "macros_ignored" in [w.code for w in macros.warnings]
    assert "altchunk_skipped" in [w.code for w in altchunk.warnings]


def test_getooxml_flat_opc_converts_to_docx(corpus_dir):
    data = (corpus_dir / "redline-fixtures" / "j_flat_opc_body.xml").read_bytes()
    document = open_document(data, name="body.xml")

    as_docx = open_document(document.package.to_bytes("docx"), name="body.docx")

    dangling = [w for w in document.warnings if w.code == "dangling_relationship"]
    assert sorted(w.location for w in dangling) == ["docProps/app.xml", "docProps/core.xml",
                                                    "docProps/thumbnail.jpeg"]
    assert as_docx.format == "docx"
    assert body(as_docx) == body(document)
    assert body(as_docx, "original") == body(document, "original")


def test_deleted_paragraph_mark_file(corpus_dir):
    document = open_document(corpus_dir / "wordfiles" / "oxpt-deleted-paragraph-mark.docx")

    joined = [p for p in document.story("body") if p.merged_into is not None]

    assert [(p.index, p.merged_into, p.text, p.original) for p in joined] == [(24, 25, "", "")]
    assert document.story("body")[25].text == "Supplier obligations"
