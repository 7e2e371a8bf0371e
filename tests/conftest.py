"""Shared pytest fixtures. Each engineer's fixtures sit in their own marked block."""

from __future__ import annotations

import os
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


def _libreoffice_required() -> bool:
    """LibreOffice must be present (fail, not skip) under CI or when asked explicitly."""
    return os.environ.get("CI") in ("1", "true") or \
        os.environ.get("TERMSCORE_REQUIRE_LIBREOFFICE") == "1"


@pytest.fixture(scope="session")
def libreoffice():
    """One headless LibreOffice for the whole session, stopped at the end.

    Skips when soffice or a ``uno``-capable interpreter is missing; fails instead under
    CI=1 or TERMSCORE_REQUIRE_LIBREOFFICE=1, so a CI run cannot pass by skipping.
    """
    reason = _libreoffice.unavailable_reason()
    if reason is not None:
        if _libreoffice_required():
            pytest.fail(f"LibreOffice is required here (CI or TERMSCORE_REQUIRE_LIBREOFFICE): "
                        f"{reason}", pytrace=False)
        pytest.skip(reason)
    office = _libreoffice.LibreOffice()
    try:
        yield office
    finally:
        office.close()

# ---------------------------------------------------------------------------
# End of block: test infrastructure
# ---------------------------------------------------------------------------
