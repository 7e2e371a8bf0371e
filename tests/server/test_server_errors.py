"""Every failure is JSON {code, message, detail} with the right status and no traceback."""

from __future__ import annotations

import logging

import pytest

from termscore import errors
from termscore.server import api, create_app

from server_testing import DOCX


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/nothing-here")

    assert response.status_code == 404
    assert response.get_json()["code"] == "not_found"
    assert set(response.get_json()) == {"code", "message", "detail"}


def test_wrong_method_is_json_405(client):
    response = client.get("/api/audit")

    assert response.status_code == 405
    assert response.get_json()["code"] == "method_not_allowed"
    assert "POST" in response.headers["Allow"]


def test_body_over_limit_is_json_413():
    app = create_app({"TESTING": True, "MAX_CONTENT_LENGTH": 1000})

    response = app.test_client().post("/api/audit", data=b"x" * 1001, content_type="text/plain")

    assert response.status_code == 413
    body = response.get_json()
    assert body["code"] == "request_too_large"
    assert "1,000-byte limit" in body["message"]


def test_multipart_over_limit_is_json_413():
    import io

    app = create_app({"TESTING": True, "MAX_CONTENT_LENGTH": 1000})

    response = app.test_client().post("/api/audit", data={"file": (io.BytesIO(b"x" * 2000), "a.txt")},
                                      content_type="multipart/form-data")

    assert response.status_code == 413
    assert response.get_json()["code"] == "request_too_large"


@pytest.mark.parametrize("error_class, status", [
    (errors.InvalidRequestError, 400),
    (errors.UnsupportedFormatError, 415),
    (errors.CorruptDocumentError, 422),
    (errors.PasswordProtectedError, 422),
    (errors.UnsafeXmlError, 422),
    (errors.DocumentTooLargeError, 413),
    (errors.EditRejectedError, 422),
    (errors.AnalysisTimeoutError, 503),
    (errors.ClauseLibraryError, 500),
])
def test_termscore_errors_keep_their_status(client, monkeypatch, error_class, status):
    def failing_open(data, *, name=None, limits=None):
        raise error_class("bad input value 'x'", detail="do this instead")

    monkeypatch.setattr(api, "layer", lambda module, name: failing_open)

    response = client.post("/api/audit", data=b"abc", content_type="text/plain")

    assert response.status_code == status
    assert response.get_json() == {"code": error_class.code, "message": "bad input value 'x'",
                                   "detail": "do this instead"}


def test_unexpected_exception_is_500_without_traceback(client, monkeypatch, caplog):
    def crashing_open(data, *, name=None, limits=None):
        raise KeyError("CONFIDENTIAL clause text")

    monkeypatch.setattr(api, "layer", lambda module, name: crashing_open)
    caplog.set_level(logging.DEBUG)

    response = client.post("/api/audit", data=b"abc", content_type="text/plain",
                           headers={"X-Request-ID": "req-42"})

    assert response.status_code == 500
    body = response.get_json()
    assert body["code"] == "internal_error"
    assert "req-42" in body["detail"]
    assert "Traceback" not in response.get_data(as_text=True)
    assert "CONFIDENTIAL" not in response.get_data(as_text=True)
    errors_logged = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors_logged) == 1
    assert "req-42" in errors_logged[0].getMessage()
    assert "KeyError" in errors_logged[0].getMessage()
    assert "CONFIDENTIAL" not in caplog.text


def test_missing_layer_is_501(client, monkeypatch):
    import importlib

    real_import = importlib.import_module

    def without_analysis(name, *args):
        if name == "termscore.analysis":
            raise ImportError("not built")
        return real_import(name, *args)

    monkeypatch.setattr(importlib, "import_module", without_analysis)

    response = client.post("/api/audit", data=b"Some text.", content_type="text/plain")

    assert response.status_code == 501
    assert response.get_json()["code"] == "not_implemented"
    assert response.get_json()["message"] == (
        "termscore.analysis.audit is not available in this build.")


def test_request_id_echoed_or_generated(client):
    supplied = client.get("/api/health", headers={"X-Request-ID": "abc-123"})
    generated = client.get("/api/health", headers={"X-Request-ID": "bad id with spaces"})

    assert supplied.headers["X-Request-ID"] == "abc-123"
    assert len(generated.headers["X-Request-ID"]) == 32
    assert generated.headers["X-Request-ID"] != "bad id with spaces"


def test_api_responses_not_cached(client):
    response = client.get("/api/health")

    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
