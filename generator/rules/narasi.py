"""Indonesian phrases for numbers and results: the words of the Laporan Kinerja.

Every helper returns finished text: a missing number becomes words ("belum
dilaporkan"), never "None" or "nan", and numbers use the Indonesian form
(1.234,5) from ``generator.base.angka``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from generator.base.angka import format_angka, format_persen, format_rupiah, terbilang

TIDAK_ADA = "tidak ada data"
BELUM_DILAPORKAN = "belum dilaporkan"

# Units that read before the number ("indeks 78,5"), the others after it ("3 kasus").
_SATUAN_DEPAN = {"indeks", "nilai", "skor", "poin", "peringkat"}


def ada(value: float | None) -> bool:
    """True for a usable number (not None, not NaN)."""
    return value is not None and not math.isnan(value)


def angka(value: float | None, digits: int = 2, kosong: str = TIDAK_ADA) -> str:
    """1234.5 -> '1.234,5'; None -> the words in ``kosong``."""
    return format_angka(value, digits) if value is not None and ada(value) else kosong


def persen(value: float | None, digits: int = 2, kosong: str = TIDAK_ADA) -> str:
    """85.5 -> '85,5%'; None -> the words in ``kosong``."""
    return format_persen(value, digits) if value is not None and ada(value) else kosong


def rupiah(value: float | None, kosong: str = TIDAK_ADA) -> str:
    return format_rupiah(value) if value is not None and ada(value) else kosong


def nilai(value: float | None, satuan: str, kosong: str = TIDAK_ADA) -> str:
    """A value with its unit: '85,5%', 'indeks 78,5', '3 kasus'."""
    if value is None or not ada(value):
        return kosong
    text = format_angka(value)
    unit = satuan.strip()
    if unit == "%":
        return text + "%"
    if unit.lower() in _SATUAN_DEPAN:
        return f"{unit} {text}"
    return f"{text} {unit}" if unit else text


def jumlah(n: int, benda: str) -> str:
    """3, 'indikator' -> '3 (tiga) indikator' as official letters write counts."""
    return f"{n} ({terbilang(n)}) {benda}"


def daftar(items: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b, dan c'."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} dan {items[1]}"
    return ", ".join(items[:-1]) + ", dan " + items[-1]


def kalimat(text: str) -> str:
    """Capitalise the first letter and end with a full stop."""
    text = " ".join(text.split()).rstrip(" .")
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def status_capaian(capaian: float | None) -> str:
    """The phrase the regulation's readers look for."""
    if capaian is None or not ada(capaian):
        return "belum dapat diukur"
    if capaian > 100:
        return "melampaui target"
    if capaian == 100:
        return "mencapai target"
    return "belum mencapai target"


def tercapai(capaian: float | None) -> bool:
    return capaian is not None and ada(capaian) and capaian >= 100


def arah(lama: float, baru: float, polaritas: str) -> str:
    """'naik' / 'turun' / 'tetap', with whether that is good for this polaritas."""
    if math.isclose(lama, baru, abs_tol=1e-9):
        return "tetap"
    naik = baru > lama
    word = "naik" if naik else "turun"
    membaik = naik if polaritas == "positif" else not naik
    return f"{word} (membaik)" if membaik else f"{word} (memburuk)"


def tren(riwayat: Sequence[tuple[int | str, float]], satuan: str, polaritas: str) -> str:
    """A sentence on a series of (tahun, realisasi), oldest first; the last "tahun" may be a
    label such as "2025 s.d. Triwulan II"."""
    if not riwayat:
        return "data realisasi tahun-tahun sebelumnya tidak tersedia"
    if len(riwayat) == 1:
        tahun, value = riwayat[0]
        return f"hanya tersedia data tahun {tahun} ({nilai(value, satuan)})"
    (t0, v0), (t1, v1) = riwayat[-2], riwayat[-1]
    word = arah(v0, v1, polaritas)
    if word == "tetap":
        head = f"tetap {nilai(v1, satuan)} pada {t0} dan {t1}"
    else:
        head = f"{word} dari {nilai(v0, satuan)} ({t0}) menjadi {nilai(v1, satuan)} ({t1})"
    if len(riwayat) >= 3:
        first_year, first = riwayat[0]
        overall = arah(first, v1, polaritas)
        head += f"; sejak {first_year} secara keseluruhan {overall}"
    return head


def selisih_poin(value: float) -> str:
    """A signed difference in percentage points, in words for the sign."""
    return f"{format_angka(abs(value))} poin persen"


def catatan_bidang(keterangan: str) -> str:
    """The Bidang's keterangan as a sentence after the capaian: kept as written when it labels
    itself ("Kendala: ... Upaya: ..."), else introduced ("Keterangan Bidang: ...")."""
    note = kalimat(" ".join(keterangan.split()))
    head = note.split(":", 1)[0]
    if ":" in note and len(head.split()) <= 3:
        return note
    return f"Keterangan Bidang: {note}"
