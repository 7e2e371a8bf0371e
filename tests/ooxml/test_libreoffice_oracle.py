"""Our body text agrees with LibreOffice's, for every real Word file LibreOffice opens.

The current view must equal LibreOffice's text after Accept All, the original view its
text after Reject All, paragraph by paragraph after ``support.oracle.normalize``. List
labels are compared nowhere here: both readers keep them beside the text.
"""

from __future__ import annotations

import zipfile
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import etree

from support.flatopc import flat_opc_to_docx, is_flat_opc
from support.libreoffice import LibreOfficeError
from support.oracle import REPORT, Comparison, normalize_paragraphs
from support.paths import corpus_dir

pytestmark = [pytest.mark.libreoffice, pytest.mark.corpus]

CORPUS = corpus_dir()
WORD_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}

# Files whose two LibreOffice loads take over 15 s each on a 2-core machine (measured with
# LibreOffice 7.4 on Debian 12). Deselect them with -m "not slow".
SLOW_FILES = {
    "poi-long-268k-chars-numbering-tables.docx",
    "poi-rtl-long-222k-chars-textboxes.docx",
    "ooxmlsdk-long-report-footnotes-19-headers.docx",
    "h_long.docx",
}

# Differences that remain, each with its reason. A key is a file name (both views) or
# "file name:view". Entries run as strict xfail, so a fixed difference fails until its
# entry is removed.
KNOWN_DIFFERENCES: dict[str, str] = {
    "docx2python-procedure-19-tables.docx": (
        "LibreOffice 7.4 imports the floating table (w:tblpPr) 'Lessons Learned From "
        "Industry' as a text frame outside the body text; Word keeps floating tables in "
        "the body, and so do we"),
    "markitdown-equations.docx": (
        "LibreOffice turns OMML equations (m:oMath) into Math objects, which getString "
        "leaves out; we read the equation text from m:t"),
    "oxpt-complicated-document.docx": (
        "LibreOffice turns the OMML equation (m:oMath) into a Math object, which getString "
        "leaves out; we read the equation text from m:t"),
    "oxpt-content-controls-nested.docx": (
        "LibreOffice 7.4 shows the block-level combo-box content control as its stored "
        "text 'Two' plus a paragraph with the first list item 'One'; Word shows 'Two' only"),
    "oxpt-move-inside-content-control.docx": (
        "LibreOffice 7.4 neither accepts nor rejects a move whose paragraphs sit inside "
        "content controls, so the moved sentence stays in both places in both views"),
    "oxpt-tracked-revisions-moves-tables.docx": (
        "floating tables (w:tblpPr) with tracked rows: LibreOffice 7.4 puts the paragraph "
        "that follows the first table before it (current view), and keeps the text of a "
        "tracked-inserted row, '21', when rejecting all (original view)"),
    "poi-legacy-form-checkboxes.docx": (
        "LibreOffice turns the paragraph with w:framePr into a text frame outside the body "
        "text; Word keeps framed paragraphs in the body, and so do we"),
    "poi-rtl-long-222k-chars-textboxes.docx": (
        "LibreOffice turns the paragraphs with w:framePr (the '* ...' editing note on the "
        "cover page) into a text frame outside the body text; Word keeps framed "
        "paragraphs in the body, and so do we"),
    "poi-moves-and-format-change.docx:current": (
        "LibreOffice 7.4 keeps the tracked insertion 'b' nested in a w:moveFrom when "
        "accepting all; the move source is gone in the current view"),
}


def oracle_files() -> list[Path]:
    if CORPUS is None:
        return []
    files = []
    for folder, suffixes in (("wordfiles", WORD_SUFFIXES), ("contracts", {".docx"}),
                             ("redline-fixtures", WORD_SUFFIXES | {".xml"})):
        directory = CORPUS / folder
        if directory.is_dir():
            files += sorted(path for path in directory.iterdir()
                            if path.suffix.lower() in suffixes and not path.name.startswith("."))
    return files


def known_difference(name: str, view: str) -> str | None:
    return KNOWN_DIFFERENCES.get(f"{name}:{view}") or KNOWN_DIFFERENCES.get(name)


def oracle_cases() -> list:
    if CORPUS is None:
        return [pytest.param(None, None, marks=pytest.mark.skip(reason="shared corpus not found"))]
    cases = []
    for path in oracle_files():
        for view in ("current", "original"):
            marks = []
            if path.name in SLOW_FILES:
                marks.append(pytest.mark.slow)
            reason = known_difference(path.name, view)
            if reason:
                marks.append(pytest.mark.xfail(reason=reason, strict=True))
            cases.append(pytest.param(path, view, marks=marks, id=f"{path.name}:{view}"))
    return cases


_WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARAGRAPH_MARK_REVISIONS = (
    "//w:p/w:pPr/w:rPr/*[self::w:ins or self::w:del or self::w:moveFrom or self::w:moveTo]"
)


@lru_cache(maxsize=None)
def has_tracked_paragraph_marks(path: Path) -> bool:
    """Tell whether any paragraph mark is a tracked insertion, deletion or move.

    A revision element in the paragraph mark's run properties (``w:pPr/w:rPr``) tracks the
    mark itself, so the two views join or split paragraphs there.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as package:
            names = [n for n in package.namelist() if n.endswith("document.xml")]
            roots = [etree.fromstring(package.read(name), parser) for name in names]
    else:
        roots = [etree.parse(str(path), parser).getroot()]
    return any(root.xpath(_PARAGRAPH_MARK_REVISIONS, namespaces={"w": _WORD_NS})
               for root in roots)


@lru_cache(maxsize=4)
def our_body(path: Path):
    """Return our body paragraphs, or the TermScoreError the reader raised."""
    from termscore.document import open_document
    from termscore.errors import TermScoreError

    try:
        return open_document(path).story("body")
    except TermScoreError as error:
        return error


@pytest.mark.parametrize(("path", "view"), oracle_cases())
def test_body_text_matches_libreoffice(libreoffice, tmp_path, path, view):
    lo_input = path
    if path.suffix.lower() == ".xml" and is_flat_opc(path):
        lo_input = flat_opc_to_docx(path, tmp_path / f"{path.stem}.docx")
    try:
        theirs = normalize_paragraphs(libreoffice.text(lo_input, view))
    except LibreOfficeError as error:
        REPORT.skipped[f"{path.name}:{view}"] = "LibreOffice failed"
        pytest.skip(f"LibreOffice cannot read {path.name}: {error}")
    body = our_body(path)
    if isinstance(body, Exception):
        pytest.fail(f"LibreOffice reads {path.name} but open_document raised "
                    f"{type(body).__name__}: {body}", pytrace=False)

    ours = normalize_paragraphs([paragraph.view(view) for paragraph in body])
    comparison = Comparison(path.name, view, ours, theirs,
                            paragraph_marks_tracked=has_tracked_paragraph_marks(path),
                            known_reason=known_difference(path.name, view))
    REPORT.add(comparison)

    assert comparison.matches, (
        f"{path.name} ({view} view): {len(ours)} paragraphs from termscore, "
        f"{len(theirs)} from LibreOffice\n{comparison.diff()}")
