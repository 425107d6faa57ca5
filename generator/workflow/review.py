"""Step 10: the Sekretaris reviews the recap and approves it, or returns it to named Bidang
"untuk dilengkapi sesuai arahan" (with a Lembar Disposisi; steps 5-10 reopen for them)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.documents.rekap.workbook import KEY as REKAP_KEY
from generator.errors import InputError, StepError
from generator.workspace.folder import Workspace
from generator.workspace.journal import Journal
from generator.workspace.manifest import DocVersion
from generator.workspace.service import actor


@dataclass(frozen=True)
class HasilTinjau:
    setuju: bool
    rekap_versi: int
    rekap_id: str
    disposisi: DocVersion | None = None  # the return disposisi, when returned
    bidang: tuple[str, ...] = ()


def check_bidang(known: list[str], kembalikan: list[str]) -> list[str]:
    """The Bidang codes to return, upper-cased and once each; unknown ones refused together."""
    codes = list(dict.fromkeys(k.strip().upper() for k in kembalikan))
    unknown = [k for k in codes if k not in known]
    if unknown:
        raise InputError(
            f"Kode bidang tidak dikenal: {', '.join(unknown)}.",
            field="--kembalikan",
            hint=f"Kode yang dikenal: {', '.join(known)}.",
        )
    return codes


def _reviewed_version(journal: Journal) -> tuple[str, DocVersion]:
    journal.require_done(9, "Peninjauan rekap")
    if journal.step(10).status == "selesai":
        raise StepError(
            "Rekap periode ini sudah disetujui; peninjauan tidak dapat diulang.",
            hint="Lihat riwayatnya pada status ruang kerja.",
            next_step=journal.status_step(),
        )
    doc = journal.find(REKAP_KEY)
    if doc is None or not doc.versions:
        raise StepError(
            "Belum ada rekap untuk ditinjau.",
            hint="Buat rekapnya dulu.",
            next_step=journal.step_action(7),
        )
    version = doc.latest
    if not version.meta.get("lengkap", False):
        raise StepError(
            f"Rekap versi {version.versi} belum lengkap (dibuat dengan --sebagian) dan tidak dapat ditinjau.",
            hint="Buat rekap lengkap setelah semua bidang menyerahkan formulir.",
        )
    return doc.id, version


def tinjau(
    ws: Workspace,
    *,
    setuju: bool = False,
    kembalikan: list[str] | None = None,
    arahan: str | None = None,
    oleh: str | None = None,
) -> HasilTinjau:
    """Approve the latest complete recap (``setuju``) or return it to ``kembalikan`` Bidang
    with ``arahan``. The reviewed version is marked in its meta and never replaced."""
    kembalikan = kembalikan or []
    if setuju == bool(kembalikan):
        raise InputError("Pilih tepat satu: setujui rekap, atau kembalikan kepada bidang tertentu.")
    text = (arahan or "").strip()
    if kembalikan and not text:
        raise InputError("Arahan wajib diisi bila rekap dikembalikan.", field="--arahan")
    if setuju and text:
        raise InputError("Arahan hanya dipakai bila rekap dikembalikan.", field="--arahan")
    codes = check_bidang([b.kode for b in ws.org.bidang], kembalikan)
    with ws.transaction(actor(ws, "sekretaris", oleh)) as journal:
        doc_id, version = _reviewed_version(journal)
        when = ws.clock().isoformat()
        if setuju:
            # meta first, then the events: the hash of the state after them covers the mark
            version.meta["disetujui"] = {"waktu": when, "oleh": journal.oleh}
            version.meta["tetap"] = True
            journal.note("rekap_disetujui", id=doc_id, versi=version.versi)
            journal.finish_step(10, catatan=f"Rekap versi {version.versi} disetujui")
            return HasilTinjau(True, version.versi, doc_id)
        from generator.documents.memo import create_return_disposisi

        version.meta["dikembalikan"] = {
            "waktu": when,
            "oleh": journal.oleh,
            "bidang": codes,
            "arahan": text,
        }
        version.meta["tetap"] = True
        disposisi = create_return_disposisi(ws, journal, codes, text)
        journal.note(
            "rekap_dikembalikan",
            id=doc_id,
            versi=version.versi,
            bidang=codes,
            disposisi=disposisi.path,
            nomor=disposisi.nomor,
        )
        journal.return_for_revision(codes, text, first=5, last=10)
        return HasilTinjau(False, version.versi, doc_id, disposisi, tuple(codes))


def setujui(ws: Workspace, oleh: str | None = None) -> HasilTinjau:
    """``tinjau(ws, setuju=True)``."""
    return tinjau(ws, setuju=True, oleh=oleh)


def kembalikan(
    ws: Workspace, bidang: list[str], arahan: str, oleh: str | None = None
) -> HasilTinjau:
    """``tinjau(ws, kembalikan=bidang, arahan=arahan)``."""
    return tinjau(ws, kembalikan=bidang, arahan=arahan, oleh=oleh)
