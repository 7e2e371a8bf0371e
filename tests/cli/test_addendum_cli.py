"""``termscore addendum --append-to``: party names from the contract, text inputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from termscore.cli import EXIT_BAD_INPUT, main
from termscore.document import open_document

from support.validators import new_findings, validate_docx

CONTRACTOR_AGREEMENT = "contracts/common-paper-independent-contractor-agreement.docx"


@pytest.fixture
def contractor_agreement() -> Path:
    configured = os.environ.get("TERMSCORE_CORPUS")
    corpus = Path(configured) if configured else Path(__file__).resolve().parents[3] / "shared" / "corpus"
    path = corpus / CONTRACTOR_AGREEMENT
    if not path.is_file():
        pytest.skip(f"shared corpus not found: {path} is missing (set TERMSCORE_CORPUS)")
    return path


def inserted_text(path: Path) -> str:
    """Return the text the addendum added: the paragraphs the original view lacks."""
    document = open_document(path)
    return "\n".join(p.text for p in document.story("body") if p.text and p.text != p.original)


def test_append_uses_contract_parties(contractor_agreement, tmp_path, capsys):
    out = tmp_path / "with-addendum.docx"

    status = main(["addendum", "--append-to", str(contractor_agreement), "-o", str(out)])

    added = inserted_text(out)
    assert status == 0
    assert "Company Data" in added
    assert "Contractor" in added
    assert "Customer" not in added
    assert "Provider" not in added
    assert "parties Company and Contractor" in capsys.readouterr().out
    assert new_findings(validate_docx(contractor_agreement), validate_docx(out)) == []


def test_append_options_override_parties(contractor_agreement, tmp_path):
    out = tmp_path / "with-addendum.docx"

    main(["addendum", "--append-to", str(contractor_agreement), "-o", str(out),
          "--customer", "Client"])

    added = inserted_text(out)
    assert "Client Data" in added
    assert "Contractor" in added


def test_append_to_text_file(tmp_path, capsys):
    source = tmp_path / "contract.md"
    source.write_text("# Services Agreement\n\n1. Agency may use Client Data to train machine "
                      "learning models.\n\n2. Client pays Agency the fees.\n")
    out = tmp_path / "with-addendum.docx"

    status = main(["addendum", "--append-to", str(source), "-o", str(out)])

    document = open_document(out)
    assert status == 0
    assert document.format == "docx"
    assert document.story("body")[0].text == "Services Agreement"
    assert "Client Data" in inserted_text(out)


def test_standalone_keeps_defaults(tmp_path, capsys):
    out = tmp_path / "addendum.docx"

    status = main(["addendum", "-o", str(out)])

    assert status == 0
    assert "parties Customer and Provider" in capsys.readouterr().out


def test_empty_party_rejected(tmp_path, capsys):
    status = main(["addendum", "-o", str(tmp_path / "a.docx"), "--provider", " "])

    assert status == EXIT_BAD_INPUT
    assert "--provider is empty" in capsys.readouterr().err
