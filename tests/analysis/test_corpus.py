"""The risk rules on real contracts: the exact clause is flagged, its neighbours are not."""

from __future__ import annotations

import functools

import pytest

from termscore.analysis import audit
from termscore.document import open_document

pytestmark = pytest.mark.corpus

# (rule, contract, exact quote of the flagged sentence)
FLAGGED = [
    ('broad-license', 'github-marketplace-developer-agreement.md',
     'Developer grants to GitHub a non-exclusive, worldwide, transferable, sublicensable, fully paid-up, royalty-free license to process the Listing in any fashion (including testing and displaying it on Marketplace), and to display Developer’s Brand Features in connection with Marketplace.'),
    ('broad-license', 'github-terms-of-service.md',
     "If you set your pages and repositories to be viewed publicly, you grant each User of GitHub a nonexclusive, worldwide license to use, display, and perform Your Content through the GitHub Service and to reproduce Your Content solely on GitHub as permitted through GitHub's functionality (for example, through forking)."),
    ('data-usage', 'bonterms-cloud-terms-v1.md',
     'Provider may collect Usage Data and use it to operate, improve and support the Cloud Service and for other lawful business purposes, including benchmarking and reports.'),
    ('data-usage', 'common-paper-cloud-service-agreement.docx',
     'In addition, Provider may collect and analyze Usage Data, and Provider may freely use Usage Data to maintain, improve, enhance, and promote Provider’s products and services without restriction or obligation.'),
    ('data-usage', 'github-marketplace-developer-agreement.md',
     'In order to operate and improve Marketplace, GitHub may collect Usage Data from Marketplace or a GitHub API or anywhere previously purchased or downloaded Developer Products are stored on behalf of End Users by GitHub.'),
    ('service-improvement', 'bonterms-cloud-terms-v1.md',
     'Provider may collect Usage Data and use it to operate, improve and support the Cloud Service and for other lawful business purposes, including benchmarking and reports.'),
    ('service-improvement', 'common-paper-professional-services-agreement.docx',
     'In addition, Provider may collect and analyze Usage Data, and Provider may freely use Usage Data to maintain, improve, and enhance Provider’s products and services without restriction or obligation.'),
    ('service-improvement', 'github-terms-of-service.md',
     'You grant us and our legal successors the right to store, archive, parse, and display Your Content, and make incidental copies, as necessary to provide the Service, including improving the Service over time.'),
    ('ai-training', 'commonpaper-csa-v1-standard-terms.md',
     'Usage Data and Customer Content may be used to develop, train, or enhance artificial intelligence or machine learning models that are part of <span class="coverpage_link">Provider’s</span> products and services, including third-party components of the Product, and <span class="coverpage_link">Customer</span> authorizes <span class="coverpage_link">Provider</span> to process its Usage Data and Customer Content for such purposes.'),
    ('ai-training', 'common-paper-cloud-service-agreement.docx',
     "Usage Data and Customer Content may be used to develop, train, or enhance artificial intelligence or machine learning models that are part of Provider's products and services, including third-party components of the Product, and Customer authorizes Provider to process its Usage Data and Customer Content for such purposes."),
    ('ai-training', 'common-paper-ai-addendum.docx',
     'Provider may Train the Model(s) using the following Training Data:'),
    ('derivative-works', 'cuad-fis-intellectual-property-agreement.txt',
     'Equifax hereby grants, and will cause the other members of the Equifax Group to grant, to Certegy a fully paid, non-exclusive, perpetual, worldwide, non-transferable license to use, modify, copy, improve, create Derivative Works and Certegy Enhancements from, and sublicense the Licensed Equifax Materials (excluding the Utility Software Programs) solely for use in the Certegy Business and as that business may evolve and change in the future, subject to the following:'),
    ('derivative-works', 'cuad-glumobile-wireless-content-license.txt',
     'Fox Intellectual Property: Fox shall own all Intellectual Property Rights in and to any derivative works made from the Properties, whether or not used in the Wireless Products, including without limitation design documents, graphics, animation, music, packaging, advertising, promotional and other artwork used in connection with the development and distribution of the Wireless Products but at all times excluding the Licensee Materials as defined in Paragraph 11(c) below (collectively, the "Fox Intellectual Property").'),
    ('feedback', 'bonterms-cloud-terms-v1.md',
     'If Customer gives Provider feedback regarding improvement or operation of the Cloud Service, Support or Professional Services, Provider may use the feedback without restriction or obligation.'),
    ('feedback', 'commonpaper-csa-v1-standard-terms.md',
     'Provider</span> may use all Feedback freely without any restriction or obligation.'),
    ('feedback', 'github-copilot-extension-developer-policy.md',
     'If you choose to give us feedback, suggestions or recommendations for the Platform or for our Products or Services (collectively, “Feedback”), you acknowledge and agree that we’re free to use that Feedback in any way we want, without restriction (subject to any applicable patents or copyrights, of course).'),
    ('feedback', 'github-terms-of-service.md',
     'If you choose to give us any ideas, know-how, algorithms, code contributions, suggestions, enhancement requests, recommendations or any other feedback for our products or services (collectively, “Feedback”), you acknowledge and agree that GitHub will have a royalty-free, fully paid-up, worldwide, transferable, sub-licensable, irrevocable and perpetual license to implement, use, modify, commercially exploit and/or incorporate the Feedback into our products, services, and documentation.'),
]

