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
    "j_flat_opc_body.xml",
}

# Differences that remain, each with its reason. A key is a file name (both views) or
# "file name:view". Entries run as strict xfail, so a fixed difference fails until its
# entry is removed.
KNOWN_DIFFERENCES: dict[str, str] = {}


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


def oracle_cases() -> list:
    if CORPUS is None:
        return [pytest.param(None, None, marks=pytest.mark.skip(reason="shared corpus not found"))]
    cases = []
    for path in oracle_files():
        for view in ("current", "original"):
            marks = []
            if path.name in SLOW_FILES:
                marks.append(pytest.mark.slow)
            reason = KNOWN_DIFFERENCES.get(f"{path.name}:{view}") or KNOWN_DIFFERENCES.get(path.name)
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
def test_body_text_matches_libreoffice(libreoffice, path, view):
    try:
        theirs = normalize_paragraphs(libreoffice.text(path, view))
    except LibreOfficeError as error:
        REPORT.skipped[f"{path.name}:{view}"] = "LibreOffice failed"
        pytest.skip(f"LibreOffice cannot read {path.name}: {error}")
    body = our_body(path)
    if isinstance(body, Exception):
        pytest.fail(f"LibreOffice reads {path.name} but open_document raised "
                    f"{type(body).__name__}: {body}", pytrace=False)

    ours = normalize_paragraphs([paragraph.view(view) for paragraph in body])
    comparison = Comparison(path.name, view, ours, theirs,
                            paragraph_marks_tracked=has_tracked_paragraph_marks(path))
    REPORT.add(comparison)

    assert comparison.matches, (
        f"{path.name} ({view} view): {len(ours)} paragraphs from termscore, "
        f"{len(theirs)} from LibreOffice\n{comparison.diff()}")
