"""PAdES B-T: `kinerja arsip --tsa URL` against a timestamp authority on 127.0.0.1.

The TSA is pyHanko's test timestamper behind a tiny RFC 3161 HTTP endpoint, with its own
CA; no network leaves this machine.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from asn1crypto import keys, tsp, x509  # type: ignore[import-untyped]
from click.testing import CliRunner
from cryptography import x509 as cx509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from generator.cli import kinerja
from generator.pdf.verify import verify_bundle

pytestmark = pytest.mark.slow


def _name(cn: str) -> cx509.Name:
    return cx509.Name([cx509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _tsa(folder: Path) -> tuple[DummyTimeStamper, Path]:
    now = dt.datetime.now(dt.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (
        cx509.CertificateBuilder()
        .subject_name(_name("UJI TSA CA"))
        .issuer_name(_name("UJI TSA CA"))
        .public_key(ca_key.public_key())
        .serial_number(cx509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(cx509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        cx509.CertificateBuilder()
        .subject_name(_name("UJI TSA"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(cx509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(cx509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    ca_pem = folder / "tsa-ca.pem"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    stamper = DummyTimeStamper(
        tsa_cert=x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )
    return stamper, ca_pem


@pytest.fixture
def tsa(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    stamper, ca_pem = _tsa(tmp_path)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", ca_pem
    finally:
        server.shutdown()
        server.server_close()


ARSIP = ["arsip", "--periode", "2025", "--sertifikat-demo", "--belum-lengkap"]


def test_arsip_with_timestamp_authority(tmp_path: Path, tsa: tuple[str, Path]) -> None:
    url, tsa_ca = tsa
    runner = CliRunner()
    out = str(tmp_path / "out")
    for args in (["init", "--contoh"], ["memo"]):
        assert runner.invoke(kinerja, [*args, "--periode", "2025", "--output", out]).exit_code == 0
    result = runner.invoke(
        kinerja,
        [*ARSIP, "--output", out, "--tsa", url],
    )
    assert result.exit_code == 0, result.output
    ws = tmp_path / "out" / "2025"
    bundle = ws / "arsip" / "arsip-bakesbangpol-2025.pdf"
    signer_ca = ws / "sertifikat-demo" / "ca-demo.pem"

    report = verify_bundle(bundle, [signer_ca, tsa_ca])
    stamp = report.check("cap_waktu")
    assert not stamp.skipped and stamp.ok, stamp.detail
    assert report.ok, [c for c in report.checks if not c.ok]

    verdict = runner.invoke(
        kinerja, ["verifikasi", str(bundle), "--percaya", str(signer_ca), "--percaya", str(tsa_ca)]
    )
    assert verdict.exit_code == 0, verdict.output
    assert "Cap waktu (TSA)" in verdict.output

    # without the TSA's CA the timestamp is not trusted: the verdict says so
    partial = verify_bundle(bundle, signer_ca)
    assert not partial.ok


def test_without_tsa_the_timestamp_check_is_skipped(tmp_path: Path) -> None:
    runner = CliRunner()
    out = str(tmp_path / "out")
    for args in (["init", "--contoh"], ["memo"], ["arsip", "--sertifikat-demo", "--belum-lengkap"]):
        result = runner.invoke(kinerja, [*args, "--periode", "2025", "--output", out])
        assert result.exit_code == 0, result.output
    ws = tmp_path / "out" / "2025"
    report = verify_bundle(
        ws / "arsip" / "arsip-bakesbangpol-2025.pdf", ws / "sertifikat-demo" / "ca-demo.pem"
    )
    assert report.check("cap_waktu").skipped and report.ok
