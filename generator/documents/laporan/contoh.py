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
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from generator.base.periode import Periode
from generator.documents.laporan.konteks import build_context
from generator.documents.ragam import Ragam
from generator.documents.rekap.workbook import compute_hasil
from generator.inputs.indikator import Indikator
from generator.inputs.load import Inputs, load_inputs
from generator.rules.hasil import HasilRekap

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


@dataclass(frozen=True)
class _Baris:
    kode: str
    realisasi: float | None
    keterangan: str = ""


@dataclass(frozen=True)
class _Penyerahan:
    kode_bidang: str
    rows: list[_Baris]
    anggaran: list[_Baris]


def _realisasi(n: int, i: Indikator) -> float | None:
    if i.kode == MISSING_INDIKATOR:
        return None
    if i.kode == NEGATIF_WORSE:
        return 3.0
    if i.polaritas == "negatif":
        return round(i.target * 0.8, 2)
    return round(i.target * FACTORS[n % len(FACTORS)], 2)


def contoh_hasil(
    inputs: Inputs | None = None, periode: str = "2025", versi: int = 2, skala: str | None = None
) -> HasilRekap:
    """The recap numbers of the sample, computed by the recap itself from simulated answers."""
    inputs = inputs or load_inputs()
    master = inputs.master
    rows = {
        n: _Baris(i.kode, _realisasi(n, i), KETERANGAN.get(i.kode, ""))
        for n, i in enumerate(master.indikator)
    }
    budget = [
        _Baris(
            a.kode,
            None if a.kode == MISSING_ANGGARAN else float(round(a.pagu * (0.97 - 0.03 * (n % 4)))),
        )
        for n, a in enumerate(master.anggaran)
    ]
    submissions = {
        b.kode: _Penyerahan(
            b.kode,
            [rows[n] for n, i in enumerate(master.indikator) if i.kode_bidang == b.kode],
            [
                line
                for line, a in zip(budget, master.anggaran, strict=True)
                if a.kode_bidang == b.kode
            ],
        )
        for b in inputs.org.bidang
    }
    return compute_hasil(
        inputs.org,
        master,
        submissions,
        periode=str(Periode.parse(periode)),
        versi=versi,
        skala=skala,
    )


def sample_context() -> dict[str, Any]:
    """The laporan context of the sample (for ``kinerja templat periksa``).

    The charts are drawn into a temporary folder removed when the process ends.
    """
    return _context(load_inputs(), Periode.parse("2025"))


def ragam_context(ragam: Ragam) -> dict[str, Any]:
    """The laporan context of another shape of office (``templat periksa``)."""
    return _context(ragam.inputs, ragam.periode)


def _context(inputs: Inputs, periode: Periode) -> dict[str, Any]:
    charts_dir = Path(tempfile.mkdtemp(prefix="kinerja-periksa-"))
    atexit.register(shutil.rmtree, charts_dir, True)
    hasil = contoh_hasil(inputs, str(periode))
    return build_context(inputs, hasil, periode, date(2026, 1, 15), charts_dir)
