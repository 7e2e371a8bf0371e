"""The JSON API under /api: audit, redline, addendum, clause library, health."""

from __future__ import annotations

import importlib
import json
import re
from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request

from .. import __version__
from ..errors import InvalidRequestError, TermScoreError
from ..limits import Limits
from .errors import NotImplementedYetError
from .inputs import DocumentInput, read_document_input, stem_of, validate_word_paragraphs
from .wordmap import add_word_locations

bp = Blueprint("api", __name__, url_prefix="/api")

SIDES = ("auto", "customer", "provider")
ADDENDUM_FORMATS = ("json", "ooxml", "docx", "text")
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PACKAGE_TYPES = {
    "docx": ("docx", DOCX_MIMETYPE),
    "docm": ("docm", "application/vnd.ms-word.document.macroEnabled.12"),
    "dotx": ("dotx", "application/vnd.openxmlformats-officedocument.wordprocessingml.template"),
}
REDLINE_HEADERS = ("Content-Disposition", "X-TermScore-Applied", "X-TermScore-Refused",
                   "X-TermScore-Refused-Ids", "X-TermScore-Warnings", "X-Request-ID")
# Word.BuiltInStyleName values (Word JavaScript API, WordApi 1.3) for each addendum role.
# Numbers are written as text, so no list style is needed.
ADDENDUM_STYLES = {"title": "Heading2", "heading": "Heading3", "clause": "Normal",
                   "subclause": "ListParagraph"}
MAX_AUTHOR_LENGTH = 255
MAX_PARTY_LENGTH = 200
MAX_DAYS = 3650
# Characters outside XML 1.0's Char production (W3C XML 1.0, section 2.2): they cannot be
# written into a Word document, as an author name or addendum text.
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def layer(module: str, name: str):
    """Return ``termscore.<module>.<name>``, or raise 501 if this build lacks it."""
    try:
        found = getattr(importlib.import_module(f"termscore.{module}"), name, None)
    except ImportError:
        found = None
    if found is None:
        raise NotImplementedYetError(
            f"termscore.{module}.{name} is not available in this build.",
            detail="update TermScore to a release that includes it",
        )
    return found


@bp.after_request
def no_store(response: Response) -> Response:
    # Responses hold contract text or redlined documents; no cache may keep them.
    response.headers["Cache-Control"] = "no-store"
    return response


# --- options -------------------------------------------------------------------------

def option_side(options: dict) -> str:
    side = (options.get("side") or "auto").strip().lower()
    if side not in SIDES:
        raise InvalidRequestError(f"side {side!r} is not valid.",
                                  detail="use one of " + ", ".join(SIDES))
    return side


def option_list(options: dict, key: str) -> list[str] | None:
    raw = options.get(key)
    if raw is None or not raw.strip():
        return None
    return [item.strip() for item in raw.split(",") if item.strip()]


def option_bool(options: dict, key: str, default: bool = False) -> bool:
    raw = options.get(key)
    if raw is None or raw == "":
        return default
    text = raw.strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise InvalidRequestError(f"{key} {raw!r} is not a boolean.", detail="use true or false")


def check_xml_text(name: str, value: str, max_length: int) -> str:
    """Return ``value`` if Word can store it: XML characters only, at most ``max_length``."""
    if len(value) > max_length:
        raise InvalidRequestError(f"{name} is {len(value)} characters long; the maximum is "
                                  f"{max_length}.")
    bad = _NOT_XML_CHAR.search(value)
    if bad:
        raise InvalidRequestError(
            f"{name} contains the character U+{ord(bad.group()):04X}, which a Word document "
            "cannot hold.", detail="remove control characters from the value")
    return value


def option_days(name: str, default: int | None) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if not 1 <= value <= MAX_DAYS:
        raise InvalidRequestError(f"{name} {raw!r} is not a whole number of days from 1 to "
                                  f"{MAX_DAYS}.")
    return value


def word_paragraphs_from(doc_input: DocumentInput) -> list[dict] | None:
    if doc_input.word_paragraphs is not None:
        return doc_input.word_paragraphs
    raw = doc_input.options.get("paragraphs")
    if not raw:
        return None
    try:
        parsed = json.loads(raw)
    except ValueError as exc:
        raise InvalidRequestError("The 'paragraphs' field is not valid JSON.",
                                  detail=f"JSON error at position {exc.pos}") from exc
    return validate_word_paragraphs(parsed)


