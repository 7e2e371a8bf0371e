"""Fast searches for words and phrases that must start at a word boundary.

Python's ``re`` finds a pattern quickly when it starts with literal text: it scans for
that text first. A leading ``\\b`` hides the literal, so the engine tries the whole
pattern at every position, which is about 40 times slower over a long contract. The
helpers here search for the pattern without the ``\\b`` and keep the matches that start
at a word boundary, which gives exactly the matches of ``\\b`` + pattern.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections.abc import Iterator


def is_word_char(char: str) -> bool:
    """Tell whether ``char`` is a word character as ``re`` defines ``\\w`` for str."""
    return char.isalnum() or char == "_"


def at_boundary(text: str, index: int, end: int | None = None) -> bool:
    """Tell whether ``\\b`` is true at ``index`` of ``text`` (``end`` ends the text early)."""
    end = len(text) if end is None else end
    before = index > 0 and is_word_char(text[index - 1])
    after = index < end and is_word_char(text[index])
    return before != after


class WordStartPattern:
    """A compiled ``\\b`` + ``body`` that runs at the speed of ``body`` alone.

    ``body`` must not itself begin with ``\\b`` and must not hold a top-level ``|``
    (wrap alternatives in a group), because the boundary applies to the whole body.
    """

    __slots__ = ("pattern",)

    def __init__(self, body: str, flags: int = 0):
        self.pattern = re.compile(body, flags)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match]:
        search = self.pattern.search
        end = min(endpos, len(text))
        while pos <= end:
            match = search(text, pos, end)
            if match is None:
                return
            start, stop = match.span()
            if at_boundary(text, start, end):
                yield match
                pos = stop if stop > start else start + 1
            else:
                pos = start + 1

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        return next(self.finditer(text, pos, endpos), None)

    def findall(self, text: str) -> list:
        """Return what ``re.findall`` returns: whole matches, the group, or group tuples."""
        groups = self.pattern.groups
        if groups == 0:
            return [m.group(0) for m in self.finditer(text)]
        if groups == 1:
            return [m.group(1) or "" for m in self.finditer(text)]
        return [tuple(g or "" for g in m.groups()) for m in self.finditer(text)]

    def count(self, text: str) -> int:
        return sum(1 for _ in self.finditer(text))


class PhraseIndex:
    """An index of the places where phrases occur at a word start in a list of texts.

    Each phrase costs one ``str.find`` scan of the joined text, however many texts there
    are; the hits are then mapped back to their text.
    """

    def __init__(self, texts: list[str]):
        self.starts: list[int] = []
        position = 0
        for text in texts:
            self.starts.append(position)
            position += len(text) + 1
        # A newline joins the texts, so no phrase without one runs from a text into the next.
        self.text = "\n".join(texts)
        self._cache: dict[str, list[tuple[int, int]]] = {}

    def hits(self, phrase: str) -> list[tuple[int, int]]:
        """Return (text number, offset in that text) for each word-start occurrence."""
        found = self._cache.get(phrase)
        if found is not None:
            return found
        found = []
        text, starts = self.text, self.starts
        index = text.find(phrase) if phrase else -1
        while index >= 0:
            if at_boundary(text, index):
                number = bisect_right(starts, index) - 1
                found.append((number, index - starts[number]))
            index = text.find(phrase, index + 1)
        self._cache[phrase] = found
        return found
