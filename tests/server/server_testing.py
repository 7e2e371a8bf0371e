"""Helpers shared by the service tests: layer checks and a real server in a subprocess.

The name is unique across the test tree, so it imports the same way whichever folder
pytest puts first on sys.path.
"""

from __future__ import annotations

import importlib
import os
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
START_TIMEOUT = 30


def layer_available(module: str, name: str) -> bool:
    try:
        return getattr(importlib.import_module(f"termscore.{module}"), name, None) is not None
    except ImportError:
        return False


def requires_layer(module: str, name: str):
    return pytest.mark.skipif(not layer_available(module, name),
                              reason=f"termscore.{module}.{name} is not built yet")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TERMSCORE_")
           or k in ("TERMSCORE_CORPUS", "TERMSCORE_SHARED")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["HOME"] = str(tmp_path / "home")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def request(url: str, data: bytes | None = None, content_type: str | None = None,
            context: ssl.SSLContext | None = None, timeout: float = 60):
    """Return (status, headers, body) for one request, errors included."""
    req = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    if content_type:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=timeout, context=context) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


class Server:
    def __init__(self, argv: list[str], base: str, env: dict, log: Path,
                 context: ssl.SSLContext | None = None):
        self.base, self.context, self.log = base, context, log
        self.handle = log.open("wb")
        self.process = subprocess.Popen(argv, env=env, stdout=self.handle,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}: "
                                   + log.read_text(errors="replace"))
            try:
                request(base + "/api/health", context=context, timeout=2)
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("server did not answer within "
                                       f"{START_TIMEOUT} s: " + log.read_text(errors="replace"))
                time.sleep(0.2)

    def get(self, path: str):
        return request(self.base + path, context=self.context)

    def post(self, path: str, data: bytes, content_type: str):
        return request(self.base + path, data, content_type, context=self.context)

    def stop(self) -> None:
        # Stop exactly the process this test started, by its pid.
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.handle.close()