def limits() -> Limits:
    config = current_app.config
    return Limits(max_input_bytes=config["MAX_CONTENT_LENGTH"],
                  max_uncompressed_bytes=config["MAX_UNCOMPRESSED_BYTES"],
                  max_compression_ratio=config["MAX_COMPRESSION_RATIO"])


def run_with_deadline(job):
    runner = current_app.extensions["termscore.runner"]
    return runner.run(job, current_app.config["ANALYSIS_TIMEOUT"])


def finding_id(finding: Any) -> str | None:
    if isinstance(finding, dict):
        return finding.get("id")
    return getattr(finding, "id", None)


# --- endpoints -----------------------------------------------------------------------

@bp.post("/audit")
def audit():
    doc_input = read_document_input()
    side = option_side(doc_input.options)
    rules = option_list(doc_input.options, "rules")
    word_paragraphs = word_paragraphs_from(doc_input)
    open_document = layer("document", "open_document")
    caps = limits()

    def job() -> dict:
        document = open_document(doc_input.data, name=doc_input.reader_name, limits=caps)
        document.name = doc_input.name or document.name
        # Looked up after reading, so that an unreadable document is reported as such.
        run_audit = layer("analysis", "audit")
        result = run_audit(document, side=side, rules=rules).to_dict()
        if word_paragraphs is not None:
            add_word_locations(result, document.story("body"), word_paragraphs)
        return result

    return jsonify(run_with_deadline(job))


