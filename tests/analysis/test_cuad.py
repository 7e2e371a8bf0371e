"""CUAD category tagging: the YAML examples, sentence splitting, spans and governing law."""

from pathlib import Path

import pytest

from termscore.analysis import cuad
from termscore.analysis.clauses import segment_units
from termscore.errors import ClauseLibraryError
from termscore.plaintext import read_text

# The 17 CUAD v1 categories TermScore reports, spelled as in CUAD's label files.
CUAD_CATEGORIES = {
    "Affiliate License-Licensee", "Affiliate License-Licensor", "Anti-Assignment",
    "Audit Rights", "Cap On Liability", "Covenant Not To Sue", "Governing Law",
    "IP Ownership Assignment", "Irrevocable Or Perpetual License", "Joint IP Ownership",
    "License Grant", "Non-Transferable License", "Post-Termination Services",
    "Termination For Convenience", "Third Party Beneficiary", "Uncapped Liability",
    "Unlimited/All-You-Can-Eat-License",
}

CATEGORIES = cuad.load_categories()
MATCH_CASES = [(c, text) for c in CATEGORIES for text in c.examples.get("match", [])]
NO_MATCH_CASES = [(c, text) for c in CATEGORIES for text in c.examples.get("no_match", [])]


def case_id(case):
    category, text = case
    return f"{category.source}:{text[:40]}"


def test_library_covers_cuad_categories():
    assert {c.name for c in CATEGORIES} == CUAD_CATEGORIES


@pytest.mark.parametrize("category", CATEGORIES, ids=lambda c: c.source)
def test_category_has_three_examples_each_way(category):
    assert len(category.examples.get("match", [])) >= 3
    assert len(category.examples.get("no_match", [])) >= 3


@pytest.mark.parametrize("case", MATCH_CASES, ids=[case_id(c) for c in MATCH_CASES])
def test_example_matches(case):
    category, text = case

    score = category.score(text)

    assert score >= category.threshold, f"{category.source}: {score:.2f} for {text!r}"


@pytest.mark.parametrize("case", NO_MATCH_CASES, ids=[case_id(c) for c in NO_MATCH_CASES])
def test_example_does_not_match(case):
    category, text = case

    score = category.score(text)

    assert score < category.threshold, f"{category.source}: {score:.2f} for {text!r}"


@pytest.mark.parametrize("text, expected", [
    ("Licensee shall pay. Licensor shall deliver.", ["Licensee shall pay.", "Licensor shall deliver."]),
    ("Acme Inc. shall pay. It is due.", ["Acme Inc. shall pay.", "It is due."]),
    ("See Section 7.2 and the U.S. Code. Then stop.", ["See Section 7.2 and the U.S. Code.", "Then stop."]),
    ("(a) first item; (b) second item", ["(a) first item;", "(b) second item"]),
])
def test_split_sentences(text, expected):
    pieces = [text[start:end] for start, end in cuad.split_sentences(text)]

    assert pieces == expected


def test_split_sentences_cuts_long_run_on_text():
    text = "; ".join(["the Supplier shall deliver the goods"] * 100)

    bounds = cuad.split_sentences(text)

    assert len(bounds) > 1
    assert all(end - start <= 1500 for start, end in bounds)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)


def test_mask_inner_periods_keeps_length():
    text = "Section 7.2 of Acme Inc. applies. Next"

    masked = cuad.mask_inner_periods(text)

    assert len(masked) == len(text)
    assert masked == "Section 7\u00b72 of Acme Inc\u00b7 applies. Next"


CONTRACT = (
    "1. Licensor hereby grants to Licensee a non-exclusive, non-transferable license to use "
    "the Software.\n\n"
    "2. Licensee shall not assign this Agreement without the prior written consent of "
    "Licensor.\n\n"
    "3. This Agreement shall be governed by the laws of the State of New York.\n\n"
    "4. The Supplier shall deliver the goods on time.\n"
)


def test_tag_text_reports_every_category():
    results = cuad.tag_text(CONTRACT)

    assert {r["category"] for r in results} == CUAD_CATEGORIES
    present = {r["category"] for r in results if r["present"]}
    assert present == {"License Grant", "Non-Transferable License", "Anti-Assignment",
                       "Governing Law"}


def test_tag_cuad_spans_point_into_paragraphs():
    document = read_text(CONTRACT.encode())
    units = segment_units(document)

    results = {r["category"]: r for r in cuad.tag_cuad(units, document)}

    span = results["Governing Law"]["spans"][0]
    paragraph = next(p for p in document.paragraphs if p.index == span["index"])
    assert paragraph.text[span["start"]:span["end"]] == span["quote"]
    assert span["quote"].startswith("This Agreement shall be governed")
    # The trained model gives every sentence a small probability, so an absent category
    # scores just above 0.
    assert results["Audit Rights"]["present"] is False
    assert results["Audit Rights"]["spans"] == []
    assert results["Audit Rights"]["score"] < 0.05


