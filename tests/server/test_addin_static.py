"""The task pane, the web page and manifest.xml with the configured origin."""

from __future__ import annotations

import pytest

from termscore.server import create_app
from termscore.server.addin import TEMPLATE_ORIGIN

MANIFEST = f"""<?xml version="1.0"?>
<OfficeApp><SourceLocation DefaultValue="{TEMPLATE_ORIGIN}/taskpane.html"/>
<AppDomain>{TEMPLATE_ORIGIN}</AppDomain></OfficeApp>
"""


@pytest.fixture
def addin(tmp_path):
    pane = tmp_path / "addin"
    pane.mkdir()
    (pane / "index.html").write_text("<!doctype html><title>Web page</title>")
    (pane / "taskpane.html").write_text("<!doctype html><title>Pane</title>")
    (pane / "app.js").write_text("console.log(1);")
    (pane / "__init__.py").write_text("")
    # A checkout keeps the manifest at the repository root, beside addin/.
    (tmp_path / "manifest.xml").write_text(MANIFEST)
    return pane


def test_index_served_at_root(addin):
    client = create_app({"ADDIN_DIR": str(addin)}).test_client()

    response = client.get("/")

    assert response.status_code == 200
    assert b"<title>Web page</title>" in response.data
    assert "X-Frame-Options" not in response.headers  # Word on the web frames the pane


def test_pane_files_served(addin):
    (addin / "samples").mkdir()
    (addin / "samples" / "sample.docx").write_bytes(b"PK\x03\x04")
    client = create_app({"ADDIN_DIR": str(addin)}).test_client()

    assert client.get("/taskpane.html").status_code == 200
    assert client.get("/app.js").mimetype == "text/javascript"
    sample = client.get("/samples/sample.docx")
    assert sample.status_code == 200
    assert sample.data == b"PK\x03\x04"


@pytest.mark.parametrize("path", ["/__init__.py", "/missing.js", "/../secret.html"])
def test_non_pane_files_are_404(addin, path):
    client = create_app({"ADDIN_DIR": str(addin)}).test_client()

    response = client.get(path)

    assert response.status_code == 404
    assert response.get_json()["code"] == "not_found"


def test_manifest_uses_configured_origin(addin):
    client = create_app({"ADDIN_DIR": str(addin),
                         "PUBLIC_ORIGIN": "https://ts.example.com"}).test_client()

    response = client.get("/manifest.xml")

    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    text = response.get_data(as_text=True)
    assert 'DefaultValue="https://ts.example.com/taskpane.html"' in text
    assert "<AppDomain>https://ts.example.com</AppDomain>" in text
    assert TEMPLATE_ORIGIN not in text


def test_manifest_defaults_to_request_origin(addin):
    client = create_app({"ADDIN_DIR": str(addin)}).test_client()

    response = client.get("/manifest.xml", base_url="https://127.0.0.1:8443")

    assert 'DefaultValue="https://127.0.0.1:8443/taskpane.html"' in response.get_data(as_text=True)


def test_manifest_inside_installed_package(tmp_path):
    (tmp_path / "manifest.xml").write_text(MANIFEST)
    client = create_app({"ADDIN_DIR": str(tmp_path),
                         "PUBLIC_ORIGIN": "http://127.0.0.1:5000"}).test_client()

    response = client.get("/manifest.xml")

    assert "http://127.0.0.1:5000/taskpane.html" in response.get_data(as_text=True)


def test_repository_manifest_served(client):
    # The real manifest of this repository, found through termscore.addin or <repo>/addin.
    response = client.get("/manifest.xml", base_url="https://localhost:4443")

    if response.status_code == 404:
        pytest.skip("manifest.xml is not in this checkout yet")
    text = response.get_data(as_text=True)
    assert "https://localhost:4443/" in text
    assert TEMPLATE_ORIGIN not in text


def test_served_manifest_validates(client, tmp_path):
    import subprocess
    import sys

    from support.paths import shared_tool

    script = shared_tool("manifest-validate", "validate_manifest.py")
    if script is None:
        pytest.skip("manifest-validate not found (expected ../shared/tools beside the repository)")
    app = create_app({"PUBLIC_ORIGIN": "https://termscore.example.com:8443"})
    response = app.test_client().get("/manifest.xml")
    if response.status_code == 404:
        pytest.skip("manifest.xml is not in this checkout yet")
    served = tmp_path / "manifest.xml"
    served.write_bytes(response.data)

    completed = subprocess.run([sys.executable, str(script), "-q", str(served)],
                               capture_output=True, text=True, timeout=120)

    assert "https://termscore.example.com:8443/taskpane.html" in response.get_data(as_text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr
