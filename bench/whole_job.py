"""Audit and redline every real contract through the running service, then check each
redlined file with the tracked-change invariants.

    .venv/bin/python bench/whole_job.py                   # starts `termscore serve --http`
    .venv/bin/python bench/whole_job.py --url http://127.0.0.1:3000   # a server you run

For each file of the corpus's ``contracts/`` folder it posts the file to ``/api/audit``
and to ``/api/redline`` with every finding (text and Markdown come back as .docx). It then checks the redlined
package against the input with ``tests/support/invariants.py``: rejecting our revisions
gives the input back, character and formatting included; other authors' revisions are
untouched; ids are unique; nesting is allowed by the schema. It prints one row per file
(score, findings by rule, redlines applied and refused, warnings, problems) and exits 1
when any request or invariant fails.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
HOST = "127.0.0.1"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
AUTHOR = "TermScore"


def corpus_dir() -> Path | None:
    configured = os.environ.get("TERMSCORE_CORPUS")
    candidate = Path(configured) if configured else REPO.parent / "shared" / "corpus"
    return candidate if candidate.is_dir() else None


@dataclass
class FileReport:
    """The service's responses for one contract and the problems the invariant check found."""

    name: str
    audit_status: int = 0
    score: int | None = None
    grade: str = ""
    rules: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    redline_status: int | None = None
    applied: int | None = None
    refused: int | None = None
    revisions: int | None = None
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        redline_ok = self.redline_status in (None, 200)
        return self.audit_status == 200 and redline_ok and not self.problems


class Service:
    """Plain-HTTP client of one TermScore server on the loopback interface."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit(f"--url {base_url} is not a loopback address; "
                             "this script talks only to a server on this machine")
        self.host, self.port = parts.hostname, parts.port or 80

    def post(self, path: str, body: bytes, content_type: str,
             timeout: float = 300.0) -> tuple[int, dict, bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request("POST", path, body=body, headers={"Content-Type": content_type})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def healthy(self) -> bool:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=5)
        try:
            connection.request("GET", "/api/health")
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()


def start_server() -> tuple[subprocess.Popen, str]:
    """Start ``termscore serve --http`` on a free loopback port; return it and its URL."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port = sock.getsockname()[1]
    termscore = Path(sys.executable).with_name("termscore")
    process = subprocess.Popen([str(termscore), "serve", "--http", "--host", HOST,
                                "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://{HOST}:{port}"
    service = Service(url)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"termscore serve exited with status {process.returncode}")
        if service.healthy():
            return process, url
        time.sleep(0.2)
    process.terminate()
    raise SystemExit("termscore serve did not answer /api/health within 60 s")


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return DOCX
    if suffix == ".md":
        return "text/markdown"
    return "text/plain"


def check_invariants(original: bytes, redlined: bytes) -> tuple[list[str], int]:
    """Return the invariant problems of a redline and the number of our revisions."""
    sys.path.insert(0, str(REPO / "tests"))
    from support import invariants

    from termscore.document import open_document

    before = invariants.snapshot(open_document(original).package)
    after = invariants.snapshot(open_document(redlined).package)
    problems = invariants.check_package(before, after, author=AUTHOR)
    original_ids = invariants.all_ids(invariants.story_roots(before))
    ours = 0
    for root in invariants.story_roots(after).values():
        for element in root.iter(*(invariants.qn(t) for t in invariants.RUN_REVISIONS)):
            if element.get(invariants.qn("author")) == AUTHOR and \
                    element.get(invariants.qn("id")) not in original_ids:
                ours += 1
    return list(problems.items), ours


def run_file(service: Service, path: Path) -> FileReport:
    report = FileReport(path.name)
    data = path.read_bytes()
    query = f"?name={quote(path.name)}"
    start = time.perf_counter()
    status, _, body = service.post("/api/audit" + query, data, content_type(path))
    report.audit_status = status
    if status == 200:
        result = json.loads(body)
        report.score, report.grade = result["score"], result["grade"]
        report.rules = Counter(f["rule"] for f in result["findings"])
        report.warnings = sorted({w["code"] for w in result["warnings"]})
    else:
        report.problems.append(f"audit answered {status}: {body[:200]!r}")
    if status == 200:
        redline_into(service, report, path, data, query)
    report.seconds = time.perf_counter() - start
    return report


def redline_into(service: Service, report: FileReport, path: Path, data: bytes,
                 query: str) -> None:
    """Redline ``data`` with every finding and check the result against its input.

    A text or Markdown contract comes back as a new .docx, so its input for the check is
    the same conversion with no finding applied (a finding id that matches nothing).
    """
    original = data
    if path.suffix.lower() != ".docx":
        status, _, original = service.post(f"/api/redline{query}&findings=none-such", data,
                                           content_type(path))
        if status != 200:
            report.redline_status = status
            report.problems.append(f"redline with no finding answered {status}: "
                                   f"{original[:200]!r}")
            return
    status, headers, body = service.post("/api/redline" + query, data, content_type(path))
    report.redline_status = status
    if status != 200:
        report.problems.append(f"redline answered {status}: {body[:200]!r}")
        return
    report.applied = int(headers.get("X-TermScore-Applied", -1))
    report.refused = int(headers.get("X-TermScore-Refused", -1))
    problems, report.revisions = check_invariants(original, body)
    report.problems.extend(problems)
    if report.applied > 0 and report.revisions == 0:
        report.problems.append("findings applied but no revision by TermScore written")


def run_all(service: Service, folder: Path) -> list[FileReport]:
    files = sorted(p for p in folder.iterdir()
                   if p.is_file() and p.suffix.lower() in (".docx", ".md", ".txt"))
    return [run_file(service, path) for path in files]


def render(reports: list[FileReport]) -> str:
    lines = ["| file | score | findings by rule | redlines applied | refused | "
             "our revisions | warnings | problems |",
             "|---|---:|---|---:|---:|---:|---|---|"]
    for report in reports:
        rules = ", ".join(f"{rule} {count}" for rule, count in sorted(report.rules.items()))
        applied = report.applied
        problems = "; ".join(report.problems[:2]) or "none"
        if len(report.problems) > 2:
            problems += f" (+{len(report.problems) - 2} more)"
        lines.append(f"| {report.name} | {report.score} {report.grade} | {rules or '-'} | "
                     f"{applied} | {'' if report.refused is None else report.refused} | "
                     f"{'' if report.revisions is None else report.revisions} | "
                     f"{', '.join(report.warnings) or '-'} | {problems} |")
    failed = [r.name for r in reports if not r.ok]
    docx = [r for r in reports if r.redline_status == 200]
    lines.append("")
    lines.append(f"{len(reports)} files, {len(docx)} redlined, "
                 f"{sum(r.applied or 0 for r in docx)} findings applied, "
                 f"{len(failed)} with problems" + (f": {', '.join(failed)}" if failed else "."))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server on 127.0.0.1 (default: start one)")
    parser.add_argument("--folder", type=Path,
                        help="contracts folder (default: <corpus>/contracts)")
    args = parser.parse_args(argv)
    folder = args.folder
    if folder is None:
        corpus = corpus_dir()
        if corpus is None:
            print("shared corpus not found: set TERMSCORE_CORPUS or pass --folder",
                  file=sys.stderr)
            return 2
        folder = corpus / "contracts"
    process = None
    url = args.url
    if url is None:
        process, url = start_server()
    try:
        reports = run_all(Service(url), folder)
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=15)
    print(render(reports))
    return 0 if all(r.ok for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
