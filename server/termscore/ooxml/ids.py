"""Allocate annotation ids (``w:id``) that are unique across the whole package.

ECMA-376 Part 1 (§17.13, annotations) makes a document non-conformant when two
annotations of one type (revisions, bookmarks, comments) share a ``w:id``, and the stories
that carry them live in several parts (body, headers, footers, footnotes, endnotes,
comments). The allocator reads every ``w:id`` in every WordprocessingML story part,
whatever element carries it, and hands out numbers above the maximum. One number space
for every type also avoids a revision id equal to a bookmark id, which ooxml-validate
reports as a warning.
"""

from __future__ import annotations

from lxml import etree

from .wml import W_NS

# Parts that never carry annotations; skipping them saves parsing time.
_SKIPPED_PARTS = ("word/styles.xml", "word/stylesWithEffects.xml", "word/fontTable.xml",
                  "word/settings.xml", "word/webSettings.xml", "word/numbering.xml")

# ST_DecimalNumber is xsd:integer, but Word reads these ids as signed 32-bit numbers.
MAX_ID = 2**31 - 1


class IdAllocator:
    """Hand out fresh ``w:id`` values for one package, above every id already used."""

    def __init__(self, used: set[int]):
        self._used = set(used)
        self._next = max((i for i in used if i < MAX_ID), default=0) + 1

    @classmethod
    def for_package(cls, package) -> "IdAllocator":
        return cls(collect_ids(package))

    def allocate(self) -> str:
        """Return the next free id as a string."""
        while self._next in self._used:
            self._next += 1
        if self._next > MAX_ID:
            # Ids near the 32-bit limit already in use: fill a gap from the bottom instead.
            self._next = 1
            while self._next in self._used:
                self._next += 1
        value = self._next
        self._used.add(value)
        self._next += 1
        return str(value)


def story_parts(package):
    """Yield the WordprocessingML parts of ``package`` that can hold annotations."""
    needle = W_NS.encode()
    for name, part in package.parts.items():
        if not name.endswith(".xml") or name in _SKIPPED_PARTS or name.startswith("word/theme/"):
            continue
        if name.startswith("customXml/") or name.startswith("docProps/"):
            continue
        if _is_dirty(part) or getattr(part, "parsed", False):
            # A parsed part's tree is searched anyway, and reading its blob could inflate it again.
            yield part
            continue
        blob = getattr(part, "blob", None)
        if blob is not None and needle not in blob:
            continue
        yield part


# Every w:id attribute value of a tree, gathered by libxml2 in one call: a Python loop over
# the 370,000 elements of a long document took 110 ms, this takes a few.
_ID_VALUES = etree.XPath("//@w:id", namespaces={"w": W_NS}, smart_strings=False)


def collect_ids(package) -> set[int]:
    """Return every integer ``w:id`` value found in the package's story parts."""
    used: set[int] = set()
    for part in story_parts(package):
        root = part.xml
        if root is None:
            continue
        for value in _ID_VALUES(root):
            try:
                used.add(int(value))
            except ValueError:
                continue
    return used


def _is_dirty(part) -> bool:
    return bool(getattr(part, "dirty", False))
