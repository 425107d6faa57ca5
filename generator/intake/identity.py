"""The identity a generated formulir carries, shared by the writer and the reader.

Each formulir workbook holds a sheet ``_kinerja`` (state ``veryHidden``, protected) with:
which workspace, Bidang, periode and document version it belongs to; where its tables are; the
pre-filled value of every locked cell of the tables; and a SHA-256 checksum over all of that.
Ingest reads the Bidang and periode from here (never from the file name), checks the checksum
(the hidden sheet was not edited), and compares every visible pre-filled cell with the values
stored here (the form itself was not edited). The checksum is also recorded in the manifest.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from generator.errors import IngestError

IDENTITY_SHEET = "_kinerja"
FORMAT = "kinerja-formulir/1"
TABLE_HEADER = ("jenis", "kode", "baris", "no", "teks1", "teks2", "teks3", "angka", "teks4")
_SCALARS = (
    "workspace_id",
    "periode",
    "kode_bidang",
    "doc_id",
    "versi",
    "lembar",
    "baris_header_indikator",
    "baris_header_anggaran",
    "baris_terakhir",
    "kolom_indikator",
    "kolom_anggaran",
    "checksum",
)


@dataclass(frozen=True)
class BarisIndikator:
    """One indicator row as printed: kode (not printed), its row, and the locked cells."""

    kode: str
    baris: int
    no: int
    sasaran: str
    indikator: str
    satuan: str
    target: float
    polaritas: str


@dataclass(frozen=True)
class BarisAnggaran:
    kode: str
    baris: int
    no: int
    program: str
    kegiatan: str
    pagu: float


@dataclass(frozen=True)
class Identitas:
    workspace_id: str
    periode: str
    kode_bidang: str
    doc_id: str
    versi: int
    lembar: str
    baris_header_indikator: int
    baris_header_anggaran: int
    baris_terakhir: int
    # header name -> column letter, e.g. {"Realisasi": "G"}
    kolom_indikator: dict[str, str]
    kolom_anggaran: dict[str, str]
    indikator: tuple[BarisIndikator, ...]
    anggaran: tuple[BarisAnggaran, ...]
    checksum: str = field(default="")

    def compute_checksum(self) -> str:
        body = asdict(self)
        body.pop("checksum")
        body["format"] = FORMAT
        canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def sealed(self) -> Identitas:
        return replace(self, checksum=self.compute_checksum())


def _text(cell_value: object) -> str:
    return "" if cell_value is None else str(cell_value)


def _set_text(ws: Worksheet, row: int, col: int, value: str) -> None:
    cell = ws.cell(row=row, column=col)
    cell.value = value
    cell.data_type = "s"  # never a formula, whatever the text looks like


def write_identity(wb: Workbook, ident: Identitas) -> None:
    """Add the hidden, protected identity sheet (``ident`` must be sealed)."""
    if ident.checksum != ident.compute_checksum():
        raise ValueError("identity not sealed")
    ws = wb.create_sheet(IDENTITY_SHEET)
    _set_text(ws, 1, 1, "format")
    _set_text(ws, 1, 2, FORMAT)
    values = asdict(ident)
    for i, key in enumerate(_SCALARS, start=2):
        value = values[key]
        _set_text(ws, i, 1, key)
        if isinstance(value, int):
            ws.cell(row=i, column=2, value=value)
        else:
            _set_text(
                ws, i, 2, json.dumps(value, sort_keys=True) if isinstance(value, dict) else value
            )
    start = len(_SCALARS) + 3
    for col, name in enumerate(TABLE_HEADER, start=1):
        _set_text(ws, start, col, name)
    row = start
    for ind in ident.indikator:
        row += 1
        texts = ["indikator", ind.kode]
        _write_row(
            ws,
            row,
            [
                *texts,
                ind.baris,
                ind.no,
                ind.sasaran,
                ind.indikator,
                ind.satuan,
                ind.target,
                ind.polaritas,
            ],
        )
    for ang in ident.anggaran:
        row += 1
        _write_row(
            ws,
            row,
            ["anggaran", ang.kode, ang.baris, ang.no, ang.program, ang.kegiatan, "", ang.pagu, ""],
        )
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def _write_row(ws: Worksheet, row: int, values: list[Any]) -> None:
    for col, value in enumerate(values, start=1):
        if isinstance(value, str):
            _set_text(ws, row, col, value)
        else:
            ws.cell(row=row, column=col, value=value)


def _fail(file: Path, message: str, hint: str | None = None) -> IngestError:
    return IngestError(message, file=file.name, sheet=IDENTITY_SHEET, hint=hint)


def read_identity(wb: Workbook, file: Path) -> Identitas:
    """Read and verify the identity sheet; IngestError when missing, damaged or edited."""
    if IDENTITY_SHEET not in wb.sheetnames:
        raise IngestError(
            "Berkas ini bukan formulir yang dibuat aplikasi kinerja (lembar identitas tidak ada).",
            file=file.name,
            hint="Gunakan berkas formulir yang dibagikan untuk periode ini, jangan membuat salinan baru.",
        )
    ws = wb[IDENTITY_SHEET]
    if _text(ws.cell(1, 2).value) != FORMAT:
        raise _fail(
            file, f"Format identitas formulir tidak dikenal: '{_text(ws.cell(1, 2).value)}'."
        )
    raw: dict[str, Any] = {}
    try:
        for i, key in enumerate(_SCALARS, start=2):
            if _text(ws.cell(i, 1).value) != key:
                raise ValueError(key)
            raw[key] = ws.cell(i, 2).value
        for key in ("kolom_indikator", "kolom_anggaran"):
            raw[key] = json.loads(_text(raw[key]))
        for key in ("versi", "baris_header_indikator", "baris_header_anggaran", "baris_terakhir"):
            raw[key] = int(raw[key])
        for key in ("workspace_id", "periode", "kode_bidang", "doc_id", "lembar", "checksum"):
            raw[key] = _text(raw[key])
        indikator, anggaran = _read_rows(ws, len(_SCALARS) + 3)
    except (ValueError, TypeError) as exc:
        raise _fail(file, "Lembar identitas formulir rusak atau diubah.") from exc
    ident = Identitas(**raw, indikator=indikator, anggaran=anggaran)
    if ident.checksum != ident.compute_checksum():
        raise _fail(
            file,
            "Lembar identitas formulir telah diubah (checksum tidak cocok).",
            hint="Isi ulang formulir asli yang dibagikan.",
        )
    return ident


def _read_rows(
    ws: Worksheet, start: int
) -> tuple[tuple[BarisIndikator, ...], tuple[BarisAnggaran, ...]]:
    indikator: list[BarisIndikator] = []
    anggaran: list[BarisAnggaran] = []
    for values in ws.iter_rows(min_row=start + 1, max_col=len(TABLE_HEADER), values_only=True):
        jenis, kode, baris, no, t1, t2, t3, angka, t4 = values
        if jenis == "indikator":
            indikator.append(
                BarisIndikator(
                    _text(kode),
                    int(str(baris)),
                    int(str(no)),
                    _text(t1),
                    _text(t2),
                    _text(t3),
                    float(str(angka)),
                    _text(t4),
                )
            )
        elif jenis == "anggaran":
            anggaran.append(
                BarisAnggaran(
                    _text(kode),
                    int(str(baris)),
                    int(str(no)),
                    _text(t1),
                    _text(t2),
                    float(str(angka)),
                )
            )
        elif jenis is not None:
            raise ValueError(jenis)
    return tuple(indikator), tuple(anggaran)
