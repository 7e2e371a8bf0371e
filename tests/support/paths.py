"""Locate the repository and the shared material that sits beside it.

The shared corpus and validators live in ``../shared`` next to the repository checkout.
``TERMSCORE_CORPUS`` (the corpus folder) and ``TERMSCORE_SHARED`` (the folder holding
``corpus/`` and ``tools/``) override that, for a clone placed elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path | None:
    """Return the shared folder, or None when it is absent."""
    configured = os.environ.get("TERMSCORE_SHARED")
    candidates = [Path(configured)] if configured else []
    corpus = os.environ.get("TERMSCORE_CORPUS")
    if corpus:
        candidates.append(Path(corpus).parent)
    candidates.append(REPO_ROOT.parent / "shared")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return None


def corpus_dir() -> Path | None:
    """Return the corpus folder ($TERMSCORE_CORPUS, else ../shared/corpus), or None."""
    configured = os.environ.get("TERMSCORE_CORPUS")
    if configured:
        return Path(configured) if Path(configured).is_dir() else None
    shared = shared_dir()
    if shared is not None and (shared / "corpus").is_dir():
        return shared / "corpus"
    return None


def shared_tool(*parts: str) -> Path | None:
    """Return a file under the shared ``tools/`` folder, or None when it is absent."""
    shared = shared_dir()
    if shared is None:
        return None
    path = shared.joinpath("tools", *parts)
    return path if path.exists() else None
