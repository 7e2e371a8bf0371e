"""Optional bearer-token check on /api/*.

With API_TOKEN set, every /api/* request except the health check and the OpenAPI
document must send ``Authorization: Bearer <token>``. The task pane, the web page and
manifest.xml stay public, because Word loads them before the user can type a token.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask, current_app, request

from .errors import AuthenticationError

PUBLIC_API_PATHS = frozenset({"/api/health", "/api/openapi.json"})


def register_auth(app: Flask) -> None:
    @app.before_request
    def require_token():
        expected = current_app.config.get("API_TOKEN")
        if not expected or not request.path.startswith("/api/"):
            return None
        # CORS preflight requests carry no credentials by design (Fetch standard, 4.8).
        if request.method == "OPTIONS" or request.path in PUBLIC_API_PATHS:
            return None
        scheme, _, supplied = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not supplied.strip():
            raise AuthenticationError(
                "This server requires an API token.",
                detail="send the header 'Authorization: Bearer <token>'",
            )
        # Comparing digests keeps the time independent of the token's length as well.
        if not hmac.compare_digest(hashlib.sha256(supplied.strip().encode()).digest(),
                                   hashlib.sha256(expected.encode()).digest()):
            raise AuthenticationError("The API token is not valid.",
                                      detail="check the token the server administrator gave you")
        return None
