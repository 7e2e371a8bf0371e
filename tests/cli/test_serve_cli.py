"""``termscore serve`` and ``make serve`` when the port is taken."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from termscore.cli import EXIT_BAD_INPUT, main

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def busy_port():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        yield busy.getsockname()[1]


def test_busy_port_reported_before_serving(busy_port, capsys):
    status = main(["serve", "--http", "--port", str(busy_port)])

    captured = capsys.readouterr()
    assert status == EXIT_BAD_INPUT
    assert "TermScore is serving" not in captured.out
    assert f"Port {busy_port} is in use by another program" in captured.err
    assert "termscore serve --port 3411" in captured.err
    assert "make serve PORT=3411" in captured.err


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.skipif(not (REPO / ".venv" / "bin" / "termscore").exists(),
                    reason="make serve needs the .venv that make setup creates")
def test_make_serve_busy_port(busy_port):
    env = {key: value for key, value in os.environ.items() if not key.startswith("TERMSCORE_")}

    completed = subprocess.run(["make", "--no-print-directory", "serve", f"PORT={busy_port}"],
                               cwd=REPO, capture_output=True, text=True, timeout=120, env=env)

    assert completed.returncode != 0
    assert "TermScore is serving" not in completed.stdout
    assert f"Port {busy_port} is in use" in completed.stderr
    assert "make serve PORT=3411" in completed.stderr
    assert "BuildBackendWarning" not in completed.stdout + completed.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_serve_skips_install_when_current(tmp_path):
    shutil.copy(REPO / "Makefile", tmp_path)
    for name in ("pyproject.toml", "setup.py"):
        (tmp_path / name).write_text("")
    venv_bin = tmp_path / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "python").write_text("")

    fresh = subprocess.run(["make", "-n", "serve"], cwd=tmp_path, capture_output=True, text=True)
    (tmp_path / ".venv" / ".termscore-installed").touch()
    current = subprocess.run(["make", "-n", "serve"], cwd=tmp_path, capture_output=True, text=True)
    os.utime(tmp_path / "pyproject.toml", (4_000_000_000, 4_000_000_000))
    changed = subprocess.run(["make", "-n", "serve"], cwd=tmp_path, capture_output=True, text=True)

    assert "pip install" in fresh.stdout
    assert "pip install" not in current.stdout
    assert "termscore serve --http" in current.stdout
    assert "pip install" in changed.stdout
