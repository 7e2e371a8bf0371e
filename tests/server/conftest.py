"""Fixtures for the HTTP service: app, client, fake analysis layers, and log capture."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

import pytest

from termscore.results import Message
from termscore.server import api, create_app


@pytest.fixture(autouse=True)
def clean_termscore_env(monkeypatch):
    """Keep the developer's own TERMSCORE_* settings out of every service test."""
    for key in list(os.environ):
        if key.startswith("TERMSCORE_") and key not in ("TERMSCORE_CORPUS", "TERMSCORE_SHARED"):
            monkeypatch.delenv(key)


@pytest.fixture
def app():
    return create_app({"TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@dataclass
class FakeAuditResult:
    payload: dict
    findings: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return self.payload


@dataclass
class FakeRedlineResult:
    data: bytes
    format: str
    applied: list
    refused: list
    warnings: list = field(default_factory=list)


class FakeLayers:
    """Stand-ins for audit and redline that record what the endpoint passed them."""

    def __init__(self):
        self.calls: list[tuple[str, dict]] = []
        self.findings = [
            {"id": "ai-training:1", "rule": "ai-training",
             "location": {"story": "body", "index": 0}},
            {"id": "ai-training:2", "rule": "ai-training",
             "location": {"story": "body", "index": 2}},
        ]

    def audit(self, document, *, side="auto", rules=None):
        self.calls.append(("audit", {"document": document, "side": side, "rules": rules}))
        payload = {
            "document": {"name": document.name, "format": document.format,
                         "paragraphs": len(document.paragraphs)},
            "score": 50, "grade": "C", "side": side, "rules": rules,
            "findings": [dict(f, location=dict(f["location"])) for f in self.findings],
        }
        return FakeAuditResult(payload, findings=list(self.findings))

    def redline_document(self, document, findings, *, author, date, comments):
        self.calls.append(("redline", {"findings": [f["id"] for f in findings],
                                       "author": author, "comments": comments}))
        fmt = "flatopc" if document.format == "flatopc" else "docx"
        return FakeRedlineResult(b"PK-redlined", fmt, [f["id"] for f in findings],
                                 [{"finding": "x", "reason": "cuts a field"}],
                                 [Message("locked_control", "A content control is locked.")])

    def open_document(self, data, *, name=None, limits=None):
        from termscore.model import Document, Paragraph

        fmt = {b"PK": "docx", b"<?": "flatopc", b"<p": "flatopc"}.get(data[:2], "text")
        if fmt == "text":
            from termscore.document import open_document

            return open_document(data, name=name, limits=limits)
        self.calls.append(("open", {"name": name, "size": len(data)}))
        if fmt == "docx" and name and name.endswith(".docm"):
            fmt = "docm"
        return Document(fmt, [Paragraph("body", "word/document.xml", 0, "x", "x")],
                        package=object(), name=name)


@pytest.fixture
def fake_layers(monkeypatch):
    """Replace audit, redline and the OOXML reader by FakeLayers; plain text stays real."""
    fake = FakeLayers()
    real_layer = api.layer

    def layer(module, name):
        if (module, name) == ("analysis", "audit"):
            return fake.audit
        if (module, name) == ("redline", "redline_document"):
            return fake.redline_document
        if (module, name) == ("document", "open_document"):
            return fake.open_document
        return real_layer(module, name)

    monkeypatch.setattr(api, "layer", layer)
    return fake


class RecordAll(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)

    def text(self) -> str:
        lines = []
        for record in self.records:
            lines.append(record.getMessage())
            if record.exc_info:
                lines.append(logging.Formatter().formatException(record.exc_info))
        return "\n".join(lines)


@pytest.fixture
def all_logs():
    """Every record at DEBUG and above from every logger, for the privacy tests."""
    handler = RecordAll()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    # Loggers with their own level or propagate=False would hide records from root.
    saved = {}
    for name, logger in logging.Logger.manager.loggerDict.items():
        if isinstance(logger, logging.Logger):
            saved[name] = (logger.level, logger.propagate, logger.disabled)
            logger.setLevel(logging.DEBUG)
            logger.propagate = True
            logger.disabled = False
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        for name, (level, propagate, disabled) in saved.items():
            logger = logging.getLogger(name)
            logger.setLevel(level)
            logger.propagate = propagate
            logger.disabled = disabled
