"""The seven analyses of PermenPAN-RB 53/2014 per sasaran, as numbers and sentences.

Pure functions over the approved recap (``HasilRekap``) and the indicator
master: no files, no templates. The Laporan Kinerja puts the results into
tables and paragraphs; the sentences are finished Indonesian (see
``generator.rules.narasi``) and never contain "None" or "nan".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from generator.base.periode import Periode
from generator.inputs.indikator import Indikator, IndikatorMaster
from generator.rules.hasil import HasilAnggaran, HasilIndikator, HasilRekap
from generator.rules.narasi import (
    BELUM_DILAPORKAN,
    angka,
    catatan_bidang,
    daftar,
    jumlah,
    kalimat,
    nilai,
    persen,
    rupiah,
    selisih_poin,
    status_capaian,
    tercapai,
    tren,
)
from generator.rules.renstra import RenstraIndikator, analisis_renstra

# Below this gap (capaian % - penyerapan %, in points) the two are called proportionate.
SEBANDING_POIN = 5.0


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def rata(values: list[float | None]) -> float | None:
    usable = [v for v in values if v is not None]
    return sum(usable) / len(usable) if usable else None


@dataclass(frozen=True)
class Tahunan:
    """Analysis (2): the realisasi of earlier years and this one, oldest first."""

    indikator: HasilIndikator
    riwayat: list[tuple[int, float | None]]
    kalimat: str


@dataclass(frozen=True)
class Standar:
    """Analysis (4): realisasi against the national standard."""

    indikator: HasilIndikator
    standar: float
    sumber: str
    selisih: float | None  # realisasi - standar, in the indicator's unit
    kalimat: str


@dataclass(frozen=True)
class Efisiensi:
    """Analysis (6): capaian of the sasaran against the absorption of its budget."""

    pagu: float
    realisasi: float | None
    penyerapan: float | None
    capaian: float | None
    selisih: float | None  # capaian % - penyerapan %, in percentage points
    rasio: float | None  # capaian % / penyerapan %
    kalimat: str


@dataclass(frozen=True)
class AnalisisSasaran:
    no: int
    sasaran: str
    indikator: list[HasilIndikator]
    rata_capaian: float | None
    jumlah_tercapai: int
    jumlah_belum: int
    jumlah_tanpa_data: int
    ringkasan: str  # (1)
    tahunan: list[Tahunan]  # (2)
    kalimat_tahunan: str
    renstra: list[RenstraIndikator]  # (3)
    kalimat_renstra: str
    standar: list[Standar]  # (4)
    kalimat_standar: str
    penyebab: list[str]  # (5)
    efisiensi: Efisiensi  # (6)
    anggaran: list[HasilAnggaran]  # (7)
    kalimat_program: str
    tahun_riwayat: list[int] = field(default_factory=list)


def ringkasan_capaian(items: list[HasilIndikator]) -> tuple[int, int, int, str]:
    """(1) How many indicators reached the target: counts and the sentence."""
    reached = [i for i in items if tercapai(i.capaian)]
    missing = [i for i in items if i.capaian is None]
    below = [i for i in items if i.capaian is not None and not tercapai(i.capaian)]
    avg = rata([i.capaian for i in items])
    parts = [
        f"Sasaran ini diukur dengan {jumlah(len(items), 'indikator')}:"
        f" {len(reached)} mencapai atau melampaui target"
    ]
    if below:
        parts.append(f"{len(below)} belum mencapai target")
    if missing:
        parts.append(f"{len(missing)} belum dapat diukur capaiannya")
    text = daftar(parts) + "."
    if avg is not None:
        text += f" Rata-rata capaian sasaran {persen(avg)}."
    if below:
        worst = min(below, key=lambda i: i.capaian or 0.0)
        text += (
            f" Capaian terendah pada indikator {worst.indikator}"
            f" ({persen(worst.capaian)}, predikat {worst.predikat or 'belum ditetapkan'})."
        )
    return len(reached), len(below), len(missing), text


def analisis_tahunan(
    hasil: HasilIndikator,
    master: Indikator | None,
    tahun: int,
    years: list[int],
    label: str | None = None,
) -> Tahunan:
    """(2) This year's realisasi against the years before. ``label`` names this period in the
    sentence when it is not a whole year ("2025 s.d. Triwulan I")."""
    history = dict(master.realisasi_lalu) if master else {}
    riwayat: list[tuple[int, float | None]] = [(y, history.get(y)) for y in years]
    riwayat.append((tahun, hasil.realisasi))
    now = label or str(tahun)
    known: list[tuple[int | str, float]] = [(y, v) for y, v in riwayat[:-1] if v is not None]
    if hasil.realisasi is not None:
        known.append((now, hasil.realisasi))
    if hasil.realisasi is None:
        text = (
            f"Realisasi {now} indikator {hasil.indikator} {BELUM_DILAPORKAN}, sehingga belum dapat"
            f" dibandingkan dengan tahun sebelumnya"
        )
    else:
        text = f"Realisasi indikator {hasil.indikator} " + tren(
            known, hasil.satuan, hasil.polaritas
        )
    return Tahunan(hasil, riwayat, kalimat(text))


def analisis_standar(hasil: HasilIndikator, master: Indikator | None) -> Standar | None:
    """(4) Realisasi against the national standard, for indicators that have one."""
    if master is None or master.standar_nasional is None:
        return None
    std = master.standar_nasional
    sumber = master.sumber_standar or "sumber tidak disebutkan"
    if hasil.realisasi is None:
        text = (
            f"Standar nasional indikator {hasil.indikator} adalah {nilai(std, hasil.satuan)}"
            f" ({sumber}); realisasi tahun ini {BELUM_DILAPORKAN} sehingga belum dapat dibandingkan"
        )
        return Standar(hasil, std, sumber, None, kalimat(text))
    diff = hasil.realisasi - std
    better = diff >= 0 if hasil.polaritas == "positif" else diff <= 0
    if diff == 0:
        posisi = "sama dengan"
    elif diff > 0:
        posisi = "di atas"
    else:
        posisi = "di bawah"
    verdict = "memenuhi" if better else "belum memenuhi"
    text = (
        f"Realisasi indikator {hasil.indikator} sebesar {nilai(hasil.realisasi, hasil.satuan)}"
        f" berada {posisi} standar nasional {nilai(std, hasil.satuan)} ({sumber}), sehingga"
        f" {verdict} standar nasional"
    )
    return Standar(hasil, std, sumber, diff, kalimat(text))


def kalimat_standar(items: list[HasilIndikator], standar: list[Standar]) -> str:
    with_std = {s.indikator.kode for s in standar}
    without = [i.indikator for i in items if i.kode not in with_std]
    if not standar:
        return (
            "Tidak ada indikator sasaran ini yang memiliki standar nasional, sehingga"
            " perbandingan dengan standar nasional tidak dapat dilakukan."
        )
    text = " ".join(s.kalimat for s in standar)
    if without:
        text += (
            f" Indikator lainnya ({daftar(without)}) tidak memiliki standar nasional yang dapat"
            " dibandingkan."
        )
    return text


def analisis_penyebab(items: list[HasilIndikator]) -> list[str]:
    """(5) Why each indicator reached or missed its target, from the Bidang's keterangan."""
    out: list[str] = []
    for i in items:
        note = " ".join(i.keterangan.split())
        if i.capaian is None:
            reason = i.catatan_capaian or f"realisasi {BELUM_DILAPORKAN}"
            text = kalimat(f"Capaian indikator {i.indikator} belum dapat diukur: {reason}")
            if note:
                text += f" Keterangan Bidang: {kalimat(note)}"
        elif tercapai(i.capaian):
            text = f"Indikator {i.indikator} {status_capaian(i.capaian)} ({persen(i.capaian)})."
            text += (
                f" Faktor pendukung dan upaya yang dilakukan: {kalimat(note)}"
                if note
                else " Bidang tidak menuliskan faktor pendukungnya."
            )
        else:
            text = f"Indikator {i.indikator} belum mencapai target ({persen(i.capaian)})."
            text += (
                f" {catatan_bidang(note)}"
                if note
                else " Bidang belum menuliskan kendala dan upaya perbaikannya; hal ini perlu"
                " dilengkapi pada periode berikutnya."
            )
        out.append(text)
    return out


