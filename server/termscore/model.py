"""Format-neutral text model: what every reader (OOXML, plain text, Markdown) produces.

The analysis layer sees only these types. OOXML-specific detail (the ``w:p`` element and
the character map back to runs) hangs off ``Paragraph.source`` and is read only by
``termscore.ooxml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .results import Message

STORIES = ("body", "textbox", "header", "footer", "footnote", "endnote", "comment")


@dataclass
class Paragraph:
    """One paragraph as Word displays it, in both text views.

    ``index`` counts paragraphs of one part in document order, the way Word's
    ``body.paragraphs`` does for the main body (table cells included). ``text`` is the
    current view (every tracked change accepted); ``original`` is the view with every
    tracked change rejected. The list label ("9.1", "(a)") is kept beside the text,
    never inside it.
    """

    story: str
    part: str
    index: int
    text: str
    original: str
    label: str = ""
    level: int | None = None
    style: str | None = None
    style_name: str | None = None
    para_id: str | None = None
    note_id: str | None = None
    in_table: bool = False
    locked: bool = False
    heading_level: int | None = None
    source: Any = field(default=None, repr=False, compare=False)
    # Set on a paragraph whose mark is tracked as deleted: in the current view its text
    # joins the paragraph with this index (same story and part), and ``text`` is "".
    merged_into: int | None = None
    # The same for an inserted mark, in the original view.
    original_merged_into: int | None = None

    def view(self, name: str = "current") -> str:
        if name == "current":
            return self.text
        if name == "original":
            return self.original
        raise ValueError(f"unknown text view {name!r}; use 'current' or 'original'")

    def locator(self) -> dict:
        """Return the fields that find this paragraph again, in JSON-ready form."""
        out = {"story": self.story, "part": self.part, "index": self.index, "label": self.label}
        if self.para_id:
            out["para_id"] = self.para_id
        if self.note_id:
            out["note_id"] = self.note_id
        return out

    def to_dict(self, view: str = "current") -> dict:
        out = self.locator()
        out["text"] = self.view(view)
        if self.style:
            out["style"] = self.style
        if self.level is not None:
            out["level"] = self.level
        if self.in_table:
            out["in_table"] = True
        if self.locked:
            out["locked"] = True
        merged = self.merged_into if view == "current" else self.original_merged_into
        if merged is not None:
            out["merged_into"] = merged
        return out


@dataclass
class Document:
    """A read document: its paragraphs in every story, warnings, and the package if any.

    ``format`` is one of "docx", "docm", "dotx", "flatopc", "text", "markdown".
    ``package`` is the ``termscore.ooxml.package.Package`` for OOXML input, else None.
    """

    format: str
    paragraphs: list[Paragraph]
    warnings: list[Message] = field(default_factory=list)
    package: Any = field(default=None, repr=False)
    name: str | None = None

    def story(self, name: str = "body") -> list[Paragraph]:
        """Return the paragraphs of one story ("all" for every story), in document order."""
        if name == "all":
            return list(self.paragraphs)
        if name not in STORIES:
            raise ValueError(f"unknown story {name!r}; use one of {', '.join(STORIES)} or 'all'")
        return [p for p in self.paragraphs if p.story == name]

    @property
    def is_ooxml(self) -> bool:
        return self.package is not None
