"""The indicator master (Perjanjian Kinerja) and budget lines: models and validation."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from generator.base.angka import parse_angka
from generator.inputs.bentuk import KODE_INDIKATOR

Polaritas = Literal["positif", "negatif"]


def _number(value: object) -> float:
    try:
        return parse_angka(value)
    except ValueError as exc:
        raise ValueError(f"{exc}; tulis angka, misalnya 85 atau 1.234,5") from exc


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Indikator(_Model):
    kode: Annotated[str, Field(pattern=KODE_INDIKATOR.pola)]
    kode_bidang: str
    sasaran: Annotated[str, Field(min_length=1)]
    indikator: Annotated[str, Field(min_length=1)]
    satuan: Annotated[str, Field(min_length=1)]
    target: float
    polaritas: Polaritas
    # realisasi of earlier years, {tahun: nilai}; the latest one is "tahun lalu"
    realisasi_lalu: dict[int, float] = {}
    target_akhir_renstra: float | None = None
    tahun_akhir_renstra: int | None = None
    standar_nasional: float | None = None
    sumber_standar: str = ""
    definisi: str = ""
    sumber_data: str = ""

    @field_validator("target", "target_akhir_renstra", "standar_nasional", mode="before")
    @classmethod
    def _numeric(cls, value: object) -> float | None:
        if value is None or value == "":
            return None
        return _number(value)

    @field_validator("polaritas", mode="before")
    @classmethod
    def _polaritas(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("realisasi_lalu", mode="before")
    @classmethod
    def _history(cls, value: object) -> object:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ValueError("realisasi_lalu harus daftar tahun: nilai, contoh 2023: 85")
        out: dict[int, float] = {}
        for year, number in value.items():
            try:
                tahun = int(str(year))
            except ValueError as exc:
                raise ValueError(f"tahun '{year}' pada realisasi_lalu bukan tahun") from exc
            if not 2000 <= tahun <= 2100:
                raise ValueError(f"tahun {tahun} pada realisasi_lalu di luar 2000-2100")
            out[tahun] = _number(number)
        return out

    @model_validator(mode="after")
    def _renstra(self) -> Indikator:
        if (self.target_akhir_renstra is None) != (self.tahun_akhir_renstra is None):
            raise ValueError("target_akhir_renstra dan tahun_akhir_renstra harus diisi bersama")
        if self.polaritas == "positif" and self.target < 0:
            raise ValueError("target tidak boleh negatif")
        return self

    def realisasi_tahun(self, tahun: int) -> float | None:
        return self.realisasi_lalu.get(tahun)


class Anggaran(_Model):
    kode: Annotated[str, Field(min_length=1, max_length=40)]
    kode_bidang: str
    program: Annotated[str, Field(min_length=1)]
    kegiatan: Annotated[str, Field(min_length=1)]
    sasaran: str = ""
    pagu: float

    @field_validator("pagu", mode="before")
    @classmethod
    def _pagu(cls, value: object) -> float:
        number = _number(value)
        if number < 0:
            raise ValueError("pagu tidak boleh negatif")
        return number


class Renstra(_Model):
    tahun_awal: int
    tahun_akhir: int
    tujuan: list[str] = []

    @model_validator(mode="after")
    def _order(self) -> Renstra:
        if self.tahun_akhir < self.tahun_awal:
            raise ValueError("tahun_akhir Renstra sebelum tahun_awal")
        return self


class IndikatorMaster(_Model):
    renstra: Renstra | None = None
    indikator: Annotated[list[Indikator], Field(min_length=1)]
    anggaran: list[Anggaran] = []

    @model_validator(mode="after")
    def _unique_codes(self) -> IndikatorMaster:
        for label, codes in (
            ("indikator", [i.kode for i in self.indikator]),
            ("anggaran", [a.kode for a in self.anggaran]),
        ):
            dupes = sorted({c for c in codes if codes.count(c) > 1})
            if dupes:
                raise ValueError(f"kode {label} ganda: {', '.join(dupes)}")
        return self

    def for_bidang(self, kode_bidang: str) -> list[Indikator]:
        return [i for i in self.indikator if i.kode_bidang == kode_bidang]

    def anggaran_for_bidang(self, kode_bidang: str) -> list[Anggaran]:
        return [a for a in self.anggaran if a.kode_bidang == kode_bidang]

    def sasaran_list(self) -> list[str]:
        """Every sasaran once, in the order of first appearance."""
        return list(dict.fromkeys(i.sasaran for i in self.indikator))
