from __future__ import annotations

from datetime import date

import pytest

from generator.base.angka import bulat, format_angka, format_rupiah, parse_angka, terbilang
from generator.base.periode import Periode
from generator.errors import InputError


@pytest.mark.parametrize(
    ("text", "tahun", "tw", "label"),
    [
        ("2024", 2024, None, "Tahun 2024"),
        ("2024-TW2", 2024, 2, "Triwulan II Tahun 2024"),
        ("2025-tw4", 2025, 4, "Triwulan IV Tahun 2025"),
    ],
)
def test_periode(text: str, tahun: int, tw: int | None, label: str) -> None:
    p = Periode.parse(text)
    assert (p.tahun, p.triwulan, p.label) == (tahun, tw, label)


def test_periode_dates() -> None:
    assert Periode.parse("2024-TW1").akhir == date(2024, 3, 31)
    assert Periode.parse("2024-TW3").mulai == date(2024, 7, 1)


@pytest.mark.parametrize("text", ["24", "2024-TW5", "2024-Q1", "TW1-2024", "1999", ""])
def test_periode_refused(text: str) -> None:
    with pytest.raises(InputError, match=r"Periode|Tahun"):
        Periode.parse(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("85", 85),
        ("85,5", 85.5),
        ("1.234,5", 1234.5),
        ("85%", 85),
        ("1,234.5", 1234.5),
        ("1.234", 1234),
        ("12.345.678", 12345678),
        (" 90 % ", 90),
        ("Rp 1.500.000", 1500000),
        (7, 7),
        (2.5, 2.5),
    ],
)
def test_parse_angka(text: object, value: float) -> None:
    assert parse_angka(text) == value


@pytest.mark.parametrize("text", ["abc", "", "85 persen", "1,2,3a", True])
def test_parse_angka_refuses(text: object) -> None:
    with pytest.raises(ValueError):
        parse_angka(text)


def test_format_and_round_like_a_spreadsheet() -> None:
    assert bulat(101.49999999999999, 1) == 101.5
    assert bulat(2.675, 2) == 2.68
    assert format_angka(1234.5) == "1.234,5"
    assert format_angka(1234.5, 2, trim=False) == "1.234,50"
    assert format_rupiah(1500000) == "Rp1.500.000"
    assert terbilang(5) == "lima"
