"""Matching our body paragraphs to the paragraphs Word reports."""

from __future__ import annotations

from termscore.model import Paragraph
from termscore.server.wordmap import add_word_locations, align, normalise, overlap


def test_normalise_folds_nbsp_labels_and_case():
    assert normalise("7.2\u00a0Provider\u00a0may  USE data") == "provider may use data"
    assert normalise("(a) the Services") == "the services"
    assert normalise("Non\u2011exclusive\u00ad licence") == "non-exclusive licence"
    assert normalise("12. Term", label="12.") == "term"


def test_overlap_tolerates_deleted_words():
    ours = normalise("Provider shall use Customer Data to train models.")
    theirs = normalise("Provider shall not use Customer Data to train models.")

    assert overlap(ours, theirs) == 1.0
    assert overlap(ours, normalise("Completely different sentence here.")) < 0.6


def test_align_exact_and_gap_matches():
    ours = [("Title", ""), ("Provider shall use data to train models.", "1."), ("", ""),
            ("End.", "")]
    theirs = ["Title", "Provider shall not use data to train models.", "", "End."]

    assert align(ours, theirs) == {0: 0, 1: 1, 2: 2, 3: 3}


def test_align_skips_paragraph_word_lacks():
    ours = [("A first clause.", ""), ("Only in our reading.", ""), ("A last clause.", "")]
    theirs = ["A first clause.", "A last clause."]

    assert align(ours, theirs) == {0: 0, 2: 1}


def test_align_keeps_order_with_duplicates():
    ours = [("Reserved.", ""), ("Other.", ""), ("Reserved.", "")]
    theirs = ["Reserved.", "Other.", "Reserved."]

    assert align(ours, theirs) == {0: 0, 1: 1, 2: 2}


def test_align_large_gap_stays_fast():
    import time

    ours = [(f"Clause {n} binds the parties to term {n}.", "") for n in range(3000)]
    # Every Word paragraph keeps a deleted word, so no pair is identical.
    theirs = [f"Clause {n} binds the parties not to term {n}." for n in range(3000)]

    started = time.monotonic()
    pairs = align(ours, theirs)
    elapsed = time.monotonic() - started

    assert pairs == {n: n for n in range(3000)}
    assert elapsed < 5.0


def body(*texts):
    return [Paragraph("body", "word/document.xml", i, t, t) for i, t in enumerate(texts)]


def test_add_word_locations_sets_ids_and_warns():
    result = {"findings": [
        {"id": "a", "location": {"story": "body", "index": 1}, "warnings": []},
        {"id": "b", "location": {"story": "body", "index": 2}, "warnings": []},
        {"id": "c", "location": {"story": "footnote", "index": 0}, "warnings": []},
    ]}
    word = [{"index": 0, "text": "Heading", "id": "P0"},
            {"index": 1, "text": "Provider\u00a0may train models.", "id": "P1"}]

    add_word_locations(result, body("Heading", "Provider may train models.", "Unmatched x y z."),
                       word)

    first, second, third = result["findings"]
    assert first["location"]["word_index"] == 1
    assert first["location"]["word_id"] == "P1"
    assert second["location"]["word_index"] is None
    assert second["warnings"][0]["code"] == "word_paragraph_not_found"
    assert "word_index" not in third["location"]
