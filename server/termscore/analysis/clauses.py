"""Group paragraphs into clause units: a numbered clause with its sub-items and trailing words.

A grant such as "Customer grants Provider a license to: (a) …; (b) …; (c) …, in each case
on a perpetual basis." spans five paragraphs in Word. Reading it paragraph by paragraph
loses the link between the grant and "perpetual", so detection reads whole units.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..model import Document, Paragraph

# Labels of sub-items: "(a)", "a.", "(iv)", "iv)", "a)". Anything else ("7.", "7.2",
# "Section 4") starts a clause of its own.
_SUB_LABEL = re.compile(r"^\(?(?:[a-z]{1,2}|[ivxlc]{1,6}|[A-Z]|\d{1,2})\)$|^(?:[a-z]|[ivxlc]{1,6})\.$")
# A lead-in that announces sub-items, or a sub-item that the list continues after.
_OPENS_LIST = re.compile(r"(?::|;|,|\b(?:and|or))\s*$")


@dataclass
class ClauseUnit:
    """One clause as a reader takes it in: lead-in, sub-items and trailing words.

    ``text`` joins the paragraphs' current text with "\\n". ``offsets[i]`` is the offset in
    ``text`` where ``paragraphs[i]`` starts, so ``locate`` maps a unit offset back to a
    paragraph and an offset inside that paragraph's current text. ``label`` is the list
    label of the first paragraph ("14.", "3.1"); ``heading`` the nearest heading above.
    """

    text: str
    paragraphs: list[Paragraph]
    label: str = ""
    heading: str = ""
    offsets: list[int] = field(default_factory=list)

    def locate(self, offset: int) -> tuple[Paragraph, int]:
        """Return the paragraph holding unit offset ``offset`` and the offset inside it."""
        if not self.paragraphs:
            raise ValueError("an empty clause unit has no offsets")
        position = max(0, bisect.bisect_right(self.offsets, offset) - 1)
        return self.paragraphs[position], offset - self.offsets[position]

    def paragraph_span(self, position: int) -> tuple[int, int]:
        """Return the [start, end) range of ``paragraphs[position]`` in ``text``."""
        start = self.offsets[position]
        return start, start + len(self.paragraphs[position].text)

    @property
    def index(self) -> int:
        return self.paragraphs[0].index if self.paragraphs else -1


def make_unit(paragraphs: list[Paragraph], heading: str = "") -> ClauseUnit:
    """Build a unit from consecutive paragraphs, computing its text and offsets."""
    offsets = []
    position = 0
    for paragraph in paragraphs:
        offsets.append(position)
        position += len(paragraph.text) + 1
    text = "\n".join(p.text for p in paragraphs)
    label = paragraphs[0].label if paragraphs else ""
    return ClauseUnit(text=text, paragraphs=list(paragraphs), label=label, heading=heading,
                      offsets=offsets)


def is_sub_item(paragraph: Paragraph, lead: Paragraph) -> bool:
    """Tell whether ``paragraph`` is a sub-item of the clause that ``lead`` opens."""
    label = paragraph.label.strip()
    if label and _SUB_LABEL.match(label) and not _SUB_LABEL.match(lead.label.strip() or "x."):
        return True
    if paragraph.level is not None and lead.level is not None and paragraph.level > lead.level:
        return True
    return False


def has_sub_item_label(paragraph: Paragraph) -> bool:
    """Tell whether the paragraph's list label is a sub-item's ("(b)", "ii.")."""
    return bool(_SUB_LABEL.match(paragraph.label.strip()))


def _continues(unit: list[Paragraph], paragraph: Paragraph) -> bool:
    lead, previous = unit[0], unit[-1]
    if paragraph.heading_level or lead.heading_level or paragraph.story != lead.story:
        return False
    if paragraph.part != lead.part or paragraph.in_table != lead.in_table:
        return False
    text = paragraph.text.strip()
    if not text:
        return False
    if is_sub_item(paragraph, lead):
        # A sub-item belongs to the clause when the lead-in announces a list or a
        # previous sub-item is already in the unit.
        return len(unit) > 1 or bool(_OPENS_LIST.search(lead.text))
    if paragraph.label:
        return False
    # Trailing words after sub-items ("in each case on a perpetual basis.") carry no
    # label and follow a sub-item that ends in a comma, "and", "or" or a semicolon, or
    # start in lower case.
    if len(unit) > 1 and is_sub_item(previous, lead):
        return bool(_OPENS_LIST.search(previous.text)) or text[:1].islower()
    return False


def segment_units(document: Document | list[Paragraph], story: str = "all") -> list[ClauseUnit]:
    """Split a document (or a list of paragraphs) into clause units, in document order.

    Empty paragraphs end a unit and belong to none. Headings form units of their own and
    are remembered as the ``heading`` of the units that follow them.
    """
    if isinstance(document, Document):
        paragraphs = document.story(story)
    else:
        paragraphs = list(document)
    units: list[ClauseUnit] = []
    current: list[Paragraph] = []
    heading = ""
    for paragraph in paragraphs:
        if current and _continues(current, paragraph):
            current.append(paragraph)
            continue
        if current:
            units.append(make_unit(current, heading))
            current = []
        if not paragraph.text.strip():
            continue
        if paragraph.heading_level:
            units.append(make_unit([paragraph], heading))
            heading = paragraph.text.strip()
            continue
        current = [paragraph]
    if current:
        units.append(make_unit(current, heading))
    return units
