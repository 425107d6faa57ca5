"""Step 11: the archive bundle of a periode, signed (PAdES) and recorded in the manifest.

Every version of every document goes in, in SOP order, as PDF/A (converted
through the project's converter, cached by content), each followed by the scans
of its signed paper copy; the originals and manifest.json ride along as PDF/A-3
associated files. The bundle is signed last and its hash recorded.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pyhanko.sign.signers import Signer

from generator.base.fsutil import atomic_write_bytes, sha256_file
from generator.convert import ConversionResult
from generator.errors import InputError, NextStep
from generator.inputs.org import Pejabat
from generator.pdf.bundle import build_bundle
from generator.pdf.bundle_model import Attachment, BundleDocument, BundleMeta
from generator.pdf.pdfs import workspace_pdfs
from generator.pdf.signing import StampText, create_demo_ca, load_signer, sign_pdf
from generator.rules.dokumen import load_registry
from generator.workflow.papertrail import scans_for
from generator.workspace.folder import Workspace
from generator.workspace.journal import Journal
from generator.workspace.manifest import Document, DocVersion, dump_manifest
from generator.workspace.service import actor

MIME = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".json": "application/json",
    ".pdf": "application/pdf",
}
DEMO_DIR = "sertifikat-demo"
DEMO_PASSWORD_FILE = "kata-sandi.txt"

OnDone = Callable[[ConversionResult], None]


class SignerSource(Protocol):
    """Where the archive's signing key comes from: a PKCS#12 file, the workspace's demo
    certificate, or later a national TTE service. The front end asks for any secret; the
    archive code only calls :meth:`load`."""

    @property
    def demo(self) -> bool:
        """True for a practice certificate: the stamp and the subject say DEMO."""
        ...

    def load(self, ws: Workspace, pejabat: Pejabat) -> LoadedSigner: ...


@dataclass(frozen=True)
class LoadedSigner:
    signer: Signer
    ca_pem: Path | None = None  # the CA to verify with, when the source made one


@dataclass(frozen=True)
class P12Signer:
    """A PKCS#12 file and its passphrase (asked by the front end, used for this run only)."""

    p12: Path
    passphrase: bytes = field(repr=False)
    demo: bool = False

    def load(self, ws: Workspace, pejabat: Pejabat) -> LoadedSigner:
        return LoadedSigner(load_signer(self.p12, self.passphrase))


@dataclass(frozen=True)
class DemoSigner:
    """A DEMO certificate made in the workspace (for practice, never an official signature)."""

    demo: bool = True

    def load(self, ws: Workspace, pejabat: Pejabat) -> LoadedSigner:
        folder = ws.path(DEMO_DIR)
        password_file = folder / DEMO_PASSWORD_FILE
        p12 = folder / "penandatangan-demo.p12"
        ca = folder / "ca-demo.pem"
        if not (p12.is_file() and ca.is_file() and password_file.is_file()):
            creds = create_demo_ca(folder, pejabat.nama, pejabat.jabatan, ws.inputs.org.instansi)
            p12, ca = creds.p12, creds.ca_pem
            atomic_write_bytes(password_file, creds.passphrase)
            password_file.chmod(0o600)
        return LoadedSigner(load_signer(p12, password_file.read_bytes()), ca)


@dataclass(frozen=True)
class Signing:
    """Who signs the archive and with what key."""

    source: SignerSource
    penandatangan: str = "kepala"
    timestamp_url: str | None = None


@dataclass(frozen=True)
class ArsipResult:
    path: Path
    sha256: str
    pages: int
    documents: int
    ca_pem: Path | None
    step_done: bool


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _ordered(journal: Journal, bidang_order: list[str]) -> list[tuple[Document, DocVersion]]:
    order = load_registry().archive_order

    def key(doc: Document) -> tuple[int, int, int, str]:
        kind = order.index(doc.jenis) if doc.jenis in order else len(order)
        unit = bidang_order.index(doc.bidang) if doc.bidang in bidang_order else -1
        return (kind, doc.langkah, unit, doc.id)

    docs = [d for d in journal.data.dokumen if d.jenis in order and d.versions]
    return [(doc, v) for doc in sorted(docs, key=key) for v in doc.versions]


def _step_title(journal: Journal, doc: Document) -> tuple[int, str]:
    """The SOP step a document belongs to, and its short title (the bundle adds "Langkah N")."""
    if doc.jenis == "laporan":
        return 10, "Laporan Kinerja (disusun setelah persetujuan)"
    step = journal.sop.step(doc.langkah)
    return step.no, step.singkat


def _bundle_path(ws: Workspace, journal: Journal) -> Path:
    versi = journal.next_version_number("arsip")
    org = ws.inputs.org
    name = f"arsip-{slug(org.singkatan or org.instansi)}-{ws.periode}"
    if versi > 1:
        name += f"-v{versi}"
    return ws.folder("arsip") / f"{name}.pdf"


