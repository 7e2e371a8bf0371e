"""The pane and manifest are found in a built wheel, outside the repository checkout."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from support.paths import REPO_ROOT

pytestmark = pytest.mark.slow

PROBE = """
import json, termscore
from termscore.server import create_app
client = create_app({"PUBLIC_ORIGIN": "https://ts.example.com"}).test_client()
manifest = client.get("/manifest.xml")
index = client.get("/")
print(json.dumps({"module": termscore.__file__, "manifest": manifest.status_code,
                  "origin": "https://ts.example.com/" in manifest.get_data(as_text=True),
                  "index": index.status_code}))
"""


def test_wheel_serves_pane_and_manifest(tmp_path):
    if not (REPO_ROOT / "manifest.xml").exists():
        pytest.skip("manifest.xml is not in this checkout yet")
    # --no-build-isolation builds with this interpreter's own setuptools.
    pytest.importorskip("setuptools")
    # Build from a copy, so the build/ folder and egg-info stay out of the working tree.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md", "manifest.xml",
                 "manifest.localhost.xml"):
        if (REPO_ROOT / name).exists():
            shutil.copy2(REPO_ROOT / name, source / name)
    for name in ("server", "addin", "clause_library"):
        shutil.copytree(REPO_ROOT / name, source / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "node_modules"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path / "dist"), str(source)],
        capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("termscore-*.whl"))
    site = tmp_path / "site"
    # A pure-Python wheel unpacked onto the path is what an install puts in site-packages.
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)

    probe = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                           timeout=120, cwd=tmp_path,
                           env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"})

    assert probe.returncode == 0, probe.stderr[-2000:]
    result = json.loads(probe.stdout.strip().splitlines()[-1])
    assert Path(result["module"]).is_relative_to(site)
    assert result["manifest"] == 200
    assert result["origin"] is True
    assert result["index"] == 200
