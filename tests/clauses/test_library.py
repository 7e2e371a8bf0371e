"""Loading and validating the clause library; rendering clauses and the addendum."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from termscore.clauses import (library_to_dict, load_library, load_library_from,
                               render_addendum, render_clause)
from termscore.clauses.library import default_root
from termscore.errors import ClauseLibraryError, InvalidRequestError

RISKS = {"broad-license", "data-usage", "service-improvement", "ai-training",
         "derivative-works", "feedback", "output-ownership"}
PROTECTIONS = {"ai-training-prohibition", "data-segregation", "metadata-ownership",
               "audit-rights", "data-deletion", "survival", "limited-license",
               "ai-indemnification", "ip-assignment"}


@pytest.fixture
def library_copy(tmp_path) -> Path:
    """A writable copy of the library, for breaking one file at a time."""
    target = tmp_path / "lib"
    shutil.copytree(default_root(), target, ignore=shutil.ignore_patterns("cuad", "*.py"))
    return target


def test_library_has_required_rules():
    library = load_library()

    assert RISKS <= {r.id for r in library.risks()}
    assert PROTECTIONS <= {r.id for r in library.protections()}


def test_library_is_cached():
    assert load_library() is load_library()


def test_every_rule_remedy_names_a_clause():
    library = load_library()

    for rule in library.rules.values():
        assert rule.remedy["clause"] in library.clauses, rule.id


def test_every_protection_has_its_own_clause():
    library = load_library()

    for rule_id in PROTECTIONS:
        assert rule_id in library.clauses


def test_schema_error_names_file_and_line(library_copy):
    path = library_copy / "rules" / "feedback.yaml"
    text = path.read_text().replace("severity: low", "severity: urgent")
    path.write_text(text)
    line = text.splitlines().index("severity: urgent") + 1

    with pytest.raises(ClauseLibraryError) as caught:
        load_library_from(library_copy)

    assert caught.value.message.startswith(f"{path}:{line}: severity: 'urgent' is not one of")


def test_missing_field_is_reported(library_copy):
    path = library_copy / "rules" / "survival.yaml"
    path.write_text(re.sub(r"(?m)^title: .*\n", "", path.read_text()))

    with pytest.raises(ClauseLibraryError, match=r"survival\.yaml:1: .*'title' is a required"):
        load_library_from(library_copy)


def test_id_must_match_file_name(library_copy):
    path = library_copy / "rules" / "survival.yaml"
    path.write_text(path.read_text().replace("id: survival", "id: survives"))

    with pytest.raises(ClauseLibraryError, match=r"survival\.yaml:1: id 'survives' does not match"):
        load_library_from(library_copy)


def test_bad_pattern_names_its_line(library_copy):
    path = library_copy / "rules" / "derivative-works.yaml"
    lines = path.read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if "- pattern:" in line)
    lines[number] = "    - pattern: '(unclosed'"
    path.write_text("\n".join(lines) + "\n")

    with pytest.raises(ClauseLibraryError,
                       match=rf"derivative-works\.yaml:{number + 1}: invalid pattern"):
        load_library_from(library_copy)


def test_unknown_placeholder_is_rejected(library_copy):
    path = library_copy / "rules" / "feedback.yaml"
    path.write_text(path.read_text().replace("'\\bfeedback\\b', ", "'{FEEDBACK}', ", 1))

    with pytest.raises(ClauseLibraryError, match=r"unknown placeholder \{FEEDBACK\}"):
        load_library_from(library_copy)


def test_unknown_remedy_clause_is_rejected(library_copy):
    path = library_copy / "rules" / "feedback.yaml"
    path.write_text(path.read_text().replace("clause: feedback-limited", "clause: nowhere"))

    with pytest.raises(ClauseLibraryError, match=r"remedy.clause 'nowhere' is not a clause"):
        load_library_from(library_copy)


def test_invalid_yaml_names_line(library_copy):
    path = library_copy / "clauses" / "survival.yaml"
    path.write_text("id: survival\ntitle: [unclosed\n")

    with pytest.raises(ClauseLibraryError, match=r"survival\.yaml:\d+: invalid YAML"):
        load_library_from(library_copy)


def test_render_clause_uses_party_names():
    text = render_clause("audit-rights", {"customer": "Client", "provider": "Agency"},
                         notice_days=45)

    assert text.startswith("Client or an independent auditor appointed by Client may, on "
                           "forty-five (45) days' written notice, audit Agency's records")
    assert "Customer" not in text
    assert "Provider" not in text


def test_render_clause_deletion_days_default():
    text = render_clause("data-deletion", {"customer": "Company", "provider": "Contractor"})

    assert text.startswith("Within fourteen (14) days after the expiry or termination")
    assert "training" in text
    assert "backups" in text


def test_render_clause_rejects_bad_days():
    with pytest.raises(InvalidRequestError, match="deletion_days must be a whole number"):
        render_clause("data-deletion", deletion_days=0)


def test_render_clause_unknown_id():
    with pytest.raises(InvalidRequestError, match="unknown clause 'nope'"):
        render_clause("nope")


def test_addendum_structure():
    addendum = render_addendum("Client", "Agency", notice_days=60, deletion_days=7)

    assert addendum[0] == {"text": "AI Training and Data Use Addendum", "role": "title",
                           "level": 0, "number": ""}
    headings = [item for item in addendum if item["role"] == "heading"]
    assert [h["number"] for h in headings] == [f"{n}." for n in range(1, len(headings) + 1)]
    clause_numbers = [item["number"] for item in addendum if item["role"] == "clause"
                      and item["number"]]
    assert clause_numbers[:2] == ["1.1", "2.1"]
    text = addendum.to_text()
    assert "sixty (60) days' written notice" in text
    assert "seven (7) days" in text
    assert "Agency shall not use" in text


def test_addendum_survival_covers_itself():
    addendum = render_addendum()
    last_section = [item for item in addendum if item["role"] == "heading"][-1]
    after = addendum[addendum.index(last_section) + 1:]

    assert last_section["text"] == "Survival and precedence"
    assert any("This Addendum, and every obligation in it, survives" in item["text"]
               for item in after)


def test_addendum_covers_every_protection():
    library = load_library()
    placed = {cid for section in library.addendum["sections"] for cid in section["clauses"]}

    assert PROTECTIONS <= placed


def test_library_to_dict_shape():
    data = library_to_dict()

    ids = {rule["id"] for rule in data["rules"]}
    assert RISKS | PROTECTIONS <= ids
    first = data["rules"][0]
    assert set(first) >= {"id", "kind", "title", "severity", "explanation", "references",
                          "remedy", "examples"}
    assert data["addendum"]["title"] == "AI Training and Data Use Addendum"


def test_render_clause_accepts_audit_parties():
    from termscore.analysis.terms import Parties

    parties = Parties(customer="Client", provider="Agency", protected_side="provider")

    text = render_clause("ai-training-prohibition", parties)

    assert text.startswith("Client shall not use")
    assert "Agency's data" in text


@pytest.mark.parametrize("customer, provider", [("Customer", "Provider"), ("Client", "Agency"),
                                                ("Company", "Contractor")])
def test_addendum_audits_clean(customer, provider):
    from termscore.analysis import audit
    from termscore.plaintext import read_text

    text = render_addendum(customer, provider).to_text()

    result = audit(read_text(text.encode("utf-8"), name="addendum.txt"),
                   options={"cuad": False})

    assert [f.rule for f in result.findings] == []
    assert result.score == 100
    assert all(p.present for p in result.protections)


@pytest.mark.parametrize("clause_id", sorted(load_library().clauses))
def test_protective_clause_audits_clean(clause_id):
    from termscore.analysis import audit
    from termscore.plaintext import read_text

    library = load_library()
    text = render_clause(clause_id, {"customer": "Customer", "provider": "Provider",
                                     "data": "Customer Data"})

    result = audit(read_text(text.encode("utf-8"), name="clause.txt"), options={"cuad": False})

    assert [f.rule for f in result.findings if f.kind == "risk"] == []
    rule = library.rules.get(clause_id)
    if rule is not None and rule.kind == "protection":
        assert next(p for p in result.protections if p.id == clause_id).present
