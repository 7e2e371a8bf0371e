"""Request ids and the one-line request log.

The log line contains method, path, status, response size, duration and request id. It
never contains the query string, the body, or (unless LOG_FILENAMES is set) the uploaded
file name, because all three can carry the contract's confidential content.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, g, request

access_log = logging.getLogger("termscore.server.access")

_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def register_request_logging(app: Flask) -> None:
    @app.before_request
    def start_request():
        g.started = time.perf_counter()
        supplied = request.headers.get("X-Request-ID", "")
        g.request_id = supplied if _REQUEST_ID.fullmatch(supplied) else uuid.uuid4().hex

    @app.after_request
    def log_request(response):
        response.headers["X-Request-ID"] = g.get("request_id", "-")
        duration_ms = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
        size = response.calculate_content_length()
        extra = ""
        if app.config.get("LOG_FILENAMES") and g.get("filename"):
            extra = f" file={g.filename!r}"
        access_log.info("%s %s %d %s bytes %.1f ms id=%s%s", request.method, request.path,
                        response.status_code, "-" if size is None else size, duration_ms,
                        g.get("request_id", "-"), extra)
        return response


def quiet_werkzeug_request_log() -> None:
    """Stop the development server's own request lines, which include the query string."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


def use_gunicorn_handlers() -> None:
    """Send TermScore's log records to gunicorn's error log when running under gunicorn.

    Gunicorn configures only its own loggers, so without this the INFO request lines
    would reach no handler at all.
    """
    gunicorn = logging.getLogger("gunicorn.error")
    termscore = logging.getLogger("termscore")
    if not gunicorn.handlers or termscore.handlers:
        return
    for handler in gunicorn.handlers:
        termscore.addHandler(handler)
    termscore.setLevel(gunicorn.level or logging.INFO)
    termscore.propagate = False
