"""List labels from numbering.xml and styles.xml, on small documents built in code.

Each case in ``CASES`` is a numbering part, an optional styles part and a sequence of
paragraphs with the labels Word shows. Each case was also written into a .docx and read
with LibreOffice 7.4 (the UNO paragraph property ``ListLabelString``). A comment marks
each case where LibreOffice shows something else, and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from lxml import etree

from termscore.errors import CorruptDocumentError, UnsafeXmlError
from termscore.ooxml.numbering import NumberingResolver, format_number, normalize_bullet

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def lvl(ilvl, fmt="decimal", text=None, start=1, extra=""):
    """Return a ``w:lvl`` element as XML text; ``text`` defaults to "%<ilvl+1>."."""
    if text is None:
        text = f"%{ilvl + 1}."
    start_xml = "" if start is None else f'<w:start w:val="{start}"/>'
    return (
        f'<w:lvl w:ilvl="{ilvl}">{start_xml}<w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def abstract(abstract_id, *levels, extra=""):
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{extra}{"".join(levels)}</w:abstractNum>'


def num(num_id, abstract_id, overrides=""):
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


def start_override(ilvl, value):
    return f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{value}"/></w:lvlOverride>'


def numbering_xml(*children) -> bytes:
    # Every w:abstractNum comes before every w:num (ECMA-376 Part 1, §17.9.20).
    ordered = sorted(children, key=lambda child: not child.startswith("<w:abstractNum"))
    return f'<w:numbering xmlns:w="{W_NS}">{"".join(ordered)}</w:numbering>'.encode()


def styles_xml(*styles) -> bytes:
    return f'<w:styles xmlns:w="{W_NS}">{"".join(styles)}</w:styles>'.encode()


def style(style_id, num_id=None, ilvl=None, based_on=None, kind="paragraph"):
    num_pr = ""
    if num_id is not None or ilvl is not None:
        num_pr = "<w:numPr>"
        if ilvl is not None:
            num_pr += f'<w:ilvl w:val="{ilvl}"/>'
        if num_id is not None:
            num_pr += f'<w:numId w:val="{num_id}"/>'
        num_pr += "</w:numPr>"
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (
        f'<w:style w:type="{kind}" w:styleId="{style_id}"><w:name w:val="{style_id}"/>'
        f"{based}<w:pPr>{num_pr}</w:pPr></w:style>"
    )


@dataclass
class Para:
    """A body paragraph: direct numbering, paragraph style, extra pPr XML, text."""

    num_id: str | int | None = None
    ilvl: int | None = None
    style: str | None = None
    text: str = "text"
    ppr_extra: str = ""

    def xml(self) -> str:
        ppr = ""
        if self.style:
            ppr += f'<w:pStyle w:val="{self.style}"/>'
        if self.num_id is not None or self.ilvl is not None:
            ppr += "<w:numPr>"
            if self.ilvl is not None:
                ppr += f'<w:ilvl w:val="{self.ilvl}"/>'
            if self.num_id is not None:
                ppr += f'<w:numId w:val="{self.num_id}"/>'
            ppr += "</w:numPr>"
        ppr += self.ppr_extra
        run = f"<w:r><w:t>{self.text}</w:t></w:r>" if self.text else ""
        return f"<w:p><w:pPr>{ppr}</w:pPr>{run}</w:p>"


@dataclass
class Case:
    numbering: bytes
    paragraphs: list[Para]
    expected: list[str]
    styles: bytes | None = None
    levels: list[int | None] | None = None
    warnings: list[str] = field(default_factory=list)

    def document_xml(self) -> bytes:
        body = "".join(p.xml() for p in self.paragraphs)
        return f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'.encode()


def P(num_id=1, ilvl=0, **kwargs) -> Para:
    return Para(num_id=num_id, ilvl=ilvl, **kwargs)


MULTILEVEL = abstract(1, lvl(0, text="%1."), lvl(1, text="%1.%2"), lvl(2, text="%1.%2.%3"))

HEADING_STYLES = styles_xml(
    style("Normal"),
    style("Heading1", num_id=7),
    style("Heading2", num_id=7, ilvl=1),
    style("Heading3", num_id=7),
    style("ClauseHeading", based_on="Heading2"),
)
HEADING_NUMBERING = numbering_xml(
    abstract(
        7,
        lvl(0, "upperRoman", "Article %1", extra='<w:pStyle w:val="Heading1"/>'),
        lvl(1, "decimalZero", "Section %1.%2", extra='<w:pStyle w:val="Heading2"/><w:isLgl/>'),
        lvl(2, "lowerLetter", "(%3)", extra='<w:pStyle w:val="Heading3"/>'),
    ),
    num(7, 7),
)

STYLE_LINK_STYLES = styles_xml(
    style("Normal"),
    style("LegalList", num_id=20, kind="numbering"),
)
STYLE_LINK_NUMBERING = numbering_xml(
    abstract(10, extra='<w:numStyleLink w:val="LegalList"/>'),
    abstract(
        11, lvl(0, text="%1."), lvl(1, "lowerLetter", "(%2)"),
        extra='<w:styleLink w:val="LegalList"/>',
    ),
    num(20, 11),
    num(21, 10),
)

CASES = {
    "multilevel decimal": Case(
        numbering_xml(MULTILEVEL, num(1, 1)),
        [P(ilvl=0), P(ilvl=1), P(ilvl=1), P(ilvl=2), P(ilvl=2), P(ilvl=1), P(ilvl=0), P(ilvl=1)],
        ["1.", "1.1", "1.2", "1.2.1", "1.2.2", "1.3", "2.", "2.1"],
        levels=[0, 1, 1, 2, 2, 1, 0, 1],
    ),
    "parenthesised letters": Case(
        numbering_xml(abstract(1, lvl(0, start=14), lvl(1, "lowerLetter", "(%2)")), num(1, 1)),
        [P(ilvl=0), P(ilvl=1), P(ilvl=1), P(ilvl=1), Para(text="tail"), P(ilvl=0), P(ilvl=1)],
        ["14.", "(a)", "(b)", "(c)", "", "15.", "(a)"],
        levels=[0, 1, 1, 1, None, 0, 1],
    ),
    "roman numerals": Case(
        numbering_xml(abstract(1, lvl(0, "upperRoman"), lvl(1, "lowerRoman", "(%2)")), num(1, 1)),
        [P(ilvl=0)] + [P(ilvl=1)] * 4 + [P(ilvl=0), P(ilvl=0), P(ilvl=0)],
        ["I.", "(i)", "(ii)", "(iii)", "(iv)", "II.", "III.", "IV."],
    ),
    "letter overflow": Case(
        numbering_xml(abstract(1, lvl(0, "lowerLetter", "%1)")), num(1, 1)),
        [P()] * 28,
        [chr(ord("a") + i) + ")" for i in range(26)] + ["aa)", "bb)"],
    ),
    "upper letter overflow from start": Case(
        numbering_xml(abstract(1, lvl(0, "upperLetter", "%1.", start=25)), num(1, 1)),
        [P()] * 4,
        ["Y.", "Z.", "AA.", "BB."],
    ),
    "restart after higher level": Case(
        numbering_xml(MULTILEVEL, num(1, 1)),
        [P(ilvl=0), P(ilvl=1), P(ilvl=1), P(ilvl=0), P(ilvl=1), P(ilvl=2), P(ilvl=1), P(ilvl=2)],
        ["1.", "1.1", "1.2", "2.", "2.1", "2.1.1", "2.2", "2.2.1"],
    ),
    "lvlRestart limits restarts": Case(
        # LibreOffice 7.4 ignores w:lvlRestart and restarts level 2 after "1.2".
        numbering_xml(
            abstract(
                1,
                lvl(0, text="%1."),
                lvl(1, text="%1.%2"),
                # Level 2 restarts only after level 0, so it runs on across level 1.
                lvl(2, "lowerLetter", "(%3)", extra='<w:lvlRestart w:val="1"/>'),
            ),
            num(1, 1),
        ),
        [P(ilvl=0), P(ilvl=1), P(ilvl=2), P(ilvl=2), P(ilvl=1), P(ilvl=2), P(ilvl=0), P(ilvl=2)],
        ["1.", "1.1", "(a)", "(b)", "1.2", "(c)", "2.", "(a)"],
    ),
    "lvlRestart zero never restarts": Case(
        # LibreOffice 7.4 ignores w:lvlRestart and shows "(i)" after "2.".
        numbering_xml(
            abstract(1, lvl(0, text="%1."), lvl(1, "lowerRoman", "(%2)", extra='<w:lvlRestart w:val="0"/>')),
            num(1, 1),
        ),
        [P(ilvl=0), P(ilvl=1), P(ilvl=1), P(ilvl=0), P(ilvl=1)],
        ["1.", "(i)", "(ii)", "2.", "(iii)"],
    ),
    "skipped level counts as used": Case(
        numbering_xml(MULTILEVEL, num(1, 1)),
        [P(ilvl=0), P(ilvl=2), P(ilvl=2), P(ilvl=1)],
        ["1.", "1.1.1", "1.1.2", "1.2"],
    ),
    "two nums share an abstractNum": Case(
        numbering_xml(MULTILEVEL, num(1, 1), num(2, 1)),
        [P(1), P(2), P(1, ilvl=1), P(2, ilvl=1), P(1)],
        ["1.", "2.", "2.1", "2.2", "3."],
    ),
    "startOverride restarts the list": Case(
        numbering_xml(MULTILEVEL, num(1, 1), num(2, 1, start_override(0, 1)), num(3, 1, start_override(0, 5))),
        [P(1), P(1), P(1, ilvl=1), P(2), P(2), P(2, ilvl=1), P(3), P(3)],
        ["1.", "2.", "2.1", "1.", "2.", "2.1", "5.", "6."],
    ),
    "list continues after a restart": Case(
        numbering_xml(MULTILEVEL, num(1, 1), num(2, 1, start_override(0, 1))),
        [P(1), P(1), P(2), P(2), P(1), P(2)],
        ["1.", "2.", "1.", "2.", "3.", "4."],
    ),
    "startOverride on a deeper level": Case(
        numbering_xml(MULTILEVEL, num(1, 1), num(2, 1, start_override(1, 4))),
        [P(1), P(1, ilvl=1), P(2, ilvl=0), P(2, ilvl=1), P(2, ilvl=1)],
        ["1.", "1.1", "2.", "2.4", "2.5"],
    ),
    "lvlOverride lvl without startOverride": Case(
        # The overriding level changes the format but, without w:startOverride, the
        # list runs on (LibreOffice 7.4 agrees).
        numbering_xml(
            MULTILEVEL, num(1, 1),
            num(2, 1, '<w:lvlOverride w:ilvl="0">' + lvl(0, "upperLetter", "%1)", start=5) + "</w:lvlOverride>"),
        ),
        [P(1), P(1), P(2), P(2), P(1)],
        ["1.", "2.", "C)", "D)", "5."],
    ),
    "separate abstractNums count apart": Case(
        numbering_xml(MULTILEVEL, abstract(2, lvl(0)), num(1, 1), num(2, 2)),
        [P(1), P(2), P(1), P(2)],
        ["1.", "1.", "2.", "2."],
    ),
    "lvlOverride with own lvl": Case(
        numbering_xml(
            MULTILEVEL,
            num(1, 1),
            num(
                2, 1,
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
                + lvl(0, "upperLetter", "Part %1", start=1) + "</w:lvlOverride>",
            ),
        ),
        [P(1), P(1), P(2), P(2), P(2, ilvl=1)],
        ["1.", "2.", "Part A", "Part B", "B.1"],
    ),
    "numbering through heading styles": Case(
        # LibreOffice 7.4 ignores w:isLgl ("Section I.01") and the w:lvl pStyle link,
        # so it puts the Heading3 paragraphs at level 0.
        HEADING_NUMBERING,
        [
            Para(style="Heading1"), Para(style="Heading2"), Para(style="Heading3"),
            Para(style="Heading3"), Para(style="ClauseHeading"), Para(style="Normal"),
            Para(style="Heading1"), Para(style="Heading2"),
            Para(style="Heading1", num_id=0),
        ],
        ["Article I", "Section 1.01", "(a)", "(b)", "Section 1.02", "", "Article II", "Section 2.01", ""],
        styles=HEADING_STYLES,
        levels=[0, 1, 2, 2, 1, None, 0, 1, None],
    ),
    "numStyleLink indirection": Case(
        STYLE_LINK_NUMBERING,
        [P(21), P(21, ilvl=1), P(21, ilvl=1), P(21)],
        ["1.", "(a)", "(b)", "2."],
        styles=STYLE_LINK_STYLES,
    ),
    "isLgl shows decimal": Case(
        # LibreOffice 7.4 ignores w:isLgl and shows "I.1".
        numbering_xml(
            abstract(1, lvl(0, "upperRoman", "Article %1."), lvl(1, text="%1.%2", extra="<w:isLgl/>"),
                     lvl(2, "lowerLetter", "%1.%2.%3")),
            num(1, 1),
        ),
        [P(ilvl=0), P(ilvl=1), P(ilvl=2), P(ilvl=0), P(ilvl=1)],
        ["Article I.", "1.1", "I.1.a", "Article II.", "2.1"],
    ),
    "bullets": Case(
        # LibreOffice 7.4 gives every bullet an empty label.
        numbering_xml(
            abstract(
                1,
                lvl(0, "bullet", "\uf0b7"), lvl(1, "bullet", "o"), lvl(2, "bullet", "\uf0a7"),
                lvl(3, "bullet", "\u2013"),
            ),
            num(1, 1),
        ),
        [P(ilvl=0), P(ilvl=1), P(ilvl=2), P(ilvl=3)],
        ["\u2022", "o", "\u25aa", "\u2013"],
        levels=[0, 1, 2, 3],
    ),
    "format none": Case(
        # LibreOffice 7.4 drops the "." after the empty number and shows "1".
        numbering_xml(abstract(1, lvl(0, "none", ""), lvl(1, text="%1.%2")), num(1, 1)),
        [P(ilvl=0), P(ilvl=1), P(ilvl=1)],
        ["", ".1", ".2"],
        levels=[0, 1, 1],
    ),
    "empty paragraphs advance": Case(
        numbering_xml(abstract(1, lvl(0)), num(1, 1)),
        [P(), P(text=""), P()],
        ["1.", "2.", "3."],
    ),
    "numId zero and unknown numId": Case(
        numbering_xml(abstract(1, lvl(0)), num(1, 1)),
        [P(), P(0), P(99), P()],
        ["1.", "", "", "2."],
        levels=[0, None, None, 0],
        warnings=["numbering_missing"],
    ),
    "pPrChange is ignored": Case(
        numbering_xml(abstract(1, lvl(0)), num(1, 1)),
        [
            P(ppr_extra='<w:pPrChange w:id="1" w:author="A"><w:pPr/></w:pPrChange>'),
            Para(ppr_extra=(
                '<w:pPrChange w:id="2" w:author="A"><w:pPr><w:numPr><w:ilvl w:val="0"/>'
                '<w:numId w:val="1"/></w:numPr></w:pPr></w:pPrChange>'
            )),
            P(),
        ],
        ["1.", "", "2."],
    ),
    "word formats": Case(
        numbering_xml(
            abstract(1, lvl(0, "ordinal", "%1")), abstract(2, lvl(0, "cardinalText", "%1:")),
            abstract(3, lvl(0, "ordinalText", "%1", start=20)), abstract(4, lvl(0, "decimalZero", "%1.", start=9)),
            num(1, 1), num(2, 2), num(3, 3), num(4, 4),
        ),
        [P(1), P(1), P(1), P(1), P(2), P(2), P(3), P(3), P(4), P(4)],
        ["1st", "2nd", "3rd", "4th", "One:", "Two:", "Twentieth", "Twenty-first", "09.", "10."],
    ),
    "nearest style supplies the level": Case(
        # LibreOffice 7.4 agrees except for w:isLgl ("Section I.02").
        HEADING_NUMBERING,
        [Para(style="Heading1"), Para(style="SubClause"), Para(style="SubClause"), Para(style="Heading2")],
        ["Article I", "(a)", "(b)", "Section 1.02"],
        styles=styles_xml(
            style("Heading1", num_id=7), style("Heading2", num_id=7, ilvl=1),
            style("SubClause", ilvl=2, based_on="Heading2"),
        ),
        levels=[0, 2, 2, 1],
    ),
    "direct ilvl with numId from style": Case(
        # LibreOffice 7.4 agrees except for w:isLgl ("Section I.01").
        HEADING_NUMBERING,
        [Para(style="Heading1"), Para(style="Heading1", ilvl=1), Para(style="Heading1", ilvl=2)],
        ["Article I", "Section 1.01", "(a)"],
        styles=HEADING_STYLES,
        levels=[0, 1, 2],
    ),
    "empty section break paragraph is not counted": Case(
        # LibreOffice 7.4 agrees: the first heading after the break is "1.".
        numbering_xml(abstract(1, lvl(0)), num(1, 1)),
        [P(text="", ppr_extra="<w:sectPr/>"), P(), P()],
        ["", "1.", "2."],
    ),
    "section break paragraph with text is counted": Case(
        numbering_xml(abstract(1, lvl(0)), num(1, 1)),
        [P(), P(text="Term", ppr_extra="<w:sectPr/>"), P()],
        ["1.", "2.", "3."],
    ),
    "empty list paragraph without a section break is counted": Case(
        numbering_xml(abstract(1, lvl(0)), num(1, 1)),
        [P(), P(text=""), P()],
        ["1.", "2.", "3."],
    ),
    "custom format in AlternateContent": Case(
        numbering_xml(
            abstract(
                1,
                '<w:lvl w:ilvl="0"><w:start w:val="1"/>'
                '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
                '<mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice>'
                '<mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent>'
                '<w:lvlText w:val="%1."/></w:lvl>',
            ),
            num(1, 1),
        ),
        [P(), P()],
        ["001.", "002."],
    ),
    "custom format other than zero padding": Case(
        # Only zero-padded custom formats are read from mc:Choice, others use the
        # mc:Fallback. LibreOffice 7.4 shows "1." and "2.".
        numbering_xml(
            abstract(
                1,
                '<w:lvl w:ilvl="0"><w:start w:val="1"/>'
                '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
                '<mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="I, II, III"/></mc:Choice>'
                '<mc:Fallback><w:numFmt w:val="lowerLetter"/></mc:Fallback></mc:AlternateContent>'
                '<w:lvlText w:val="%1."/></w:lvl>',
            ),
            num(1, 1),
        ),
        [P(), P()],
        ["a.", "b."],
    ),
    "omitted start means zero": Case(
        numbering_xml(abstract(1, lvl(0, start=None)), num(1, 1)),
        [P(), P()],
        ["0.", "1."],
    ),
    "numPr without ilvl is level 0": Case(
        numbering_xml(MULTILEVEL, num(1, 1)),
        [P(), Para(num_id=1), P(ilvl=1)],
        ["1.", "2.", "2.1"],
        levels=[0, 0, 1],
    ),
    "hidden paragraph mark still counts": Case(
        numbering_xml(abstract(1, lvl(0)), num(1, 1)),
        [P(), P(text="", ppr_extra="<w:rPr><w:vanish/></w:rPr>"), P()],
        ["1.", "2.", "3."],
    ),
    "placeholder for a deeper level": Case(
        # Word shows nothing for a lvlText that names a deeper level ([MS-OI29500] 2.1.283).
        # LibreOffice 7.4 shows "1.%2%".
        numbering_xml(abstract(1, lvl(0, text="%1.%2"), lvl(1, text="%1.%2")), num(1, 1)),
        [P(), P(ilvl=1)],
        ["", "1.1"],
        levels=[0, 1],
    ),
    "missing lvlText shows nothing": Case(
        numbering_xml(abstract(1, '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl>'), num(1, 1)),
        [P(), P()],
        ["", ""],
        levels=[0, 0],
    ),
    "unsupported format falls back to decimal": Case(
        # LibreOffice 7.4 shows the ideographs themselves.
        numbering_xml(abstract(1, lvl(0, "ideographTraditional", "%1.")), num(1, 1)),
        [P(), P()],
        ["1.", "2."],
        warnings=["numbering_format_unsupported"],
    ),
}


def resolve(case: Case) -> tuple[list[str], list[int | None], NumberingResolver]:
    resolver = NumberingResolver.from_xml(case.numbering, case.styles)
    body = etree.fromstring(case.document_xml())
    labels, levels = [], []
    for p in body.iter(f"{{{W_NS}}}p"):
        label, level = resolver.label(p)
        labels.append(label)
        levels.append(level)
    return labels, levels, resolver


@pytest.mark.parametrize("name", list(CASES))
def test_labels(name):
    case = CASES[name]

    labels, levels, resolver = resolve(case)

    assert labels == case.expected
    if case.levels is not None:
        assert levels == case.levels
    assert sorted({w.code for w in resolver.warnings}) == sorted(case.warnings)


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (1994, "upperRoman", "MCMXCIV"),
        (49, "lowerRoman", "xlix"),
        (0, "lowerRoman", "0"),
        (26, "upperLetter", "Z"),
        (27, "lowerLetter", "aa"),
        (53, "lowerLetter", "aaa"),
        (11, "ordinal", "11th"),
        (22, "ordinal", "22nd"),
        (113, "ordinal", "113th"),
        (7, "decimalZero", "07"),
        (123, "decimalZero", "123"),
        (21, "cardinalText", "Twenty-one"),
        (105, "cardinalText", "One hundred five"),
        (101, "ordinalText", "One hundred first"),
        (2024, "cardinalText", "Two thousand twenty-four"),
        (12, "ordinalText", "Twelfth"),
        (40, "ordinalText", "Fortieth"),
        (100, "ordinalText", "One hundredth"),
        (5, "none", ""),
        (7, "decimalZero3", "007"),
        (5, "chicago", None),
    ],
)
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_normalize_bullet_private_use():
    assert normalize_bullet("\uf0b7") == "\u2022"
    assert normalize_bullet("\uf0a7") == "\u25aa"
    assert normalize_bullet("\uf0e0") == "\u2022"
    assert normalize_bullet("-") == "-"


def test_missing_level_warns():
    resolver = NumberingResolver.from_xml(numbering_xml(abstract(1, lvl(0)), num(1, 1)))
    p = etree.fromstring(Para(num_id=1, ilvl=3).xml().replace("<w:p>", f'<w:p xmlns:w="{W_NS}">', 1))

    assert resolver.label(p) == ("", 3)
    assert [w.code for w in resolver.warnings] == ["numbering_level_missing"]
    assert "level 3" in resolver.warnings[0].message


def test_no_numbering_part():
    resolver = NumberingResolver.from_xml(None, None)
    p = etree.fromstring(Para(num_id=1, ilvl=0).xml().replace("<w:p>", f'<w:p xmlns:w="{W_NS}">', 1))

    assert resolver.label(p) == ("", None)
    assert [w.code for w in resolver.warnings] == ["numbering_missing"]


class FakePart:
    def __init__(self, name, data):
        self.name = name
        self.blob = data
        self.xml = etree.fromstring(data)


class FakePackage:
    """The part of ``termscore.ooxml.package.Package`` that the resolver uses."""

    NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
    STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"

    def __init__(self, numbering: bytes, numbering_name: str):
        self.main_part = FakePart("word/document.xml", b'<w:document xmlns:w="%s"/>' % W_NS.encode())
        numbering_part = FakePart(numbering_name, numbering)
        self.parts = {"word/document.xml": self.main_part, numbering_name: numbering_part}
        self._relationships = {self.NUMBERING: numbering_part}

    def related(self, part, rel_type):
        return self._relationships.get(rel_type) if part is self.main_part else None


def test_package_numbering_found_by_relationship():
    # A part name other than word/numbering.xml proves the relationship is followed.
    package = FakePackage(numbering_xml(MULTILEVEL, num(1, 1)), "word/lists.xml")
    resolver = NumberingResolver(package)
    paragraphs = [etree.fromstring(P(ilvl=i).xml().replace("<w:p>", f'<w:p xmlns:w="{W_NS}">', 1)) for i in (0, 1)]

    assert [resolver.label(p) for p in paragraphs] == [("1.", 0), ("1.1", 1)]
    assert resolver.warnings == []


def test_doctype_rejected():
    data = b'<!DOCTYPE w:numbering [<!ENTITY x "y">]>' + numbering_xml(abstract(1, lvl(0)))

    with pytest.raises(UnsafeXmlError, match="numbering.xml contains a DTD"):
        NumberingResolver.from_xml(data)


def test_strict_namespace_read():
    strict = numbering_xml(MULTILEVEL, num(1, 1)).replace(
        W_NS.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main"
    )
    resolver = NumberingResolver.from_xml(strict)
    p = etree.fromstring(P(ilvl=1).xml().replace("<w:p>", f'<w:p xmlns:w="{W_NS}">', 1))

    assert resolver.label(p) == ("1.1", 1)


def test_malformed_numbering_rejected():
    with pytest.raises(CorruptDocumentError, match="numbering.xml"):
        NumberingResolver.from_xml(b"<w:numbering")
