"""Read .txt and .md contracts into the text model.

Paragraphs are split on blank lines; in Markdown each list item and heading is a
paragraph of its own. A leading list marker or clause number ("1.", "(a)", "- ",
"Section 4.2") is moved into ``label`` so that plain text and Word files reach the
analysis in the same shape.
"""

from __future__ import annotations

import re

from .errors import UnsupportedFormatError
from .model import Document, Paragraph
from .results import Message

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^\s*([-*+])\s+(.*)$")
# "1.", "1.2", "1.2.3.", "(a)", "a.", "(iv)", "iv." at the start of a line, then text.
_NUMBER_LABEL = re.compile(
    r"^\s*((?:\d+(?:\.\d+)*\.?)|(?:\([a-zA-Z0-9]{1,4}\))|(?:[a-z]\.)|(?:[ivxlc]{1,6}\.))\s+(?=\S)"
)
_SETEXT_UNDERLINE = re.compile(r"^\s*(=+|-+)\s*$")
_MD_INLINE = re.compile(r"(\*\*|__|(?<!\w)\*(?!\s)|(?<!\w)_(?!\s))")
_MD_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def decode_text(data: bytes, name: str | None = None) -> str:
    """Decode a text file as UTF-8 (with or without BOM), then UTF-16 with BOM, then cp1252."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFormatError(
            f"{name or 'input'} looks like a binary file, not text; "
            "upload a .docx, a Flat OPC .xml, a .txt or a .md file"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _strip_markdown(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    return _MD_INLINE.sub("", text)


def _split_label(text: str) -> tuple[str, str]:
    match = _NUMBER_LABEL.match(text)
    if not match:
        return "", text.strip()
    return match.group(1), text[match.end():].strip()


def read_text(data: bytes, *, name: str | None = None, markdown: bool = False) -> Document:
    """Read plain text or Markdown bytes into a Document with one story, "body"."""
    text = decode_text(data, name).replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[tuple[str, str, int | None]] = []  # (label, text, heading level)
    current: list[str] = []
    in_code = False

    def flush():
        if current:
            joined = " ".join(line.strip() for line in current if line.strip())
            if joined:
                if markdown:
                    joined = _strip_markdown(joined)
                label, body = _split_label(joined)
                blocks.append((label, body, None))
            current.clear()

    lines = text.split("\n")
    if markdown and lines and lines[0].strip() == "---":
        # YAML front matter (Jekyll, Hugo, GitHub docs) is metadata, not contract text.
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is not None:
            lines = lines[end + 1:]
    if markdown:
        text = _MD_COMMENT.sub("", "\n".join(lines))
        lines = text.split("\n")
    for line in lines:
        if markdown and line.strip().startswith("```"):
            flush()
            in_code = not in_code
            continue
        if in_code:
            current.append(line)
            continue
        if not line.strip():
            flush()
            continue
        if markdown:
            heading = _MD_HEADING.match(line)
            if heading:
                flush()
                label, body = _split_label(_strip_markdown(heading.group(2)))
                blocks.append((label, body, len(heading.group(1))))
                continue
            if _SETEXT_UNDERLINE.match(line) and current:
                level = 1 if line.strip().startswith("=") else 2
                title = " ".join(current).strip()
                current.clear()
                blocks.append(("", _strip_markdown(title), level))
                continue
            if line.lstrip().startswith("|"):
                flush()
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                    row = " | ".join(c for c in cells if c)
                    if row:
                        blocks.append(("", _strip_markdown(row), None))
                continue
            bullet = _MD_BULLET.match(line)
            if bullet:
                flush()
                current.append(bullet.group(2))
                flush()
                continue
            if _NUMBER_LABEL.match(line) and current:
                flush()
        current.append(line)
    flush()

    paragraphs = [
        Paragraph(
            story="body", part="text", index=i, text=body, original=body,
            label=label, heading_level=level,
        )
        for i, (label, body, level) in enumerate(blocks)
    ]
    warnings = []
    if not paragraphs:
        warnings.append(Message("empty_document", "The document contains no text to analyze."))
    return Document(format="markdown" if markdown else "text", paragraphs=paragraphs,
                    warnings=warnings, name=name)
