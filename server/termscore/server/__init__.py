"""The HTTP service: ``create_app()`` builds the Flask app that serves the API and the pane.

Run it with ``termscore serve`` on one machine, or under a WSGI server such as
``gunicorn 'termscore.server:create_app()'``. The app keeps no state between requests, so
any number of processes and machines can serve the same clients.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from flask import Flask, request
from flask_cors import CORS

from . import addin, api, openapi
from .auth import register_auth
from .config import load_config
from .deadline import DeadlineRunner
from .errors import ConfigurationError, register_error_handlers
from .inputs import InMemoryRequest
from .logs import register_request_logging, use_gunicorn_handlers
from .memory import MemoryReleaser

__all__ = ["create_app"]

_ORIGIN = re.compile(r"https?://[A-Za-z0-9.\-\[\]:]+")


def create_app(config: Mapping[str, object] | None = None) -> Flask:
    """Build the app. Settings: defaults, then the config file, environment, then ``config``."""
    app = Flask(__name__, static_folder=None)
    app.request_class = InMemoryRequest
    app.config.update(load_config(config))
    check_origins(app.config)
    # Werkzeug caps non-file form fields at 500 KB by default. Word's paragraph list for a
    # long contract can be larger, and the body limit already bounds it.
    app.config["MAX_FORM_MEMORY_SIZE"] = app.config["MAX_CONTENT_LENGTH"]

    # Request ids and logging first, so that every later hook and handler can use the id.
    use_gunicorn_handlers()
    register_request_logging(app)
    register_auth(app)
    register_error_handlers(app)

    # Cross-origin calls only from configured origins, never with a wildcard.
    if app.config["CORS_ORIGINS"]:
        CORS(app, resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}},
             methods=["GET", "POST", "OPTIONS"],
             allow_headers=["Content-Type", "Authorization", "X-Request-ID"],
             expose_headers=list(api.REDLINE_HEADERS),
             supports_credentials=False)

    app.extensions["termscore.runner"] = DeadlineRunner(app.config["ANALYSIS_WORKERS"])

    # Free finished documents and return their heap to the system after large requests,
    # so that a worker's resident memory does not stay at its peak.
    app.extensions["termscore.memory"] = MemoryReleaser()

    # NOTE: a chunked upload has no Content-Length, so it never triggers a release.
    @app.teardown_request
    def release_memory(_error):
        app.extensions["termscore.memory"].request_finished(request.content_length)

    app.register_blueprint(api.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(addin.bp)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    return app


def check_origins(config) -> None:
    """Reject a wildcard or malformed CORS origin and a malformed PUBLIC_ORIGIN."""
    for origin in config["CORS_ORIGINS"]:
        if origin == "*" or not _ORIGIN.fullmatch(origin):
            raise ConfigurationError(
                f"CORS origin {origin!r} is not valid.",
                detail="list exact origins such as https://pane.example.com; '*' is not allowed",
            )
    public = config["PUBLIC_ORIGIN"].rstrip("/")
    if public and not _ORIGIN.fullmatch(public):
        raise ConfigurationError(f"PUBLIC_ORIGIN {public!r} is not valid.",
                                 detail="use scheme://host[:port], such as https://termscore.example.com")
    config["PUBLIC_ORIGIN"] = public
