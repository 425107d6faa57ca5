"""Analysis (3) of PermenPAN-RB 53/2014: progress towards the end target of the Renstra.

How far along an indicator is, the pace of the years so far, the pace still
needed, and whether the end target is reachable if that pace holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.base.periode import ROMAWI
from generator.inputs.indikator import Indikator
from generator.rules.hasil import HasilIndikator
from generator.rules.narasi import BELUM_DILAPORKAN, angka, kalimat, nilai, persen


@dataclass(frozen=True)
class RenstraIndikator:
    indikator: HasilIndikator
    target_akhir: float | None
    tahun_akhir: int | None
    progres: float | None  # percent of the way to the end target
    laju: float | None  # average change per year so far, in the indicator's unit
    laju_perlu: float | None  # change per year still needed
    proyeksi: float | None  # value at the end year if the pace holds
    status: str  # tercapai | dapat dicapai | perlu percepatan | tidak tercapai | tidak dinilai
    kalimat: str


def _progres(now: float, end: float, baseline: float | None, polaritas: str) -> float | None:
    """Percent of the way: realisasi / end target for positif; for negatif (lower is better)
    the share of the gap between the first recorded year and the end target closed so far."""
    if polaritas == "positif":
        return now / end * 100 if end > 0 else None
    if now <= end:
        return 100.0
    if baseline is None or baseline <= end:
        return None
    return max(0.0, (baseline - now) / (baseline - end) * 100)


def _met(now: float, end: float, polaritas: str) -> bool:
    return now >= end if polaritas == "positif" else now <= end


def analisis_renstra(
    hasil: HasilIndikator, master: Indikator | None, tahun: int, triwulan: int | None = None
) -> RenstraIndikator:
    """Progress towards the end target. In Triwulan I-III the realisasi covers part of a year:
    the progress is shown, but the pace (and whether the end target is out of reach) is left
    to the annual report."""
    name = hasil.indikator
    if master is None or master.target_akhir_renstra is None or master.tahun_akhir_renstra is None:
        text = f"Indikator {name} tidak memiliki target akhir Renstra, sehingga kemajuannya tidak dapat dinilai"
        return RenstraIndikator(
            hasil, None, None, None, None, None, None, "tidak dinilai", kalimat(text)
        )
    end, end_year = master.target_akhir_renstra, master.tahun_akhir_renstra
    target_text = f"target akhir Renstra {nilai(end, hasil.satuan)} pada {end_year}"
    now = hasil.realisasi
    if now is None:
        text = f"Realisasi indikator {name} {BELUM_DILAPORKAN}, sehingga kemajuan menuju {target_text} belum dapat dinilai"
        return RenstraIndikator(
            hasil, end, end_year, None, None, None, None, "tidak dinilai", kalimat(text)
        )

    series = sorted((y, v) for y, v in master.realisasi_lalu.items() if y < tahun)
    baseline_year, baseline = series[0] if series else (None, None)
    progres = _progres(now, end, baseline, hasil.polaritas)
    laju = (
        (now - baseline) / (tahun - baseline_year)
        if baseline is not None and baseline_year
        else None
    )
    years_left = end_year - tahun
    perlu = (end - now) / years_left if years_left > 0 else None
    proyeksi = (
        _clamp(now + laju * years_left, hasil.satuan)
        if laju is not None and years_left > 0
        else None
    )

    head = f"Realisasi indikator {name} {nilai(now, hasil.satuan)} terhadap {target_text}"
    head += f" (kemajuan {persen(progres)})" if progres is not None else ""
    if _met(now, end, hasil.polaritas):
        status = "tercapai"
        text = (
            f"{head}: target akhir Renstra sudah tercapai dan perlu dipertahankan sampai {end_year}"
        )
    elif triwulan is not None and triwulan < 4:
        status = "tidak dinilai"
        text = (
            f"{head}: realisasi sampai Triwulan {ROMAWI[triwulan]} belum mencerminkan capaian"
            " setahun penuh, sehingga laju menuju target akhir Renstra dinilai pada Laporan"
            " Kinerja tahunan"
        )
    elif years_left <= 0:
        status = "tidak tercapai"
        text = f"{head}: target akhir Renstra tidak tercapai pada akhir periode Renstra"
    elif laju is None:
        status = "tidak dinilai"
        text = (
            f"{head}: laju tahunan belum dapat dihitung karena realisasi tahun sebelumnya tidak"
            f" tersedia; diperlukan perubahan {angka(abs(perlu or 0.0))} {hasil.satuan} per tahun"
            f" sampai {end_year}"
        )
    else:
        good_pace = (
            laju >= (perlu or 0.0) if hasil.polaritas == "positif" else laju <= (perlu or 0.0)
        )
        pace = f"laju rata-rata sejak {baseline_year} {_signed(laju, hasil.satuan)} per tahun"
        need = f"diperlukan {_signed(perlu or 0.0, hasil.satuan)} per tahun"
        if good_pace:
            status = "dapat dicapai"
            text = (
                f"{head}: dengan {pace}, target akhir dapat dicapai ({need}; proyeksi {end_year}"
                f" {nilai(proyeksi, hasil.satuan)})"
            )
        else:
            status = "perlu percepatan"
            text = (
                f"{head}: dengan {pace}, target akhir tidak akan tercapai ({need}; proyeksi"
                f" {end_year} {nilai(proyeksi, hasil.satuan)}), sehingga perlu percepatan"
            )
    return RenstraIndikator(
        hasil, end, end_year, progres, laju, perlu, proyeksi, status, kalimat(text)
    )


def _signed(value: float, satuan: str) -> str:
    word = "naik" if value > 0 else "turun" if value < 0 else "tetap"
    if word == "tetap":
        return "tetap"
    unit = " poin persen" if satuan.strip() == "%" else f" {satuan}"
    return f"{word} {angka(abs(value))}{unit}"


def _clamp(value: float, satuan: str) -> float:
    """A projection stays within what the unit allows: no negative counts, no percent over 100."""
    value = max(0.0, value)
    return min(100.0, value) if satuan.strip() == "%" else value
