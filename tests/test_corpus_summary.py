"""The line pytest prints when tests were skipped because the shared corpus is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# A fast module whose tests all need the corpus: 15 of them when the corpus is present.
CORPUS_MODULE = "tests/redline/test_cli.py"


def run_pytest(corpus: str | None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items()
           if key not in ("TERMSCORE_CORPUS", "TERMSCORE_SHARED", "CI")}
    if corpus is not None:
        env["TERMSCORE_CORPUS"] = corpus
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           CORPUS_MODULE], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300)


def test_missing_corpus_prints_count(tmp_path):
    completed = run_pytest(str(tmp_path / "no-corpus-here"))

    assert completed.returncode == 0, completed.stdout[-2000:]
    assert "15 skipped" in completed.stdout
    assert ("At least 15 tests skipped because the shared corpus or its validators were not found"
            in completed.stdout)
    assert "set TERMSCORE_CORPUS=/path/to/shared/corpus" in completed.stdout


def test_present_corpus_prints_nothing(corpus_dir):
    completed = run_pytest(str(corpus_dir))

    assert completed.returncode == 0, completed.stdout[-2000:]
    assert "tests skipped because the shared corpus" not in completed.stdout
