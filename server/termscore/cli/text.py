"""``termscore text``: print the text exactly as the auditor reads it."""

from __future__ import annotations

import json
import sys

from ..document import open_document
from ..model import STORIES
from . import EXIT_STATUS_HELP, HelpFormatter

_STORY_CHOICES = ("all",) + STORIES


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "text", help="print a document's paragraphs as the auditor reads them",
        description="Print one paragraph per line with its locator (story, part, paragraph "
                    "index, list label), then the warnings on stderr. Line breaks and tabs "
                    "inside a paragraph are shown as \\n and \\t.",
        epilog=EXIT_STATUS_HELP, formatter_class=HelpFormatter)
    parser.add_argument("file", metavar="FILE",
                        help=".docx, .docm, .dotx, Flat OPC .xml, .txt or .md file")
    parser.add_argument("--view", choices=("current", "original"), default="current",
                        help="current: every tracked change accepted (default); original: "
                             "every tracked change rejected")
    parser.add_argument("--story", choices=_STORY_CHOICES, default="body",
                        help="which story to print: body (default, table cells included), "
                             "all, or one of " + ", ".join(STORIES[1:]))
    parser.add_argument("--json", action="store_true",
                        help="print {\"paragraphs\": [...], \"warnings\": [...]} as JSON")
    parser.set_defaults(func=run)


def run(args) -> int:
    document = open_document(args.file)
    paragraphs = document.story(args.story)
    if args.json:
        payload = {
            "document": {"name": document.name, "format": document.format},
            "view": args.view,
            "paragraphs": [_paragraph_json(p, args.view) for p in paragraphs],
            "warnings": [w.to_dict() for w in document.warnings],
        }
        _write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
        return 0
    lines = []
    for paragraph in paragraphs:
        text = paragraph.view(args.view).replace("\\", "\\\\").replace("\n", "\\n") \
            .replace("\t", "\\t")
        lines.append(f"{_locator(paragraph)}\t{paragraph.label}\t{text}\n")
    _write("".join(lines))
    for warning in document.warnings:
        print(f"warning: {warning.code}: {warning.message}", file=sys.stderr)
    return 0


def _paragraph_json(paragraph, view: str) -> dict:
    out = paragraph.to_dict(view)
    out["label"] = paragraph.label
    if paragraph.style_name:
        out["style_name"] = paragraph.style_name
    if paragraph.heading_level:
        out["heading_level"] = paragraph.heading_level
    return out


def _locator(paragraph) -> str:
    if paragraph.story == "body":
        return f"body:{paragraph.index}"
    return f"{paragraph.story}:{paragraph.part}:{paragraph.index}"


def _write(text: str) -> None:
    # A console that cannot encode some characters must not lose the whole output.
    stream = sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.write(text.encode(encoding, errors="backslashreplace").decode(encoding))
    stream.flush()
