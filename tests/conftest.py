"""Shared pytest fixtures. Each engineer's fixtures sit in their own marked block."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# ---------------------------------------------------------------------------
# Block: test infrastructure (tests/support: paths, validators, LibreOffice oracle)
# ---------------------------------------------------------------------------

# Make `tests.support` importable as `support` whatever the import mode and whether or
# not test folders have __init__.py files.
_TESTS_DIR = Path(__file__).resolve().parent
if str(_TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(_TESTS_DIR))

from support import libreoffice as _libreoffice  # noqa: E402
from support.oracle import REPORT as _ORACLE_REPORT  # noqa: E402

# The longest corpus file takes over a minute per LibreOffice load on 2 cores.
LIBREOFFICE_REQUEST_TIMEOUT = 300.0


@pytest.fixture(scope="session")
def libreoffice():
    """One headless LibreOffice for the whole session, stopped at the end.

    Skips when soffice or a ``uno``-capable interpreter is missing; fails instead under
    CI=1 or TERMSCORE_REQUIRE_LIBREOFFICE=1, so a CI run cannot pass by skipping.
    """
    reason = _libreoffice.unavailable_reason()
    if reason is not None:
        if _libreoffice.required():
            pytest.fail(f"LibreOffice is required here (CI or TERMSCORE_REQUIRE_LIBREOFFICE): "
                        f"{reason}", pytrace=False)
        pytest.skip(reason)
    office = _libreoffice.LibreOffice(timeout=LIBREOFFICE_REQUEST_TIMEOUT)
    try:
        yield office
    finally:
        office.close()


def pytest_terminal_summary(terminalreporter):
    """Print the share of corpus files whose text matches LibreOffice's, and which differ."""
    lines = _ORACLE_REPORT.summary_lines()
    if lines:
        terminalreporter.section("LibreOffice oracle")
        for line in lines:
            terminalreporter.write_line(line)

# ---------------------------------------------------------------------------
# End of block: test infrastructure
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# Block: document model (repo_root, corpus_dir, docx builders)
# ---------------------------------------------------------------------------

from support import paths as _paths  # noqa: E402
from fixtures.ooxml import docx_builder as _docx_builder  # noqa: E402


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository checkout (the folder holding pyproject.toml)."""
    return _paths.REPO_ROOT


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared corpus ($TERMSCORE_CORPUS, else ../shared/corpus); skips when absent."""
    found = _paths.corpus_dir()
    if found is None:
        pytest.skip("shared corpus not found: set TERMSCORE_CORPUS or place it at ../shared/corpus")
    return found


@pytest.fixture
def make_docx():
    """Build .docx bytes from body XML: ``make_docx('<w:p>...</w:p>', parts={...})``.

    See ``fixtures/ooxml/docx_builder.py`` for the keyword arguments (extra parts, styles,
    numbering, headers, footnotes).
    """
    return _docx_builder.make_docx


# ---------------------------------------------------------------------------
# End of block: document model
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# Block: missing shared corpus summary
# ---------------------------------------------------------------------------

# Skip reasons that mean the shared corpus or the validators beside it were not found.
# Tests parametrized over corpus files get one "empty parameter set" skip in place of all
# their cases, so the count is a lower bound.
_SHARED_SKIP_WORDS = ("corpus", "../shared", "validate not found", "got empty parameter set")


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr or "")


def count_shared_skips(skipped_reports) -> int:
    """Count the skipped test reports whose reason is missing shared material."""
    return sum(1 for report in skipped_reports
               if any(word in _skip_reason(report).lower() for word in _SHARED_SKIP_WORDS))


def shared_skip_line(count: int) -> str:
    """Return the summary line for ``count`` tests skipped for lack of the corpus."""
    default = _paths.REPO_ROOT.parent / "shared" / "corpus"
    return (f"At least {count} tests skipped because the shared corpus or its validators "
            f"were not found (looked in $TERMSCORE_CORPUS, then {default}); to run them, "
            "set TERMSCORE_CORPUS=/path/to/shared/corpus, with tools/ beside corpus/.")


class _SharedCorpusSummary:
    """Plugin that prints one line when tests were skipped for lack of the corpus.

    It is a class, not a module-level hook, because the block above already defines
    ``pytest_terminal_summary`` in this file.
    """

    def pytest_terminal_summary(self, terminalreporter):
        if _paths.corpus_dir() is not None:
            return
        count = count_shared_skips(terminalreporter.stats.get("skipped", []))
        if count:
            terminalreporter.write_line(shared_skip_line(count), yellow=True, bold=True)


def pytest_configure(config):
    config.pluginmanager.register(_SharedCorpusSummary(), "termscore-shared-corpus-summary")

# ---------------------------------------------------------------------------
# End of block: missing shared corpus summary
# ---------------------------------------------------------------------------
