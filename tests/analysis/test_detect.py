"""Negation, provisos, list items, actors and definitions in the detection engine."""

from __future__ import annotations

import pytest

from termscore.analysis import audit
from termscore.analysis.clauses import segment_units
from termscore.analysis.detect import split_sentences
from termscore.model import Paragraph
from termscore.plaintext import read_text


def para(index, text, label="", level=None):
    return Paragraph(story="body", part="word/document.xml", index=index, text=text,
                     original=text, label=label, level=level)


def flagged(text: str, rule: str | None = None) -> list:
    document = read_text(text.encode("utf-8"), name="t.txt")
    result = audit(document, options={"cuad": False})
    return [f for f in result.findings if f.kind == "risk" and (rule is None or f.rule == rule)]


@pytest.mark.parametrize("text", [
    "Provider shall not use Customer Data to train machine learning models.",
    "Provider will never use Customer Data to train any AI model.",
    "Nothing in this Agreement permits Provider to use Customer Data to train models.",
    "In no event may Provider use Customer Data to train artificial intelligence models.",
    "Provider is prohibited from using Customer Data to train machine learning models.",
    "No Customer Data may be used to train machine learning models.",
    "Neither party may use the other party's data to train machine learning models.",
    "Provider shall not, and shall ensure that its subcontractors do not, use Customer Data "
    "to train machine learning models.",
    "Except as set out in Section 5, Provider shall not use Customer Data to train models.",
    "Provider will not use Customer Data to train models unless Customer opts in.",
])
def test_negated_training_not_flagged(text):
    assert flagged(text, "ai-training") == []


def test_exception_after_prohibition_is_flagged():
    text = ("Provider shall not use Customer Data for any purpose, except that Provider may "
            "use Customer Data to train its machine learning models.")

    found = flagged(text, "ai-training")

    assert [f.location["quote"] for f in found] == [
        ", except that Provider may use Customer Data to train its machine learning models"]
    assert found[0].suggestion["action"] == "delete"


def test_exclusion_after_permission_is_not_a_grant():
    text = ("Provider may use Customer Data to provide the Services, excluding any training "
            "of machine learning models.")

    assert flagged(text, "ai-training") == []


def test_suggestions_without_ai_word():
    found = flagged("We may use Suggestions to improve our algorithms.", "ai-training")

    assert len(found) == 1


def test_defined_term_feeds_data_placeholder():
    text = ('"Telemetry Bundle" means technical records collected from the Software.\n\n'
            "Vendor may use the Telemetry Bundle to train its machine learning models.")

    found = flagged(text, "ai-training")

    assert [f.location["index"] for f in found] == [1]


def test_definition_sentence_is_not_read():
    text = '"Training" means the use of Customer Data to train or improve a model.'

    assert flagged(text) == []


def test_customer_as_actor_not_flagged():
    assert flagged("Customer may use Outputs to train its own machine learning models.",
                   "ai-training") == []


def test_list_items_inherit_negation():
    paragraphs = [para(0, "Provider shall not:", "5."),
                  para(1, "sell Customer Data;", "(a)", 1),
                  para(2, "use Customer Data to train machine learning models; or", "(b)", 1),
                  para(3, "disclose Customer Data to third parties.", "(c)", 1)]
    from termscore.model import Document

    result = audit(Document(format="docx", paragraphs=paragraphs), options={"cuad": False})

    assert [f for f in result.findings if f.kind == "risk"] == []


def test_inline_items_inherit_negation():
    text = ("Customer will not (a) sell the Service, (b) reverse engineer the Service, except "
            "to the extent permitted by law, (c) create derivative works of Customer Data or "
            "the Service.")

    assert flagged(text, "derivative-works") == []


def test_split_sentences_keeps_abbreviations():
    text = "Provider may, e.g. for support, use data. Customer may audit under 17 U.S.C. rules."

    spans = split_sentences(text)

    assert [text[s:e] for s, e in spans] == [
        "Provider may, e.g. for support, use data.",
        "Customer may audit under 17 U.S.C. rules."]


def test_sentences_never_cross_paragraphs():
    units = segment_units([para(0, "Grant to:", "1."), para(1, "use data", "(a)", 1)])

    spans = split_sentences(units[0].text)

    assert [units[0].text[s:e] for s, e in spans] == ["Grant to:", "use data"]


def test_typographic_text_keeps_offsets():
    text = "Provider\u00a0may use Customer\u2019s data to train machine\u00adlearning models."

    found = flagged(text, "ai-training")

    assert len(found) == 1
    assert found[0].location["quote"] == text
    assert found[0].location["start"] == 0
    assert found[0].location["end"] == len(text)


@pytest.mark.parametrize("text", [
    "Provider may not only host Customer Data but also use it to train its models.",
    "Provider shall not be limited in its use of Customer Data to train models.",
    "Customer acknowledges that Provider may use Customer Data to train models.",
    "Provider may use Customer Data to train models, provided that Provider shall not "
    "disclose Customer Data.",
    "Provider will not sell Customer Data, but may use it to train its machine learning models.",
])
def test_permission_despite_negation_words(text):
    assert len(flagged(text, "ai-training")) == 1


def test_number_can_end_a_sentence():
    text = 'Agreements are listed in Schedule 5.0. "Exploit" shall mean to use.'

    spans = split_sentences(text)

    assert [text[s:e] for s, e in spans] == ["Agreements are listed in Schedule 5.0.",
                                             '"Exploit" shall mean to use.']
