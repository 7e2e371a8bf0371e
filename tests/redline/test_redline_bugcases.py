"""Writing bug cases: tracked changes in hyperlinks, controls, notes, and beside others' revisions."""

from __future__ import annotations

import pytest
from lxml import etree

from redline_helpers import AUTHOR, CORPUS, redline_and_check
from support import invariants
from support.invariants import qn

from termscore.document import open_document
from termscore.ooxml.revisions import ReplaceEdit

pytestmark = pytest.mark.corpus

BUGCASES = CORPUS / "bugcases" if CORPUS else None


def _read(name: str) -> bytes:
    if BUGCASES is None or not (BUGCASES / name).exists():
        pytest.skip("shared corpus not found (../shared/corpus or TERMSCORE_CORPUS)")
    return (BUGCASES / name).read_bytes()


def _replace(story: str, index: int, old: str, new: str, key: str = "edit"):
    def make(document):
        edits = []
        for paragraph in document.story(story):
            if paragraph.index == index:
                start = paragraph.text.index(old)
                edits.append(ReplaceEdit(paragraph, start, start + len(old), new, key))
        assert edits, f"no {story} paragraph {index}"
        return edits
    return make


def _part(data: bytes, name: str):
    return invariants.snapshot(open_document(data).package)[name]


def test_linked_words_change_inside_hyperlink():
    outcome = redline_and_check(_read("BR-01.docx"),
                                _replace("body", 0, "worldwide license", "limited license"))
    root = _part(outcome.data, "word/document.xml")
    links = list(root.iter(qn("hyperlink")))

    assert outcome.problems.items == []
    assert len(links) == 1
    assert links[0].get(qn("anchor")) == "LicenseTerms"
    assert [e.tag for e in links[0]] == [qn("del"), qn("ins"), qn("r")]
    assert "".join(links[0].itertext()) == "worldwidelimited license"


def test_other_author_insertion_kept_intact():
    data = _read("BR-02.docx")
    outcome = redline_and_check(data, _replace("body", 0, "perpetual, irrevocable, worldwide",
                                               "non-exclusive"))
    before = _part(data, "word/document.xml")
    after = _part(outcome.data, "word/document.xml")
    theirs = {e.get(qn("id")): (e.get(qn("author")), e.get(qn("date")))
              for e in before.iter(qn("ins"), qn("del"))}

    assert outcome.problems.items == []
    assert theirs
    for value, (author, date) in theirs.items():
        element = after.xpath("//w:*[@w:id=$v]", namespaces={"w": invariants.W}, v=value)[0]
        assert (element.get(qn("author")), element.get(qn("date"))) == (author, date)


def test_split_runs_keep_formatting_and_bookmarks():
    data = _read("BR-04.docx")
    outcome = redline_and_check(data, _replace("body", 0, "perpetual, irrevocable, worldwide",
                                               "limited"))
    before = _part(data, "word/document.xml")
    after = _part(outcome.data, "word/document.xml")

    def bookmarks(root):
        starts = sorted(e.get(qn("id")) for e in root.iter(qn("bookmarkStart")))
        ends = sorted(e.get(qn("id")) for e in root.iter(qn("bookmarkEnd")))
        return starts, ends

    assert outcome.problems.items == []
    assert bookmarks(after) == bookmarks(before)
    assert bookmarks(after)[0] == bookmarks(after)[1]
    assert outcome.expected["word/document.xml"][0].startswith(
        "4.1 Customer hereby grants to Provider a limited license to reproduce")


