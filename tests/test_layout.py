"""Checks on the test tree itself."""

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).parent


def test_module_basenames_unique():
    # The test folders are not packages, so pytest imports each module by its base name.
    # Two modules with one name stop collection of the whole suite.
    names = Counter(path.name for path in TESTS.rglob("test_*.py"))

    duplicates = sorted(name for name, count in names.items() if count > 1)

    assert duplicates == []
