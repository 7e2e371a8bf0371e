"""``termscore redline``: audit documents and write the chosen suggestions as tracked changes."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from ..errors import InvalidRequestError
from . import EXIT_BAD_INPUT, EXIT_OK, EXIT_STATUS_HELP, HelpFormatter, add_revision_options
from .batch import expand_inputs, report_failures, run_batch


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "redline", help="write audit suggestions into a .docx as tracked changes",
        description="Audit each document and write the chosen findings' suggestions as Word "
                    "tracked changes (author and date configurable). With several input "
                    "files, -o names a folder and each output is <name>.redlined.<ext>. A "
                    ".txt or .md input is written as a new .docx first (one Word paragraph per "
                    "text paragraph), and the tracked changes go into that .docx.",
        epilog=EXIT_STATUS_HELP, formatter_class=HelpFormatter)
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help=".docx, .docm, .dotx, Flat OPC .xml, .txt or .md files, or "
                             "folders to search for them")
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="output file (one input) or folder (several inputs)")
    add_revision_options(parser)
    parser.add_argument("--comments", action="store_true",
                        help="add a Word comment with the reason to each change")
    parser.add_argument("--findings", default="all", metavar="ID,...|all",
                        help="comma-separated finding ids to apply (default: all)")
    parser.add_argument("--side", default="auto", metavar="SIDE",
                        help="which party you protect, passed to the audit (default: auto)")
    parser.add_argument("--jobs", type=int, default=1, help="files processed in parallel")
    parser.set_defaults(func=run)


def redline_file(path: Path, *, output: Path, author: str, date, comments: bool,
                 wanted: set[str] | None, side: str) -> dict:
    """Audit one file and write its redline to ``output``; return a summary."""
    from ..analysis import audit
    from ..document import open_document
    from ..redline import redline_document

    document = open_document(path)
    if not document.is_ooxml:
        from ..redline.textdocx import build_docx_from_text, match_finding_ids

        text_findings = _findings_of(audit(document, side=side)) if wanted is not None else []
        document = open_document(build_docx_from_text(document), name=f"{path.stem}.docx")
        if wanted is not None:
            mapping = match_finding_ids(text_findings, _findings_of(audit(document, side=side)))
            wanted = {mapping.get(ident, ident) for ident in wanted}
    result = audit(document, side=side)
    findings = _findings_of(result)
    if wanted is not None:
        known = {_get(f, "id") for f in findings}
        missing = sorted(wanted - known)
        if missing and len(wanted) == len(missing):
            raise InvalidRequestError(
                f"none of the findings {', '.join(missing)} is in {path.name}; run "
                "'termscore audit' to list the finding ids")
        findings = [f for f in findings if _get(f, "id") in wanted]
    findings = [f for f in findings if _get(f, "suggestion")]
    redlined = redline_document(document, findings, author=author, date=date,
                                comments=comments)
    write_output(output, redlined.data)
    return {"file": str(path), "output": str(output), "applied": redlined.applied,
            "refused": redlined.refused, "warnings": [w.to_dict() for w in redlined.warnings]}


def output_path(raw: str) -> Path:
    """Return the ``-o`` path, refusing an empty one."""
    if not raw or not raw.strip():
        raise InvalidRequestError("-o is empty; pass the output file name")
    return Path(raw)


def check_output_file(output: Path) -> None:
    """Refuse an output file path that cannot be written, before any work is done."""
    if output.is_dir():
        raise InvalidRequestError(f"-o {output} is a folder; pass a file name such as "
                                  f"{output / 'out.docx'}")
    parent = output.parent
    if not parent.is_dir():
        raise InvalidRequestError(f"the folder of -o {output} does not exist; create "
                                  f"{parent} first or choose another path")


def write_output(output: Path, data: bytes) -> None:
    """Write ``data``, turning an operating-system error into a clean TermScore error."""
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise InvalidRequestError(
            f"cannot write {output}: {exc.strerror or exc}; choose another output path") from exc


def _get(obj, key):
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


def _findings_of(result) -> list:
    if isinstance(result, dict):
        return list(result.get("findings") or [])
    if hasattr(result, "to_dict") and not hasattr(result, "findings"):
        return list(result.to_dict().get("findings") or [])
    return list(getattr(result, "findings", []) or [])


def _output_for(path: Path, output: Path, several: bool) -> Path:
    if not several:
        return output
    suffix = path.suffix if path.suffix.lower() in (".docx", ".docm", ".dotx", ".xml") else ".docx"
    return output / f"{path.stem}.redlined{suffix}"


def run(args) -> int:
    from ..ooxml.revisions import format_date

    files = expand_inputs(args.files)
    several = len(files) > 1
    output = output_path(args.output)
    if several:
        if output.exists() and not output.is_dir():
            raise InvalidRequestError(
                f"-o {output} is a file, but {len(files)} inputs need a folder; pass a folder")
        try:
            output.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InvalidRequestError(
                f"cannot create the output folder {output}: {exc.strerror or exc}") from exc
    elif output.is_dir():
        output = _output_for(files[0], output, True)
    else:
        check_output_file(output)
    date = format_date(args.date)  # reject a bad date before any work
    wanted = None if args.findings.strip().lower() == "all" else \
        {item.strip() for item in args.findings.split(",") if item.strip()}

    outcome = run_batch(files, partial(_one, output=output, several=several, author=args.author,
                                       date=date, comments=args.comments, wanted=wanted,
                                       side=args.side),
                        jobs=args.jobs, label="Redlining")
    for _, summary in outcome.results:
        print(f"{summary['output']}: {len(summary['applied'])} changes written, "
              f"{len(summary['refused'])} refused")
        for item in summary["refused"]:
            print(f"  refused {item['finding']}: {item['reason']}", file=sys.stderr)
        for warning in summary["warnings"]:
            print(f"  warning: {warning['code']}: {warning['message']}", file=sys.stderr)
    report_failures(outcome, "redline")
    return EXIT_BAD_INPUT if outcome.failures else EXIT_OK


def _one(path: Path, *, output: Path, several: bool, **options) -> dict:
    return redline_file(path, output=_output_for(path, output, several), **options)
