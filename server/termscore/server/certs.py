"""A local development CA and a localhost certificate, so Word can load the pane over HTTPS.

Word requires HTTPS for add-ins. On first use this module creates a CA and a server
certificate signed by it (SANs ``localhost``, ``127.0.0.1`` and ``::1``) in the user's
config folder, and reuses them afterwards. Only the CA has to be trusted once.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_DAYS = 3650
# Since iOS 13 and macOS 10.15, Apple rejects TLS server certificates whose validity
# period exceeds 825 days (support.apple.com/103769, formerly HT210176). The backdated
# start below counts too, so stay a few days under.
SERVER_DAYS = 820
RENEW_BEFORE_DAYS = 30
DNS_NAMES = ("localhost",)
IP_ADDRESSES = ("127.0.0.1", "::1")


@dataclass(frozen=True)
class CertificatePaths:
    """Files of the local CA and of the server certificate and key, all PEM."""

    ca_cert: Path
    ca_key: Path
    cert: Path
    key: Path


def config_dir(environ: dict | None = None, platform: str | None = None) -> Path:
    """Return TermScore's folder in the user's config location for this platform."""
    environ = os.environ if environ is None else environ
    platform = platform or sys.platform
    if platform.startswith("win"):
        base = environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
    elif platform == "darwin":
        base = str(Path.home() / "Library" / "Application Support")
    else:
        base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "termscore"


def ensure_certificates(folder: Path, now: dt.datetime | None = None) -> tuple[CertificatePaths, bool]:
    """Return the certificate files in ``folder``, creating what is missing or expiring.

    The second value is True when a new CA was created, so the caller can tell the
    user to trust it.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    paths = CertificatePaths(folder / "termscore-dev-ca.pem", folder / "termscore-dev-ca.key",
                             folder / "localhost.pem", folder / "localhost.key")
    folder.mkdir(parents=True, exist_ok=True)

    created_ca = False
    if paths.ca_cert.exists() and paths.ca_key.exists():
        ca_cert = x509.load_pem_x509_certificate(paths.ca_cert.read_bytes())
        ca_key = serialization.load_pem_private_key(paths.ca_key.read_bytes(), password=None)
    else:
        ca_cert, ca_key = _new_ca(now)
        _write_key(paths.ca_key, ca_key)
        paths.ca_cert.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
        created_ca = True

    if created_ca or not _server_cert_usable(paths, ca_cert, now):
        cert, key = _new_server_cert(ca_cert, ca_key, now)
        _write_key(paths.key, key)
        paths.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return paths, created_ca


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _new_ca(now: dt.datetime):
    key = _new_key()
    name = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, "TermScore local development CA"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "TermScore (this computer only)"),
    ])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def _new_server_cert(ca_cert: x509.Certificate, ca_key, now: dt.datetime):
    key = _new_key()
    names = [x509.DNSName(n) for n in DNS_NAMES]
    names += [x509.IPAddress(ipaddress.ip_address(a)) for a in IP_ADDRESSES]
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=SERVER_DAYS))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False,
                                     key_encipherment=True, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=False, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return cert, key


def _server_cert_usable(paths: CertificatePaths, ca_cert: x509.Certificate,
                        now: dt.datetime) -> bool:
    if not (paths.cert.exists() and paths.key.exists()):
        return False
    try:
        cert = x509.load_pem_x509_certificate(paths.cert.read_bytes())
    except ValueError:
        return False
    if cert.issuer != ca_cert.subject:
        return False
    return cert.not_valid_after_utc - now > dt.timedelta(days=RENEW_BEFORE_DAYS)


def _write_key(path: Path, key) -> None:
    data = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())
    # Create the file readable by its owner only, before any key bytes reach it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def trust_instructions(paths: CertificatePaths, manifest_url: str) -> str:
    """Return the steps that trust the CA and sideload the manifest in Word, per platform."""
    ca = paths.ca_cert
    return f"""\
To use TermScore in Word, do these three steps once:
  1. Trust the local CA {ca}
     Windows:  certutil -user -addstore Root "{ca}"
     macOS:    security add-trusted-cert -r trustRoot -k ~/Library/Keychains/login.keychain-db "{ca}"
     Linux:    import it as an authority in your browser's certificate settings
  2. Save the manifest from {manifest_url}
  3. Sideload it:
     Windows:  put manifest.xml in a shared folder, add that folder under File > Options >
               Trust Center > Trust Center Settings > Trusted Add-in Catalogs, restart Word,
               then Insert > My Add-ins > Shared Folder
     macOS:    copy manifest.xml to ~/Library/Containers/com.microsoft.Word/Data/Documents/wef/
               and restart Word
     Web:      in Word on the web, Insert > Add-ins > Upload My Add-in, and choose manifest.xml"""
