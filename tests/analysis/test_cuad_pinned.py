"""Pinned CUAD outputs, so that a speed-up which changes any tag, span or score fails.

The expected values were produced by the tagger before its literal gates were added. Every
gate must return the result of a plain ``regex.search`` on every pattern.
"""

import re

import pytest

from termscore.analysis import cuad
from termscore.plaintext import read_text

PINNED_CONTRACT = (
    "1. Grant. Licensor hereby grants to Licensee and its Affiliates a non-exclusive, "
    "non-transferable, perpetual and irrevocable license to use the Software under Section 7.2 "
    "of the U.S. Code. Licensee may not sublicense the Software.\n\n"
    "2. Assignment. Neither party may assign this Agreement without the prior written consent "
    "of the other party; any attempted assignment in violation of this Section shall be void.\n\n"
    "3. Audit. Licensor shall have the right to audit the books and records of Licensee upon "
    "thirty (30) days prior written notice.\n\n"
    "4. Liability. In no event shall either party's total liability under this Agreement "
    "exceed the fees paid in the twelve (12) months preceding the claim. The foregoing "
    "limitation shall not apply to breach of confidentiality or gross negligence.\n\n"
    "5. Termination. Either party may terminate this Agreement for convenience upon sixty (60) "
    "days written notice to the other party. Upon termination, Licensee shall return or "
    "destroy all Confidential Information and shall pay all fees accrued through the date "
    "of termination.\n\n"
    "6. Intellectual Property. Contractor hereby assigns to Acme Inc. all right, title and "
    "interest in and to the Deliverables. Inventions made jointly shall be jointly owned by "
    "the parties.\n\n"
    "7. Covenant. Licensee shall not contest or challenge the validity of Licensor's patents "
    "or its ownership of the Licensed Marks.\n\n"
    "8. Third Parties. Nothing in this Agreement confers any right on a person who is not a "
    "party; there are no third party beneficiaries of this Agreement.\n\n"
    "9. Governing Law. This Agreement shall be governed by the laws of the State of New York. "
    "This Agreement shall be governed by the laws of the State of New York.\n\n"
    "10. Notices. All notices shall be in writing and delivered to the address set out above.\n"
)

# (category, present, score, [(paragraph index, start, end)]) with the shipped model.
WITH_MODEL = [
    ("Affiliate License-Licensee", True, 0.97, [(0, 7, 185)]),
    ("Affiliate License-Licensor", False, 0.0179, []),
    ("Anti-Assignment", True, 0.9999, [(1, 12, 174)]),
    ("Audit Rights", True, 0.9586, [(2, 7, 123)]),
    ("Cap On Liability", True, 0.8691, [(3, 11, 148)]),
    ("Covenant Not To Sue", True, 0.9907, [(6, 10, 124)]),
    ("Governing Law", True, 0.9824, [(8, 15, 85), (8, 86, 156)]),
    ("IP Ownership Assignment", True, 0.722, [(5, 23, 119)]),
    ("Irrevocable Or Perpetual License", True, 0.96, [(0, 7, 185)]),
    ("Joint IP Ownership", True, 0.85, [(5, 120, 182)]),
    ("License Grant", True, 0.9907, [(0, 7, 185)]),
    ("Non-Transferable License", True, 0.9602, [(0, 7, 185)]),
    ("Post-Termination Services", False, 0.0666, []),
    ("Termination For Convenience", True, 0.8297, [(4, 13, 126)]),
    ("Third Party Beneficiary", False, 0.0, []),
    ("Uncapped Liability", False, 0.2646, []),
    ("Unlimited/All-You-Can-Eat-License", False, 0.0268, []),
]

# The categories with a pattern score above 0 when the patterns alone decide.
PATTERNS_ONLY = [
    ("Affiliate License-Licensee", True, 0.97, [(0, 7, 185)]),
    ("Anti-Assignment", True, 0.9966, [(1, 12, 174)]),
    ("Audit Rights", True, 0.88, [(2, 7, 123)]),
    ("Cap On Liability", True, 0.9, [(3, 11, 148)]),
    ("Covenant Not To Sue", True, 0.9625, [(6, 10, 124)]),
    ("Governing Law", True, 0.98, [(8, 15, 85), (8, 86, 156)]),
    ("IP Ownership Assignment", True, 0.9025, [(5, 23, 119)]),
    ("Irrevocable Or Perpetual License", True, 0.96, [(0, 7, 185)]),
    ("Joint IP Ownership", True, 0.85, [(5, 120, 182)]),
    ("License Grant", True, 0.91, [(0, 7, 185)]),
    ("Non-Transferable License", True, 0.8, [(0, 7, 185)]),
    ("Post-Termination Services", True, 0.8875, [(4, 127, 270)]),
    ("Termination For Convenience", True, 0.991, [(4, 13, 126)]),
    ("Uncapped Liability", True, 0.8, [(3, 149, 239)]),
]


def summary(results, keep_zero=True):
    return [(r["category"], r["present"], r["score"],
             [(s["index"], s["start"], s["end"]) for s in r["spans"]])
            for r in results if keep_zero or r["score"]]


def test_tag_text_pinned_with_model():
    results = cuad.tag_text(PINNED_CONTRACT)

    assert summary(results) == WITH_MODEL


def test_tag_sentences_pinned_patterns_only():
    sentences = cuad._sentences(read_text(PINNED_CONTRACT.encode()).story("body"))

    results = cuad.tag_sentences(sentences, model=None)

    assert summary(results, keep_zero=False) == PATTERNS_ONLY


