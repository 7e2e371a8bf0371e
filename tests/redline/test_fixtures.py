"""The three fixture operations on every redline fixture: invariants and validators."""

from __future__ import annotations

import pytest
from lxml import etree

from redline_helpers import (
    ADDENDUM, AUTHOR, CORPUS, PHRASE, REPLACEMENT, fixture_edits, redline_and_check,
)
from support import invariants

pytestmark = pytest.mark.corpus

FIXTURES = CORPUS / "redline-fixtures" if CORPUS else None
NAMES = sorted(p.name for p in FIXTURES.iterdir() if p.suffix in (".docx", ".xml")) \
    if FIXTURES and FIXTURES.is_dir() else []

# Operations each fixture supports: (replacements, deletions, insertions).
EXPECTED_COUNTS = {
    "a_runs.docx": (1, 1, 1),
    "b_chars.docx": (2, 2, 1),
    "c_table.docx": (1, 1, 1),
    "d_tracked.docx": (1, 1, 1),
    "e_numbered.docx": (1, 1, 1),
    "f_fields.docx": (1, 1, 1),
    "g_header_footnote.docx": (3, 1, 1),
    "h_long.docx": (1, 0, 0),
    "i_comments.docx": (1, 1, 1),
    "j_flat_opc_body.xml": (1, 1, 1),
}


@pytest.fixture(scope="module")
def outcomes():
    if not NAMES:
        pytest.skip("shared corpus not found (../shared/corpus or TERMSCORE_CORPUS)")
    return {name: redline_and_check((FIXTURES / name).read_bytes(), fixture_edits, name=name)
            for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_fixture_invariants_hold(outcomes, name):
    outcome = outcomes[name]

    assert outcome.report.refused == []
    assert outcome.problems.items == []


@pytest.mark.parametrize("name", NAMES)
def test_fixture_applies_every_operation(outcomes, name):
    applied = outcomes[name].report.applied
    counts = (sum(k.startswith("replace:") for k in applied),
              sum(k.startswith("delete:") for k in applied),
              sum(k.startswith("insert:") for k in applied))

    assert counts == EXPECTED_COUNTS[name]


@pytest.mark.parametrize("name", [n for n in NAMES if n != "h_long.docx"])
def test_fixture_accepted_text_has_replacement(outcomes, name):
    body = [t for t in outcomes[name].expected["word/document.xml"]]
    joined = "\n".join(body)

    assert REPLACEMENT in joined or name == "g_header_footnote.docx" and PHRASE not in joined
    assert ADDENDUM in body


def test_flat_opc_stays_flat_opc(outcomes):
    data = outcomes["j_flat_opc_body.xml"].data

    root = etree.fromstring(data)
    assert root.tag == "{http://schemas.microsoft.com/office/2006/xmlPackage}package"


def test_tracked_fixture_keeps_opposing_counsel(outcomes):
    before = (FIXTURES / "d_tracked.docx").read_bytes()
    from termscore.document import open_document

    old = invariants.snapshot(open_document(before).package)["word/document.xml"]
    new = invariants.snapshot(open_document(outcomes["d_tracked.docx"].data).package)[
        "word/document.xml"]
    theirs_before = {(e.get(invariants.qn("id")), e.get(invariants.qn("author")),
                      e.get(invariants.qn("date")))
                     for e in old.iter(invariants.qn("ins"), invariants.qn("del"))}
    theirs_after = {(e.get(invariants.qn("id")), e.get(invariants.qn("author")),
                     e.get(invariants.qn("date")))
                    for e in new.iter(invariants.qn("ins"), invariants.qn("del"))
                    if e.get(invariants.qn("author")) != AUTHOR}

    assert {i for i, _, _ in theirs_before} == {"101", "102", "103", "104", "105", "106"}
    assert theirs_before <= theirs_after


@pytest.mark.parametrize("name", NAMES)
def test_fixture_adds_no_validator_error(outcomes, name):
    from support.validators import new_findings, validate_docx

    before = validate_docx(FIXTURES / name)
    after = validate_docx(outcomes[name].data)

    assert [str(f) for f in new_findings(before, after)] == []


@pytest.mark.parametrize("name", [n for n in NAMES if n.endswith(".docx")])
def test_fixture_adds_no_openxml_audit_finding(outcomes, name):
    from support.validators import new_findings, openxml_audit_findings

    before = openxml_audit_findings(FIXTURES / name)
    after = openxml_audit_findings(outcomes[name].data)

    assert [str(f) for f in new_findings(before, after)] == []


@pytest.mark.parametrize("name", ["a_runs.docx", "d_tracked.docx", "i_comments.docx"])
def test_fixture_comments_add_no_validator_error(name):
    from support.validators import new_findings, openxml_audit_findings, validate_docx

    if not NAMES:
        pytest.skip("shared corpus not found (../shared/corpus or TERMSCORE_CORPUS)")
    outcome = redline_and_check((FIXTURES / name).read_bytes(), fixture_edits, name=name,
                                comments=True)
    from termscore.document import open_document

    comments = open_document(outcome.data).package.parts["word/comments.xml"].xml
    ours = [c for c in comments.iter(invariants.qn("comment"))
            if c.get(invariants.qn("author")) == AUTHOR]

    assert outcome.problems.items == []
    assert len(ours) == 3
    assert [str(f) for f in new_findings(validate_docx(FIXTURES / name),
                                         validate_docx(outcome.data))] == []
    assert [str(f) for f in new_findings(openxml_audit_findings(FIXTURES / name),
                                         openxml_audit_findings(outcome.data))] == []


@pytest.mark.parametrize("name", [n for n in NAMES if n.endswith(".docx")])
def test_fixture_unchanged_parts_byte_identical(outcomes, name):
    import io
    import zipfile

    def entries(data):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}

    before = entries((FIXTURES / name).read_bytes())
    after = entries(outcomes[name].data)
    edited = {"word/document.xml", "word/settings.xml", "word/header1.xml",
              "word/footnotes.xml"}
    changed = {part for part in before if before[part] != after.get(part)}

    assert set(after) == set(before)
    assert changed <= edited
    assert "word/document.xml" in changed
