"""Suggested rewrites add each narrowing phrase once and do not contradict it."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from termscore.analysis import audit
from termscore.analysis.audit import _add_phrase
from termscore.document import open_document
from termscore.plaintext import read_text

RUN_WORDS = 6
_WORD = re.compile(r"[\w\u2019']+")
_SENTENCE = re.compile(r"(?<=[.;!?])\s+")

CONTRACT = (
    'This Agreement is between Acme Corp ("Customer") and Beta LLC ("Provider").\n\n'
    "1. Provider will make the Cloud Service available to Customer.\n\n"
    "5. If Customer gives Provider feedback on the Cloud Service, Provider may use the "
    "feedback in any way it wants, without restriction.\n\n"
    "6. Provider may collect Usage Data and use it to operate, improve and support the Cloud "
    "Service and for other lawful business purposes, including benchmarking and reports.\n"
)


def repeated_runs(sentence: str) -> set[tuple[str, ...]]:
    """Return the runs of RUN_WORDS words that occur twice, without overlap, in a sentence."""
    words = [w.lower() for w in _WORD.findall(sentence)]
    first: dict[tuple[str, ...], int] = {}
    repeats = set()
    for i in range(len(words) - RUN_WORDS + 1):
        run = tuple(words[i:i + RUN_WORDS])
        if run in first and first[run] + RUN_WORDS <= i:
            repeats.add(run)
        first.setdefault(run, i)
    return repeats


def runs_by_sentence(text: str) -> set[tuple[str, ...]]:
    found = set()
    for sentence in _SENTENCE.split(text):
        found |= repeated_runs(sentence)
    return found


def apply_suggestions(document, result) -> dict[tuple, tuple[str, str]]:
    """Return {(story, part, index): (paragraph text, text with every replacement applied)}."""
    texts = {(p.story, p.part, p.index): p.text for p in document.paragraphs}
    edits = defaultdict(list)
    for finding in result.findings:
        suggestion = finding.suggestion
        if finding.kind != "risk" or suggestion["action"] not in ("replace", "delete"):
            continue
        loc = finding.location
        key = (loc["story"], loc["part"], loc["index"])
        assert texts[key][loc["start"]:loc["end"]] == loc["quote"]
        edits[key].append((loc["start"], loc["end"], suggestion["text"]))

    out = {}
    for key, spans in edits.items():
        text = texts[key]
        for start, end, replacement in sorted(spans, reverse=True):
            text = text[:start] + replacement + text[end:]
        out[key] = (texts[key], text)
    return out


def audited(document):
    return audit(document, options={"cuad": False})


def contracts(corpus_dir):
    return sorted(path for path in (corpus_dir / "contracts").iterdir() if path.is_file())


def test_corpus_suggestions_repeat_no_run(corpus_dir):
    problems = []

    for path in contracts(corpus_dir):
        document = open_document(path)
        result = audited(document)
        for key, (original, edited) in apply_suggestions(document, result).items():
            added = runs_by_sentence(edited) - runs_by_sentence(original)
            if added:
                problems.append(f"{path.name} paragraph {key[2]}: {' '.join(sorted(added)[0])}")

    assert problems == []


def test_feedback_phrase_added_once():
    result = audited(read_text(CONTRACT.encode("utf-8"), name="cloud.txt"))

    feedback = next(f for f in result.findings if f.rule == "feedback")

    assert feedback.suggestion["text"] == (
        "If Customer gives Provider feedback on the Cloud Service, Provider may use the "
        "feedback solely to improve the Cloud Service provided to Customer, without "
        "identifying Customer.")


def test_usage_data_phrase_merged_and_improve_dropped():
    result = audited(read_text(CONTRACT.encode("utf-8"), name="cloud.txt"))

    usage = next(f for f in result.findings if f.rule == "data-usage")
    text = usage.suggestion["text"]

    assert text == (
        "Provider may collect Usage Data and use it to operate and support the Cloud Service "
        "and solely to provide the Cloud Service to Customer and not for any other purpose, "
        "excluding any use to improve, develop or enhance Provider's products or services.")
    assert text.count("solely to provide the Cloud Service to Customer") == 1


@pytest.mark.parametrize("text, phrase, expected", [
    ("Provider may use it to provide the Services to Customer.",
     ", solely to provide the Services to Customer and not for any other purpose",
     "Provider may use it solely to provide the Services to Customer and not for any "
     "other purpose."),
    ("Provider may use it solely to provide the Services to Customer and not for any "
     "other purpose.",
     ", solely to provide the Services to Customer and not for any other purpose",
     "Provider may use it solely to provide the Services to Customer and not for any "
     "other purpose."),
    ("Provider may use it for analytics.",
     ", solely to provide the Services to Customer",
     "Provider may use it for analytics, solely to provide the Services to Customer."),
    ("Provider may use it to operate, improve, and support the Services.",
     ", excluding any use to improve, develop or enhance Provider's products",
     "Provider may use it to operate and support the Services, excluding any use to "
     "improve, develop or enhance Provider's products."),
    ("Provider may use it, excluding the training of artificial intelligence or "
     "machine-learning models.",
     ", excluding training of artificial intelligence or machine-learning models",
     "Provider may use it, excluding the training of artificial intelligence or "
     "machine-learning models."),
])
def test_add_phrase_cases(text, phrase, expected):
    assert _add_phrase(text, phrase) == expected


def test_repeated_runs_counts_only_new_repeats():
    sentence = "we may use it to improve the Platform for you and to improve the Platform for you"

    assert repeated_runs(sentence) == {("to", "improve", "the", "platform", "for", "you")}
    assert repeated_runs("Provider may use the feedback solely to improve the Services.") == set()