def test_pinned_spans_quote_their_paragraph():
    document = read_text(PINNED_CONTRACT.encode())
    texts = {p.index: p.text for p in document.story("body")}

    results = {r["category"]: r for r in cuad.tag_text(PINNED_CONTRACT)}

    span = results["Joint IP Ownership"]["spans"][0]
    assert span["quote"] == "Inventions made jointly shall be jointly owned by the parties."
    assert texts[span["index"]][span["start"]:span["end"]] == span["quote"]


def plain_score(category, masked):
    """The pattern score computed with plain searches and no gates."""
    if category.trigger is not None and not category.trigger.search(masked):
        return 0.0
    if not all(r.search(masked) for r in category.require):
        return 0.0
    if any(r.search(masked) for r in category.exclude):
        return 0.0
    miss = 1.0
    for pattern in category.patterns:
        if pattern.regex.search(masked):
            miss *= 1.0 - pattern.weight
    return 1.0 - miss


def example_texts():
    texts = [PINNED_CONTRACT]
    for category in cuad.load_categories():
        for group in category.examples.values():
            texts.extend(group)
    return [cuad.mask_inner_periods(text).lower() for text in texts]


def test_rule_scores_equal_plain_searches():
    categories = cuad.load_categories()
    texts = example_texts()

    scores = cuad.rule_scores(categories, texts)

    with_words = cuad.rule_scores(categories, texts, [cuad._WORD.findall(t) for t in texts])

    for category in categories:
        assert scores[category.name] == [plain_score(category, t) for t in texts], category.name
        assert with_words[category.name] == scores[category.name], category.name
    assert sum(1 for c in categories for value in scores[c.name] if value > 0) > 40


def test_every_gate_matches_its_search():
    texts = example_texts() + ["co-own", "coown", "the co own", "sue\0x", ""]
    regexes = [r for c in cuad.load_categories()
               for r in [c.trigger, *c.require, *c.exclude, *(p.regex for p in c.patterns)]
               if r is not None]

    for regex in regexes:
        gate = cuad._Gate.of(regex)
        for text in texts:
            assert gate.search(text) is bool(regex.search(text)), (regex.pattern, text)
    # Most triggers are plain word lists, decided by substring tests alone.
    assert sum(cuad._Gate.of(c.trigger).exact for c in cuad.load_categories()) >= 10


@pytest.mark.parametrize("pattern, literals, exact", [
    ("assign|transfer", ("assign", "transfer"), True),
    ("co-?own|joint", ("coown", "co-own", "joint"), True),
    (r"laws?|legislation", ("law", "laws", "legislation"), True),
    (r"\bsue\b", ("sue",), False),
    (r"greater\s+than|excluded", ("greater", "excluded"), False),
    (r"\bnon-?\s?transferable\b", ("transferable",), False),
    (r"[^.]{0,20}", None, False),
    (r"(?i:licen)", None, False),
])
def test_gate_literals(pattern, literals, exact):
    gate = cuad._Gate(re.compile(pattern))

    assert gate.literals == literals
    assert gate.exact is exact


def test_literal_index_with_nul_in_text_falls_back():
    texts = ["no match here", "the lic\0ence", "a licence"]
    index = cuad._LiteralIndex(texts)

    assert index.usable is False
    assert index.containing("licence") == {2}
    assert index.matching(re.compile(r"\blicence\b")) == [2]


def test_literal_index_finds_each_text_once():
    texts = ["assign assign", "nothing", "transfer then assign", "reassignment"]
    index = cuad._LiteralIndex(texts)

    assert index.matching(re.compile("assign|transfer")) == [0, 2, 3]
    assert index.matching(re.compile(r"\bassign\b")) == [0, 2]


def random_pattern(rng, depth=0):
    """Build a small random regular expression from literals, groups, classes and repeats."""
    pieces = []
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice("llllgbcrq" if depth < 2 else "llllcq")
        if kind == "l":
            pieces.append("".join(rng.choice("ab- ") for _ in range(rng.randint(1, 3))))
        elif kind == "g":
            pieces.append("(?:" + "|".join(random_pattern(rng, depth + 1)
                                           for _ in range(rng.randint(1, 3))) + ")")
        elif kind == "b":
            pieces.append(rng.choice([r"\b", r"\s", r"\w", "[^.]", "[ab]", "[a-c]", "."]))
        elif kind == "c":
            pieces.append(rng.choice(["a?", "b*", "(?:ab)?", "a+", "b{0,2}", "(?:a|)", "c"]))
        elif pieces and pieces[-1] and pieces[-1][-1] not in "?*+}":
            pieces[-1] += rng.choice(["?", "{1,2}", "+", "*"])
    return "".join(pieces)


def test_random_gates_match_search():
    import random

    rng = random.Random(7)
    texts = ["".join(rng.choice("ab- .c") for _ in range(rng.randint(0, 12)))
             for _ in range(60)]
    checked = 0
    for _ in range(400):
        source = "|".join(random_pattern(rng) for _ in range(rng.randint(1, 3)))
        try:
            regex = re.compile(source)
        except re.error:
            continue
        gate = cuad._Gate(regex)
        for text in texts:
            assert gate.search(text) is bool(regex.search(text)), (source, text)
        checked += 1
    assert checked > 300


def test_literal_index_by_words_stays_inside_words():
    texts = ["reassignment due", "as sign", "no match", "assign-ment"]
    words = [cuad._WORD.findall(text) for text in texts]
    index = cuad._LiteralIndex(texts, words)

    assert index.containing("assign") == {0, 3}
    assert index.containing("ment") == {0, 3}
    # A literal with a space or hyphen is looked up in the joined texts instead.
    assert index.containing("as sign") == {1}
    assert index.containing("n-m") == {3}
