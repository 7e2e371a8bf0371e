"""The trained CUAD sentence model: the shipped weights, the JSON checks and its use in tagging."""

import json
import math
import sys

import pytest

from termscore.analysis import cuad
from termscore.errors import ClauseLibraryError

# Probabilities of the shipped model.json for two fixed sentences. Retraining changes them,
# so update these values together with the model file.
AUDIT_SENTENCE = ("Licensor shall have the right, upon thirty days' prior written notice, to "
                  "audit the books and records of Licensee.")
NEUTRAL_SENTENCE = "The Supplier shall deliver the goods to the warehouse on Monday."
KNOWN_PROBABILITIES = {
    (AUDIT_SENTENCE, "Audit Rights"): 0.974202,
    (NEUTRAL_SENTENCE, "Audit Rights"): 0.002646,
    (NEUTRAL_SENTENCE, "Anti-Assignment"): 0.000365,
}


def probability(model, text, category):
    sentence = cuad.Sentence("body", "text", 0, 0, len(text), text)
    rules = {c.name: [c.score_masked(sentence.masked)] for c in cuad.load_categories()}
    return model.score_sentences([sentence], rules)[category][0]


def tiny_model(**overrides):
    entry = {"threshold": 0.5, "bias": -3.0, "rule_weight": 0.0,
             "weights": {"deliver": 2.0, "the goods": 2.0}}
    entry.update(overrides)
    return {"format": cuad.MODEL_FORMAT, "categories": {"Audit Rights": entry}}


def test_shipped_model_loads_once():
    model = cuad.load_model()

    assert model is not None
    assert cuad.load_model() is model
    assert set(model.categories) <= {c.name for c in cuad.load_categories()}
    assert all(0 < c.threshold < 1 for c in model.categories.values())


@pytest.mark.parametrize("case", list(KNOWN_PROBABILITIES), ids=lambda c: f"{c[1]}:{c[0][:20]}")
def test_shipped_model_known_probability(case):
    text, category = case
    model = cuad.load_model()
    if category not in model.categories:
        pytest.skip(f"the shipped model leaves {category} to the patterns")

    value = probability(model, text, category)

    assert value == pytest.approx(KNOWN_PROBABILITIES[case], abs=1e-4)


def test_sentence_features_words_and_pairs():
    features = cuad.sentence_features(cuad.mask_inner_periods("See Section 7.2 now.").lower())

    assert features == {"see", "section", "now", "see section", "section now"}


@pytest.mark.parametrize("text", [AUDIT_SENTENCE, NEUTRAL_SENTENCE,
                                  "Neither party may assign this Agreement without consent."])
def test_weighted_features_match_full_set(text):
    model = cuad.load_model()
    masked = cuad.mask_inner_periods(text).lower()

    expected = cuad.sentence_features(masked) & set(model.index)

    assert model.weighted_features(masked) == expected


def test_tiny_model_probability_is_logistic():
    model = cuad.parse_model(tiny_model())

    value = probability(model, "The Supplier shall deliver the goods.", "Audit Rights")

    assert value == pytest.approx(1 / (1 + math.exp(-1.0)))


def test_tag_sentences_uses_model_threshold():
    model = cuad.parse_model(tiny_model())
    text = "The Supplier shall deliver the goods."
    sentences = [cuad.Sentence("body", "text", 3, 0, len(text), text)]

    with_model = {r["category"]: r for r in cuad.tag_sentences(sentences, model=model)}
    rules_only = {r["category"]: r for r in cuad.tag_sentences(sentences, model=None)}

    assert with_model["Audit Rights"]["present"] is True
    assert with_model["Audit Rights"]["score"] == pytest.approx(0.7311, abs=1e-4)
    assert with_model["Audit Rights"]["spans"][0]["index"] == 3
    assert rules_only["Audit Rights"]["present"] is False
    assert rules_only["Audit Rights"]["score"] == 0.0


def test_either_combine_accepts_pattern_match():
    audit = next(c for c in cuad.load_categories() if c.name == "Audit Rights")
    text = audit.examples["match"][0]
    sentences = [cuad.Sentence("body", "text", 0, 0, len(text), text)]
    model = cuad.parse_model(tiny_model(combine="either", threshold=0.9, bias=-10.0))
    rule = audit.score(text)

    result = next(r for r in cuad.tag_sentences(sentences, model=model)
                  if r["category"] == "Audit Rights")

    assert result["present"] is True
    assert result["score"] == pytest.approx(round(min(1.0, rule * 0.9 / audit.threshold), 4))


@pytest.mark.parametrize("data, message", [
    ({"format": 99, "categories": {}}, "model format 99"),
    ({"format": cuad.MODEL_FORMAT}, "'categories'"),
    (tiny_model(threshold=1.5), "threshold 1.5"),
    (tiny_model(bias="high"), "'bias' is 'high'"),
    (tiny_model(weights={"audit": float("nan")}), "weight of 'audit'"),
    (tiny_model(combine="both"), "combine 'both'"),
])
def test_parse_model_rejects_bad_json(data, message):
    with pytest.raises(ClauseLibraryError, match=message):
        cuad.parse_model(data, "bad.json")


def test_load_model_missing_file_names_path(tmp_path):
    missing = tmp_path / "absent.json"

    with pytest.raises(ClauseLibraryError, match="absent.json not found"):
        cuad.load_model(str(missing))


def test_load_model_invalid_json(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")

    with pytest.raises(ClauseLibraryError, match="broken.json: invalid JSON"):
        cuad.load_model(str(path))


def test_load_model_reads_written_file(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps(tiny_model()), encoding="utf-8")

    model = cuad.load_model(str(path))

    assert model.names == ["Audit Rights"]
    assert model.index["the goods"] == [(0, 2.0)]


@pytest.fixture(scope="module")
def train_cuad(repo_root):
    pytest.importorskip("numpy")
    pytest.importorskip("sklearn")
    sys.path.insert(0, str(repo_root / "bench"))
    try:
        import train_cuad
    finally:
        sys.path.pop(0)
    return train_cuad


@pytest.mark.parametrize("sentence, expected", [
    ("This Agreement shall be governed by the laws of New York.", True),
    ("governed by the laws of New York", True),
    ("The Supplier shall deliver the goods on Monday morning.", False),
    ("Term.", False),
])
def test_overlaps_span_labels_sentences(train_cuad, sentence, expected):
    gold = "This Agreement shall be governed by the laws of New York, without regard to conflicts."
    spans = [(train_cuad._normalise(gold), train_cuad._words(gold))]

    assert train_cuad.overlaps_span(sentence, spans) is expected
