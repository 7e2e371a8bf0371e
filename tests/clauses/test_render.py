"""Filling clause templates with the contract's own names, pronouns and service term."""

from __future__ import annotations

from termscore.clauses.render import DEFAULT_SERVICE, fill, render_clause


def test_you_takes_the_plain_verb():
    text = fill("{customer} owns all outputs, and {customer} grants nothing to {provider}.",
                {"customer": "you", "provider": "OpenGov"})

    assert text == "You own all outputs, and you grant nothing to OpenGov."


def test_you_and_its_affiliates_reads_your():
    text = fill("{provider} shall indemnify {customer} and its affiliates.",
                {"customer": "you", "provider": "OpenGov"})

    assert text == "OpenGov shall indemnify you and your affiliates."


def test_we_as_object_reads_us():
    text = fill("{customer} shall not permit {provider} to use {customer's} data.",
                {"customer": "Client", "provider": "we"})

    assert text == "Client shall not permit us to use Client's data."


def test_names_keep_their_verbs():
    text = fill("{customer} owns the Deliverables.", {"customer": "Client"})

    assert text == "Client owns the Deliverables."


def test_service_term_and_fallback():
    assert fill("solely to provide {service}", {"service": "the Product"}) == \
        "solely to provide the Product"
    assert fill("solely to provide {service}", {}) == "solely to provide " + DEFAULT_SERVICE


def test_clause_uses_the_service_term():
    text = render_clause("metadata-ownership", {"customer": "Customer", "provider": "Provider",
                                                "service": "the Product"})

    assert "the Product" in text
    assert "Services" not in text


def test_deletion_clause_reads_for_a_plural_data_term():
    text = render_clause("data-deletion", {"customer": "Customer", "provider": "Provider",
                                           "data": "Customer Materials"})

    assert "return Customer Materials to Customer and then permanently delete all copies of " \
        "that data in Provider's possession" in text


def test_no_clause_refers_to_the_data_term_as_it():
    # The data term may be plural ("Customer Materials"), so "it" after the term is wrong.
    from termscore.clauses.library import load_library

    parties = {"customer": "Customer", "provider": "Provider", "data": "Customer Materials"}
    for clause_id in load_library().clauses:
        text = render_clause(clause_id, parties)
        assert " copies of it " not in text, clause_id
        assert "derived from it" not in text, clause_id
        assert "use it " not in text, clause_id


def test_we_as_second_party_of_between_reads_us():
    text = fill("the Agreement between {customer} and {provider}",
                {"customer": "Developer", "provider": "we"})

    assert text == "the Agreement between Developer and us"


def test_its_after_we_reads_our():
    parties = {"customer": "Developer", "provider": "we"}

    audit_text = render_clause("audit-rights", parties)
    assert "audit our records, systems and practices to verify our compliance with our " \
        "obligations concerning Developer's data, including the obligation not to" in audit_text
    assert "its" not in audit_text.split()
    indemnity = render_clause("ai-indemnification", parties)
    assert "hold harmless Developer and its affiliates" in indemnity
    assert "any use by us, or by anyone acting on our behalf" in indemnity
    segregation = render_clause("data-segregation", parties)
    assert "from the data of our other customers" in segregation


def test_named_provider_keeps_its():
    text = render_clause("data-deletion", {"customer": "Developer", "provider": "GitHub"})

    assert "delete all copies of that data in GitHub's possession or control" in text


def test_statement_of_work_only_when_the_contract_has_one():
    parties = {"customer": "Developer", "provider": "GitHub", "service": "the Service"}

    without = render_clause("limited-license", {**parties, "statement_of_work": False})
    assert "may be used solely to provide the Service for Developer." in without
    assert "statement of work" not in without
    with_sow = render_clause("limited-license", {**parties, "statement_of_work": True})
    assert "solely to provide the Service or the applicable statement of work for Developer." \
        in with_sow


def test_we_hereby_assign_agrees():
    text = render_clause("output-ownership", {"customer": "Developer", "provider": "we"})

    assert text.endswith("and we hereby assign to Developer any rights that we may have in them.")


def test_addendum_for_you_defines_your_data():
    from termscore.clauses.render import render_addendum

    text = render_addendum(customer="you", provider="OpenGov").to_text()

    assert '"Your Data" means all data' in text
    assert "that you or your users provide to OpenGov" in text
    assert "you Data" not in text
