"""Fuzz the reader and the redline engine with mutated real documents.

    .venv/bin/python bench/fuzz.py --examples 2000          # about 10 minutes on 2 cores

Each case takes a small real .docx (or Flat OPC file) and mutates its bytes, its zip
entries or the XML elements of one part. The case passes when reading, auditing and
redlining either succeed, with an output that reads back, or raise a ``TermScoreError``
with a 4xx status; any other exception, and any case that runs past the per-case CPU time
limit, fails. ``tests/test_fuzz_reader.py`` runs the same strategies for a few hundred
cases.
"""

from __future__ import annotations

import argparse
import io
import os
import signal
import sys
import time
import warnings
import zipfile
from contextlib import contextmanager
from pathlib import Path

from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

# Small inputs that cover runs, tracked changes, numbering, fields, comments, notes,
# content controls and Flat OPC, so mutations reach every reader path quickly.
SEED_FILES = [
    "redline-fixtures/a_runs.docx", "redline-fixtures/d_tracked.docx",
    "redline-fixtures/e_numbered.docx", "redline-fixtures/f_fields.docx",
    "redline-fixtures/g_header_footnote.docx", "redline-fixtures/i_comments.docx",
    "redline-fixtures/j_flat_opc_body.xml", "bugcases/BR-01.docx", "bugcases/BR-06.docx",
    "bugcases/BR-14.docx", "bugcases/BR-18.docx",
]

# Parts whose mutation reaches the package, styles, numbering and story readers.
PARTS = ["word/document.xml", "word/styles.xml", "word/numbering.xml",
         "[Content_Types].xml", "word/_rels/document.xml.rels", "_rels/.rels",
         "word/footnotes.xml", "word/comments.xml", "word/settings.xml"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SWAP_TAGS = ["ins", "del", "r", "t", "delText", "p", "tbl", "tc", "sdt", "sdtContent",
             "fldChar", "instrText", "hyperlink", "numPr", "ilvl", "numId", "pPr", "rPr",
             "moveFrom", "moveTo", "footnoteReference", "commentRangeStart", "bookmarkStart"]

# Characters lxml accepts in element text (XML 1.0 forbids controls and non-characters).
XML_CHARACTERS = st.characters(exclude_categories=["Cc", "Cs", "Cn"])

# CPU seconds one case may take. A seed file is read, audited and redlined in well under
# a second, so a case near this limit means a loop that does not end.
CASE_TIMEOUT = 20


def corpus_dir() -> Path | None:
    configured = os.environ.get("TERMSCORE_CORPUS")
    candidate = Path(configured) if configured else REPO.parent / "shared" / "corpus"
    return candidate if candidate.is_dir() else None


def seed_documents(corpus: Path) -> dict[str, bytes]:
    return {name: (corpus / name).read_bytes() for name in SEED_FILES
            if (corpus / name).exists()}


# -- mutations ----------------------------------------------------------------------------------

@st.composite
def byte_mutation(draw, data: bytes) -> bytes:
    """Flip, insert or cut bytes at drawn positions."""
    buffer = bytearray(data)
    kind = draw(st.sampled_from(["flip", "insert", "truncate"]))
    if kind == "truncate":
        return bytes(buffer[:draw(st.integers(0, len(buffer)))])
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(buffer) - 1))
        if kind == "flip":
            buffer[position] = draw(st.integers(0, 255))
        else:
            buffer[position:position] = draw(st.binary(min_size=1, max_size=16))
    return bytes(buffer)


