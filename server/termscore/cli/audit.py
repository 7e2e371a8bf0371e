"""``termscore audit``: score contracts and list risky clauses and missing protections.

Output formats: ``table`` (terminal report), ``json``, ``sarif`` (2.1.0) and ``html`` (one
self-contained page). With several files, ``json`` prints a JSON array in input order
with, for each file that failed, ``{"document": {"name", "path"}, "error": {"code",
"message"}}`` in place of its result; ``sarif`` prints one run covering every file and
``html`` one page with a section per file. Exit status: see ``EXIT_STATUS_HELP``.
"""

from __future__ import annotations

import functools
import json
import shutil
import sys
from pathlib import Path

from ..errors import InvalidRequestError
from . import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, EXIT_STATUS_HELP, HelpFormatter
from .batch import Failure, expand_inputs, report_failures, run_batch

FORMATS = ("table", "json", "sarif", "html")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "audit", help="score contracts and list AI-training and data-use risks",
        description="Audit contracts for clauses that let the other party use your data or "
                    "work for AI training or its own purposes, and for missing protections. "
                    "Prints a TermScore from 0 to 100 (100 = fully protected). With several "
                    "files, JSON output lists each file that failed with its error code and "
                    "message.",
        epilog=EXIT_STATUS_HELP, formatter_class=HelpFormatter)
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help=".docx, .docm, .dotx, Flat OPC .xml, .txt or .md files, or "
                             "folders to search for them")
    parser.add_argument("--side", choices=("customer", "provider", "auto"), default="auto",
                        help="party to protect: customer (the party whose data or work is "
                             "at stake), provider, or auto (default: found from the "
                             "contract; a warning asks you to choose when roles are unclear)")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="output format (default: table)")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="write the report to OUT instead of standard output")
    parser.add_argument("--fail-under", type=int, metavar="SCORE",
                        help="exit with status 1 when a document scores below SCORE (0-100)")
    parser.add_argument("--rules", metavar="ID,...",
                        help="run only these rule ids, comma-separated (default: all)")
    parser.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="audit N files in parallel (default: 1)")
    parser.add_argument("--notice-days", type=int, default=30, metavar="DAYS",
                        help="notice period in suggested audit clauses (default: 30)")
    parser.add_argument("--deletion-days", type=int, default=14, metavar="DAYS",
                        help="deadline in suggested deletion clauses (default: 14)")
    parser.set_defaults(func=run)


def audit_file(path: Path, side: str = "auto", rules: list[str] | None = None,
               options: dict | None = None) -> dict:
    """Audit one file and return the JSON-ready result (picklable for worker processes)."""
    from ..analysis import audit
    from ..document import open_document

    document = open_document(path)
    return audit(document, side=side, rules=rules, options=options).to_dict()


def render(results: list[dict], fmt: str, *, color: bool = False,
           entries: list[dict] | None = None) -> str:
    """Return the report text for ``results`` in one of FORMATS.

    ``entries``, for JSON with several inputs, is every file's result or error entry in
    input order. It replaces ``results`` so that failed files appear in the array.
    """
    from ..analysis import report

    if fmt == "json":
        if entries is not None:
            return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
        payload = results[0] if len(results) == 1 else results
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if fmt == "sarif":
        return json.dumps(report.to_sarif(results), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return report.to_html(results)
    # A terminal gets a table as wide as the window; files and pipes get 120 columns.
    width = shutil.get_terminal_size((120, 24)).columns if color else 120
    return report.to_table(results, width=width, color=color)


def run(args) -> int:
    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        raise InvalidRequestError(f"--fail-under must be from 0 to 100, not {args.fail_under}")
    rules = [r.strip() for r in args.rules.split(",") if r.strip()] if args.rules else None
    options = {"notice_days": args.notice_days, "deletion_days": args.deletion_days}
    if rules:
        from ..analysis.audit import select_rules
        from ..clauses import load_library

        select_rules(load_library(), rules)  # reject unknown ids before reading any file

    if args.output:
        from .redline import check_output_file, output_path

        check_output_file(output_path(args.output))  # before any file is audited
    files = expand_inputs(args.files)
    task = functools.partial(audit_file, side=args.side, rules=rules, options=options)
    outcome = run_batch(files, task, jobs=args.jobs, label="Auditing")
    results = [result for _, result in outcome.results]
    entries = None
    if args.format == "json" and len(files) > 1:
        entries = [value.to_dict() if isinstance(value, Failure) else value
                   for _, value in outcome.in_input_order()]

    if results or entries:
        color = args.format == "table" and not args.output and sys.stdout.isatty()
        text = render(results, args.format, color=color, entries=entries)
        if args.output:
            try:
                Path(args.output).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise InvalidRequestError(f"cannot write {args.output}: {exc.strerror or exc}; "
                                          "choose another output path") from exc
        else:
            sys.stdout.write(text)
    report_failures(outcome, "audit")

    status = EXIT_OK
    if args.fail_under is not None:
        for path, result in outcome.results:
            if result["score"] < args.fail_under:
                print(f"termscore audit: {path}: score {result['score']} is below "
                      f"--fail-under {args.fail_under}", file=sys.stderr)
                status = EXIT_FINDINGS
    if outcome.failures:
        status = EXIT_BAD_INPUT
    return status
