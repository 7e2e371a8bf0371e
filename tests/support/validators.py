"""Run the offline OOXML validators and return findings in one comparable shape.

Two validators, because neither is complete: the shared ``ooxml-validate`` script (ECMA-376
Transitional schemas plus revision, id and range checks) and the ``openxml-audit`` package
(Open XML SDK parity checks and Word repair-dialog cases). A redline test compares the
findings for its output with those for its input and asserts that nothing new appeared,
because many real inputs already carry findings of their own.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from termscore.errors import InvalidRequestError, TermScoreError

from .paths import shared_tool

VALIDATOR_TIMEOUT = 300

_LINE_NUMBER = re.compile(r"\s*\(line \d+\)")
_XPATH_INDEX = re.compile(r"\[\d+\]")


class ValidatorFailedError(TermScoreError):
    """A validator crashed or was called wrongly, so it produced no findings."""

    status = 500
    code = "validator_failed"


@dataclass(frozen=True)
class Finding:
    """One validator finding. ``key`` ignores line numbers and element positions."""

    tool: str
    level: str  # "error", "warning" or "info"
    check: str
    part: str
    message: str
    path: str | None = None

    @property
    def key(self) -> tuple:
        """Identity that survives edits elsewhere in the part: no line numbers, no indices."""
        message = _LINE_NUMBER.sub("", self.message)
        path = _XPATH_INDEX.sub("", self.path or "")
        return (self.tool, self.level, self.check, self.part, message, path)

    def __str__(self) -> str:
        where = f" at {self.path}" if self.path else ""
        return f"{self.tool}: {self.level} [{self.check}] {self.part}: {self.message}{where}"


def _as_file(path_or_bytes: str | Path | bytes, workdir: Path) -> Path:
    if isinstance(path_or_bytes, (str, Path)):
        return Path(path_or_bytes)
    data = bytes(path_or_bytes)
    # Flat OPC and bare document.xml are XML text; every other package is a zip.
    suffix = ".docx" if data[:2] == b"PK" else ".xml"
    target = workdir / f"input{suffix}"
    target.write_bytes(data)
    return target


def validate_docx(path_or_bytes: str | Path | bytes, *, include_info: bool = False) -> list[Finding]:
    """Run the shared ooxml-validate script on a package, Flat OPC file or its bytes.

    Skips the calling test when the shared tools folder is absent.
    """
    script = shared_tool("ooxml-validate", "validate_docx.py")
    if script is None:
        pytest.skip("ooxml-validate not found (expected ../shared/tools beside the repository, "
                    "or set TERMSCORE_SHARED)")
    with tempfile.TemporaryDirectory(prefix="termscore-validate-") as tmp:
        target = _as_file(path_or_bytes, Path(tmp))
        completed = subprocess.run(
            [sys.executable, str(script), "--json", "--max-per-check", "0", str(target)],
            capture_output=True, text=True, timeout=VALIDATOR_TIMEOUT,
        )
    # Exit status 1 only means "errors found"; 2 is a usage error and has no JSON.
    if completed.returncode not in (0, 1):
        raise ValidatorFailedError(f"validate_docx.py failed with status {completed.returncode} on "
                           f"{target.name}: {completed.stderr.strip()[:500]}")
    findings = []
    for report in json.loads(completed.stdout):
        for item in report["items"]:
            if item["level"] == "info" and not include_info:
                continue
            findings.append(Finding("ooxml-validate", item["level"], item["check"],
                                    item["part"] or "", item["message"], item.get("path")))
    return findings


def _audit_validator():
    """Return a new OpenXmlValidator.

    One instance shared over a long run reported findings of files validated before;
    building one takes about 10 ms, so every call gets its own.
    """
    from openxml_audit import OpenXmlValidator

    return OpenXmlValidator(max_errors=0)


def openxml_audit_findings(path_or_bytes: str | Path | bytes) -> list[Finding]:
    """Run openxml-audit (Open XML SDK parity rules) on a .docx file or its bytes.

    Flat OPC is not a format openxml-audit reads, so pass zip packages only.
    """
    with tempfile.TemporaryDirectory(prefix="termscore-audit-") as tmp:
        target = _as_file(path_or_bytes, Path(tmp))
        if target.suffix.lower() == ".xml":
            raise InvalidRequestError(f"openxml-audit reads zip packages only, not {target.name}; "
                             "convert Flat OPC to .docx first")
        result = _audit_validator().validate(target)
    findings = []
    for error in result.errors:
        check = error.error_type.value
        if error.id:
            check = f"{check}:{error.id}"
        findings.append(Finding("openxml-audit", error.severity.value, check,
                                error.part_uri.lstrip("/"), error.description,
                                error.path or None))
    return findings


def errors_only(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.level == "error"]


def new_findings(before: list[Finding], after: list[Finding], *,
                 level: str = "error") -> list[Finding]:
    """Return findings of ``level`` in ``after`` that ``before`` did not have.

    Counts matter: a second copy of an error the input already had is new.
    """
    seen = Counter(finding.key for finding in before if finding.level == level)
    new = []
    for finding in after:
        if finding.level != level:
            continue
        if seen[finding.key] > 0:
            seen[finding.key] -= 1
        else:
            new.append(finding)
    return new
