"""Add Word comments (ECMA-376 Part 1 §17.13.4) that explain a change, anchored on it.

A comment is three things: a ``w:comment`` in the comments part, a
``w:commentRangeStart``/``w:commentRangeEnd`` pair around the anchored content, and a run
holding ``w:commentReference`` after the range. The comments part, its relationship from
the main document and its content type are created when the package has none.
"""

from __future__ import annotations

from lxml import etree

from .wml import CT_COMMENTS, REL_COMMENTS, W_NS, is_w, qn, text_element, w_element, w_sub

# Revision wrappers: a comment anchor placed inside one of them would read as part of
# that revision, so anchors go around the wrapper instead.
_REVISION_WRAPPERS = ("ins", "del", "moveFrom", "moveTo")


class CommentWriter:
    """Create comments in one package, finding or creating its comments part on first use."""

    def __init__(self, package, ids, *, author: str, date: str, initials: str | None = None):
        self._package = package
        self._ids = ids
        self._author = author
        self._date = date
        self._initials = initials if initials is not None else _initials(author)
        self._root = None
        self._part = None

    def _comments_root(self):
        if self._root is not None:
            return self._root
        main = self._package.main_part
        part = self._package.related(main, REL_COMMENTS)
        if part is None:
            root = etree.Element(qn("w:comments"), nsmap={"w": W_NS})
            name = self._package.unused_part_name("word/comments.xml")
            part = self._package.add_part(name, CT_COMMENTS, root)
            self._package.add_relationship(main, REL_COMMENTS, name.removeprefix("word/"))
            if part is None:  # add_part may return nothing; look it up again
                part = self._package.related(main, REL_COMMENTS)
        self._part = part
        self._root = part.xml
        part.mark_dirty()
        return self._root

    def add(self, first: etree._Element, last: etree._Element, text: str) -> str:
        """Anchor a new comment from ``first`` to ``last`` (siblings, in order); return its id.

        ``first`` and ``last`` are paragraph-content elements (runs, revision wrappers)
        with the same parent.
        """
        first, last = _outside_revisions(first), _outside_revisions(last)
        comment_id = self._ids.allocate()
        root = self._comments_root()

        comment = w_sub(root, "w:comment", {"w:id": comment_id, "w:author": self._author,
                                            "w:date": self._date, "w:initials": self._initials})
        paragraph = w_sub(comment, "w:p")
        run = w_sub(paragraph, "w:r")
        run.append(text_element("w:t", text))

        first.addprevious(w_element("w:commentRangeStart", {"w:id": comment_id}))
        end = w_element("w:commentRangeEnd", {"w:id": comment_id})
        last.addnext(end)
        reference_run = w_element("w:r")
        w_sub(reference_run, "w:commentReference", {"w:id": comment_id})
        end.addnext(reference_run)
        return comment_id


def _outside_revisions(element):
    while element.getparent() is not None and is_w(element.getparent(), *_REVISION_WRAPPERS):
        element = element.getparent()
    return element


def _initials(author: str) -> str:
    letters = [word[0] for word in author.split() if word]
    return "".join(letters).upper()[:9] or "TS"
