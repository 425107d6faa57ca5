"""Context of the Laporan Kinerja outside the per-sasaran analyses: front matter, Bab I-II,
Realisasi Anggaran, Bab IV and the Lampiran."""

from __future__ import annotations

from datetime import date
from typing import Any

from generator.base.periode import Periode
from generator.documents.naskah import signature_context, tempat_tanggal
from generator.inputs.load import Inputs
from generator.rules.analisis import AnalisisSasaran
from generator.rules.hasil import HasilAnggaran, HasilIndikator, HasilRekap
from generator.rules.narasi import (
    BELUM_DILAPORKAN,
    angka,
    catatan_bidang,
    daftar,
    jumlah,
    kalimat,
    persen,
    rupiah,
    tercapai,
)

DEFAULT_LATAR = (
    "Sesuai Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi"
    " Pemerintah dan Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"
    " Nomor 53 Tahun 2014, setiap instansi pemerintah menyusun Laporan Kinerja sebagai bentuk"
    " pertanggungjawaban atas pelaksanaan Perjanjian Kinerja."
)
DEFAULT_TUGAS = "Tugas pokok dan fungsi {instansi} ditetapkan dengan peraturan kepala daerah."
DEFAULT_STRUKTUR = "{instansi} terdiri atas unit kerja berikut."
DEFAULT_PENUTUP = (
    "Laporan Kinerja ini menjadi bahan evaluasi dan perbaikan perencanaan serta pelaksanaan"
    " program pada periode berikutnya."
)
IKHTISAR_MASALAH = 5  # the Ikhtisar names the lowest ones; Bab III has them all
KOSONG = "t.a.d."  # "tidak ada data", explained under the tables
SISTEMATIKA = [
    "Ikhtisar Eksekutif menyajikan ringkasan capaian kinerja dan penggunaan anggaran.",
    "Bab I Pendahuluan menjelaskan latar belakang, tugas pokok dan fungsi, struktur organisasi,"
    " serta isu strategis.",
    "Bab II Perencanaan Kinerja menguraikan ringkasan Rencana Strategis dan Perjanjian Kinerja.",
    "Bab III Akuntabilitas Kinerja menyajikan capaian kinerja setiap sasaran dengan tujuh analisis"
    " sesuai PermenPAN-RB Nomor 53 Tahun 2014, serta realisasi anggaran.",
    "Bab IV Penutup memuat kesimpulan dan rencana tindak lanjut.",
    "Lampiran memuat Perjanjian Kinerja dan rekapitulasi data capaian kinerja.",
]


def paragraf(text: str, default: str) -> list[str]:
    """Free text of the config split on blank lines; the default when it is empty."""
    chunks = [" ".join(p.split()) for p in (text or default).split("\n\n")]
    return [c for c in chunks if c]


def capaian_row(no: int, i: HasilIndikator) -> dict[str, str]:
    return {
        "no": str(no),
        "kode": i.kode,
        "indikator": i.indikator,
        "satuan": i.satuan,
        "target": angka(i.target),
        "realisasi": angka(i.realisasi, kosong="belum dilaporkan"),
        "capaian": angka(i.capaian, kosong="tidak dihitung"),
        "predikat": i.predikat or "-",
    }


def anggaran_row(no: int, a: HasilAnggaran) -> dict[str, str]:
    return {
        "no": str(no),
        "program": a.program,
        "kegiatan": a.kegiatan,
        "pagu": angka(a.pagu, 0),
        "realisasi": angka(a.realisasi, 0, kosong="belum dilaporkan"),
        "persen": angka(a.persen, kosong="-"),
    }


def sum_row(lines: list[HasilAnggaran]) -> dict[str, str]:
    pagu = sum(a.pagu for a in lines)
    real = sum(a.realisasi or 0.0 for a in lines)
    return {
        "pagu": angka(pagu, 0),
        "realisasi": angka(real, 0),
        "persen": angka(real / pagu * 100 if pagu else None, kosong="-"),
    }


