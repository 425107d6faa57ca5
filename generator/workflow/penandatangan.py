"""Who may sign a document by hand, and which scan is already attached (Tata Naskah Dinas).

A document is signed by the official whose signature block its template carries (the
list per kind is data: ``data/cetak.yaml``, key ``penandatangan``). Another official may
sign only when org.yaml records that person as acting (Plt./Plh./Pj.) in that place,
i.e. the acting entry carries the same NIP. A scan is evidence of one signing: the same
file (same SHA-256) attached twice to a document would be two archive pages of one act.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from generator.base.fsutil import sha256_file
from generator.errors import InputError, NextStep, StepError
from generator.inputs.org import Organisasi, Pejabat
from generator.rules.vocab import ROLE_LABELS
from generator.workspace.journal import Journal
from generator.workspace.manifest import Document


def pejabat_of(org: Organisasi, role: str, doc: Document) -> Pejabat | None:
    """The official holding ``role`` for ``doc`` (a Kabid: the Kepala of its Bidang)."""
    if role == "kabid":
        return org.bidang_by_kode(doc.bidang).kepala if doc.bidang else None
    pejabat: Pejabat = getattr(org.pejabat, role)
    return pejabat


def _label(org: Organisasi, role: str, doc: Document) -> str:
    pejabat = pejabat_of(org, role, doc)
    acting = f"{pejabat.status} " if pejabat and pejabat.status != "definitif" else ""
    return f"{acting}{ROLE_LABELS[role]}"


def acting_for(org: Organisasi, role: str, doc: Document, allowed: Sequence[str]) -> str | None:
    """The listed role that the holder of ``role`` is recorded as acting in, if any."""
    holder = pejabat_of(org, role, doc)
    for place in allowed:
        official = pejabat_of(org, place, doc)
        if (
            holder is not None
            and official is not None
            and official.status != "definitif"
            and official.nip == holder.nip
        ):
            return place
    return None


def check_signer(
    org: Organisasi, doc: Document, role: str, allowed: Sequence[str], periode: str
) -> str:
    """The signer's label for the record ('Plh. Kepala'); refuses an official who does not
    sign this kind of document and is not recorded as acting for one who does."""
    if role in allowed:
        return _label(org, role, doc)
    place = acting_for(org, role, doc, allowed)
    if place is not None:
        return f"{_label(org, place, doc)} ({ROLE_LABELS[role]})"
    signers = " atau ".join(ROLE_LABELS[r] for r in allowed)
    raise StepError(
        f"{doc.judul} ({doc.id}) ditandatangani {signers}, bukan {ROLE_LABELS[role]}.",
        hint=f"Jalankan tanpa --oleh (bawaan: {allowed[0]}). Bila pejabat itu berhalangan dan"
        f" {ROLE_LABELS[role]} ditunjuk sebagai Plh./Plt., catat di org.yaml (pejabat"
        f" {allowed[0]} dengan status Plh. dan NIP pejabat yang ditunjuk), lalu perbarui"
        " masukan ruang kerja dengan org.yaml itu.",
        next_step=NextStep(
            "init", {"periode": periode, "perbarui": "true", "org": "org.yaml"}, "Perbarui masukan"
        ),
    )


def attached_sha256(journal: Journal, doc: Document, root: Path) -> dict[str, str]:
    """SHA-256 -> stored scan, for every scan attached to any version of ``doc``: the
    stored PDF itself and the files it was made from (recorded when it was attached)."""
    known: dict[str, str] = {}
    for event in journal.data.events:
        if event.jenis == "pindaian" and event.data.get("id") == doc.id:
            for sha in event.data.get("sumber", []):
                known[str(sha)] = str(event.data.get("berkas"))
    for version in doc.versions:
        for change in version.riwayat:
            if change.lampiran and (root / change.lampiran).is_file():
                known.setdefault(sha256_file(root / change.lampiran), change.lampiran)
    return known


def refuse_attached(journal: Journal, doc: Document, root: Path, scans: Iterable[Path]) -> None:
    known = attached_sha256(journal, doc, root)
    for scan in scans:
        stored = known.get(sha256_file(scan))
        if stored is not None:
            raise InputError(
                f"Pindaian ini sudah dilampirkan pada {doc.id} (sama persis dengan {stored});"
                " satu penandatanganan cukup satu pindaian.",
                file=scan,
                hint="Periksa apakah berkas yang dimaksud adalah pindaian halaman lain.",
            )
