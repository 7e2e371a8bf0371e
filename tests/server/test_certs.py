"""The local development CA and the localhost certificate."""

from __future__ import annotations

import datetime as dt
import ipaddress
import stat
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.x509.oid import ExtendedKeyUsageOID

from termscore.server.certs import config_dir, ensure_certificates, trust_instructions


def load(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def test_config_dir_per_platform(tmp_path):
    assert config_dir({"XDG_CONFIG_HOME": str(tmp_path)}, "linux") == tmp_path / "termscore"
    assert config_dir({"APPDATA": "C:/Users/a/AppData/Roaming"}, "win32") == \
        Path("C:/Users/a/AppData/Roaming/termscore")
    assert config_dir({}, "darwin") == \
        Path.home() / "Library" / "Application Support" / "termscore"
    assert config_dir({}, "linux") == Path.home() / ".config" / "termscore"


def test_first_run_creates_ca_and_server_cert(tmp_path):
    paths, created = ensure_certificates(tmp_path / "certs")

    ca, server = load(paths.ca_cert), load(paths.cert)
    assert created is True
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    assert server.issuer == ca.subject
    ca.public_key().verify(server.signature, server.tbs_certificate_bytes,
                           padding.PKCS1v15(), server.signature_hash_algorithm)
    names = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    assert ipaddress.ip_address("127.0.0.1") in names.get_values_for_type(x509.IPAddress)
    usage = server.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.SERVER_AUTH in usage
    assert server.not_valid_after_utc - server.not_valid_before_utc <= dt.timedelta(days=825)
    assert stat.S_IMODE(paths.key.stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.ca_key.stat().st_mode) == 0o600


def test_second_run_reuses_files(tmp_path):
    first, _ = ensure_certificates(tmp_path)
    ca_bytes, cert_bytes = first.ca_cert.read_bytes(), first.cert.read_bytes()

    second, created = ensure_certificates(tmp_path)

    assert created is False
    assert second.ca_cert.read_bytes() == ca_bytes
    assert second.cert.read_bytes() == cert_bytes


def test_expiring_server_cert_renewed_with_same_ca(tmp_path):
    first, _ = ensure_certificates(tmp_path)
    ca_bytes, cert_bytes = first.ca_cert.read_bytes(), first.cert.read_bytes()
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=810)

    second, created = ensure_certificates(tmp_path, now=later)

    assert created is False
    assert second.ca_cert.read_bytes() == ca_bytes
    assert second.cert.read_bytes() != cert_bytes
    assert load(second.cert).not_valid_after_utc > later + dt.timedelta(days=700)


def test_instructions_name_ca_and_three_platforms(tmp_path):
    paths, _ = ensure_certificates(tmp_path)

    text = trust_instructions(paths, "https://localhost:3000/manifest.xml")

    assert str(paths.ca_cert) in text
    assert "certutil -user -addstore Root" in text
    assert "security add-trusted-cert" in text
    assert "Upload My Add-in" in text
    assert "https://localhost:3000/manifest.xml" in text