def front_context(
    inputs: Inputs,
    hasil: HasilRekap,
    periode: Periode,
    tanggal: date,
    analyses: list[AnalisisSasaran],
) -> dict[str, Any]:
    org, master = inputs.org, inputs.master
    nama = f"{org.instansi} {org.pemerintah_daerah.removeprefix('Pemerintah ')}"
    narasi = org.laporan
    n_ind = len(hasil.indikator)
    kata = [
        "Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa, karena atas rahmat-Nya Laporan"
        f" Kinerja {nama} {periode.label} dapat diselesaikan.",
        "Laporan ini disusun sesuai Peraturan Presiden Nomor 29 Tahun 2014 dan Peraturan Menteri"
        " Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 Tahun 2014, sebagai"
        f" pertanggungjawaban atas pelaksanaan Perjanjian Kinerja {periode.label} yang memuat"
        f" {jumlah(len(analyses), 'sasaran')} dan {jumlah(n_ind, 'indikator kinerja')}.",
        "Kami menyadari bahwa laporan ini masih memiliki kekurangan. Saran dan masukan kami harapkan"
        " untuk perbaikan kinerja pada periode berikutnya.",
    ]
    context: dict[str, Any] = {
        "kata_pengantar": kata,
        "direviu": narasi.direviu and narasi.reviewer is not None,
        "reviu": _reviu(inputs, periode, tanggal, nama),
        "ikhtisar": ikhtisar(inputs, hasil, periode, analyses, nama),
        "narasi": {
            "latar_belakang": paragraf(narasi.latar_belakang, DEFAULT_LATAR),
            "tugas_fungsi": paragraf(
                narasi.tugas_fungsi, DEFAULT_TUGAS.format(instansi=org.instansi)
            ),
            "struktur_organisasi": paragraf(
                narasi.struktur_organisasi, DEFAULT_STRUKTUR.format(instansi=org.instansi)
            ),
            "isu_strategis": [kalimat(i) for i in narasi.isu_strategis]
            or ["Isu strategis belum dirumuskan dalam konfigurasi organisasi."],
        },
        "unit": [
            {
                "no": str(n),
                "nama": b.nama,
                "pejabat": b.kepala.nama,
                "jabatan": b.kepala.jabatan
                if b.kepala.status == "definitif"
                else f"{b.kepala.status} {b.kepala.jabatan}",
            }
            for n, b in enumerate(org.bidang, 1)
        ],
        "sistematika": SISTEMATIKA,
    }
    renstra = master.renstra
    if renstra is not None:
        pembuka = (
            f"Rencana Strategis {org.instansi} periode {renstra.tahun_awal}–{renstra.tahun_akhir}"
            " menjadi acuan penyusunan Perjanjian Kinerja setiap tahun. Tujuan dan sasaran"
            " strategisnya sebagai berikut."
        )
        tujuan = [kalimat(t) for t in renstra.tujuan] or [
            "Tujuan Renstra belum diisi pada master indikator."
        ]
    else:
        pembuka = "Periode Rencana Strategis belum diisi pada master indikator; sasaran berikut diambil dari Perjanjian Kinerja."
        tujuan = ["Tujuan Renstra belum diisi pada master indikator."]
    context["renstra"] = {
        "pembuka": [pembuka],
        "tujuan": tujuan,
        "sasaran": [f"Sasaran {s.no}: {s.sasaran}" for s in analyses],
    }
    context["pk_pembuka"] = [
        f"Perjanjian Kinerja {periode.label} ditandatangani oleh Kepala {org.instansi} sebagai"
        " komitmen pencapaian sasaran berikut beserta indikator dan targetnya."
    ]
    context["pk"] = [
        {
            "no": str(s.no),
            "sasaran": s.sasaran,
            "indikator": [
                {
                    "no": str(n),
                    "indikator": i.indikator,
                    "satuan": i.satuan,
                    "target": angka(i.target),
                }
                for n, i in enumerate(s.indikator, 1)
            ],
        }
        for s in analyses
    ]
    return context


