"""Make the screenshots of docs/demo.md: the web page auditing a contract, and pages of
the redlined contract as LibreOffice renders them.

    .venv/bin/python bench/demo.py [--contract FILE.docx] [--out-dir docs/images]

Needs node with playwright-core (``npm ci``), /usr/bin/chromium, soffice and pdftoppm
(poppler-utils). It starts ``termscore serve --http`` on a free loopback port, and a
LibreOffice with a private profile in a temporary folder; both are stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import whole_job  # noqa: E402


def to_pdf(docx: Path, workdir: Path) -> Path:
    """Convert ``docx`` to PDF with soffice and a private profile under ``workdir``."""
    profile = (workdir / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(workdir), str(docx)],
                   check=True, capture_output=True, timeout=300)
    return workdir / (docx.stem + ".pdf")


def page_with(pdf: Path, text: str) -> int:
    """Return the number of the first page whose text contains ``text``, else 1."""
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                           capture_output=True, text=True, timeout=120).stdout.split("\f")
    wanted = " ".join(text.split())
    for number, page in enumerate(pages, start=1):
        if wanted in " ".join(page.split()):
            return number
    return 1


def render_page(pdf: Path, page: int, out_png: Path) -> None:
    """Render one page of ``pdf`` to PNG at 80 dpi."""
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(out_png.with_suffix(""))],
                   check=True, capture_output=True, timeout=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contract", type=Path, help="contract to show (default: the "
                        "corpus's common-paper-cloud-service-agreement.docx)")
    parser.add_argument("--out-dir", type=Path, default=REPO / "docs" / "images")
    args = parser.parse_args(argv)
    for tool in ("node", "soffice", "pdftoppm", "pdftotext"):
        if shutil.which(tool) is None:
            print(f"{tool} not found on PATH; see the requirements at the top of demo.py",
                  file=sys.stderr)
            return 2
    contract = args.contract
    if contract is None:
        corpus = whole_job.corpus_dir()
        if corpus is None:
            print("shared corpus not found: pass --contract", file=sys.stderr)
            return 2
        contract = corpus / "contracts" / "common-paper-cloud-service-agreement.docx"
    args.out_dir.mkdir(parents=True, exist_ok=True)

    process, url = whole_job.start_server()
    try:
        subprocess.run(["node", str(HERE / "demo_page.mjs"), "--base", url, "--file",
                        str(contract), "--out-dir", str(args.out_dir)],
                       check=True, cwd=str(REPO), timeout=300)
        service = whole_job.Service(url)
        status, _, audit_body = service.post(f"/api/audit?name={contract.name}",
                                             contract.read_bytes(), whole_job.DOCX)
        findings = json.loads(audit_body)["findings"] if status == 200 else []
        quotes = [f["location"]["quote"] for f in findings if f["location"].get("quote")]
        status, headers, body = service.post(f"/api/redline?name={contract.name}",
                                             contract.read_bytes(), whole_job.DOCX)
        if status != 200:
            print(f"redline failed with status {status}: {body[:300]!r}", file=sys.stderr)
            return 1
        print(f"redline: {headers.get('X-TermScore-Applied')} findings applied, "
              f"{headers.get('X-TermScore-Refused')} refused")
    finally:
        process.terminate()
        process.wait(timeout=15)

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        redlined = workdir / (contract.stem + ".redlined.docx")
        redlined.write_bytes(body)
        pdf = to_pdf(redlined, workdir)
        render_page(pdf, 1, args.out_dir / "demo-redline-page1.png")
        # The page of the first risky clause shows the tracked changes themselves.
        page = page_with(pdf, " ".join(quotes[0].split()[:6])) if quotes else 1
        render_page(pdf, page, args.out_dir / "demo-redline-changes.png")
        print(f"first redlined clause on page {page}")
    print(f"screenshots written to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
