"""Read the document and the options from a request, in any of its three accepted forms.

1. A raw body whose Content-Type names the format (.docx, Flat OPC XML, text, Markdown);
   options come from the query string.
2. ``multipart/form-data`` with the file in the field ``file``; options come from form
   fields, then the query string.
3. A JSON object ``{"ooxml": "<pkg:package ...>"}`` as Word's ``body.getOoxml()`` returns
   it, with optional ``paragraphs`` from Word; options are JSON keys, then the query.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from flask import Request, g, request
from werkzeug.utils import secure_filename

from ..errors import EmptyDocumentError, InvalidRequestError, UnsupportedFormatError

DOCX_TYPES = frozenset({
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-word.document.macroenabled.12",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
})
XML_TYPES = frozenset({"application/xml", "text/xml"})
TEXT_TYPES = {"text/plain": ".txt", "text/markdown": ".md", "text/x-markdown": ".md"}
RAW_TYPES = sorted(DOCX_TYPES | XML_TYPES | set(TEXT_TYPES) | {"application/octet-stream"})

MAX_NAME_LENGTH = 120
MAX_OPTION_LENGTH = 10_000


class InMemoryRequest(Request):
    """A request whose uploaded files stay in memory.

    Werkzeug spools uploads over 500 KB to a temporary file, but documents must never
    touch the disk. MAX_CONTENT_LENGTH already bounds the memory one request can use.
    """

    def _get_file_stream(self, total_content_length, content_type, filename=None,
                         content_length=None):
        return io.BytesIO()


@dataclass
class DocumentInput:
    """A document as received: bytes, the name to read it under, and the request's options."""

    data: bytes
    name: str | None
    reader_name: str | None
    options: dict = field(default_factory=dict)
    word_paragraphs: list | None = None


def read_document_input() -> DocumentInput:
    """Return the document and options of the current request; raise 400 or 415 if absent."""
    mimetype = request.mimetype
    if mimetype == "multipart/form-data":
        return _from_multipart()
    if mimetype == "application/json":
        return _from_json()
    if mimetype in RAW_TYPES:
        return _from_raw(mimetype)
    raise UnsupportedFormatError(
        f"Content-Type {request.content_type or '(none)'!r} is not accepted.",
        detail="send the document as a raw body with one of " + ", ".join(RAW_TYPES)
               + "; as multipart/form-data with the field 'file'; or as JSON {\"ooxml\": ...}",
    )


def _from_raw(mimetype: str) -> DocumentInput:
    data = request.get_data(cache=False)
    if not data:
        raise_empty_upload()
    name = clean_name(request.args.get("name"))
    reader_name = _reader_name(name, TEXT_TYPES.get(mimetype))
    return DocumentInput(data, name, reader_name, options=_flat(request.args))


def _from_multipart() -> DocumentInput:
    upload = request.files.get("file")
    if upload is None:
        raise InvalidRequestError("The multipart form has no field 'file'.",
                                  detail="put the document in a file field named 'file'")
    data = upload.read()
    if not data:
        raise_empty_upload()
    options = _flat(request.args)
    options.update(_flat(request.form))
    name = clean_name(options.get("name") or upload.filename)
    suffix = TEXT_TYPES.get(upload.mimetype) if upload.mimetype else None
    return DocumentInput(data, name, _reader_name(name, suffix), options=options)


def raise_empty_upload():
    raise EmptyDocumentError("The uploaded file is empty (0 bytes); choose the contract file "
                             "again.", detail="a .docx, .xml, .txt or .md file with content")


