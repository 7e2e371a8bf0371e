"""The ``termscore`` console command. Each subcommand lives in a module of this package."""

from __future__ import annotations

import argparse
import importlib
import sys

from .. import __version__
from ..errors import TermScoreError

# Each module defines ``register(subparsers)``, which adds its parser and sets ``func``.
SUBCOMMANDS = ("audit", "redline", "addendum", "text", "serve")

EXIT_OK = 0
EXIT_FINDINGS = 1  # audit: a score under --fail-under
EXIT_BAD_INPUT = 2  # an invalid option, or an input file that could not be read or written

EXIT_STATUS_HELP = """exit status:
  0  every file was processed (and, for audit, scored at or above --fail-under)
  1  audit only: a file scored below --fail-under
  2  invalid option or argument, or a file could not be read or written; in a
     batch the other files are still processed, and the error is on stderr"""


class HelpFormatter(argparse.HelpFormatter):
    """Argparse's formatter, but the exit-status table keeps its line breaks."""

    def _fill_text(self, text, width, indent):
        if text == EXIT_STATUS_HELP:
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def add_revision_options(parser: argparse.ArgumentParser) -> None:
    """Add --author and --date, the name and time written on tracked changes."""
    parser.add_argument("--author", default="TermScore",
                        help="author name on the tracked changes (default: TermScore)")
    parser.add_argument("--date", metavar="ISO",
                        help="date on the tracked changes, ISO 8601 (default: now, UTC)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="termscore",
        description="Audit contracts for AI-training and data-use clauses and redline them "
                    "as Word tracked changes. Runs locally; documents never leave the machine.",
        epilog=EXIT_STATUS_HELP, formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"termscore {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            continue  # subcommand not built yet
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return int(args.func(args) or EXIT_OK)
    except TermScoreError as exc:
        print(f"termscore {args.command}: error: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
