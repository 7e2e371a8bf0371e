"""Normalisation and comparison rules of the LibreOffice oracle."""

from __future__ import annotations

import zipfile

import pytest

from support.flatopc import flat_opc_to_docx, is_flat_opc
from support.paths import corpus_dir
from support.oracle import FIELD_END, FIELD_START, Comparison, OracleReport, agrees, normalize, \
    normalize_paragraphs


@pytest.mark.parametrize(("raw", "expected"), [
    ("a\u00a0b", "a b"),                      # no-break space
    ("co\u00adoperate", "cooperate"),         # soft hyphen
    ("non\u2011exclusive", "non-exclusive"),  # no-break hyphen
    ("a\tb\nc\rd", "a b c d"),                # tab, line break, LibreOffice's \r
    ("  a   b  ", "a b"),
    ("a\u200bb\ufeff", "ab"),                 # zero-width space, BOM
    ("\u05d0\u200f.", "\u05d0."),             # right-to-left mark
    ("e\u0301", "\u00e9"),                    # NFC
])
def test_normalize_removes_representation(raw, expected):
    assert normalize(raw) == expected


def test_normalize_keeps_wording():
    assert normalize("Provider’s “Platform” – §7.2") == "Provider’s “Platform” – §7.2"


def test_normalize_paragraphs_drops_empty():
    assert normalize_paragraphs(["a", "", " \u00a0", "b"]) == ["a", "b"]


def field(text):
    return f"{FIELD_START}{text}{FIELD_END}"


def test_agrees_accepts_stored_field_result():
    theirs = normalize(f"as of {field('December 4, 2026')}. The")

    assert agrees("as of January 1, 2026. The", theirs)
    assert agrees("as of . The", theirs)


def test_agrees_still_checks_text_around_field():
    theirs = normalize(f"as of {field('December 4, 2026')}. The")

    assert not agrees("as of January 1, 2026, The", theirs)
    assert not agrees("since January 1, 2026. The", theirs)


def test_agrees_without_field_is_equality():
    assert agrees("a b", "a b")
    assert not agrees("a b", "a c")


def test_comparison_joined_only_with_tracked_marks():
    ours, theirs = ["one", "two"], ["one two"]

    assert Comparison("x.docx", "current", ours, theirs, paragraph_marks_tracked=True).status \
        == "equal-joined"
    assert Comparison("x.docx", "current", ours, theirs).status == "different"


def test_comparison_diff_names_both_sides():
    comparison = Comparison("x.docx", "current", ["a", "b"], ["a", field("1")])

    diff = comparison.diff()

    assert "--- libreoffice" in diff
    assert "+b" in diff
    assert "-<field>" in diff


def test_report_summary_counts_and_names():
    report = OracleReport()
    report.add(Comparison("same.docx", "current", ["a"], ["a"]))
    report.add(Comparison("other.docx", "original", ["a"], ["b"]))
    report.skipped["bad.docx:current"] = "LibreOffice failed"

    lines = report.summary_lines()

    assert lines[0] == ("LibreOffice oracle: 1 of 2 file views match (50%), "
                        "0 differ for a known reason, 1 skipped")
    assert "  differs: other.docx (original)" in lines
    assert "  skipped: bad.docx:current: LibreOffice failed" in lines


def test_report_lists_known_differences_apart():
    report = OracleReport()
    report.add(Comparison("math.docx", "current", ["x=1"], [], known_reason="equations"))

    lines = report.summary_lines()

    assert "1 differ for a known reason" in lines[0]
    assert lines[1:] == ["  known: math.docx (current): equations"]


@pytest.mark.skipif(corpus_dir() is None, reason="shared corpus not found")
def test_flat_opc_to_docx_keeps_parts(tmp_path):
    source = corpus_dir() / "bugcases" / "BR-21.xml"

    target = flat_opc_to_docx(source, tmp_path / "br21.docx")

    with zipfile.ZipFile(target) as package:
        names = set(package.namelist())
        types = package.read("[Content_Types].xml").decode()
    assert is_flat_opc(source)
    assert {"[Content_Types].xml", "_rels/.rels", "word/document.xml"} <= names
    assert 'PartName="/word/document.xml"' in types


def test_report_names_joined_matches():
    report = OracleReport()
    report.add(Comparison("marks.docx", "original", ["a", "b"], ["a b"],
                          paragraph_marks_tracked=True))

    lines = report.summary_lines()

    assert lines[0].startswith("LibreOffice oracle: 1 of 1 file views match")
    assert lines[1] == ("  joined: marks.docx (original) matches only with paragraphs joined "
                        "(tracked paragraph marks)")
