"""Working-time arithmetic for the SOP's mutu baku.

Mutu baku waktu counts working time: Monday to Friday, Indonesian public
holidays excluded, a working day of 7.5 hours from 08:00 unless configured.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")


@functools.lru_cache(maxsize=16)
def national_holidays(year: int) -> frozenset[date]:
    """Indonesia's public holidays of ``year``, computed once per process (25 ms each time:
    five calendars in one demo, one per office of a city or of the web server)."""
    import holidays  # only when a working time is computed

    return frozenset(holidays.country_holidays("ID", years=year).keys())


@dataclass(frozen=True)
class WorkCalendar:
    jam_mulai: time = time(8, 0)
    jam_per_hari: float = 7.5
    hari_kerja: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday=0
    libur_tambahan: tuple[date, ...] = ()
    zona: str = "Asia/Jakarta"
    _cache: dict[int, frozenset[date]] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zona)

    def holidays_of(self, year: int) -> frozenset[date]:
        if year not in self._cache:
            extra = {d for d in self.libur_tambahan if d.year == year}
            self._cache[year] = national_holidays(year) | extra
        return self._cache[year]

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.hari_kerja and day not in self.holidays_of(day.year)

    def window(self, day: date) -> tuple[datetime, datetime]:
        start = datetime.combine(day, self.jam_mulai, tzinfo=self.tz)
        return start, start + timedelta(hours=self.jam_per_hari)

    def working_minutes(self, start: datetime, end: datetime) -> float:
        """Working minutes between two instants (0 when end is not after start)."""
        start, end = start.astimezone(self.tz), end.astimezone(self.tz)
        if end <= start:
            return 0.0
        total = 0.0
        day = start.date()
        while day <= end.date():
            if self.is_working_day(day):
                w_start, w_end = self.window(day)
                lo, hi = max(start, w_start), min(end, w_end)
                if hi > lo:
                    total += (hi - lo).total_seconds() / 60
            day += timedelta(days=1)
        return total

    def add_working_minutes(self, start: datetime, minutes: float) -> datetime:
        """The instant when ``minutes`` of working time after ``start`` have passed."""
        current = start.astimezone(self.tz)
        remaining = timedelta(minutes=minutes)
        while True:
            day = current.date()
            if self.is_working_day(day):
                w_start, w_end = self.window(day)
                lo = max(current, w_start)
                if lo < w_end:
                    available = w_end - lo
                    if remaining <= available:
                        return lo + remaining
                    remaining -= available
            current = datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.tz)

    def working_days(self, start: date, end: date) -> Iterable[date]:
        day = start
        while day <= end:
            if self.is_working_day(day):
                yield day
            day += timedelta(days=1)


def now() -> datetime:
    """The current time in WIB, second precision (the manifest's clock)."""
    return datetime.now(WIB).replace(microsecond=0)


def durasi(minutes: float | None, jam_per_hari: float = 7.5) -> str:
    """Working minutes in words: '12 mnt', '2 jam 5 mnt', '1 hari 3 jam'."""
    if minutes is None:
        return "-"
    total = round(minutes)
    day = round(jam_per_hari * 60)
    days, rest = divmod(total, day)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} hari")
    if hours:
        parts.append(f"{hours} jam")
    if mins or not parts:
        parts.append(f"{mins} mnt")
    return " ".join(parts)
