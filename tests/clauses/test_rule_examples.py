"""Every example sentence of every rule in the clause library, run through the audit."""

from __future__ import annotations

import pytest

from termscore.analysis import audit
from termscore.clauses import load_library
from termscore.plaintext import read_text

LIBRARY = load_library()


def _cases():
    for rule in sorted(LIBRARY.rules.values(), key=lambda r: r.id):
        for expect in ("flag", "pass"):
            for n, text in enumerate(rule.examples[expect]):
                yield pytest.param(rule.id, expect, text, id=f"{rule.id}-{expect}-{n}")
        for n, example in enumerate(rule.examples.get("xfail", [])):
            yield pytest.param(rule.id, example["expect"], example["text"],
                               id=f"{rule.id}-xfail-{n}",
                               marks=pytest.mark.xfail(reason=example["reason"], strict=True))


def detected(rule_id: str, text: str) -> bool:
    """Tell whether the rule flags the sentence (risk) or finds the protection."""
    document = read_text(text.encode("utf-8"), name="example.txt")
    result = audit(document, rules=[rule_id], options={"cuad": False})
    rule = LIBRARY.rules[rule_id]
    if rule.kind == "risk":
        return any(f.rule == rule_id and f.kind == "risk" for f in result.findings)
    return result.protections[0].present


@pytest.mark.parametrize("rule_id, expect, text", list(_cases()))
def test_rule_example(rule_id, expect, text):
    assert detected(rule_id, text) is (expect == "flag"), text


def test_every_rule_has_three_of_each():
    for rule in LIBRARY.rules.values():
        assert len(rule.examples["flag"]) >= 3, rule.id
        assert len(rule.examples["pass"]) >= 3, rule.id
