"""Open any supported input (.docx/.docm/.dotx, Flat OPC, .txt, .md) as a Document."""

from __future__ import annotations

from pathlib import Path

from .errors import DocumentTooLargeError, EmptyDocumentError, InvalidRequestError
from .limits import DEFAULT_LIMITS, Limits
from .model import Document
from .plaintext import decode_text, read_text

_TEXT_SUFFIXES = {".txt": False, ".text": False, ".md": True, ".markdown": True, ".cform": False}


def open_document(source: bytes | str | Path, *, name: str | None = None,
                  limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a document from bytes or a file path, choosing the reader by content.

    The bytes decide the format (zip, CFB, Flat OPC XML); the file name only tells plain
    text from Markdown, and any other suffix is read as plain text. Raises a
    ``TermScoreError`` subclass for every unreadable input: ``EmptyDocumentError`` for
    0 bytes or a text file of white space only, ``InvalidRequestError`` for an empty
    path or a folder. A package with no text (only images) is returned as it is.
    """
    if isinstance(source, (str, Path)):
        if str(source) == "":
            raise InvalidRequestError("no file given; pass the path of a contract file")
        path = Path(source)
        name = name or path.name
        if path.is_dir():
            raise InvalidRequestError(f"{path} is a folder; pass a file")
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise InvalidRequestError(f"cannot read {path}: {exc.strerror or exc}") from exc
        if size > limits.max_input_bytes:
            raise DocumentTooLargeError(
                f"{name} is {size:,} bytes, over the {limits.max_input_bytes:,}-byte limit; "
                "split the document or raise the limit"
            )
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidRequestError(f"cannot read {path}: {exc.strerror or exc}") from exc
    else:
        data = bytes(source)
    if not data:
        raise EmptyDocumentError(f"{name or 'the document'} is empty (0 bytes); "
                                 "choose the contract file again")
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
    document = read_text(data, name=name, markdown=markdown)
    if not document.paragraphs and not decode_text(data, name).strip():
        raise EmptyDocumentError(f"{name or 'the document'} contains no text to audit "
                                 "(only white space); choose the contract file again")
    return document