def _entries(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, \
            warnings.catch_warnings():
        # Duplicate entry names are one of the mutations, so zipfile's warning is expected.
        warnings.simplefilter("ignore", UserWarning)
        for name, content in entries:
            archive.writestr(name, content)
    return out.getvalue()


@st.composite
def zip_mutation(draw, data: bytes) -> bytes:
    """Drop, empty, corrupt, truncate, duplicate or rename one zip entry."""
    if not data.startswith(b"PK"):
        return draw(byte_mutation(data))
    entries = [(info.filename, content) for info, content in _entries(data)]
    index = draw(st.integers(0, len(entries) - 1))
    name, content = entries[index]
    kind = draw(st.sampled_from(["drop", "empty", "random", "truncate", "duplicate",
                                 "rename", "upper"]))
    if kind == "drop":
        del entries[index]
    elif kind == "empty":
        entries[index] = (name, b"")
    elif kind == "random":
        entries[index] = (name, draw(st.binary(max_size=256)))
    elif kind == "truncate":
        entries[index] = (name, content[:draw(st.integers(0, len(content)))])
    elif kind == "duplicate":
        entries.append((name, draw(st.binary(max_size=64))))
    elif kind == "rename":
        entries[index] = (name + draw(st.sampled_from([".bak", "x", "/"])), content)
    else:
        entries[index] = (name.upper(), content)
    return _zip(entries)


def _mutate_tree(draw, root) -> None:
    from lxml import etree

    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    target = elements[draw(st.integers(0, len(elements) - 1))]
    parent = target.getparent()
    kind = draw(st.sampled_from(["delete", "duplicate", "move", "attribute", "strip",
                                 "text", "retag", "unknown"]))
    if kind == "delete" and parent is not None:
        parent.remove(target)
    elif kind == "duplicate" and parent is not None:
        target.addnext(etree.fromstring(etree.tostring(target)))
    elif kind == "move" and parent is not None:
        destination = elements[draw(st.integers(0, len(elements) - 1))]
        if destination is not target and target not in destination.iterancestors():
            destination.append(target)
    elif kind == "attribute":
        name = draw(st.sampled_from([f"{{{W}}}val", f"{{{W}}}id", f"{{{W}}}author",
                                     f"{{{W}}}fldCharType", f"{{{W}}}numId", "Target",
                                     "Id", "ContentType"]))
        target.set(name, draw(st.sampled_from(["", "-1", "0", "99999999999", "x",
                                               "begin", "end", "separate", "../../x",
                                               "\u202e", "1e9"])))
    elif kind == "strip":
        for name in list(target.attrib):
            del target.attrib[name]
    elif kind == "text":
        target.text = draw(st.text(XML_CHARACTERS, max_size=40))
    elif kind == "retag" and parent is not None:
        target.tag = f"{{{W}}}{draw(st.sampled_from(SWAP_TAGS))}"
    elif kind == "unknown":
        target.append(etree.Element("{urn:fuzz}unknown"))


@st.composite
def xml_mutation(draw, data: bytes) -> bytes:
    """Apply one to three element-level changes to one XML part (zip) or the whole file."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    if not data.startswith(b"PK"):
        root = etree.fromstring(data, parser)
        for _ in range(draw(st.integers(1, 3))):
            _mutate_tree(draw, root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    entries = [(info.filename, content) for info, content in _entries(data)]
    names = [name for name, _ in entries]
    candidates = [part for part in PARTS if part in names] or names
    part = draw(st.sampled_from(candidates))
    index = names.index(part)
    root = etree.fromstring(entries[index][1], parser)
    for _ in range(draw(st.integers(1, 3))):
        _mutate_tree(draw, root)
    entries[index] = (part, etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                           standalone=True))
    return _zip(entries)


def mutated_documents(seeds: dict[str, bytes]):
    """Strategy of (seed name, mutation kind, mutated bytes)."""
    @st.composite
    def build(draw):
        name = draw(st.sampled_from(sorted(seeds)))
        kind = draw(st.sampled_from(["bytes", "zip", "xml"]))
        strategy = {"bytes": byte_mutation, "zip": zip_mutation, "xml": xml_mutation}[kind]
        return name, kind, draw(strategy(seeds[name]))
    return build()


# -- the check ----------------------------------------------------------------------------------

class CaseTimeout(Exception):
    """A fuzz case ran past CASE_TIMEOUT seconds."""


@contextmanager
def time_limit(seconds: float):
    """Raise ``CaseTimeout`` after ``seconds`` of this process's CPU time (Unix only).

    CPU time, not wall time, so that a busy machine cannot fail a case; a loop that does
    not end still burns CPU. A call blocked inside C code is interrupted only when it
    returns to Python.
    """
    def expire(signum, frame):
        raise CaseTimeout(f"case used more than {seconds:g} s of CPU time")

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def check(data: bytes, name: str) -> str:
    """Read, audit and redline ``data``; return "ok" or the error code.

    Raises AssertionError for an error outside the documented tree, a 5xx error, or an
    output that does not read back.
    """
    from termscore.analysis import audit
    from termscore.document import open_document
    from termscore.errors import TermScoreError
    from termscore.redline import redline_document

    try:
        document = open_document(data, name=name)
        result = audit(document).to_dict()
        if document.package is None:
            return "ok"
        redlined = redline_document(document, result["findings"], author="Fuzz")
    except TermScoreError as exc:
        assert exc.status < 500, f"{type(exc).__name__} with status {exc.status}: {exc}"
        assert exc.message, f"{type(exc).__name__} without a message"
        return exc.code
    reread = open_document(redlined.data, name=name)
    assert reread.paragraphs or not document.paragraphs, "the redlined output lost its text"
    return "ok"


def main(argv: list[str] | None = None) -> int:
    from hypothesis import HealthCheck, Phase, given, settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="cases to run")
    parser.add_argument("--seed", type=int, default=0, help="hypothesis seed")
    args = parser.parse_args(argv)
    corpus = corpus_dir()
    if corpus is None:
        print("shared corpus not found: set TERMSCORE_CORPUS", file=sys.stderr)
        return 2
    seeds = seed_documents(corpus)
    counts: dict[tuple[str, str], int] = {}
    start = time.perf_counter()

    @settings(max_examples=args.examples, deadline=None, database=None,
              phases=[Phase.generate, Phase.shrink],
              suppress_health_check=list(HealthCheck))
    @given(mutated_documents(seeds))
    def run(case):
        name, kind, data = case
        with time_limit(CASE_TIMEOUT):
            outcome = check(data, Path(name).name)
        counts[(kind, outcome)] = counts.get((kind, outcome), 0) + 1

    from hypothesis import seed as hypothesis_seed

    hypothesis_seed(args.seed)(run)()
    seconds = time.perf_counter() - start
    total = sum(counts.values())
    print(f"{total} cases in {seconds:.0f} s; outcomes by mutation kind:")
    print("| mutation | outcome | cases |\n|---|---|---:|")
    for (kind, outcome), count in sorted(counts.items()):
        print(f"| {kind} | {outcome} | {count} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
