"""List labels of real documents from the shared corpus.

The expected labels come from LibreOffice 7.4 (UNO property ``ListLabelString`` of each
body paragraph), an independent reader. A comment marks where LibreOffice differs from
Word: LibreOffice gives bullets an empty label, where Word, and so TermScore, shows the
bullet character.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from termscore.ooxml.numbering import NumberingResolver

pytestmark = pytest.mark.corpus

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REPO = Path(__file__).resolve().parents[2]


def corpus_dir() -> Path | None:
    configured = os.environ.get("TERMSCORE_CORPUS")
    candidate = Path(configured) if configured else REPO.parent / "shared" / "corpus"
    return candidate if candidate.is_dir() else None


def corpus_file(relative: str) -> Path:
    corpus = corpus_dir()
    if corpus is None:
        pytest.skip("shared corpus not found; set TERMSCORE_CORPUS to its folder")
    path = corpus / relative
    if not path.is_file():
        pytest.skip(f"{relative} is missing from the shared corpus")
    return path


def body_labels(path: Path) -> tuple[list[tuple[str, int | None, str]], NumberingResolver]:
    """Return (label, level, text) for every body paragraph, as LibreOffice lists them.

    Text-box paragraphs and the fallback copies inside mc:AlternateContent are left out,
    because LibreOffice's body enumeration leaves them out too.
    """
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        resolver = NumberingResolver.from_xml(
            package.read("word/numbering.xml") if "word/numbering.xml" in names else None,
            package.read("word/styles.xml") if "word/styles.xml" in names else None,
        )
        body = etree.fromstring(package.read("word/document.xml")).find(f"{{{W_NS}}}body")

    skipped = {f"{{{W_NS}}}txbxContent", f"{{{MC_NS}}}Fallback"}
    out = []
    for p in body.iter(f"{{{W_NS}}}p"):
        if any(ancestor.tag in skipped for ancestor in p.iterancestors()):
            continue
        label, level = resolver.label(p)
        text = "".join(t.text or "" for t in p.iter(f"{{{W_NS}}}t"))
        out.append((label, level, text))
    return out, resolver


def test_br14_clause_with_sub_items():
    paragraphs, resolver = body_labels(corpus_file("bugcases/BR-14.docx"))

    assert [(label, level) for label, level, _ in paragraphs] == [
        ("14.", 0), ("(a)", 1), ("(b)", 1), ("(c)", 1), ("", None),
    ]
    assert paragraphs[0][2].startswith("License to Customer Data.")
    assert paragraphs[4][2].startswith("in each case on a perpetual")
    assert resolver.warnings == []


def test_e_numbered_fixture():
    paragraphs, _ = body_labels(corpus_file("redline-fixtures/e_numbered.docx"))

    assert [(label, level) for label, level, _ in paragraphs] == [
        ("", None), ("", None), ("1.", 0), ("2.", 0), ("2.1", 1), ("3.", 0), ("4.", 0), ("", None),
    ]


def test_hierarchical_list():
    paragraphs, _ = body_labels(corpus_file("wordfiles/oxpt-hierarchical-numbered-list.docx"))

    assert [(label, level) for label, level, _ in paragraphs] == [
        ("1)", 0), ("a)", 1), ("b)", 1), ("2)", 0), ("a)", 1), ("b)", 1), ("c)", 1),
        ("i)", 2), ("3)", 0), ("a)", 1),
    ]


def test_level_override_per_num():
    # Six w:num elements, each on its own abstractNum with a startOverride of 1 to 6,
    # so the headings count on although every one is a separate list.
    paragraphs, _ = body_labels(corpus_file("wordfiles/pandoc-lists-level-override.docx"))

    labelled = {index: label for index, (label, _, _) in enumerate(paragraphs) if label}
    assert len(paragraphs) == 20
    assert labelled == {2: "1.", 5: "2.", 8: "3.", 11: "4.", 14: "5.", 17: "6."}


def test_numbering_implicit_through_style():
    # The paragraphs name only a style. Its numPr, inherited along basedOn, gives the
    # numId, and the levels come from the styles' own ilvl and the w:lvl pStyle links.
    paragraphs, _ = body_labels(corpus_file("wordfiles/docx4j-numbering-implicit-numid.docx"))

    assert [(label, level) for label, level, _ in paragraphs] == [
        ("", None), ("", None), ("Section 1.", 0), ("1.1", 1), ("(a)", 2),
        ("Section 2.", 0), ("2.1", 1), ("2.2", 1),
    ]


TIKA_LABELS = (
    "1 a. b. c. d. e. 2 a. b. c. d. 3 4 5 a. b. c. d. e. 6 7 8 9 10 a. b. c. d. e. "
    "11 a. b. c. d. e. f. g. 12 13 14 a. b. c. d. e. 15 16 17 18 19 20 21 22 23 24 "
    "a. b. c. d. e. 25 26 27 28 a. b. c. 29 30 31 32 a. b. c. 33 a. b. c. 34 35 "
    "a. b. c. d. e. f. g. h. i. j. k. 36 37 38 39 40 41 42 43 44 a. b. c. d. e. f. g. h. "
    "i. j. 45 46 47 48 49 50 51 a. b. c. d. e. f. 52 a. b. c. d. e. f. g. h. "
    "53 a. b. c. d. e. f. 54 55 56 57 58 59"
).split()


def test_many_numbered_paragraphs_in_tables():
    paragraphs, resolver = body_labels(corpus_file("wordfiles/tika-fields-163-numbered-paras.docx"))

    labels = [label for label, _, _ in paragraphs if label]
    assert len(labels) == 145
    assert labels == TIKA_LABELS
    assert resolver.warnings == []


def test_bullets_shown_where_libreoffice_shows_none():
    # LibreOffice labels the numbered items alike and leaves the three bullets empty.
    paragraphs, _ = body_labels(corpus_file("wordfiles/docling-word-sample.docx"))

    labelled = [(label, text) for label, _, text in paragraphs if label]
    assert labelled == [
        ("\u2022", "You can relax and look around"),
        ("\u2022", "Paddle about"),
        ("\u2022", "Enjoy summer warmth"),
        ("1.", "Wear sunglasses"),
        ("2.", "Don’t forget to drink water"),
        ("3.", "Use sun cream"),
        ("1.", "Leaves"),
        ("2.", "Berries"),
        ("3.", "Grain"),
    ]


_CROSS_REFERENCE = re.compile(r"\bSection (\d+(?:\.\d+)?) \(([A-Z][^)]{2,40})\)")


@pytest.mark.parametrize("name", [
    "common-paper-cloud-service-agreement.docx", "common-paper-csa-with-sla.docx",
    "common-paper-pilot-agreement.docx", "common-paper-professional-services-agreement.docx",
    "common-paper-partnership-agreement.docx",
])
def test_labels_agree_with_the_contracts_own_cross_references(name):
    # These files end the cover page with an empty Heading 1 paragraph that carries the
    # section break. Their cross-references ("Section 2.1 (Restrictions on Customer)")
    # name headings by the labels LibreOffice shows, which count that paragraph out.
    paragraphs, _ = body_labels(corpus_file(f"contracts/{name}"))
    headings: dict[str, set[str]] = {}
    for label, _, text in paragraphs:
        if label and text.strip():
            headings.setdefault(label.rstrip("."), set()).add(text.split()[0].rstrip(".:"))
    references = {(number, title) for _, _, text in paragraphs
                  for number, title in _CROSS_REFERENCE.findall(text)}

    assert len(references) >= 2
    for number, title in sorted(references):
        # Drafting slips ("Payment & Fees" for "Payment & Taxes", "Representations &
        # Warranty From Provider" for "From Provider") keep a word of the heading.
        words = set(title.split())
        assert words & headings.get(number, set()), (number, title, headings.get(number))


def test_resolver_from_package():
    from termscore.ooxml.package import Package

    package = Package.open(corpus_file("bugcases/BR-14.docx").read_bytes())
    resolver = NumberingResolver(package)
    body = package.main_part.xml.find(f"{{{W_NS}}}body")

    labels = [resolver.label(p) for p in body.iter(f"{{{W_NS}}}p")]

    assert labels == [("14.", 0), ("(a)", 1), ("(b)", 1), ("(c)", 1), ("", None)]
