"""What a signing certificate must be before kinerja signs with it.

A signature that cannot verify later is worse than none: it records "ditandatangani" for an
archive that every verifier will reject. So a certificate is refused before anything is
written when it is outside its validity period, its key is below current strength, it may
not sign documents (key usage), or it is a CA certificate. The thresholds are data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from generator.errors import SigningError

MIN_RSA_BITS = 2048
# Named curves accepted for ECDSA (NIST P-256 and stronger, and brainpool of the same sizes).
STRONG_CURVES = frozenset(
    {
        "secp256r1",
        "secp384r1",
        "secp521r1",
        "brainpoolp256r1",
        "brainpoolp384r1",
        "brainpoolp512r1",
    }
)
SIGNING_USAGES = frozenset({"digital_signature", "non_repudiation"})


@dataclass(frozen=True)
class CertificateFacts:
    """What the policy looks at, read from an asn1crypto certificate."""

    subject: str
    not_before: dt.datetime
    not_after: dt.datetime
    algorithm: str  # "rsa", "ec", "ed25519", ...
    bits: int
    curve: str | None
    key_usage: frozenset[str] | None  # None: the extension is absent
    is_ca: bool


def facts_of(cert: Any) -> CertificateFacts:
    """The facts of an ``asn1crypto.x509.Certificate`` (pyHanko's ``signing_cert``)."""
    public_key = cert.public_key
    algorithm = str(public_key.algorithm)
    curve = None
    if algorithm == "ec":
        curve = str(public_key.curve[1]) if public_key.curve[0] == "named" else "explicit"
    usage = cert.key_usage_value
    return CertificateFacts(
        subject=str(cert.subject.human_friendly),
        not_before=cert.not_valid_before,
        not_after=cert.not_valid_after,
        algorithm=algorithm,
        bits=int(public_key.bit_size),
        curve=curve,
        key_usage=None if usage is None else frozenset(usage.native),
        is_ca=bool(cert.ca),
    )


def _tanggal(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%d-%m-%Y %H.%M UTC")


def problems(facts: CertificateFacts, now: dt.datetime) -> list[str]:
    """Every reason the certificate will not give a verifiable signature (empty: fine)."""
    found: list[str] = []
    if now < facts.not_before:
        found.append(f"sertifikat belum berlaku (mulai berlaku {_tanggal(facts.not_before)})")
    if now > facts.not_after:
        found.append(f"sertifikat sudah kedaluwarsa (berlaku sampai {_tanggal(facts.not_after)})")
    if facts.algorithm == "rsa" and facts.bits < MIN_RSA_BITS:
        found.append(f"kunci RSA {facts.bits} bit terlalu lemah (minimal {MIN_RSA_BITS} bit)")
    elif facts.algorithm == "ec" and facts.curve not in STRONG_CURVES:
        found.append(f"kurva kunci EC '{facts.curve}' tidak cukup kuat (minimal P-256)")
    elif facts.algorithm not in ("rsa", "ec", "ed25519", "ed448"):
        found.append(f"jenis kunci '{facts.algorithm}' tidak didukung untuk tanda tangan PDF")
    if facts.is_ca:
        found.append("ini sertifikat CA (penerbit), bukan sertifikat penanda tangan")
    if facts.key_usage is not None and not facts.key_usage & SIGNING_USAGES:
        found.append(
            "penggunaan kunci (key usage) tidak mengizinkan tanda tangan dokumen"
            " (perlu digitalSignature atau nonRepudiation)"
        )
    return found


def require_signing_certificate(cert: Any, now: dt.datetime, source: str | None = None) -> None:
    """Raise SigningError naming every problem of ``cert``; nothing has been written yet."""
    facts = facts_of(cert)
    found = problems(facts, now)
    if found:
        raise SigningError(
            f"Sertifikat {facts.subject} tidak dapat dipakai untuk menandatangani arsip: "
            + "; ".join(found)
            + ".",
            file=source,
            hint="Minta sertifikat penanda tangan yang berlaku (RSA minimal 2048 bit atau"
            " EC P-256, key usage digitalSignature/nonRepudiation) kepada penerbit sertifikat.",
        )
