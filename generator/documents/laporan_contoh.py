"""A deterministic HasilRekap of the embedded sample: the Laporan Kinerja tests and the
template check (`kinerja templat periksa`) render the report from it.

Realisasi follow a fixed pattern around the target: most indicators reach it,
some fall short, a negatif indicator overshoots (worse), one indicator and one
budget line have no realisasi.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from generator.capaian import compute_capaian, predikat, rata_rata
from generator.documents.laporan_konteks import build_context
from generator.hasil import HasilAnggaran, HasilIndikator, HasilRekap, RingkasanBidang
from generator.inputs import Inputs, load_inputs
from generator.periode import Periode

FACTORS = [1.02, 0.97, 1.0, 1.05, 0.88, 1.01, 0.93, 1.1]
MISSING_INDIKATOR = "POL-03"
MISSING_ANGGARAN = "KWS.2"
NEGATIF_WORSE = "SEK-05"  # target 2 temuan, realisasi 3
KETERANGAN = {
    "IDE-02": "Jadwal kegiatan bergeser karena agenda pemilihan; kegiatan susulan dilaksanakan pada"
    " triwulan IV.",
    "SEK-05": "Tiga temuan masih menunggu dokumen pendukung dari pihak ketiga; tindak lanjut"
    " dijadwalkan selesai triwulan I tahun berikutnya.",
}


def contoh_hasil(inputs: Inputs | None = None, periode: str = "2025", versi: int = 2) -> HasilRekap:
    inputs = inputs or load_inputs()
    indikator: list[HasilIndikator] = []
    for n, i in enumerate(inputs.master.indikator):
        if i.kode == MISSING_INDIKATOR:
            realisasi = None
        elif i.kode == NEGATIF_WORSE:
            realisasi = 3.0
        elif i.polaritas == "negatif":
            realisasi = round(i.target * 0.8, 2)
        else:
            realisasi = round(i.target * FACTORS[n % len(FACTORS)], 2)
        cap = compute_capaian(i.target, realisasi, i.polaritas)
        indikator.append(
            HasilIndikator(
                kode=i.kode,
                kode_bidang=i.kode_bidang,
                sasaran=i.sasaran,
                indikator=i.indikator,
                satuan=i.satuan,
                polaritas=i.polaritas,
                target=i.target,
                realisasi=realisasi,
                capaian=cap.nilai,
                predikat=predikat(cap.nilai),
                catatan_capaian=cap.catatan,
                keterangan=KETERANGAN.get(i.kode, ""),
            )
        )
    anggaran: list[HasilAnggaran] = []
    for n, a in enumerate(inputs.master.anggaran):
        real: float | None = (
            None if a.kode == MISSING_ANGGARAN else float(round(a.pagu * (0.97 - 0.03 * (n % 4))))
        )
        anggaran.append(
            HasilAnggaran(
                kode=a.kode,
                kode_bidang=a.kode_bidang,
                program=a.program,
                kegiatan=a.kegiatan,
                sasaran=a.sasaran,
                pagu=a.pagu,
                realisasi=real,
                persen=round(real / a.pagu * 100, 2) if real is not None and a.pagu else None,
            )
        )
    bidang = []
    for b in inputs.org.bidang:
        own = [i for i in indikator if i.kode_bidang == b.kode]
        lines = [a for a in anggaran if a.kode_bidang == b.kode]
        avg = rata_rata([i.capaian for i in own])
        pagu = sum(a.pagu for a in lines)
        total = sum(a.realisasi or 0.0 for a in lines)
        bidang.append(
            RingkasanBidang(
                kode_bidang=b.kode,
                nama=b.nama,
                jumlah_indikator=len(own),
                rata_capaian=avg,
                predikat=predikat(avg),
                pagu=pagu,
                realisasi_anggaran=total,
                persen_anggaran=round(total / pagu * 100, 2) if pagu else None,
            )
        )
    avg = rata_rata([i.capaian for i in indikator])
    pagu = sum(a.pagu for a in anggaran)
    total = sum(a.realisasi or 0.0 for a in anggaran)
    return HasilRekap(
        periode=str(Periode.parse(periode)),
        versi=versi,
        lengkap=True,
        indikator=indikator,
        anggaran=anggaran,
        bidang=bidang,
        rata_capaian=avg,
        predikat=predikat(avg),
        pagu=pagu,
        realisasi_anggaran=total,
        persen_anggaran=round(total / pagu * 100, 2),
    )


def sample_context() -> dict[str, Any]:
    """The laporan context of the sample (for ``kinerja templat periksa``).

    The charts are drawn into a temporary folder removed when the process ends.
    """
    inputs = load_inputs()
    periode = Periode.parse("2025")
    charts_dir = Path(tempfile.mkdtemp(prefix="kinerja-periksa-"))
    atexit.register(shutil.rmtree, charts_dir, True)
    return build_context(inputs, contoh_hasil(inputs), periode, date(2026, 1, 15), charts_dir)