def _from_json() -> DocumentInput:
    body = request.get_json(silent=True)
    if body is None and request.get_data(cache=True):
        raise InvalidRequestError("The request body is not valid JSON.",
                                  detail='send {"ooxml": "<pkg:package ...>"} as UTF-8 JSON')
    if not isinstance(body, dict):
        raise InvalidRequestError("The JSON body is not an object.",
                                  detail='send {"ooxml": "<pkg:package ...>"}')
    ooxml = body.get("ooxml")
    if not isinstance(ooxml, str) or not ooxml.strip():
        raise InvalidRequestError("The JSON body has no 'ooxml' string.",
                                  detail="put the Flat OPC text from Word's body.getOoxml() "
                                         "in the key 'ooxml'")
    options = _flat(request.args)
    for key, value in body.items():
        if key in ("ooxml", "paragraphs"):
            continue
        if isinstance(value, list):
            value = ",".join(str(item) for item in value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        elif value is not None and not isinstance(value, str):
            value = str(value)
        if value is not None:
            options[key] = check_option_length(key, value)
    name = clean_name(options.get("name"))
    paragraphs = body.get("paragraphs")
    if paragraphs is not None:
        paragraphs = validate_word_paragraphs(paragraphs)
    return DocumentInput(as_utf8_xml(ooxml), name, _reader_name(name, None),
                         options=options, word_paragraphs=paragraphs)


_XML_DECLARATION_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")


def as_utf8_xml(text: str) -> bytes:
    """Encode XML text as UTF-8 and set an XML declaration's ``encoding`` to UTF-8.

    JSON carries the package as a string, so an encoding its declaration names, such as
    UTF-16, no longer describes the bytes the parser reads.
    """
    return _XML_DECLARATION_ENCODING.sub(r"\1\2UTF-8\2", text, count=1).encode("utf-8")


def validate_word_paragraphs(value: object) -> list[dict]:
    """Check Word's paragraph list: objects with an integer ``index`` and a string ``text``."""
    if not isinstance(value, list):
        raise InvalidRequestError("'paragraphs' must be a list.",
                                  detail='send [{"index": 0, "text": "...", "id": "..."}, ...]')
    out = []
    for position, item in enumerate(value):
        if (not isinstance(item, dict) or not isinstance(item.get("index"), int)
                or isinstance(item.get("index"), bool) or not isinstance(item.get("text"), str)):
            raise InvalidRequestError(
                f"paragraphs[{position}] is not an object with an integer 'index' and a "
                "string 'text'.",
                detail="take index and text from Word's body.paragraphs",
            )
        ident = item.get("id")
        if ident is not None and not isinstance(ident, str):
            raise InvalidRequestError(f"paragraphs[{position}].id must be a string or null.")
        out.append({"index": item["index"], "text": item["text"], "id": ident})
    return out


def clean_name(raw: str | None) -> str | None:
    """Reduce a client-supplied file name to a safe ASCII base name, or None."""
    if not raw:
        return None
    base = PurePath(raw.replace("\\", "/")).name
    g.filename = base[:MAX_NAME_LENGTH]  # logged only when LOG_FILENAMES is set
    safe = secure_filename(base)[:MAX_NAME_LENGTH]
    return safe or None


def _reader_name(name: str | None, suffix: str | None) -> str | None:
    # The plain-text reader tells Markdown from text by the name's suffix, so a
    # Content-Type of text/markdown must reach it under a .md name.
    if suffix is None:
        return name
    same_kind = (".md", ".markdown") if suffix == ".md" else (".txt", ".text")
    if name and PurePath(name).suffix.lower() in same_kind:
        return name
    return stem_of(name) + suffix


def _flat(multidict) -> dict:
    return {key: check_option_length(key, multidict.get(key)) for key in multidict.keys()}


def check_option_length(key: str, value: str) -> str:
    # Word's paragraph list is bounded by the body limit only.
    if key != "paragraphs" and len(value) > MAX_OPTION_LENGTH:
        raise InvalidRequestError(f"option {key!r} is longer than {MAX_OPTION_LENGTH} "
                                  "characters.", detail="send shorter option values")
    return value


def stem_of(name: str | None) -> str:
    """Return the name without its suffix, or ``document`` when there is none."""
    if not name:
        return "document"
    return PurePath(name).stem or "document"
