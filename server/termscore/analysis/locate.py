"""Locations that the add-in can find again: offsets, quotes and Word search keys."""

from __future__ import annotations

import hashlib
import re

from ..clauses.patterns import normalise
from ..model import Paragraph

MAX_SEARCH_KEY = 255  # Word's Range.search rejects longer search strings
# Characters that Word's search treats as wildcards or special codes when wildcards are on,
# or as the "^" special-character escape always.
_WORD_SPECIAL = set("^?*[]{}<>@\\~")
_KEY_LENGTHS = (24, 32, 48, 64, 96, 128, 192, MAX_SEARCH_KEY)


def finding_id(rule: str, quote: str) -> str:
    """Return an id stable across audits of the same text: rule plus a hash of the quote."""
    text = " ".join(normalise(quote)[0].lower().split())
    return f"{rule}:{hashlib.sha1(text.encode('utf-8')).hexdigest()[:8]}"


def _clean_runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the maximal stretches of [start, end) that contain no Word special character."""
    runs = []
    run_start = start
    for i in range(start, end):
        if text[i] in _WORD_SPECIAL or text[i] == "\n":
            if i > run_start:
                runs.append((run_start, i))
            run_start = i + 1
    if end > run_start:
        runs.append((run_start, end))
    return runs


def search_key(paragraph_text: str, start: int, end: int) -> tuple[str, bool]:
    """Return (key, unique): the shortest clean substring of [start, end) unique in the paragraph.

    The key has at most 255 characters and none of Word's wildcard characters. Word's
    search ignores case by default, so uniqueness is checked case-insensitively. Keys
    start and end at word boundaries where the quote allows. When no clean substring is
    unique, the longest clean one is returned with ``unique`` False.
    """
    lowered = paragraph_text.lower()
    runs = _clean_runs(paragraph_text, start, end)
    best = ""
    for length in _KEY_LENGTHS:
        for run_start, run_end in runs:
            if run_end - run_start < min(length, end - start) and length != _KEY_LENGTHS[-1]:
                continue
            position = run_start
            while position < run_end:
                stop = min(run_end, position + length)
                if stop < run_end:
                    # Cut at a word boundary so the key reads naturally.
                    space = paragraph_text.rfind(" ", position + 1, stop)
                    if space > position + length // 2:
                        stop = space
                key = paragraph_text[position:stop].strip()
                if len(key) > len(best):
                    best = key
                if key and lowered.count(key.lower()) == 1:
                    return key, True
                next_space = paragraph_text.find(" ", position + 1, run_end)
                if next_space == -1 or stop >= run_end:
                    break
                position = next_space + 1
    return best[:MAX_SEARCH_KEY].strip(), False


def location(paragraph: Paragraph, start: int | None, end: int | None) -> tuple[dict, bool]:
    """Return a finding's location dict and whether its search key is unique."""
    out = {"story": paragraph.story, "part": paragraph.part, "index": paragraph.index}
    if paragraph.para_id:
        out["para_id"] = paragraph.para_id
    if paragraph.note_id:
        out["note_id"] = paragraph.note_id
    out["label"] = paragraph.label
    if start is None or end is None:
        out.update(start=None, end=None, quote=None, search_key=None)
        return out, True
    key, unique = search_key(paragraph.text, start, end)
    out.update(start=start, end=end, quote=paragraph.text[start:end], search_key=key)
    return out, unique


def tidy(text: str) -> str:
    """Repair spacing and punctuation left behind when words are removed from a sentence."""
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    text = re.sub(r",(\s*,)+", ",", text)
    text = re.sub(r"\(\s*\)", "", text)
    return text.strip()


_TAIL = re.compile(r"(\s*(?:[.;:,]\s*(?:and|or)?|\s+(?:and|or))?\s*)$", re.S)


def insert_before_end(text: str, phrase: str) -> str:
    """Insert ``phrase`` before a sentence's closing punctuation ("." or "; and")."""
    match = _TAIL.search(text)
    body, tail = text[:match.start()], text[match.start():]
    if body.endswith(",") and phrase.startswith(","):
        phrase = phrase[1:]
    return body + phrase + tail
