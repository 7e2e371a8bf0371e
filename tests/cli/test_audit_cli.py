"""``termscore audit`` on files and folders: formats, exit status, batch behaviour."""

from __future__ import annotations

import json

import pytest

from termscore.cli import main

RISKY = "1. Provider may use Customer Data to train machine learning models.\n"
SAFE = ("1. Provider shall not use Customer Data to train machine learning models.\n\n"
        "2. Customer may audit Provider's compliance on thirty (30) days' notice.\n")


@pytest.fixture
def contracts(tmp_path):
    folder = tmp_path / "contracts"
    folder.mkdir()
    (folder / "a-risky.txt").write_text(RISKY)
    (folder / "b-safe.md").write_text(SAFE)
    return folder


def test_json_single_file(contracts, capsys):
    status = main(["audit", str(contracts / "a-risky.txt"), "--format", "json"])

    data = json.loads(capsys.readouterr().out)
    assert status == 0
    assert data["document"]["name"] == "a-risky.txt"
    assert "ai-training" in {f["rule"] for f in data["findings"]}


def test_json_folder_is_list(contracts, capsys):
    status = main(["audit", str(contracts), "--format", "json"])

    data = json.loads(capsys.readouterr().out)
    assert status == 0
    assert [d["document"]["name"] for d in data] == ["a-risky.txt", "b-safe.md"]


def test_fail_under(contracts, capsys):
    status = main(["audit", str(contracts / "a-risky.txt"), "--fail-under", "99"])

    captured = capsys.readouterr()
    assert status == 1
    assert "is below --fail-under 99" in captured.err


def test_fail_under_passes(contracts, capsys):
    status = main(["audit", str(contracts / "a-risky.txt"), "--fail-under", "0"])

    assert status == 0


def test_bad_file_does_not_stop_batch(contracts, capsys):
    (contracts / "c-broken.docx").write_bytes(b"PK\x03\x04 not really a zip")

    status = main(["audit", str(contracts), "--format", "json"])

    captured = capsys.readouterr()
    entries = json.loads(captured.out)
    assert status == 2
    assert len(entries) == 3
    assert entries[2]["document"]["name"] == "c-broken.docx"
    assert entries[2]["error"]["code"] == "corrupt_document"
    assert "c-broken.docx" in captured.err
    assert "1 of 3 files failed" in captured.err


def test_rules_option(contracts, capsys):
    main(["audit", str(contracts / "a-risky.txt"), "--format", "json",
          "--rules", "ai-training"])

    data = json.loads(capsys.readouterr().out)
    assert {f["rule"] for f in data["findings"]} == {"ai-training"}


def test_unknown_rule_is_bad_input(contracts, capsys):
    status = main(["audit", str(contracts), "--rules", "nope"])

    assert status == 2
    assert "unknown rule id nope" in capsys.readouterr().err


def test_output_file_html(contracts, tmp_path, capsys):
    out = tmp_path / "report.html"

    status = main(["audit", str(contracts), "--format", "html", "-o", str(out)])

    assert status == 0
    assert capsys.readouterr().out == ""
    page = out.read_text()
    assert page.count("<h2>") == 2


def test_sarif_output(contracts, capsys):
    main(["audit", str(contracts), "--format", "sarif"])

    log = json.loads(capsys.readouterr().out)
    assert log["version"] == "2.1.0"
    assert {a["location"]["uri"] for a in log["runs"][0]["artifacts"]} == {"a-risky.txt",
                                                                           "b-safe.md"}


def test_side_option(contracts, capsys):
    main(["audit", str(contracts / "a-risky.txt"), "--format", "json", "--side", "provider"])

    data = json.loads(capsys.readouterr().out)
    assert data["parties"]["protected_side"] == "provider"


def test_table_default(contracts, capsys):
    status = main(["audit", str(contracts / "a-risky.txt")])

    out = capsys.readouterr().out
    assert status == 0
    assert "a-risky.txt: TermScore" in out


def test_jobs_two(contracts, capsys):
    status = main(["audit", str(contracts), "--format", "json", "--jobs", "2"])

    data = json.loads(capsys.readouterr().out)
    assert status == 0
    assert len(data) == 2


def test_shipped_sample(repo_root, capsys):
    sample = repo_root / "addin" / "samples" / "sample-services-agreement.docx"
    if not sample.exists():
        pytest.skip("the sample contract is not built")

    status = main(["audit", str(sample), "--format", "json"])

    data = json.loads(capsys.readouterr().out)
    assert status == 0
    assert data["parties"]["customer"] == "Client"
    assert data["parties"]["provider"] == "Agency"
    risky = {f["rule"] for f in data["findings"] if f["kind"] == "risk"}
    assert {"broad-license", "ai-training", "output-ownership", "feedback"} <= risky
    assert data["grade"] == "F"
    by_rule = {}
    for finding in data["findings"]:
        by_rule.setdefault(finding["rule"], []).append(finding["location"].get("label"))
    # 6.1 is a feedback clause, not a second derivative-works grant.
    assert by_rule["feedback"] == ["6.1"]
    assert "6.1" not in by_rule["derivative-works"]


def test_side_wording_is_plain(contracts, capsys):
    main(["audit", str(contracts / "a-risky.txt"), "--side", "customer"])
    chosen = capsys.readouterr().out
    main(["audit", str(contracts / "a-risky.txt")])
    default = capsys.readouterr().out

    assert "Protecting Customer (other party: Provider); side chosen by you" in chosen
    assert "side chosen automatically" in default
    assert "side chosen user" not in chosen + default


def test_folder_warnings_name_their_file(contracts, capsys):
    main(["audit", str(contracts)])

    out = capsys.readouterr().out
    assert "a-risky.txt: warning: too_little_text: too little text for a meaningful score" in out


def test_empty_file_is_refused_not_scored(contracts, capsys):
    (contracts / "c-empty.txt").write_text("  \n\n  ")

    status = main(["audit", str(contracts), "--format", "json"])

    captured = capsys.readouterr()
    entries = json.loads(captured.out)
    assert status == 2
    assert [d["document"]["name"] for d in entries] == ["a-risky.txt", "b-safe.md",
                                                        "c-empty.txt"]
    assert "score" not in entries[2]
    assert entries[2]["error"]["code"] == "empty_document"
    assert "c-empty.txt" in captured.err
    assert "contains no text to audit" in captured.err
