"""The SOP step table, loaded from ``data/sop.yaml`` and validated at start."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from generator.base.yamlio import YamlDocument, first_validation_error, parse_yaml
from generator.rules.vocab import ROLE_LABELS, ROLES

_UNIT_MINUTES = {"menit": 1, "jam": 60}
_WAKTU = re.compile(r"^\s*(?P<n>\d+(?:[.,]\d+)?)\s*(?P<unit>menit|jam|hari)\s*$", re.IGNORECASE)


def parse_mutu_baku(text: str, hours_per_day: float = 7.5) -> int:
    """Working minutes of a mutu baku written as in the SOP ("15 menit", "2 jam", "1 hari")."""
    match = _WAKTU.match(text)
    if not match:
        raise ValueError(
            f"mutu baku waktu '{text}' tidak dikenali (contoh: 15 menit, 2 jam, 1 hari)"
        )
    amount = float(match["n"].replace(",", "."))
    unit = match["unit"].lower()
    per_unit = hours_per_day * 60 if unit == "hari" else _UNIT_MINUTES[unit]
    return round(amount * per_unit)


class Step(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    no: int
    kegiatan: str
    singkat: str
    pelaksana: str
    kelengkapan: str
    waktu: str
    output: str
    dokumen: tuple[str, ...]  # kinds of data/dokumen.yaml the step produces
    aksi: str  # the generator.api action (== CLI command) that performs the step

    @field_validator("pelaksana")
    @classmethod
    def _known_role(cls, value: str) -> str:
        if value not in ROLES:
            raise ValueError(f"pelaksana '{value}' bukan salah satu dari {', '.join(ROLES)}")
        return value

    @field_validator("waktu")
    @classmethod
    def _parsable(cls, value: str) -> str:
        parse_mutu_baku(value)
        return value

    @property
    def pelaksana_label(self) -> str:
        return ROLE_LABELS[self.pelaksana]

    def baku_menit(self, hours_per_day: float = 7.5) -> int:
        return parse_mutu_baku(self.waktu, hours_per_day)


class Sop(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kode: str
    nama: str
    nomor: str
    unit: str
    tanggal_efektif: date
    langkah: tuple[Step, ...]

    @model_validator(mode="after")
    def _numbered_in_order(self) -> Sop:
        numbers = [s.no for s in self.langkah]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"langkah harus bernomor urut 1..n, ditemukan {numbers}")
        return self

    def step(self, no: int) -> Step:
        if not 1 <= no <= len(self.langkah):
            raise KeyError(no)
        return self.langkah[no - 1]


def parse_sop(doc: YamlDocument) -> Sop:
    try:
        return Sop.model_validate(doc.data)
    except ValidationError as exc:
        raise first_validation_error(exc, doc, "Tabel SOP tidak sah") from exc


@cache
def load_sop() -> Sop:
    """The SOP shipped with the package (cached: it is read once per process)."""
    text = resources.files("generator.data").joinpath("sop.yaml").read_text(encoding="utf-8")
    return parse_sop(parse_yaml(text, "generator/data/sop.yaml", ours=True))
