"""Helpers shared by the redline tests: open inputs, build the fixture operations, check.

The three fixture operations are the ones every redline fixture is built for: replace a
license phrase, delete one sentence, and insert an addendum paragraph after the clause.
"""

from __future__ import annotations

import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parents[1]
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

from support import invariants  # noqa: E402
from support.paths import corpus_dir  # noqa: E402

from termscore.document import open_document  # noqa: E402
from termscore.ooxml.revisions import (  # noqa: E402
    DeleteParagraphEdit, InsertParagraphsEdit, NewParagraph, ReplaceEdit, apply_edits,
)

AUTHOR = "TermScore"
DATE = "2026-01-15T10:00:00Z"
PHRASE = "perpetual, irrevocable, worldwide license"
REPLACEMENT = "limited license solely to perform the Services"
SENTENCES = (
    "The Provider may sublicense such rights to its affiliates without notice. ",
    "The Provider's affiliates may sublicense such rights without notice. ",
    "The Provider may sublicense such rights under Section 4.2 without notice. ",
)
ADDENDUM = ("Addendum: The Provider shall delete all Customer Data within thirty (30) days "
            "after termination.")
ANCHORS = ("1. License.", "License. The Customer")

CORPUS = corpus_dir()
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def make_docx(body: str) -> bytes:
    """Return a minimal .docx whose body is ``body`` (WordprocessingML with prefix w:)."""
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


_FOLD = {"\u00a0": " ", "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
         "\u2011": "-", "\u2013": "-"}
_DROP = {"\u00ad", "\u200b", "\u200c", "\u200d", "\ufeff"}