def _reviu(inputs: Inputs, periode: Periode, tanggal: date, nama: str) -> dict[str, Any]:
    narasi = inputs.org.laporan
    reviewer = narasi.reviewer or inputs.org.pejabat.kepala
    return {
        "paragraf": [
            f"Kami telah mereviu Laporan Kinerja {nama} untuk {periode.label} sesuai Pedoman Reviu"
            " atas Laporan Kinerja. Substansi informasi yang dimuat dalam Laporan Kinerja menjadi"
            f" tanggung jawab manajemen {inputs.org.instansi}.",
            "Reviu bertujuan untuk memberikan keyakinan terbatas bahwa laporan kinerja telah"
            " disajikan secara akurat, andal, dan valid.",
            "Berdasarkan reviu kami, tidak terdapat kondisi atau hal-hal yang menimbulkan perbedaan"
            " dalam meyakini keandalan informasi yang disajikan di dalam laporan kinerja ini.",
        ],
        "instansi": narasi.instansi_reviewer,
        "ttd": signature_context(reviewer, tempat_tanggal=tempat_tanggal(inputs.org, tanggal)),
    }


def ikhtisar(
    inputs: Inputs, hasil: HasilRekap, periode: Periode, analyses: list[AnalisisSasaran], nama: str
) -> dict[str, Any]:
    items = hasil.indikator
    reached = [i for i in items if tercapai(i.capaian)]
    measured = [i for i in items if i.capaian is not None]
    missing = [i for i in items if i.capaian is None]
    below = [i for i in measured if not tercapai(i.capaian)]
    pembuka = [
        f"Laporan Kinerja {nama} {periode.label} menyajikan capaian {jumlah(len(items), 'indikator kinerja')}"
        f" dari {jumlah(len(analyses), 'sasaran strategis')} yang ditetapkan dalam Perjanjian Kinerja,"
        f" berdasarkan rekapitulasi data capaian kinerja versi {hasil.versi} yang telah disetujui Sekretaris."
    ]
    if not hasil.lengkap:
        pembuka.append(
            "Rekapitulasi ini belum lengkap: data dari "
            f"{daftar(hasil.bidang_belum) or 'sebagian unit kerja'} {BELUM_DILAPORKAN}."
        )
    tabel = [
        ("Jumlah sasaran strategis", str(len(analyses))),
        ("Jumlah indikator kinerja", str(len(items))),
        ("Indikator mencapai atau melampaui target", str(len(reached))),
        ("Indikator belum mencapai target", str(len(below))),
        ("Indikator belum dapat diukur", str(len(missing))),
        ("Rata-rata capaian kinerja", persen(hasil.rata_capaian)),
        ("Predikat", hasil.predikat or "belum dapat ditetapkan"),
        ("Pagu anggaran", rupiah(hasil.pagu)),
        ("Realisasi anggaran", rupiah(hasil.realisasi_anggaran)),
        ("Penyerapan anggaran", persen(hasil.persen_anggaran)),
    ]
    capaian = []
    if measured:
        best = max(measured, key=lambda i: i.capaian or 0.0)
        worst = min(measured, key=lambda i: i.capaian or 0.0)
        capaian.append(
            f"Secara keseluruhan rata-rata capaian kinerja {persen(hasil.rata_capaian)} dengan predikat"
            f" {hasil.predikat or 'belum dapat ditetapkan'}; {len(reached)} dari {len(items)} indikator"
            " mencapai atau melampaui target. Capaian tertinggi pada indikator"
            f" {best.indikator} ({persen(best.capaian)}) dan terendah pada indikator {worst.indikator}"
            f" ({persen(worst.capaian)})."
        )
    capaian.append(
        f"Dari pagu anggaran {rupiah(hasil.pagu)} terealisasi {rupiah(hasil.realisasi_anggaran)}"
        f" ({persen(hasil.persen_anggaran)})."
    )
    masalah = [
        f"Indikator {i.indikator} belum mencapai target (capaian {persen(i.capaian)})"
        + (
            f". {catatan_bidang(i.keterangan)}"
            if i.keterangan.strip()
            else "; kendalanya belum dituliskan Bidang."
        )
        for i in sorted(below, key=lambda i: i.capaian or 0.0)[:IKHTISAR_MASALAH]
    ]
    if len(below) > IKHTISAR_MASALAH:
        masalah.append(
            f"{jumlah(len(below) - IKHTISAR_MASALAH, 'indikator')} lain juga belum mencapai"
            " target; uraiannya ada pada Bab III."
        )
    masalah += [
        kalimat(
            f"Capaian indikator {i.indikator} belum dapat diukur:"
            f" {i.catatan_capaian or BELUM_DILAPORKAN}"
        )
        for i in missing
    ]
    return {
        "pembuka": pembuka,
        "tabel": [{"uraian": u, "nilai": v} for u, v in tabel],
        "capaian": capaian,
        "masalah": masalah or ["Tidak ada indikator yang belum mencapai target."],
        "rencana": rencana(analyses, missing_names=[i.indikator for i in missing]),
    }


