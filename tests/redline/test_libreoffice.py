"""LibreOffice reads our redlines: change counts and accept-all / reject-all texts."""

from __future__ import annotations

import pytest

from redline_helpers import (
    ADDENDUM, ANCHORS, AUTHOR, CORPUS, PHRASE, REPLACEMENT, SENTENCES, audited_outcome,
    fixture_edits, fold_find_all, redline_and_check, visible_change_count,
)
from support import invariants

from termscore.document import open_document

pytestmark = [pytest.mark.corpus, pytest.mark.libreoffice]

FIXTURES = CORPUS / "redline-fixtures" if CORPUS else None
# j is Flat OPC, which LibreOffice opens as plain text; h is covered by the fixture tests.
NAMES = ["a_runs.docx", "b_chars.docx", "c_table.docx", "d_tracked.docx", "e_numbered.docx",
         "f_fields.docx", "g_header_footnote.docx",
         # LibreOffice 7.4 (Debian, headless) crashes loading a document in which a
         # comment's whole range is a tracked deletion; ooxml-validate and openxml-audit
         # accept the file, and the fixture tests check it without LibreOffice.
         pytest.param("i_comments.docx", marks=pytest.mark.xfail(
             reason="LibreOffice 7.4 crashes on a comment range that is all deleted text",
             strict=False))]


def _apply_operations(paragraphs: list[str]) -> list[str]:
    """Apply the fixture operations to body texts as LibreOffice shows them."""
    out = []
    for text in paragraphs:
        for old, new in [(PHRASE, REPLACEMENT)] + [(s, "") for s in SENTENCES]:
            for start, end in reversed(fold_find_all(text, old)):
                text = text[:start] + new + text[end:]
        out.append(text)
        if any(anchor in text for anchor in ANCHORS):
            out.append(ADDENDUM)
    return out


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    if FIXTURES is None:
        pytest.skip("shared corpus not found")
    folder = tmp_path_factory.mktemp("lo-redlines")
    out = {}
    for name in ["i_comments.docx" if not isinstance(n, str) else n for n in NAMES]:
        # LibreOffice 7.4 crashes on loading a document that has comments while
        # w:trackRevisions is on (the untouched comments fixture plus that one setting is
        # enough), so the comments fixture is checked without the setting.
        outcome = redline_and_check((FIXTURES / name).read_bytes(), fixture_edits, name=name,
                                    track_revisions=name != "i_comments.docx")
        path = folder / name
        path.write_bytes(outcome.data)
        out[name] = (path, outcome)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_reject_all_gives_input(libreoffice, written, name):
    path, _ = written[name]

    assert libreoffice.text(path, "original") == libreoffice.text(FIXTURES / name, "original")


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_accept_all_gives_edited_text(libreoffice, written, name):
    path, _ = written[name]
    expected = _apply_operations(libreoffice.text(FIXTURES / name, "current"))

    assert libreoffice.text(path, "current") == expected


@pytest.mark.parametrize("name", [n for n in NAMES if n != "d_tracked.docx"])
def test_libreoffice_counts_our_changes(libreoffice, written, name):
    path, outcome = written[name]
    before = libreoffice.redlines(FIXTURES / name)
    after = libreoffice.redlines(path)
    ours = [r for r in after if r.get("author") == AUTHOR]
    expected = sum(visible_change_count(root) for root in
                   invariants.story_roots(invariants.snapshot(
                       open_document(outcome.data).package)).values())

    assert len(ours) == expected
    assert len(after) - len(ours) == len(before)


def _audited_inputs():
    if CORPUS is None:
        return []
    out = sorted((CORPUS / "contracts").glob("*.docx"))
    out += [CORPUS / "bugcases" / f"BR-{n}.docx" for n in ("01", "02", "04", "06", "07", "08",
                                                            "14", "18")]
    return [p for p in out if p.exists()]


def _with_known_failures(paths):
    out = []
    for path in paths:
        if path.name == "BR-06.docx":
            # The XML puts w:ins and w:del inside the inline w:sdtContent, as the schema
            # allows; LibreOffice 7.4 imports that control without its tracked changes.
            path = pytest.param(path, marks=pytest.mark.xfail(
                reason="LibreOffice 7.4 drops tracked changes inside inline content controls",
                strict=True))
        elif path.name == "BR-18.docx":
            # Our checker finds the input after rejection. LibreOffice 7.4 keeps an empty
            # paragraph when the anchor's moved mark follows a footnote reference; without
            # the reference the same insertion rejects cleanly.
            path = pytest.param(path, marks=pytest.mark.xfail(
                reason="LibreOffice 7.4 keeps an empty paragraph after a footnote-ending "
                       "paragraph whose mark is rejected", strict=False))
        out.append(path)
    return out


@pytest.mark.parametrize("path", _with_known_failures(_audited_inputs()),
                         ids=lambda p: p.name)
def test_libreoffice_reads_audit_redline(libreoffice, tmp_path, path):
    outcome = audited_outcome(path)
    output = tmp_path / path.name
    output.write_bytes(outcome.data)
    before = libreoffice.redlines(path)
    after = libreoffice.redlines(output)
    ours = [r for r in after if r.get("author") == AUTHOR]

    # Reject All gives the input exactly, empty paragraphs included: a new paragraph at
    # the end of a container is tracked through its anchor's mark.
    assert libreoffice.text(output, "original") == libreoffice.text(path, "original")
    theirs = [r for r in after if r.get("author") != AUTHOR]
    # LibreOffice lists another author's insertion in two pieces when our deletion sits
    # inside it, so their count can only grow.
    assert len(theirs) >= len(before)
    assert {r.get("author") for r in theirs} == {r.get("author") for r in before}
    assert bool(ours) == bool(outcome.report.applied)
