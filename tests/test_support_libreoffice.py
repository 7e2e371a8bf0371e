"""The LibreOffice oracle: text views, redlines, conversion, and recovery after a crash."""

from __future__ import annotations

import os
import signal

import pytest

from support.libreoffice import LibreOffice, LibreOfficeError, required, unavailable_reason
from support.paths import corpus_dir

pytestmark = pytest.mark.libreoffice

CORPUS = corpus_dir()
needs_corpus = pytest.mark.skipif(CORPUS is None, reason="shared corpus not found")


def tracked_fixture():
    return CORPUS / "redline-fixtures" / "d_tracked.docx"


@needs_corpus
def test_text_current_accepts_all_changes(libreoffice):
    paragraphs = libreoffice.text(tracked_fixture(), "current")

    assert len(paragraphs) == 6
    assert paragraphs[3] == "1B. Opposing counsel inserted this whole paragraph."
    assert "perpetual, irrevocable, worldwide" in paragraphs[2]
    assert "its affiliates without notice" in paragraphs[2]


@needs_corpus
def test_text_original_rejects_all_changes(libreoffice):
    paragraphs = libreoffice.text(tracked_fixture(), "original")

    assert len(paragraphs) == 5
    assert "perpetual, exclusive, worldwide" in paragraphs[2]
    assert "its  subsidiaries without notice" in paragraphs[2]
    assert not any("Opposing counsel inserted" in text for text in paragraphs)


@needs_corpus
def test_text_returns_list_labels(libreoffice):
    paragraphs = libreoffice.paragraphs(CORPUS / "redline-fixtures" / "e_numbered.docx")

    labels = [(p.label, p.text[:12]) for p in paragraphs if p.label]
    assert labels == [("1.", "Definitions."), ("2.", "License. The"), ("2.1", "The license "),
                      ("3.", "Fees. The Cu"), ("4.", "Confidential")]


@needs_corpus
def test_text_includes_table_cells(libreoffice):
    paragraphs = libreoffice.paragraphs(CORPUS / "redline-fixtures" / "c_table.docx")

    assert any(p.in_table for p in paragraphs)
    assert any(not p.in_table for p in paragraphs)


@needs_corpus
def test_redlines_lists_type_and_author(libreoffice):
    redlines = libreoffice.redlines(tracked_fixture())

    assert len(redlines) == 5
    assert sorted({r["type"] for r in redlines}) == ["Delete", "Insert"]
    assert {r["author"] for r in redlines} == {"Opposing Counsel"}
    assert redlines[0]["date"] == "2026-01-15T10:00:00"


@needs_corpus
def test_convert_writes_pdf_and_docx(libreoffice, tmp_path):
    pdf = libreoffice.convert(tracked_fixture(), "pdf", tmp_path / "out.pdf")
    docx = libreoffice.convert(tracked_fixture(), "docx", tmp_path / "out.docx")

    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert docx.read_bytes()[:2] == b"PK"
    assert len(libreoffice.redlines(docx)) == 5


@needs_corpus
def test_open_ok_reports_truncated_zip(libreoffice):
    assert libreoffice.open_ok(tracked_fixture()) is True
    assert libreoffice.open_ok(CORPUS / "wordfiles" / "tika-truncated-corrupt.docx") is False


def test_missing_file_is_an_error_naming_it(libreoffice, tmp_path):
    missing = tmp_path / "absent.docx"

    with pytest.raises(LibreOfficeError, match="absent.docx"):
        libreoffice.text(missing)
    assert libreoffice.ping()["pid"] is not None


def test_unknown_mode_is_rejected(libreoffice, tmp_path):
    with pytest.raises(LibreOfficeError, match="unknown mode 'both'"):
        libreoffice.request("text", path=str(tmp_path / "x.docx"), mode="both")


@pytest.fixture
def private_office():
    """A LibreOffice of its own, for tests that kill or hang soffice on purpose."""
    reason = unavailable_reason()
    if reason:
        if required():
            pytest.fail(f"LibreOffice is required here: {reason}", pytrace=False)
        pytest.skip(reason)
    office = LibreOffice(timeout=60)
    yield office
    office.close()


@needs_corpus
def test_killed_soffice_is_restarted(private_office):
    first = private_office.ping()

    # Only the process group this test's driver started is signalled.
    os.killpg(first["pid"], signal.SIGKILL)
    # The driver notices the death either before the next request or during it; in the
    # second case that request answers with an error, and soffice is back for the next.
    try:
        paragraphs = private_office.text(tracked_fixture())
    except LibreOfficeError as error:
        assert "crashed" in str(error) and "restarted" in str(error)
        paragraphs = private_office.text(tracked_fixture())

    assert len(paragraphs) == 6
    second = private_office.ping()
    assert second["pid"] != first["pid"]
    assert second["restarts"] == 1


@needs_corpus
def test_request_timeout_restarts_soffice(private_office):
    with pytest.raises(LibreOfficeError, match="timed out"):
        private_office.request("text", path=str(tracked_fixture()), mode="current",
                               timeout=0.001)

    assert private_office.ping()["restarts"] == 1
    assert len(private_office.text(tracked_fixture())) == 6


def test_close_stops_driver_and_soffice(private_office):
    soffice_pid = private_office.ping()["pid"]
    driver = private_office._process

    private_office.close()

    assert driver.poll() is not None
    with pytest.raises(ProcessLookupError):
        os.killpg(soffice_pid, 0)


@needs_corpus
def test_text_marks_recomputed_date_field(libreoffice):
    paragraphs = libreoffice.text(CORPUS / "redline-fixtures" / "f_fields.docx")

    clause = next(text for text in paragraphs if text.startswith("1. License."))
    assert "\ue000" in clause
    assert clause.index("as of \ue000") < clause.index("\ue001. The Provider")


@needs_corpus
def test_text_leaves_out_footnote_marks(libreoffice):
    paragraphs = libreoffice.text(CORPUS / "redline-fixtures" / "g_header_footnote.docx")

    assert paragraphs[2].endswith("use the Customer Data. All fees are non-refundable.")


@needs_corpus
def test_text_reads_document_with_comments(libreoffice):
    restarts = libreoffice.ping()["restarts"]

    paragraphs = libreoffice.text(CORPUS / "wordfiles" / "docx2python-comments.docx")

    assert len(paragraphs) > 3
    assert libreoffice.ping()["restarts"] == restarts


@pytest.mark.parametrize(("env", "expected"), [
    ({}, False),
    ({"CI": "1"}, True),
    ({"CI": "true"}, True),
    ({"TERMSCORE_REQUIRE_LIBREOFFICE": "1"}, True),
    ({"CI": "0"}, False),
])
def test_required_reads_environment(monkeypatch, env, expected):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERMSCORE_REQUIRE_LIBREOFFICE", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    assert required() is expected


def test_unavailable_reason_names_bad_soffice_path(monkeypatch, tmp_path):
    monkeypatch.setenv("TERMSCORE_SOFFICE", str(tmp_path / "no-soffice"))

    assert unavailable_reason() == (f"TERMSCORE_SOFFICE={tmp_path / 'no-soffice'} does not "
                                    "exist; point it at the soffice launcher or unset it")
