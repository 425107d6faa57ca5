"""What goes into an archive: the versions in SOP order with their scans, the documents that
are still unsigned, and a key of the content that tells whether the last archive is current.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from generator.workflow.papertrail import load_rules, scans_for
from generator.workspace.journal import Journal
from generator.workspace.manifest import Document, DocVersion

# Order of document kinds inside the bundle (SOP order; data, not code paths).
KIND_ORDER = (
    "memo",
    "formulir",
    "tanda_terima",
    "formulir_terisi",
    "rekap",
    "disposisi",
    "laporan",
)
KIND_TITLES = {
    "memo": "Memo / Lembar Disposisi",
    "formulir": "Formulir pengumpulan data capaian kinerja",
    "tanda_terima": "Tanda terima formulir",
    "formulir_terisi": "Formulir terisi (sebagaimana diterima)",
    "rekap": "Rekapitulasi data capaian kinerja",
    "disposisi": "Lembar disposisi pengembalian",
    "laporan": "Laporan Kinerja",
}


@dataclass(frozen=True)
class Entry:
    """One version going into the archive, with the signed scans that follow it."""

    doc: Document
    version: DocVersion
    scans: tuple[Path, ...]  # relative to the workspace


def ordered(journal: Journal, bidang_order: list[str]) -> list[Entry]:
    def key(doc: Document) -> tuple[int, int, int, str]:
        kind = KIND_ORDER.index(doc.jenis) if doc.jenis in KIND_ORDER else len(KIND_ORDER)
        unit = bidang_order.index(doc.bidang) if doc.bidang in bidang_order else -1
        return (kind, doc.langkah, unit, doc.id)

    docs = [d for d in journal.data.dokumen if d.jenis in KIND_ORDER and d.versions]
    return [
        Entry(doc, v, tuple(scans_for(journal, doc.id, v.versi)))
        for doc in sorted(docs, key=key)
        for v in doc.versions
    ]


def is_signed(version: DocVersion) -> bool:
    """A hand signature was recorded at some point (archiving later does not erase it)."""
    return any(change.keadaan == "ditandatangani" for change in version.riwayat)


def unsigned(journal: Journal) -> list[str]:
    """Documents that must be signed by now and are not: the latest version of every kind
    the rules name, once its SOP step is done ("MEMO-2025-01 versi 1, Memo ...")."""
    required = set(load_rules().wajib_ttd_sebelum_arsip)
    found = []
    for doc in journal.documents():
        if doc.jenis not in required or not doc.versions:
            continue
        if journal.step(doc.langkah).status != "selesai" or is_signed(doc.latest):
            continue
        found.append(f"{doc.id} versi {doc.latest.versi}, {doc.judul}")
    return found


def content_key(entries: list[Entry], missing: list[str], penandatangan: str) -> str:
    """Changes whenever an archive made now would hold something else: a version, a file, a
    scan, a signature still missing, or the official named on the stamp."""
    body = {
        "versi": [
            [e.doc.id, e.version.versi, e.version.sha256, [str(s) for s in e.scans]]
            for e in entries
        ],
        "belum_ditandatangani": missing,
        "penandatangan": penandatangan,
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def step_title(journal: Journal, doc: Document) -> tuple[int, str]:
    """The SOP step a document belongs to, and its short title (the bundle adds "Langkah N")."""
    if doc.jenis == "laporan":
        return 10, "Laporan Kinerja (disusun setelah persetujuan)"
    step = journal.sop.step(doc.langkah)
    return step.no, step.singkat
