"""The fast word-start searches give exactly what ``\\b`` + pattern gives in ``re``."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from termscore.analysis.wordsearch import PhraseIndex, WordStartPattern, at_boundary

# Letters, digits, an underscore, spaces, punctuation and a non-ASCII letter, so that
# word starts, word ends and Unicode word characters all occur.
ALPHABET = "ab_1 .'\"-é"
BODIES = ["a", "ab", "a\\b", "b a", "(a|ab)", "(?:ab|b)_", "'a", "(a)(b)?", "é"]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=40), body=st.sampled_from(BODIES),
       ignore_case=st.booleans())
def test_word_start_pattern_matches_re(text, body, ignore_case):
    flags = re.I if ignore_case else 0
    fast = WordStartPattern(body, flags)
    slow = re.compile(r"\b(?:" + body + ")", flags)

    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)]
    assert fast.findall(text) == re.compile(r"\b" + body, flags).findall(text)
    found = fast.search(text)
    first = slow.search(text)
    assert (found is None) == (first is None)
    if found is not None:
        assert found.span() == first.span()
    assert fast.count(text) == len(slow.findall(text))


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=40), start=st.integers(0, 40),
       end=st.integers(0, 40))
def test_search_between_positions_matches_re(text, start, end):
    fast = WordStartPattern("ab?")
    slow = re.compile(r"\bab?")
    found = fast.search(text, start, end)
    expected = slow.search(text, start, end)
    assert (found is None) == (expected is None)
    if found is not None:
        assert found.span() == expected.span()


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.text(alphabet=ALPHABET, max_size=15), max_size=5),
       phrase=st.sampled_from(["a", "ab", "b a", "é", "_a"]))
def test_phrase_index_matches_re_per_text(texts, phrase):
    index = PhraseIndex(texts)
    pattern = re.compile(r"\b" + re.escape(phrase))
    expected = []
    for number, text in enumerate(texts):
        position = 0
        while True:
            # Overlapping occurrences count, as str.find reports each one.
            match = pattern.search(text, position)
            if match is None:
                break
            expected.append((number, match.start()))
            position = match.start() + 1
    assert index.hits(phrase) == expected


def test_known_values():
    assert WordStartPattern("train").findall("constraint; train, training") == [
        "train", "train"]
    assert WordStartPattern(r"the\s+(Services?)\b").findall(
        "the Services and the Service of theService") == ["Services", "Service"]
    assert PhraseIndex(["Data use", "metadata", "data"]).hits("data") == [(2, 0)]
    assert at_boundary("a b", 2)
    assert not at_boundary("ab", 1)
    assert at_boundary("ab", 2)
