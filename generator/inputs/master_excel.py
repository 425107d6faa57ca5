"""The indicator master as agencies keep it in Excel: reading with located errors, and writing.

Layout: sheet ``Indikator`` (one header row, one indicator per row; columns
``Realisasi <tahun>`` may repeat for earlier years), sheet ``Anggaran`` (budget
lines) and an optional sheet ``Renstra`` (label in column A, value in B).
"""

from __future__ import annotations

import difflib
import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from generator.base.xlsx import load_workbook
from generator.errors import ErrorList, InputError, KinerjaError
from generator.inputs.indikator import Anggaran, Indikator, IndikatorMaster, Renstra
from generator.inputs.org import describe_error

INDIKATOR_COLUMNS = {
    "kode": "Kode",
    "kode_bidang": "Kode Bidang",
    "sasaran": "Sasaran",
    "indikator": "Indikator",
    "satuan": "Satuan",
    "target": "Target",
    "polaritas": "Polaritas",
    "target_akhir_renstra": "Target Akhir Renstra",
    "tahun_akhir_renstra": "Tahun Akhir Renstra",
    "standar_nasional": "Standar Nasional",
    "sumber_standar": "Sumber Standar",
    "definisi": "Definisi",
    "sumber_data": "Sumber Data",
}
REQUIRED_INDIKATOR = (
    "kode",
    "kode_bidang",
    "sasaran",
    "indikator",
    "satuan",
    "target",
    "polaritas",
)
ANGGARAN_COLUMNS = {
    "kode": "Kode",
    "kode_bidang": "Kode Bidang",
    "program": "Program",
    "kegiatan": "Kegiatan",
    "sasaran": "Sasaran",
    "pagu": "Pagu",
}
_REALISASI = re.compile(r"^realisasi[ _]?(\d{4})$")

# (kind "indikator"/"anggaran", index in the list, field) -> where it is in the workbook
Lokasi = dict[tuple[str, int, str], dict[str, Any]]


def _key(header: object) -> str:
    return re.sub(r"\s+", " ", str(header or "")).strip().lower().replace(" ", "_")


# Headers a sheet may carry besides the known columns (row numbers, as most agency sheets have).
IGNORED_HEADERS = {"no", "no.", "nomor"}


def _refuse_unknown(
    row: tuple[Any, ...], columns: dict[str, str], found: dict[str, int], source: str, sheet: str
) -> None:
    """Every header of the header row must be a known column: an unrecognised one would be
    dropped without a word (``Realisasi Tahun 2024`` left the history empty). The message names
    the nearest known header."""
    history = columns is INDIKATOR_COLUMNS  # only the indicators carry "Realisasi <tahun>"
    labels = ", ".join(columns.values())
    if history:
        labels += ", Realisasi <tahun> (misalnya Realisasi 2024)"
    used = set(found.values())
    problems: list[KinerjaError] = []
    for cell in row:
        text = " ".join(str(cell.value or "").split())
        if not text or cell.column in used or text.lower() in IGNORED_HEADERS:
            continue
        known = list(columns.values())
        if history:
            known += [f"Realisasi {y}" for y in re.findall(r"\d{4}", text)] or ["Realisasi 2024"]
        guess = difflib.get_close_matches(text, known, n=1, cutoff=0.6)
        problems.append(
            InputError(
                f"Kolom '{text}' tidak dikenali" + (f"; maksudnya '{guess[0]}'?" if guess else "."),
                file=source,
                sheet=sheet,
                cell=cell.coordinate,
                hint="Ganti judul kolom itu dengan judul yang dikenal, atau hapus kolomnya."
                f" Judul yang dikenal: {labels}.",
            )
        )
    ErrorList.raise_if_any("Judul kolom tidak dikenali", problems)


def _header_map(ws: Worksheet, columns: dict[str, str], source: str) -> tuple[int, dict[str, int]]:
    wanted = {_key(v): k for k, v in columns.items()}
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 10)):
        found: dict[str, int] = {}
        for cell in row:
            key = _key(cell.value)
            if key in wanted:
                found[wanted[key]] = cell.column
            elif match := _REALISASI.match(key):
                found[f"realisasi:{match[1]}"] = cell.column
        if "kode_bidang" in found:
            return row[0].row, found
    raise InputError(
        "Baris judul kolom tidak ditemukan di 10 baris pertama.",
        file=source,
        sheet=ws.title,
        hint=f"Baris judul harus memuat kolom: {', '.join(columns.values())}.",
    )


