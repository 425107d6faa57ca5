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

from generator.base.periode import Periode
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
from generator.documents.render import ImageSpec
from generator.inputs.load import Inputs
from generator.rules.analisis import AnalisisSasaran, analisis_sasaran
from generator.rules.capaian import default_aturan, predikat
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


def sasaran_context(
    s: AnalisisSasaran, bab3: Nomor, charts_dir: Path, tahun: int
) -> dict[str, Any]:
    tabel = {"capaian": bab3.t(), "tahunan": bab3.t(), "renstra": bab3.t()}
    tabel["standar"] = bab3.t() if s.standar else ""
    tabel["efisiensi"], tabel["program"] = bab3.t(), bab3.t()
    gambar_no = bab3.g()
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
    tren = charts.grafik_tren(seri, charts_dir / f"tren-{s.no}.png")
    e = s.efisiensi
    return {
        "no": str(s.no),
        "sasaran": s.sasaran,
        "ringkasan": s.ringkasan,
        "capaian": [capaian_row(n, i) for n, i in enumerate(s.indikator, 1)],
        "tahunan": [
            {
                "no": str(n),
                "indikator": t.indikator.indikator,
                "satuan": t.indikator.satuan,
                "nilai": [angka(v, kosong=KOSONG) for _, v in t.riwayat],
            }
            for n, t in enumerate(s.tahunan, 1)
        ],
        "kalimat_tahunan": [t.kalimat for t in s.tahunan],
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
        ],
        "kalimat_renstra": [r.kalimat for r in s.renstra],
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
            "pagu": angka(e.pagu, 0),
            "realisasi": angka(e.realisasi, 0, kosong="belum dilaporkan"),
            "penyerapan": persen(e.penyerapan, kosong="-"),
            "capaian": persen(e.capaian, kosong="-"),
            "selisih": angka(e.selisih, kosong="-"),
            "rasio": angka(e.rasio, kosong="-"),
            "kalimat": e.kalimat,
        },
        "program": [anggaran_row(n, a) for n, a in enumerate(s.anggaran, 1)]
        or [
            {
                "no": "-",
                "program": "Tidak ada kegiatan yang dikaitkan",
                "kegiatan": "-",
                "pagu": "0",
                "realisasi": "0",
                "persen": "-",
            }
        ],
        "kalimat_program": s.kalimat_program,
        "tabel": tabel,
        "gambar": {"no": gambar_no, "tren": ImageSpec(tren, width_mm=CHART_WIDTH_MM)},
    }


def _keterangan_standar(selisih: float | None, polaritas: str) -> str:
    if selisih is None:
        return "belum dapat dibandingkan"
    good = selisih >= 0 if polaritas == "positif" else selisih <= 0
    return "memenuhi" if good else "belum memenuhi"


def skala_rows() -> list[dict[str, str]]:
    scale = default_aturan().skala_predikat().tingkat
    rows = []
    upper: float | None = None
    for t in scale:
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
    analyses = analisis_sasaran(hasil, master, periode.tahun)
    bab3 = Nomor("3")
    tabel = {"unit": "Tabel 1.1", "pk": "Tabel 2.1", "skala": bab3.t(), "ringkasan": bab3.t()}
    gambar: dict[str, Any] = {}
    labels = [f"Sasaran {s.no}" for s in analyses]
    path = charts.grafik_capaian(
        labels, [s.rata_capaian for s in analyses], charts_dir / "sasaran.png", sumbu=""
    )
    gambar["sasaran"] = {"no": bab3.g(), "gambar": ImageSpec(path, width_mm=CHART_WIDTH_MM)}
    names = [b.nama.removeprefix("Bidang ") for b in hasil.bidang]
    path = charts.grafik_capaian(
        names, [b.rata_capaian for b in hasil.bidang], charts_dir / "bidang.png", sumbu=""
    )
    gambar["bidang"] = {"no": bab3.g(), "gambar": ImageSpec(path, width_mm=CHART_WIDTH_MM)}
    sasaran = [sasaran_context(s, bab3, charts_dir, periode.tahun) for s in analyses]
    tabel["anggaran"] = bab3.t()
    pagu = [b.pagu for b in hasil.bidang]
    path = charts.grafik_anggaran(
        names, pagu, [b.realisasi_anggaran for b in hasil.bidang], charts_dir / "anggaran.png"
    )
    gambar["anggaran"] = {"no": bab3.g(), "gambar": ImageSpec(path, width_mm=CHART_WIDTH_MM)}
    tabel["lampiran_pk"], tabel["lampiran_rekap"] = "Tabel L.1", "Tabel L.2"
    tahun_kolom = (
        [str(y) for y in analyses[0].tahun_riwayat] + [str(periode.tahun)] if analyses else []
    )

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
        "skala": skala_rows(),
        "ringkasan_sasaran": [
            {
                "no": str(s.no),
                "sasaran": s.sasaran,
                "jumlah": str(len(s.indikator)),
                "tercapai": str(s.jumlah_tercapai),
                "rata": persen(s.rata_capaian, kosong="-"),
                "predikat": predikat(s.rata_capaian) or "-",
            }
            for s in analyses
        ],
        "sasaran": sasaran,
        "tahun_kolom": tahun_kolom,
    }
    context.update(front_context(inputs, hasil, periode, tanggal, analyses))
    context.update(rekap_context(inputs, hasil, periode, analyses))
    context.update(penutup_context(inputs, hasil, periode, analyses))
    return context
