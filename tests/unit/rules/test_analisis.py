"""The seven analyses per sasaran and the Indonesian phrases they are written with."""

from __future__ import annotations

import re

import pytest

from generator.documents.laporan.contoh import MISSING_INDIKATOR, NEGATIF_WORSE, contoh_hasil
from generator.inputs.indikator import Indikator
from generator.inputs.load import load_inputs
from generator.rules.analisis import analisis_efisiensi, analisis_sasaran, analisis_standar
from generator.rules.hasil import HasilAnggaran, HasilIndikator
from generator.rules.narasi import angka, daftar, kalimat, nilai, persen, status_capaian, tren
from generator.rules.renstra import analisis_renstra

BAD = re.compile(r"\bNone\b|\bnan\b|\{\{|\{%", re.IGNORECASE)


def _hasil(**kw: object) -> HasilIndikator:
    base: dict[str, object] = dict(
        kode="X-01",
        kode_bidang="SEK",
        sasaran="S",
        indikator="Indeks X",
        satuan="indeks",
        polaritas="positif",
        target=80.0,
        realisasi=84.0,
        capaian=105.0,
        predikat="Sangat Tinggi",
    )
    base.update(kw)
    return HasilIndikator.model_validate(base)


def _master(**kw: object) -> Indikator:
    base: dict[str, object] = dict(
        kode="X-01",
        kode_bidang="SEK",
        sasaran="S",
        indikator="Indeks X",
        satuan="indeks",
        target=80,
        polaritas="positif",
        realisasi_lalu={2022: 70, 2023: 74, 2024: 78},
        target_akhir_renstra=90,
        tahun_akhir_renstra=2029,
    )
    base.update(kw)
    return Indikator.model_validate(base)


def test_narasi_numbers_are_indonesian_and_never_none() -> None:
    assert angka(1234.5) == "1.234,5"
    assert persen(101.55) == "101,55%"
    assert angka(None) == "tidak ada data"
    assert nilai(78.5, "indeks") == "indeks 78,5"
    assert nilai(3, "kasus") == "3 kasus"
    assert nilai(97, "%") == "97%"
    assert daftar(["a", "b", "c"]) == "a, b, dan c"
    assert kalimat("belum diisi; capaian tidak dihitung.") == "Belum diisi; capaian tidak dihitung."
    assert status_capaian(104) == "melampaui target"
    assert status_capaian(92) == "belum mencapai target"
    assert status_capaian(None) == "belum dapat diukur"


def test_tren_reads_direction_against_polaritas() -> None:
    up = tren([(2023, 4), (2024, 3)], "kasus", "negatif")
    assert up.startswith("turun (membaik) dari 4 kasus (2023) menjadi 3 kasus (2024)")
    assert "naik (memburuk)" in tren([(2024, 3), (2025, 5)], "kasus", "negatif")
    assert "tidak tersedia" in tren([], "%", "positif")


def test_renstra_reachable_at_current_pace() -> None:
    r = analisis_renstra(_hasil(realisasi=82.0), _master(), 2025)
    # pace since 2022: (82 - 70) / 3 = 4 per year; needed (90 - 82) / 4 = 2 per year
    assert r.status == "dapat dicapai"
    assert r.laju == pytest.approx(4.0) and r.laju_perlu == pytest.approx(2.0)
    assert r.progres == pytest.approx(82 / 90 * 100)
    assert "target akhir dapat dicapai" in r.kalimat and "90 pada 2029" in r.kalimat


def test_renstra_needs_acceleration_and_projection_is_bounded() -> None:
    slow = analisis_renstra(_hasil(realisasi=71.0), _master(), 2025)
    assert slow.status == "perlu percepatan" and "perlu percepatan" in slow.kalimat
    negatif = _master(
        satuan="kasus",
        polaritas="negatif",
        target=2,
        realisasi_lalu={2022: 6},
        target_akhir_renstra=0,
    )
    done = analisis_renstra(
        _hasil(satuan="kasus", polaritas="negatif", realisasi=1.0), negatif, 2025
    )
    assert done.proyeksi == 0.0  # never a negative count
    missing = analisis_renstra(_hasil(realisasi=None, capaian=None), _master(), 2025)
    assert missing.status == "tidak dinilai" and "belum dilaporkan" in missing.kalimat
    none = analisis_renstra(
        _hasil(), _master(target_akhir_renstra=None, tahun_akhir_renstra=None), 2025
    )
    assert "tidak memiliki target akhir Renstra" in none.kalimat


def test_standar_nasional_comparison() -> None:
    s = analisis_standar(
        _hasil(realisasi=80.0), _master(standar_nasional=76.61, sumber_standar="KemenPAN")
    )
    assert s is not None and s.selisih == pytest.approx(3.39)
    assert "di atas standar nasional indeks 76,61 (KemenPAN)" in s.kalimat
    assert "memenuhi standar nasional" in s.kalimat
    assert analisis_standar(_hasil(), _master()) is None


def test_efisiensi_sentence() -> None:
    line = HasilAnggaran(
        kode="A",
        kode_bidang="SEK",
        program="P",
        kegiatan="K",
        sasaran="S",
        pagu=1e9,
        realisasi=8e8,
        persen=80.0,
    )
    e = analisis_efisiensi(95.0, [line])
    assert e.penyerapan == pytest.approx(80.0) and e.selisih == pytest.approx(15.0)
    assert "efisien" in e.kalimat and "Rp200.000.000" in e.kalimat
    worse = analisis_efisiensi(60.0, [line])
    assert worse.selisih == pytest.approx(-20.0) and "belum efisien" in worse.kalimat
    assert "belum dapat dihitung" in analisis_efisiensi(95.0, []).kalimat


def test_seven_analyses_for_every_sasaran_of_the_sample() -> None:
    inputs = load_inputs()
    hasil = contoh_hasil(inputs)
    analyses = analisis_sasaran(hasil, inputs.master, 2025)
    assert len(analyses) == len(inputs.master.sasaran_list()) == 5
    assert sum(len(s.indikator) for s in analyses) == len(hasil.indikator)
    for s in analyses:
        assert s.ringkasan and s.kalimat_tahunan and s.kalimat_renstra and s.kalimat_standar
        assert len(s.penyebab) == len(s.indikator)
        assert s.efisiensi.kalimat and s.kalimat_program
        text = " ".join(
            [
                s.ringkasan,
                s.kalimat_tahunan,
                s.kalimat_renstra,
                s.kalimat_standar,
                *s.penyebab,
                s.efisiensi.kalimat,
                s.kalimat_program,
            ]
        )
        assert not BAD.search(text), text
    by_code = {i.indikator.kode: s for s in analyses for i in s.tahunan}
    missing = by_code[MISSING_INDIKATOR]
    assert any("belum dilaporkan" in t.kalimat for t in missing.tahunan)
    worse = by_code[NEGATIF_WORSE]
    assert any("belum mencapai target" in p for p in worse.penyebab)
    assert any(
        "Tidak ada indikator" in s.kalimat_standar or "Indikator lainnya" in s.kalimat_standar
        for s in analyses
    )
