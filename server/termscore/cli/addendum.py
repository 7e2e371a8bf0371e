"""``termscore addendum``: the AI-training addendum, as a tracked insertion or its own .docx."""

from __future__ import annotations

from pathlib import Path

from . import EXIT_STATUS_HELP, HelpFormatter


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "addendum", help="write the AI-training addendum (.docx)",
        description="Without --append-to, write the addendum as a new .docx. With "
                    "--append-to FILE, append it to the end of FILE as tracked insertions, "
                    "in the document's own heading styles where it has them.",
        epilog=EXIT_STATUS_HELP, formatter_class=HelpFormatter)
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="output .docx")
    parser.add_argument("--append-to", metavar="FILE",
                        help=".docx or Flat OPC file to append the addendum to")
    parser.add_argument("--author", default="TermScore",
                        help="author name on the tracked changes (default: TermScore)")
    parser.add_argument("--date", metavar="ISO",
                        help="date on the tracked changes, ISO 8601 (default: now, UTC)")
    parser.add_argument("--customer", default="Customer",
                        help="defined term for the customer (default: Customer)")
    parser.add_argument("--provider", default="Provider",
                        help="defined term for the provider (default: Provider)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from ..clauses import render_addendum
    from ..document import open_document
    from ..errors import InvalidRequestError
    from ..redline import append_addendum, build_addendum_docx
    from .redline import check_output_file, output_path, write_output

    output = output_path(args.output)
    check_output_file(output)
    if args.append_to is not None:
        if not args.append_to.strip():
            raise InvalidRequestError("--append-to is empty; pass the .docx to append to")
        # open_document refuses folders, missing and empty files with a clean message.
        document = open_document(args.append_to)
    paragraphs = render_addendum(customer=args.customer, provider=args.provider)
    if args.append_to is None:
        write_output(output, build_addendum_docx(paragraphs))
        print(f"{output}: addendum written ({len(paragraphs)} paragraphs)")
        return 0

    result = append_addendum(document, paragraphs, author=args.author, date=args.date)
    write_output(output, result.data)
    print(f"{output}: addendum appended as {result.revisions} tracked changes")
    return 0
