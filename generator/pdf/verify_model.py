"""What a verification of an archive finds: its checks, its signatures, and the verdict.

The verdict is three-valued and decided here, never in a user interface: "sah" only when
every check holds and the signer's chain reaches a CA the verifier trusts; "belum terbukti
sah" when everything holds but no trust was given; "tidak sah" otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

Verdict = Literal["sah", "belum_terbukti", "tidak_sah"]
VERDICT_TEXT: dict[Verdict, str] = {
    "sah": "Arsip sah: semua pemeriksaan lulus dan rantai sertifikat sampai ke CA yang dipercaya.",
    "belum_terbukti": "Arsip belum terbukti sah: isi utuh dan cocok dengan tanda tangan, tetapi"
    " penerbit sertifikat belum diperiksa (siapa pun dapat membuat sertifikat dengan nama"
    " pejabat). Ulangi dengan --percaya CA.pem, sertifikat CA penerbit yang Anda percaya.",
    "tidak_sah": "Arsip TIDAK sah: sedikitnya satu pemeriksaan gagal.",
}


@dataclass(frozen=True)
class SignatureInfo:
    """One signature found in the file, for the report (the archive's and any other)."""

    jenis: str  # "tanda tangan" or "cap waktu dokumen"
    penanda_tangan: str
    waktu: datetime | None
    utuh: bool
    dipercaya: bool | None  # None: no trust given
    field: str


@dataclass(frozen=True)
class Check:
    """One line of the verification report."""

    name_id: str
    label_id: str
    ok: bool
    detail: str
    skipped: bool = False


@dataclass
class VerificationReport:
    path: Path
    checks: list[Check] = field(default_factory=list)
    signer: str | None = None
    signing_time: datetime | None = None
    signatures: list[SignatureInfo] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True only when every check that ran holds (and at least one ran)."""
        ran = [c for c in self.checks if not c.skipped]
        return bool(ran) and all(c.ok for c in ran)

    @property
    def verdict(self) -> Verdict:
        if not self.ok:
            return "tidak_sah"
        trust = next((c for c in self.checks if c.name_id == "kepercayaan"), None)
        if trust is None or trust.skipped:
            return "belum_terbukti"
        return "sah"

    @property
    def sah(self) -> bool:
        """The archive is proven: every check holds and the chain reaches a trusted CA."""
        return self.verdict == "sah"

    @property
    def verdict_text(self) -> str:
        return VERDICT_TEXT[self.verdict]

    def check(self, name_id: str) -> Check:
        for item in self.checks:
            if item.name_id == name_id:
                return item
        raise KeyError(name_id)
