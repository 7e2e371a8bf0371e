#!/usr/bin/env python3
"""Train the CUAD sentence model (clause_library/cuad/model.json) from the CUAD dev data.

    python bench/train_cuad.py --gold cuad_dev.jsonl --contracts contracts/ \\
        --split tune --out /tmp/model_tune.json --report /tmp/cv_tune.json

Needs the ``train`` extra (numpy, scipy, scikit-learn); the model it writes is read at run
time by ``termscore.analysis.cuad`` in pure Python.

Every sentence of a contract is one example per category: positive when it overlaps a gold
answer span of that category. The features are the words and word pairs of
``cuad.sentence_features`` plus the category's pattern score. One L1-regularised logistic
regression per category is fitted, and a contract has the category when its best sentence
probability reaches a threshold.

Model selection is cross-validated: the contracts of ``--split`` are cut into ``--folds``
folds grouped by contract, and each fold is scored by a model trained on the others. The
regularisation strength, each category's threshold and its combination (patterns alone,
model alone, or either of them) are picked on those out-of-fold scores only. The final weights are then fitted on
every contract of ``--split``.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import re
import sys
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

try:
    import numpy as np
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression
except ImportError as exc:  # pragma: no cover - depends on the environment
    sys.exit(f"error: {exc}; install the training extra: pip install -e '.[train]'")

from cuad_eval import split_ids  # noqa: E402
from termscore.analysis import cuad  # noqa: E402
from termscore.document import open_document  # noqa: E402

FOLD_SEED = 20261205
# A feature must occur in this many training contracts to get a weight, so that a word
# from one contract's party names cannot become a rule.
MIN_CONTRACTS = 3
C_GRID = (0.1, 0.3, 1.0)
THRESHOLD_GRID = tuple(round(0.05 * step, 2) for step in range(2, 20))
# Weights below this magnitude are left out of the JSON: each moves a log-odds by less than
# 0.001.
MIN_WEIGHT = 1e-3

_PUNCTUATION = re.compile(r"[.,;:]")


def _words(text: str) -> frozenset[str]:
    # The word normalisation of CUAD's evaluate.py and of score.py.
    return frozenset(_PUNCTUATION.sub("", text.lower()).replace("/", " ").split())


def _normalise(text: str) -> str:
    return " ".join(_PUNCTUATION.sub("", text.lower()).split())


def overlaps_span(sentence: str, spans: list[tuple[str, frozenset[str]]]) -> bool:
    """Tell whether a sentence is part of a gold span (or contains one).

    Paragraph text joins the lines of the .txt file, so spans are matched on normalised
    text rather than on character offsets: one contains the other, or the word sets have a
    Jaccard similarity of at least 0.5.
    """
    norm = _normalise(sentence)
    if len(norm) < 12:
        return False
    words = _words(sentence)
    for span_norm, span_words in spans:
        if len(span_norm) >= 12 and (norm in span_norm or span_norm in norm):
            return True
        union = len(words | span_words)
        if union and len(words & span_words) / union >= 0.5:
            return True
    return False


def extract_contract(args: tuple[str, str, dict[str, list[str]]]) -> dict:
    """Return the sentences of one contract: features, pattern scores and gold labels."""
    contract_id, folder, gold_spans = args
    document = open_document(Path(folder) / f"{contract_id}.txt")
    sentences = cuad._sentences(document.story("body"))
    categories = cuad.load_categories()
    spans = {name: [(_normalise(s), _words(s)) for s in texts]
             for name, texts in gold_spans.items()}
    rows = []
    for sentence in sentences:
        rows.append({
            "features": sorted(cuad.sentence_features(sentence.masked)),
            "rules": [c.score_masked(sentence.masked) for c in categories],
            "labels": [overlaps_span(sentence.text, spans.get(c.name, [])) for c in categories],
        })
    return {"contract_id": contract_id, "sentences": rows}


def load_data(gold: Path, contracts: Path, cache: Path | None, jobs: int) -> dict:
    if cache and cache.is_file():
        with cache.open("rb") as handle:
            return pickle.load(handle)
    names = [c.name for c in cuad.load_categories()]
    gold_labels: dict[str, dict[str, bool]] = {}
    gold_spans: dict[str, dict[str, list[str]]] = {}
    with gold.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            if record["category"] not in names:
                continue
            cid = record["contract_id"]
            gold_labels.setdefault(cid, {})[record["category"]] = bool(record["label"])
            gold_spans.setdefault(cid, {})[record["category"]] = record["spans"] or []
    jobs_list = [(cid, str(contracts), gold_spans[cid]) for cid in gold_labels]
    with Pool(max(1, jobs)) as pool:
        extracted = pool.map(extract_contract, jobs_list, chunksize=4)
    data = {"names": names, "gold": gold_labels,
            "contracts": {item["contract_id"]: item["sentences"] for item in extracted}}
    if cache:
        with cache.open("wb") as handle:
            pickle.dump(data, handle)
    return data


class Matrix:
    """Sentence rows of a set of contracts as a sparse matrix over a fixed vocabulary."""

    def __init__(self, data: dict, contract_ids: list[str], vocabulary: dict[str, int]):
        rows, cols, owners, rules, labels = [], [], [], [], []
        number = 0
        for position, cid in enumerate(contract_ids):
            for sentence in data["contracts"][cid]:
                for feature in sentence["features"]:
                    column = vocabulary.get(feature)
                    if column is not None:
                        rows.append(number)
                        cols.append(column)
                owners.append(position)
                rules.append(sentence["rules"])
                labels.append(sentence["labels"])
                number += 1
        self.words = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                                       shape=(number, len(vocabulary)))
        self.owners = np.array(owners, dtype=np.int32)
        self.rules = np.array(rules, dtype=np.float32).reshape(number, len(data["names"]))
        self.labels = np.array(labels, dtype=bool).reshape(number, len(data["names"]))
        self.contract_ids = contract_ids

    def features(self, category: int):
        return sparse.hstack([self.words, sparse.csr_matrix(self.rules[:, [category]])],
                             format="csr")

    def contract_max(self, values) -> np.ndarray:
        out = np.zeros(len(self.contract_ids))
        np.maximum.at(out, self.owners, values)
        return out


def build_vocabulary(data: dict, contract_ids: list[str]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for cid in contract_ids:
        seen = set()
        for sentence in data["contracts"][cid]:
            seen.update(sentence["features"])
        counts.update(seen)
    kept = sorted(f for f, n in counts.items() if n >= MIN_CONTRACTS)
    return {feature: column for column, feature in enumerate(kept)}


def fit(matrix: Matrix, category: int, c_value: float) -> LogisticRegression | None:
    y = matrix.labels[:, category]
    if y.sum() == 0:
        return None
    # l1_ratio=1 is the L1 penalty (scikit-learn 1.8 replaced ``penalty`` with it). L1 keeps
    # at most a few hundred weights per category, so the shipped JSON stays small.
    model = LogisticRegression(l1_ratio=1.0, C=c_value, solver="liblinear", max_iter=200)
    model.fit(matrix.features(category), y)
    return model


def f1(predicted: np.ndarray, gold: np.ndarray) -> float:
    tp = int((predicted & gold).sum())
    fp = int((predicted & ~gold).sum())
    fn = int((~predicted & gold).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def gold_matrix(data: dict, contract_ids: list[str]) -> np.ndarray:
    return np.array([[data["gold"][cid].get(name, False) for name in data["names"]]
                     for cid in contract_ids], dtype=bool)


def rule_present(data: dict, contract_ids: list[str]) -> np.ndarray:
    categories = cuad.load_categories()
    thresholds = np.array([c.threshold for c in categories])
    empty = [[0.0] * len(thresholds)]
    best = np.array([np.max([s["rules"] for s in data["contracts"][cid]] or empty, axis=0)
                     for cid in contract_ids])
    return best >= thresholds


def cross_validate(data: dict, contract_ids: list[str], folds: int, c_value: float) -> np.ndarray:
    """Return out-of-fold best-sentence probabilities, shape (contracts, categories)."""
    order = sorted(contract_ids)
    random.Random(FOLD_SEED).shuffle(order)
    fold_of = {cid: number % folds for number, cid in enumerate(order)}
    out = np.zeros((len(contract_ids), len(data["names"])))
    for fold in range(folds):
        train_ids = [cid for cid in contract_ids if fold_of[cid] != fold]
        test_ids = [cid for cid in contract_ids if fold_of[cid] == fold]
        vocabulary = build_vocabulary(data, train_ids)
        train = Matrix(data, train_ids, vocabulary)
        test = Matrix(data, test_ids, vocabulary)
        positions = [contract_ids.index(cid) for cid in test_ids]
        for category in range(len(data["names"])):
            model = fit(train, category, c_value)
            if model is None:
                continue
            probabilities = model.predict_proba(test.features(category))[:, 1]
            out[positions, category] = test.contract_max(probabilities)
        print(f"  C={c_value} fold {fold + 1}/{folds} done", file=sys.stderr)
    return out


def choose(out_of_fold: np.ndarray, gold: np.ndarray, rules: np.ndarray,
           names: list[str]) -> dict[str, dict]:
    """Pick each category's threshold and combination on out-of-fold scores.

    The candidates are the patterns alone, the model alone, and "either" (model or
    patterns). Ties go to the simpler one, patterns first: they are readable and need no
    retraining.
    """
    choices = {}
    for category, name in enumerate(names):
        truth = gold[:, category]
        rule_f1 = f1(rules[:, category], truth)
        best = {"use_model": False, "combine": "rules", "threshold": 0.5,
                "cv_f1": round(rule_f1, 4)}
        for combine in ("model", "either"):
            for threshold in THRESHOLD_GRID:
                predicted = out_of_fold[:, category] >= threshold
                if combine == "either":
                    predicted = predicted | rules[:, category]
                value = f1(predicted, truth)
                if round(value, 4) > best["cv_f1"]:
                    best = {"use_model": True, "combine": combine, "threshold": threshold,
                            "cv_f1": round(value, 4)}
        best["rules_f1"] = round(rule_f1, 4)
        choices[name] = best
    return choices


def export(data: dict, contract_ids: list[str], c_value: float, choices: dict) -> dict:
    vocabulary = build_vocabulary(data, contract_ids)
    features = list(vocabulary)
    matrix = Matrix(data, contract_ids, vocabulary)
    categories = {}
    for category, name in enumerate(data["names"]):
        if not choices[name]["use_model"]:
            continue
        model = fit(matrix, category, c_value)
        if model is None:
            continue
        coefficients = model.coef_[0]
        weights = {features[column]: round(float(coefficients[column]), 4)
                   for column in np.flatnonzero(np.abs(coefficients[:-1]) >= MIN_WEIGHT)}
        categories[name] = {"threshold": choices[name]["threshold"],
                            "combine": choices[name]["combine"],
                            "bias": round(float(model.intercept_[0]), 4),
                            "rule_weight": round(float(coefficients[-1]), 4),
                            "weights": dict(sorted(weights.items()))}
    return {"format": cuad.MODEL_FORMAT,
            "trained_on": f"{len(contract_ids)} CUAD v1 dev contracts (CC BY 4.0)",
            "features": "cuad.sentence_features words and word pairs, plus the pattern score",
            "C": c_value, "categories": categories}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", required=True, type=Path, help="gold JSONL (cuad_dev.jsonl)")
    parser.add_argument("--contracts", required=True, type=Path,
                        help="folder of <contract_id>.txt files")
    parser.add_argument("--out", required=True, type=Path, help="model JSON to write")
    parser.add_argument("--split", choices=("all", "tune"), default="all",
                        help="contracts to train on: every dev contract (default) or the "
                             "tuning side of the fixed 80/20 split of bench/cuad_eval.py")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    parser.add_argument("--report", type=Path,
                        help="write the cross-validated choices and F1 figures here as JSON")
    parser.add_argument("--cache", type=Path,
                        help="pickle of the extracted sentences, read when present and "
                             "written otherwise, to skip the slow first step on reruns")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    args = parser.parse_args(argv)

    if not args.gold.is_file():
        parser.error(f"gold file {args.gold} not found; pass the path to cuad_dev.jsonl")
    if not args.contracts.is_dir():
        parser.error(f"contracts folder {args.contracts} not found; pass the contracts/ folder")
    if args.folds < 2:
        parser.error(f"--folds {args.folds} must be at least 2")

    started = time.perf_counter()
    data = load_data(args.gold, args.contracts, args.cache, args.jobs)
    contract_ids = sorted(data["gold"])
    if args.split == "tune":
        tune, _ = split_ids(contract_ids)
        contract_ids = [cid for cid in contract_ids if cid in tune]
    print(f"{len(contract_ids)} contracts read in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)

    gold = gold_matrix(data, contract_ids)
    rules = rule_present(data, contract_ids)
    names = data["names"]
    trials = {}
    for c_value in C_GRID:
        out_of_fold = cross_validate(data, contract_ids, args.folds, c_value)
        choices = choose(out_of_fold, gold, rules, names)
        # NOTE: for a category left to the patterns this averages in their F1 on the same
        # contracts, which were used to write the patterns, so it is optimistic.
        macro = float(np.mean([ch["cv_f1"] for ch in choices.values()]))
        trials[c_value] = {"macro_f1": round(macro, 4), "choices": choices}
        print(f"C={c_value}: cross-validated macro F1 {macro:.3f}", file=sys.stderr)
    best_c = max(trials, key=lambda c: trials[c]["macro_f1"])
    choices = trials[best_c]["choices"]

    model = export(data, contract_ids, best_c, choices)
    args.out.write_text(json.dumps(model, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    if args.report:
        report = {"contracts": len(contract_ids), "folds": args.folds, "chosen_C": best_c,
                  "rules_macro_f1": round(float(np.mean([f1(rules[:, i], gold[:, i])
                                                         for i in range(len(names))])), 4),
                  "trials": {str(c): t for c, t in trials.items()}}
        args.report.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    used = sorted(model["categories"])
    print(f"wrote {args.out}: C={best_c}, model used for {len(used)} of {len(names)} categories "
          f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