def test_tag_cuad_falls_back_to_document_body():
    document = read_text(CONTRACT.encode())

    results = {r["category"]: r for r in cuad.tag_cuad([], document)}

    assert results["Anti-Assignment"]["present"] is True
    assert 0.5 <= results["Anti-Assignment"]["score"] <= 1.0


@pytest.mark.parametrize("sentence, jurisdiction, eu", [
    ("This Agreement shall be governed by the laws of the State of New York.",
     "State of New York", False),
    ("This Agreement is governed by the law of England and Wales.", "England and Wales", False),
    ("This Agreement shall be governed by the laws of Ireland, without regard to conflicts "
     "of law.", "Ireland", True),
    ("This Agreement shall be governed by German law.", "Germany", True),
    ("This Agreement shall be governed by the laws of the Netherlands.", "the Netherlands", True),
    ("THIS AGREEMENT SHALL BE GOVERNED BY THE LAWS OF THE STATE OF DELAWARE WITHOUT REGARD TO "
     "ITS CONFLICT OF LAWS RULES.", "State of Delaware", False),
    ("This Agreement shall be governed by the laws of the European Union and of France.",
     "European Union", True),
])
def test_governing_law_jurisdiction(sentence, jurisdiction, eu):
    document = read_text(sentence.encode())

    result = cuad.governing_law(segment_units(document), document)

    assert result["text"] == sentence
    assert result["jurisdiction"] == jurisdiction
    assert result["eu"] is eu


@pytest.mark.parametrize("sentence, jurisdiction", [
    ("This Agreement shall be governed by the laws in force in the Province of Ontario.",
     "Province of Ontario"),
    ("This Agreement shall be governed by and in accordance with the laws in the State of "
     "Washington.", "State of Washington"),
    ("This Agreement shall be governed by the laws of the United States and the State of "
     "Florida.", "State of Florida"),
    ("This DPA will be governed by the laws of the Governing State.", None),
])
def test_find_jurisdiction_variants(sentence, jurisdiction):
    assert cuad.find_jurisdiction(sentence) == jurisdiction


def test_governing_law_absent():
    document = read_text(b"The Supplier shall deliver the goods.")

    assert cuad.governing_law(segment_units(document), document) == {
        "text": None, "jurisdiction": None, "eu": False}


@pytest.mark.parametrize("name, eu", [
    ("France", True), ("the Federal Republic of Germany", True), ("Kingdom of Spain", True),
    ("European Union", True), ("State of California", False), ("Switzerland", False),
    ("England and Wales", False), (None, False),
])
def test_is_eu_jurisdiction(name, eu):
    assert cuad.is_eu_jurisdiction(name) is eu


def write_category(folder: Path, body: str) -> str:
    (folder / "bad.yaml").write_text(body, encoding="utf-8")
    cuad.load_categories.cache_clear()
    return str(folder)


@pytest.mark.parametrize("body, message", [
    ("category: X\npatterns:\n  - regex: '(unclosed'\n", "invalid regular expression '(unclosed'"),
    ("category: X\npatterns:\n  - regex: 'a'\n    weight: 2\n", "weight 2 must be a number in (0, 1]"),
    ("category: X\npattern:\n  - regex: 'a'\n", "unknown keys ['pattern']"),
    ("category: X\npatterns: []\n", "'patterns' must be a non-empty list"),
    ("category: [X\n", "invalid YAML"),
])
def test_load_categories_rejects_bad_file(tmp_path, body, message):
    folder = write_category(tmp_path, body)

    with pytest.raises(ClauseLibraryError) as raised:
        cuad.load_categories(folder)

    assert raised.value.message.startswith("bad.yaml")
    assert message in raised.value.message


def test_load_categories_missing_folder(tmp_path):
    with pytest.raises(ClauseLibraryError, match="not found"):
        cuad.load_categories(str(tmp_path / "absent"))


def test_tag_cuad_spans_carry_story_and_part():
    from types import SimpleNamespace

    from termscore.model import Paragraph

    clause = "This Agreement shall be governed by the laws of the State of Texas."
    body = Paragraph("body", "word/document.xml", 3, "Recitals.", "Recitals.")
    note = Paragraph("footnote", "word/footnotes.xml", 3, clause, clause)
    units = [SimpleNamespace(text=p.text, paragraphs=[p]) for p in (body, note)]

    results = {r["category"]: r for r in cuad.tag_cuad(units)}

    span = results["Governing Law"]["spans"][0]
    assert span["story"] == "footnote"
    assert span["part"] == "word/footnotes.xml"
    assert span["index"] == 3
    assert (span["start"], span["end"]) == (0, len(clause))
