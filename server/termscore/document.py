"""Open any supported input (.docx/.docm/.dotx, Flat OPC, .txt, .md) as a Document."""

from __future__ import annotations

from pathlib import Path

from .errors import DocumentTooLargeError, InvalidRequestError
from .limits import DEFAULT_LIMITS, Limits
from .model import Document
from .plaintext import read_text

_TEXT_SUFFIXES = {".txt": False, ".text": False, ".md": True, ".markdown": True, ".cform": False}


def open_document(source: bytes | str | Path, *, name: str | None = None,
                  limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a document from bytes or a file path, choosing the reader by content.

    The bytes decide the format (zip, CFB, Flat OPC XML); the file name only tells plain
    text from Markdown. Raises a ``TermScoreError`` subclass for every unreadable input.
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise InvalidRequestError(f"cannot read {path}: {exc.strerror or exc}") from exc
        if size > limits.max_input_bytes:
            raise DocumentTooLargeError(
                f"{name} is {size:,} bytes, over the {limits.max_input_bytes:,}-byte limit; "
                "split the document or raise the limit"
            )
        data = path.read_bytes()
    else:
        data = bytes(source)
    if len(data) > limits.max_input_bytes:
        raise DocumentTooLargeError(
            f"{name or 'the document'} is {len(data):,} bytes, over the "
            f"{limits.max_input_bytes:,}-byte limit; split the document or raise the limit"
        )

    from .ooxml import sniff  # deferred so that plain-text use never imports lxml

    kind = sniff.detect_format(data)  # raises for CFB (encrypted or legacy .doc)
    if kind in ("zip", "flatopc"):
        from .ooxml.reader import read_package_document

        doc = read_package_document(data, name=name, limits=limits)
        doc.name = name
        return doc
    suffix = Path(name).suffix.lower() if name else ""
    markdown = _TEXT_SUFFIXES.get(suffix, False)
    return read_text(data, name=name, markdown=markdown)
