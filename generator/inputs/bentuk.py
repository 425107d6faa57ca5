"""The allowed forms of codes typed by an office, each with the sentence that explains it.

A pattern alone makes a poor message ("bentuk 'PAUD-NF' tidak sesuai": which form then?);
every pattern used by the input models is declared here with its description and an
example, and the validation message quotes them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bentuk:
    pola: str  # the regular expression of the model's field
    uraian: str  # the allowed form, in Indonesian, with an example


KODE_BIDANG = Bentuk(
    r"^[A-Z][A-Z0-9]{1,9}$",
    "huruf besar dan angka tanpa spasi atau tanda hubung, diawali huruf, 2–10 karakter,"
    " contoh: IDE atau PAUDNF",
)
KODE_UNIT = Bentuk(
    r"^\d{2}(\.\d{2,3}){1,3}$",
    "angka yang dipisah titik (kode provinsi, kota/kabupaten, unit), contoh: 35.73.505",
)
KODE_INDIKATOR = Bentuk(
    r"^[A-Za-z0-9][A-Za-z0-9.\-_/]{0,19}$",
    "huruf dan angka, boleh titik, tanda hubung, garis bawah atau garis miring, 1–20"
    " karakter, diawali huruf atau angka, contoh: IDE-01",
)

BENTUK = {b.pola: b for b in (KODE_BIDANG, KODE_UNIT, KODE_INDIKATOR)}


def uraian_pola(pola: str) -> str | None:
    """The description of a pattern declared here (None for an unknown one)."""
    bentuk = BENTUK.get(pola)
    return bentuk.uraian if bentuk else None
