"""The whole SOP cycle of a generated office, through ``generator.api`` (the calls every front
end makes), from its own org.yaml and indikator.xlsx to a verified archive.

Bidang answers are simulated as in the demo (``isi_formulir`` writes only unlocked cells);
every document is converted to PDF by the real LibreOffice pool.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator import api
from generator.demo.cycle import simulated_anggaran, simulated_keterangan, simulated_realisasi
from generator.demo.simulasi import isi_formulir
from generator.pdf.verify import VerificationReport
from generator.workspace.folder import Workspace
from tests.kantor import Kantor, write_kantor


@dataclass
class Siklus:
    workspace: Workspace
    pdfs: list[Path] = field(default_factory=list)  # every PDF a person prints or reads
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
    """The whole cycle through ``generator.api`` with one warm converter for all of it, as
    the office web server runs it (the CLI tests cover one process per command)."""
    with api.converting():
        return _siklus(k, folder, skala)


def _siklus(k: Kantor, folder: Path, skala: str | None) -> Siklus:
    org, xlsx = write_kantor(k, folder / "masukan")
    output, periode = folder / "output", k.periode
    ws = api.init(output, periode, org=org, indikator=xlsx).value
    result = Siklus(ws)
    api.memo(output, periode, catatan="Mohon formulir disiapkan.")
    api.formulir(output, periode)
    api.tanda_terima(output, periode)
    result.pdfs.append(api.cetak(output, periode).value.path)
    memo = ws.snapshot().find("memo")
    assert memo is not None
    api.paraf(output, memo.id, "kasubag", periode=periode)
    api.tandatangan(output, memo.id, peran="sekretaris", periode=periode)
    with tempfile.TemporaryDirectory() as tmp:
        api.kumpulkan(output, periode, isi_semua(ws, Path(tmp)))
    api.rekap(output, periode, skala=skala)
    api.setujui(output, periode)
    api.laporan(output, periode)
    result.pdfs.append(api.cetak(output, periode).value.path)
    journal = ws.snapshot()
    for key, pemaraf, penanda in (
        ("rekap", "kasubag", "sekretaris"),
        ("laporan", "sekretaris", "kepala"),
    ):
        doc = journal.find(key)
        assert doc is not None
        api.paraf(output, doc.id, pemaraf, periode=periode)
        api.tandatangan(output, doc.id, peran=penanda, periode=periode)
    archived = api.arsip(output, periode, api.demo_signer()).value
    result.arsip = archived.path
    result.verifikasi = api.verifikasi(
        archived.path, [archived.ca_pem] if archived.ca_pem else []
    ).value
    result.pdfs.append(archived.path)
    return result
