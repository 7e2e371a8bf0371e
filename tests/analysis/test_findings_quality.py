"""What a lawyer checks first: applicable protections, right parties, one coherent edit.

Each test audits a real contract of the shared corpus and asserts exact values.
"""

from __future__ import annotations

import pytest

from termscore.analysis import audit
from termscore.document import open_document

_CACHE: dict[str, object] = {}


@pytest.fixture
def audited(corpus_dir):
    def run(name: str, **kwargs):
        key = name + repr(sorted(kwargs.items()))
        if key not in _CACHE:
            document = open_document(corpus_dir / "contracts" / name)
            _CACHE[key] = audit(document, options={"cuad": False}, **kwargs)
        return _CACHE[key]

    return run


def _protection(result, rule_id):
    return next(p for p in result.protections if p.id == rule_id)


def _missing(result):
    return {f.rule for f in result.findings if f.kind == "missing"}


PILOT = "common-paper-pilot-agreement.docx"


@pytest.mark.parametrize("name", [PILOT, "github-copilot-extension-developer-policy.md",
                                  "cuad-inktomi-software-hosting.txt"])
def test_ip_assignment_only_where_there_is_work_product(audited, name):
    result = audited(name)

    protection = _protection(result, "ip-assignment")
    assert (protection.present, protection.applicable) == (False, False)
    assert "ip-assignment" not in _missing(result)


def test_present_tense_assignment_of_deliverables_is_found(audited):
    # Section 3.1: "Provider assigns all right, title, and interest in the
    # Deliverables (if any) to Customer at the Time of Assignment."
    result = audited("common-paper-professional-services-agreement.docx")

    protection = _protection(result, "ip-assignment")
    assert (protection.applicable, protection.present) == (True, True)
    assert "ip-assignment" not in _missing(result)
    assert "Provider assigns all right, title, and interest in the Deliverables" in str(
        protection.location)


def test_only_as_needed_to_provide_limits_the_license(audited):
    result = audited(PILOT)

    limited = _protection(result, "limited-license")
    assert limited.present
    assert limited.location["label"] == "1.4"


def test_audit_rights_held_by_other_side(audited):
    result = audited("cuad-changepoint-license-and-hosting.txt")

    assert not _protection(result, "audit-rights").present
    assert "audit-rights" in _missing(result)


def test_overlapping_findings_share_one_coherent_edit(audited):
    result = audited(PILOT)

    usage = next(f for f in result.findings if f.rule == "data-usage")
    improvement = next(f for f in result.findings if f.rule == "service-improvement")
    assert usage.location == improvement.location
    assert usage.suggestion["action"] == "replace"
    assert usage.suggestion["text"] == (
        "In addition, Provider may collect and analyze Usage Data, and Provider may use "
        "Usage Data to provide the Product to Customer.")
    assert improvement.suggestion == {"action": "none", "see": usage.id,
                                      "clause": usage.suggestion["clause"]}
    assert {w.code for w in improvement.warnings} == {"shared_suggestion"}


def test_suggestions_use_the_contracts_service_term(audited):
    result = audited(PILOT)

    assert result.parties.service_term == "the Product"
    texts = " ".join(f.suggestion.get("text") or "" for f in result.findings)
    assert "the Product" in texts
    assert "the Services" not in texts


def test_missing_protections_are_placed_in_clauses(corpus_dir, audited):
    document = open_document(corpus_dir / "contracts" / PILOT)
    by_index = {p.index: p for p in document.story("body")}
    result = audited(PILOT)

    places = {}
    for finding in result.findings:
        if finding.kind != "missing":
            continue
        index = finding.location["index"]
        assert index is not None, finding.id
        anchor = by_index[index]
        assert not anchor.in_table, finding.id
        assert "means" not in anchor.text[:40], finding.id
        assert "Drafting note" not in anchor.text, finding.id
        places[finding.rule] = finding.location["label"]
    assert places["ai-training-prohibition"] == "1.4"  # Customer Content
    assert places["ai-indemnification"] == "5.1"
    assert set(places) == {"ai-training-prohibition", "audit-rights", "metadata-ownership",
                           "data-segregation", "ai-indemnification"}


