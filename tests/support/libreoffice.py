"""Test-side client of ``lo_driver.py``: LibreOffice Writer as an oracle for the tests.

The test virtual environment cannot import ``uno`` (Debian builds ``python3-uno`` for the
system interpreter only), so the client starts ``lo_driver.py`` under that interpreter and
exchanges JSON lines with it. One driver, and so one soffice, serves a whole session.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from termscore.errors import TermScoreError

DRIVER = Path(__file__).with_name("lo_driver.py")
DEFAULT_UNO_PYTHON = "/usr/bin/python3"
START_TIMEOUT = 90.0
REQUEST_TIMEOUT = 120.0


class LibreOfficeError(TermScoreError):
    """The LibreOffice driver failed to start, or a request to it failed."""

    status = 500
    code = "libreoffice_failed"


@dataclass(frozen=True)
class LoParagraph:
    """One body paragraph as LibreOffice reads it (table cells included)."""

    text: str
    label: str
    in_table: bool


def find_soffice() -> str | None:
    """Return the soffice launcher: $TERMSCORE_SOFFICE, else soffice or libreoffice on PATH."""
    configured = os.environ.get("TERMSCORE_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def find_uno_python() -> str | None:
    """Return an interpreter that imports ``uno``: $TERMSCORE_UNO_PYTHON or /usr/bin/python3."""
    candidate = os.environ.get("TERMSCORE_UNO_PYTHON", DEFAULT_UNO_PYTHON)
    if not Path(candidate).exists():
        return None
    probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=60)
    return candidate if probe.returncode == 0 else None


def required() -> bool:
    """Tell whether a missing LibreOffice must fail the tests (CI=1 or
    TERMSCORE_REQUIRE_LIBREOFFICE=1) instead of skipping them."""
    return os.environ.get("CI") in ("1", "true") or \
        os.environ.get("TERMSCORE_REQUIRE_LIBREOFFICE") == "1"


def unavailable_reason() -> str | None:
    """Return why LibreOffice cannot be driven here, or None when it can."""
    if find_soffice() is None:
        configured = os.environ.get("TERMSCORE_SOFFICE")
        if configured:
            return (f"TERMSCORE_SOFFICE={configured} does not exist; point it at the soffice "
                    "launcher or unset it")
        return ("soffice not found on PATH; install libreoffice-writer-nogui "
                "(or set TERMSCORE_SOFFICE)")
    if find_uno_python() is None:
        uno_python = os.environ.get("TERMSCORE_UNO_PYTHON", DEFAULT_UNO_PYTHON)
        return (f"{uno_python} cannot import uno; install python3-uno "
                "(or set TERMSCORE_UNO_PYTHON to an interpreter that has it)")
    return None


class LibreOffice:
    """A running ``lo_driver.py`` with its soffice; close() stops both."""

    def __init__(self, *, soffice: str | None = None, uno_python: str | None = None,
                 timeout: float = REQUEST_TIMEOUT):
        reason = unavailable_reason() if soffice is None or uno_python is None else None
        if reason:
            raise LibreOfficeError(reason)
        self.timeout = timeout
        command = [uno_python or find_uno_python(), str(DRIVER),
                   "--soffice", soffice or find_soffice(), "--timeout", str(timeout)]
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8", bufsize=1,
        )
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._process.stdout, selectors.EVENT_READ)
        self._next_id = 0
        hello = self._read_line(START_TIMEOUT)
        if not hello.get("ready"):
            self.close()
            raise LibreOfficeError(f"LibreOffice driver failed to start: {hello.get('error')}")
        self.soffice_pid = hello.get("pid")

    @property
    def pid(self) -> int:
        """Process id of the driver (soffice runs as its child)."""
        return self._process.pid

    def _read_line(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.close()
                raise LibreOfficeError(
                    f"LibreOffice driver did not answer within {timeout:.0f} s; it was stopped")
            if self._selector.select(remaining):
                line = self._process.stdout.readline()
                if not line:
                    code = self._process.poll()
                    raise LibreOfficeError(f"LibreOffice driver exited (status {code})")
                return json.loads(line)

    def request(self, op: str, **fields) -> dict:
        """Send one request and return its ``result``; raise LibreOfficeError on failure."""
        if self._process.poll() is not None:
            raise LibreOfficeError("LibreOffice driver is not running; start a new LibreOffice()")
        self._next_id += 1
        message = {"op": op, "id": self._next_id, **fields}
        self._process.stdin.write(json.dumps(message) + "\n")
        self._process.stdin.flush()
        # The driver restarts soffice after its own timeout; allow for that restart.
        answer = self._read_line(self.timeout + START_TIMEOUT)
        if answer.get("ready") is False:
            raise LibreOfficeError(f"LibreOffice driver stopped: {answer.get('error')}")
        if answer.get("id") != self._next_id:
            raise LibreOfficeError(f"LibreOffice driver answered request {answer.get('id')}, "
                                   f"expected {self._next_id}")
        if not answer.get("ok"):
            raise LibreOfficeError(f"LibreOffice {op} failed for {fields.get('path')}: "
                                   f"{answer.get('error')}")
        return answer["result"]

    def paragraphs(self, path: str | Path, mode: str = "current") -> list[LoParagraph]:
        """Return body paragraphs after accepting ("current") or rejecting ("original") all changes."""
        result = self.request("text", path=str(path), mode=mode)
        return [LoParagraph(p["text"], p["label"], p["in_table"]) for p in result["paragraphs"]]

    def text(self, path: str | Path, mode: str = "current") -> list[str]:
        return [p.text for p in self.paragraphs(path, mode)]

    def redlines(self, path: str | Path) -> list[dict]:
        """Return the tracked changes as LibreOffice lists them: type, author, date."""
        return self.request("redlines", path=str(path))["redlines"]

    def convert(self, path: str | Path, to: str, out: str | Path) -> Path:
        """Export ``path`` to pdf, png (first page) or docx at ``out``."""
        return Path(self.request("convert", path=str(path), to=to, out=str(out))["out"])

    def open_ok(self, path: str | Path) -> bool:
        return bool(self.request("open_ok", path=str(path))["open"])

    def ping(self) -> dict:
        return self.request("ping")

    def close(self) -> None:
        """Stop the driver, which stops soffice; kill the driver if it does not exit."""
        process = self._process
        if process.poll() is None:
            try:
                process.stdin.write(json.dumps({"op": "quit"}) + "\n")
                process.stdin.close()
            except (BrokenPipeError, ValueError):
                pass
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self._selector.close()
        if process.stdout:
            process.stdout.close()

    def __enter__(self) -> LibreOffice:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
