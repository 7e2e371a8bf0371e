"""The revision writer on small constructed paragraphs: nesting, fields, formatting, ids."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "redline"))

from redline_helpers import make_docx  # noqa: E402
from support import invariants  # noqa: E402
from support.invariants import qn  # noqa: E402

from termscore.document import open_document  # noqa: E402
from termscore.ooxml.revisions import (  # noqa: E402
    DeleteParagraphEdit, InsertParagraphsEdit, NewParagraph, ReplaceEdit, apply_edits, format_date,
)
from termscore.errors import InvalidRequestError  # noqa: E402

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def redline(body: str, edits_for, **options):
    data = make_docx(body)
    document = open_document(data, name="t.docx")
    edits = edits_for(document.paragraphs)
    before = invariants.snapshot(document.package)
    expected = invariants.expected_texts(document.package, edits)
    report = apply_edits(document, edits, author="TermScore", date="2026-01-01T00:00:00Z",
                         **options)
    output = document.package.to_bytes()
    after = invariants.snapshot(open_document(output).package)
    refused = {item["key"] for item in report.refused}
    problems = invariants.check_package(before, after, author="TermScore",
                                        expected_text=None if refused else expected)
    return report, after, problems


def body_of(after):
    return after["word/document.xml"].find(qn("body"))


def xml_of(element) -> str:
    text = etree.tostring(element, encoding="unicode")
    return text.replace(f' xmlns:w="{W_NS}"', "")


def test_replace_marks_only_changed_words():
    report, after, problems = redline(
        '<w:p><w:r><w:t>The Provider may use the data.</w:t></w:r></w:p>',
        lambda ps: [ReplaceEdit(ps[0], 0, 30, "The Provider may not use the data.", "k")])
    paragraph = body_of(after).find(qn("p"))

    assert problems.items == []
    assert report.revisions == 1
    assert [e.tag for e in paragraph] == [qn("r"), qn("ins"), qn("r")]
    assert "".join(paragraph.find(qn("ins")).itertext()) == " not"


def test_split_keeps_each_run_formatting():
    report, after, problems = redline(
        '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">bold part </w:t></w:r>'
        '<w:r><w:rPr><w:i/></w:rPr><w:t>italic part</w:t></w:r></w:p>',
        lambda ps: [ReplaceEdit(ps[0], 5, 16, "edited", "k")])
    paragraph = body_of(after).find(qn("p"))
    inserted = paragraph.find(qn("ins")).find(qn("r"))

    assert problems.items == []
    assert inserted.find(qn("rPr")).find(qn("b")) is not None
    assert "".join(paragraph.find(qn("ins")).itertext()) == "edited"


def test_deletion_nests_inside_foreign_insertion():
    report, after, problems = redline(
        '<w:p><w:r><w:t xml:space="preserve">keep </w:t></w:r>'
        '<w:ins w:id="7" w:author="Other" w:date="2025-01-01T00:00:00Z"><w:r>'
        '<w:t>their words here</w:t></w:r></w:ins></w:p>',
        lambda ps: [ReplaceEdit(ps[0], 11, 17, "", "k")])
    theirs = body_of(after).find(qn("p")).find(qn("ins"))

    assert problems.items == []
    assert theirs.get(qn("id")) == "7"
    assert theirs.find(qn("del")) is not None
    assert theirs.find(qn("del")).get(qn("author")) == "TermScore"


def test_insertion_inside_foreign_insertion_splits_it():
    report, after, problems = redline(
        '<w:p><w:ins w:id="7" w:author="Other" w:date="2025-01-01T00:00:00Z"><w:r>'
        '<w:t>their words here</w:t></w:r></w:ins></w:p>',
        lambda ps: [ReplaceEdit(ps[0], 6, 6, "new ", "k")])
    children = list(body_of(after).find(qn("p")))

    assert problems.items == []
    assert [c.get(qn("author")) for c in children] == ["Other", "TermScore", "Other"]
    assert children[0].get(qn("id")) == "7"
    assert children[2].get(qn("id")) not in ("7", children[1].get(qn("id")))
    assert children[2].get(qn("date")) == "2025-01-01T00:00:00Z"
    assert [w.code for w in report.warnings] == ["revision_split"]


def test_insertion_at_end_of_foreign_insertion_goes_after_it():
    report, after, problems = redline(
        '<w:p><w:ins w:id="7" w:author="Other" w:date="2025-01-01T00:00:00Z"><w:r>'
        '<w:t>theirs</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> ours</w:t></w:r></w:p>',
        lambda ps: [ReplaceEdit(ps[0], 6, 6, " added", "k")])
    children = list(body_of(after).find(qn("p")))

    assert problems.items == []
    assert [c.tag for c in children] == [qn("ins"), qn("ins"), qn("r")]
    assert report.warnings == []


FIELD = ('<w:p><w:r><w:t xml:space="preserve">See Section </w:t></w:r>'
         '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
         '<w:r><w:instrText xml:space="preserve"> REF _Ref1 \\h </w:instrText></w:r>'
         '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
         '<w:r><w:t>4.2</w:t></w:r>'
         '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
         '<w:r><w:t xml:space="preserve"> now.</w:t></w:r></w:p>')


def test_edit_cutting_field_is_refused():
    report, after, problems = redline(FIELD, lambda ps: [ReplaceEdit(ps[0], 12, 14, "5", "k")])

    assert report.applied == []
    assert "cut a field" in report.refused[0]["reason"]
    assert problems.items == []


def test_whole_field_deleted_with_instructions():
    report, after, problems = redline(FIELD, lambda ps: [ReplaceEdit(ps[0], 4, 15, "", "k")])
    body = body_of(after)

    assert problems.items == []
    assert report.applied == ["k"]
    assert len(list(body.iter(qn("delInstrText")))) == 1
    assert list(body.iter(qn("instrText"))) == []
    for char in body.iter(qn("fldChar")):
        assert char.getparent().getparent().tag == qn("del")


def test_insertion_inside_field_result_is_refused():
    report, _, problems = redline(FIELD, lambda ps: [ReplaceEdit(ps[0], 13, 13, "x", "k")])

    assert report.applied == []
    assert "inside a field result" in report.refused[0]["reason"]


def test_ids_above_every_existing_id():
    report, after, problems = redline(
        '<w:p><w:bookmarkStart w:id="40" w:name="b"/><w:r><w:t>alpha beta</w:t></w:r>'
        '<w:bookmarkEnd w:id="40"/></w:p>',
        lambda ps: [ReplaceEdit(ps[0], 0, 5, "gamma", "k")])
    ids = sorted(int(e.get(qn("id"))) for e in body_of(after).iter(qn("ins"), qn("del")))

    assert problems.items == []
    assert ids == [41, 42]


def test_inserted_paragraph_takes_given_style_not_neighbour_runs():
    report, after, problems = redline(
        '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Bold anchor</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>Next</w:t></w:r></w:p>',
        lambda ps: [InsertParagraphsEdit(ps[0], "after",
                                         [NewParagraph("Plain new", style="Normal",
                                                       numbering=(3, 1))], "k")])
    new = body_of(after).findall(qn("p"))[1]
    ppr = new.find(qn("pPr"))

    assert problems.items == []
    assert ppr.find(qn("pStyle")).get(qn("val")) == "Normal"
    assert ppr.find(qn("numPr")).find(qn("numId")).get(qn("val")) == "3"
    assert ppr.find(qn("rPr")).find(qn("ins")) is not None
    assert new.find(qn("ins")).find(qn("r")).find(qn("rPr")) is None


def test_settings_part_created_with_track_revisions():
    data = make_docx('<w:p><w:r><w:t>alpha</w:t></w:r></w:p>')
    document = open_document(data)
    apply_edits(document, [ReplaceEdit(document.paragraphs[0], 0, 5, "beta", "k")],
                date="2026-01-01T00:00:00Z")
    package = open_document(document.package.to_bytes()).package
    settings = package.parts["word/settings.xml"].xml

    assert settings.find(qn("trackRevisions")) is not None


def test_comment_anchored_on_change():
    data = make_docx('<w:p><w:r><w:t>alpha beta</w:t></w:r></w:p>')
    document = open_document(data)
    report = apply_edits(document, [ReplaceEdit(document.paragraphs[0], 0, 5, "gamma", "k",
                                                reason="Because.")],
                         date="2026-01-01T00:00:00Z", comments=True)
    package = open_document(document.package.to_bytes()).package
    comments = package.parts["word/comments.xml"].xml
    body = package.parts["word/document.xml"].xml
    comment = comments.find(qn("comment"))

    assert report.applied == ["k"]
    assert "".join(comment.itertext()) == "Because."
    assert comment.get(qn("author")) == "TermScore"
    start = body.find(".//" + qn("commentRangeStart"))
    assert start.get(qn("id")) == comment.get(qn("id"))
    assert body.find(".//" + qn("commentReference")).get(qn("id")) == comment.get(qn("id"))


def test_format_date_rejects_nonsense():
    assert format_date("2026-03-01T12:00:00+01:00") == "2026-03-01T11:00:00Z"
    with pytest.raises(InvalidRequestError, match="next tuesday"):
        format_date("next tuesday")


def test_delete_paragraph_tracks_its_mark():
    report, after, problems = redline(
        '<w:p><w:r><w:t>first</w:t></w:r></w:p><w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
        '<w:r><w:t>second</w:t></w:r></w:p><w:p><w:r><w:t>third</w:t></w:r></w:p>',
        lambda ps: [DeleteParagraphEdit(ps[1], "k")])
    second = body_of(after).findall(qn("p"))[1]
    mark = second.find(qn("pPr")).find(qn("rPr"))

    assert problems.items == []
    assert report.applied == ["k"]
    assert [local.tag for local in second.find(qn("pPr"))] == [qn("jc"), qn("rPr")]
    assert mark.find(qn("del")).get(qn("author")) == "TermScore"
    assert [e.tag for e in second if e.tag != qn("pPr")] == [qn("del")]


def test_delete_last_paragraph_keeps_mark():
    report, after, problems = redline(
        '<w:p><w:r><w:t>first</w:t></w:r></w:p><w:p><w:r><w:t>last</w:t></w:r></w:p>',
        lambda ps: [DeleteParagraphEdit(ps[1], "k")])
    last = body_of(after).findall(qn("p"))[1]

    assert problems.items == []
    assert last.find(qn("pPr")) is None
    assert [w.code for w in report.warnings] == ["paragraph_mark_kept"]