def rencana(analyses: list[AnalisisSasaran], missing_names: list[str]) -> list[str]:
    """Follow-up plans derived from the analyses: pace towards the Renstra, efficiency, data."""
    out: list[str] = []
    for s in analyses:
        slow = [
            r.indikator.indikator
            for r in s.renstra
            if r.status in ("perlu percepatan", "tidak tercapai")
        ]
        if slow:
            out.append(
                f"Mempercepat capaian indikator {daftar(slow)} agar target akhir Renstra tercapai."
            )
        below = [
            i.indikator for i in s.indikator if i.capaian is not None and not tercapai(i.capaian)
        ]
        if below and not slow:
            out.append(
                f"Menindaklanjuti kendala indikator {daftar(below)} melalui upaya yang dituliskan Bidang."
            )
        if s.efisiensi.selisih is not None and s.efisiensi.selisih < 0:
            out.append(
                f"Meninjau efisiensi kegiatan pendukung Sasaran {s.no} agar anggaran sebanding dengan capaiannya."
            )
    if missing_names:
        out.append(
            f"Melengkapi data realisasi indikator {daftar(missing_names)} pada periode berikutnya."
        )
    return out or ["Mempertahankan capaian seluruh indikator pada periode berikutnya."]


def _group_budget(inputs: Inputs, lines: list[HasilAnggaran]) -> list[dict[str, Any]]:
    groups = []
    for b in inputs.org.bidang:
        own = [a for a in lines if a.kode_bidang == b.kode]
        if own:
            groups.append(
                {
                    "nama": b.nama,
                    "singkat": b.nama,
                    "baris": [anggaran_row(n, a) for n, a in enumerate(own, 1)],
                }
                | sum_row(own)
            )
    return groups


def rekap_context(
    inputs: Inputs, hasil: HasilRekap, periode: Periode, analyses: list[AnalisisSasaran]
) -> dict[str, Any]:
    total_pagu = hasil.pagu
    anggaran = {
        "pembuka": [
            f"Realisasi anggaran {periode.label} per program dan kegiatan, dikelompokkan menurut unit kerja,"
            " disajikan pada tabel berikut."
        ],
        "bidang": _group_budget(inputs, hasil.anggaran),
        "pagu": angka(total_pagu, 0),
        "realisasi": angka(hasil.realisasi_anggaran, 0),
        "persen": angka(hasil.persen_anggaran, kosong="-"),
        "kalimat": _kalimat_anggaran(hasil)
        if hasil.anggaran
        else [
            f"Master indikator belum memuat pagu program dan kegiatan {periode.label}, sehingga"
            " realisasi anggaran belum dapat disajikan."
        ],
    }
    rekap = []
    for b in hasil.bidang:
        rows = [i for i in hasil.indikator if i.kode_bidang == b.kode_bidang]
        rekap.append(
            {
                "nama": b.nama,
                "singkat": b.nama,
                "baris": [capaian_row(n, i) for n, i in enumerate(rows, 1)],
                "rata": angka(b.rata_capaian, kosong="-"),
                "predikat": b.predikat or "-",
            }
        )
    measured = [s for s in analyses if s.rata_capaian is not None]
    ringkasan = []
    if measured:
        best = max(measured, key=lambda s: s.rata_capaian or 0.0)
        worst = min(measured, key=lambda s: s.rata_capaian or 0.0)
        ringkasan.append(
            f"Rata-rata capaian tertinggi pada Sasaran {best.no} ({persen(best.rata_capaian)}) dan terendah"
            f" pada Sasaran {worst.no} ({persen(worst.rata_capaian)}). Uraian setiap sasaran dengan tujuh"
            " analisis capaian kinerja disajikan berikut ini."
        )
    return {
        "anggaran": anggaran,
        "rekap": rekap,
        "bab3": {
            "pembuka": [
                "Pengukuran kinerja dilakukan dengan membandingkan realisasi dengan target setiap indikator"
                f" dalam Perjanjian Kinerja. {_kalimat_rumus(hasil.rumus)} Predikat capaian mengikuti"
                " skala berikut.",
            ],
            "ringkasan": ringkasan,
        },
        "lampiran": {
            "rekap_pembuka": f"Rekapitulasi berikut adalah rekapitulasi versi {hasil.versi} yang disetujui Sekretaris.",
            "catatan": [
                'Keterangan: t.a.d. = tidak ada data; "belum dilaporkan" = realisasi tidak diisi oleh unit kerja.',
            ],
        },
    }


