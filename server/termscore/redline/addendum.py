"""The AI-training addendum as paragraphs: in an existing document, or as its own .docx.

Addendum paragraphs come from ``termscore.clauses.render_addendum`` as
``{text, role, level, number}`` with role ``title``, ``heading``, ``clause`` or
``subclause``.
"""

from __future__ import annotations

import io

from ..errors import InvalidRequestError
from ..ooxml.newpara import add_list_definition, style_id_by_name
from ..ooxml.revisions import NewParagraph

ROLES = ("title", "heading", "clause", "subclause")
_LIST_LEVELS = {"heading": 0, "clause": 1, "subclause": 2}


def _get(item, key, default=None):
    if isinstance(item, dict):
        return item.get(key, default)
    return getattr(item, key, default)


def _check(paragraphs) -> list:
    items = list(paragraphs)
    if not items:
        raise InvalidRequestError("the addendum has no paragraphs; check the clause library")
    for item in items:
        role = _get(item, "role")
        if role not in ROLES:
            raise InvalidRequestError(f"unknown addendum paragraph role {role!r}; expected "
                                      f"one of {', '.join(ROLES)}")
    return items


def addendum_paragraphs(package, paragraphs) -> list[NewParagraph]:
    """Map addendum paragraphs to ``NewParagraph`` specs in ``package``'s own styles.

    Title and headings take the "Heading 1" and "Heading 2" styles when the document
    defines them (looked up by name, since style ids vary by language), else direct bold
    formatting and no new style. Numbered headings, clauses and subclauses are levels 0,
    1 and 2 ("1.", "1.1.", "(a)") of a new list, so their numbers never continue an
    existing list. Paragraphs without a ``number`` stay unnumbered.
    """
    items = _check(paragraphs)
    heading1 = style_id_by_name(package, "heading 1")
    heading2 = style_id_by_name(package, "heading 2") or heading1
    num_id = None
    out = []
    for item in items:
        role = _get(item, "role")
        text = _get(item, "text") or ""
        style = None
        if role == "title":
            style = heading1
        elif role == "heading":
            style = heading2
        numbering = None
        if _get(item, "number") and role != "title":
            if num_id is None:
                num_id = add_list_definition(package)
            numbering = (num_id, _LIST_LEVELS[role])
        bold = role in ("title", "heading") and style is None
        out.append(NewParagraph(text, style=style, numbering=numbering, bold=bold))
    return out


def build_addendum_docx(paragraphs) -> bytes:
    """Return a standalone .docx holding the addendum, built on python-docx's default template.

    Numbers come from each paragraph's ``number`` as text, so the file reads the same in
    every word processor.
    """
    import docx

    items = _check(paragraphs)
    document = docx.Document()
    for item in items:
        role = _get(item, "role")
        text = _get(item, "text") or ""
        if role == "title":
            document.add_heading(text, level=1)
        elif role == "heading":
            document.add_heading(text, level=2)
        else:
            number = _get(item, "number")
            paragraph = document.add_paragraph(f"{number} {text}" if number else text)
            if role == "subclause":
                paragraph.paragraph_format.left_indent = docx.shared.Pt(18)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
