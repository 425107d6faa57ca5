"""The paper trail: printing (cetak), initials (paraf) and hand signatures (tandatangan).

A version moves draf -> dicetak -> diparaf -> ditandatangani. Printing comes
first because the officials initial and sign paper; the first paraf moves the
state, the others of the paraf hierarki (at most three officials) are recorded
as events. A signature may carry the scan of the signed paper, kept in
``pindaian/`` and named on the state change so that the archive can put it
after the generated version. The copy rules and default signers are data
(``data/dokumen.yaml``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator.base.fsutil import TMP_PREFIX, atomic_write_bytes, sha256_file
from generator.base.periode import Periode
from generator.errors import InputError, ManifestError, NextStep, StepError, WorkspaceError
from generator.pdf.bundle import merge_pdfs
from generator.pdf.scan import scan_to_pdf
from generator.rules.dokumen import load_registry
from generator.rules.vocab import PARAF_ROLES, ROLE_LABELS, SIGN_ROLES
from generator.workflow.penandatangan import check_signer, refuse_attached
from generator.workspace.folder import MANIFEST, Workspace
from generator.workspace.journal import Journal
from generator.workspace.manifest import DOC_STATES, PDF_SHA256, Document, DocVersion

if TYPE_CHECKING:
    from generator.convert.jobs import OnDone


# -- finding the document -----------------------------------------------------------------------


def find_workspace_of(output: Path, doc_id: str) -> Workspace:
    """The workspace under ``output`` whose manifest holds ``doc_id``."""
    found: list[str] = []
    for manifest in sorted(output.glob(f"*/{MANIFEST}")):
        try:
            raw = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(raw, dict) or not isinstance(raw.get("periode"), str):
            continue
        ids = {d.get("id") for d in raw.get("dokumen", []) if isinstance(d, dict)}
        if doc_id in ids:
            found.append(raw["periode"])
    if not found:
        raise ManifestError(
            f"Dokumen '{doc_id}' tidak ditemukan di ruang kerja mana pun di {output}.",
            hint="Periksa penulisan Id dokumen pada status ruang kerja periodenya.",
        )
    if len(found) > 1:
        raise WorkspaceError(
            f"Dokumen '{doc_id}' ada di beberapa ruang kerja ({', '.join(found)}).",
            hint="Sebutkan periodenya dengan --periode.",
        )
    return Workspace.open(output, Periode.parse(found[0]))


def official_name(ws: Workspace, role: str, doc: Document | None = None) -> str:
    """The name of the official holding ``role`` (for kabid: the Kepala of the document's Bidang)."""
    org = ws.org
    if role == "kabid":
        if doc is not None and doc.bidang:
            return org.bidang_by_kode(doc.bidang).kepala.nama
        return "Kepala Bidang masing-masing"
    pejabat = getattr(org.pejabat, role)
    return str(pejabat.nama)


def _actor(ws: Workspace, role: str, doc: Document | None = None) -> str:
    return f"{ROLE_LABELS[role]}: {official_name(ws, role, doc)}"


def _check_role(role: str, allowed: Sequence[str], what: str) -> None:
    if role not in allowed:
        raise InputError(
            f"Peran '{role}' tidak dapat {what}.",
            hint=f"Peran yang dapat dipakai: {', '.join(allowed)}.",
        )


def _require_printed(doc: Document, version: DocVersion, action: str, periode: str) -> None:
    if version.keadaan == "draf":
        raise StepError(
            f"Dokumen {doc.id} versi {version.versi} belum dicetak; {action} dicatat setelah"
            " dokumen dicetak dan diparaf/ditandatangani di atas kertas.",
            hint="Cetak dulu dokumennya.",
            next_step=NextStep(
                "cetak", {"periode": periode, "langkah": str(doc.langkah)}, "Cetak dokumen"
            ),
        )


# -- paraf --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParafRecord:
    doc_id: str
    versi: int
    peran: str
    nama: str
    waktu: datetime
    catatan: str | None = None


def parafs_of(journal: Journal, doc_id: str, versi: int | None = None) -> list[ParafRecord]:
    """The paraf recorded on a version (the latest when ``versi`` is None), oldest first."""
    version = journal.get(doc_id).version(versi)
    return [
        ParafRecord(
            doc_id=doc_id,
            versi=version.versi,
            peran=str(e.data["peran"]),
            nama=str(e.data.get("nama", "")),
            waktu=e.waktu,
            catatan=e.data.get("catatan"),
        )
        for e in journal.data.events
        if e.jenis == "paraf"
        and e.data.get("id") == doc_id
        and e.data.get("versi") == version.versi
    ]


def paraf(
    ws: Workspace,
    doc_id: str,
    role: str,
    catatan: str | None = None,
    oleh: str | None = None,
) -> ParafRecord:
    """Record that ``role`` initialled the printed latest version of ``doc_id``; ``oleh`` is
    who records it (a web account), else the official of ``role``."""
    _check_role(role, PARAF_ROLES, "memaraf (hierarki paraf: sekretaris, kasubag, staf)")
    with ws.transaction(oleh or _actor(ws, role)) as journal:
        doc = journal.get(doc_id)
        if not doc.versions:
            raise ManifestError(f"Dokumen {doc_id} belum punya berkas.")
        version = doc.latest
        _require_printed(doc, version, "paraf", journal.data.periode)
        if DOC_STATES.index(version.keadaan) > DOC_STATES.index("diparaf"):
            raise StepError(
                f"Dokumen {doc_id} versi {version.versi} sudah berstatus '{version.keadaan}';"
                " paraf dibubuhkan sebelum tanda tangan."
            )
        done = parafs_of(journal, doc_id, version.versi)
        if any(p.peran == role for p in done):
            raise StepError(
                f"{ROLE_LABELS[role]} sudah memaraf dokumen {doc_id} versi {version.versi}."
            )
        nama = official_name(ws, role, doc)
        if version.keadaan == "dicetak":
            journal.set_state(doc_id, "diparaf", catatan=catatan, lampiran=None)
        journal.note(
            "paraf", id=doc_id, versi=version.versi, peran=role, nama=nama, catatan=catatan
        )
        return parafs_of(journal, doc_id, version.versi)[-1]


# -- tandatangan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TandatanganResult:
    doc_id: str
    versi: int
    peran: str
    nama: str
    keadaan: str
    lampiran: Path | None  # the stored scan, absolute


def default_signer(jenis: str) -> str:
    return load_registry().signer(jenis)


def signers_of(jenis: str) -> list[str]:
    return load_registry().signers(jenis)


def _free_name(folder: Path, base: str) -> Path:
    """``<base>.pdf`` in ``folder``, else ``<base>-2.pdf``, ``-3``: a file is never overwritten."""
    candidate, n = folder / f"{base}.pdf", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{base}-{n}.pdf"
    return candidate


def tandatangan(
    ws: Workspace,
    doc_id: str,
    role: str | None = None,
    pindaian: Path | Sequence[Path] | None = None,
    oleh: str | None = None,
) -> TandatanganResult:
    """Record the hand signature on the printed latest version, with the scan when given.

    ``pindaian`` is a PDF or images (JPG/PNG/TIFF, one page each); a version already
    signed only accepts a further scan. ``oleh`` is who records it (a web account), else
    the signing official.
    """
    scans = [pindaian] if isinstance(pindaian, Path) else list(pindaian or [])
    scan_pdf = scan_to_pdf(scans) if scans else None  # validated before the lock is taken
    doc = ws.snapshot().get(doc_id)
    peran = role or default_signer(doc.jenis)
    _check_role(peran, SIGN_ROLES, "menandatangani")
    org = ws.org
    with ws.transaction(oleh or _actor(ws, peran, doc)) as journal:
        doc = journal.get(doc_id)
        if not doc.versions:
            raise ManifestError(f"Dokumen {doc_id} belum punya berkas.")
        sebagai = check_signer(org, doc, peran, signers_of(doc.jenis), journal.data.periode)
        refuse_attached(journal, doc, ws.root, scans)
        version = doc.latest
        _require_printed(doc, version, "tanda tangan", journal.data.periode)
        if version.keadaan == "diarsipkan":
            raise StepError(f"Dokumen {doc_id} versi {version.versi} sudah diarsipkan.")
        if version.keadaan == "ditandatangani" and scan_pdf is None:
            raise StepError(
                f"Dokumen {doc_id} versi {version.versi} sudah tercatat ditandatangani.",
                hint="Untuk melampirkan pindaian tambahan, beri --pindaian BERKAS.",
            )
        nama = official_name(ws, peran, doc)
        target: Path | None = None
        lampiran: str | None = None
        if scan_pdf is not None:
            target = _free_name(ws.folder("pindaian"), f"{doc_id}-v{version.versi}-ttd")
            lampiran = ws.relative(target)
        journal.set_state(
            doc_id, "ditandatangani", catatan=f"Ditandatangani {sebagai}: {nama}", lampiran=lampiran
        )
        if target is not None and scan_pdf is not None:
            atomic_write_bytes(target, scan_pdf)
            stored = hashlib.sha256(scan_pdf).hexdigest()  # the bytes just written
            sumber = sorted({sha256_file(p) for p in scans} | {stored})
            journal.note(
                "pindaian",
                id=doc_id,
                versi=version.versi,
                berkas=lampiran,
                sumber=sumber,
                sha256=stored,
            )
        return TandatanganResult(doc_id, version.versi, peran, nama, version.keadaan, target)


def scans_for(journal: Journal, doc_id: str, versi: int | None = None) -> list[Path]:
    """Signed scans of a document (all versions, or one), oldest first, relative to the
    workspace root (``ws.path(p)`` opens one)."""
    doc = journal.get(doc_id)
    versions = doc.versions if versi is None else [doc.version(versi)]
    return [
        Path(change.lampiran)
        for version in versions
        for change in version.riwayat
        if change.keadaan == "ditandatangani" and change.lampiran
    ]


def scan_hashes(journal: Journal) -> dict[str, set[str]]:
    """Stored scan (relative path) -> the SHA-256 its ``pindaian`` event recorded (a record
    older than that field lists the hashes of the scan and of the files it was made from)."""
    found: dict[str, set[str]] = {}
    for event in journal.data.events:
        if event.jenis != "pindaian" or "berkas" not in event.data:
            continue
        payload = event.data
        hashes = [payload["sha256"]] if "sha256" in payload else payload.get("sumber", [])
        found[str(payload["berkas"])] = {str(h) for h in hashes}
    return found


# -- cetak --------------------------------------------------------------------------------------


class NothingNewToPrint(StepError):
    """Every document of the step is printed already: not a failure (a front end says so and
    succeeds), but nothing is written."""


@dataclass(frozen=True)
class PrintItem:
    doc_id: str
    judul: str
    versi: int
    path: str  # source, relative to the workspace
    sha256: str
    salinan: int
    alasan: str


@dataclass(frozen=True)
class CetakResult:
    path: Path
    items: list[PrintItem]
    halaman: int


def plan_print(journal: Journal, langkah: int | None, ulang: bool = False) -> list[PrintItem]:
    """What to print for a step (all steps when None), in SOP order, with copies.

    A step's documents are those it produced or whose kind the SOP names as its
    output (step 3 prints the formulir of step 2). Without ``ulang`` only latest
    versions not printed yet are taken.
    """
    rules = load_registry()
    if langkah is not None and not 1 <= langkah <= len(journal.sop.langkah):
        raise InputError(
            f"Langkah {langkah} tidak ada; SOP ini punya langkah 1 sampai"
            f" {len(journal.sop.langkah)}."
        )
    wanted = () if langkah is None else journal.sop.step(langkah).dokumen
    docs = [
        d
        for d in journal.documents()
        if d.versions
        and rules.rule(d.jenis).copies(d.latest.meta) > 0
        and (langkah is None or d.langkah == langkah or d.jenis in wanted)
    ]
    docs.sort(key=lambda d: d.langkah)  # stable: manifest order within a step
    where = "semua langkah" if langkah is None else f"langkah {langkah}"
    if not docs:
        label = "" if langkah is None else f" ({journal.sop.step(langkah).singkat})"
        raise StepError(
            f"Belum ada dokumen untuk dicetak pada {where}{label}.",
            hint="Buat dulu dokumennya.",
            next_step=journal.status_step(),
        )
    fresh = [d for d in docs if ulang or d.latest.keadaan == "draf"]
    if not fresh:
        raise NothingNewToPrint(
            f"Semua dokumen pada {where} sudah dicetak.",
            hint="Untuk mencetak ulang, tambahkan --ulang.",
        )
    return [
        PrintItem(
            doc_id=d.id,
            judul=d.judul,
            versi=d.latest.versi,
            path=d.latest.path,
            sha256=d.latest.sha256,
            salinan=rules.rule(d.jenis).copies(d.latest.meta),
            alasan=rules.rule(d.jenis).alasan,
        )
        for d in fresh
    ]


def _to_pdfs(ws: Workspace, items: list[PrintItem], on_done: OnDone | None) -> dict[str, Path]:
    """Source (relative) -> PDF, converting Word/Excel sources with LibreOffice."""
    for item in items:
        source = ws.path(item.path)
        if not source.is_file():
            raise ManifestError("Berkas dokumen tidak ditemukan.", file=item.path)
        if sha256_file(source) != item.sha256:
            raise ManifestError(
                f"Berkas {item.doc_id} versi {item.versi} berubah sejak dicatat di manifest"
                " (SHA-256 berbeda); yang dicetak harus sama dengan yang tercatat.",
                file=item.path,
                hint="Buat ulang dokumen itu dengan perintah langkahnya.",
            )
    pdfs = {i.path: ws.path(i.path) for i in items if i.path.lower().endswith(".pdf")}
    sources = {ws.path(i.path): i.path for i in items if i.path not in pdfs}
    if sources:
        from generator.pdf.pdfs import workspace_pdfs  # LibreOffice only when needed

        converted = workspace_pdfs(ws, list(sources), on_done=on_done)
        pdfs.update({sources[src]: pdf for src, pdf in converted.items()})
    return pdfs


def _made_here(
    ws: Workspace, items: list[PrintItem], pdfs: dict[str, Path]
) -> dict[str, tuple[str, str | None]]:
    """Source (relative) -> SHA-256 of its PDF (and of the print copy it was made from, for a
    received formulir), for the PDFs this process's converter made: the manifest keeps them,
    and a later archive uses those bytes instead of converting again. Scans are left out."""
    from generator.convert import made_by_session
    from generator.pdf.pdfs import PDFA, print_copy
    from generator.pdf.print_copy import is_received

    journal = ws.snapshot()
    made: dict[str, tuple[str, str | None]] = {}
    for item in items:
        if item.path.lower().endswith(".pdf"):
            continue
        source = ws.path(item.path)
        copy = print_copy(ws, source, journal=journal) if is_received(ws, source) else None
        sha = made_by_session(copy or source, pdfs[item.path], PDFA)
        if sha is not None:
            made[item.path] = (sha, sha256_file(copy) if copy is not None else None)
    return made


def cetak_dokumen(
    ws: Workspace,
    langkah: int | None,
    on_done: OnDone | None = None,
    *,
    ulang: bool = False,
    oleh: str | None = None,
) -> CetakResult:
    """One print-ready PDF of a step's documents (with copies); marks them ``dicetak``."""
    items = plan_print(ws.snapshot(), langkah, ulang)
    pdfs = _to_pdfs(ws, items, on_done)  # slow part: outside the workspace lock
    parts = [pdfs[i.path] for i in items for _ in range(i.salinan)]
    stamp = ws.clock().strftime("%Y%m%d-%H%M%S")
    scope = "semua" if langkah is None else f"langkah-{langkah}"
    target = _free_name(ws.folder("cetak"), f"cetak-{scope}-{stamp}")
    tmp = target.with_name(f"{TMP_PREFIX}{target.name}")
    made = _made_here(ws, items, pdfs)
    try:
        pages = merge_pdfs(parts, tmp)
        with ws.transaction(oleh or _actor(ws, "staf")) as journal:
            for item in items:
                version = journal.get(item.doc_id).latest
                if version.versi != item.versi or version.sha256 != item.sha256:
                    raise StepError(
                        f"Dokumen {item.doc_id} berubah selama pencetakan; ulangi perintah cetak."
                    )
                sha, salinan = made.get(item.path, (None, None))
                if version.pdf is None or (sha is not None and version.meta.get(PDF_SHA256) != sha):
                    pdf = ws.relative(pdfs[item.path])
                    journal.attach_pdf(item.doc_id, item.versi, pdf, sha, salinan=salinan)
                if version.keadaan == "draf":
                    journal.set_state(item.doc_id, "dicetak", catatan=f"Dicetak: {target.name}")
            journal.note(
                "cetak",
                file=ws.relative(target),
                langkah=langkah,
                dokumen=[{"id": i.doc_id, "versi": i.versi, "salinan": i.salinan} for i in items],
            )
            os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return CetakResult(target, items, pages)


def cetak(ws: Workspace, langkah: int | None, on_done: OnDone | None = None) -> Path:
    """The print file of a step (see ``cetak_dokumen``)."""
    return cetak_dokumen(ws, langkah, on_done).path
