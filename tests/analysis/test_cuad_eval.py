"""bench/cuad_eval.py on a few CUAD contracts, scored by the benchmark's own score.py."""

import dataclasses
import json
import subprocess
import sys

import pytest

from termscore.analysis import cuad

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def benchmark(corpus_dir):
    folder = corpus_dir / "benchmarks"
    if not (folder / "cuad_dev.jsonl").is_file():
        pytest.skip(f"CUAD benchmark not found in {folder}")
    return folder


def run_eval(repo_root, benchmark, out, gold_out, *extra):
    command = [sys.executable, str(repo_root / "bench" / "cuad_eval.py"),
               "--gold", str(benchmark / "cuad_dev.jsonl"),
               "--contracts", str(benchmark / "contracts"),
               "--out", str(out), "--gold-out", str(gold_out), *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_eval_output_is_accepted_by_scorer(repo_root, benchmark, tmp_path):
    out, gold_out = tmp_path / "pred.jsonl", tmp_path / "gold.jsonl"

    done = run_eval(repo_root, benchmark, out, gold_out, "--limit", "10", "--jobs", "1")

    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    gold = [json.loads(line) for line in gold_out.read_text().splitlines()]
    assert len({r["contract_id"] for r in rows}) == 10
    assert len(rows) == len(gold) == 10 * 41
    assert {(r["contract_id"], r["category"]) for r in rows} == \
        {(g["contract_id"], g["category"]) for g in gold}
    for row in rows:
        assert set(row) == {"contract_id", "category", "label", "score", "spans"}
        assert isinstance(row["label"], bool)
        assert 0.0 <= row["score"] <= 1.0
        assert all(isinstance(span, str) and span for span in row["spans"])
        assert row["spans"] == [] or row["label"]

    scored = subprocess.run(
        [sys.executable, str(benchmark / "score.py"), str(out), str(gold_out), "--quiet",
         "--json", str(tmp_path / "scores.json")],
        capture_output=True, text=True, timeout=120)

    assert scored.returncode == 0, scored.stderr
    figures = json.loads((tmp_path / "scores.json").read_text())
    assert figures["missing"] == 0
    assert len(figures["per_category"]) == 17
    assert 0.0 < figures["macro"]["f1"] <= 1.0


def test_eval_split_is_fixed_and_disjoint(repo_root):
    sys.path.insert(0, str(repo_root / "bench"))
    try:
        import cuad_eval
    finally:
        sys.path.pop(0)
    ids = [f"contract-{n:03d}" for n in range(306)]

    tune, heldout = cuad_eval.split_ids(ids)

    assert len(heldout) == 61
    assert len(tune) == 245
    assert not tune & heldout
    assert cuad_eval.split_ids(list(reversed(ids))) == (tune, heldout)


def test_trigger_covers_every_pattern_match(benchmark):
    # A trigger only skips work: a sentence that scores above 0 without the trigger must
    # also match it.
    paths = sorted((benchmark / "contracts").glob("*.txt"))[:20]
    sentences = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        sentences.extend(cuad.mask_inner_periods(text[start:end]).lower()
                         for start, end in cuad.split_sentences(text))

    for category in cuad.load_categories():
        untriggered = dataclasses.replace(category, trigger=None)
        missed = [s for s in sentences
                  if category.trigger is not None and not category.trigger.search(s)
                  and untriggered.score_masked(s) > 0]

        assert missed == [], f"{category.source}: trigger misses {missed[0][:120]!r}"
