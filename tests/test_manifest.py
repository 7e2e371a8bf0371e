"""Validate both add-in manifests with the offline manifest validator (schema plus lint)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from support.paths import REPO_ROOT as REPO, shared_tool
MANIFESTS = ("manifest.xml", "manifest.localhost.xml")
NS = {
    "o": "http://schemas.microsoft.com/office/appforoffice/1.1",
    "ov": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
    "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
}


def _validator() -> Path:
    script = shared_tool("manifest-validate", "validate_manifest.py")
    if script is None:
        pytest.skip("manifest-validate not found (expected ../shared/tools beside the "
                    "repository, or set TERMSCORE_SHARED)")
    return script


@pytest.mark.parametrize("name", MANIFESTS)
def test_manifest_passes_validator(name):
    result = subprocess.run(
        [sys.executable, str(_validator()), "--json", str(REPO / name)],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    (report,) = json.loads(result.stdout)
    assert report["errors"] == 0, report["items"]
    assert report["warnings"] == 0, report["items"]


@pytest.mark.parametrize("name", MANIFESTS)
def test_manifest_declares_word_pane(name):
    root = etree.parse(str(REPO / name)).getroot()

    assert root.findtext("o:Permissions", namespaces=NS) == "ReadWriteDocument"
    assert root.find("o:Hosts/o:Host", NS).get("Name") == "Document"
    word_set = root.find("o:Requirements/o:Sets/o:Set", NS)
    assert (word_set.get("Name"), word_set.get("MinVersion")) == ("WordApi", "1.3")
    assert root.find(".//ov:OfficeTab", NS).get("id") == "TabHome"
    images = {image.get("id"): image.get("DefaultValue") for image in root.iterfind(".//bt:Images/bt:Image", NS)}
    assert sorted(images) == ["Icon.16", "Icon.32", "Icon.80"]


@pytest.mark.parametrize("size", (16, 32, 64, 80))
def test_icon_png_has_declared_size(size):
    data = (REPO / "addin" / "icons" / f"icon-{size}.png").read_bytes()

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    assert (width, height) == (size, size)


def test_manifests_differ_only_in_identity():
    main = etree.parse(str(REPO / "manifest.xml")).getroot()
    local = etree.parse(str(REPO / "manifest.localhost.xml")).getroot()

    assert main.findtext("o:Id", namespaces=NS) != local.findtext("o:Id", namespaces=NS)
    main_urls = sorted(u.get("DefaultValue") for u in main.iterfind(".//bt:Url", NS))
    local_urls = sorted(u.get("DefaultValue") for u in local.iterfind(".//bt:Url", NS))
    assert main_urls == local_urls
    assert all(url.startswith("https://localhost:3000/") for url in local_urls)