@bp.post("/redline")
def redline():
    doc_input = read_document_input()
    side = option_side(doc_input.options)
    rules = option_list(doc_input.options, "rules")
    wanted = option_list(doc_input.options, "findings") or ["all"]
    comments = option_bool(doc_input.options, "comments")
    author = (doc_input.options.get("author") or "TermScore").strip() or "TermScore"
    check_xml_text("author", author, MAX_AUTHOR_LENGTH)
    open_document = layer("document", "open_document")
    caps = limits()

    def job():
        document = open_document(doc_input.data, name=doc_input.reader_name, limits=caps)
        run_audit = layer("analysis", "audit")
        redline_document = layer("redline", "redline_document")
        if document.is_ooxml:
            requested, text_ids = wanted, {}
            findings = run_audit(document, side=side, rules=rules).findings
        else:
            document, findings, requested, text_ids = text_as_docx(
                document, wanted, run_audit, open_document, side, rules, caps, doc_input.name)
        chosen, missing = select_findings(findings, requested)
        result = redline_document(document, chosen, author=author, date=None,
                                  comments=comments)
        # Refusals name the ids the client sent, not the ids in the built .docx.
        refused = [{**item, "finding": text_ids.get(item.get("finding"), item.get("finding"))}
                   for item in result.refused] + [
            {"finding": ident, "reason": "no finding with this id in the document"}
            for ident in missing
        ]
        return result, refused, document.format

    result, refused, input_format = run_with_deadline(job)
    if result.format == "flatopc":
        suffix, mimetype = "xml", "application/xml"
    else:
        # A macro-enabled package must keep its .docm name, or Word will not open it.
        suffix, mimetype = PACKAGE_TYPES.get(input_format, PACKAGE_TYPES["docx"])
    filename = f"{stem_of(doc_input.name)}.redlined.{suffix}"
    response = Response(result.data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-TermScore-Applied"] = str(len(result.applied))
    response.headers["X-TermScore-Refused"] = str(len(refused))
    response.headers["X-TermScore-Refused-Ids"] = header_list(
        str(item.get("finding") or "") for item in refused)
    response.headers["X-TermScore-Warnings"] = header_list(
        getattr(w, "code", None) or (w.get("code") if isinstance(w, dict) else str(w))
        for w in result.warnings)
    response.headers["Access-Control-Expose-Headers"] = ", ".join(REDLINE_HEADERS)
    return response


def text_as_docx(document, wanted: list[str], run_audit, open_document, side, rules, caps,
                 name: str | None):
    """Write a text document as a .docx; return it, its findings, ``wanted`` as ids in the
    .docx, and a map from those .docx ids back to the requested ids.

    Tracked changes need WordprocessingML, so the redline goes into the new .docx, and the
    audit of that .docx gives the locations. A finding whose quote starts a labelled
    paragraph has another id there, because the label is typed text in the .docx.
    """
    build_docx_from_text = layer("redline.textdocx", "build_docx_from_text")
    match_finding_ids = layer("redline.textdocx", "match_finding_ids")
    docx_document = open_document(build_docx_from_text(document),
                                  name=f"{stem_of(name)}.docx", limits=caps)
    docx_findings = run_audit(docx_document, side=side, rules=rules).findings
    if [item.lower() for item in wanted] == ["all"]:
        return docx_document, docx_findings, wanted, {}
    text_findings = run_audit(document, side=side, rules=rules).findings
    mapping = match_finding_ids(text_findings, docx_findings)
    requested = [mapping.get(ident, ident) for ident in wanted]
    return docx_document, docx_findings, requested, dict(zip(requested, wanted))


def header_list(values, limit: int = 2000) -> str:
    """Join ASCII-safe ``values`` with commas for a header, cut at ``limit`` characters."""
    safe = [re.sub(r"[^A-Za-z0-9:._-]", "_", value) for value in values if value]
    text = ",".join(safe)
    if len(text) <= limit:
        return text
    # Proxies commonly cap a header near 8 KB; the count header stays exact.
    return text[:limit].rsplit(",", 1)[0] + ",..."


def select_findings(findings: list, wanted: list[str]) -> tuple[list, list[str]]:
    """Return the findings whose ids are in ``wanted`` (all for ``["all"]``) and unknown ids."""
    if [item.lower() for item in wanted] == ["all"]:
        return list(findings), []
    by_id = {finding_id(f): f for f in findings}
    chosen = [by_id[ident] for ident in dict.fromkeys(wanted) if ident in by_id]
    missing = [ident for ident in dict.fromkeys(wanted) if ident not in by_id]
    return chosen, missing


@bp.get("/addendum")
def addendum():
    fmt = (request.args.get("format") or "json").lower()
    if fmt not in ADDENDUM_FORMATS:
        raise InvalidRequestError(f"format {fmt!r} is not valid.",
                                  detail="use one of " + ", ".join(ADDENDUM_FORMATS))
    parties = {}
    for key in ("customer", "provider"):
        value = check_xml_text(key, (request.args.get(key) or "").strip(), MAX_PARTY_LENGTH)
        if value:
            parties[key] = value
    for key in ("notice_days", "deletion_days"):
        days = option_days(key, None)
        if days is not None:
            parties[key] = days
    render_addendum = layer("clauses", "render_addendum")
    paragraphs = render_addendum(**parties)

    if fmt == "json":
        styled = [{**p, "style": ADDENDUM_STYLES.get(p.get("role"), "Normal")}
                  for p in paragraphs]
        return jsonify({"paragraphs": styled, "parameters": parties})
    if fmt == "text":
        if hasattr(paragraphs, "to_text"):
            text = paragraphs.to_text()
        else:
            text = "\n\n".join(f"{p['number']} {p['text']}" if p.get("number") else p["text"]
                               for p in paragraphs) + "\n"
        return Response(text, mimetype="text/plain")
    build = layer("redline", "build_addendum_docx")
    data = build(paragraphs)
    if fmt == "docx":
        response = Response(data, mimetype=DOCX_MIMETYPE)
        response.headers["Content-Disposition"] = 'attachment; filename="ai-addendum.docx"'
        return response
    package_class = layer("ooxml.package", "Package")
    flat = package_class.open(data, limits()).to_bytes("flatopc")
    return Response(flat, mimetype="application/xml")


@bp.get("/clauses")
def clauses():
    return jsonify(layer("clauses", "library_to_dict")())


@bp.get("/health")
def health():
    """Report version, rules loaded and which layers are present; 503 if rules fail to load."""
    components = {}
    for key, (module, name) in {
        "document": ("document", "open_document"),
        "audit": ("analysis", "audit"),
        "redline": ("redline", "redline_document"),
        "addendum": ("clauses", "render_addendum"),
    }.items():
        try:
            layer(module, name)
            components[key] = True
        except TermScoreError:
            components[key] = False
    body = {"status": "ok", "version": __version__, "rules": 0, "components": components,
            "error": None}
    try:
        body["rules"] = count_rules()
    except TermScoreError as exc:
        # A load balancer takes this instance out of rotation until the library loads.
        body["status"] = "degraded"
        body["error"] = exc.code
    response = jsonify(body)
    response.status_code = 200 if body["status"] == "ok" else 503
    return response


def count_rules() -> int:
    """Return how many detection rules the clause library holds."""
    data = layer("clauses", "library_to_dict")()
    return len(data.get("rules") or [])
