"""Split the CPU time of one audit into its steps, for the files given.

    .venv/bin/python bench/audit_stages.py FILE.docx [FILE ...] [--runs 6]

Each file is read once per run outside the timing; then ``audit()`` runs with its main
steps wrapped in timers. The table gives, per step, the smallest total over the runs of
``time.process_time`` (the least disturbed run), and the whole audit's smallest time.
Steps nest in no other listed step, so their sum is most of the audit.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import time
from collections import defaultdict
from pathlib import Path

STEPS = ("extract_terms", "detect_parties", "_anchor_candidates", "segment_units",
         "prepare", "_risk_findings", "_protections", "detect_jurisdiction", "_cuad")


def measure(path: Path, runs: int) -> tuple[float, dict[str, float]]:
    """Return (smallest audit ms, {step: smallest per-audit ms}) for one file."""
    audit_module = importlib.import_module("termscore.analysis.audit")
    from termscore.analysis import audit  # the entry point callers use (collector paused)
    from termscore.document import open_document

    spent: dict[str, float] = defaultdict(float)
    originals = {}
    for name in STEPS:
        original = getattr(audit_module, name)
        originals[name] = original

        def timed(*args, _original=original, _name=name, **kwargs):
            start = time.process_time()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_name] += time.process_time() - start

        setattr(audit_module, name, functools.wraps(original)(timed))
    try:
        data = path.read_bytes()
        audit(open_document(data, name=path.name))  # load the library once
        best_total = float("inf")
        best_steps = {name: float("inf") for name in STEPS}
        for _ in range(runs):
            document = open_document(data, name=path.name)
            spent.clear()
            start = time.process_time()
            audit(document).to_dict()
            best_total = min(best_total, time.process_time() - start)
            for name in STEPS:
                best_steps[name] = min(best_steps[name], spent.get(name, 0.0))
    finally:
        for name, original in originals.items():
            setattr(audit_module, name, original)
    return best_total * 1000, {name: value * 1000 for name, value in best_steps.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=6, help="audits per file (default 6)")
    args = parser.parse_args(argv)
    results = [(path.name, *measure(path, args.runs)) for path in args.files]
    print("| step | " + " | ".join(name for name, _, _ in results) + " |")
    print("|---|" + "---:|" * len(results))
    for step in STEPS:
        print(f"| `{step}` | " + " | ".join(f"{steps[step]:.1f}" for _, _, steps in results)
              + " |")
    print("| **audit()** | " + " | ".join(f"**{total:.1f}**" for _, total, _ in results) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