def _row_values(ws: Worksheet, row: int, cols: dict[str, int]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    history: dict[str, Any] = {}
    for name, col in cols.items():
        value = ws.cell(row=row, column=col).value
        if isinstance(value, str):
            value = value.strip()
        if value in (None, ""):
            continue
        if name.startswith("realisasi:"):
            history[name.split(":", 1)[1]] = value
        else:
            values[name] = str(value) if name in ("kode", "kode_bidang", "satuan") else value
    if history:
        values["realisasi_lalu"] = history
    return values


def _uncached_formulas(
    formulas: Worksheet | None, row: int, cols: dict[str, int], values: dict[str, Any]
) -> list[tuple[str, str, str]]:
    """(field, cell, formula) of cells holding a formula whose value was never calculated (a
    workbook written by a program, not saved by Excel): data_only reads them as empty."""
    if formulas is None:
        return []
    found = []
    for name, col in cols.items():
        cell = formulas.cell(row=row, column=col)
        if cell.data_type == "f" and name not in values and not name.startswith("realisasi:"):
            found.append((name, cell.coordinate, str(cell.value)))
    return found


def _read_rows(
    ws: Worksheet,
    columns: dict[str, str],
    required: tuple[str, ...],
    source: str,
    model: Any,
    formulas: Worksheet | None = None,
    kind: str = "",
    lokasi: Lokasi | None = None,
) -> tuple[list[Any], list[KinerjaError]]:
    header_row, cols = _header_map(ws, columns, source)
    missing = [columns[c] for c in required if c not in cols]
    if missing:
        raise InputError(
            f"Kolom wajib tidak ada: {', '.join(missing)}.",
            file=source,
            sheet=ws.title,
            line=header_row,
        )
    _refuse_unknown(ws[header_row], columns, cols, source, ws.title)
    items: list[Any] = []
    problems: list[KinerjaError] = []
    kode_at: dict[str, str] = {}
    for row in range(header_row + 1, ws.max_row + 1):
        values = _row_values(ws, row, cols)
        uncached = _uncached_formulas(formulas, row, cols, values)
        for name, ref, formula in uncached:
            problems.append(
                InputError(
                    f"{columns.get(name, name)}: berisi rumus ({formula}) yang nilainya belum"
                    " pernah dihitung.",
                    file=source,
                    sheet=ws.title,
                    cell=ref,
                    hint="Buka berkas di Excel lalu simpan ulang, atau ketik angkanya langsung.",
                )
            )
        if not values or uncached:
            continue
        kode = str(values.get("kode", ""))
        if kode and kode in kode_at and "kode" in cols:
            problems.append(
                InputError(
                    f"Kode '{kode}' sudah dipakai di sel {kode_at[kode]}.",
                    file=source,
                    sheet=ws.title,
                    cell=f"{get_column_letter(cols['kode'])}{row}",
                    hint="Setiap baris harus punya kode sendiri.",
                )
            )
            continue
        if kode and "kode" in cols:
            kode_at[kode] = f"{get_column_letter(cols['kode'])}{row}"
        try:
            item = model.model_validate(values)
        except ValidationError as exc:
            for err in exc.errors():
                field = str(err["loc"][0]) if err["loc"] else ""
                col = cols.get(field) or cols.get(
                    f"realisasi:{err['loc'][1]}" if len(err["loc"]) > 1 else ""
                )
                cell = f"{get_column_letter(col)}{row}" if col else None
                label = columns.get(field, field)
                problems.append(
                    InputError(
                        f"{label}: {describe_error(dict(err))}.",
                        file=source,
                        sheet=ws.title,
                        cell=cell,
                        line=None if cell else row,
                    )
                )
            continue
        if lokasi is not None:
            for name, col in cols.items():
                lokasi[(kind, len(items), name)] = {
                    "sheet": ws.title,
                    "cell": f"{get_column_letter(col)}{row}",
                }
        items.append(item)
    return items, problems


def _read_renstra(ws: Worksheet) -> dict[str, Any]:
    data: dict[str, Any] = {"tujuan": []}
    for label, value in ws.iter_rows(min_col=1, max_col=2, values_only=True):
        key = _key(label)
        if value in (None, ""):
            continue
        if key == "tujuan":
            data["tujuan"].append(str(value))
        elif key in ("tahun_awal", "tahun_akhir"):
            data[key] = value
    return data


def load_master_excel(path: Path) -> IndikatorMaster:
    return read_master_excel(path)[0]


def _sheet_missing(path: Path, name: str, sheets: list[str]) -> InputError:
    others = [s for s in sheets if s not in ("Indikator", "Anggaran", "Renstra")]
    guess = f" (diganti nama menjadi '{others[0]}'?)" if len(others) == 1 else ""
    return InputError(
        f"Lembar '{name}' tidak ada{guess}.",
        file=path,
        hint=f"Lembar yang ada: {', '.join(sheets)}. Beri nama lembar persis '{name}'.",
    )


def read_master_excel(path: Path) -> tuple[IndikatorMaster, Lokasi]:
    """The master and where each indicator/budget field is (sheet and cell), for later checks."""
    source = str(path)
    if not zipfile.is_zipfile(path):
        raise InputError(
            "Berkas bukan buku kerja Excel (.xlsx) yang sah.",
            file=path,
            hint="Simpan ulang dari Excel sebagai 'Excel Workbook (*.xlsx)'.",
        )
    try:
        wb = load_workbook(path, data_only=True, read_only=False)
        formulas = load_workbook(path, data_only=False, read_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise InputError(
            f"Buku kerja tidak dapat dibaca ({type(exc).__name__}).",
            file=path,
            hint="Buka di Excel lalu simpan ulang sebagai 'Excel Workbook (*.xlsx)'.",
        ) from exc
    for name in ("Indikator", "Anggaran"):
        if name not in wb.sheetnames:
            raise _sheet_missing(path, name, wb.sheetnames)
    lokasi: Lokasi = {}
    indikator, problems = _read_rows(
        wb["Indikator"], INDIKATOR_COLUMNS, REQUIRED_INDIKATOR, source, Indikator,
        formulas["Indikator"], "indikator", lokasi,
    )  # fmt: skip
    anggaran, more = _read_rows(
        wb["Anggaran"], ANGGARAN_COLUMNS, tuple(ANGGARAN_COLUMNS), source, Anggaran,
        formulas["Anggaran"], "anggaran", lokasi,
    )  # fmt: skip
    problems += more
    ErrorList.raise_if_any("Master indikator tidak sah", problems)
    renstra = None
    if "Renstra" in wb.sheetnames:
        try:
            renstra = Renstra.model_validate(_read_renstra(wb["Renstra"]))
        except ValidationError as exc:
            raise InputError(
                f"Renstra: {describe_error(dict(exc.errors()[0]))}.", file=path, sheet="Renstra"
            ) from exc
    try:
        return IndikatorMaster(indikator=indikator, anggaran=anggaran, renstra=renstra), lokasi
    except ValidationError as exc:
        raise InputError(f"{describe_error(dict(exc.errors()[0]))}.", file=path) from exc


def _write_table(ws: Worksheet, headers: list[str], rows: list[list[Any]]) -> None:
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for row in rows:
        ws.append(row)
    for i, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(60, len(header) + 4))
    ws.freeze_panes = "A2"


def write_master_excel(master: IndikatorMaster, path: Path) -> None:
    """Write the master in the layout that load_master_excel reads (a starting point for users)."""
    years = sorted({y for i in master.indikator for y in i.realisasi_lalu})
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Indikator"
    fields = list(INDIKATOR_COLUMNS)
    headers = [INDIKATOR_COLUMNS[f] for f in fields[:7]]
    headers += [f"Realisasi {y}" for y in years] + [INDIKATOR_COLUMNS[f] for f in fields[7:]]
    rows = []
    for ind in master.indikator:
        data = ind.model_dump()
        row = [data[f] for f in fields[:7]]
        row += [ind.realisasi_lalu.get(y) for y in years]
        row += [data[f] for f in fields[7:]]
        rows.append(row)
    _write_table(ws, headers, rows)
    ws2 = wb.create_sheet("Anggaran")
    _write_table(
        ws2,
        list(ANGGARAN_COLUMNS.values()),
        [[a.model_dump()[f] for f in ANGGARAN_COLUMNS] for a in master.anggaran],
    )
    if master.renstra:
        ws3 = wb.create_sheet("Renstra")
        ws3.append(["Tahun Awal", master.renstra.tahun_awal])
        ws3.append(["Tahun Akhir", master.renstra.tahun_akhir])
        for tujuan in master.renstra.tujuan:
            ws3.append(["Tujuan", tujuan])
        ws3.column_dimensions["A"].width = 16
        ws3.column_dimensions["B"].width = 100
    wb.save(path)