def test_findings_sorted_by_severity_then_kind_then_place(audited):
    result = audited(PILOT)

    order = {"high": 0, "medium": 1, "low": 2}
    keys = [(order[f.severity], f.kind != "risk") for f in result.findings]
    assert keys == sorted(keys)
    assert [f.rule for f in result.findings][:2] == ["ai-training-prohibition", "data-usage"]


@pytest.mark.parametrize("name, customer, provider", [
    ("cuad-changepoint-license-and-hosting.txt", "Corio", "Changepoint"),
    ("github-copilot-extension-developer-policy.md", "you", "GitHub"),
    ("opengov-work-for-hire-contract.md", "you", "OpenGov"),
    (PILOT, "Customer", "Provider"),
])
def test_parties_come_from_the_preamble(audited, name, customer, provider):
    parties = audited(name).parties

    assert (parties.customer, parties.provider) == (customer, provider)
    assert parties.roles_clear


def test_inserted_clauses_use_the_contracts_own_names(audited):
    result = audited("opengov-work-for-hire-contract.md")

    texts = [f.suggestion["text"] for f in result.findings if f.kind == "missing"]
    assert texts
    for text in texts:
        assert "Customer" not in text, text
        assert "Provider" not in text, text
    prohibition = next(f for f in result.findings if f.rule == "ai-training-prohibition")
    assert prohibition.suggestion["text"].startswith("OpenGov shall not use")


def test_redline_of_all_findings_applies_each_edit_once(corpus_dir):
    from termscore.redline import redline_document

    document = open_document(corpus_dir / "contracts" / PILOT)
    findings = audit(document, options={"cuad": False}).findings

    result = redline_document(document, findings, date="2026-01-01T00:00:00Z")
    assert result.refused == []
    shared = [f.id for f in findings if f.suggestion["action"] == "none"]
    assert shared and not set(shared) & set(result.applied)
    assert len(result.applied) == len(findings) - len(shared)


NEUTRAL = ('This Agreement is made between Alpha Ltd ("Alpha") and Beta Ltd ("Beta").\n\n'
           "1. Each party shall keep the other party's Confidential Information secret and "
           "use it only to perform this Agreement.\n\n"
           "2. This Agreement is governed by the laws of England.\n")


def test_unclear_roles_are_said_not_guessed():
    from termscore.analysis.report import to_table
    from termscore.plaintext import read_text

    result = audit(read_text(NEUTRAL.encode("utf-8"), name="neutral.txt"),
                   options={"cuad": False})

    assert (result.parties.customer, result.parties.provider) == ("Alpha", "Beta")
    assert not result.parties.roles_clear
    assert "party_roles_unclear" in {w.code for w in result.warnings}
    table = to_table([result.to_dict()])
    assert "Parties: Alpha and Beta; party roles unclear; choose --side" in table
    chosen = audit(read_text(NEUTRAL.encode("utf-8"), name="neutral.txt"), side="customer",
                   options={"cuad": False})
    assert chosen.parties.roles_clear
    assert "party_roles_unclear" not in {w.code for w in chosen.warnings}


def test_role_words_outside_the_preamble_name_no_party():
    from termscore.plaintext import read_text

    text = ('This Agreement is made between Corio Inc. ("Corio") and Changepoint, Inc. '
            '("Changepoint").\n\n'
            '1. "ASP" means Application Service Provider.\n\n'
            "2. Changepoint grants Corio a license to host the Changepoint software. "
            "Changepoint shall provide support. Corio shall pay the fees.\n")
    parties = audit(read_text(text.encode("utf-8"), name="asp.txt"),
                    options={"cuad": False}).parties

    assert (parties.customer, parties.provider, parties.roles_clear) == (
        "Corio", "Changepoint", True)


def test_clauses_go_before_signature_block(corpus_dir, audited):
    document = open_document(corpus_dir / "contracts" / "opengov-work-for-hire-contract.md")
    signed = next(p.index for p in document.story("body") if "Signed by" in p.text)
    result = audited("opengov-work-for-hire-contract.md")

    indices = [f.location["index"] for f in result.findings if f.kind == "missing"]
    assert indices
    assert max(indices) < signed


def test_deletion_follows_termination_clause(repo_root):
    sample = repo_root / "addin" / "samples" / "sample-services-agreement.docx"
    if not sample.exists():
        pytest.skip("the sample contract is not built")
    result = audit(open_document(sample), options={"cuad": False})

    places = {f.rule: f.location for f in result.findings if f.kind == "missing"}
    assert places["data-deletion"]["label"] == "8.1"
    assert places["ai-training-prohibition"]["label"] == "5.2"
    assert all(loc["index"] < 28 for loc in places.values())  # 28 is "IN WITNESS WHEREOF"


