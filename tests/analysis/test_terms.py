"""Defined terms and party detection."""

from __future__ import annotations

import pytest

from termscore.analysis.terms import detect_parties, extract_terms
from termscore.errors import InvalidRequestError
from termscore.plaintext import read_text


def doc(text: str):
    return read_text(text.encode("utf-8"), name="t.txt")


def parties_of(text: str, side: str = "auto"):
    document = doc(text)
    return detect_parties(document, extract_terms(document), side)


def test_definition_forms():
    terms = extract_terms(doc(
        '\u201cUsage Data\u201d means logs about use of the Service.\n\n'
        'Acme Inc. (the "Provider") and Beta LLC (collectively, "Parties").\n\n'
        '"Feedback" does not include Customer Data.'))

    assert terms["Usage Data"].definition == "logs about use of the Service."
    assert "Provider" in terms
    assert "Parties" in terms
    assert terms["Feedback"].exclusions == ["Customer Data."]


def test_possessive_is_not_a_term():
    terms = extract_terms(doc("The Customer's records and the Provider's logs are kept."))

    assert terms == {}


@pytest.mark.parametrize("text, customer, provider", [
    ('This Agreement is between Acme (the "Client") and Studio (the "Agency"). The Client '
     "pays the Agency. The Agency delivers to the Client.", "Client", "Agency"),
    ('Between Acme (the "Company") and Jane (the "Contractor"). Contractor shall deliver '
     "the work to Company. Company pays Contractor.", "Company", "Contractor"),
    ('These terms are between you ("you") and GitHub, Inc. ("GitHub", "we", or "us"). You '
     "agree that we may change the terms. We will tell you. You may stop. We may stop.",
     "you", "GitHub"),
    ('1. "GitHub," "We," and "Us" refer to GitHub, Inc. "The User," "You," and "Your" refer '
     "to the person using the Service. You agree that we may change the terms. We will tell "
     "you. You may stop. We may stop.", "User", "GitHub"),
])
def test_party_roles(text, customer, provider):
    parties = parties_of(text)

    assert (parties.customer, parties.provider) == (customer, provider)


def test_side_provider_swaps_us_and_them():
    parties = parties_of('Acme (the "Customer") and Beta (the "Provider"). Customer pays '
                         "Provider.", side="provider")

    assert parties.protected_side == "provider"
    assert parties.side_source == "user"
    assert parties.us == "Provider"
    assert parties.them == "Customer"
    assert parties.template_values()["customer"] == "Provider"


def test_invalid_side():
    with pytest.raises(InvalidRequestError, match="side 'buyer' is not valid"):
        parties_of("Customer and Provider.", side="buyer")


def test_data_term_found():
    parties = parties_of('"Client Data" means data the Client uploads. The Client and '
                         'the Agency (the "Agency") agree. The Agency hosts Client Data.')

    assert parties.data_term == "Client Data"


def test_auto_side_follows_the_data():
    parties = parties_of('Acme (the "Customer") and Beta (the "Vendor"). Customer may use '
                         "Vendor Data to build reports. Vendor Data stays with Vendor. "
                         "Customer shall protect Vendor Data.")

    assert parties.protected_side == "provider"
    assert parties.side_source == "auto"


def test_auto_side_defaults_to_customer():
    parties = parties_of('Acme (the "Customer") and Beta (the "Provider"). Provider hosts '
                         "Customer Data.")

    assert parties.protected_side == "customer"
