"""The whole SOP cycle of a generated office, through the library calls the commands use.

Bidang answers are simulated with ``generator.demo`` (``isi_formulir`` writes only unlocked
cells); every stage's documents are converted to PDF by the real LibreOffice pool.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.base.periode import Periode
from generator.demo.cycle import simulated_anggaran, simulated_keterangan, simulated_realisasi
from generator.demo.simulasi import isi_formulir
from generator.documents.formulir.workbook import generate_formulir
from generator.documents.laporan.report import generate_laporan
from generator.documents.memo import create_memo
from generator.documents.rekap.workbook import build_rekap
from generator.documents.tanda_terima import create_tanda_terima
from generator.intake.pengumpulan import kumpulkan
from generator.pdf.verify import VerificationReport, verify_bundle
from generator.workflow.archive import Signing, arsip
from generator.workflow.papertrail import cetak, paraf, tandatangan
from generator.workflow.review import setujui
from generator.workspace.folder import Workspace
from tests.kantor import Kantor, write_kantor


@dataclass
class Siklus:
    workspace: Workspace
    pdfs: list[Path] = field(default_factory=list)  # every PDF a person reads or prints
    arsip: Path | None = None
    verifikasi: VerificationReport | None = None


def isi_semua(ws: Workspace, folder: Path) -> list[Path]:
    """Every Bidang's formulir filled as the demo's Bidang fill theirs (into ``folder``)."""
    master = ws.inputs.master
    folder.mkdir(parents=True, exist_ok=True)
    filled = []
    for doc in ws.snapshot().documents("formulir"):
        kode = doc.bidang
        assert kode is not None
        indikator = master.for_bidang(kode)
        realisasi = {i.kode: simulated_realisasi(i, n) for n, i in enumerate(indikator)}
        keterangan = {i.kode: simulated_keterangan(i, realisasi[i.kode]) for i in indikator}
        anggaran = {
            a.kode: simulated_anggaran(a, n) for n, a in enumerate(master.anggaran_for_bidang(kode))
        }
        out = folder / f"formulir-{kode}-terisi.xlsx"
        source = ws.path(doc.latest.path)
        filled.append(isi_formulir(source, realisasi, keterangan, anggaran, out=out))
    return filled


def run_siklus(k: Kantor, folder: Path, *, skala: str | None = None) -> Siklus:
    org, xlsx = write_kantor(k, folder / "masukan")
    ws = Workspace.create(folder / "output", Periode.parse(k.periode), org, xlsx)
    result = Siklus(ws)
    create_memo(ws, catatan="Mohon formulir disiapkan.")
    generate_formulir(ws)
    create_tanda_terima(ws)
    result.pdfs.append(cetak(ws, None))
    with tempfile.TemporaryDirectory() as tmp:
        kumpulkan(ws, isi_semua(ws, Path(tmp)))
    build_rekap(ws, skala=skala)
    setujui(ws)
    generate_laporan(ws)
    result.pdfs.append(cetak(ws, None))
    journal = ws.snapshot()
    for key, pemaraf, penanda in (
        ("rekap", "kasubag", "sekretaris"),
        ("laporan", "sekretaris", "kepala"),
    ):
        doc = journal.find(key)
        assert doc is not None
        paraf(ws, doc.id, pemaraf)
        tandatangan(ws, doc.id, penanda)
    archived = arsip(ws, Signing(demo=True))
    result.arsip = archived.path
    result.verifikasi = verify_bundle(archived.path, archived.ca_pem)
    result.pdfs.append(archived.path)
    return result
