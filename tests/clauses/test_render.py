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
