"""``termscore addendum``: the AI-training addendum, as a tracked insertion or its own .docx."""

from __future__ import annotations

from pathlib import Path

from . import EXIT_STATUS_HELP, HelpFormatter, add_revision_options

DEFAULT_PARTIES = {"customer": "Customer", "provider": "Provider"}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "addendum", help="write the AI-training addendum (.docx)",
        description="Without --append-to, write the addendum as a new .docx. With "
                    "--append-to FILE, append it to the end of FILE as tracked insertions, "
                    "in the document's own heading styles where it has them, naming the "
                    "parties as the contract does. A .txt or .md FILE is written as a new "
                    ".docx first (one Word paragraph per text paragraph).",
        epilog=EXIT_STATUS_HELP, formatter_class=HelpFormatter)
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="output .docx")
    parser.add_argument("--append-to", metavar="FILE",
                        help=".docx, .docm, .dotx, Flat OPC .xml, .txt or .md file to append "
                             "the addendum to")
    add_revision_options(parser)
    parser.add_argument("--customer", metavar="TERM",
                        help="defined term for the party whose data or work is protected "
                             "(default: the contract's term with --append-to, else Customer)")
    parser.add_argument("--provider", metavar="TERM",
                        help="defined term for the other party (default: the contract's "
                             "term with --append-to, else Provider)")
    parser.set_defaults(func=run)


def contract_parties(document) -> dict[str, str]:
    """Return the customer and provider terms the audit finds in ``document``.

    The web page and the task pane send the audit's ``parties`` to ``/api/addendum``; this
    does the same, so all three write the same names. A role the audit cannot name keeps
    its default.
    """
    from ..analysis import audit

    found = audit(document, options={"cuad": False}).to_dict().get("parties") or {}
    return {role: found.get(role) or default for role, default in DEFAULT_PARTIES.items()}


def run(args) -> int:
    from ..clauses import render_addendum
    from ..document import open_document
    from ..errors import InvalidRequestError
    from ..redline import append_addendum, build_addendum_docx
    from .redline import check_output_file, output_path, write_output

    output = output_path(args.output)
    check_output_file(output)
    parties = dict(DEFAULT_PARTIES)
    if args.append_to is not None:
        if not args.append_to.strip():
            raise InvalidRequestError("--append-to is empty; pass the .docx to append to")
        # open_document refuses folders, missing and empty files with a clean message.
        document = open_document(args.append_to)
        if not document.is_ooxml:
            from ..redline.textdocx import build_docx_from_text

            # Tracked changes exist only in WordprocessingML, as for `termscore redline`.
            document = open_document(build_docx_from_text(document),
                                     name=f"{Path(args.append_to).stem}.docx")
        parties = contract_parties(document)
    for role in DEFAULT_PARTIES:
        chosen = getattr(args, role)
        if chosen is not None:
            if not chosen.strip():
                raise InvalidRequestError(f"--{role} is empty; pass the party's defined term")
            parties[role] = chosen.strip()

    paragraphs = render_addendum(**parties)
    names = f"{parties['customer']} and {parties['provider']}"
    if args.append_to is None:
        write_output(output, build_addendum_docx(paragraphs))
        print(f"{output}: addendum written ({len(paragraphs)} paragraphs, parties {names})")
        return 0

    result = append_addendum(document, paragraphs, author=args.author, date=args.date)
    write_output(output, result.data)
    print(f"{output}: addendum appended as {result.revisions} tracked changes "
          f"(parties {names}; change them with --customer and --provider)")
    return 0
