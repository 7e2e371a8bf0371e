"""Governing law and whether EU data-protection law is likely to apply."""

from __future__ import annotations

import re

from ..clauses.patterns import normalise
from ..model import Document

EU_STATES = ("Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czech Republic",
             "Czechia", "Denmark", "Estonia", "Finland", "France", "Germany", "Greece",
             "Hungary", "Ireland", "Italy", "Latvia", "Lithuania", "Luxembourg", "Malta",
             "Netherlands", "Poland", "Portugal", "Romania", "Slovakia", "Slovenia", "Spain",
             "Sweden", "European Union")
_EU_ONLY = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in EU_STATES) + r")\b", re.I)
# Company forms used mainly under EU member-state law.
# NOTE: GmbH and SARL also exist in Switzerland, so a Swiss party can trigger the GDPR
# note; showing the note needlessly is the safer error.
_EU_COMPANY = re.compile(r"\b(?:GmbH|B\.V\.|N\.V\.|S\.A\.S\.|SARL|S\.à\s?r\.l\.|S\.p\.A\.|"
                         r"S\.r\.l\.|Oy|ApS|sp\.\s?z\s?o\.o\.)(?=[\s,.;)]|$)")
_GOVERNING = re.compile(
    r"(?i:\bgoverned\s+by\s+(?:and\s+(?:construed|interpreted)\s+"
    r"(?:in\s+accordance\s+with|under)\s+)?(?:the\s+)?laws?\s+of\s+(?:the\s+)?)"
    r"(?P<law>[A-Z][\w .'-]{1,60}?)"
    r"(?=\s*(?:[,.;(]|\s+without\b|\s+and\b|\s+excluding\b|$))"
    r"|(?i:\bgoverned\s+by\s+)(?P<adjective>[A-Z][a-z]+)\s+law\b")
EU_ADJECTIVES = ("Austrian", "Belgian", "Bulgarian", "Croatian", "Cypriot", "Czech", "Danish",
                 "Estonian", "Finnish", "French", "German", "Greek", "Hungarian", "Irish",
                 "Italian", "Latvian", "Lithuanian", "Luxembourgish", "Maltese", "Dutch",
                 "Polish", "Portuguese", "Romanian", "Slovak", "Slovenian", "Spanish",
                 "Swedish", "EU", "European")

EU_NOTE = ("Because EU law may govern this contract or a party is established in the EU, the "
           "GDPR's purpose-limitation principle (Art. 5(1)(b)) applies to any personal data "
           "in it: data collected to provide the services may not be reused for other "
           "purposes, such as product development or AI training, unless that use is "
           "compatible and has a lawful basis.")


def detect_jurisdiction(document: Document, cuad: list[dict] | None = None) -> dict:
    """Return governing law, whether the EU is involved, and notes for data-use findings.

    The CUAD "Governing Law" tag is used when present; otherwise the first "governed by the
    laws of …" sentence. An EU party is recognised only by an EU company form in the text.
    """
    law = None
    for tag in cuad or []:
        if tag.get("category") == "Governing Law" and tag.get("present") and tag.get("spans"):
            match = _GOVERNING.search(normalise(tag["spans"][0].get("quote", ""))[0])
            if match:
                law = _law_name(match)
                break
    texts = [normalise(p.text)[0] for p in document.paragraphs]
    if law is None:
        for text in texts:
            match = _GOVERNING.search(text)
            if match:
                law = _law_name(match)
                break
    eu_law = bool(law and (_EU_ONLY.search(law) or law.split()[0] in EU_ADJECTIVES))
    eu_party = any(_EU_COMPANY.search(text) for text in texts[:200])
    notes = [EU_NOTE] if eu_law or eu_party else []
    return {"governing_law": law, "eu": eu_law or eu_party, "eu_party": eu_party, "notes": notes}


def _law_name(match: re.Match) -> str:
    """Return "State of Texas" for "the laws of the State of Texas", "German law" for
    "governed by German law"."""
    if match.group("law"):
        return " ".join(match.group("law").split())
    return f"{match.group('adjective')} law"