def fold_find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Find ``needle`` in ``text`` ignoring soft hyphens, NBSP and curly quotes; return ranges."""
    folded = []
    positions = []
    for index, char in enumerate(text):
        if char in _DROP:
            continue
        folded.append(_FOLD.get(char, char))
        positions.append(index)
    haystack = "".join(folded)
    out = []
    start = haystack.find(needle)
    while start >= 0:
        end = start + len(needle)
        out.append((positions[start], positions[end - 1] + 1))
        start = haystack.find(needle, end)
    return out


def fixture_edits(document) -> list:
    """Build the three fixture operations for every paragraph where they apply."""
    edits = []
    for paragraph in document.paragraphs:
        for start, end in fold_find_all(paragraph.text, PHRASE):
            edits.append(ReplaceEdit(paragraph, start, end, REPLACEMENT,
                                     f"replace:{paragraph.part}:{paragraph.index}:{start}",
                                     reason="A perpetual licence outlives the contract."))
        for sentence in SENTENCES:
            for start, end in fold_find_all(paragraph.text, sentence):
                edits.append(ReplaceEdit(paragraph, start, end, "",
                                         f"delete:{paragraph.part}:{paragraph.index}",
                                         reason="Sublicensing without notice."))
        if paragraph.story == "body" and any(a in paragraph.text for a in ANCHORS):
            edits.append(InsertParagraphsEdit(paragraph, "after", [NewParagraph(ADDENDUM)],
                                              f"insert:{paragraph.index}",
                                              reason="Deletion on termination."))
    return edits


@dataclass
class Outcome:
    data: bytes
    report: object
    problems: object
    expected: dict
    document: object


def redline_and_check(data: bytes, make_edits, *, name: str = "input.docx",
                      comments: bool = False, track_revisions: bool = True) -> Outcome:
    """Open ``data``, apply ``make_edits(document)`` and run the invariant checker."""
    document = open_document(data, name=name)
    edits = make_edits(document)
    before = invariants.snapshot(document.package)
    expected = invariants.expected_texts(document.package, edits)
    report = apply_edits(document, edits, author=AUTHOR, date=DATE, comments=comments,
                         track_revisions=track_revisions)
    # Refused edits leave the text unchanged, so drop them from the expectation.
    refused = {item["key"] for item in report.refused}
    if refused:
        kept = [e for e in edits if e.key not in refused]
        fresh = open_document(data, name=name)
        expected = invariants.expected_texts(fresh.package, _rebind(kept, document, fresh))
    output = document.package.to_bytes()
    after = invariants.snapshot(open_document(output, name=name).package)
    problems = invariants.check_package(before, after, author=AUTHOR, expected_text=expected)
    return Outcome(output, report, problems, expected, document)


def _rebind(edits, old, new):
    """Point edits made on ``old`` at the same paragraphs of a fresh reading ``new``."""
    index = {id(p): i for i, p in enumerate(old.paragraphs)}
    out = []
    for edit in edits:
        if isinstance(edit, ReplaceEdit):
            out.append(ReplaceEdit(new.paragraphs[index[id(edit.paragraph)]], edit.start,
                                   edit.end, edit.text, edit.key))
        elif isinstance(edit, DeleteParagraphEdit):
            out.append(DeleteParagraphEdit(new.paragraphs[index[id(edit.paragraph)]], edit.key))
        else:
            anchor = None if edit.anchor is None else new.paragraphs[index[id(edit.anchor)]]
            out.append(InsertParagraphsEdit(anchor, edit.position, edit.paragraphs, edit.key))
    return out


def visible_change_count(root, author: str = AUTHOR) -> int:
    """Count ``author``'s changes as an editor lists them: adjacent ones of one kind join.

    Two revisions of the same kind count once when no unchanged text lies between them
    in reading order (a paragraph's mark comes after its content), as LibreOffice shows
    a deletion that crosses a hyperlink boundary or an inserted paragraph's text and mark.
    """
    qn = invariants.qn
    count = 0
    last = None

    def visit(kind):
        nonlocal count, last
        if kind is not None and kind != last:
            count += 1
        last = kind

    for paragraph in root.iter(qn("p")):
        for element in paragraph.iter(qn("r"), qn("ins"), qn("del")):
            if element.tag == qn("r"):
                holder = element.getparent()
                ours = None
                while holder is not None and holder is not paragraph:
                    if holder.tag in (qn("ins"), qn("del")) and holder.get(qn("author")) == author:
                        ours = holder.tag
                        break
                    holder = holder.getparent()
                has_text = any(child.tag in (qn("t"), qn("tab"), qn("delText"))
                               for child in element)
                if ours is None and has_text:
                    visit(None)
                elif ours is not None:
                    visit(ours)
        mark = paragraph.find(qn("pPr") + "/" + qn("rPr"))
        if mark is not None:
            for kind in (qn("ins"), qn("del")):
                element = mark.find(kind)
                if element is not None and element.get(qn("author")) == author:
                    visit(kind)
    return count


# -- audited corpus files, shared by the invariant, validator and LibreOffice tests --------
# The audit is the slow step of those tests; each file is audited and redlined once per
# session. Findings locate paragraphs by position and quote, so they apply to any fresh
# reading of the same bytes.

_FINDINGS: dict[str, list] = {}
_AUDITED: dict[str, Outcome] = {}


def audit_findings(path: Path) -> list:
    """Return the findings with a suggestion that the audit makes on ``path`` (cached)."""
    key = str(path)
    if key not in _FINDINGS:
        from termscore.analysis import audit
        from termscore.errors import EmptyDocumentError

        try:
            findings = audit(open_document(path.read_bytes(), name=path.name)).findings
        except EmptyDocumentError:
            findings = []  # a file with no text is refused before any suggestion is made
        _FINDINGS[key] = [f for f in findings if f.suggestion]
    return _FINDINGS[key]


def audit_edits(path: Path):
    """Return a ``make_edits`` function that turns ``path``'s cached findings into edits."""
    from termscore.redline import findings_to_edits

    def make(document):
        edits, _ = findings_to_edits(document, audit_findings(path))
        return edits
    return make


def audited_outcome(path: Path) -> Outcome:
    """Every audit suggestion on ``path`` written and checked (cached, without the document)."""
    key = str(path)
    if key not in _AUDITED:
        outcome = redline_and_check(path.read_bytes(), audit_edits(path), name=path.name)
        outcome.document = None  # the parsed tree of a large file is not worth keeping
        _AUDITED[key] = outcome
    return _AUDITED[key]