def arsip(ws: Workspace, signing: Signing, on_done: OnDone | None = None) -> ArsipResult:
    org = ws.inputs.org
    registry = load_registry()
    journal = ws.snapshot()
    entries = _ordered(journal, [b.kode for b in org.bidang])
    if not entries:
        raise InputError(
            "Belum ada dokumen untuk diarsipkan.",
            hint="Mulai dengan memo (langkah 1).",
            next_step=NextStep("memo", {"periode": str(ws.periode)}, "Buat memo"),
        )
    pejabat = getattr(org.pejabat, signing.penandatangan)
    loaded = signing.source.load(ws, pejabat)

    sources = [ws.path(v.path) for _, v in entries if v.pdf is None]
    pdfs = workspace_pdfs(ws, sources, on_done=on_done)
    documents: list[BundleDocument] = []
    attachments: list[Attachment] = []
    seen_names: set[str] = set()
    for doc, version in entries:
        source = ws.path(version.path)
        pdf = ws.path(version.pdf) if version.pdf else pdfs[source]
        no, step_title = _step_title(journal, doc)
        label = doc.judul + (f" — versi {version.versi}" if len(doc.versions) > 1 else "")
        documents.append(
            BundleDocument(
                doc_id=doc.id if len(doc.versions) == 1 else f"{doc.id} v{version.versi}",
                title=label,
                kind=registry.kind(doc.jenis).judul,
                step=no,
                step_title=step_title,
                version=version.versi,
                state=version.keadaan,
                sha256=version.sha256,
                pdf=pdf,
                bidang=doc.bidang,
            )
        )
        for n, scan_rel in enumerate(scans_for(journal, doc.id, version.versi), start=1):
            scan = ws.path(scan_rel)
            documents.append(
                BundleDocument(
                    doc_id=f"{doc.id} v{version.versi} pindaian {n}",
                    title=f"{label} — pindaian bertanda tangan",
                    kind="Pindaian",
                    step=no,
                    step_title=step_title,
                    version=version.versi,
                    state=version.keadaan,
                    sha256=sha256_file(scan),
                    pdf=scan,
                    bidang=doc.bidang,
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

    with tempfile.TemporaryDirectory(dir=ws.root, prefix=".arsip-") as tmp_name:
        tmp = Path(tmp_name)
        manifest_copy = tmp / "manifest.json"
        manifest_copy.write_text(dump_manifest(journal.data), encoding="utf-8")
        attachments.append(
            Attachment(
                path=manifest_copy,
                name="manifest.json",
                mime=MIME[".json"],
                description="Manifest ruang kerja pada saat pengarsipan",
            )
        )
        out = _bundle_path(ws, journal)
        when = ws.clock()
        meta = BundleMeta(
            title=f"Arsip {journal.sop.nama} {org.instansi} {ws.periode.label}",
            author=org.instansi,
            subject=f"Dokumen data capaian kinerja {ws.periode.label}",
            keywords=["SOP Pengukuran Kinerja", "SAKIP", org.instansi, str(ws.periode)],
            instansi=f"{org.instansi} {org.pemerintah_daerah.removeprefix('Pemerintah ')}",
            periode=ws.periode.label,
            sop_name=journal.sop.nama,
            sop_number=journal.sop.nomor,
            created=when,
        )
        unsigned = tmp / "arsip-belum-ditandatangani.pdf"
        info = build_bundle(documents, attachments, meta, unsigned)
        digest = sign_pdf(
            unsigned,
            out,
            loaded.signer,
            stamp_box=info.stamp_box,
            page=info.stamp_page,
            stamp_lines=StampText(pejabat.nama, pejabat.jabatan, when, demo=signing.source.demo),
            timestamp_url=signing.timestamp_url,
        )

    with ws.transaction(actor(ws, "staf")) as j:
        j.reserve_document("arsip", "arsip", 11, "Arsip dokumen data capaian kinerja")
        j.register_version(
            "arsip",
            ws.relative(out),
            digest,
            meta={"halaman": info.page_count, "dokumen": len(documents), "tetap": True},
        )
        doc_id = j.find("arsip").id  # type: ignore[union-attr]
        j.set_state(doc_id, "ditandatangani", catatan="Ditandatangani secara elektronik (PAdES)")
        for doc, version in entries:
            if j.get(doc.id).version(version.versi).keadaan != "diarsipkan":
                j.set_state(doc.id, "diarsipkan", versi=version.versi, catatan=out.name)
        step_done = j.step(10).status == "selesai"
        if step_done:
            j.finish_step(11, catatan=f"{out.name} ({digest[:16]}…)")
    return ArsipResult(out, digest, info.page_count, len(documents), loaded.ca_pem, step_done)
