"""Audit time of a 50-page contract (about 150,000 characters) without CUAD tagging."""

from __future__ import annotations

import time

from termscore.analysis import audit
from termscore.clauses import load_library
from termscore.model import Document, Paragraph

FILLER = ("The parties shall perform their obligations in good faith and in accordance with "
          "applicable law, and each party shall bear its own costs unless this Agreement "
          "states otherwise in writing signed by both parties.")


def fifty_pages() -> Document:
    """Return a contract mixing every rule example with ordinary clauses, each unique."""
    library = load_library()
    examples = [text for rule in library.rules.values()
                for key in ("flag", "pass") for text in rule.examples[key]]
    paragraphs = []
    size = 0
    n = 0
    while size < 150_000:
        text = f"{examples[n % len(examples)]} {FILLER} Clause reference {n}."
        paragraphs.append(Paragraph(story="body", part="word/document.xml", index=n,
                                    text=text, original=text, label=f"{n + 1}."))
        size += len(text)
        n += 1
    return Document(format="docx", paragraphs=paragraphs, name="fifty-pages.docx")


def test_fifty_pages_under_300ms():
    load_library()  # loading the library once per process is not part of an audit
    document = fifty_pages()

    # CPU time, not wall time, so that other processes on a shared machine do not count.
    started = time.process_time()
    result = audit(document, options={"cuad": False})
    elapsed = time.process_time() - started

    assert result.findings
    assert elapsed < 0.3, f"audit took {elapsed * 1000:.0f} ms of CPU time"
