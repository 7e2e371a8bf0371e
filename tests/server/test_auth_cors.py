"""Bearer token on /api/* and CORS only for configured origins."""

from __future__ import annotations

import pytest

from termscore.server import create_app

TOKEN = "s3cret-token"


@pytest.fixture
def secured(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>TermScore</title>")
    app = create_app({"TESTING": True, "API_TOKEN": TOKEN, "ADDIN_DIR": str(tmp_path)})
    return app.test_client()


def test_api_without_token_is_401(secured):
    response = secured.get("/api/clauses")

    assert response.status_code == 401
    assert response.get_json()["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_api_with_wrong_token_is_401(secured):
    response = secured.get("/api/clauses", headers={"Authorization": "Bearer nope"})

    assert response.status_code == 401
    assert response.get_json()["message"] == "The API token is not valid."


def test_api_with_basic_scheme_is_401(secured):
    response = secured.get("/api/clauses", headers={"Authorization": f"Basic {TOKEN}"})

    assert response.status_code == 401


def test_api_with_token_passes_auth(secured):
    response = secured.post("/api/audit", data=b"", content_type="text/plain",
                            headers={"Authorization": f"Bearer {TOKEN}"})

    # Past authentication, the empty body is the next thing rejected.
    assert response.status_code == 422
    assert response.get_json()["code"] == "empty_document"


@pytest.mark.parametrize("path", ["/api/health", "/api/openapi.json", "/"])
def test_public_paths_need_no_token(secured, path):
    response = secured.get(path)

    # Health is 503 while the clause library fails to load; either way it is not 401.
    assert response.status_code in (200, 503)
    assert response.mimetype in ("application/json", "text/html")


def test_no_cors_headers_by_default(client):
    response = client.get("/api/health", headers={"Origin": "https://evil.example"})

    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_allows_configured_origin_only():
    app = create_app({"TESTING": True, "CORS_ORIGINS": ["https://pane.example"],
                      "API_TOKEN": TOKEN})
    client = app.test_client()

    allowed = client.options("/api/audit", headers={
        "Origin": "https://pane.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Authorization, Content-Type"})
    other = client.get("/api/health", headers={"Origin": "https://evil.example"})

    assert allowed.status_code == 200
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://pane.example"
    assert "authorization" in allowed.headers["Access-Control-Allow-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in allowed.headers
    assert "Access-Control-Allow-Origin" not in other.headers


def test_cors_exposes_redline_headers():
    app = create_app({"TESTING": True, "CORS_ORIGINS": ["https://pane.example"]})

    response = app.test_client().get("/api/health", headers={"Origin": "https://pane.example"})

    exposed = response.headers["Access-Control-Expose-Headers"]
    assert "X-TermScore-Applied" in exposed
    assert "X-TermScore-Refused" in exposed
