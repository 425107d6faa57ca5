"""The reporting period: a year (``2024``) or a quarter (``2024-TW1`` .. ``2024-TW4``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from generator.errors import InputError

_PATTERN = re.compile(r"^(?P<tahun>\d{4})(?:-TW(?P<tw>[1-4]))?$")
ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True, order=True)
class Periode:
    tahun: int
    triwulan: int | None = None

    @classmethod
    def parse(cls, text: str) -> Periode:
        match = _PATTERN.match(text.strip().upper())
        if not match:
            raise InputError(
                f"Periode '{text}' tidak dikenali.",
                hint="Tulis tahun (contoh: 2024) atau triwulan (contoh: 2024-TW1 sampai 2024-TW4).",
            )
        tahun = int(match["tahun"])
        if not 2000 <= tahun <= 2100:
            raise InputError(
                f"Tahun periode {tahun} di luar rentang 2000-2100.",
                hint="Tulis tahun (contoh: 2024) atau triwulan (contoh: 2024-TW1 sampai 2024-TW4).",
            )
        tw = match["tw"]
        return cls(tahun, int(tw) if tw else None)

    def __str__(self) -> str:
        return f"{self.tahun}-TW{self.triwulan}" if self.triwulan else str(self.tahun)

    @property
    def label(self) -> str:
        """How the period reads in a document: 'Tahun 2024' or 'Triwulan II Tahun 2024'."""
        if self.triwulan:
            return f"Triwulan {ROMAWI[self.triwulan]} Tahun {self.tahun}"
        return f"Tahun {self.tahun}"

    @property
    def sampai(self) -> str:
        """The realisasi of this period as a column or phrase: '2024' or '2024 s.d. Triwulan II'
        (a quarter reports what was reached since the start of the year)."""
        if self.triwulan:
            return f"{self.tahun} s.d. Triwulan {ROMAWI[self.triwulan]}"
        return str(self.tahun)

    @property
    def mulai(self) -> date:
        month = 1 if self.triwulan is None else 3 * (self.triwulan - 1) + 1
        return date(self.tahun, month, 1)

    @property
    def akhir(self) -> date:
        if self.triwulan is None or self.triwulan == 4:
            return date(self.tahun, 12, 31)
        nxt = date(self.tahun, 3 * self.triwulan + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
