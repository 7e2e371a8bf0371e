"""A missing protection goes after the end of a clause, never between a lead-in and its items."""

from __future__ import annotations

import pytest

from termscore.analysis import audit
from termscore.document import open_document
from termscore.plaintext import read_text

CONTRACTOR = "common-paper-independent-contractor-agreement.docx"

# Three list levels: "1.", "1.1" and "a.", as contract templates number them.
NUMBERING = (
    '<w:abstractNum w:abstractNumId="1">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1.%2"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
    '<w:lvlText w:val="%3."/></w:lvl>'
    '</w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
)


def paragraph(text: str, level: int | None = None, heading: bool = False) -> str:
    properties = ""
    if level is not None:
        properties += f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr>'
    if heading:
        # w:outlineLvl makes a paragraph a heading (ECMA-376 Part 1, 17.3.1.20), as a
        # numbered template in a heading style does.
        properties += '<w:outlineLvl w:val="0"/>'
    return f'<w:p><w:pPr>{properties}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def indemnity_contract(heading: bool, last_item: str) -> str:
    return "".join([
        paragraph('This Agreement is between Acme Corp ("Company") and Jane Roe '
                  '("Contractor") for the services described in each statement of work.'),
        paragraph("Services", 0, heading),
        paragraph("Contractor will perform the Services described in each statement of work "
                  "and deliver the Work Product to Company.", 1, heading),
        paragraph("Indemnification", 0, heading),
        paragraph("Protection by Contractor. Contractor will indemnify and hold harmless "
                  "Company from and against any third party claim that is based on:", 1,
                  heading),
        paragraph("a claim that any Work Product infringes a third party's rights;", 2,
                  heading),
        paragraph("a breach by Contractor of its representations and warranties; or", 2,
                  heading),
        paragraph(last_item, 2, heading),
        paragraph("Governing Law", 0, heading),
        paragraph("This Agreement is governed by the laws of the State of Delaware, without "
                  "regard to its conflict of laws rules.", 1, heading),
    ])


def indemnity_anchor(document):
    result = audit(document, rules=["ai-indemnification"], options={"cuad": False})
    finding = next(f for f in result.findings if f.id == "missing:ai-indemnification")
    body = {p.index: p for p in document.story("body")}
    return finding.location, body[finding.location["index"]]


def test_contractor_agreement_anchor_after_items(corpus_dir):
    document = open_document(corpus_dir / "contracts" / CONTRACTOR)

    location, anchor = indemnity_anchor(document)

    assert location["index"] == 123
    assert location["label"].strip() == "c."
    assert anchor.text.startswith("any negligent act or omission")
    assert location["index"] != 120  # "7.1 … third party claim that is based on:"


@pytest.mark.parametrize("heading", [False, True], ids=["body-style", "heading-style"])
def test_numbered_lead_in_keeps_its_items(make_docx, heading):
    last = ("any negligent act or omission of Contractor that results in bodily injury or "
            "damage to property.")
    document = open_document(make_docx(indemnity_contract(heading, last),
                                       stories={"numbering": NUMBERING}), name="c.docx")

    location, anchor = indemnity_anchor(document)

    assert location["label"].strip() == "c."
    assert anchor.text == last


def test_short_last_item_still_ends_clause(make_docx):
    document = open_document(make_docx(indemnity_contract(True, "fraud."),
                                       stories={"numbering": NUMBERING}), name="c.docx")

    location, anchor = indemnity_anchor(document)

    assert location["label"].strip() == "c."
    assert anchor.text == "fraud."


def test_table_cell_item_uses_earlier_item(make_docx):
    body = indemnity_contract(True, "PLACEHOLDER")
    # The last item sits in a table cell, which cannot host an inserted clause.
    cell = paragraph("any negligent act of Contractor that results in damage to property.",
                     2, True)
    body = body.replace(paragraph("PLACEHOLDER", 2, True),
                        f"<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl>")
    document = open_document(make_docx(body, stories={"numbering": NUMBERING}), name="c.docx")

    location, anchor = indemnity_anchor(document)

    assert location["label"].strip() == "b."
    assert not anchor.text.rstrip().endswith(":")


def test_markdown_bullets_after_colon_are_items():
    text = (
        'This Agreement is between Acme Corp ("Company") and Jane Roe ("Contractor") for '
        "the services described in each statement of work.\n\n"
        "## 1. Indemnification\n\n"
        "Contractor will indemnify and hold harmless Company from and against any third "
        "party claim that is based on:\n\n"
        "* a claim that any Work Product infringes a third party's rights\n"
        "* a breach by Contractor of its representations and warranties\n\n"
        "## 2. Governing Law\n\n"
        "This Agreement is governed by the laws of the State of Delaware, without regard to "
        "its conflict of laws rules.\n"
    )
    document = read_text(text.encode("utf-8"), name="c.md", markdown=True)

    location, anchor = indemnity_anchor(document)

    assert anchor.text == "a breach by Contractor of its representations and warranties"
