"""`termscore serve`: help text and the errors it reports before serving."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from termscore.cli import main

from server_testing import clean_env


def test_help_names_every_option(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--help"])

    text = capsys.readouterr().out
    assert exit_info.value.code == 0
    for option in ("--host", "--port", "--http", "--log-filenames", "--config",
                   "--public-origin"):
        assert option in text
    assert "default: 127.0.0.1" in text
    assert "default: 3000" in text


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_invalid_port_rejected(capsys, port):
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--http", "--port", port])

    assert exit_info.value.code == 2
    assert f"invalid port '{port}'" in capsys.readouterr().err


def test_bad_config_file_reported(tmp_path, capsys):
    config = tmp_path / "termscore.toml"
    config.write_text("max_upload = 1\n")

    status = main(["serve", "--http", "--config", str(config)])

    assert status == 2
    assert "unknown setting 'max_upload'" in capsys.readouterr().err


def test_public_listen_warns(capsys):
    import argparse

    from termscore.cli.serve import warn_public_listen

    warn_public_listen(argparse.Namespace(host="0.0.0.0", http=False), has_token=False)

    err = capsys.readouterr().err
    assert "listening on 0.0.0.0 without TERMSCORE_API_TOKEN" in err
    assert "covers localhost and 127.0.0.1 only" in err


def test_port_in_use_reported(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]

        completed = subprocess.run(
            [sys.executable, "-m", "termscore.cli", "serve", "--http", "--port", str(port)],
            capture_output=True, text=True, timeout=60, env=clean_env(tmp_path))

    # Werkzeug detects a busy port itself and exits with status 1.
    assert completed.returncode in (1, 2)
    assert f"Port {port} is in use" in completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.parametrize("scheme, host, expected", [
    ("http", "127.0.0.1", "TermScore is serving on http://127.0.0.1:3411/  (press Ctrl+C to stop)"),
    ("http", "localhost", "TermScore is serving on http://localhost:3411/  (press Ctrl+C to stop)"),
    ("http", "::1", "TermScore is serving on http://[::1]:3411/  (press Ctrl+C to stop)"),
    ("http", "0.0.0.0", "TermScore is serving on http://0.0.0.0:3411/  (press Ctrl+C to stop)"),
    ("https", "127.0.0.1", "TermScore is serving on https://localhost:3411/ (listening on "
     "https://127.0.0.1:3411/; Word and the certificate use localhost)  (press Ctrl+C to stop)"),
])
def test_serving_message_names_bound_host(scheme, host, expected):
    from termscore.cli.serve import serving_message

    assert serving_message(scheme, host, 3411) == expected


def test_serve_http_prints_bound_address(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "termscore.cli", "serve", "--http", "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=clean_env(tmp_path))
    try:
        first_line = process.stdout.readline()
    finally:
        process.terminate()
        process.wait(timeout=10)

    assert first_line.startswith(f"TermScore is serving on http://127.0.0.1:{port}/")
