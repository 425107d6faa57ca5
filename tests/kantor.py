"""Generated offices: varied but valid org.yaml and Perjanjian Kinerja workbooks.

A ``Kantor`` describes the shape of an office (how many Bidang and indicators, how many years of
history, Renstra, national standards, budget lines, acting signers, paper, font, periode);
``write_kantor`` turns it into the two input files a user would give ``kinerja init``, starting
from the embedded sample and written with the product's own writer (``write_master_excel``).
``kantor_strategy`` draws Kantor values for hypothesis.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from generator.inputs.indikator import Anggaran, Indikator, IndikatorMaster, Renstra
from generator.inputs.load import sample_text
from generator.inputs.master_excel import write_master_excel

# Long but allowed shapes: a Bidang kode of 10 characters, an indicator kode of 20, units
# of several words; the names are as long as real ones get.
KODE_BIDANG = ["SEK", "PERSANDIAN", "UPTLPSE", "KOMINFO", "P2", "STATISTIK", "APTIKA", "IKP"]
SATUAN = ["%", "indeks", "nilai", "proses bisnis", "dokumen", "orang per kegiatan", "kasus"]
NAMA_BIDANG = [
    "Sekretariat",
    "Bidang Persandian dan Keamanan Informasi",
    "Unit Pelaksana Teknis Layanan Pengadaan Secara Elektronik",
    "Bidang Informasi dan Komunikasi Publik",
    "Bidang Statistik Sektoral",
    "Bidang Aplikasi Informatika dan Tata Kelola Sistem Pemerintahan Berbasis Elektronik",
]
SASARAN = [
    "Meningkatnya kualitas tata kelola pemerintahan berbasis elektronik",
    "Meningkatnya keamanan informasi perangkat daerah",
    "Meningkatnya keterbukaan informasi publik",
]
STATUS = ["definitif", "Plt.", "Plh.", "Pj."]


@dataclass(frozen=True)
class Kantor:
    jumlah_indikator: tuple[int, ...]  # per Bidang, 1..10 each
    tahun_riwayat: int = 3  # 0..5 earlier years of realisasi
    renstra: bool = True
    standar: bool = True
    anggaran: bool = True
    target_nol: bool = False  # one negatif indicator with target 0
    pagu_besar: bool = False  # budgets of tens of billions
    status_kepala: str = "definitif"  # Plt./Plh./Pj. for the Kepala
    atas_nama: bool = False  # the Sekretaris signs a.n. Kepala
    kertas: str = "A4"
    huruf: str = "Arial"
    periode: str = "2025"
    kode_panjang: bool = True

    @property
    def tahun(self) -> int:
        return int(self.periode[:4])


def _kode_bidang(n: int, panjang: bool) -> str:
    if panjang and n < len(KODE_BIDANG):
        return KODE_BIDANG[n]
    letters = string.ascii_uppercase
    return f"B{letters[n % 26]}{n:02d}"


def _nip(n: int) -> str:
    return f"1975{n % 12 + 1:02d}{n % 28 + 1:02d}199903{n % 2 + 1}{n + 1:03d}"


def _pejabat(jabatan: str, n: int, status: str = "definitif") -> dict[str, Any]:
    data: dict[str, Any] = {
        "nama": f"Pejabat Nomor {n + 1} Sastrowardoyo, S.Kom., M.T.",
        "nip": _nip(n),
        "pangkat": "Pembina",
        "golongan": "IV/a",
        "jabatan": jabatan,
    }
    if status != "definitif":
        data["status"] = status
    return data


def org_data(k: Kantor) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(sample_text("org.yaml"))
    data["instansi"] = "Dinas Komunikasi, Informatika, Statistik dan Persandian"
    data["singkatan"] = "Diskominfo"
    data["kertas"], data["huruf"] = k.kertas, k.huruf
    pejabat = data["pejabat"]
    pejabat["kepala"] = _pejabat(
        "Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian", 90, k.status_kepala
    )
    if k.atas_nama:
        pejabat["sekretaris"]["atas_nama"] = "Kepala Dinas"
    data["bidang"] = [
        {
            "kode": _kode_bidang(n, k.kode_panjang),
            "nama": NAMA_BIDANG[n % len(NAMA_BIDANG)] + (f" {n + 1}" if n >= 6 else ""),
            "kepala": _pejabat(
                f"Kepala {NAMA_BIDANG[n % len(NAMA_BIDANG)]}",
                n,
                "Plt." if n % 4 == 3 else "definitif",
            ),
        }
        for n in range(len(k.jumlah_indikator))
    ]
    return data


def master(k: Kantor) -> IndikatorMaster:
    indikator: list[Indikator] = []
    anggaran: list[Anggaran] = []
    years = list(range(k.tahun - k.tahun_riwayat, k.tahun))
    for b, count in enumerate(k.jumlah_indikator):
        kode_bidang = _kode_bidang(b, k.kode_panjang)
        for n in range(count):
            satuan = SATUAN[(b + n) % len(SATUAN)]
            negatif = satuan == "kasus"
            target = 0.0 if (k.target_nol and negatif) else float(10 + 7 * n + b)
            if satuan == "%":
                target = min(100.0, 60.0 + 4 * n)
            history = {y: round(target * (0.8 + 0.05 * i), 2) for i, y in enumerate(years)}
            indikator.append(
                Indikator(
                    kode=f"{kode_bidang}-{n + 1:02d}",
                    kode_bidang=kode_bidang,
                    sasaran=SASARAN[(b + n) % len(SASARAN)],
                    indikator=f"Jumlah {satuan} yang ditangani {kode_bidang} menurut ukuran {n + 1}",
                    satuan=satuan,
                    target=target,
                    polaritas="negatif" if negatif else "positif",
                    realisasi_lalu=history,
                    target_akhir_renstra=(target * 1.2 if k.renstra and n % 2 == 0 else None),
                    tahun_akhir_renstra=(k.tahun + 2 if k.renstra and n % 2 == 0 else None),
                    standar_nasional=(target * 0.9 if k.standar and n % 3 == 0 else None),
                    sumber_standar="Standar Pelayanan Minimal" if k.standar and n % 3 == 0 else "",
                )
            )
        if k.anggaran:
            pagu = 25_000_000_000.0 if k.pagu_besar else 150_000_000.0
            for n in range(1 + b % 2):
                anggaran.append(
                    Anggaran(
                        kode=f"{kode_bidang}.{n + 1}",
                        kode_bidang=kode_bidang,
                        program="Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
                        kegiatan=f"Kegiatan pengelolaan {kode_bidang} tahap {n + 1}",
                        # the second line of a Bidang supports no sasaran in particular
                        sasaran=SASARAN[b % len(SASARAN)] if n == 0 else "",
                        pagu=pagu + 1_000_000 * n,
                    )
                )
    renstra = (
        Renstra(tahun_awal=k.tahun - 1, tahun_akhir=k.tahun + 2, tujuan=SASARAN[:2])
        if k.renstra
        else None
    )
    return IndikatorMaster(indikator=indikator, anggaran=anggaran, renstra=renstra)


def write_kantor(k: Kantor, folder: Path) -> tuple[Path, Path]:
    """org.yaml and indikator.xlsx of ``k`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    org = folder / "org.yaml"
    org.write_text(yaml.safe_dump(org_data(k), allow_unicode=True, sort_keys=False), "utf-8")
    xlsx = folder / "indikator.xlsx"
    write_master_excel(master(k), xlsx)
    return org, xlsx


def kantor_strategy(max_bidang: int = 12) -> st.SearchStrategy[Kantor]:
    return st.builds(
        Kantor,
        jumlah_indikator=st.lists(st.integers(1, 10), min_size=1, max_size=max_bidang).map(tuple),
        tahun_riwayat=st.integers(0, 5),
        renstra=st.booleans(),
        standar=st.booleans(),
        anggaran=st.booleans(),
        target_nol=st.booleans(),
        pagu_besar=st.booleans(),
        status_kepala=st.sampled_from(STATUS),
        atas_nama=st.booleans(),
        kertas=st.sampled_from(["A4", "F4"]),
        huruf=st.sampled_from(["Arial", "Bookman Old Style"]),
        periode=st.sampled_from(["2025", "2025-TW1", "2025-TW2", "2025-TW3", "2025-TW4"]),
        kode_panjang=st.booleans(),
    )
