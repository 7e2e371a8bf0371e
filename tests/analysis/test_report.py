"""Table, HTML and SARIF reports built from audit results."""

from __future__ import annotations

import json

from termscore.analysis import audit
from termscore.analysis.report import to_html, to_sarif, to_table
from termscore.plaintext import read_text

HOSTILE = ('<script>alert(1)</script> Provider may use Customer Data to train machine '
           'learning models & "more".')


def result_dict(text=HOSTILE, name="<b>evil</b>.txt"):
    return audit(read_text(text.encode("utf-8"), name=name), options={"cuad": False}).to_dict()


def test_html_escapes_document_text():
    page = to_html([result_dict()])

    assert "<script>" not in page
    assert "alert(1)&lt;/script&gt; Provider may use" in page
    assert "&amp; &quot;more&quot;." in page
    assert "<b>evil</b>" not in page
    assert "&lt;b&gt;evil&lt;/b&gt;.txt" in page


def test_html_is_self_contained():
    page = to_html([result_dict()])

    assert page.startswith("<!DOCTYPE html>")
    assert "<svg" in page
    assert "TermScore" in page
    assert "src=" not in page
    assert "href=" not in page
    assert "<script" not in page


def test_html_shows_score_and_findings():
    data = result_dict()
    page = to_html([data])

    assert f"TermScore {data['score']}/100" in page
    assert "Your data may be used to train AI models" in page


def test_sarif_shape():
    data = result_dict()
    log = to_sarif([data])

    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "TermScore"
    rule_ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert "ai-training" in rule_ids
    result = next(r for r in run["results"] if r["ruleId"] == "ai-training")
    assert result["level"] == "error"
    assert result["partialFingerprints"]["termscoreFindingId/v1"].startswith("ai-training:")
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "ai-training"
    assert run["artifacts"][0]["properties"]["score"] == data["score"]
    json.dumps(log)


def test_table_lists_findings_without_markup():
    text = to_table([result_dict(text="[bold]x[/bold] Provider may use Customer Data to "
                                       "train machine learning models.")], width=200)

    assert "TermScore" in text
    assert "ai-training" in text
    assert "[bold]x[/bold]" in text
    assert "\x1b[" not in text


def test_table_shows_protection_warning():
    data = result_dict(text="Customer may audit Provider's compliance once per year.")

    text = to_table([data], width=200)

    assert "audit-rights: The audit right states no notice period" in text


def test_missing_finding_says_after():
    data = result_dict()

    text = to_table([data], width=200)

    assert "after ¶0" in text


def test_where_cites_clause_label():
    from termscore.analysis.report import _where, display_label

    assert display_label("16.") == "16"
    assert display_label("(a)") == "(a)"
    assert display_label("2.1") == "2.1"
    assert display_label("IV.") == "IV"
    assert _where({"story": "body", "label": "16.", "index": 36}, "missing") == \
        "after clause 16, ¶36"
    assert _where({"story": "body", "label": "4.2", "index": 12}) == "clause 4.2, ¶12"
    assert _where({"story": "footer", "label": "", "index": 0}) == "footer, ¶0"
    assert _where({"story": "body", "index": None}) == "end of document"
