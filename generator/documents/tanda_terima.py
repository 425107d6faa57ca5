"""Tanda terima (step 4): the staf hands each Bidang its formulir; the receivers sign."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from generator.base.angka import terbilang
from generator.base.periode import Periode
from generator.base.worktime import WIB
from generator.documents.issue import DocumentRun, reserve_nomor, sample_identity, write_document
from generator.documents.memo import deadline, mutu_baku_text
from generator.documents.naskah import (
    hari_tanggal_id,
    kop_context,
    paraf_context,
    signature_context,
    tanggal_id,
    tempat_tanggal,
    waktu_id,
)
from generator.documents.ragam import Ragam
from generator.errors import StepError
from generator.inputs.load import load_inputs
from generator.inputs.org import Organisasi
from generator.rules.sop import load_sop
from generator.workspace.folder import Workspace
from generator.workspace.journal import Journal
from generator.workspace.manifest import DocVersion
from generator.workspace.service import actor

TEMPLATE = "tanda_terima.docx"
KEY = "tanda_terima"
JUDUL_FORMULIR = "Formulir Pengumpulan Data Capaian Kinerja"


def jumlah_teks(n: int, satuan: str = "berkas") -> str:
    """5 -> '5 (lima) berkas'."""
    return f"{n} ({terbilang(n)}) {satuan}"


def formulir_rows(org: Organisasi, journal: Journal) -> list[dict[str, str]]:
    """One row per Bidang (in the order of the org config) with its latest formulir."""
    by_bidang = {d.bidang: d for d in journal.documents("formulir") if d.versions}
    missing = [b.kode for b in org.bidang if b.kode not in by_bidang]
    if missing:
        raise StepError(
            f"Formulir untuk bidang {', '.join(missing)} belum dibuat.",
            hint="Buat formulirnya dulu.",
            next_step=journal.step_action(2),
        )
    rows = []
    for no, bidang in enumerate(org.bidang, start=1):
        doc = by_bidang[bidang.kode]
        version = doc.latest
        rows.append(
            {
                "no": str(no),
                "kode": bidang.kode,
                "bidang": bidang.nama,
                "kepala": bidang.kepala.nama,
                "berkas": version.path.rsplit("/", 1)[-1],
                "dokumen_id": doc.id,
                "versi": str(version.versi),
                "tanggal": tanggal_id(version.dibuat.date()),
                "penerima": "",
                "diterima": "",
            }
        )
    return rows


def tanda_terima_context(
    org: Organisasi,
    periode: Periode,
    rows: list[dict[str, str]],
    *,
    nomor: str,
    when: datetime,
) -> dict[str, Any]:
    """The context of templates/tanda_terima.docx (``dokumen`` and ``qr`` come on top)."""
    sop = load_sop()
    staf, kasubag = org.pejabat.staf, org.pejabat.kasubag
    return {
        "kop": kop_context(org),
        "nomor": nomor,
        "periode_label": periode.label,
        "judul_formulir": JUDUL_FORMULIR,
        "hari_tanggal": hari_tanggal_id(when.date()),
        "jumlah": str(len(rows)),
        "jumlah_teks": jumlah_teks(len(rows)),
        "daftar": rows,
        "batas_waktu": waktu_id(deadline(org, sop, 5, when)),
        "mutu_baku": mutu_baku_text(sop.step(5)),
        "penyerah": signature_context(staf),
        "mengetahui": signature_context(kasubag, tempat_tanggal=tempat_tanggal(org, when.date())),
        "paraf": paraf_context([org.pejabat.sekretaris, kasubag]),
    }


def create_tanda_terima(ws: Workspace, *, oleh: str | None = None) -> DocVersion:
    """Step 4: the tanda terima of the formulir handed to every Bidang. Needs step 2 done.

    A draft is regenerated in place with its number; once printed, a new version gets a new
    number. Marks step 4 done.
    """
    org = ws.org
    with ws.transaction(actor(ws, "staf", oleh)) as journal:
        journal.require_done(2, "Tanda terima formulir")
        rows = formulir_rows(org, journal)
        when = ws.clock()
        doc = journal.reserve_document(KEY, "tanda_terima", 4, "Tanda terima formulir")
        versi = journal.next_version_number(KEY)
        run = DocumentRun(ws, journal, KEY, doc.id, versi, TEMPLATE, "tanda_terima")
        meta = {"formulir": {r["kode"]: f"{r['dokumen_id']} v{r['versi']}" for r in rows}}
        kode = org.kode_klasifikasi.tanda_terima
        with reserve_nomor(ws, journal, KEY, doc.id, versi, kode, when) as nomor:
            content = tanda_terima_context(org, ws.periode, rows, nomor=nomor.nomor, when=when)
            version = write_document(
                run,
                content,
                f"tanda-terima-{ws.periode}-v{versi}.docx",
                nomor=nomor.nomor,
                meta=meta,
            )
        journal.finish_step(4)
    return version


def sample_context() -> dict[str, Any]:
    """The full context of tanda_terima.docx for the sample organisation."""
    return ragam_context(None)


def ragam_context(ragam: Ragam | None) -> dict[str, Any]:
    """The context of tanda_terima.docx for another shape of office (``templat periksa``)."""
    org = ragam.inputs.org if ragam else load_inputs().org
    when = datetime(2025, 1, 7, 9, 0, tzinfo=WIB)
    rows = [
        {
            "no": str(no),
            "kode": b.kode,
            "bidang": b.nama,
            "kepala": b.kepala.nama,
            "berkas": f"formulir-{b.kode}-2025-v1.xlsx",
            "dokumen_id": f"FORM-2025-{b.kode}",
            "versi": "1",
            "tanggal": tanggal_id(when.date()),
            "penerima": "",
            "diterima": "",
        }
        for no, b in enumerate(org.bidang, start=1)
    ]
    nomor = "000.9.3.3/002/35.73.505/2025"
    return {
        **tanda_terima_context(org, Periode.parse("2025"), rows, nomor=nomor, when=when),
        **sample_identity(),
    }
