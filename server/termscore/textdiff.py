"""Word-level diff of two strings, so that a rewritten clause shows a small redline.

Both strings are cut into tokens (runs of word characters, runs of whitespace, and single
punctuation characters); the token sequences are compared with ``difflib.SequenceMatcher``
and every changed stretch becomes one edit on the old string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# A word is letters, digits, underscore, and the apostrophes and hyphens inside it, so that
# "Provider's" and "world-wide" change as one token.
_TOKEN = re.compile(r"\w+(?:['\u2019\u2011-]\w+)*|\s+|.", re.DOTALL)


@dataclass(frozen=True)
class TextEdit:
    """Replace ``old[start:end]`` with ``text``; ``start == end`` is a pure insertion."""

    start: int
    end: int
    text: str


def tokenize(text: str) -> list[str]:
    """Split ``text`` into word, whitespace and punctuation tokens that join back to it."""
    return _TOKEN.findall(text)


def diff_words(old: str, new: str) -> list[TextEdit]:
    """Return the edits, in increasing order of offset, that turn ``old`` into ``new``.

    Adjacent changes separated only by one unchanged whitespace token are merged, so
    "a b c" -> "x y z" gives one edit rather than three with single spaces kept between
    them, which reads badly in a redline.
    """
    if old == new:
        return []
    old_tokens = tokenize(old)
    new_tokens = tokenize(new)
    old_offsets = _offsets(old_tokens)
    new_offsets = _offsets(new_tokens)
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)

    edits: list[list[int]] = []  # [old_start_token, old_end_token, new_start_token, new_end_token]
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if edits and _only_space_between(edits[-1], i1, j1, old_tokens):
            edits[-1][1] = i2
            edits[-1][3] = j2
        else:
            edits.append([i1, i2, j1, j2])

    return [
        TextEdit(old_offsets[i1], old_offsets[i2], new[new_offsets[j1]:new_offsets[j2]])
        for i1, i2, j1, j2 in edits
    ]


def apply_text_edits(old: str, edits: list[TextEdit]) -> str:
    """Return ``old`` with non-overlapping ``edits`` applied (the inverse check of a diff)."""
    out = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position:
            raise ValueError(f"edits overlap at offset {edit.start}")
        out.append(old[position:edit.start])
        out.append(edit.text)
        position = edit.end
    out.append(old[position:])
    return "".join(out)


def _offsets(tokens: list[str]) -> list[int]:
    offsets = [0]
    for token in tokens:
        offsets.append(offsets[-1] + len(token))
    return offsets


def _only_space_between(previous: list[int], i1: int, j1: int, old_tokens: list[str]) -> bool:
    gap_old = i1 - previous[1]
    gap_new = j1 - previous[3]
    return gap_old == 1 and gap_new == 1 and old_tokens[previous[1]].isspace()