# The formula of capaian in words, per polaritas (the rules of the recap, generator/data/capaian.yaml).
_POLARITAS = {
    "positif": "indikator yang semakin tinggi semakin baik (polaritas positif)",
    "negatif": "indikator yang semakin rendah semakin baik (polaritas negatif)",
}
_RUMUS_BAWAAN = {"positif": "R / T * 100", "negatif": "(2 - R / T) * 100"}


def _rumus_teks(rumus: str) -> str:
    words = {"R": "realisasi", "T": "target", "/": "÷", "*": "×", "-": "−"}
    text = "".join(words.get(ch, ch) for ch in rumus.replace(" ", ""))
    for sign in "÷×−+":
        text = text.replace(sign, f" {sign} ")
    if text.endswith(" × 100"):
        text += "%"
    return text


def _kalimat_rumus(rumus: dict[str, str]) -> str:
    """'Untuk indikator ... capaian = realisasi ÷ target × 100%; ...' from the recap's rules."""
    used = rumus or _RUMUS_BAWAAN
    parts = [
        f"untuk {_POLARITAS.get(nama, f'polaritas {nama}')}, capaian = {_rumus_teks(r)}"
        for nama, r in used.items()
    ]
    return kalimat("; ".join(parts))


def _kalimat_anggaran(hasil: HasilRekap) -> list[str]:
    out = [
        f"Secara keseluruhan, dari pagu {rupiah(hasil.pagu)} terealisasi {rupiah(hasil.realisasi_anggaran)}"
        f" atau {persen(hasil.persen_anggaran)}."
    ]
    rows = [b for b in hasil.bidang if b.persen_anggaran is not None]
    if rows:
        low = min(rows, key=lambda b: b.persen_anggaran or 0.0)
        high = max(rows, key=lambda b: b.persen_anggaran or 0.0)
        out.append(
            f"Penyerapan tertinggi pada {high.nama} ({persen(high.persen_anggaran)}) dan terendah pada"
            f" {low.nama} ({persen(low.persen_anggaran)})."
        )
    missing = [a.kegiatan for a in hasil.anggaran if a.realisasi is None]
    if missing:
        out.append(
            f"Realisasi kegiatan {daftar(missing)} {BELUM_DILAPORKAN} dan dihitung nol dalam jumlah."
        )
    return out


def penutup_context(
    inputs: Inputs, hasil: HasilRekap, periode: Periode, analyses: list[AnalisisSasaran]
) -> dict[str, Any]:
    reached = sum(1 for i in hasil.indikator if tercapai(i.capaian))
    kesimpulan = [
        f"Pada {periode.label}, {reached} dari {jumlah(len(hasil.indikator), 'indikator kinerja')} mencapai"
        f" atau melampaui target, dengan rata-rata capaian {persen(hasil.rata_capaian)} (predikat"
        f" {hasil.predikat or 'belum dapat ditetapkan'}) dan penyerapan anggaran {persen(hasil.persen_anggaran)}.",
    ]
    for s in analyses:
        kesimpulan.append(
            f"Sasaran {s.no} ({s.sasaran}): rata-rata capaian {persen(s.rata_capaian)},"
            f" {s.jumlah_tercapai} dari {len(s.indikator)} indikator mencapai target."
        )
    return {
        "penutup": {
            "kesimpulan": kesimpulan,
            "tindak_lanjut": rencana(
                analyses, [i.indikator for i in hasil.indikator if i.capaian is None]
            ),
            "akhir": paragraf(inputs.org.laporan.penutup, DEFAULT_PENUTUP),
        }
    }
