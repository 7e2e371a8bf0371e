"""Formatting for inserted paragraphs: style ids by name, list numbering definitions.

An inserted paragraph gets an explicit paragraph style and list numbering chosen by the
caller. Its text takes the fonts and size at the end of the anchor's text, as text typed
after pressing Enter at the end of the anchor does in Word. This module finds style ids by their
display name in ``styles.xml`` and creates the list definitions (``w:abstractNum`` plus
``w:num``, ECMA-376 Part 1 §17.9) an addendum needs, creating ``numbering.xml`` with its
relationship and content type when the package has none.
"""

from __future__ import annotations

import copy

from lxml import etree

from .wml import CT_NUMBERING, REL_NUMBERING, REL_STYLES, W_NS, is_w, qn, w_element, w_sub

# CT_Numbering child order: numPicBullet*, abstractNum*, num*, numIdMacAtCleanup?
_NUMBERING_ORDER = ("numPicBullet", "abstractNum", "num", "numIdMacAtCleanup")

# Level formats of the addendum list: "1.", "1.1.", then "(a)".
_ADDENDUM_LEVELS = (
    ("decimal", "%1.", 360),
    ("decimal", "%1.%2.", 792),
    ("lowerLetter", "(%3)", 1224),
)


def paragraph_format(paragraph) -> tuple[str | None, tuple[int, int] | None]:
    """Return the paragraph style id and ``(numId, ilvl)`` set directly on a paragraph."""
    ppr = paragraph.source.element.find(qn("w:pPr"))
    if ppr is None:
        return None, None
    style = ppr.find(qn("w:pStyle"))
    style_id = style.get(qn("w:val")) if style is not None else None
    numbering = None
    numpr = ppr.find(qn("w:numPr"))
    if numpr is not None:
        num_id = numpr.find(qn("w:numId"))
        level = numpr.find(qn("w:ilvl"))
        try:
            numbering = (int(num_id.get(qn("w:val"))),
                         int(level.get(qn("w:val"))) if level is not None else 0)
        except (AttributeError, TypeError, ValueError):
            numbering = None
        # numId 0 only switches off the numbering that the paragraph style gives;
        # openxml-audit reports it as a missing definition, so it is not copied.
        if numbering is not None and numbering[0] == 0:
            numbering = None
    return style_id, numbering


# Children of a w:rPr that are not copied as plain character formatting. These are the
# revisions (CT_ParaRPr, §17.3.1.29: ins, del, moveFrom, moveTo, and rPrChange), the
# hidden-text flags, which would hide the inserted clause, and a character style.
_NOT_COPIED = {qn(f"w:{tag}") for tag in (
    "ins", "del", "moveFrom", "moveTo", "rPrChange", "vanish", "specVanish", "webHidden",
    "rStyle")}
# Emphasis marks a word rather than a clause, so it is copied only where it switches off
# what the paragraph style turns on (a body clause in a bold Heading 1 style carries
# <w:b w:val="0"/>). Toggle properties are off with val 0, false or off (§17.7.3); the
# others name their "off" value.
_EMPHASIS_OFF = {
    **{qn(f"w:{tag}"): {"0", "false", "off"} for tag in (
        "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike")},
    qn("w:u"): {"none"}, qn("w:highlight"): {"none"}, qn("w:em"): {"none"},
    qn("w:effect"): {"none"}, qn("w:vertAlign"): {"baseline"},
    qn("w:shd"): set(), qn("w:bdr"): set(),
}
_VAL = qn("w:val")

# EG_RPrBase in schema order (§17.3.2.28, CT_RPr).
_RPR_ORDER = {qn(f"w:{tag}"): rank for rank, tag in enumerate((
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
    "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
    "specVanish", "oMath"))}


def anchor_run_format(paragraph) -> etree._Element | None:
    """Return a ``w:rPr`` with the character formatting new text after ``paragraph`` takes.

    That is the formatting at the end of the paragraph's text, where Word's cursor is
    when the user presses Enter after the clause: the last run with text, else the
    paragraph mark. Fonts, size, colour and language carry over, and so does emphasis
    switched off against the style. Emphasis switched on, character styles, revisions
    and hidden flags do not. The copy holds each element once and in
    schema order, so it is valid on a run and after a mark's w:ins even when the source
    repeats or misorders them. Unknown w: elements are left out; extension elements of
    other namespaces (w14:ligatures) follow in their order.
    """
    element = paragraph.source.element
    last_text = None
    for text in element.iter(qn("w:t")):
        # Text of a text box inside the paragraph belongs to the box's own paragraphs.
        if text.text and next(text.iterancestors(qn("w:p"))) is element:
            last_text = text
    sources = []
    if last_text is not None:
        sources.append(last_text.getparent().find(qn("w:rPr")))
    sources.append(element.find(f"{qn('w:pPr')}/{qn('w:rPr')}"))
    for source in sources:
        copied = _plain_format(source)
        if copied is not None:
            return copied
    return None


