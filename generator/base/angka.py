"""Numbers as Indonesian offices write them: reading "1.234,5" or "85%", writing 1.234,56."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

LOCALE = "id_ID"

_CLEAN = re.compile(r"[\s\u00a0]")
_DIGITS = re.compile(r"^[+-]?\d+$")


def parse_angka(value: object) -> float:
    """Read a number typed by a person; raise ValueError with an Indonesian reason.

    Accepts 85, 85,5, 1.234,5, 1,234.5, 85% (percent signs are dropped: the
    unit lives in the indicator's satuan). A single dot followed by exactly
    three digits is a thousands separator ("1.234" is one thousand two hundred
    thirty-four), as Indonesian writing uses it.
    """
    if isinstance(value, bool):
        raise ValueError("nilai benar/salah bukan angka")
    if isinstance(value, int | float | Decimal):
        number = float(value)
    elif isinstance(value, str):
        number = _parse_text(value)
    else:
        raise ValueError(f"'{value}' bukan angka")
    if math.isnan(number) or math.isinf(number):
        raise ValueError("nilai bukan angka yang sah")
    return number


def _parse_text(text: str) -> float:
    raw = _CLEAN.sub("", text)
    if raw.endswith("%"):
        raw = raw[:-1]
    if raw.startswith("Rp"):
        raw = raw[2:].lstrip(".")
    if not raw or not re.fullmatch(r"[+-]?[\d.,]+", raw):
        raise ValueError(f"'{text.strip()}' bukan angka")
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:
        if raw.rfind(",") > raw.rfind("."):  # 1.234,5
            raw = raw.replace(".", "").replace(",", ".")
        else:  # 1,234.5
            raw = raw.replace(",", "")
    elif commas:
        raw = raw.replace(",", "") if commas > 1 else raw.replace(",", ".")
    elif dots > 1 or (dots == 1 and re.fullmatch(r"[+-]?\d{1,3}\.\d{3}", raw)):
        raw = raw.replace(".", "")
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"'{text.strip()}' bukan angka") from exc


def bulat(value: float, digits: int = 2) -> float:
    """Round half up as a spreadsheet does (Python's round() gives 101.49999 -> 101.49)."""
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def format_angka(value: float | int, digits: int = 2, *, trim: bool = True) -> str:
    """1234.5 -> '1.234,5' (trim) or '1.234,50'."""
    number = bulat(float(value), digits)
    pattern = "#,##0" + ("." + ("#" if trim else "0") * digits if digits else "")
    return format_decimal(number, format=pattern, locale=LOCALE)


def format_rupiah(value: float | int) -> str:
    return "Rp" + format_decimal(bulat(float(value), 0), format="#,##0", locale=LOCALE)


def format_persen(value: float, digits: int = 2) -> str:
    return format_angka(value, digits) + "%"


def terbilang(value: int) -> str:
    """12 -> 'dua belas' (num2words, Indonesian)."""
    from num2words import num2words  # loaded only by the few documents that spell numbers

    return str(num2words(int(value), lang="id"))