def analisis_efisiensi(capaian: float | None, lines: list[HasilAnggaran]) -> Efisiensi:
    """(6) Efficiency: capaian % minus penyerapan %, and their ratio."""
    pagu = sum(a.pagu for a in lines)
    reported = [a.realisasi for a in lines if a.realisasi is not None]
    realisasi = sum(reported) if reported else None
    serap = realisasi / pagu * 100 if realisasi is not None and pagu > 0 else None
    if not lines or pagu <= 0:
        text = (
            "Tidak ada kegiatan beranggaran yang dikaitkan dengan sasaran ini, sehingga efisiensi"
            " penggunaan anggaran belum dapat dihitung."
        )
        return Efisiensi(pagu, realisasi, None, capaian, None, None, text)
    if serap is None or capaian is None:
        missing = "realisasi anggaran" if serap is None else "capaian sasaran"
        text = (
            f"Pagu anggaran sasaran ini {rupiah(pagu)}; {missing} {BELUM_DILAPORKAN},"
            " sehingga efisiensi belum dapat dihitung."
        )
        return Efisiensi(pagu, realisasi, serap, capaian, None, None, text)
    diff = capaian - serap
    ratio = capaian / serap if serap > 0 else None
    sisa = pagu - (realisasi or 0.0)
    text = (
        f"Rata-rata capaian sasaran {persen(capaian)} diperoleh dengan penyerapan anggaran"
        f" {persen(serap)} ({rupiah(realisasi)} dari pagu {rupiah(pagu)})."
    )
    if diff >= 0 or diff > -SEBANDING_POIN:
        verdict = "efisien" if diff >= 0 else "relatif sebanding dengan capaiannya (selisih kecil)"
        word = "lebih tinggi" if diff >= 0 else "sedikit lebih rendah"
        text += (
            f" Capaian {word} {selisih_poin(diff)} daripada penyerapan"
            f" (rasio {angka(ratio)}), sehingga penggunaan anggaran untuk sasaran ini {verdict}"
        )
        text += f" dengan sisa anggaran {rupiah(sisa)}." if sisa > 0 else "."
    else:
        text += (
            f" Capaian lebih rendah {selisih_poin(diff)} daripada penyerapan"
            f" (rasio {angka(ratio)}): setiap 1% anggaran yang terserap menghasilkan"
            f" {persen(ratio)} capaian, sehingga penggunaan anggaran belum efisien dan perlu"
            " ditinjau kembali."
        )
    return Efisiensi(pagu, realisasi, serap, capaian, diff, ratio, text)


