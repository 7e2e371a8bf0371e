"""One JSON error shape for every failure: ``{"code", "message", "detail"}``.

``TermScoreError`` subclasses keep their own status. Werkzeug's HTTP errors keep theirs.
Anything else is a 500 ``internal_error`` whose traceback is logged with the request id
but without the exception message, because messages from the readers may quote the
document.
"""

from __future__ import annotations

import logging
import re
import traceback

from flask import Flask, g, jsonify
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ..errors import TermScoreError

log = logging.getLogger("termscore.server")


class ConfigurationError(TermScoreError):
    """A server setting is missing, unknown or has a value of the wrong type."""

    status = 500
    code = "invalid_configuration"


class AuthenticationError(TermScoreError):
    """The request to /api/* lacks the configured bearer token, or sends a wrong one."""

    status = 401
    code = "unauthorized"


class NotImplementedYetError(TermScoreError):
    """A layer the endpoint needs is not part of this build."""

    status = 501
    code = "not_implemented"


def error_response(status: int, code: str, message: str, detail: str | None = None):
    response = jsonify({"code": code, "message": message, "detail": detail})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="termscore"'
    return response


def _http_code(exc: HTTPException) -> str:
    if isinstance(exc, RequestEntityTooLarge):
        return "request_too_large"
    return re.sub(r"[^a-z0-9]+", "_", (exc.name or "http_error").lower()).strip("_")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(TermScoreError)
    def handle_termscore_error(exc: TermScoreError):
        # The message may quote the document, so only the code goes to the log.
        log.info("request %s failed: %s (%d)", g.get("request_id", "-"), exc.code, exc.status)
        return error_response(exc.status, exc.code, exc.message, exc.detail)

    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException):
        status = exc.code or 500
        message = exc.description or exc.name
        detail = None
        if isinstance(exc, RequestEntityTooLarge):
            limit = app.config.get("MAX_CONTENT_LENGTH")
            message = f"The request body is over the {limit:,}-byte limit."
            detail = "send a smaller document or raise TERMSCORE_MAX_CONTENT_LENGTH"
        response = error_response(status, _http_code(exc), message, detail)
        if status == 405 and exc.get_response().headers.get("Allow"):
            response.headers["Allow"] = exc.get_response().headers["Allow"]
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        frames = "\n".join(f"  File {frame.filename!r}, line {frame.lineno}, in {frame.name}"
                           for frame in traceback.extract_tb(exc.__traceback__))
        log.error("request %s raised %s; traceback (message withheld because it may quote "
                  "the document):\n%s", g.get("request_id", "-"), type(exc).__name__, frames)
        return error_response(
            500, "internal_error", "TermScore failed unexpectedly while handling the request.",
            f"request id {g.get('request_id', '-')}; the server log has the traceback",
        )
