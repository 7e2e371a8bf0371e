"""Map our body paragraphs to the paragraphs Word reports, so findings carry Word's numbering.

Word's ``body.paragraphs`` and our reader usually agree paragraph for paragraph, but not
always: Word's ``Paragraph.text`` includes text inside tracked deletions, omits list
labels, and may differ in no-break spaces and other whitespace. The two sequences are
aligned in order: identical normalised texts first, then, inside the gaps between those,
the best-overlapping pairs.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

# Manual list labels typed as text: "7.", "7.2", "(a)", "iv)", "§ 3".
_LABEL = re.compile(r"^\s*(?:\(?[0-9ivxlcdm]{1,6}\)|\(?[a-z]\)|§+\s*\d+(?:\.\d+)*|"
                    r"\d+(?:\.\d+)*\.?|[a-z]\.)\s+")
_SPACE = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
# Minimum share of our words, found in order in Word's text, for a gap pair to match.
MIN_OVERLAP = 0.6
# Word paragraphs tried for each of ours inside a gap, from the last match on. It bounds
# the work at len(ours) * WINDOW comparisons when every paragraph differs slightly.
WINDOW = 25


def normalise(text: str, label: str = "") -> str:
    """Fold the differences Word introduces: NBSP and other spaces, hyphens, list labels."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    text = text.replace("\u2011", "-").replace("\u2010", "-")
    text = _SPACE.sub(" ", text).strip().casefold()
    label = _SPACE.sub(" ", unicodedata.normalize("NFKC", label)).strip().casefold()
    if label and text.startswith(label):
        text = text[len(label):].lstrip()
    return _LABEL.sub("", text, count=1)


def overlap(ours: str, theirs: str) -> float:
    """Share of our words that appear in order in Word's text (which may add deleted words)."""
    our_words = ours.split()
    if not our_words:
        return 1.0 if not theirs.split() else 0.0
    their_words = theirs.split()
    matcher = SequenceMatcher(None, our_words, their_words, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / len(our_words)


def align(ours: list[tuple[str, str]], theirs: list[str]) -> dict[int, int]:
    """Return positions in ``theirs`` for positions in ``ours`` ((text, label) pairs)."""
    our_keys = [normalise(text, label) for text, label in ours]
    their_keys = [normalise(text) for text in theirs]
    matcher = SequenceMatcher(None, our_keys, their_keys, autojunk=False)
    pairs: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.update({i1 + k: j1 + k for k in range(i2 - i1)})
        elif tag == "replace":
            next_j = j1
            for i in range(i1, i2):
                best, best_score = None, 0.0
                for j in range(next_j, min(j2, next_j + WINDOW)):
                    score = overlap(our_keys[i], their_keys[j])
                    if score >= MIN_OVERLAP and score > best_score:
                        best, best_score = j, score
                    if best_score == 1.0:
                        break  # every word found in order: no later pair can do better
                if best is not None:
                    pairs[i] = best
                    next_j = best + 1
    return pairs


def add_word_locations(result: dict, body: list, word_paragraphs: list[dict]) -> None:
    """Add ``location.word_index`` and ``location.word_id`` to each body finding in ``result``.

    ``body`` is our body story in order; ``word_paragraphs`` is Word's list of
    ``{"index", "text", "id"}``. A body finding without a match gets a warning instead.
    """
    position_of = {paragraph.index: position for position, paragraph in enumerate(body)}
    pairs = align([(p.text, p.label or "") for p in body], [w["text"] for w in word_paragraphs])
    for finding in result.get("findings", []):
        location = finding.get("location") or {}
        if location.get("story", "body") != "body" or location.get("index") is None:
            continue
        position = position_of.get(location["index"])
        match = pairs.get(position) if position is not None else None
        if match is None:
            location["word_index"] = None
            location["word_id"] = None
            finding.setdefault("warnings", []).append({
                "code": "word_paragraph_not_found",
                "message": f"Body paragraph {location['index']} matches none of the "
                           "paragraphs Word sent; find it with the search key instead.",
            })
            continue
        location["word_index"] = word_paragraphs[match]["index"]
        location["word_id"] = word_paragraphs[match].get("id")
