"""The OpenAPI 3.1 description of /api, served at /api/openapi.json."""

from __future__ import annotations

from flask import Blueprint, jsonify

from .. import __version__

bp = Blueprint("openapi", __name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_ERROR = {"$ref": "#/components/responses/Error"}


def _param(name: str, description: str, schema: dict, where: str = "query") -> dict:
    return {"name": name, "in": where, "required": False, "description": description,
            "schema": schema}


_SIDE = _param("side", "Whose interests to protect; auto infers it from the parties.",
               {"type": "string", "enum": ["auto", "customer", "provider"], "default": "auto"})
_RULES = _param("rules", "Comma-separated rule ids to run; all rules when absent.",
                {"type": "string"})
_NAME = _param("name", "File name of a raw-body document; also names the download.",
               {"type": "string", "maxLength": 255})
_FINDINGS = _param("findings", "'all', or comma-separated finding ids to apply.",
                   {"type": "string", "default": "all"})
_AUTHOR = _param("author", "Author written on each tracked change.",
                 {"type": "string", "maxLength": 255, "default": "TermScore"})
_COMMENTS = _param("comments", "Add a comment explaining each change.",
                   {"type": "boolean", "default": False})

_OPTION_PROPERTIES = {
    "side": _SIDE["schema"], "rules": {"type": "string"}, "name": {"type": "string"},
}
_REDLINE_PROPERTIES = {
    **_OPTION_PROPERTIES, "findings": {"type": "string"}, "author": {"type": "string"},
    "comments": {"type": "boolean"},
}


def _document_body(extra: dict) -> dict:
    raw_binary = {"schema": {"type": "string", "format": "binary"}}
    raw_text = {"schema": {"type": "string"}}
    return {
        "required": True,
        "description": "The document as a raw body, a multipart upload, or Word's Flat OPC in JSON.",
        "content": {
            DOCX: raw_binary,
            "application/xml": raw_text,
            "text/plain": raw_text,
            "text/markdown": raw_text,
            "multipart/form-data": {"schema": {
                "type": "object", "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"},
                               "paragraphs": {"type": "string",
                                              "description": "JSON list of Word paragraphs."},
                               **extra},
            }},
            "application/json": {"schema": {
                "type": "object", "required": ["ooxml"],
                "properties": {
                    "ooxml": {"type": "string", "description": "Flat OPC from body.getOoxml()."},
                    "paragraphs": {"type": "array",
                                   "items": {"$ref": "#/components/schemas/WordParagraph"}},
                    **extra,
                },
            }},
        },
    }


