"""Read .txt and .md contracts into the text model.

Paragraphs are split on blank lines; in Markdown each list item and heading is a
paragraph of its own. A leading list marker or clause number ("1.", "(a)", "- ",
"Section 4.2") is moved into ``label`` so that plain text and Word files reach the
analysis in the same shape.
"""

from __future__ import annotations

import re
import unicodedata

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
    """Decode a text file as UTF-8 (with or without BOM), then UTF-16 with BOM, then cp1252.

    Raises ``UnsupportedFormatError`` for RTF and for bytes that decode to something that
    is clearly not text (see ``check_looks_like_text``).
    """
    label = name or "the input"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        raise UnsupportedFormatError(f"{label}: RTF is not supported; save it as .docx")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFormatError(
            f"{label} looks like a binary file, not text; "
            "upload a .docx, a Flat OPC .xml, a .txt or a .md file"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
        encoding = "utf-8"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        encoding = "utf-16"
        if len(data) % 2:
            _reject_as_not_text(label, "UTF-16 needs an even number of bytes")
        if _ascii_read_as_utf16(data[2:], text):
            _reject_as_not_text(label, "its bytes are ASCII, but a UTF-16 byte order mark "
                                       "makes them read as CJK characters")
    else:
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
            encoding = "cp1252"
    check_looks_like_text(text, label, encoding)
    return text


# Shares of the decoded characters above which the input is taken for binary data. Real
# contracts have almost no control characters and no private-use or unassigned ones, so
# the limits leave ample room. Replacement characters mark bytes the decoder could not map.
MAX_CONTROL_SHARE = 0.05
MAX_UNASSIGNED_SHARE = 0.05
MAX_REPLACEMENT_SHARE = 0.01
# Control characters (Unicode category Cc) other than the ones text files use: tab, line
# feed, vertical tab, form feed and carriage return.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def check_looks_like_text(text: str, label: str, encoding: str) -> None:
    """Raise ``UnsupportedFormatError`` if ``text`` is clearly decoded binary data.

    Counts control characters (other than tab, line and page breaks), unassigned,
    private-use and surrogate code points, and U+FFFD replacement characters.
    """
    if not text:
        return
    total = len(text)
    controls = len(_CONTROL_CHARS.findall(text))
    unassigned = sum(1 for char in _NON_ASCII.findall(text)
                     if unicodedata.category(char) in ("Cn", "Co", "Cs"))
    replacements = text.count("\ufffd")
    if controls / total > MAX_CONTROL_SHARE:
        _reject_as_not_text(label, f"{controls} of {total} characters are control characters "
                                   f"when read as {encoding}")
    if unassigned / total > MAX_UNASSIGNED_SHARE:
        _reject_as_not_text(label, f"{unassigned} of {total} characters are unassigned or "
                                   f"private-use code points when read as {encoding}")
    if replacements / total > MAX_REPLACEMENT_SHARE:
        _reject_as_not_text(label, f"{replacements} of {total} characters are not valid "
                                   f"{encoding}")


def _ascii_read_as_utf16(payload: bytes, text: str) -> bool:
    # ASCII bytes read as UTF-16 pair up into code points from U+2020 to U+7E7E, mostly
    # CJK ideographs. Real CJK text in UTF-16 has bytes above 0x7E in about a third of its
    # code units' non-zero bytes (measured on Chinese sentences), so a payload whose
    # non-zero bytes are nearly all printable ASCII is ASCII with a stray byte order mark.
    nonzero = [byte for byte in payload if byte]
    if not nonzero:
        return False
    printable = sum(1 for byte in nonzero if 0x20 <= byte <= 0x7E or byte in (0x09, 0x0A, 0x0D))
    cjk = sum(1 for char in text if "\u3400" <= char <= "\u9fff")
    return printable / len(nonzero) > 0.9 and cjk / max(len(text), 1) > 0.5


def _reject_as_not_text(label: str, reason: str) -> None:
    raise UnsupportedFormatError(
        f"{label} does not look like a text document ({reason}); "
        "upload .docx, Flat OPC .xml, .txt or .md"
    )


def _strip_markdown(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    return _MD_INLINE.sub("", text)


def _split_label(text: str) -> tuple[str, str]:
    match = _NUMBER_LABEL.match(text)
    if not match:
        return "", text.strip()
    return match.group(1), text[match.end():].strip()


# Words that cannot end a sentence: a block ending in one continues in the next block.
_CONTINUING_WORDS = frozenset(
    "a an and any as at between by for from in into of on or per such that the their this "
    "to under upon with within without".split()
)


def _continues(previous: str, following: str) -> bool:
    """Tell whether ``following`` goes on with the sentence that ``previous`` leaves open."""
    tail = previous.rstrip()
    if not tail or tail[-1] in ".:;!?\"\u201d)]":
        return False
    if tail[-1] in ",-\u2013\u2014":
        return True
    last_word = tail.rsplit(None, 1)[-1].lower()
    return last_word in _CONTINUING_WORDS or following[:1].islower()


def _join_broken_sentences(blocks: list[tuple[str, str, int | None]]):
    """Join blocks that a page break split mid-sentence.

    Text filed with regulators (SEC EDGAR exhibits, for example) keeps the blank lines and
    page furniture of the printed page, so "owned jointly by Microsoft and" can end one
    block and "Inktomi, and Inktomi hereby assigns ..." start the next. A block that carries
    its own clause label always starts a new paragraph.
    """
    joined: list[tuple[str, str, int | None]] = []
    for label, text, level in blocks:
        if joined and not label and level is None and joined[-1][2] is None \
                and _continues(joined[-1][1], text):
            previous_label, previous_text, _ = joined[-1]
            joined[-1] = (previous_label, f"{previous_text} {text}", None)
        else:
            joined.append((label, text, level))
    return joined


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
    if not markdown:
        blocks = _join_broken_sentences(blocks)

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
