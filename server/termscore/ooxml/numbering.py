"""List labels ("7.2", "(a)", "iv.", "•") as Word displays them.

The label of a numbered paragraph is not in the document text: Word computes it from the
paragraph's numbering properties, ``word/numbering.xml`` and ``word/styles.xml``
(ECMA-376 Part 1, §17.9). ``NumberingResolver`` repeats that computation. It keeps list
counters, so one resolver serves one part (the body, one header, the footnotes...) and
must see that part's paragraphs in document order, numbered or not.

Limits:

- numbering formats other than the Western ones in ``_FORMATTERS`` fall back to decimal
  numbers, with a warning in ``warnings``;
- a paragraph whose mark is tracked as deleted or hidden (``w:vanish``) still gets its
  label and still advances its list, as in Word with revision marks and hidden text
  shown;
- picture bullets (``w:lvlPicBulletId``) are shown as "•".

LibreOffice 7.4, used to check the results, differs from this module where it ignores
``w:lvlRestart`` and ``w:isLgl``, gives bullets an empty label, and drops an empty
paragraph that only carries a section break.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..results import Message
from . import namespaces as ns
from .safexml import parse_xml

MC_NS = ns.MC
_W = "{%s}" % ns.W

# ECMA-376 Part 1 §17.9.3 (ilvl): levels 0 to 8, so the placeholders %1 to %9.
LEVEL_COUNT = 9

# Style chains (basedOn, §17.7.4.3) and numbering-style links (§17.9.21) may form
# cycles in a damaged file, so every walk along them stops after this many steps.
_MAX_CHAIN = 32


def _w(name: str) -> str:
    return _W + name


_PPR_STYLE = f"{_w('pPr')}/{_w('pStyle')}"
_PPR_NUMPR = f"{_w('pPr')}/{_w('numPr')}"
_PPR_SECTPR = f"{_w('pPr')}/{_w('sectPr')}"
# Run content that a reader sees (§17.3.3): text, tabs, breaks, symbols and objects. A
# paragraph with none of these is empty. Deleted text counts, since it shows in the
# original view.
_VISIBLE = tuple(_w(tag) for tag in (
    "t", "delText", "tab", "ptab", "br", "cr", "sym", "drawing", "pict", "object",
    "noBreakHyphen", "softHyphen", "fldSimple", "instrText"))


def _section_break_only(p: etree._Element) -> bool:
    """Tell whether paragraph ``p`` ends a section and contains nothing a reader sees."""
    if p.find(_PPR_SECTPR) is None:
        return False
    return next(p.iter(*_VISIBLE), None) is None


def _wval(element: etree._Element | None, attribute: str = "val") -> str | None:
    if element is None:
        return None
    return element.get(_w(attribute))


def _int_or_none(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------
# Parsing


def _parse_part(data: bytes, name: str) -> etree._Element:
    if ns.STRICT_PREFIX in data:
        data = ns.strict_to_transitional(data)
    return parse_xml(data, name)


def _related_part(package, rel_type: str):
    """Return the part the main document part relates to with ``rel_type``, or None."""
    return package.related(package.main_part, rel_type)


# ---------------------------------------------------------------------------------------
# Number formats (ST_NumberFormat, ECMA-376 Part 1, §17.18)


_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)


def _roman(n: int) -> str:
    # Roman numerals have no zero or negative numbers, so those stay Arabic.
    if n <= 0:
        return str(n)
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _letter(n: int) -> str:
    # Word repeats the letter after z: 27 is "aa", 28 "bb", 53 "aaa".
    if n <= 0:
        return str(n)
    repeat, index = divmod(n - 1, 26)
    return chr(ord("a") + index) * (repeat + 1)


def _ordinal(n: int) -> str:
    if n % 100 in (11, 12, 13):
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINAL_WORDS = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}


def _cardinal_words(n: int) -> str:
    if n < 0:
        return "minus " + _cardinal_words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + ("-" + _ONES[ones] if ones else "")
    for size, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand"), (100, "hundred")):
        if n >= size:
            high, rest = divmod(n, size)
            # US English, with no "and" ("one hundred one"), as LibreOffice 7.4 shows
            # cardinalText from Word files.
            words = f"{_cardinal_words(high)} {name}"
            if rest:
                words += " " + _cardinal_words(rest)
            return words
    raise AssertionError(n)


def _ordinal_words(n: int) -> str:
    words = _cardinal_words(n)
    head, sep, last = words.rpartition("-") if "-" in words.split(" ")[-1] else words.rpartition(" ")
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


def _capitalize_first(words: str) -> str:
    # cardinalText and ordinalText start with a capital letter ("Twenty-one"), the
    # way LibreOffice 7.4 shows them for Word files.
    return words[:1].upper() + words[1:]


_FORMATTERS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}" if 0 <= n < 10 else str(n),
    "upperRoman": lambda n: _roman(n).upper(),
    "lowerRoman": _roman,
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerLetter": _letter,
    "ordinal": _ordinal,
    "cardinalText": lambda n: _capitalize_first(_cardinal_words(n)),
    "ordinalText": lambda n: _capitalize_first(_ordinal_words(n)),
    "none": lambda n: "",
}


def format_number(n: int, num_fmt: str) -> str | None:
    """Format ``n`` in the ST_NumberFormat ``num_fmt``; None when it is not supported.

    ``decimalZero<width>`` (for example ``decimalZero3``: 001, 002) is the zero-padded
    custom format that Word 2010 and later write in mc:AlternateContent.
    """
    if num_fmt.startswith("decimalZero") and num_fmt[len("decimalZero"):].isdigit():
        width = int(num_fmt[len("decimalZero"):])
        return f"{n:0{width}d}" if n >= 0 else str(n)
    formatter = _FORMATTERS.get(num_fmt)
    return formatter(n) if formatter is not None else None


# Bullet glyphs that Word stores as private-use characters of the Symbol and Wingdings
# fonts (U+F000 + the font's 8-bit code), mapped to the Unicode character they draw.
_SYMBOL_BULLETS = {
    "\uf0b7": "\u2022",  # Symbol 0xB7: bullet
    "\uf0a7": "\u25aa",  # Wingdings 0xA7: small black square
    "\uf06e": "\u25a0",  # Wingdings 0x6E: black square
    "\uf071": "\u2751",  # Wingdings 0x71: shadowed white square
    "\uf076": "\u2756",  # Wingdings 0x76: black diamond minus white X
    "\uf0d8": "\u27a2",  # Wingdings 0xD8: arrowhead
    "\uf0fc": "\u2714",  # Wingdings 0xFC: check mark
}


def normalize_bullet(text: str) -> str:
    """Replace private-use font glyphs with the Unicode character Word draws."""
    out = []
    for char in text:
        if "\ue000" <= char <= "\uf8ff":
            out.append(_SYMBOL_BULLETS.get(char, "\u2022"))
        else:
            out.append(char)
    return "".join(out)


# ---------------------------------------------------------------------------------------
# Numbering definitions


def _alternate_num_fmt(lvl: etree._Element) -> str | None:
    """Read a numFmt that Word 2010 and later wrap in mc:AlternateContent.

    Word writes a custom format ("001, 002, 003, ...") in an mc:Choice for readers that
    know the w14 namespace, with an mc:Fallback for the others (ECMA-376 Part 3).
    Word reads the Choice, so a zero-padded custom format is kept as ``decimalZero<n>``;
    any other custom format uses the Fallback.
    """
    alternate = lvl.find(f"{{{MC_NS}}}AlternateContent")
    if alternate is None:
        return None
    choice = alternate.find(f"{{{MC_NS}}}Choice/{_w('numFmt')}")
    if choice is not None and choice.get(_w("val")) == "custom":
        first = (choice.get(_w("format")) or "").split(",")[0].strip()
        if len(first) > 1 and first.isdigit() and first.lstrip("0") == "1":
            return f"decimalZero{len(first)}"
    return _wval(alternate.find(f"{{{MC_NS}}}Fallback/{_w('numFmt')}"))


@dataclass
class Level:
    """One ``w:lvl`` level definition reduced to what the label needs."""

    ilvl: int
    start: int = 0
    num_fmt: str = "decimal"
    lvl_text: str | None = None
    restart: int | None = None  # w:lvlRestart value; None means the default rule
    is_legal: bool = False
    style_id: str | None = None
    picture_bullet: bool = False

    @classmethod
    def from_xml(cls, lvl: etree._Element) -> "Level":
        ilvl = _int_or_none(lvl.get(_w("ilvl"))) or 0
        # w:start (§17.9.25): an omitted start value means 0.
        start = _int_or_none(_wval(lvl.find(_w("start"))))
        num_fmt = _wval(lvl.find(_w("numFmt")))
        if num_fmt is None:
            num_fmt = _alternate_num_fmt(lvl)
        lvl_text_el = lvl.find(_w("lvlText"))
        lvl_text = None
        if lvl_text_el is not None and lvl_text_el.get(_w("null")) not in ("1", "true", "on"):
            lvl_text = lvl_text_el.get(_w("val"), "")
        is_lgl_el = lvl.find(_w("isLgl"))
        return cls(
            ilvl=ilvl,
            start=start if start is not None else 0,
            num_fmt=num_fmt or "decimal",
            lvl_text=lvl_text,
            restart=_int_or_none(_wval(lvl.find(_w("lvlRestart")))),
            is_legal=is_lgl_el is not None and _wval(is_lgl_el) not in ("0", "false", "off"),
            style_id=_wval(lvl.find(_w("pStyle"))),
            picture_bullet=lvl.find(_w("lvlPicBulletId")) is not None,
        )


@dataclass
class _Instance:
    """A ``w:num`` (§17.9.15) resolved to its abstract definition and overrides."""

    num_id: str
    list_key: str  # counters are shared by every w:num with the same key
    levels: dict[int, Level]
    start_overrides: dict[int, int] = field(default_factory=dict)


@dataclass
class _ListState:
    counters: list[int | None] = field(default_factory=lambda: [None] * LEVEL_COUNT)
    seen_nums: set[str] = field(default_factory=set)
    pending_starts: dict[int, int] = field(default_factory=dict)


class NumberingResolver:
    """Compute list labels for the paragraphs of one part, in document order.

    Build it from a ``termscore.ooxml.package.Package`` or, without a package, with
    ``NumberingResolver.from_xml(numbering_xml, styles_xml)``. Call ``label`` once for
    every paragraph of the part, in order: counters advance as Word's do.
    """

    def __init__(
        self,
        package=None,
        *,
        numbering_xml: bytes | None = None,
        styles_xml: bytes | None = None,
    ) -> None:
        self.warnings: list[Message] = []
        self._warned: set[tuple[str, str]] = set()

        numbering_root = styles_root = None
        if package is not None:
            numbering_part = _related_part(package, ns.RT_NUMBERING)
            styles_part = _related_part(package, ns.RT_STYLES)
            numbering_root = numbering_part.xml if numbering_part is not None else None
            styles_root = styles_part.xml if styles_part is not None else None
        if numbering_xml is not None:
            numbering_root = _parse_part(numbering_xml, "word/numbering.xml")
        if styles_xml is not None:
            styles_root = _parse_part(styles_xml, "word/styles.xml")

        self._abstract: dict[str, etree._Element] = {}
        self._nums: dict[str, etree._Element] = {}
        if numbering_root is not None:
            for element in numbering_root.iterchildren(_w("abstractNum")):
                self._abstract[element.get(_w("abstractNumId"), "")] = element
            for element in numbering_root.iterchildren(_w("num")):
                self._nums[element.get(_w("numId"), "")] = element

        self._styles: dict[str, etree._Element] = {}
        self._default_paragraph_style: str | None = None
        if styles_root is not None:
            for style in styles_root.iterchildren(_w("style")):
                style_id = style.get(_w("styleId"))
                if style_id is None:
                    continue
                self._styles[style_id] = style
                if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in ("1", "true", "on"):
                    self._default_paragraph_style = style_id

        self._style_cache: dict[str | None, tuple[str | None, int | None]] = {}
        self._instances: dict[str, _Instance | None] = {}
        self._lists: dict[str, _ListState] = {}

    @classmethod
    def from_xml(cls, numbering_xml: bytes | None, styles_xml: bytes | None = None) -> "NumberingResolver":
        """Build a resolver from the bytes of numbering.xml and styles.xml."""
        return cls(None, numbering_xml=numbering_xml, styles_xml=styles_xml)

    # -- public ---------------------------------------------------------------------------

    def label(self, p: etree._Element) -> tuple[str, int | None]:
        """Return the label Word shows before paragraph ``p`` and its list level.

        A paragraph that is not in a list gives ``("", None)``. A list paragraph whose level
        shows no text (format ``none``, an empty ``w:lvlText``) gives ``("", ilvl)``.
        """
        style_id = self._paragraph_style(p)
        num_id, ilvl = self._numbering_properties(p, style_id)
        # numId (§17.9.18): the value 0 removes numbering, also numbering from the style.
        if num_id is None or num_id == "0":
            return "", None

        instance = self._instance(num_id)
        if instance is None:
            return "", None
        if ilvl is None:
            # §17.9.3 (ilvl): a numPr without a level means level 0.
            ilvl = 0
        if not 0 <= ilvl < LEVEL_COUNT:
            self._warn(
                "numbering_level_invalid",
                f"list level {ilvl} of numbering {num_id} is outside 0-8; no label is shown",
                f"{num_id}:{ilvl}",
            )
            return "", None
        level = instance.levels.get(ilvl)
        if level is None:
            self._warn(
                "numbering_level_missing",
                f"numbering {num_id} has no definition for list level {ilvl}; no label is shown",
                f"{num_id}:{ilvl}",
            )
            return "", ilvl

        if _section_break_only(p):
            # An empty paragraph whose mark carries the section break (pPr/sectPr,
            # §17.6.18) shows no label and does not advance the list. LibreOffice 7.4
            # reads it so, and Word-saved contracts agree: their typed cross-references
            # ("Section 2.1 (Restrictions on Customer)") count the next heading as 1.
            # NOTE: not checked in Word itself.
            return "", None
        counters = self._advance(instance, ilvl)
        return self._render(instance, level, counters), ilvl

    # -- numbering properties -------------------------------------------------------------

    def _paragraph_style(self, p: etree._Element) -> str | None:
        style_id = _wval(p.find(_PPR_STYLE))
        return style_id if style_id is not None else self._default_paragraph_style

    def _numbering_properties(self, p, style_id) -> tuple[str | None, int | None]:
        """Return (numId, ilvl) from the paragraph, else from its style chain.

        Only the current ``w:pPr`` is read. A ``w:pPrChange`` inside it contains the old
        properties of a tracked change (§17.13.5), which do not apply.
        """
        num_id = ilvl = None
        num_pr = p.find(_PPR_NUMPR)
        if num_pr is not None:
            num_id = _wval(num_pr.find(_w("numId")))
            ilvl = _int_or_none(_wval(num_pr.find(_w("ilvl"))))
        if num_id is None or ilvl is None:
            # basedOn (§17.7.4.3) and numPr in a style (§17.3.1): the nearest style
            # in the chain that names a numbering or level supplies the missing value.
            style_num_id, style_level = self._style_properties(style_id)
            if num_id is None:
                num_id = style_num_id
            if ilvl is None and num_id == style_num_id:
                ilvl = style_level
        return num_id, ilvl

    def _style_properties(self, style_id: str | None) -> tuple[str | None, int | None]:
        """Return (numId, level) that the paragraph style gives, cached per style."""
        if style_id not in self._style_cache:
            num_id, ilvl = self._style_numbering(style_id)
            if num_id is not None:
                ilvl = self._style_level(num_id, style_id, ilvl)
            self._style_cache[style_id] = (num_id, ilvl)
        return self._style_cache[style_id]

    def _style_level(self, num_id, style_id, style_ilvl) -> int | None:
        """Return the level of a paragraph numbered through its style.

        pStyle in w:lvl (§17.9.23): a level that names the paragraph style is the level
        of that style's paragraphs, and an ilvl in that style's numPr is ignored. Along
        the basedOn chain, the nearest style that has a linked level or an ilvl wins.
        """
        instance = self._instance(num_id) if num_id not in (None, "0") else None
        if instance is None:
            return style_ilvl
        linked = {level.style_id: ilvl for ilvl, level in sorted(instance.levels.items(), reverse=True)}
        for candidate in self._style_chain(style_id):
            candidate_id = candidate.get(_w("styleId"))
            if candidate_id in linked:
                return linked[candidate_id]
            own = _int_or_none(_wval(candidate.find(f"{_w('pPr')}/{_w('numPr')}/{_w('ilvl')}")))
            if own is not None:
                return own
        return style_ilvl

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        num_id = ilvl = None
        for style in self._style_chain(style_id):
            num_pr = style.find(_PPR_NUMPR)
            if num_pr is None:
                continue
            if num_id is None:
                num_id = _wval(num_pr.find(_w("numId")))
            if ilvl is None:
                ilvl = _int_or_none(_wval(num_pr.find(_w("ilvl"))))
            if num_id is not None and ilvl is not None:
                break
        return num_id, ilvl

    def _style_chain(self, style_id: str | None):
        seen = set()
        while style_id is not None and style_id not in seen and len(seen) < _MAX_CHAIN:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                return
            yield style
            style_id = _wval(style.find(_w("basedOn")))

    # -- numbering instances --------------------------------------------------------------

    def _instance(self, num_id: str) -> _Instance | None:
        if num_id not in self._instances:
            self._instances[num_id] = self._build_instance(num_id)
        return self._instances[num_id]

    def _build_instance(self, num_id: str) -> _Instance | None:
        num = self._nums.get(num_id)
        if num is None:
            self._warn(
                "numbering_missing",
                f"a paragraph refers to numbering {num_id}, which numbering.xml does not "
                "define; no label is shown",
                num_id,
            )
            return None
        abstract_id = _wval(num.find(_w("abstractNumId")))
        abstract = self._resolve_abstract(abstract_id, num_id)
        if abstract is None:
            return None

        levels = {}
        for lvl in abstract.iterchildren(_w("lvl")):
            level = Level.from_xml(lvl)
            levels.setdefault(level.ilvl, level)

        # lvlOverride (§17.9.8): a w:lvl inside the override replaces the level for
        # this w:num only, and w:startOverride (§17.9.26) restarts it at a new value.
        start_overrides = {}
        for override in num.iterchildren(_w("lvlOverride")):
            ilvl = _int_or_none(override.get(_w("ilvl")))
            if ilvl is None:
                continue
            lvl = override.find(_w("lvl"))
            if lvl is not None:
                level = Level.from_xml(lvl)
                level.ilvl = ilvl
                levels[ilvl] = level
            start = _int_or_none(_wval(override.find(_w("startOverride"))))
            if start is not None:
                start_overrides[ilvl] = start

        # Every w:num that points at the same abstractNum continues one list, in Word
        # and in LibreOffice 7.4.
        return _Instance(num_id, abstract_id or "", levels, start_overrides)

    def _resolve_abstract(self, abstract_id: str | None, num_id: str) -> etree._Element | None:
        """Return the abstractNum that contains the levels, following numStyleLink."""
        seen = set()
        abstract = self._abstract.get(abstract_id or "")
        while abstract is not None:
            # §17.9.21 (numStyleLink): the definition lives in the abstractNum reached
            # through the numbering style's numPr, the one with the matching w:styleLink.
            link = _wval(abstract.find(_w("numStyleLink")))
            if link is None or link in seen or len(seen) >= _MAX_CHAIN:
                break
            seen.add(link)
            style = self._styles.get(link)
            linked_num_id = _wval(style.find(f"{_w('pPr')}/{_w('numPr')}/{_w('numId')}")) if style is not None else None
            linked_num = self._nums.get(linked_num_id or "")
            linked = self._abstract.get(_wval(linked_num.find(_w("abstractNumId"))) or "") if linked_num is not None else None
            if linked is None:
                self._warn(
                    "numbering_style_link_broken",
                    f"numbering {num_id} links to numbering style {link!r}, which does not "
                    "lead to a list definition; no label is shown",
                    link,
                )
                return None
            abstract = linked
        if abstract is None:
            self._warn(
                "numbering_missing",
                f"numbering {num_id} refers to abstract numbering {abstract_id}, which "
                "numbering.xml does not define; no label is shown",
                num_id,
            )
        return abstract

    # -- counters -------------------------------------------------------------------------

    def _advance(self, instance: _Instance, ilvl: int) -> list[int]:
        """Count one paragraph at ``ilvl`` and return the counters it displays."""
        state = self._lists.setdefault(instance.list_key, _ListState())
        if instance.num_id not in state.seen_nums:
            state.seen_nums.add(instance.num_id)
            state.pending_starts.update(instance.start_overrides)

        level = instance.levels[ilvl]
        if ilvl in state.pending_starts:
            state.counters[ilvl] = state.pending_starts.pop(ilvl)
        elif state.counters[ilvl] is None:
            state.counters[ilvl] = level.start
        else:
            state.counters[ilvl] += 1

        # §17.9.10 (lvlRestart): a deeper level restarts after any shallower level by
        # default, after levels 0..val-1 when val is given, and never when val is 0. A
        # val that names this level or a deeper one is ignored.
        for deeper in range(ilvl + 1, LEVEL_COUNT):
            deeper_level = instance.levels.get(deeper)
            restart = deeper_level.restart if deeper_level is not None else None
            if restart is not None and restart > deeper:
                restart = None
            if restart is None or ilvl < restart:
                state.counters[deeper] = None

        # A shallower level not used yet shows its start value ("1.1.1" right after
        # "1.") and counts as used, so the next paragraph at that level shows "1.2".
        # LibreOffice 7.4 does the same.
        for shallower in range(ilvl):
            if state.counters[shallower] is None:
                defined = instance.levels.get(shallower)
                start = defined.start if defined is not None else 0
                state.counters[shallower] = state.pending_starts.pop(shallower, start)

        return [value if value is not None else 0 for value in state.counters]

    # -- rendering ------------------------------------------------------------------------

    def _render(self, instance: _Instance, level: Level, counters: list[int]) -> str:
        if level.picture_bullet:
            return "\u2022"
        if level.lvl_text is None:
            return ""
        if level.num_fmt == "bullet":
            # Word shows a bullet level's lvlText literally, %1 to %9 included
            # (Microsoft's [MS-OI29500] 2.1.286).
            return normalize_bullet(level.lvl_text)

        out = []
        text = level.lvl_text
        i = 0
        while i < len(text):
            char = text[i]
            if char == "%" and i + 1 < len(text) and "1" <= text[i + 1] <= "9":
                referenced = int(text[i + 1]) - 1
                if referenced > level.ilvl:
                    # The standard drops only such a placeholder (lvlText, §17.9.11), but
                    # Word drops the whole label (Microsoft's [MS-OI29500] 2.1.283).
                    return ""
                out.append(self._format_level(instance, level, referenced, counters[referenced]))
                i += 2
                continue
            out.append(char)
            i += 1
        return normalize_bullet("".join(out))

    def _format_level(self, instance: _Instance, current: Level, ilvl: int, value: int) -> str:
        defined = instance.levels.get(ilvl)
        num_fmt = defined.num_fmt if defined is not None else "decimal"
        # §17.9.4 (isLgl): a legal level shows every level number in its text as decimal.
        # decimalZero keeps its leading zero, as in legal headings like "Section 1.01".
        if current.is_legal and num_fmt not in ("none", "bullet") and not num_fmt.startswith("decimalZero"):
            num_fmt = "decimal"
        if num_fmt == "bullet":
            return ""
        formatted = format_number(value, num_fmt)
        if formatted is None:
            self._warn(
                "numbering_format_unsupported",
                f"number format {num_fmt!r} is not supported; its list numbers are shown "
                "as decimal numbers",
                num_fmt,
            )
            formatted = str(value)
        return formatted

    def _warn(self, code: str, message: str, key: str) -> None:
        if (code, key) in self._warned:
            return
        self._warned.add((code, key))
        self.warnings.append(Message(code, message, "word/numbering.xml"))
