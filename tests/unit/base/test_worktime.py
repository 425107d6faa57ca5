from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from generator.base.worktime import WorkCalendar

WIB = ZoneInfo("Asia/Jakarta")


def at(y: int, m: int, d: int, hh: int = 8, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=WIB)


def test_same_day() -> None:
    assert WorkCalendar().working_minutes(at(2025, 3, 3, 9), at(2025, 3, 3, 10, 15)) == 75


def test_outside_office_hours_does_not_count() -> None:
    cal = WorkCalendar()  # 08:00 + 7.5 h = 15:30
    assert cal.working_minutes(at(2025, 3, 3, 15), at(2025, 3, 3, 20)) == 30


def test_across_weekend() -> None:
    # Friday 14:00 -> Monday 09:00: 90 minutes on Friday, 60 on Monday.
    assert WorkCalendar().working_minutes(at(2025, 2, 7, 14), at(2025, 2, 10, 9)) == 150


def test_across_weekend_and_public_holidays() -> None:
    # Friday 5 April 2024 14:00 -> Tuesday 16 April 2024 09:00. Idul Fitri: 10 and 11 April are
    # public holidays; 6-7 and 13-14 are weekends. Working: Fri 90, Mon 8 450, Tue 9 450,
    # Fri 12 450, Mon 15 450, Tue 16 60 = 1950 minutes.
    cal = WorkCalendar()
    assert date(2024, 4, 10) in cal.holidays_of(2024)
    assert cal.working_minutes(at(2024, 4, 5, 14), at(2024, 4, 16, 9)) == 1950


def test_deadline_skips_weekend_and_holiday() -> None:
    # 2 hari (900 minutes) from Friday 5 April 2024 14:00: Fri 90, Mon 450, Tue 360 -> Tue 14:00.
    cal = WorkCalendar()
    assert cal.add_working_minutes(at(2024, 4, 5, 14), 900) == at(2024, 4, 9, 14)
    # from Tuesday 9 April 15:00, 1 hari: 30 min Tue, then 10/11 holidays -> Fri 12 at 15:00
    assert cal.add_working_minutes(at(2024, 4, 9, 15), 450) == at(2024, 4, 12, 15)


def test_configurable_day_and_extra_holiday() -> None:
    cal = WorkCalendar(jam_mulai=time(7, 30), jam_per_hari=8, libur_tambahan=(date(2025, 3, 4),))
    assert cal.working_minutes(at(2025, 3, 3, 7, 30), at(2025, 3, 5, 7, 30)) == 480
    assert not cal.is_working_day(date(2025, 3, 4))


def test_end_before_start_is_zero() -> None:
    assert WorkCalendar().working_minutes(at(2025, 3, 4), at(2025, 3, 3)) == 0
