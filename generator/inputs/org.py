"""The organisation config: pydantic models and the loader with located errors."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from generator.base.worktime import WorkCalendar
from generator.base.yamlio import YamlDocument, field_label, load_yaml
from generator.errors import ErrorList, InputError
from generator.inputs.bentuk import KODE_BIDANG, KODE_UNIT, uraian_pola

NIP_DIGITS = 18
_NIP_SEPARATORS = re.compile(r"[\s.\-]")

StatusJabatan = Literal["definitif", "Plt.", "Plh.", "Pj."]


def normalise_nip(value: str | int) -> str:
    """A NIP is 18 digits: birth date (8), appointment year and month (6), sex (1), number (3)."""
    text = _NIP_SEPARATORS.sub("", str(value))
    if not text.isdigit() or len(text) != NIP_DIGITS:
        raise ValueError(
            f"NIP '{value}' harus 18 angka (spasi boleh), contoh 19730419 199602 2 001"
        )
    try:
        date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError as exc:
        raise ValueError(f"NIP '{value}': 8 angka pertama bukan tanggal lahir yang sah") from exc
    if not 1 <= int(text[12:14]) <= 12:
        raise ValueError(f"NIP '{value}': angka ke-13 dan ke-14 harus bulan pengangkatan (01-12)")
    if text[14] not in "12":
        raise ValueError(f"NIP '{value}': angka ke-15 harus 1 (laki-laki) atau 2 (perempuan)")
    return text


_GOLONGAN_PNS = re.compile(r"^(I|II|III|IV)/?([a-eA-E])$")
_GOLONGAN_PPPK = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]


def normalise_golongan(value: str) -> str:
    """'IV/a' (PNS: I/a to IV/e) or a PPPK golongan I to XVII; 'iv / A' is read as 'IV/a'."""
    text = re.sub(r"\s+", "", value)
    if found := _GOLONGAN_PNS.match(text.upper()):
        roman, letter = found[1], found[2].lower()
        if letter <= ("e" if roman == "IV" else "d"):
            return f"{roman}/{letter}"
    elif text.upper() in _GOLONGAN_PPPK:
        return text.upper()
    raise ValueError(
        f"golongan '{value}' tidak dikenal; tulis seperti III/b atau IV/a (PNS: I/a sampai IV/e;"
        " PPPK: I sampai XVII)"
    )


def format_nip(nip: str) -> str:
    """'197304191996022001' -> '19730419 199602 2 001' (as printed under a signature)."""
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:18]}"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Pejabat(_Model):
    nama: Annotated[str, Field(min_length=1)]
    nip: str
    pangkat: Annotated[str, Field(min_length=1)]
    golongan: Annotated[str, Field(min_length=1)]
    jabatan: Annotated[str, Field(min_length=1)]
    # Tata Naskah Dinas signature variants: an acting official signs as
    # Plt./Plh./Pj.; `atas_nama` (a.n.) and `untuk_beliau` (u.b.) name the
    # jabatan on whose behalf this official signs.
    status: StatusJabatan = "definitif"
    atas_nama: str | None = None
    untuk_beliau: str | None = None

    @field_validator("nip", mode="before")
    @classmethod
    def _nip(cls, value: object) -> str:
        if not isinstance(value, str | int):
            raise ValueError("NIP harus ditulis sebagai teks 18 angka")
        return normalise_nip(value)

    @field_validator("golongan")
    @classmethod
    def _golongan(cls, value: str) -> str:
        return normalise_golongan(value)

    @property
    def nip_tampil(self) -> str:
        return format_nip(self.nip)

    @property
    def pangkat_golongan(self) -> str:
        return f"{self.pangkat} ({self.golongan})"


class Bidang(_Model):
    kode: Annotated[str, Field(pattern=KODE_BIDANG.pola)]
    nama: Annotated[str, Field(min_length=1)]
    kepala: Pejabat


class Pejabatan(_Model):
    kepala: Pejabat
    sekretaris: Pejabat
    kasubag: Pejabat
    staf: Pejabat


class KodeKlasifikasi(_Model):
    """Kode klasifikasi arsip (Permendagri 83/2022) per document kind."""

    memo: str = "000.9.3.3"
    tanda_terima: str = "000.9.3.3"
    disposisi: str = "000.9.3.3"
    laporan: str = "000.9.3.3"
    # a separate sequence per classification where the office keeps one
    urut_per_klasifikasi: bool = False


class NarasiLaporan(_Model):
    """Free texts of the Laporan Kinerja; empty ones get a sensible default."""

    latar_belakang: str = ""
    tugas_fungsi: str = ""
    struktur_organisasi: str = ""
    isu_strategis: list[str] = []
    penutup: str = ""
    direviu: bool = False
    reviewer: Pejabat | None = None
    instansi_reviewer: str = "Inspektorat Daerah"


class WaktuKerja(_Model):
    jam_mulai: time = time(8, 0)
    jam_per_hari: Annotated[float, Field(gt=0, le=24)] = 7.5
    libur_tambahan: list[date] = []

    def calendar(self) -> WorkCalendar:
        return WorkCalendar(
            jam_mulai=self.jam_mulai,
            jam_per_hari=self.jam_per_hari,
            libur_tambahan=tuple(self.libur_tambahan),
        )


class Organisasi(_Model):
    instansi: Annotated[str, Field(min_length=1)]
    singkatan: str = ""
    pemerintah_daerah: Annotated[str, Field(min_length=1)]
    kota: Annotated[str, Field(min_length=1)]
    kode_unit: Annotated[str, Field(pattern=KODE_UNIT.pola)]
    alamat: Annotated[str, Field(min_length=1)]
    kode_pos: str = ""
    telepon: str = ""
    faksimile: str = ""
    email: str = ""
    laman: str = ""
    logo: Path | None = None
    kertas: Literal["A4", "F4"] = "A4"
    huruf: Literal["Arial", "Bookman Old Style"] = "Arial"
    pejabat: Pejabatan
    bidang: Annotated[list[Bidang], Field(min_length=1)]
    kode_klasifikasi: KodeKlasifikasi = KodeKlasifikasi()
    laporan: NarasiLaporan = NarasiLaporan()
    waktu_kerja: WaktuKerja = WaktuKerja()
    batas_ukuran_formulir_mb: Annotated[float, Field(gt=0, le=100)] = 10

    @model_validator(mode="after")
    def _unique_bidang(self) -> Organisasi:
        seen: set[str] = set()
        for b in self.bidang:
            if b.kode in seen:
                raise ValueError(f"kode bidang '{b.kode}' muncul lebih dari sekali")
            seen.add(b.kode)
        return self

    @property
    def instansi_kapital(self) -> str:
        return self.instansi.upper()

    def bidang_by_kode(self, kode: str) -> Bidang:
        for b in self.bidang:
            if b.kode == kode:
                return b
        raise InputError(
            f"Kode bidang '{kode}' tidak ada.",
            hint=f"Kode yang dikenal: {', '.join(b.kode for b in self.bidang)}.",
        )


_MESSAGES = {
    "missing": "wajib diisi",
    "extra_forbidden": "isian tidak dikenal (salah ketik?)",
    "string_too_short": "tidak boleh kosong",
    "string_pattern_mismatch": "bentuknya tidak sesuai",
    "literal_error": "nilai tidak dikenal",
    "float_parsing": "harus angka",
    "int_parsing": "harus bilangan bulat",
    "bool_parsing": "harus true atau false",
    "date_from_datetime_parsing": "harus tanggal (YYYY-MM-DD)",
    "greater_than": "harus lebih besar dari nol",
    "too_short": "tidak boleh kosong",
}


def describe_error(err: dict[str, object]) -> str:
    """An Indonesian sentence for one pydantic error."""
    kind = str(err.get("type", ""))
    msg = str(err.get("msg", ""))
    if kind.startswith("value_error"):
        return msg.removeprefix("Value error, ")
    if kind == "literal_error":
        expected = msg.split("Input should be ", 1)[-1].replace(" or ", " atau ")
        return f"nilai tidak dikenal; pilih {expected}"
    if kind == "string_pattern_mismatch":
        ctx = err.get("ctx")
        pola = ctx.get("pattern") if isinstance(ctx, dict) else None
        uraian = uraian_pola(str(pola)) if pola else None
        allowed = f"; yang diterima: {uraian}" if uraian else ""
        return f"bentuk '{err.get('input')}' tidak sesuai{allowed}"
    return _MESSAGES.get(kind, msg)


def _line(doc: YamlDocument, err: dict[str, object]) -> int | None:
    raw = err.get("loc")
    loc: tuple[str | int, ...] = tuple(raw) if isinstance(raw, tuple | list) else ()
    if err.get("type") == "missing":
        # a key that is not there has no line; its parent's line, except for the top level
        return doc.line_of(loc[:-1]) if len(loc) > 1 else None
    return doc.line_of(loc)


def errors_from_validation(exc: ValidationError, doc: YamlDocument, title: str) -> ErrorList:
    problems = [
        InputError(
            describe_error(dict(e)) + ".",
            file=doc.source,
            line=_line(doc, dict(e)),
            field=field_label(e["loc"]),
        )
        for e in exc.errors()
    ]
    return ErrorList(title, problems)


def _duplicate_bidang(doc: YamlDocument) -> None:
    """Kode bidang written twice, pointing at the second one (the model check has no line)."""
    entries = doc.data.get("bidang") if isinstance(doc.data, dict) else None
    if not isinstance(entries, list):
        return
    first: dict[str, int] = {}
    for i, entry in enumerate(entries):
        kode = entry.get("kode") if isinstance(entry, dict) else None
        if not isinstance(kode, str):
            continue
        line = doc.line_of(("bidang", i, "kode"))
        if kode.strip() in first:
            raise ErrorList(
                "Konfigurasi organisasi tidak sah",
                [
                    InputError(
                        f"kode bidang '{kode}' sudah dipakai bidang ke-{first[kode.strip()] + 1}"
                        f" (baris {doc.line_of(('bidang', first[kode.strip()], 'kode'))}).",
                        file=doc.source,
                        line=line,
                        field=field_label(("bidang", i, "kode")),
                        hint="Setiap bidang harus punya kode sendiri.",
                    )
                ],
            )
        first[kode.strip()] = i


def parse_organisasi(doc: YamlDocument) -> Organisasi:
    if not isinstance(doc.data, dict):
        raise InputError("Isi berkas harus daftar isian (kunci: nilai).", file=doc.source, line=1)
    _duplicate_bidang(doc)
    try:
        return Organisasi.model_validate(doc.data)
    except ValidationError as exc:
        raise errors_from_validation(exc, doc, "Konfigurasi organisasi tidak sah") from exc


def load_organisasi(path: Path, *, ours: bool = False) -> Organisasi:
    """``ours``: a file kinerja wrote (the workspace's snapshot), read by libyaml."""
    org = parse_organisasi(load_yaml(path, ours=ours))
    if org.logo is not None and not org.logo.is_absolute():
        org = org.model_copy(update={"logo": (path.parent / org.logo).resolve()})
    if org.logo is not None and not org.logo.is_file():
        raise InputError(
            f"Berkas logo '{org.logo}' tidak ditemukan.",
            file=path,
            field="logo",
            hint="Perbaiki jalurnya atau hapus isian logo.",
        )
    return org
