"""The context of templates/laporan.docx: every number formatted, every gap said in words.

Built from the approved recap (``HasilRekap``), the inputs and the analyses of
``generator.rules.analisis``; the charts are drawn here into ``charts_dir``. Names
of the context are documented in docs/templates.md (section "Laporan Kinerja").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.base.periode import ROMAWI, Periode
from generator.documents import charts
from generator.documents.laporan.bagian import (
    KOSONG,
    anggaran_row,
    capaian_row,
    front_context,
    penutup_context,
    rekap_context,
)
from generator.documents.naskah import kop_context, signature_context, tempat_tanggal
from generator.documents.render import ImageSpec, ImageStack
from generator.inputs.load import Inputs
from generator.rules.analisis import AnalisisSasaran, analisis_sasaran
from generator.rules.capaian import SkalaPredikat, predikat
from generator.rules.hasil import HasilRekap
from generator.rules.narasi import angka, persen

CHART_WIDTH_MM = 150


@dataclass
class Nomor:
    """Literal caption numbers per chapter: 'Tabel 3.4', 'Gambar 3.2'."""

    bab: str
    tabel: int = 0
    gambar: int = 0
    daftar: list[str] = field(default_factory=list)

    def t(self) -> str:
        self.tabel += 1
        return f"Tabel {self.bab}.{self.tabel}"

    def g(self) -> str:
        self.gambar += 1
        return f"Gambar {self.bab}.{self.gambar}"


TANPA_RIWAYAT = (
    "Master indikator belum memuat realisasi tahun-tahun sebelumnya untuk sasaran ini, sehingga"
    " tabel perbandingan antartahun belum dapat disajikan."
)
TANPA_RENSTRA = (
    "Belum ada indikator sasaran ini yang memiliki target akhir Renstra pada master indikator,"
    " sehingga kemajuan menuju target akhir Renstra belum dapat disajikan dalam tabel."
)


def _tahunan(s: AnalisisSasaran, periode: Periode) -> dict[str, Any]:
    """Analysis (2) as a table of exactly the earlier years with data (0 to 5) and this period."""
    years = [
        y
        for y in s.tahun_riwayat
        if any(v is not None for t in s.tahunan for yy, v in t.riwayat[:-1] if yy == y)
    ]
    rows = []
    for n, t in enumerate(s.tahunan, 1):
        values = dict(t.riwayat[:-1])
        nilai = [values.get(y) for y in years] + [t.riwayat[-1][1]]
        rows.append(
            {
                "no": str(n),
                "indikator": t.indikator.indikator,
                "satuan": t.indikator.satuan,
                "nilai": [angka(v, kosong=KOSONG) for v in nilai],
            }
        )
    kalimat = [t.kalimat for t in s.tahunan]
    return {
        "riwayat": bool(years),
        "tahun_kolom": [str(y) for y in years] + [_kolom(periode)],
        "tahunan": rows,
        "kalimat_tahunan": kalimat if years else [TANPA_RIWAYAT, *kalimat],
    }


def _kolom(periode: Periode) -> str:
    """This period's column in the multi-year table: '2025', or '2025 (TW II)' (short words
    that wrap cleanly in a narrow column)."""
    if periode.triwulan:
        return f"{periode.tahun} (TW {ROMAWI[periode.triwulan]})"
    return str(periode.tahun)


def sasaran_context(
    s: AnalisisSasaran, bab3: Nomor, charts_dir: Path, periode: Periode
) -> dict[str, Any]:
    """One sasaran of Bab III: a table where there is data, a sentence where there is none;
    the captions are numbered only for the tables and figures that are shown."""
    tahunan = _tahunan(s, periode)
    ada_renstra = any(r.target_akhir is not None for r in s.renstra)
    e = s.efisiensi
    ada_anggaran = bool(s.anggaran) and e.pagu > 0
    tabel = {"capaian": bab3.t()}
    tabel["tahunan"] = bab3.t() if tahunan["riwayat"] else ""
    gambar: dict[str, Any] = {"no": "", "tren": ""}
    if tahunan["riwayat"]:
        gambar["no"] = bab3.g()
        seri = [
            charts.SeriIndikator(
                t.indikator.indikator,
                t.indikator.satuan,
                [y for y, _ in t.riwayat],
                [v for _, v in t.riwayat],
                t.indikator.target,
            )
            for t in s.tahunan
        ]
        tren = charts.grafik_tren_halaman(seri, charts_dir / f"tren-{s.no}.png")
        gambar["tren"] = _stack(tren)
    tabel["renstra"] = bab3.t() if ada_renstra else ""
    tabel["standar"] = bab3.t() if s.standar else ""
    tabel["efisiensi"] = bab3.t() if ada_anggaran else ""
    tabel["program"] = bab3.t() if s.anggaran else ""
    return {
        "no": str(s.no),
        "sasaran": s.sasaran,
        "ringkasan": s.ringkasan,
        "capaian": [capaian_row(n, i) for n, i in enumerate(s.indikator, 1)],
        **tahunan,
        "renstra": [
            {
                "no": str(n),
                "indikator": r.indikator.indikator,
                "realisasi": angka(r.indikator.realisasi, kosong="belum dilaporkan"),
                "target_akhir": (
                    f"{angka(r.target_akhir)} ({r.tahun_akhir})"
                    if r.target_akhir is not None
                    else "tidak ada"
                ),
                "progres": persen(r.progres, kosong="-"),
                "status": r.status,
            }
            for n, r in enumerate(s.renstra, 1)
        ]
        if ada_renstra
        else [],
        "kalimat_renstra": [r.kalimat for r in s.renstra]
        if ada_renstra
        else [TANPA_RENSTRA, *(r.kalimat for r in s.renstra)],
        "standar": [
            {
                "no": str(n),
                "indikator": d.indikator.indikator,
                "realisasi": angka(d.indikator.realisasi, kosong="belum dilaporkan"),
                "standar": angka(d.standar),
                "sumber": d.sumber,
                "keterangan": _keterangan_standar(d.selisih, d.indikator.polaritas),
            }
            for n, d in enumerate(s.standar, 1)
        ],
        "kalimat_standar": s.kalimat_standar,
        "penyebab": s.penyebab,
        "efisiensi": {
            "ada": ada_anggaran,
            "pagu": angka(e.pagu, 0),
            "realisasi": angka(e.realisasi, 0, kosong="belum dilaporkan"),
            "penyerapan": persen(e.penyerapan, kosong="-"),
            "capaian": persen(e.capaian, kosong="-"),
            "selisih": angka(e.selisih, kosong="-"),
            "rasio": angka(e.rasio, kosong="-"),
            "kalimat": e.kalimat,
        },
        "program": [anggaran_row(n, a) for n, a in enumerate(s.anggaran, 1)],
        "kalimat_program": s.kalimat_program,
        "tabel": tabel,
        "gambar": gambar,
    }


def _stack(paths: list[Path]) -> ImageSpec | ImageStack:
    """One figure of the LKj: an image, or its page-sized parts one under the other."""
    specs = tuple(ImageSpec(p, width_mm=CHART_WIDTH_MM) for p in paths)
    return specs[0] if len(specs) == 1 else ImageStack(specs)


def _keterangan_standar(selisih: float | None, polaritas: str) -> str:
    if selisih is None:
        return "belum dapat dibandingkan"
    good = selisih >= 0 if polaritas == "positif" else selisih <= 0
    return "memenuhi" if good else "belum memenuhi"


def skala_rows(skala: SkalaPredikat) -> list[dict[str, str]]:
    """The bands of the scale the approved recap was made with (Tabel 3.1)."""
    rows = []
    upper: float | None = None
    for t in skala.tingkat:
        if t.batas_bawah is None:
            rentang = f"kurang dari {angka(upper or 0)}%"
        elif upper is None:
            rentang = f"{angka(t.batas_bawah)}% ke atas"
        else:
            rentang = f"{angka(t.batas_bawah)}% sampai kurang dari {angka(upper)}%"
        rows.append({"rentang": rentang, "predikat": t.predikat})
        upper = t.batas_bawah
    return rows


def build_context(
    inputs: Inputs, hasil: HasilRekap, periode: Periode, tanggal: date, charts_dir: Path
) -> dict[str, Any]:
    """Everything templates/laporan.docx shows, as strings, lists and images."""
    org, master = inputs.org, inputs.master
    analyses = analisis_sasaran(hasil, master, periode.tahun, periode.triwulan)
    skala = hasil.skala_dipakai()
    bab3 = Nomor("3")
    tabel = {"unit": "Tabel 1.1", "pk": "Tabel 2.1", "skala": bab3.t(), "ringkasan": bab3.t()}
    gambar: dict[str, Any] = {}
    labels = [f"Sasaran {s.no}" for s in analyses]
    paths = charts.grafik_capaian_halaman(
        labels, [s.rata_capaian for s in analyses], charts_dir / "sasaran.png", sumbu=""
    )
    gambar["sasaran"] = {"no": bab3.g(), "gambar": _stack(paths)}
    names = [b.nama.removeprefix("Bidang ") for b in hasil.bidang]
    paths = charts.grafik_capaian_halaman(
        names, [b.rata_capaian for b in hasil.bidang], charts_dir / "bidang.png", sumbu=""
    )
    gambar["bidang"] = {"no": bab3.g(), "gambar": _stack(paths)}
    sasaran = [sasaran_context(s, bab3, charts_dir, periode) for s in analyses]
    tabel["anggaran"] = bab3.t() if hasil.anggaran else ""
    gambar["anggaran"] = {"no": "", "gambar": ""}
    if hasil.anggaran:
        pagu = [b.pagu for b in hasil.bidang]
        path = charts.grafik_anggaran(
            names, pagu, [b.realisasi_anggaran for b in hasil.bidang], charts_dir / "anggaran.png"
        )
        gambar["anggaran"] = {"no": bab3.g(), "gambar": ImageSpec(path, width_mm=CHART_WIDTH_MM)}
    tabel["lampiran_pk"], tabel["lampiran_rekap"] = "Tabel L.1", "Tabel L.2"

    context: dict[str, Any] = {
        "kop": kop_context(org),
        "periode_label": periode.label,
        "tahun": str(periode.tahun),
        "tahun_terbit": str(tanggal.year),
        "tanggal": tempat_tanggal(org, tanggal),
        "kepala": signature_context(
            org.pejabat.kepala, tempat_tanggal=tempat_tanggal(org, tanggal)
        ),
        "tabel": tabel,
        "gambar": gambar,
        "skala": skala_rows(skala),
        "ringkasan_sasaran": [
            {
                "no": str(s.no),
                "sasaran": s.sasaran,
                "jumlah": str(len(s.indikator)),
                "tercapai": str(s.jumlah_tercapai),
                "rata": persen(s.rata_capaian, kosong="-"),
                "predikat": predikat(s.rata_capaian, skala) or "-",
            }
            for s in analyses
        ],
        "sasaran": sasaran,
    }
    context.update(front_context(inputs, hasil, periode, tanggal, analyses))
    context.update(rekap_context(inputs, hasil, periode, analyses))
    context.update(penutup_context(inputs, hasil, periode, analyses))
    return context
