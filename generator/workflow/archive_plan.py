"""What goes into an archive: the versions in SOP order with their scans, the documents that
are still unsigned, and a key of the content that tells whether the last archive is current.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from generator.base.fsutil import sha256_file
from generator.pdf.bundle_model import Attachment, BundleDocument
from generator.rules.dokumen import load_registry
from generator.workflow.papertrail import scans_for
from generator.workspace.folder import Workspace
from generator.workspace.journal import Journal
from generator.workspace.manifest import Document, DocVersion

MIME = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".json": "application/json",
    ".pdf": "application/pdf",
}


@dataclass(frozen=True)
class Entry:
    """One version going into the archive, with the signed scans that follow it."""

    doc: Document
    version: DocVersion
    scans: tuple[Path, ...]  # relative to the workspace


def ordered(journal: Journal, bidang_order: list[str]) -> list[Entry]:
    order = load_registry().archive_order

    def key(doc: Document) -> tuple[int, int, int, str]:
        kind = order.index(doc.jenis) if doc.jenis in order else len(order)
        unit = bidang_order.index(doc.bidang) if doc.bidang in bidang_order else -1
        return (kind, doc.langkah, unit, doc.id)

    docs = [d for d in journal.data.dokumen if d.jenis in order and d.versions]
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
    registry = load_registry()
    required = {k for k, kind in registry.jenis.items() if kind.wajib_ttd_sebelum_arsip}
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


def bundle_documents(
    ws: Workspace, journal: Journal, entries: list[Entry], pdfs: dict[Path, Path]
) -> tuple[list[BundleDocument], list[Attachment]]:
    """The bundle's documents (each version, then its scans) and the originals to embed."""
    documents: list[BundleDocument] = []
    attachments: list[Attachment] = []
    seen_names: set[str] = set()
    for entry in entries:
        doc, version = entry.doc, entry.version
        source = ws.path(version.path)
        no, title = step_title(journal, doc)
        label = doc.judul + (f" — versi {version.versi}" if len(doc.versions) > 1 else "")
        common = {"step": no, "step_title": title, "version": version.versi}
        documents.append(
            BundleDocument(
                doc_id=doc.id if len(doc.versions) == 1 else f"{doc.id} v{version.versi}",
                title=label,
                kind=load_registry().kind(doc.jenis).judul,
                state=version.keadaan,
                sha256=version.sha256,
                pdf=pdfs[source],
                bidang=doc.bidang,
                **common,  # type: ignore[arg-type]
            )
        )
        for n, scan_rel in enumerate(entry.scans, start=1):
            scan = ws.path(scan_rel)
            documents.append(
                BundleDocument(
                    doc_id=f"{doc.id} v{version.versi} pindaian {n}",
                    title=f"{label} — pindaian bertanda tangan",
                    kind="Pindaian",
                    state=version.keadaan,
                    sha256=sha256_file(pdfs.get(scan, scan)),
                    pdf=pdfs.get(scan, scan),
                    bidang=doc.bidang,
                    has_original=False,
                    **common,  # type: ignore[arg-type]
                )
            )
        name = source.name if source.name not in seen_names else f"{doc.id}-{source.name}"
        seen_names.add(name)
        attachments.append(
            Attachment(
                path=source,
                name=name,
                mime=MIME.get(source.suffix.lower(), "application/octet-stream"),
                description=f"{doc.judul}, versi {version.versi} (berkas asli)",
            )
        )
    return documents, attachments


def cover_note(missing: list[str]) -> str | None:
    if not missing:
        return None
    return (
        f"ARSIP BELUM LENGKAP — {len(missing)} dokumen belum tercatat ditandatangani:"
        f" {'; '.join(missing)}."
    )
