#!/usr/bin/env python3
"""Write CUAD predictions for every (contract, category) of a gold file, for score.py.

    python bench/cuad_eval.py --gold cuad_dev.jsonl --contracts contracts/ --out pred.jsonl

Each output line is ``{"contract_id", "category", "label", "score", "spans"}``. Categories
that TermScore does not tag are written as negatives with score 0, so the scorer counts no
(contract, category) pair as missing.

``--model FILE`` tags with another trained model (``bench/train_cuad.py`` writes one) and
``--rules-only`` with the patterns alone; the default is the shipped model.

``--split tune|heldout`` keeps only one side of the fixed 80/20 split of contract ids used
while the patterns were tuned (seed 20261204); the default keeps every contract.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))

from termscore.analysis.cuad import load_categories, load_model, tag_document  # noqa: E402
from termscore.document import open_document  # noqa: E402
from termscore.errors import TermScoreError  # noqa: E402

SPLIT_SEED = 20261204
HELDOUT_FRACTION = 0.2


def split_ids(contract_ids: list[str]) -> tuple[set[str], set[str]]:
    """Return (tune, heldout) id sets: a fixed, seeded 80/20 shuffle of the sorted ids."""
    ids = sorted(set(contract_ids))
    random.Random(SPLIT_SEED).shuffle(ids)
    cut = round(len(ids) * HELDOUT_FRACTION)
    return set(ids[cut:]), set(ids[:cut])


def predict_one(args: tuple[str, str, str]) -> tuple[str, list[dict], float]:
    contract_id, folder, model_path = args
    path = Path(folder) / f"{contract_id}.txt"
    # "" means the shipped model, "-" patterns only; load_model caches per worker process.
    model = None if model_path == "-" else load_model(model_path or None)
    started = time.perf_counter()
    results = tag_document(open_document(path), model=model)
    return contract_id, results, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", required=True, type=Path, help="gold JSONL (cuad_dev.jsonl)")
    parser.add_argument("--contracts", required=True, type=Path,
                        help="folder of <contract_id>.txt files")
    parser.add_argument("--out", required=True, type=Path, help="predictions JSONL to write")
    parser.add_argument("--split", choices=("all", "tune", "heldout"), default="all",
                        help="contracts to predict: every one (default), or one side of the "
                             "fixed 80/20 tuning split")
    parser.add_argument("--limit", type=int, default=0,
                        help="predict only the first N contracts in gold-file order (0: all)")
    parser.add_argument("--gold-out", type=Path,
                        help="also write the gold lines of the predicted contracts here, so "
                             "that score.py scores a split or a subset on its own")
    parser.add_argument("--model", type=Path,
                        help="trained model JSON to use instead of the shipped "
                             "clause_library/cuad/model.json")
    parser.add_argument("--rules-only", action="store_true",
                        help="tag with the patterns alone, without any trained model")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    args = parser.parse_args(argv)
    if args.model and args.rules_only:
        parser.error("--model and --rules-only exclude each other; pass one of them")

    if not args.gold.is_file():
        parser.error(f"gold file {args.gold} not found; pass the path to cuad_dev.jsonl")
    if not args.contracts.is_dir():
        parser.error(f"contracts folder {args.contracts} not found; pass the contracts/ folder")

    pairs: dict[str, list[str]] = {}
    with args.gold.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                pairs.setdefault(record["contract_id"], []).append(record["category"])
    contract_ids = list(pairs)
    if args.split != "all":
        tune, heldout = split_ids(contract_ids)
        keep = tune if args.split == "tune" else heldout
        contract_ids = [c for c in contract_ids if c in keep]
    if args.limit:
        contract_ids = contract_ids[:args.limit]

    if args.gold_out:
        keep_ids = set(contract_ids)
        with args.gold.open(encoding="utf-8") as source, \
                args.gold_out.open("w", encoding="utf-8") as target:
            for line in source:
                if line.strip() and json.loads(line)["contract_id"] in keep_ids:
                    target.write(line)

    load_categories()
    model_path = "-" if args.rules_only else str(args.model or "")
    if args.model:
        load_model(model_path)  # report a missing or invalid file before starting workers
    jobs = [(cid, str(args.contracts), model_path) for cid in contract_ids]
    started = time.perf_counter()
    timings = []
    with Pool(max(1, args.jobs)) as pool, args.out.open("w", encoding="utf-8") as out:
        for contract_id, results, seconds in pool.imap(predict_one, jobs, chunksize=4):
            timings.append(seconds)
            by_name = {r["category"]: r for r in results}
            for category in pairs[contract_id]:
                result = by_name.get(category)
                row = {"contract_id": contract_id, "category": category,
                       "label": bool(result and result["present"]),
                       "score": result["score"] if result else 0.0,
                       "spans": [s["quote"] for s in result["spans"]] if result else []}
                out.write(json.dumps(row) + "\n")
    elapsed = time.perf_counter() - started
    timings.sort()
    if timings:
        print(f"{len(timings)} contracts in {elapsed:.1f} s; per contract median "
              f"{timings[len(timings) // 2] * 1000:.0f} ms, max {timings[-1] * 1000:.0f} ms",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except TermScoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