def kalimat_program(lines: list[HasilAnggaran]) -> str:
    """(7) The programs and activities behind the sasaran, with their realisation."""
    if not lines:
        return "Tidak ada program atau kegiatan beranggaran yang dikaitkan dengan sasaran ini."
    programs = list(dict.fromkeys(a.program for a in lines))
    pagu = sum(a.pagu for a in lines)
    reported = [a for a in lines if a.realisasi is not None]
    text = (
        f"Sasaran ini didukung oleh {jumlah(len(lines), 'kegiatan')} dalam"
        f" {jumlah(len(programs), 'program')} dengan pagu {rupiah(pagu)}"
    )
    if reported:
        real = sum(a.realisasi or 0.0 for a in reported)
        text += f" dan realisasi {rupiah(real)}"
        if len(reported) == len(lines) and pagu > 0:
            text += f" ({persen(real / pagu * 100)})"
    text += "."
    missing = [a.kegiatan for a in lines if a.realisasi is None]
    if missing:
        text += f" Realisasi kegiatan {daftar(missing)} {BELUM_DILAPORKAN}."
    return text


T = TypeVar("T")


def _by_sasaran(items: Iterable[T], sasaran_of: Callable[[T], str]) -> dict[str, list[T]]:
    """``items`` under the ``_key`` of their sasaran, in their order."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(_key(sasaran_of(item)), []).append(item)
    return groups


# The multi-year table shows up to five earlier years: a Renstra period.
RIWAYAT_TAHUN = 5


def history_years(master: IndikatorMaster, tahun: int, keep: int = RIWAYAT_TAHUN) -> list[int]:
    """The earlier years shown in the multi-year tables (at most ``keep``, before ``tahun``)."""
    years = sorted({y for i in master.indikator for y in i.realisasi_lalu if y < tahun})
    return years[-keep:]


def analisis_sasaran(
    hasil: HasilRekap, master: IndikatorMaster, tahun: int, triwulan: int | None = None
) -> list[AnalisisSasaran]:
    """The seven analyses for every sasaran, in the order of the Perjanjian Kinerja.

    For a quarter (``triwulan``) the realisasi so far is compared with whole earlier years and
    the Renstra pace is left to the annual report (see ``analisis_renstra``)."""
    label = Periode(tahun, triwulan).sampai
    by_code = {i.kode: i for i in master.indikator}
    years = history_years(master, tahun)
    order = list(dict.fromkeys([*master.sasaran_list(), *(i.sasaran for i in hasil.indikator)]))
    # grouped once: matching every sasaran against every indicator grew with their product
    indikator = _by_sasaran(hasil.indikator, lambda i: i.sasaran)
    linked = {a.kode: a.sasaran for a in master.anggaran}  # a line without one: its kode's
    budget = _by_sasaran(hasil.anggaran, lambda a: a.sasaran or linked.get(a.kode, ""))
    out: list[AnalisisSasaran] = []
    for sasaran in order:
        items = list(indikator.get(_key(sasaran), []))
        if not items:
            continue
        reached, below, missing, text = ringkasan_capaian(items)
        avg = rata([i.capaian for i in items])
        tahunan = [analisis_tahunan(i, by_code.get(i.kode), tahun, years, label) for i in items]
        renstra = [analisis_renstra(i, by_code.get(i.kode), tahun, triwulan) for i in items]
        standar = [s for i in items if (s := analisis_standar(i, by_code.get(i.kode)))]
        lines = list(budget.get(_key(sasaran), []))
        out.append(
            AnalisisSasaran(
                no=len(out) + 1,
                sasaran=sasaran,
                indikator=items,
                rata_capaian=avg,
                jumlah_tercapai=reached,
                jumlah_belum=below,
                jumlah_tanpa_data=missing,
                ringkasan=text,
                tahunan=tahunan,
                kalimat_tahunan=" ".join(t.kalimat for t in tahunan),
                renstra=renstra,
                kalimat_renstra=" ".join(r.kalimat for r in renstra),
                standar=standar,
                kalimat_standar=kalimat_standar(items, standar),
                penyebab=analisis_penyebab(items),
                efisiensi=analisis_efisiensi(avg, lines),
                anggaran=lines,
                kalimat_program=kalimat_program(lines),
                tahun_riwayat=years,
            )
        )
    return out
