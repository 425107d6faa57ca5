"""The results of one recapitulation: what the rekap shows and the laporan analyses.

Plain data, computed by the recap from the received formulir (see
``generator.documents.rekap.workbook``) and stored beside each rekap version as JSON,
so that the Laporan Kinerja is written from exactly the approved version.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from generator.rules.capaian import SkalaPredikat, default_aturan


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HasilIndikator(_Model):
    kode: str
    kode_bidang: str
    sasaran: str
    indikator: str
    satuan: str
    polaritas: str
    target: float
    realisasi: float | None  # None: not reported
    capaian: float | None  # percent, rounded as the sheet does; None when it cannot be computed
    predikat: str | None
    catatan_capaian: str | None = (
        None  # why capaian is missing (target 0, no realisasi), Indonesian
    )
    keterangan: str = ""  # kendala/upaya written by the Bidang


class HasilAnggaran(_Model):
    kode: str
    kode_bidang: str
    program: str
    kegiatan: str
    sasaran: str = ""
    pagu: float
    realisasi: float | None
    persen: float | None


class RingkasanBidang(_Model):
    kode_bidang: str
    nama: str
    jumlah_indikator: int
    rata_capaian: float | None
    predikat: str | None
    pagu: float
    realisasi_anggaran: float
    persen_anggaran: float | None


class HasilRekap(_Model):
    periode: str
    versi: int  # the rekap version these numbers come from
    lengkap: bool  # False when produced with --sebagian
    bidang_belum: list[str] = []
    indikator: list[HasilIndikator]
    anggaran: list[HasilAnggaran]
    bidang: list[RingkasanBidang]
    rata_capaian: float | None
    predikat: str | None
    pagu: float
    realisasi_anggaran: float
    persen_anggaran: float | None
    skala: str = "permendagri86"  # the predikat scale used (generator/data/capaian.yaml)
    # The scale itself and the capaian formula per polaritas as the recap applied them, so that
    # the Laporan Kinerja written from this recap states the same bands and formulas even when
    # the rules change later. Absent in recaps made before they were recorded.
    skala_predikat: SkalaPredikat | None = None
    rumus: dict[str, str] = {}

    def skala_dipakai(self) -> SkalaPredikat:
        """The predikat scale of this recap (one scale for the recap and its report)."""
        return self.skala_predikat or default_aturan().skala_predikat(self.skala)
