"""Dates and times as Indonesian official documents write them (Tata Naskah Dinas):
'5 Januari 2024', 'Selasa, 7 Januari 2025', '... pukul 10.30 WIB'. The one place that
formats a date for a reader."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date

LOCALE = "id"

# Timezone names as printed after a time ("pukul 10.30 WIB").
ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def tanggal_id(d: date) -> str:
    """date(2024, 1, 5) -> '5 Januari 2024' (a datetime gives its date)."""
    return format_date(d, format="d MMMM y", locale=LOCALE)


def hari_tanggal_id(d: date) -> str:
    """date(2025, 1, 7) -> 'Selasa, 7 Januari 2025'."""
    return format_date(d, format="EEEE, d MMMM y", locale=LOCALE)


def waktu_id(moment: datetime, *, zona: str | None = None, with_day: bool = True) -> str:
    """'Selasa, 7 Januari 2025 pukul 10.30 WIB'. ``zona`` (an IANA name) names the zone when
    ``moment`` carries none; an unknown zone is printed as given."""
    name = zona if zona is not None else (str(moment.tzinfo) if moment.tzinfo else "")
    label = ZONE_LABELS.get(name, name)
    day = hari_tanggal_id(moment.date()) if with_day else tanggal_id(moment.date())
    text = f"{day} pukul {moment.hour:02d}.{moment.minute:02d}"
    return f"{text} {label}" if label else text