SPEC = {
    "openapi": "3.1.0",
    "info": {
        "title": "TermScore API",
        "version": __version__,
        "description": "Audit contracts for AI-training and data-use clauses and write "
                       "protective redlines as Word tracked changes. Documents are "
                       "processed in memory and never stored.",
    },
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                       "description": "Required only when the server sets "
                                                      "TERMSCORE_API_TOKEN."}},
        "schemas": {
            "Error": {
                "type": "object", "required": ["code", "message", "detail"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                               "detail": {"type": ["string", "null"]}},
            },
            "WordParagraph": {
                "type": "object", "required": ["index", "text"],
                "properties": {"index": {"type": "integer"}, "text": {"type": "string"},
                               "id": {"type": ["string", "null"]}},
            },
            "Location": {
                "type": "object",
                "properties": {
                    "story": {"type": "string"}, "part": {"type": ["string", "null"]},
                    "index": {"type": ["integer", "null"]},
                    "para_id": {"type": ["string", "null"]}, "label": {"type": ["string", "null"]},
                    "start": {"type": ["integer", "null"]}, "end": {"type": ["integer", "null"]},
                    "quote": {"type": ["string", "null"]},
                    "search_key": {"type": ["string", "null"]},
                    "word_index": {"type": ["integer", "null"]},
                    "word_id": {"type": ["string", "null"]},
                },
            },
            "Finding": {
                "type": "object", "required": ["id", "rule", "kind", "severity", "location"],
                "properties": {
                    "id": {"type": "string"}, "rule": {"type": "string"},
                    "kind": {"type": "string"}, "severity": {"type": "string"},
                    "title": {"type": "string"}, "explanation": {"type": "string"},
                    "references": {"type": "array", "items": {"type": "string"}},
                    "location": {"$ref": "#/components/schemas/Location"},
                    "suggestion": {"type": ["object", "null"]},
                    "contribution": {"type": "number"},
                    "warnings": {"type": "array", "items": {"type": "object"}},
                },
            },
            "AuditResult": {
                "type": "object", "required": ["score", "grade", "findings"],
                "properties": {
                    "version": {"type": "string"}, "document": {"type": "object"},
                    "score": {"type": "number", "minimum": 0, "maximum": 100},
                    "grade": {"type": "string"}, "parties": {"type": "object"},
                    "findings": {"type": "array",
                                 "items": {"$ref": "#/components/schemas/Finding"}},
                    "protections": {"type": "array"}, "cuad": {"type": "array"},
                    "jurisdiction": {"type": ["object", "null"]},
                    "score_breakdown": {"type": "object"},
                    "warnings": {"type": "array", "items": {"type": "object"}},
                },
            },
            "AddendumParagraph": {
                "type": "object", "required": ["text"],
                "properties": {"text": {"type": "string"}, "role": {"type": ["string", "null"]},
                               "level": {"type": ["integer", "null"]},
                               "number": {"type": ["string", "null"]},
                               "style": {"type": "string"}},
            },
        },
        "responses": {
            "Error": {"description": "Error", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Error"}}}},
        },
    },
    "security": [{}, {"bearer": []}],
    "paths": {
        "/api/audit": {"post": {
            "summary": "Audit a document",
            "parameters": [_SIDE, _RULES, _NAME],
            "requestBody": _document_body(_OPTION_PROPERTIES),
            "responses": {
                "200": {"description": "The audit result.", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/AuditResult"}}}},
                "400": _ERROR, "401": _ERROR, "413": _ERROR, "415": _ERROR, "422": _ERROR,
                "503": _ERROR,
            },
        }},
        "/api/redline": {"post": {
            "summary": "Write protective redlines as tracked changes",
            "parameters": [_SIDE, _RULES, _NAME, _FINDINGS, _AUTHOR, _COMMENTS],
            "requestBody": _document_body(_REDLINE_PROPERTIES),
            "responses": {
                "200": {
                    "description": "The redlined document, in the input's format; a text "
                                   "or Markdown input comes back as a .docx.",
                    "headers": {
                        "X-TermScore-Applied": {"schema": {"type": "integer"},
                                                "description": "Findings written."},
                        "X-TermScore-Refused": {"schema": {"type": "integer"},
                                                "description": "Findings not written."},
                        "X-TermScore-Refused-Ids": {"schema": {"type": "string"},
                                                    "description": "Their ids, comma-separated."},
                        "X-TermScore-Warnings": {"schema": {"type": "string"},
                                                 "description": "Warning codes, comma-separated."},
                        "Content-Disposition": {"schema": {"type": "string"}},
                    },
                    "content": {DOCX: {"schema": {"type": "string", "format": "binary"}},
                                "application/vnd.ms-word.document.macroEnabled.12": {
                                    "schema": {"type": "string", "format": "binary"}},
                                "application/vnd.openxmlformats-officedocument."
                                "wordprocessingml.template": {
                                    "schema": {"type": "string", "format": "binary"}},
                                "application/xml": {"schema": {"type": "string"}}},
                },
                "400": _ERROR, "401": _ERROR, "413": _ERROR, "415": _ERROR, "422": _ERROR,
                "503": _ERROR,
            },
        }},
        "/api/addendum": {"get": {
            "summary": "The AI-training addendum",
            "parameters": [
                _param("format", "Output format.", {"type": "string", "default": "json",
                                                    "enum": ["json", "ooxml", "docx", "text"]}),
                _param("customer", "Name of the customer party.",
                       {"type": "string", "maxLength": 200}),
                _param("provider", "Name of the provider party.",
                       {"type": "string", "maxLength": 200}),
                _param("notice_days", "Days of notice before a change of data use.",
                       {"type": "integer", "minimum": 1, "maximum": 3650}),
                _param("deletion_days", "Days to delete customer data after termination.",
                       {"type": "integer", "minimum": 1, "maximum": 3650}),
            ],
            "responses": {
                "200": {"description": "The addendum.", "content": {
                    "application/json": {"schema": {
                        "type": "object", "required": ["paragraphs"],
                        "properties": {"paragraphs": {"type": "array", "items": {
                            "$ref": "#/components/schemas/AddendumParagraph"}}}}},
                    "application/xml": {"schema": {"type": "string"}},
                    DOCX: {"schema": {"type": "string", "format": "binary"}},
                    "text/plain": {"schema": {"type": "string"}},
                }},
                "400": _ERROR, "401": _ERROR,
            },
        }},
        "/api/clauses": {"get": {
            "summary": "The clause library",
            "responses": {"200": {"description": "Rules and protective clauses.",
                                  "content": {"application/json": {"schema": {"type": "object"}}}},
                          "401": _ERROR},
        }},
        "/api/health": {"get": {
            "summary": "Liveness, version and rules loaded",
            "security": [{}],
            "responses": {"200": {"description": "The service is up.", "content": {
                "application/json": {"schema": {
                    "type": "object", "required": ["status", "version", "rules"],
                    "properties": {"status": {"type": "string"}, "version": {"type": "string"},
                                   "rules": {"type": "integer"},
                                   "components": {"type": "object"}}}}}}},
        }},
    },
}


@bp.get("/api/openapi.json")
def openapi():
    return jsonify(SPEC)
