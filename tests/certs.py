"""Certificates for the trust and signing-policy tests, made with `cryptography`."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

NOW = dt.datetime.now(dt.UTC)
PASSWORD = b"rahasia-uji"


@dataclass
class Ca:
    key: Any
    cert: x509.Certificate
    pem: Path


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _usage(*, signing: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,
        key_encipherment=not signing and not ca,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def make_ca(folder: Path, cn: str = "CA Uji") -> Ca:
    folder.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(_name(cn))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_usage(signing=False, ca=True), critical=True)
        .sign(key, hashes.SHA256())
    )
    pem = folder / f"{os.urandom(4).hex()}-ca.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return Ca(key, cert, pem)


def make_p12(
    folder: Path,
    ca: Ca,
    cn: str,
    *,
    key: Any = None,
    before: dt.timedelta = dt.timedelta(days=-1),
    after: dt.timedelta = dt.timedelta(days=365),
    signing_usage: bool = True,
    is_ca: bool = False,
) -> Path:
    """A PKCS#12 for ``cn`` issued by ``ca``; every knob is what the policy must refuse."""
    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW + before)
        .not_valid_after(NOW + after)
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
        .add_extension(_usage(signing=signing_usage, ca=is_ca), critical=True)
        .sign(ca.key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        b"uji", key, cert, [ca.cert], serialization.BestAvailableEncryption(PASSWORD)
    )
    path = folder / f"{os.urandom(4).hex()}.p12"
    path.write_bytes(data)
    return path


def weak_rsa() -> Any:
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


def weak_curve() -> Any:
    return ec.generate_private_key(ec.SECP192R1())