def test_html_marks_inapplicable_protections(audited):
    from termscore.analysis.report import to_html

    page = to_html([audited(PILOT).to_dict()])

    assert "Deliverables are assigned to you: <strong>not applicable</strong>" in page


def test_shared_finding_alone_is_refused(corpus_dir):
    from termscore.redline import findings_to_edits

    document = open_document(corpus_dir / "contracts" / PILOT)
    findings = audit(document, options={"cuad": False}).findings
    secondary = next(f for f in findings if f.suggestion["action"] == "none")

    edits, refused = findings_to_edits(document, [secondary])
    assert edits == []
    assert refused == [{"finding": secondary.id,
                        "reason": f"this finding shares the edit of {secondary.suggestion['see']}; "
                                  f"select {secondary.suggestion['see']} to apply it"}]


MARKETPLACE = "github-marketplace-developer-agreement.md"


def test_provider_speaking_as_we_is_drafted_by_its_name(audited):
    # The agreement says "we" but names the provider in "between you and GitHub".
    from termscore.clauses.render import render_addendum

    result = audited(MARKETPLACE)
    assert (result.parties.customer, result.parties.provider) == ("Developer", "GitHub")
    assert "GitHub" in result.parties.provider_aliases
    values = result.parties.template_values()
    addendum = render_addendum(customer=values["customer"], provider=values["provider"])
    assert "the Agreement between Developer and GitHub" in addendum[1]["text"]
    texts = {f.rule: f.suggestion.get("text", "") for f in result.findings}
    assert "audit GitHub's records, systems and practices to verify GitHub's compliance" \
        in texts["audit-rights"]
    assert "from the data of GitHub's other customers" in texts["data-segregation"]


def test_leading_improve_purpose_is_narrowed_not_contradicted(audited):
    result = audited(MARKETPLACE)

    usage = next(f for f in result.findings if f.rule == "data-usage")
    assert usage.suggestion["text"] == (
        "GitHub may collect Usage Data from Marketplace or a GitHub API or anywhere previously "
        "purchased or downloaded Developer Products are stored on behalf of End Users by "
        "GitHub, solely to operate Marketplace and not for any other purpose.")


@pytest.mark.parametrize("text, expected", [
    ("To improve the Platform, Provider may use usage data.",
     ("Provider may use usage data.", ", solely to provide X")),
    ("In order to operate, improve and support the Service, Provider may use usage data.",
     ("Provider may use usage data.",
      ", solely to operate and support the Service and not for any other purpose")),
    ("To the extent permitted by law, Provider may use usage data.",
     ("To the extent permitted by law, Provider may use usage data.", ", solely to provide X")),
])
def test_leading_purpose_clause_cases(text, expected):
    from termscore.analysis.audit import _move_leading_purpose

    assert _move_leading_purpose(text, ", solely to provide X") == expected


@pytest.mark.parametrize("name, has_sow", [
    (MARKETPLACE, False),
    ("common-paper-professional-services-agreement.docx", True),
])
def test_statement_of_work_named_only_where_used(audited, name, has_sow):
    result = audited(name)

    assert result.parties.statement_of_work is has_sow
    texts = [f.suggestion.get("text", "") for f in result.findings if f.rule == "limited-license"]
    texts += [f.explanation for f in result.findings]
    assert all(("statement of work" in t) <= has_sow for t in texts)


def test_sharing_undifferentiated_usage_data_is_flagged(audited):
    # Inktomi may not share Usage Data "(except that Inktomi may include Usage Data as part
    # of "gross" undifferentiated data which it shares with other search engine customers
    # …)": the exception re-opens the prohibition, so deleting it is the edit.
    result = audited("cuad-inktomi-software-hosting.txt")

    assert (result.parties.customer, result.parties.provider) == ("Microsoft", "Inktomi")
    usage = [f for f in result.findings if f.rule == "data-usage"]
    assert len(usage) == 1
    assert usage[0].suggestion["action"] == "delete"
    quote = str(usage[0].location)
    assert "(except that Inktomi may include Usage Data as part of" in quote
    assert "shall not have the right to share" not in quote
