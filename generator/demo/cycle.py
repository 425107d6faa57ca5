"""`kinerja demo`: the whole SOP cycle on the embedded sample, as the office would run it.

Every stage calls the same library functions as the commands. The Bidang's
answers are simulated deterministically and written only into the unlocked
cells of their formulir, as a person would. One Bidang first hands in a
formulir without the kendala/upaya for an indicator below target; the
Sekretaris returns it with an arahan and the corrected formulir comes back.
Each run gets a fresh folder (``<output>/demo-<tanggal-jam>``): two runs never mix.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.base.periode import Periode
from generator.base.preload import load_now, preload
from generator.base.worktime import now
from generator.convert import ConversionResult, converter_session
from generator.demo.simulasi import isi_formulir
from generator.documents.formulir.workbook import FormulirBaru, generate_formulir
from generator.documents.memo import create_memo
from generator.documents.rekap.workbook import build_rekap
from generator.documents.tanda_terima import create_tanda_terima
from generator.errors import WorkspaceError
from generator.inputs.indikator import Anggaran, Indikator
from generator.intake.pengumpulan import kumpulkan
from generator.pdf.pdfs import prefetch_workspace
from generator.workflow.papertrail import cetak, paraf, tandatangan
from generator.workflow.review import kembalikan, setujui
from generator.workspace.folder import Workspace

if TYPE_CHECKING:
    from generator.pdf.verify import VerificationReport
    from generator.workflow.archive import ArsipResult

# Needed only at the end of the cycle. The LKj's figures: imported in the background while the
# first documents are converted (base/preload.py). Signing and verification: imported while the
# office converts the LKj, when this thread would only wait; in the background they took the
# GIL from the rendering of the first documents, which the whole cycle waits for.
LATER = ("generator.documents.laporan.report",)
LAST = (
    "generator.workflow.archive",
    "generator.pdf.verify",
    "pypdf",  # the verification reads the manifest pages' text
)
DEMO_PERIODE = "2025"
RETURNED_BIDANG = "IDE"
ARAHAN = (
    "Lengkapi kendala dan upaya untuk setiap indikator yang belum mencapai target, lalu serahkan"
    " kembali formulir Bidang Ideologi."
)
# Realisasi as a share of target, cycled over a Bidang's indicators: some above, some below.
FACTORS = (1.04, 0.93, 1.0, 0.81, 1.12, 0.97, 0.88)

Progress = Callable[[str], None]


@dataclass
class DemoResult:
    workspace: Workspace
    arsip: ArsipResult | None = None
    verifikasi: VerificationReport | None = None
    stages: list[str] = field(default_factory=list)


def demo_folder(output: Path) -> Path:
    stamp = now().strftime("%Y%m%d-%H%M%S")
    folder = output / f"demo-{stamp}"
    n = 1
    while folder.exists():
        n += 1
        folder = output / f"demo-{stamp}-{n}"
    return folder


def simulated_realisasi(indikator: Indikator, position: int) -> float:
    """A plausible realisasi: the factor moves a positif indicator up and a negatif one down."""
    factor = FACTORS[position % len(FACTORS)]
    value = indikator.target * (factor if indikator.polaritas == "positif" else 2 - factor)
    return round(value, 2) if indikator.satuan in ("%", "indeks", "nilai") else float(round(value))


def simulated_keterangan(indikator: Indikator, realisasi: float) -> str:
    reached = (
        realisasi >= indikator.target
        if indikator.polaritas == "positif"
        else realisasi <= indikator.target
    )
    if reached:
        return "Tercapai sesuai rencana kegiatan; pelaksanaan dipantau setiap bulan."
    return (
        "Kendala: keterbatasan anggaran dan jadwal kegiatan yang bergeser. Upaya: koordinasi"
        " lintas perangkat daerah dan penjadwalan ulang kegiatan pada triwulan berikutnya."
    )


def simulated_anggaran(line: Anggaran, position: int) -> float:
    return float(round(line.pagu * (0.97 - 0.04 * (position % 3))))


def _fill(ws: Workspace, formulir: FormulirBaru, out: Path, *, omit_keterangan: bool) -> Path:
    master = ws.inputs.master
    indikator = master.for_bidang(formulir.kode_bidang)
    realisasi = {i.kode: simulated_realisasi(i, n) for n, i in enumerate(indikator)}
    keterangan = {i.kode: simulated_keterangan(i, realisasi[i.kode]) for i in indikator}
    if omit_keterangan:
        keterangan = {k: v for k, v in keterangan.items() if not v.startswith("Kendala")}
    anggaran = {
        a.kode: simulated_anggaran(a, n)
        for n, a in enumerate(master.anggaran_for_bidang(formulir.kode_bidang))
    }
    return isi_formulir(formulir.path, realisasi, keterangan, anggaran, out=out)


def _scan_of(pdf: Path, folder: Path) -> Path:
    """A stand-in for the office scanner: the first page of the printed PDF as a PNG."""
    stem = folder / "pindaian"
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", "-singlefile", "-f", "1", "-l", "1", str(pdf), str(stem)],
        check=True,
        capture_output=True,
    )
    return stem.with_suffix(".png")


def run_demo(
    output: Path,
    progress: Progress = lambda _: None,
    on_converted: Callable[[ConversionResult], None] | None = None,
    conversions_done: Callable[[], None] | None = None,
) -> DemoResult:
    """The whole cycle with one converter session (the caller's, if one is open).

    The offices start while the first documents are rendered, and every document is handed
    to them the moment it exists: cetak and arsip then mostly find their PDFs ready.
    ``conversions_done`` is called once the archive is made (nothing is converted after it).
    """
    with converter_session() as session:
        session.warm()
        return _cycle(output, progress, on_converted, conversions_done)


def _cycle(
    output: Path,
    progress: Progress,
    on_converted: Callable[[ConversionResult], None] | None,
    conversions_done: Callable[[], None] | None = None,
) -> DemoResult:
    folder = demo_folder(output)
    if folder.exists():
        raise WorkspaceError(f"Folder demo {folder} sudah ada.")
    periode = Periode.parse(DEMO_PERIODE)
    progress(f"Ruang kerja contoh periode {periode} di {folder}")
    ws = Workspace.create(folder, periode)
    preload(*LATER)
    result = DemoResult(ws)

    def stage(message: str) -> None:
        prefetch_workspace(ws)  # convert what this stage made while the next one runs
        result.stages.append(message)
        progress(message)

    memo = create_memo(ws, catatan="Mohon formulir disiapkan dan dibagikan hari ini.")
    stage(f"Langkah 1: memo nomor {memo.nomor}")
    formulir = generate_formulir(ws)
    stage(f"Langkah 2-3: {len(formulir)} formulir, satu per bidang")
    tanda_terima = create_tanda_terima(ws)
    stage(f"Langkah 4: tanda terima nomor {tanda_terima.nomor}")

    with tempfile.TemporaryDirectory() as tmp:
        # The Bidang's answers (both rounds) are written while the office converts the first
        # documents for printing, which cetak then waits for; they reach the workspace only
        # through kumpulkan, in the SOP's order below.
        filled = {
            f.kode_bidang: _fill(
                ws,
                f,
                Path(tmp) / f"formulir-{f.kode_bidang}-terisi.xlsx",
                omit_keterangan=f.kode_bidang == RETURNED_BIDANG,
            )
            for f in formulir
        }
        again = next(f for f in formulir if f.kode_bidang == RETURNED_BIDANG)
        corrected = _fill(ws, again, Path(tmp) / "formulir-perbaikan.xlsx", omit_keterangan=False)

        printed = cetak(ws, None, on_done=on_converted)
        stage(f"Dicetak untuk paraf dan tanda tangan: {printed.name}")
        memo_id = ws.snapshot().find("memo").id  # type: ignore[union-attr]
        paraf(ws, memo_id, "kasubag")
        scan = _scan_of(printed, Path(tmp))
        tandatangan(ws, memo_id, "sekretaris", pindaian=scan)
        stage("Memo diparaf Kasubag dan ditandatangani Sekretaris (pindaian dilampirkan)")

        kumpulkan(ws, list(filled.values()))
        stage(f"Langkah 5-6: {len(filled)} formulir terisi diterima")
        rekap1 = build_rekap(ws)
        stage(f"Langkah 7-9: rekap versi {rekap1.version.versi}")
        kembalikan(ws, [RETURNED_BIDANG], ARAHAN)
        stage(f"Langkah 10: dikembalikan kepada {RETURNED_BIDANG} dengan arahan")

        kumpulkan(ws, [corrected])
    stage(f"Formulir perbaikan {RETURNED_BIDANG} diterima")

    rekap2 = build_rekap(ws)
    stage(f"Rekap versi {rekap2.version.versi}")
    setujui(ws)
    stage("Langkah 10: rekap disetujui Sekretaris")

    from generator.documents.laporan.report import generate_laporan

    laporan = generate_laporan(ws, on_done=on_converted, meanwhile=lambda: load_now(*LAST))
    stage(f"Laporan Kinerja versi {laporan.versi}")

    printed = cetak(ws, None, on_done=on_converted)
    stage(f"Dicetak: {printed.name}")
    journal = ws.snapshot()
    rekap_id = journal.find("rekap").id  # type: ignore[union-attr]
    laporan_id = journal.find("laporan").id  # type: ignore[union-attr]
    paraf(ws, rekap_id, "kasubag")
    tandatangan(ws, rekap_id, "sekretaris")
    paraf(ws, laporan_id, "sekretaris")
    tandatangan(ws, laporan_id, "kepala")
    stage("Rekap dan Laporan Kinerja diparaf dan ditandatangani")

    from generator.pdf.verify import verify_bundle
    from generator.workflow.archive import DemoSigner, Signing, arsip

    result.arsip = arsip(ws, Signing(DemoSigner()), on_done=on_converted)
    stage(f"Langkah 11: arsip {result.arsip.path.name} ditandatangani elektronik")
    if conversions_done is not None:
        conversions_done()
    result.verifikasi = verify_bundle(result.arsip.path, result.arsip.ca_pem)
    return result
