"""Build a Word document from a plain-text or Markdown document, so it can be redlined.

Tracked changes exist only in WordprocessingML, so a .txt or .md contract is first
written as a .docx. Each text paragraph becomes one Word paragraph, and Markdown headings
get the built-in styles Heading 1 to Heading 3. List labels stay typed text at the start
of their paragraph, because the text file had them as characters too.
"""

from __future__ import annotations

import io
import re

from ..errors import InvalidRequestError
from ..model import Document

MAX_HEADING_LEVEL = 3
# Characters outside XML 1.0's Char production (W3C XML 1.0, section 2.2), such as a form
# feed between pages, cannot be stored in a Word document. Each becomes a space.
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def build_docx_from_text(document: Document) -> bytes:
    """Return the bytes of a .docx that contains the body paragraphs of a text document.

    Uses python-docx's default template, whose styles include "Heading 1" to "Heading 9".
    Headings deeper than level 3 get "Heading 3", so the document keeps three levels.
    """
    if document.is_ooxml:
        raise InvalidRequestError(
            f"{document.name or 'the document'} is already a Word document; redline it as it is")
    import docx  # deferred: only text redlines need python-docx

    word = docx.Document()
    for paragraph in document.story("body"):
        text = f"{paragraph.label} {paragraph.text}" if paragraph.label else paragraph.text
        text = _NOT_XML_CHAR.sub(" ", text)
        if paragraph.heading_level:
            level = min(paragraph.heading_level, MAX_HEADING_LEVEL)
            word.add_paragraph(text, style=f"Heading {level}")
        else:
            word.add_paragraph(text)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _get(obj, key):
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


def match_finding_ids(text_findings: list, docx_findings: list) -> dict[str, str]:
    """Map the id of each text finding to the id of the same finding in the built .docx.

    Finding ids hash the rule and the quote. A quote that starts a labelled paragraph
    gains the label in the .docx ("(a) Provider may ..."), so its id changes there. The
    same finding is the one with the same rule and paragraph index whose quote ends with
    the text finding's quote. Ids without a match map to themselves.

    NOTE: the .docx audit can still differ from the text audit. A typed label such as
    "(e)" can make the analysis join a clause differently, and a finding with no
    counterpart is then reported as not found.
    """
    mapping: dict[str, str] = {}
    for finding in text_findings:
        ident = _get(finding, "id")
        location = _get(finding, "location") or {}
        quote = _get(location, "quote")
        mapping[ident] = ident
        if not quote or any(_get(other, "id") == ident for other in docx_findings):
            continue
        for other in docx_findings:
            other_location = _get(other, "location") or {}
            if (_get(other, "rule") == _get(finding, "rule")
                    and _get(other_location, "index") == _get(location, "index")
                    and (_get(other_location, "quote") or "").endswith(quote)):
                mapping[ident] = _get(other, "id")
                break
    return mapping