# (contract, text of a prohibition or restriction that sits next to a flagged clause)
NOT_FLAGGED = [
    ("bonterms-cloud-terms-v1.md", "Provider will not disclose Usage Data externally"),
    ("bonterms-cloud-terms-v1.md", "Customer will not and will not permit anyone else to"),
    ("commonpaper-csa-v1-standard-terms.md", "Nothing in this section will reduce or limit"),
    ("commonpaper-csa-v1-standard-terms.md", "will not (and will not allow anyone else to)"),
    ("github-terms-of-service.md", "for the purpose of developing or training any commercially"),
    ("common-paper-ai-addendum.docx", "Provider may not use Customer"),
    ("common-paper-ai-addendum.docx", "Customer (a) retains all right, title, and interest"),
    ("github-copilot-extension-developer-policy.md", "use Data that is both aggregated and anonymized"),
]


@functools.lru_cache(maxsize=None)
def _audit(path: str):
    return audit(open_document(path), options={"cuad": False})


@pytest.mark.parametrize("rule, contract, quote", FLAGGED,
                         ids=[f"{r}-{c.split('.')[0]}" for r, c, _ in FLAGGED])
def test_rule_flags_real_clause(corpus_dir, rule, contract, quote):
    result = _audit(str(corpus_dir / "contracts" / contract))

    quotes = [f.location["quote"] for f in result.findings if f.rule == rule and f.kind == "risk"]
    assert quote in quotes


@pytest.mark.parametrize("contract, text", NOT_FLAGGED)
def test_neighbouring_prohibition_not_flagged(corpus_dir, contract, text):
    result = _audit(str(corpus_dir / "contracts" / contract))

    flagged = [f for f in result.findings
               if f.kind == "risk" and text in (f.location["quote"] or "")]
    assert flagged == [], [f.rule for f in flagged]


def test_every_risk_rule_has_two_contracts():
    counts = {}
    for rule, contract, _ in FLAGGED:
        counts.setdefault(rule, set()).add(contract)

    for rule in ("broad-license", "data-usage", "service-improvement", "ai-training",
                 "derivative-works", "feedback"):
        assert len(counts[rule]) >= 2, rule


def test_quotes_match_offsets(corpus_dir):
    document = open_document(corpus_dir / "contracts" / "bonterms-cloud-terms-v1.md")
    result = audit(document, options={"cuad": False})
    by_index = {p.index: p for p in document.story("body")}

    for finding in result.findings:
        location = finding.location
        if finding.kind != "risk":
            continue
        text = by_index[location["index"]].text
        assert text[location["start"]:location["end"]] == location["quote"]