def test_content_control_kept_and_locked_one_refused():
    data = _read("BR-06.docx")

    def make(document):
        first, second = document.story("body")[:2]
        start = second.text.index("perpetual and irrevocable")
        return [ReplaceEdit(first, 0, len(first.text), "6.1 Provider shall not train models.",
                            "locked"),
                ReplaceEdit(second, start, start + len("perpetual and irrevocable"),
                            "limited to the Term", "inline")]

    outcome = redline_and_check(data, make)
    after = _part(outcome.data, "word/document.xml")
    inline_content = [c for c in after.iter(qn("sdtContent")) if c.find(qn("p")) is None][0]

    assert outcome.problems.items == []
    assert outcome.report.applied == ["inline"]
    assert [item["key"] for item in outcome.report.refused] == ["locked"]
    assert "locked content control" in outcome.report.refused[0]["reason"]
    assert len(list(after.iter(qn("sdt")))) == 2
    assert [e.tag for e in inline_content] == [qn("del"), qn("ins")]


def test_new_ids_unique_and_outside_runs():
    data = _read("BR-07.docx")
    outcome = redline_and_check(data, _replace("body", 1, "for service improvement and "
                                               "product analytics", "only to provide the "
                                               "Services"))
    before_ids = invariants.all_ids(invariants.story_roots(
        invariants.snapshot(open_document(data).package)))
    after = _part(outcome.data, "word/document.xml")
    ours = [e for e in after.iter(qn("ins"), qn("del")) if e.get(qn("author")) == AUTHOR]

    assert outcome.problems.items == []
    assert ours
    for element in ours:
        assert element.get(qn("id")) not in before_ids
        assert element.getparent().tag != qn("r")
    assert min(int(e.get(qn("id"))) for e in ours) > max(int(i) for i in before_ids)


def test_earlier_reviewers_keep_their_revisions():
    data = _read("BR-08.docx")
    outcome = redline_and_check(data, _replace("body", 0, "to train machine learning models",
                                               "only to provide the Services"))

    assert outcome.problems.items == []
    assert outcome.report.applied == ["edit"]


def test_redline_leaves_numbering_alone():
    data = _read("BR-14.docx")

    def make(document):
        edits = []
        for paragraph in document.story("body"):
            for old, new in (("perpetual and irrevocable", "limited"),
                             ("train and improve Provider's machine learning models",
                              "provide the Services")):
                if old in paragraph.text:
                    start = paragraph.text.index(old)
                    edits.append(ReplaceEdit(paragraph, start, start + len(old), new, old))
        return edits

    outcome = redline_and_check(data, make)

    def numbering(root):
        return [etree.tostring(p.find(qn("pPr")), method="c14n") if p.find(qn("pPr")) is
                not None else b"" for p in root.iter(qn("p"))]

    assert outcome.problems.items == []
    assert len(outcome.report.applied) == 2
    assert numbering(_part(outcome.data, "word/document.xml")) == \
        numbering(_part(data, "word/document.xml"))


def test_header_and_footnote_revisions_have_package_unique_ids():
    data = _read("BR-18.docx")

    def make(document):
        header = document.story("header")[0]
        note = document.story("footnote")[0]
        h = header.text.index("perpetual license")
        n = note.text.index("and to train machine learning models")
        return [ReplaceEdit(header, h, h + len("perpetual license"), "limited license", "h"),
                ReplaceEdit(note, n, n + len("and to train machine learning models"), "", "n")]

    outcome = redline_and_check(data, make)
    roots = invariants.story_roots(invariants.snapshot(open_document(outcome.data).package))
    ours = [e.get(qn("id")) for root in roots.values()
            for e in root.iter(qn("ins"), qn("del")) if e.get(qn("author")) == AUTHOR]

    assert outcome.problems.items == []
    assert sorted(outcome.report.applied) == ["h", "n"]
    assert len(ours) == 3
    assert len(set(ours)) == 3


def test_flat_opc_round_trip():
    data = _read("BR-21.xml")
    outcome = redline_and_check(data, _replace("body", 1, "perpetual, irrevocable", "limited"),
                                name="BR-21.xml")
    root = etree.fromstring(outcome.data)

    assert outcome.problems.items == []
    assert root.tag == "{http://schemas.microsoft.com/office/2006/xmlPackage}package"
    assert open_document(outcome.data).format == "flatopc"