# CT_PPrBase in schema order (§17.3.1.26); rPr, sectPr and pPrChange follow it in CT_PPr.
PPR_ORDER = {qn(f"w:{tag}"): rank for rank, tag in enumerate((
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange"))}
# The new paragraph sets its own style, list and mark. A frame, a page break before it and
# table-style conditional formatting belong to the anchor's place, not to a new clause.
_PPR_NOT_COPIED = {qn(f"w:{tag}") for tag in (
    "pStyle", "numPr", "rPr", "sectPr", "pPrChange", "framePr", "pageBreakBefore", "cnfStyle",
    "divId")}


def anchor_paragraph_properties(paragraph) -> list[etree._Element]:
    """Return copies of the anchor's direct paragraph formatting a new clause takes.

    Word gives the paragraph made by Enter its predecessor's properties; indents, spacing
    and alignment carry over here the same way. Each element appears once, in CT_PPrBase
    order; unknown w: elements and extension elements are left out.
    """
    ppr = paragraph.source.element.find(qn("w:pPr"))
    if ppr is None:
        return []
    chosen: dict[str, etree._Element] = {}
    for child in ppr:
        if isinstance(child.tag, str) and child.tag in PPR_ORDER \
                and child.tag not in _PPR_NOT_COPIED:
            chosen.setdefault(child.tag, child)
    return [copy.deepcopy(chosen[tag]) for tag in sorted(chosen, key=PPR_ORDER.__getitem__)]


def _plain_format(rpr: etree._Element | None) -> etree._Element | None:
    if rpr is None:
        return None
    known: dict[str, etree._Element] = {}
    extensions = []
    for child in rpr:
        if not isinstance(child.tag, str) or child.tag in _NOT_COPIED:
            continue
        if child.tag in _EMPHASIS_OFF and child.get(_VAL) not in _EMPHASIS_OFF[child.tag]:
            continue
        if child.tag in _RPR_ORDER:
            known.setdefault(child.tag, child)
        elif not child.tag.startswith(f"{{{W_NS}}}"):
            extensions.append(child)
    if not known:
        return None
    copied = w_element("w:rPr")
    for tag in sorted(known, key=_RPR_ORDER.__getitem__):
        copied.append(copy.deepcopy(known[tag]))
    copied.extend(copy.deepcopy(child) for child in extensions)
    return copied


def style_id_by_name(package, name: str, kind: str = "paragraph") -> str | None:
    """Return the id of the style whose ``w:name`` is ``name`` (case-insensitive), or None."""
    styles = package.related(package.main_part, REL_STYLES)
    if styles is None:
        return None
    wanted = name.lower()
    for style in styles.xml.iter(qn("w:style")):
        if style.get(qn("w:type"), "paragraph") != kind:
            continue
        name_element = style.find(qn("w:name"))
        if name_element is not None and (name_element.get(qn("w:val")) or "").lower() == wanted:
            return style.get(qn("w:styleId"))
    return None


def add_list_definition(package) -> int:
    """Create a new multilevel decimal list ("1.", "1.1.", "(a)"); return its ``numId``."""
    main = package.main_part
    part = package.related(main, REL_NUMBERING)
    if part is None:
        root = etree.Element(qn("w:numbering"), nsmap={"w": W_NS})
        name = package.unused_part_name("word/numbering.xml")
        part = package.add_part(name, CT_NUMBERING, root)
        package.add_relationship(main, REL_NUMBERING, name.removeprefix("word/"))
    root = part.xml

    abstract_id = 1 + max((int(e.get(qn("w:abstractNumId"), "0"))
                           for e in root.iter(qn("w:abstractNum"))), default=-1)
    num_id = 1 + max((int(e.get(qn("w:numId"), "0")) for e in root.iter(qn("w:num"))),
                     default=0)

    abstract = w_element("w:abstractNum", {"w:abstractNumId": str(abstract_id)})
    w_sub(abstract, "w:multiLevelType", {"w:val": "multilevel"})
    for level, (fmt, text, indent) in enumerate(_ADDENDUM_LEVELS):
        # CT_Lvl child order: start, numFmt, ..., lvlText, ..., lvlJc, pPr.
        lvl = w_sub(abstract, "w:lvl", {"w:ilvl": str(level)})
        w_sub(lvl, "w:start", {"w:val": "1"})
        w_sub(lvl, "w:numFmt", {"w:val": fmt})
        w_sub(lvl, "w:lvlText", {"w:val": text})
        w_sub(lvl, "w:lvlJc", {"w:val": "left"})
        ppr = w_sub(lvl, "w:pPr")
        w_sub(ppr, "w:ind", {"w:left": str(indent), "w:hanging": "360"})
    num = w_element("w:num", {"w:numId": str(num_id)})
    w_sub(num, "w:abstractNumId", {"w:val": str(abstract_id)})

    _insert_ordered(root, abstract)
    _insert_ordered(root, num)
    part.mark_dirty()
    return num_id


def _insert_ordered(root, child) -> None:
    rank = {name: i for i, name in enumerate(_NUMBERING_ORDER)}
    mine = rank[etree.QName(child).localname]
    for index, sibling in enumerate(root):
        if is_w(sibling, *_NUMBERING_ORDER) and rank[etree.QName(sibling).localname] > mine:
            root.insert(index, child)
            return
    root.append(child)
