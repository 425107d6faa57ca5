"""Step 11: the archive bundle of a periode, signed (PAdES) and recorded in the manifest.

Every version of every document goes in, in SOP order, as PDF/A converted now from the
original whose SHA-256 the manifest records (never from a PDF lying on disk), each followed
by the scans of its signed paper copy; the originals and manifest.json ride along as PDF/A-3
associated files, and the manifest's chain head is printed and kept inside the signed file.

The run holds the workspace lock from start to end and works in a staging folder of its own
(``.arsip-XXXX``); what a killed run leaves is removed by the next one. With nothing changed
since the last archive, that archive is returned instead of a new version.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pyhanko.sign.signers import Signer

from generator.base.fsutil import (
    atomic_write_bytes,
    check_replaceable,
    disk_full_as_error,
    require_free_space,
    sha256_file,
)
from generator.base.heap import keep_large_blocks_mapped
from generator.convert import ConversionResult
from generator.errors import InputError, ManifestError, NextStep, StepError, WorkspaceError
from generator.inputs.org import Pejabat
from generator.intake.received import check_received
from generator.pdf.bundle import build_bundle
from generator.pdf.bundle_model import Attachment, BundleMeta
from generator.pdf.pdfs import RecordedPdf, fresh_pdfs
from generator.pdf.signing import (
    DEMO_CA_NAME,
    DEMO_P12_NAME,
    StampText,
    create_demo_ca,
    load_signer,
    sign_pdf,
)
from generator.pdf.verify_pages import archive_chain_head
from generator.workflow.archive_plan import (
    MIME,
    Entry,
    bundle_documents,
    content_key,
    cover_note,
    ordered,
    unsigned,
)
from generator.workflow.papertrail import scan_hashes
from generator.workspace.folder import MANIFEST, Workspace
from generator.workspace.journal import Journal
from generator.workspace.manifest import (
    PDF_SHA256,
    SALINAN_SHA256,
    chain_head,
    check_anchor,
    dump_manifest,
)
from generator.workspace.service import actor

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
        p12 = folder / DEMO_P12_NAME
        ca = folder / DEMO_CA_NAME
        if not (p12.is_file() and ca.is_file() and password_file.is_file()):
            creds = create_demo_ca(folder, pejabat.nama, pejabat.jabatan, ws.org.instansi)
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
    current: bool = False  # nothing changed: this is the archive made before
    belum_ditandatangani: tuple[str, ...] = ()  # made with belum_lengkap while these were not


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _bundle_path(ws: Workspace, journal: Journal) -> Path:
    versi = journal.next_version_number("arsip")
    org = ws.org
    name = f"arsip-{slug(org.singkatan or org.instansi)}-{ws.periode}"
    if versi > 1:
        name += f"-v{versi}"
    return ws.folder("arsip") / f"{name}.pdf"


STAGING_PREFIX = ".arsip-"
# Free space arsip wants before it starts, on top of six times the originals' size (PDFs in
# staging, the bundle, the signed copy).
MIN_FREE_BYTES = 16 << 20
OUTPUT_PATTERN = "arsip-*.pdf"
SIGNED_NAME = "arsip-ditandatangani.pdf"


def _remove_tree(path: Path, tries: int = 10) -> None:
    """Remove a staging folder; an office worker may still be closing a document in it for a
    moment (its lock file), or, after a killed run, finishing a file until it sees its parent
    gone."""
    for _ in range(tries):
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            return
        time.sleep(0.3)


def _clean_leftovers(ws: Workspace, journal: Journal) -> None:
    """What a killed run left (staging folders, a signed file that was never recorded).

    Called with the workspace lock held: every arsip holds it for its whole run, so no
    other run can own these files."""
    for folder in (ws.root, ws.path("arsip")):
        if not folder.is_dir():
            continue
        for leftover in folder.glob(f"{STAGING_PREFIX}*"):
            _remove_tree(leftover)
        for leftover in folder.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)
    recorded = {v.path for d in journal.documents("arsip") for v in d.versions}
    if ws.path("arsip").is_dir():
        for pdf in ws.path("arsip").glob(OUTPUT_PATTERN):
            if ws.relative(pdf) not in recorded:
                pdf.unlink()


def _current(ws: Workspace, journal: Journal, key: str) -> ArsipResult | None:
    """The latest archive when it holds exactly what an archive made now would hold."""
    doc = journal.find("arsip")
    if doc is None or not doc.versions or doc.latest.meta.get("isi") != key:
        return None
    latest = doc.latest
    path = ws.path(latest.path)
    if not path.is_file() or sha256_file(path) != latest.sha256:
        raise ManifestError(
            "Arsip yang tercatat di manifest hilang atau isinya berbeda dari SHA-256-nya.",
            file=path,
            hint="Kembalikan berkas arsip itu dari cadangan; arsip bertanda tangan tidak"
            " dibuat ulang diam-diam.",
        )
    return ArsipResult(
        path,
        latest.sha256,
        int(latest.meta.get("halaman", 0)),
        int(latest.meta.get("dokumen", 0)),
        ws.path(DEMO_DIR) / DEMO_CA_NAME if latest.meta.get("demo") else None,
        journal.step(11).status == "selesai",
        current=True,
        belum_ditandatangani=tuple(latest.meta.get("belum_ditandatangani", [])),
    )


def _check_archived_anchors(ws: Workspace, journal: Journal) -> None:
    """Every recorded archive is intact and its signed chain head is still in the manifest:
    a manifest edited and re-chained since then is refused before anything new is signed."""
    for doc in journal.documents("arsip"):
        for version in doc.versions:
            path = ws.path(version.path)
            if not path.is_file() or sha256_file(path) != version.sha256:
                raise ManifestError(
                    f"Arsip {doc.id} versi {version.versi} hilang atau berubah sejak"
                    " ditandatangani.",
                    file=path,
                    hint="Kembalikan berkas arsip itu dari cadangan.",
                )
            check_anchor(journal.data, archive_chain_head(path), str(ws.path(MANIFEST)))


def arsip(
    ws: Workspace,
    signing: Signing,
    on_done: OnDone | None = None,
    *,
    belum_lengkap: bool = False,
    oleh: str | None = None,
) -> ArsipResult:
    """Make, sign and record the archive of the periode (see the module docstring); ``oleh``
    is who records it (a web account), else the staf of the SOP.

    Holds the workspace lock for the whole run. Refuses while documents that must be signed
    are not (unless ``belum_lengkap``); returns the existing archive (``current``) when
    nothing changed since it was made."""
    keep_large_blocks_mapped()  # before the first large file is read (bundle.py says why)
    with disk_full_as_error("pembuatan arsip", ws.root), ws.lock():
        journal = ws.snapshot()
        _clean_leftovers(ws, journal)
        org = ws.org
        entries = ordered(journal, [b.kode for b in org.bidang])
        if not entries:
            raise InputError(
                "Belum ada dokumen untuk diarsipkan.",
                hint="Mulai dengan memo (langkah 1).",
                next_step=NextStep("memo", {"periode": str(ws.periode)}, "Buat memo"),
            )
        missing = unsigned(journal)
        if missing and not belum_lengkap:
            raise StepError(
                f"Arsip belum dapat dibuat: {len(missing)} dokumen belum tercatat"
                f" ditandatangani: {'; '.join(missing)}.",
                hint="Catat tanda tangan setiap dokumen itu (tandatangan ID, dengan pindaiannya"
                " bila ada), atau buat arsip sementara dengan --belum-lengkap (sampulnya"
                " menyebut itu).",
                next_step=NextStep(
                    "tandatangan", {"doc_id": missing[0].split(" ", 1)[0]}, "Catat tanda tangan"
                ),
            )
        key = content_key(entries, missing, signing.penandatangan)
        existing = _current(ws, journal, key)
        if existing is not None:
            return existing
        _check_archived_anchors(ws, journal)
        originals = [ws.path(e.version.path) for e in entries]
        sources = sum(p.stat().st_size for p in originals if p.is_file())
        require_free_space(ws.root, MIN_FREE_BYTES + 6 * sources, "membuat arsip")
        pejabat = getattr(org.pejabat, signing.penandatangan)
        loaded = signing.source.load(ws, pejabat)  # refuses a certificate before any write
        check_received(ws, journal)  # a received formulir changed on disk is never archived
        staging = Path(tempfile.mkdtemp(dir=ws.root, prefix=STAGING_PREFIX))
        try:
            return _make(
                ws, journal, signing, entries, missing, key, loaded, staging, on_done, oleh
            )
        finally:
            _remove_tree(staging)


def _staged_scans(
    ws: Workspace, journal: Journal, entries: list[Entry], staging: Path
) -> dict[Path, Path]:
    """Scan (absolute) -> a copy in ``staging`` of exactly the bytes ``tandatangan`` stored.

    A scan is what a reader of the archive takes as the signed paper: one replaced on disk
    since it was recorded is refused by name, like a changed original. Each is read once,
    checked and written from memory. (A scan recorded before kinerja kept its hash, in a
    workspace from before issue 13, is taken as it is.)"""
    recorded = scan_hashes(journal)
    staged: dict[Path, Path] = {}
    for n, scan in enumerate((s for e in entries for s in e.scans), start=1):
        source = ws.path(scan)
        data = source.read_bytes()
        # a workspace older than the pindaian record has nothing to compare with
        known = recorded.get(str(scan))
        if known is not None and hashlib.sha256(data).hexdigest() not in known:
            raise ManifestError(
                "Pindaian bertanda tangan ini berbeda dari yang dicatat saat `tandatangan`:"
                " isinya diubah setelah dicatat, sehingga tidak dapat diarsipkan.",
                file=source,
                hint="Kembalikan berkas pindaian aslinya dari cadangan, atau lampirkan"
                " pindaian baru dengan `kinerja tandatangan --pindaian`.",
            )
        target = staging / f"{n:03d}-{source.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, data)
        staged[source] = target
    return staged


def _make(
    ws: Workspace,
    journal: Journal,
    signing: Signing,
    entries: list[Entry],
    missing: list[str],
    key: str,
    loaded: LoadedSigner,
    staging: Path,
    on_done: OnDone | None,
    oleh: str | None = None,
) -> ArsipResult:
    org = ws.org
    pejabat = getattr(org.pejabat, signing.penandatangan)
    sources = {ws.path(e.version.path): e.version.sha256 for e in entries}
    recorded = {
        ws.path(e.version.path): RecordedPdf(
            e.version.meta[PDF_SHA256], e.version.meta.get(SALINAN_SHA256)
        )
        for e in entries
        if isinstance(e.version.meta.get(PDF_SHA256), str)
    }
    pdfs = fresh_pdfs(ws, sources, staging, on_done=on_done, recorded=recorded)
    pdfs.update(_staged_scans(ws, journal, entries, staging / "pindaian"))
    documents, attachments = bundle_documents(ws, journal, entries, pdfs)
    manifest_copy = staging / MANIFEST
    manifest_copy.write_text(dump_manifest(journal.data), encoding="utf-8")
    attachments.append(
        Attachment(
            path=manifest_copy,
            name=MANIFEST,
            mime=MIME[".json"],
            description="Manifest ruang kerja pada saat pengarsipan",
        )
    )
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
        chain_head=chain_head(journal.data),
        cover_note=cover_note(missing),
    )
    unsigned_pdf = staging / "arsip-belum-ditandatangani.pdf"
    info = build_bundle(documents, attachments, meta, unsigned_pdf)
    signed = staging / SIGNED_NAME
    digest = sign_pdf(
        unsigned_pdf,
        signed,
        loaded.signer,
        stamp_box=info.stamp_box,
        page=info.stamp_page,
        stamp_lines=StampText(pejabat.nama, pejabat.jabatan, when, demo=signing.source.demo),
        timestamp_url=signing.timestamp_url,
    )
    with ws.transaction(oleh or actor(ws, "staf")) as j:
        out = _bundle_path(ws, j)
        j.reserve_document("arsip", "arsip", 11, "Arsip dokumen data capaian kinerja")
        j.register_version(
            "arsip",
            ws.relative(out),
            digest,
            meta={
                "halaman": info.page_count,
                "dokumen": len(documents),
                "tetap": True,
                "isi": key,
                "demo": signing.source.demo,
                "belum_ditandatangani": missing,
                "rantai_manifest": meta.chain_head,
            },
        )
        doc_id = j.find("arsip").id  # type: ignore[union-attr]
        j.set_state(doc_id, "ditandatangani", catatan="Ditandatangani secara elektronik (PAdES)")
        for entry in entries:
            doc, version = entry.doc, entry.version
            if j.get(doc.id).version(version.versi).keadaan != "diarsipkan":
                j.set_state(doc.id, "diarsipkan", versi=version.versi, catatan=out.name)
        step_done = j.step(10).status == "selesai" and not missing
        if step_done:
            j.finish_step(11, catatan=f"{out.name} ({digest[:16]}…)")
        if out.exists():  # pragma: no cover - leftovers were cleaned under this lock
            raise WorkspaceError("Berkas arsip dengan nama itu sudah ada.", file=out)
        check_replaceable(out)
        os.replace(signed, out)  # inside the transaction: a failure records nothing
    return ArsipResult(
        out,
        digest,
        info.page_count,
        len(documents),
        loaded.ca_pem,
        step_done,
        belum_ditandatangani=tuple(missing),
    )
