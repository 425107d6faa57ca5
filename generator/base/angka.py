"""Numbers as Indonesian offices write them: reading "1.234,5" or "85%", writing 1.234,56.

A number typed by a person is read only when its form is unambiguous; anything else is refused
with the accepted forms as examples, never guessed ("0.500" may be a half or five hundred;
"7.8.0" is no number). Every number read also has to be sane (``BATAS_ANGKA``, ``MAKS_DESIMAL``):
a value the recap and the LKj can print and compute with exactly.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

LOCALE = "id_ID"

# Bounds of every number a person gives (realisasi, target, pagu, ...). 10^15 (seribu triliun)
# is above any pagu of a government office (a whole city's APBD is some trillions of rupiah) and
# keeps 6 decimals inside the 28 significant digits of the Decimal rounding the recap uses
# (bulat): 1e300 made it raise InvalidOperation. Text with more than 6 decimals is refused: the
# documents print at most 2, and "1,2345678" is far more likely a mistyped thousands separator
# than a measurement (a number cell has no written decimals to count: only its size is checked).
BATAS_ANGKA = 1e15
MAKS_DESIMAL = 6
CONTOH = "contoh penulisan yang diterima: 1.234,5 atau 1234,5 atau 85%"

_FORMS = (
    # Indonesian: dots group thousands (the first group without a leading zero), comma decimals
    (re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?"), "id"),
    (re.compile(r"\d+(?:,\d+)?"), "id"),
    # English, only where it cannot be read the Indonesian way: 1,234.5 or 1,234,567
    (re.compile(r"[1-9]\d{0,2}(?:,\d{3})+\.\d+"), "en"),
    (re.compile(r"[1-9]\d{0,2}(?:,\d{3}){2,}"), "en"),
    # a decimal dot where it cannot be a thousands dot: 85.5, 3.14159 (not 0.500, not 1.234)
    (re.compile(r"\d+\.(?:\d{1,2}|\d{4,})"), "en"),
)


def parse_angka(value: object) -> float:
    """Read a number typed by a person; raise ValueError with an Indonesian reason.

    Accepts 85, 85,5, 1234,5, 1.234,5, 12.345.678, 1,234.5, 85.5, 85%, Rp1.500.000
    (percent signs are dropped: the unit lives in the indicator's satuan). A dot followed by
    exactly three digits is a thousands separator, as Indonesian writing uses it; where that
    reading and a decimal reading are both possible ("0.500") or the digit groups are
    malformed ("1.234.5", "1,2,3") the text is refused. The value must be sane (``angka_wajar``).
    """
    if isinstance(value, bool):
        raise ValueError("nilai benar/salah bukan angka")
    if isinstance(value, int | float | Decimal):
        try:
            number = float(value)
        except OverflowError as exc:
            raise ValueError(_too_big(str(value))) from exc
        return angka_wajar(number)
    if isinstance(value, str):
        return _parse_text(value)
    raise ValueError(f"'{value}' bukan angka")


def _too_big(shown: str) -> str:
    if len(shown) > 30:
        shown = shown[:27] + "..."
    return f"nilai {shown} di luar batas (paling besar {format_angka(BATAS_ANGKA, 0)})"


def angka_wajar(number: float, decimals: int = 0) -> float:
    """``number`` when it is finite, below ``BATAS_ANGKA`` and has at most ``MAKS_DESIMAL``
    decimals (``decimals``: as many as were written); ValueError with the reason otherwise."""
    if math.isnan(number):
        raise ValueError("nilai bukan angka yang sah")
    if math.isinf(number) or abs(number) >= BATAS_ANGKA:
        raise ValueError(_too_big(f"{number:g}" if math.isfinite(number) else "tak hingga"))
    if decimals > MAKS_DESIMAL:
        raise ValueError(
            f"nilai {format_angka(number, decimals)} memiliki {decimals} angka desimal (paling banyak {MAKS_DESIMAL});"
            " bulatkan angkanya"
        )
    return number


def _parse_text(text: str) -> float:
    shown = text.strip()
    if len(shown) > 40:
        shown = shown[:37] + "..."
    raw = text.strip()
    if raw.endswith("%"):
        raw = raw[:-1].rstrip()
    if raw[:2].lower() == "rp":
        raw = raw[2:].lstrip(". \u00a0")
    sign = ""
    if raw[:1] in "+-" and raw:
        sign, raw = raw[0], raw[1:]
    if not raw or not re.fullmatch(r"[\d.,]+", raw):
        raise ValueError(f"'{shown}' bukan angka; {CONTOH}")
    style = next((style for pattern, style in _FORMS if pattern.fullmatch(raw)), None)
    if style is None:
        raise ValueError(f"'{shown}' bukan angka yang jelas (pemisah ribuan/desimal); {CONTOH}")
    plain = raw.replace(".", "").replace(",", ".") if style == "id" else raw.replace(",", "")
    decimals = len(plain.partition(".")[2])
    if len(plain) > 40:
        raise ValueError(_too_big(shown))
    return angka_wajar(float(sign + plain), decimals)


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
