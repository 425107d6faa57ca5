"""poppler's ``pdfsig`` as a second opinion on a signed archive.

``pdfsig`` exits 0 even on a bad digest, so its text is parsed; with several signatures,
every one is listed and all must be valid.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import DependencyError, VerificationError


@dataclass(frozen=True)
class PdfsigResult:
    """What ``pdfsig`` says, read from its text (its exit code says little)."""

    signature_valid: bool
    total_document_signed: bool
    signer: str | None
    raw: str
    certificate: str | None = None
    returncode: int = 0
    signers: list[str] = field(default_factory=list)  # every signature's common name, in order


def parse_pdfsig(text: str, returncode: int = 0) -> PdfsigResult:
    """Parse pdfsig's report; with several signatures, all must be valid."""
    blocks = text.split("Signature #")[1:]
    if not blocks:
        return PdfsigResult(False, False, None, text, None, returncode)
    valid = all("Signature Validation: Signature is Valid." in block for block in blocks)
    last = blocks[-1]
    total = "- Total document signed" in last and "Not total document signed" not in last
    return PdfsigResult(
        signature_valid=valid and returncode == 0,
        total_document_signed=total,
        signer=_field(last, "Signer Certificate Common Name:"),
        raw=text,
        certificate=_field(last, "Certificate Validation:"),
        returncode=returncode,
        signers=[_field(b, "Signer Certificate Common Name:") or "?" for b in blocks],
    )


def _field(block: str, key: str) -> str | None:
    for line in block.splitlines():
        if key in line:
            return line.split(key, 1)[1].strip()
    return None


def run_pdfsig(pdf: Path, nssdir: Path | None = None) -> PdfsigResult:
    """Run poppler's pdfsig on ``pdf`` (with a trust database when given)."""
    exe = shutil.which("pdfsig")
    if exe is None:
        raise DependencyError(
            "Program pdfsig (poppler-utils) tidak ditemukan.", hint="Pasang paket poppler-utils."
        )
    cmd = [exe]
    if nssdir is not None:
        cmd += ["-nssdir", f"sql:{nssdir}"]
    cmd.append(str(pdf))
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    return parse_pdfsig(done.stdout + done.stderr, done.returncode)


def nss_db_with_ca(ca_pem: Path, directory: Path) -> Path:
    """An NSS database in ``directory`` that trusts ``ca_pem`` (for pdfsig -nssdir)."""
    exe = shutil.which("certutil")
    if exe is None:
        raise DependencyError(
            "Program certutil (libnss3-tools) tidak ditemukan.", hint="Pasang paket libnss3-tools."
        )
    directory.mkdir(parents=True, exist_ok=True)
    db = f"sql:{directory}"
    for cmd in (
        [exe, "-N", "-d", db, "--empty-password"],
        [exe, "-A", "-d", db, "-n", "kinerja-ca", "-t", "CT,C,C", "-i", str(ca_pem)],
    ):
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0:
            raise VerificationError(f"certutil gagal: {done.stderr.strip()}", file=ca_pem)
    return directory
