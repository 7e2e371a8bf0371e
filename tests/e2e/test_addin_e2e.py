"""Run the add-in's browser end-to-end test against the real server.

Starts ``termscore serve --http`` on a free loopback port, prepares the document the fake
Word host holds (Flat OPC plus paragraph texts, as body.getOoxml() and body.paragraphs
give them), runs tests/addin/e2e/run-e2e.mjs in headless Chromium, then checks the files
the web page downloaded. Skips when Chromium or playwright-core is missing, except under
CI, where it fails instead.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from support import paths
from support.validators import new_findings, validate_docx

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = paths.REPO_ROOT
SCRIPT = REPO / "tests" / "addin" / "e2e" / "run-e2e.mjs"
CHROMIUM = Path(os.environ.get("TERMSCORE_CHROMIUM", "/usr/bin/chromium"))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WORD_DOCUMENT = "contracts/common-paper-ai-addendum.docx"
WEB_CONTRACT = "contracts/common-paper-cloud-service-agreement.docx"
DROP_CONTRACT = "contracts/bonterms-cloud-terms-v1.md"
# Clause 1.5 is flagged by two rules whose edits would collide, so one finding carries the
# edit and the other has suggestion action "none".
SHARED_CONTRACT = "contracts/common-paper-pilot-agreement.docx"
SERVER_START_SECONDS = 30
E2E_SECONDS = 300


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI") in ("1", "true"):
        pytest.fail(f"{reason} (required under CI)", pytrace=False)
    pytest.skip(reason)


def _playwright_available() -> bool:
    override = os.environ.get("TERMSCORE_PLAYWRIGHT")
    if override:
        return Path(override).exists()
    return (REPO / "node_modules" / "playwright-core" / "package.json").is_file()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_health(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"termscore serve exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/api/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"termscore serve did not answer {base}/api/health within {SERVER_START_SECONDS} s")


@pytest.fixture(scope="module")
def live_server():
    port = _free_port()
    command = [sys.executable, "-m", "termscore.cli", "serve", "--http", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(base, process)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _word_fixture(path: Path, target: Path) -> None:
    """Write what Word's API would give for the document: Flat OPC and body paragraph texts."""
    from termscore.document import open_document

    document = open_document(path.read_bytes(), name=path.name)
    target.write_text(json.dumps({
        "ooxml": document.package.to_bytes("flatopc").decode("utf-8"),
        "paragraphs": [paragraph.text for paragraph in document.story("body")],
    }))


# The name run-e2e.mjs types into the web page's author field.
AUTHOR = "Ann Lee"


def _revisions_by_author(data: bytes, author: str = AUTHOR) -> dict[str, int]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    counts = {"ins": 0, "del": 0}
    for kind in counts:
        counts[kind] = sum(1 for element in root.iter(f"{{{W}}}{kind}")
                           if element.get(f"{{{W}}}author") == author)
    return counts


@pytest.fixture(scope="module")
def browser_tools():
    """Skip (or fail under CI) before any server starts when the browser tools are missing."""
    _require(CHROMIUM.exists(), f"Chromium not found at {CHROMIUM}")
    _require(_playwright_available(), "playwright-core not installed: run `npm install` in the repository")
    _require(shutil.which("node") is not None, "node not found on PATH")


@pytest.fixture(scope="module")
def e2e_run(browser_tools, live_server, corpus_dir, tmp_path_factory):

    work = tmp_path_factory.mktemp("addin-e2e")
    fixture = work / "word.json"
    _word_fixture(corpus_dir / WORD_DOCUMENT, fixture)
    results_path = work / "results.json"
    # The screenshots in docs/images are refreshed only on request, so a test run leaves
    # the checkout unchanged.
    if os.environ.get("TERMSCORE_UPDATE_SCREENSHOTS") == "1":
        screenshots = REPO / "docs" / "images"
        screenshots.mkdir(parents=True, exist_ok=True)
    else:
        screenshots = work
    command = ["node", str(SCRIPT), "--base", live_server, "--word-fixture", str(fixture),
               "--web-file", str(corpus_dir / WEB_CONTRACT), "--out", str(results_path),
               "--screenshots", str(screenshots)]
    command += ["--drop-file", str(corpus_dir / DROP_CONTRACT)]
    command += ["--shared-file", str(corpus_dir / SHARED_CONTRACT)]
    protected = corpus_dir / "bugcases" / "BR-27.bin"
    if protected.is_file():
        command += ["--error-file", str(protected)]
    completed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=E2E_SECONDS)
    results = json.loads(results_path.read_text()) if results_path.is_file() else None
    yield completed, results
    for download in (results or {}).get("downloads", {}).values():
        Path(download["path"]).unlink(missing_ok=True)


def test_browser_checks_pass(e2e_run):
    completed, results = e2e_run

    assert results is not None, completed.stdout + completed.stderr
    failed = [check for check in results["checks"] if not check["ok"]]
    assert failed == [], completed.stdout + completed.stderr
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert len(results["checks"]) >= 20
    assert results["stray_requests"] == []


def test_web_redline_has_our_revisions(e2e_run, corpus_dir):
    _, results = e2e_run
    download = results["downloads"]["redline"]
    data = Path(download["path"]).read_bytes()

    counts = _revisions_by_author(data)

    assert counts["ins"] > 0
    assert counts["del"] > 0
    assert _revisions_by_author(data, "TermScore") == {"ins": 0, "del": 0}
    original = validate_docx(corpus_dir / WEB_CONTRACT)
    assert new_findings(original, validate_docx(data)) == []


def test_web_text_redline_is_tracked_docx(e2e_run):
    _, results = e2e_run
    download = results["downloads"]["text_redline"]
    data = Path(download["path"]).read_bytes()

    counts = _revisions_by_author(data)

    assert download["name"] == Path(DROP_CONTRACT).stem + ".redlined.docx"
    assert counts["ins"] >= 1
    assert [f for f in validate_docx(data) if f.level == "error"] == []


def test_web_addendum_download_is_docx(e2e_run):
    _, results = e2e_run
    data = Path(results["downloads"]["addendum"]["path"]).read_bytes()

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = package.read("word/document.xml").decode("utf-8")

    assert "Provider" in body
    assert [f for f in validate_docx(data) if f.level == "error"] == []
