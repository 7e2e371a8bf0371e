"""The literal gate of a case-insensitive pattern never hides a match."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from termscore.analysis.cuad import case_insensitive_gate, fold_for_gate
from termscore.clauses.library import load_library
from termscore.clauses.patterns import compile_pattern

# Letters that case-fold onto ASCII in unusual ways: dotless i, dotted capital I, long s,
# the Kelvin sign, plus ordinary letters, apostrophes and spaces.
ALPHABET = "dataDATAıİſ\u212apersonalPERSONAL 's\u2019"
PATTERNS = [r"\bpersonal\s+(?:data|information)\b", r"\bdata\b", r"(?:your|our)(?:'s)?\s+data",
            r"\bkit\b", r"\bpass\b"]


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=30), source=st.sampled_from(PATTERNS))
def test_gate_lets_every_match_through(text, source):
    regex = re.compile(source, re.IGNORECASE)
    gate = case_insensitive_gate(regex)
    assert gate is not None
    if regex.search(text):
        assert any(word in fold_for_gate(text) for word in gate)


def test_exotic_case_folds_still_match():
    for text, source in [("PERSONAL DATA", r"\bpersonal\s+data\b"), ("paſs", r"\bpass\b"),
                         ("\u212aIT", r"\bkit\b"), ("DATİ", r"\bdati\b")]:
        regex = re.compile(source, re.IGNORECASE)
        assert regex.search(text)
        assert any(word in fold_for_gate(text) for word in case_insensitive_gate(regex))


def test_library_applies_when_patterns_have_gates():
    # The scan these gates skip is the slow case of an audit: a long text without the words.
    library = load_library()
    sources = {s for rule in library.rules.values() for s in rule.applies_when}
    assert sources
    gates = {s: case_insensitive_gate(compile_pattern(s)) for s in sources}
    assert all(gates.values()), [s for s, g in gates.items() if not g]
    assert case_insensitive_gate(compile_pattern(r"\bpersonal\s+(?:data|information)\b")) == (
        "personal",)
