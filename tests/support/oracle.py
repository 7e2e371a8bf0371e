"""Compare our text views with LibreOffice's: normalisation, comparison, and a run report.

LibreOffice and our reader agree on what a paragraph says but not on every invisible
character, so both sides pass through ``normalize`` before comparison. Each rule there
removes a difference in representation, never one in wording.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

# Characters that change layout or line breaking but not the words.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2002\u2003\u2009\t\n\r\u000b\u2028\u2029"),
                        " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f"
                                    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                                    "\ufff9\ufffa\ufffb\ufffc"), None)
# Word's w:noBreakHyphen and LibreOffice's hard hyphen are both U+2011; the comparison
# cares that a hyphen is there, not that it cannot break.
_HYPHENS = {0x2011: "-"}
_WHITESPACE = re.compile(r"\s+")

# lo_driver.py encloses the result of each field LibreOffice computes again on load
# (DATE, PAGE, DOCPROPERTY and the like) in these two private-use characters.
FIELD_START, FIELD_END = "\ue000", "\ue001"
_RECOMPUTED_FIELD = re.compile(f"\\s*{FIELD_START}[^{FIELD_END}]*{FIELD_END}\\s*")


def normalize(text: str) -> str:
    """Return ``text`` in NFC, without invisible marks, with every space run as one space."""
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_SPACES).translate(_INVISIBLE).translate(_HYPHENS)
    return _WHITESPACE.sub(" ", text).strip()


def normalize_paragraphs(texts: list[str]) -> list[str]:
    """Normalise each paragraph and drop the empty ones.

    Empty paragraphs carry no words, and the two readers disagree about them for reasons
    of representation: a paragraph inserted as a whole is present but empty in our
    original view and absent in LibreOffice's.
    """
    normalized = (normalize(text) for text in texts)
    return [text for text in normalized if text]


def agrees(ours: str, theirs: str) -> bool:
    """Tell whether our paragraph equals LibreOffice's, any recomputed field result aside.

    The result our reader returns is the one Word stored in the file; LibreOffice shows
    the date, page or property value at load time, so any text may stand in its place.
    """
    if FIELD_START not in theirs:
        return ours == theirs
    literals = _RECOMPUTED_FIELD.split(theirs)
    pattern = r"\s*.*?\s*".join(re.escape(literal) for literal in literals)
    return re.fullmatch(pattern, ours, flags=re.DOTALL) is not None


@dataclass
class Comparison:
    """Outcome of comparing one file's view: equal, equal when joined, or different."""

    name: str
    view: str
    ours: list[str]
    theirs: list[str]
    paragraph_marks_tracked: bool = False
    known_reason: str | None = None
    status: str = field(init=False)

    def __post_init__(self) -> None:
        if len(self.ours) == len(self.theirs) and all(
                agrees(our, their) for our, their in zip(self.ours, self.theirs)):
            self.status = "equal"
        elif self.paragraph_marks_tracked and agrees(" ".join(self.ours), " ".join(self.theirs)):
            # A tracked paragraph mark merges two paragraphs in one view; our model keeps
            # one Paragraph per w:p in both views, so only the joined text can agree.
            self.status = "equal-joined"
        else:
            self.status = "different"

    @property
    def matches(self) -> bool:
        return self.status != "different"

    def diff(self, max_lines: int = 40) -> str:
        """Return a unified diff of the paragraph lists, at most ``max_lines`` lines."""
        theirs = [_RECOMPUTED_FIELD.sub(" <field> ", text).strip() for text in self.theirs]
        lines = list(difflib.unified_diff(theirs, self.ours, "libreoffice", "termscore",
                                          n=1, lineterm=""))
        if len(lines) > max_lines:
            lines = lines[:max_lines] + [f"... {len(lines) - max_lines} more diff lines"]
        return "\n".join(line[:300] for line in lines)


@dataclass
class OracleReport:
    """What the LibreOffice oracle test saw in one session, for the terminal summary."""

    comparisons: list[Comparison] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)

    def add(self, comparison: Comparison) -> None:
        self.comparisons.append(comparison)

    def summary_lines(self) -> list[str]:
        if not self.comparisons and not self.skipped:
            return []
        matched = [c for c in self.comparisons if c.matches]
        total = len(self.comparisons)
        share = 100.0 * len(matched) / total if total else 0.0
        known = [c for c in self.comparisons if not c.matches and c.known_reason]
        lines = [f"LibreOffice oracle: {len(matched)} of {total} file views match "
                 f"({share:.0f}%), {len(known)} differ for a known reason, "
                 f"{len(self.skipped)} skipped"]
        for comparison in self.comparisons:
            if not comparison.matches and not comparison.known_reason:
                lines.append(f"  differs: {comparison.name} ({comparison.view})")
        for comparison in self.comparisons:
            if comparison.status == "equal-joined":
                lines.append(f"  joined: {comparison.name} ({comparison.view}) matches only "
                             "with paragraphs joined (tracked paragraph marks)")
        for comparison in known:
            lines.append(f"  known: {comparison.name} ({comparison.view}): "
                         f"{comparison.known_reason}")
        for name, reason in sorted(self.skipped.items()):
            lines.append(f"  skipped: {name}: {reason}")
        return lines


REPORT = OracleReport()
